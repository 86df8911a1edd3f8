/* The language server. JSON-RPC dispatch through two tables (requests answer, notifications do
 * not), the open documents (uri -> version, buffer, arena of the last run), and diagnostics:
 * each change runs the CLI pipeline (run.c) on the document's file with every open buffer laid
 * over the disk, and publishes the findings whose span is in that document. */
#include "lsp.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "error.h"
#include "git.h"
#include "lsp_io.h"
#include "lsp_text.h"
#include "report.h"
#include "sqlcache.h"
#include "suppress.h"
#include "tscache.h"
#include "versions.h"

enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_SERVER_NOT_INITIALIZED = -32002,
};

typedef struct doc {
    struct doc *next;
    char *uri;
    char *path;       /* local absolute path; NULL for URIs that are not file:// */
    sg_kind kind;
    json_int_t version;
    sg_lsp_buf buf;
    sg_arena *arena;  /* the last run and everything derived from it; reset on each change */
    SG_VEC(sg_diag *) diags; /* published findings (in arena) */
} doc;

typedef struct server {
    FILE *out;
    const sg_opts *opts;
    bool initialized, shutdown, done, utf8, out_gone;
    int status;
    doc *docs;
    sg_overlay overlay;
    char cwd[4096];   /* the workspace root the server runs in; "" when unknown */
    bool config_error_logged;
} server;

typedef struct rpc_error {
    int code;
    char message[256];
} rpc_error;

static void lsp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void lsp_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("schemaguard lsp: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static json_t *fail(rpc_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static json_t *fail(rpc_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    e->code = code;
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return NULL;
}

static void send_msg(server *s, json_t *msg)
{
    if (!s->out_gone && sg_lsp_io_write(s->out, msg) < 0) {
        lsp_log("cannot write to the client (output closed); stopping");
        s->out_gone = true;
        s->done = true;
    }
    json_decref(msg);
}

static void reply_error(server *s, json_t *id, int code, const char *message)
{
    lsp_log("error %d: %s", code, message);
    send_msg(s, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                      "error", "code", code, "message", message));
}

/* ---- params ---- */

static const char *get_str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static bool get_pos(const json_t *o, sg_lsp_pos *p)
{
    json_t *l = json_object_get(o, "line"), *c = json_object_get(o, "character");
    if (!json_is_integer(l) || !json_is_integer(c))
        return false;
    json_int_t li = json_integer_value(l), ci = json_integer_value(c);
    if (li < 0 || ci < 0 || li > UINT32_MAX || ci > UINT32_MAX)
        return false;
    *p = (sg_lsp_pos){(uint32_t)li, (uint32_t)ci};
    return true;
}

static bool get_range(const json_t *o, sg_lsp_pos *a, sg_lsp_pos *b)
{
    return json_is_object(o) && get_pos(json_object_get(o, "start"), a) &&
           get_pos(json_object_get(o, "end"), b);
}

/* ---- documents ---- */

static doc *find_doc(server *s, const char *uri)
{
    for (doc *d = s->docs; d; d = d->next)
        if (strcmp(d->uri, uri) == 0)
            return d;
    return NULL;
}

static void free_doc(doc *d)
{
    sg_arena_free(d->arena);
    sg_lsp_buf_free(&d->buf);
    free(d->uri);
    free(d->path);
    free(d);
}

static void drop_doc(server *s, doc *d)
{
    for (doc **p = &s->docs; *p; p = &(*p)->next)
        if (*p == d) {
            *p = d->next;
            break;
        }
    free_doc(d);
}

/* True when path, as the pipeline names it (relative to the working directory or absolute),
 * is the file at abs. */
static bool path_is(const server *s, const char *path, const char *abs)
{
    if (path[0] == '/' || !s->cwd[0])
        return strcmp(path, abs) == 0;
    if (path[0] == '.' && path[1] == '/')
        path += 2;
    size_t n = strlen(s->cwd);
    return strncmp(abs, s->cwd, n) == 0 && abs[n] == '/' && strcmp(abs + n + 1, path) == 0;
}

/* The overlay the pipeline reads through: open buffers by path. Read-only (worker threads). */
static const char *overlay_lookup(void *ctx, const char *path, size_t *len)
{
    server *s = ctx;
    for (doc *d = s->docs; d; d = d->next)
        if (d->path && path_is(s, path, d->path)) {
            *len = d->buf.len;
            return d->buf.text ? d->buf.text : "";
        }
    return NULL;
}

/* ---- positions and diagnostics ---- */

static json_t *pos_json(server *s, sg_source *src, uint32_t off)
{
    sg_pos p = sg_source_position(src, off);
    size_t ls = sg_source_line_start(src, p.line);
    sg_lsp_pos q = sg_lsp_text_position(src->text, src->len, off, s->utf8, ls, p.line - 1);
    return json_pack("{s:I, s:I}", "line", (json_int_t)q.line, "character",
                     (json_int_t)q.character);
}

static json_t *range_json(server *s, sg_span sp)
{
    uint32_t end = sp.end > sp.start ? sp.end : sp.start;
    if (end == sp.start && end < sp.src->len && sp.src->text[end] != '\n' &&
        sp.src->text[end] != '\r') {
        end++; /* an empty span shows as its first character, as in the text output */
        while (end < sp.src->len && ((unsigned char)sp.src->text[end] & 0xC0) == 0x80)
            end++;
    }
    return json_pack("{s:o, s:o}", "start", pos_json(s, sp.src, sp.start), "end",
                     pos_json(s, sp.src, end));
}

static int severity(sg_level l)
{
    return l == SG_LEVEL_ERROR ? 1 : l == SG_LEVEL_WARNING ? 2 : 3;
}

/* Paths as the pipeline names them may be relative to the working directory. */
static const char *abs_path(sg_arena *a, const char *p)
{
    if (p[0] == '/')
        return p;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return p;
    if (p[0] == '.' && p[1] == '/')
        p += 2;
    return sg_arena_printf(a, "%s/%s", cwd, p);
}

static bool same_file(const doc *d, sg_arena *a, const char *path)
{
    return strcmp(abs_path(a, path), d->path) == 0;
}

/* A finding belongs to the document when its span is in the working version of its file. */
static bool in_doc(const doc *d, sg_arena *a, const sg_source *src)
{
    return src && !src->rev && same_file(d, a, src->path);
}

static json_t *diag_json(server *s, doc *d, const sg_diag *g)
{
    const char *msg = g->help && *g->help
                          ? sg_arena_printf(d->arena, "%s\nhelp: %s", g->message, g->help)
                          : g->message;
    json_t *j = json_pack("{s:o, s:i, s:s, s:{s:s}, s:s, s:s}", "range", range_json(s, g->span),
                          "severity", severity(g->level), "code", g->rule_id, "codeDescription",
                          "href", sg_report_doc_url(d->arena, g->rule_id), "source", "schemaguard",
                          "message", msg);
    if (g->related.src) {
        const sg_source *rs = g->related.src;
        const char *uri = same_file(d, d->arena, rs->path)
                              ? d->uri
                              : sg_lsp_uri_from_path(d->arena, abs_path(d->arena, rs->path));
        const char *what = g->related_message && *g->related_message ? g->related_message
                                                                     : "related location";
        if (rs->rev)
            what = sg_arena_printf(d->arena, "%s (in %s)", what, rs->rev);
        json_object_set_new(j, "relatedInformation",
                            json_pack("[{s:{s:s, s:o}, s:s}]", "location", "uri", uri, "range",
                                      range_json(s, g->related), "message", what));
    }
    return j;
}

static void publish(server *s, doc *d, bool with_version)
{
    json_t *list = json_array();
    for (size_t i = 0; i < d->diags.len; i++)
        json_array_append_new(list, diag_json(s, d, d->diags.items[i]));
    json_t *params = json_pack("{s:s, s:o}", "uri", d->uri, "diagnostics", list);
    if (with_version)
        json_object_set_new(params, "version", json_integer(d->version));
    send_msg(s, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method",
                      "textDocument/publishDiagnostics", "params", params));
}

/* Runs the CLI pipeline for the document's file and keeps the findings that are in it. */
static void lint(server *s, doc *d)
{
    sg_arena_reset(d->arena);
    memset(&d->diags, 0, sizeof d->diags);
    if (!d->path)
        return;
    sg_opts o = *s->opts;
    /* Below the workspace root the file is named as `check` run there names it, so that
     * configured globs and shown paths match the command line. */
    size_t n = strlen(s->cwd);
    const char *path = d->path;
    if (n && strncmp(path, s->cwd, n) == 0 && path[n] == '/')
        path += n + 1;
    /* The configuration is read for every run: edits to .schemaguard.yml apply at once. The
     * configured base revision is not used: the editor compares with HEAD. */
    sg_config *cfg = NULL;
    if (sg_config_load(&cfg, d->arena, o.config) < 0) {
        if (!s->config_error_logged)
            lsp_log("configuration ignored: %s", sg_error_last());
        s->config_error_logged = true;
        cfg = NULL;
    } else {
        s->config_error_logged = false;
    }
    o.cfg = cfg;
    o.paths = &path;
    o.npaths = 1;
    o.overlay = &s->overlay;
    o.output = NULL;
    o.color = false;
    sg_run *r = sg_run_make(d->arena, &o);
    int rc = sg_run_check(r, &o);
    if (rc < 0 && rc != SG_EIO) {
        lsp_log("%s: %s", d->path, sg_error_last());
        return;
    }
    for (size_t i = 0; i < r->notices.len; i++)
        if (strncmp(r->notices.items[i], "error: ", 7) == 0)
            lsp_log("%s", r->notices.items[i] + 7);
    sg_run_finish(r);
    for (size_t i = 0; i < r->e->diags.len; i++) {
        sg_diag *g = r->e->diags.items[i];
        if (!g->suppressed && g->level != SG_LEVEL_OFF && in_doc(d, d->arena, g->span.src))
            sg_vec_push(d->arena, &d->diags, g);
    }
}

static void lint_and_publish(server *s, doc *d)
{
    lint(s, d);
    if (d->path)
        publish(s, d, true);
}

/* The migration set a path belongs to: Prisma's <dir>/<name>/migration.sql or <dir>/<file>. */
static size_t set_dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    if (strcmp(slash + 1, "migration.sql") == 0) {
        const char *p = slash;
        while (p > path && p[-1] != '/')
            p--;
        return p > path ? (size_t)(p - 1 - path) : 0;
    }
    return (size_t)(slash - path);
}

/* A change to a migration changes what the other open migrations of its directory see. */
static void relint_siblings(server *s, doc *changed)
{
    if (!changed->path || changed->kind != SG_KIND_SQL)
        return;
    size_t n = set_dir_len(changed->path);
    for (doc *d = s->docs; d; d = d->next)
        if (d != changed && d->path && d->kind == SG_KIND_SQL && set_dir_len(d->path) == n &&
            strncmp(d->path, changed->path, n) == 0)
            lint_and_publish(s, d);
}

/* ---- requests ---- */

static json_t *on_initialize(server *s, json_t *params, rpc_error *e)
{
    if (!json_is_object(params))
        return fail(e, RPC_INVALID_PARAMS, "initialize: params must be an object");
    if (s->initialized)
        return fail(e, RPC_INVALID_REQUEST, "initialize: already initialized");
    json_t *encs = json_object_get(json_object_get(json_object_get(params, "capabilities"),
                                                   "general"),
                                   "positionEncodings");
    size_t i;
    json_t *v;
    json_array_foreach(encs, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), "utf-8") == 0)
            s->utf8 = true;
    }
    /* Run from the workspace root, as the CLI runs from the repository: the configuration and
     * relative paths resolve the same way. */
    const char *root_uri = get_str(params, "rootUri");
    sg_arena *a = sg_arena_new();
    const char *root = root_uri ? sg_lsp_uri_path(a, root_uri) : get_str(params, "rootPath");
    struct stat st;
    if (root && stat(root, &st) == 0 && S_ISDIR(st.st_mode) && chdir(root) != 0)
        lsp_log("cannot enter the workspace root %s", root);
    sg_arena_free(a);
    if (!getcwd(s->cwd, sizeof s->cwd))
        s->cwd[0] = '\0';
    s->initialized = true;
    return json_pack("{s:{s:s, s:{s:b, s:i, s:{s:b}}, s:{s:[s]}, s:b}, s:{s:s, s:s}}",
                     "capabilities", "positionEncoding", s->utf8 ? "utf-8" : "utf-16",
                     "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                     "codeActionProvider", "codeActionKinds", "quickfix", "hoverProvider", 1,
                     "serverInfo", "name", "schemaguard", "version", SG_VERSION);
}

static json_t *on_shutdown(server *s, json_t *params, rpc_error *e)
{
    (void)params;
    (void)e;
    s->shutdown = true;
    return json_null();
}

static doc *doc_param(server *s, json_t *params, rpc_error *e, const char *method)
{
    const char *uri = get_str(json_object_get(params, "textDocument"), "uri");
    if (!uri) {
        fail(e, RPC_INVALID_PARAMS, "%s: textDocument.uri missing", method);
        return NULL;
    }
    doc *d = find_doc(s, uri);
    if (!d)
        fail(e, RPC_INVALID_PARAMS, "%s: document not open: %.160s", method, uri);
    return d;
}

static uint32_t line_of(sg_source *src, uint32_t off)
{
    return sg_source_position(src, off).line - 1;
}

static json_t *on_code_action(server *s, json_t *params, rpc_error *e)
{
    sg_lsp_pos a, b;
    if (!get_range(json_object_get(params, "range"), &a, &b))
        return fail(e, RPC_INVALID_PARAMS, "codeAction: range missing or malformed");
    doc *d = doc_param(s, params, e, "codeAction");
    if (!d)
        return NULL;
    json_t *actions = json_array();
    for (size_t i = 0; i < d->diags.len; i++) {
        sg_diag *g = d->diags.items[i];
        uint32_t l0 = line_of(g->span.src, g->span.start);
        uint32_t l1 = line_of(g->span.src, g->span.end > g->span.start ? g->span.end
                                                                          : g->span.start);
        if (l1 < a.line || l0 > b.line)
            continue;
        const char *comment = sg_suppress_comment(d->arena, g->span.src->kind, g->rule_id);
        if (!comment)
            continue;
        sg_source *src = g->span.src;
        uint32_t ls = sg_source_line_start(src, l0 + 1);
        size_t k = ls;
        while (k < src->len && (src->text[k] == ' ' || src->text[k] == '\t'))
            k++;
        const char *nl = memchr(src->text + ls, '\n', src->len - ls);
        const char *eol = nl && nl > src->text + ls && nl[-1] == '\r' ? "\r\n" : "\n";
        const char *text = sg_arena_printf(d->arena, "%.*s%s%s", (int)(k - ls), src->text + ls,
                                           comment, eol);
        json_t *edit = json_pack("{s:{s:{s:I, s:i}, s:{s:I, s:i}}, s:s}", "range", "start",
                                 "line", (json_int_t)l0, "character", 0, "end", "line",
                                 (json_int_t)l0, "character", 0, "newText", text);
        json_t *changes = json_object();
        json_object_set_new(changes, d->uri, json_pack("[o]", edit));
        json_array_append_new(
            actions, json_pack("{s:s, s:s, s:[o], s:{s:o}}", "title",
                               sg_arena_printf(d->arena, "Suppress %s on this line (%s)",
                                               g->rule_id, "schemaguard-ignore comment"),
                               "kind", "quickfix", "diagnostics", diag_json(s, d, g), "edit",
                               "changes", changes));
    }
    return actions;
}

static json_t *on_hover(server *s, json_t *params, rpc_error *e)
{
    sg_lsp_pos p;
    if (!get_pos(json_object_get(params, "position"), &p))
        return fail(e, RPC_INVALID_PARAMS, "hover: position missing or malformed");
    doc *d = doc_param(s, params, e, "hover");
    if (!d)
        return NULL;
    size_t off = sg_lsp_text_offset(d->buf.text ? d->buf.text : "", d->buf.len, p, s->utf8);
    const char *text = NULL;
    sg_diag *first = NULL;
    for (size_t i = 0; i < d->diags.len; i++) {
        sg_diag *g = d->diags.items[i];
        uint32_t end = g->span.end > g->span.start ? g->span.end : g->span.start + 1;
        if (off < g->span.start || off > end)
            continue;
        const char *md = sg_rule_doc(g->rule_id);
        if (!md)
            md = sg_arena_printf(d->arena, "# %s\n\n%s\n\nhelp: %s\n", g->rule_id,
                                 g->rule ? g->rule->summary : g->message, g->help ? g->help : "");
        if (text && strstr(text, md))
            continue;
        text = text ? sg_arena_printf(d->arena, "%s\n\n---\n\n%s", text, md) : md;
        if (!first)
            first = g;
    }
    if (!first)
        return json_null();
    return json_pack("{s:{s:s, s:s}, s:o}", "contents", "kind", "markdown", "value", text,
                     "range", range_json(s, first->span));
}

/* ---- notifications ---- */

static void on_initialized(server *s, json_t *params)
{
    (void)s;
    (void)params;
}

static void on_exit_note(server *s, json_t *params)
{
    (void)params;
    s->done = true;
    s->status = s->shutdown ? 0 : 1;
}

static void on_did_open(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = get_str(td, "uri");
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text)) {
        lsp_log("didOpen: textDocument.uri and textDocument.text are required; ignored");
        return;
    }
    doc *d = find_doc(s, uri);
    if (d)
        drop_doc(s, d);
    d = calloc(1, sizeof *d);
    if (!d || !(d->uri = strdup(uri))) {
        free(d);
        lsp_log("didOpen: out of memory");
        return;
    }
    d->arena = sg_arena_new();
    const char *path = sg_lsp_uri_path(d->arena, uri);
    d->path = path ? strdup(path) : NULL;
    d->version = json_integer_value(json_object_get(td, "version"));
    if (sg_lsp_buf_splice(&d->buf, 0, 0, json_string_value(text), json_string_length(text)) < 0)
        lsp_log("didOpen: out of memory for %s", uri);
    d->kind = d->path ? sg_source_kind_of(d->path, d->buf.text, d->buf.len) : SG_KIND_UNKNOWN;
    d->next = s->docs;
    s->docs = d;
    if (!d->path)
        lsp_log("%.200s: not a file:// URI on this machine; no diagnostics", uri);
    lint_and_publish(s, d);
    relint_siblings(s, d);
}

static void on_did_change(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = get_str(td, "uri");
    json_t *changes = json_object_get(params, "contentChanges");
    doc *d = uri ? find_doc(s, uri) : NULL;
    if (!d || !json_is_array(changes)) {
        lsp_log("didChange: %s; ignored", !uri ? "textDocument.uri missing"
                                          : !d  ? "document not open"
                                                : "contentChanges must be an array");
        return;
    }
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        json_t *text = json_object_get(c, "text");
        json_t *range = json_object_get(c, "range");
        if (!json_is_string(text)) {
            lsp_log("didChange: change %zu has no text; skipped", i);
            continue;
        }
        size_t start = 0, end = d->buf.len;
        if (range) {
            sg_lsp_pos a, b;
            if (!get_range(range, &a, &b)) {
                lsp_log("didChange: change %zu has a malformed range; skipped", i);
                continue;
            }
            const char *t = d->buf.text ? d->buf.text : "";
            start = sg_lsp_text_offset(t, d->buf.len, a, s->utf8);
            end = sg_lsp_text_offset(t, d->buf.len, b, s->utf8);
            if (end < start) {
                size_t x = start;
                start = end;
                end = x;
            }
        }
        if (sg_lsp_buf_splice(&d->buf, start, end, json_string_value(text),
                              json_string_length(text)) < 0)
            lsp_log("didChange: out of memory for %s", uri);
    }
    json_t *v = json_object_get(td, "version");
    if (json_is_integer(v))
        d->version = json_integer_value(v);
    lint_and_publish(s, d);
    relint_siblings(s, d);
}

static void on_did_save(server *s, json_t *params)
{
    const char *uri = get_str(json_object_get(params, "textDocument"), "uri");
    doc *d = uri ? find_doc(s, uri) : NULL;
    if (!d) {
        lsp_log("didSave: document not open; ignored");
        return;
    }
    json_t *text = json_object_get(params, "text");
    if (json_is_string(text))
        sg_lsp_buf_splice(&d->buf, 0, d->buf.len, json_string_value(text),
                          json_string_length(text));
    /* The disk and git may have moved under the other files: lint again. */
    lint_and_publish(s, d);
}

static void on_did_close(server *s, json_t *params)
{
    const char *uri = get_str(json_object_get(params, "textDocument"), "uri");
    doc *d = uri ? find_doc(s, uri) : NULL;
    if (!d) {
        lsp_log("didClose: document not open; ignored");
        return;
    }
    bool file = d->path != NULL;
    sg_arena_reset(d->arena);
    memset(&d->diags, 0, sizeof d->diags);
    if (file)
        publish(s, d, false);
    drop_doc(s, d);
}

/* ---- dispatch ---- */

typedef json_t *(*request_fn)(server *s, json_t *params, rpc_error *e);
typedef void (*notification_fn)(server *s, json_t *params);

static const struct {
    const char *method;
    request_fn fn;
} requests[] = {
    {"initialize", on_initialize},
    {"shutdown", on_shutdown},
    {"textDocument/codeAction", on_code_action},
    {"textDocument/hover", on_hover},
};

static const struct {
    const char *method;
    notification_fn fn;
} notifications[] = {
    {"initialized", on_initialized},
    {"exit", on_exit_note},
    {"textDocument/didOpen", on_did_open},
    {"textDocument/didChange", on_did_change},
    {"textDocument/didSave", on_did_save},
    {"textDocument/didClose", on_did_close},
};

static void handle_request(server *s, json_t *id, const char *method, json_t *params)
{
    request_fn fn = NULL;
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
        if (strcmp(requests[i].method, method) == 0)
            fn = requests[i].fn;
    char buf[300];
    if (!fn) {
        snprintf(buf, sizeof buf, "unknown method '%.200s'", method);
        reply_error(s, id, RPC_METHOD_NOT_FOUND, buf);
        return;
    }
    if (!s->initialized && fn != on_initialize) {
        snprintf(buf, sizeof buf, "'%.200s' before initialize", method);
        reply_error(s, id, RPC_SERVER_NOT_INITIALIZED, buf);
        return;
    }
    if (s->shutdown) {
        snprintf(buf, sizeof buf, "'%.200s' after shutdown", method);
        reply_error(s, id, RPC_INVALID_REQUEST, buf);
        return;
    }
    if (params && !json_is_object(params) && !json_is_array(params)) {
        snprintf(buf, sizeof buf, "%.200s: params must be an object", method);
        reply_error(s, id, RPC_INVALID_PARAMS, buf);
        return;
    }
    rpc_error e = {0};
    json_t *result = fn(s, params, &e);
    if (!result) {
        reply_error(s, id, e.code ? e.code : RPC_INVALID_PARAMS, e.message);
        return;
    }
    send_msg(s, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

static void handle_notification(server *s, const char *method, json_t *params)
{
    notification_fn fn = NULL;
    for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++)
        if (strcmp(notifications[i].method, method) == 0)
            fn = notifications[i].fn;
    if (!fn) {
        if (strncmp(method, "$/", 2) != 0)
            lsp_log("notification '%.200s' not handled; ignored", method);
        return;
    }
    if (!s->initialized && fn != on_exit_note) {
        lsp_log("notification '%.200s' before initialize; dropped", method);
        return;
    }
    if (!json_is_object(params) && fn != on_exit_note && fn != on_initialized) {
        lsp_log("%.200s: params must be an object; ignored", method);
        return;
    }
    fn(s, params);
}

static void handle(server *s, json_t *msg)
{
    if (!json_is_object(msg)) {
        reply_error(s, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id)) {
        reply_error(s, NULL, RPC_INVALID_REQUEST, "id must be a number or a string");
        return;
    }
    if (!method) {
        if (id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
            return; /* a response; we send no requests, so nothing waits for it */
        reply_error(s, id, RPC_INVALID_REQUEST, "a request needs a method");
        return;
    }
    if (!json_is_string(method)) {
        reply_error(s, id, RPC_INVALID_REQUEST, "method must be a string");
        return;
    }
    json_t *params = json_object_get(msg, "params");
    if (id)
        handle_request(s, id, json_string_value(method), params);
    else
        handle_notification(s, json_string_value(method), params);
}

int sg_lsp_serve(FILE *in, FILE *out, const sg_opts *o)
{
    signal(SIGPIPE, SIG_IGN);
    server s = {.out = out, .opts = o, .status = 1};
    s.overlay = (sg_overlay){overlay_lookup, &s};
    sg_git_hold(); /* one libgit2 initialisation for the session, not one per run */
    /* Each keystroke lints the migration and its predecessors again: statements whose text
     * did not change reuse their parse tree. */
    sg_sqlcache_enable((size_t)64 << 20);
    sg_tscache_set_size(32);     /* TypeScript trees are reparsed incrementally, */
    sg_versions_keep_base(true); /* and a schema's base version is read once */
    /* The protocol owns the real standard output; anything else that prints to stdout during
     * a run (it should not) lands on stderr instead of corrupting a frame. */
    FILE *own = NULL;
    if (out == stdout) {
        fflush(stdout);
        int fd = dup(STDOUT_FILENO);
        if (fd >= 0 && dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 && (own = fdopen(fd, "w")))
            s.out = own;
        else if (fd >= 0)
            close(fd);
    }
    while (!s.done) {
        json_t *msg = NULL;
        char why[512];
        sg_lsp_read r = sg_lsp_io_read(in, &msg, why, sizeof why);
        if (why[0])
            lsp_log("%s", why);
        if (r == SG_LSP_EOF) {
            if (!s.shutdown)
                lsp_log("end of input without shutdown and exit");
            s.status = s.shutdown ? 0 : 1;
            break;
        }
        if (r == SG_LSP_BAD_JSON) {
            reply_error(&s, NULL, RPC_PARSE_ERROR, why);
            continue;
        }
        if (r == SG_LSP_MESSAGE) {
            handle(&s, msg);
            json_decref(msg);
        }
    }
    while (s.docs)
        drop_doc(&s, s.docs);
    sg_sqlcache_disable();
    sg_tscache_set_size(0);
    sg_versions_keep_base(false);
    sg_git_release();
    if (own)
        fclose(own);
    return s.status;
}
