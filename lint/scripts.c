/* Commands from scripts: the shell splitter and wrapper stripping shared by every script kind,
 * package.json scripts (with `npm run` indirection), shell scripts, Dockerfile RUN/CMD/ENTRYPOINT
 * and Procfile lines. CI YAML lives in scripts_ci.c, credentials in scripts_cred.c. Commands
 * are never run: this only reads their words. */
#include "scripts.h"

#include <jansson.h>
#include <string.h>

#include "scripts_int.h"

/* ---- mapped text ---- */

sg_mtext sg_scripts_identity(sg_arena *a, uint32_t start, uint32_t end, const sg_source *src)
{
    sg_mtext t = {0};
    if (end > src->len)
        end = (uint32_t)src->len;
    if (start > end)
        start = end;
    t.len = end - start;
    t.text = sg_arena_strndup(a, src->text + start, t.len);
    t.map = sg_arena_alloc(a, (t.len + 1) * sizeof *t.map);
    for (size_t i = 0; i <= t.len; i++)
        t.map[i] = start + (uint32_t)i;
    return t;
}

void sg_scripts__mb_push(sg_arena *a, sg_mbuf *b, char c, uint32_t off)
{
    sg_vec_push(a, &b->c, c);
    sg_vec_push(a, &b->m, off);
}

sg_mtext sg_scripts__mb_done(sg_arena *a, sg_mbuf *b, uint32_t end)
{
    sg_mtext t = {0};
    t.len = b->c.len;
    t.text = sg_arena_alloc(a, t.len + 1);
    if (t.len)
        memcpy(t.text, b->c.items, t.len);
    t.map = sg_arena_alloc(a, (t.len + 1) * sizeof *t.map);
    if (t.len)
        memcpy(t.map, b->m.items, t.len * sizeof *t.map);
    t.map[t.len] = end;
    return t;
}

/* ---- words and simple commands ---- */

typedef struct word {
    sg_mtext t;
    uint32_t start, end; /* source span, quotes included */
} word;

typedef SG_VEC(word) word_list;

static bool word_is(const word *w, const char *s)
{
    return w->t.len == strlen(s) && memcmp(w->t.text, s, w->t.len) == 0;
}

static bool word_in(const word *w, const char *const *list)
{
    for (; *list; list++)
        if (word_is(w, *list))
            return true;
    return false;
}

static bool is_assignment(const word *w)
{
    const char *s = w->t.text;
    size_t n = w->t.len, i = 0;
    if (!n || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
        i++;
    return i < n && s[i] == '=';
}

static bool is_option(const word *w)
{
    return w->t.len > 1 && w->t.text[0] == '-';
}

static const char *const KEYWORDS[] = {"if", "then", "else", "elif", "fi", "do", "done", "while",
                                       "until", "!", "time", "exec", "command", "nohup", "{",
                                       "}", "sudo", NULL};
static const char *const SHELLS[] = {"sh", "bash", "/bin/sh", "/bin/bash", "zsh", "dash", "ash",
                                     NULL};
static const char *const PNPM_BUILTINS[] = {
    "add", "install", "i", "update", "up", "remove", "rm", "uninstall", "link", "ln", "unlink",
    "import", "rebuild", "rb", "prune", "fetch", "patch", "patch-commit", "audit", "list", "ls",
    "outdated", "why", "publish", "pack", "store", "init", "config", "setup", "env", "server",
    "root", "bin", "deploy", "licenses", "dedupe", "create", "approve-builds", NULL};
static const char *const YARN_BUILTINS[] = {
    "add", "install", "remove", "upgrade", "up", "init", "info", "why", "config", "cache", "set",
    "plugin", "workspaces", "npm", "link", "unlink", "pack", "publish", "version", "global",
    "bin", "dedupe", "constraints", "import", "audit", "outdated", "generate-lock-entry", NULL};
static const char *const BUN_BUILTINS[] = {"install", "i", "add", "a", "remove", "rm", "update",
                                           "upgrade", "create", "init", "build", "test", "pm",
                                           "link", "unlink", "outdated", "publish", "patch",
                                           NULL};
static const char *const RUN_ALIASES[] = {"start", "test", "stop", "restart", NULL};

/* Skips runner options (`-y`, `--yes`, `-p pkg`, `--package=pkg`, `--filter x`, `--`). */
static size_t skip_runner_options(const word *w, size_t k, size_t n)
{
    static const char *const WITH_ARG[] = {"-p", "--package", "--filter", "-F", "-C", "--dir",
                                           "--cwd", "-w", "--workspace", "--call", "-c",
                                           "--prefix", NULL};
    while (k < n && is_option(&w[k])) {
        if (word_is(&w[k], "--"))
            return k + 1;
        bool arg = word_in(&w[k], WITH_ARG);
        k += arg ? 2 : 1;
    }
    return k;
}

static long split_depth(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *t,
                        int depth);

/* argv[0] as the tool's name: node_modules/.bin/prisma -> prisma, prisma@5.1 -> prisma. */
static sg_str tool_name(const word *w)
{
    sg_str s = {w->t.text, w->t.len};
    if (s.len && s.ptr[0] != '@') {
        const char *slash = memrchr(s.ptr, '/', s.len);
        if (slash) {
            s.len -= (size_t)(slash + 1 - s.ptr);
            s.ptr = slash + 1;
        }
    }
    const char *at = s.len > 1 ? memchr(s.ptr + 1, '@', s.len - 1) : NULL;
    if (at && s.ptr[0] != '@')
        s.len = (size_t)(at - s.ptr);
    return s;
}

/* Strips keywords, assignments and wrappers from the words of one command and appends it. */
static void add_command(sg_cmd_list *out, sg_arena *a, sg_source *src, const word *w, size_t n,
                        int depth)
{
    size_t k = 0;
    while (k < n && word_in(&w[k], KEYWORDS))
        k++;
    if (k >= n)
        return;
    uint32_t start = w[k].start, end = w[n - 1].end;
    bool run = false, maybe_run = false;
    for (int guard = 0; k < n && guard < 32; guard++) {
        const word *x = &w[k];
        if (word_in(x, KEYWORDS) || is_assignment(x) || word_is(x, "cross-env") ||
            word_is(x, "cross-env-shell")) {
            k++;
        } else if (word_is(x, "env")) {
            k++;
            while (k < n && (is_option(&w[k]) || is_assignment(&w[k])))
                k += word_is(&w[k], "-u") ? 2 : 1;
        } else if (word_is(x, "dotenv") || word_is(x, "dotenvx")) {
            size_t j = k + 1;
            while (j < n && !word_is(&w[j], "--"))
                j++;
            k = j < n ? j + 1 : skip_runner_options(w, k + 1, n);
            if (k < n && word_is(&w[k], "run"))
                k++; /* dotenvx run -- cmd */
        } else if (word_is(x, "npx") || word_is(x, "bunx") || word_is(x, "pnpx")) {
            k = skip_runner_options(w, k + 1, n);
        } else if (word_is(x, "npm") && k + 1 < n) {
            size_t j = skip_runner_options(w, k + 1, n); /* npm --prefix dir run x */
            if (j >= n)
                break;
            const word *y = &w[j];
            if (word_is(y, "exec") || word_is(y, "x")) {
                k = skip_runner_options(w, j + 1, n);
            } else if (word_is(y, "run") || word_is(y, "run-script") || word_is(y, "rum")) {
                k = skip_runner_options(w, j + 1, n);
                run = true;
                break;
            } else if (word_in(y, RUN_ALIASES)) {
                k = j;
                run = true;
                break;
            } else {
                break;
            }
        } else if ((word_is(x, "pnpm") || word_is(x, "yarn") || word_is(x, "bun")) && k + 1 < n) {
            bool pnpm = word_is(x, "pnpm"), yarn = word_is(x, "yarn");
            size_t j = skip_runner_options(w, k + 1, n);
            if (yarn && j + 1 < n && word_is(&w[j], "workspace"))
                j += 2;
            if (j >= n)
                break;
            const word *y = &w[j];
            if (word_is(y, "exec") || word_is(y, "dlx") || word_is(y, "x")) {
                k = skip_runner_options(w, j + 1, n);
            } else if (word_is(y, "run") || word_is(y, "run-script")) {
                k = skip_runner_options(w, j + 1, n);
                run = true;
                break;
            } else if (word_in(y, pnpm ? PNPM_BUILTINS : yarn ? YARN_BUILTINS : BUN_BUILTINS)) {
                break;
            } else {
                k = j;
                if (word_in(y, RUN_ALIASES))
                    run = true;
                else
                    maybe_run = true;
                break;
            }
        } else if (word_in(x, SHELLS) && k + 2 < n && w[k + 1].t.len >= 2 &&
                   w[k + 1].t.text[0] == '-' && w[k + 1].t.text[w[k + 1].t.len - 1] == 'c') {
            /* sh -c 'a && b': the commands are in the string. */
            if (depth < 4)
                split_depth(out, a, src, &w[k + 2].t, depth + 1);
            return;
        } else {
            break;
        }
    }
    if (k < n && word_is(&w[k], "--"))
        k++;
    if (k >= n)
        return;
    sg_cmd c = {.at = sg_span_make(src, start, end), .run = run, .maybe_run = maybe_run};
    c.argc = n - k;
    c.argv = sg_arena_alloc(a, c.argc * sizeof *c.argv);
    c.spans = sg_arena_alloc(a, c.argc * sizeof *c.spans);
    for (size_t i = 0; i < c.argc; i++) {
        c.argv[i] = (sg_str){w[k + i].t.text, w[k + i].t.len};
        c.spans[i] = sg_span_make(src, w[k + i].start, w[k + i].end);
    }
    if (!run && !maybe_run)
        c.argv[0] = tool_name(&w[k]);
    sg_vec_push(a, out, c);
}

void sg_scripts__add_argv(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *words,
                          const uint32_t *starts, const uint32_t *ends, size_t n)
{
    word_list wl = {0};
    for (size_t i = 0; i < n; i++) {
        word w = {words[i], starts[i], ends[i]};
        sg_vec_push(a, &wl, w);
    }
    if (wl.len)
        add_command(out, a, src, wl.items, wl.len, 0);
}

/* ---- the splitter ---- */

typedef struct splitter {
    sg_arena *a;
    sg_source *src;
    const sg_mtext *t;
    sg_cmd_list *out;
    int depth;
    word_list words;
    sg_mbuf cur;
    bool in_word;
    uint32_t wstart;
    bool redirect_target;
    SG_VEC(sg_str) heredocs;
    long open_quote; /* source offset of a quote the text never closes, or -1 */
} splitter;

static void start_word(splitter *s, size_t i)
{
    if (!s->in_word) {
        s->in_word = true;
        s->wstart = s->t->map[i];
        s->cur.c.len = s->cur.m.len = 0;
    }
}

static void append(splitter *s, size_t i)
{
    sg_scripts__mb_push(s->a, &s->cur, s->t->text[i], s->t->map[i]);
}

static void end_word(splitter *s, size_t i)
{
    if (!s->in_word)
        return;
    s->in_word = false;
    if (s->redirect_target) {
        s->redirect_target = false;
        return;
    }
    word w = {sg_scripts__mb_done(s->a, &s->cur, s->t->map[i]), s->wstart, s->t->map[i]};
    sg_vec_push(s->a, &s->words, w);
}

static void end_cmd(splitter *s, size_t i)
{
    end_word(s, i);
    s->redirect_target = false;
    if (s->words.len)
        add_command(s->out, s->a, s->src, s->words.items, s->words.len, s->depth);
    s->words.len = 0;
}

/* After the line that started them, heredoc bodies run up to their delimiter lines: text
 * for another program (SQL for psql, a config file), not commands. */
static size_t skip_heredocs(splitter *s, size_t i)
{
    const char *t = s->t->text;
    size_t n = s->t->len;
    for (size_t h = 0; h < s->heredocs.len; h++) {
        sg_str d = s->heredocs.items[h];
        while (i < n) {
            size_t e = i;
            while (e < n && t[e] != '\n')
                e++;
            sg_str line = sg_str_trim((sg_str){t + i, e - i});
            i = e < n ? e + 1 : e;
            if (sg_str_eq(line, d))
                break;
        }
    }
    s->heredocs.len = 0;
    return i;
}

static size_t read_heredoc_delimiter(splitter *s, size_t i)
{
    const char *t = s->t->text;
    size_t n = s->t->len;
    if (i < n && t[i] == '-')
        i++;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    sg_mbuf b = {0};
    while (i < n && !strchr(" \t\n;&|<>()", t[i])) {
        if (t[i] != '\'' && t[i] != '"' && t[i] != '\\')
            sg_scripts__mb_push(s->a, &b, t[i], 0);
        i++;
    }
    if (b.c.len) {
        sg_mtext d = sg_scripts__mb_done(s->a, &b, 0);
        sg_vec_push(s->a, &s->heredocs, ((sg_str){d.text, d.len}));
    }
    return i;
}

static bool all_digits(const sg_mbuf *b)
{
    if (!b->c.len)
        return false;
    for (size_t i = 0; i < b->c.len; i++)
        if (b->c.items[i] < '0' || b->c.items[i] > '9')
            return false;
    return true;
}

static long split_depth(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *t,
                        int depth)
{
    splitter s = {.a = a, .src = src, .t = t, .out = out, .depth = depth, .open_quote = -1};
    const char *x = t->text;
    size_t n = t->len, i = 0;
    while (i < n) {
        char c = x[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            end_word(&s, i);
            i++;
        } else if (c == '\\' && i + 1 < n && x[i + 1] == '\n') {
            end_word(&s, i);
            i += 2;
        } else if (c == '\\' && i + 2 < n && x[i + 1] == '\r' && x[i + 2] == '\n') {
            end_word(&s, i); /* a continuation in a file with CRLF line ends */
            i += 3;
        } else if (c == '\n') {
            end_cmd(&s, i);
            i = s.heredocs.len ? skip_heredocs(&s, i + 1) : i + 1;
        } else if (c == '#' && !s.in_word) {
            while (i < n && x[i] != '\n')
                i++;
        } else if (c == '\'' || (c == '$' && i + 1 < n && x[i + 1] == '\'')) {
            /* '...' has no escapes; bash's $'...' has backslash escapes (\' among them) */
            bool ansi = c == '$';
            size_t q = ansi ? i + 1 : i;
            start_word(&s, i);
            for (i = q + 1; i < n && x[i] != '\''; i++) {
                if (ansi && x[i] == '\\' && i + 1 < n)
                    i++;
                append(&s, i);
            }
            if (i >= n && s.open_quote < 0)
                s.open_quote = t->map[q];
            i++;
        } else if (c == '"') {
            size_t q = i;
            start_word(&s, i);
            for (i++; i < n && x[i] != '"'; i++) {
                if (x[i] == '\\' && i + 1 < n && strchr("\"\\$`\n", x[i + 1])) {
                    i++;
                    if (x[i] == '\n')
                        continue;
                }
                append(&s, i);
            }
            if (i >= n && s.open_quote < 0)
                s.open_quote = t->map[q];
            i++;
        } else if (c == '\\' && i + 1 < n) {
            start_word(&s, i);
            append(&s, i + 1);
            i += 2;
        } else if ((c == '$' && i + 1 < n && x[i + 1] == '(') || c == '`') {
            end_cmd(&s, i);
            i += c == '$' ? 2 : 1;
        } else if (c == '&' || c == '|' || c == ';' || c == '(' || c == ')') {
            end_cmd(&s, i);
            i++;
        } else if (c == '<' && i + 1 < n && x[i + 1] == '<' && !(i + 2 < n && x[i + 2] == '<')) {
            end_word(&s, i);
            i = read_heredoc_delimiter(&s, i + 2);
        } else if (c == '<' || c == '>') {
            if (s.in_word && all_digits(&s.cur))
                s.in_word = false; /* the fd number of 2>&1 */
            else
                end_word(&s, i);
            for (i++; i < n && (x[i] == '>' || x[i] == '&' || x[i] == '|' || x[i] == '<'); i++)
                ;
            s.redirect_target = true;
        } else {
            start_word(&s, i);
            append(&s, i);
            i++;
        }
    }
    end_cmd(&s, n);
    return s.open_quote;
}

long sg_scripts_split(sg_cmd_list *out, sg_arena *a, sg_source *src, const sg_mtext *t)
{
    return split_depth(out, a, src, t, 0);
}

/* ---- facts ---- */

void sg_scripts__emit(sg_fact_list *out, sg_arena *a, const sg_cmd_list *cmds, sg_str context,
                      bool production)
{
    for (size_t i = 0; i < cmds->len; i++) {
        const sg_cmd *c = &cmds->items[i];
        sg_fact f = {
            .kind = SG_FACT_COMMAND,
            .origin = SG_IN_SCRIPT,
            .at = c->at,
            .name = c->argv[0],
            .value = SG_VALUE_NONE,
            .context = context,
            .production = production,
            .argv = c->argv,
            .argc = c->argc,
        };
        sg_vec_push(a, out, f);
    }
}

static bool contains_word_ci(sg_str s, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= s.len; i++)
        if (strncasecmp(s.ptr + i, w, n) == 0)
            return true;
    return false;
}

bool sg_scripts__production_text(sg_str s)
{
    return contains_word_ci(s, "deploy") || contains_word_ci(s, "release") ||
           contains_word_ci(s, "prod");
}

bool sg_scripts_production_name(sg_str name)
{
    static const char *const NAMES[] = {
        "start", "build", "deploy", "release", "install", "preinstall", "postinstall",
        "prestart", "poststart", "prebuild", "postbuild", "predeploy", "postdeploy",
        "prerelease", "postrelease", "heroku-prebuild", "heroku-postbuild", "heroku-cleanup",
        "vercel-build", "now-build", "render-build", "gcp-build", "netlify-build", "serve",
        NULL};
    for (const char *const *p = NAMES; *p; p++)
        if (sg_str_eq_c(name, *p))
            return true;
    /* start:prod, deploy:api, release:docker, build:production, migrate:prod ... */
    return sg_str_starts_c(name, "start:") || sg_str_starts_c(name, "build:") ||
           sg_scripts__production_text(name);
}

/* ---- package.json ---- */

typedef struct script {
    sg_str name;
    sg_span key;
    sg_cmd_list cmds;
    bool production;
} script;

typedef SG_VEC(script) script_list;

static long find_script(const script_list *l, sg_str name)
{
    for (size_t i = 0; i < l->len; i++)
        if (sg_str_eq(l->items[i].name, name))
            return (long)i;
    return -1;
}

typedef struct follow_ctx {
    sg_fact_list *out;
    sg_arena *a;
    const script_list *scripts;
    const script *origin;
    const sg_cmd *origin_cmd;
    bool *on_path;
} follow_ctx;

/* Walks `npm run X` from a production script into scripts that are not production themselves
 * (those are reported on their own), reporting what they run at the origin's command, with the
 * chain. on_path guards against cycles (a -> b -> a). */
static void follow(follow_ctx *fc, size_t si, sg_str chain, int depth)
{
    const script *s = &fc->scripts->items[si];
    for (size_t i = 0; i < s->cmds.len; i++) {
        const sg_cmd *c = &s->cmds.items[i];
        long x = (c->run || c->maybe_run) ? find_script(fc->scripts, c->argv[0]) : -1;
        if (x >= 0) {
            const script *t = &fc->scripts->items[x];
            if (t->production || fc->on_path[x] || depth >= 16)
                continue;
            fc->on_path[x] = true;
            const char *nc = sg_arena_printf(fc->a, "%.*s > %.*s", SG_STR_FMT(chain),
                                             SG_STR_FMT(t->name));
            follow(fc, (size_t)x, sg_str_c(nc), depth + 1);
            fc->on_path[x] = false;
            continue;
        }
        if (depth == 0)
            continue; /* the origin's own commands are reported directly */
        sg_fact f = {
            .kind = SG_FACT_COMMAND,
            .origin = SG_IN_SCRIPT,
            .at = fc->origin_cmd->at,
            .name = c->argv[0],
            .value = SG_VALUE_NONE,
            .context = sg_str_c(sg_arena_printf(fc->a, "package.json script \"%.*s\"",
                                                SG_STR_FMT(fc->origin->name))),
            .production = true,
            .via = chain,
            .argv = c->argv,
            .argc = c->argc,
        };
        sg_vec_push(fc->a, fc->out, f);
    }
}

static void scan_package(sg_fact_list *out, sg_problem_list *problems, sg_arena *a,
                         sg_source *src)
{
    json_error_t err;
    /* npm and Node read past a UTF-8 byte order mark; jansson does not */
    size_t bom = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    json_t *root = json_loadb(src->text + bom, src->len - bom, JSON_ALLOW_NUL, &err);
    if (!root) {
        uint32_t at = err.position > 0 && (size_t)err.position + bom <= src->len
                          ? (uint32_t)(err.position + bom) - 1 : 0;
        sg_problem_add(problems, a, sg_span_make(src, at, at + 1),
                       "package.json is not valid JSON: %s", err.text);
        return;
    }
    json_t *js = json_object_get(root, "scripts");
    bool has_scripts = json_is_object(js);
    json_decref(root);
    if (!has_scripts)
        return;
    sg_jscripts found = {0};
    sg_scripts__json_scripts(&found, a, src);
    script_list scripts = {0};
    for (size_t i = 0; i < found.len; i++) {
        script s = {.name = found.items[i].name, .key = found.items[i].key};
        s.production = sg_scripts_production_name(s.name);
        sg_scripts_split(&s.cmds, a, src, &found.items[i].value);
        sg_vec_push(a, &scripts, s);
    }
    for (size_t i = 0; i < scripts.len; i++) {
        script *s = &scripts.items[i];
        sg_str ctx = sg_str_c(sg_arena_printf(a, "package.json script \"%.*s\"",
                                              SG_STR_FMT(s->name)));
        sg_scripts__emit(out, a, &s->cmds, ctx, s->production);
    }
    bool *on_path = sg_arena_alloc(a, scripts.len + 1);
    for (size_t i = 0; i < scripts.len; i++) {
        script *s = &scripts.items[i];
        if (!s->production)
            continue;
        for (size_t k = 0; k < s->cmds.len; k++) {
            sg_cmd *c = &s->cmds.items[k];
            long x = (c->run || c->maybe_run) ? find_script(&scripts, c->argv[0]) : -1;
            if (x < 0 || scripts.items[x].production || (size_t)x == i)
                continue;
            follow_ctx fc = {out, a, &scripts, s, c, on_path};
            on_path[i] = on_path[x] = true;
            const char *chain = sg_arena_printf(a, "%.*s > %.*s", SG_STR_FMT(s->name),
                                                SG_STR_FMT(scripts.items[x].name));
            follow(&fc, (size_t)x, sg_str_c(chain), 1);
            on_path[i] = on_path[x] = false;
        }
    }
}

/* ---- shell scripts, Procfile ---- */

static bool production_shell(const sg_source *src)
{
    const char *b = strrchr(src->path, '/');
    sg_str name = sg_str_c(b ? b + 1 : src->path);
    return sg_scripts__production_text(name) || contains_word_ci(name, "entrypoint") ||
           contains_word_ci(name, "start") || contains_word_ci(name, "boot");
}

/* A quote left open: the shell rejects the script (or the Procfile line) there, and nothing
 * after it is a command. */
void sg_scripts__open_quote(sg_problem_list *problems, sg_arena *a, sg_source *src, long at,
                            const char *what)
{
    if (at >= 0)
        sg_problem_add(problems, a, sg_span_make(src, (uint32_t)at, (uint32_t)at + 1),
                       "unterminated string: this %c is never closed, so the shell stops "
                       "here (%s)", src->text[at], what);
}

static void scan_shell(sg_fact_list *out, sg_problem_list *problems, sg_arena *a,
                       sg_source *src)
{
    sg_mtext t = sg_scripts_identity(a, 0, (uint32_t)src->len, src);
    sg_cmd_list cmds = {0};
    sg_scripts__open_quote(problems, a, src, sg_scripts_split(&cmds, a, src, &t),
                           "the rest of the file is one string");
    sg_scripts__emit(out, a, &cmds, sg_str_c("shell script"), production_shell(src));
}

/* Procfile: `<process>: <command>` per line; every process type runs in production. */
static void scan_procfile(sg_fact_list *out, sg_problem_list *problems, sg_arena *a,
                          sg_source *src)
{
    const char *t = src->text;
    uint32_t n = (uint32_t)src->len;
    for (uint32_t i = 0; i < n;) {
        uint32_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        uint32_t k = i;
        while (k < e && (t[k] == '-' || t[k] == '_' || (t[k] >= 'a' && t[k] <= 'z') ||
                         (t[k] >= 'A' && t[k] <= 'Z') || (t[k] >= '0' && t[k] <= '9')))
            k++;
        if (k > i && k < e && t[k] == ':') {
            sg_mtext cmd = sg_scripts_identity(a, k + 1, e, src);
            sg_cmd_list cmds = {0};
            sg_scripts__open_quote(problems, a, src, sg_scripts_split(&cmds, a, src, &cmd),
                                   "the process does not start");
            const char *ctx = sg_arena_printf(a, "Procfile process \"%.*s\"", (int)(k - i),
                                              t + i);
            sg_scripts__emit(out, a, &cmds, sg_str_c(ctx), true);
        }
        i = e + 1;
    }
}

void sg_scripts_scan(sg_fact_list *out, sg_problem_list *problems, sg_arena *a, sg_source *src)
{
    switch (src->kind) {
    case SG_KIND_PACKAGE_JSON: scan_package(out, problems, a, src); break;
    case SG_KIND_SHELL: scan_shell(out, problems, a, src); break;
    case SG_KIND_PROCFILE: scan_procfile(out, problems, a, src); break;
    case SG_KIND_DOCKERFILE: sg_scripts__dockerfile(out, problems, a, src); break;
    case SG_KIND_CI_YAML: sg_scripts__ci(out, problems, a, src); break;
    default: return;
    }
    sg_scripts_credentials(out, a, src, 0, (uint32_t)src->len, SG_IN_SCRIPT);
}
