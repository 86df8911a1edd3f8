/* .schemaguard.yml: finding it, reading it with libyaml's document loader, validating every key
 * and value with the line and column of the mistake, compiling custom rules (PCRE2 patterns,
 * tree-sitter queries via code.c) once, and matching paths against its globs. It does not walk
 * directories or run rules; run.c and the engine do, with what this returns. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "code.h"
#include "error.h"

#define CONFIG_NAME ".schemaguard.yml"

typedef struct cparse {
    sg_arena *a;
    const char *path;
    const char *text;
    size_t len;
    yaml_document_t *doc;
    sg_config *c;
} cparse;

/* 1-based line and column of a libyaml mark (columns count characters). */
static int fail_at(const cparse *p, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(const cparse *p, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sg_arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    return sg_error_set(SG_ECONFIG, "%s:%zu:%zu: %s", p->path, m.line + 1, m.column + 1, msg);
}

/* The mark of a byte offset: line, and column and index in characters as libyaml counts. */
static yaml_mark_t mark_of(const char *t, size_t n, size_t off)
{
    yaml_mark_t m = {0};
    for (size_t i = 0; i < off && i < n; i++) {
        if (((unsigned char)t[i] & 0xC0) == 0x80)
            continue; /* a UTF-8 continuation byte */
        m.index++;
        m.column++;
        if (t[i] == '\n') {
            m.line++;
            m.column = 0;
        }
    }
    return m;
}

static yaml_node_t *node(const cparse *p, int id)
{
    return yaml_document_get_node(p->doc, id);
}

static const char *scalar(const cparse *p, yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    return sg_arena_strndup(p->a, (const char *)n->data.scalar.value, n->data.scalar.length);
}

static const char *kind_name(yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE ? "a mapping"
           : n->type == YAML_SEQUENCE_NODE ? "a list" : "a single value";
}

/* A string, or a list of strings, into (arena) array *out. */
static int strings(const cparse *p, yaml_node_t *n, const char *key, const char ***out, size_t *nout)
{
    SG_VEC(const char *) v = {0};
    if (n->type == YAML_SCALAR_NODE) {
        sg_vec_push(p->a, &v, scalar(p, n));
    } else if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            yaml_node_t *x = node(p, *it);
            const char *s = scalar(p, x);
            if (!s || !*s)
                return fail_at(p, x->start_mark, "'%s' entries must be non-empty strings", key);
            sg_vec_push(p->a, &v, s);
        }
    } else {
        return fail_at(p, n->start_mark, "'%s' must be a string or a list of strings, not %s",
                       key, kind_name(n));
    }
    *out = v.items;
    *nout = v.len;
    return SG_OK;
}

static int level_of(const cparse *p, yaml_node_t *n, sg_level *out)
{
    const char *s = scalar(p, n);
    int lv = s ? sg_level_parse(s) : -1;
    if (lv < 0)
        return fail_at(p, n->start_mark, "unknown level '%s' (off, note, warning, error)",
                       s ? s : kind_name(n));
    *out = (sg_level)lv;
    return SG_OK;
}

static bool kebab(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++) {
        bool ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
                  (*s == '-' && s[1] && s[1] != '-');
        if (!ok)
            return false;
    }
    return true;
}

/* The mark of byte `off` of a scalar's value: exact for plain and quoted one-line scalars and
 * for literal/folded blocks (whose lines share one indentation), the scalar's start otherwise. */
static yaml_mark_t value_mark(const cparse *p, yaml_node_t *n, size_t off)
{
    yaml_mark_t m = n->start_mark;
    const unsigned char *v = n->data.scalar.value;
    yaml_scalar_style_t st = n->data.scalar.style;
    if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
        size_t line = 0, col = 0;
        for (size_t i = 0; i < off && i < n->data.scalar.length; i++) {
            if (v[i] == '\n') {
                line++;
                col = 0;
            } else if ((v[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        /* the block's indentation: leading blanks of its first content line */
        size_t ln = m.line + 1, at = 0, cur = 0;
        while (at < p->len && cur < ln)
            if (p->text[at++] == '\n')
                cur++;
        size_t indent = 0;
        while (at + indent < p->len && p->text[at + indent] == ' ')
            indent++;
        m.line = ln + line;
        m.column = indent + col;
        return m;
    }
    bool one_line = n->end_mark.line == m.line;
    if (one_line) {
        size_t col = 0;
        for (size_t i = 0; i < off && i < n->data.scalar.length; i++)
            col += (v[i] & 0xC0) != 0x80;
        m.column += col + (st == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
    }
    return m;
}

static void free_pcre(void *p)
{
    pcre2_code_free(p);
}

static void free_query(void *q)
{
    sg_code_query_free(q);
}

/* Compiled custom queries live in the process tier (DESIGN: config, PCRE2 patterns, TSQuery):
 * tree-sitter takes tens of milliseconds per query, and the language server re-reads the
 * configuration for every document version. Keyed by rule id and text; never freed, and bounded:
 * past 64 entries a query is compiled for the caller alone (*cached false: the caller frees). */
typedef struct cached_query {
    char *rule_id, *text;
    size_t len;
    sg_code_query *q;
} cached_query;

static SG_VEC(cached_query) query_cache;
static sg_arena *query_cache_arena;
static pthread_mutex_t query_cache_mu = PTHREAD_MUTEX_INITIALIZER;

static sg_code_query *compile_query(const char *rule_id, const char *text, size_t len, char *err,
                                    size_t errlen, uint32_t *off, bool *cached)
{
    pthread_mutex_lock(&query_cache_mu);
    for (size_t i = 0; i < query_cache.len; i++) {
        cached_query *c = &query_cache.items[i];
        if (c->len == len && strcmp(c->rule_id, rule_id) == 0 && memcmp(c->text, text, len) == 0) {
            pthread_mutex_unlock(&query_cache_mu);
            *cached = true;
            return c->q;
        }
    }
    sg_code_query *q = sg_code_query_new(rule_id, text, len, err, errlen, off);
    *cached = q && query_cache.len < 64;
    if (*cached) {
        if (!query_cache_arena)
            query_cache_arena = sg_arena_new();
        cached_query c = {sg_arena_strdup(query_cache_arena, rule_id),
                          sg_arena_strndup(query_cache_arena, text, len), len, q};
        sg_vec_push(query_cache_arena, &query_cache, c);
    }
    pthread_mutex_unlock(&query_cache_mu);
    return q;
}

static void custom_on_fact(sg_ctx *cx, const sg_fact *f)
{
    const sg_rule *r = sg_ctx_rule(cx);
    if ((f->kind != SG_FACT_ORM_CALL && f->kind != SG_FACT_PATTERN) || !f->query ||
        strcmp(f->query, r->id) != 0)
        return;
    const sg_custom_rule *c = (const sg_custom_rule *)r;
    sg_report(cx, f->at, "%s", c->message);
}

static int custom_rule(cparse *p, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(p, n->start_mark, "each custom rule is a mapping with id, message and "
                                         "pattern or query, not %s", kind_name(n));
    sg_custom_rule *cr = sg_arena_alloc(p->a, sizeof *cr);
    cr->rule.level = SG_LEVEL_WARNING;
    cr->rule.tags = "custom";
    cr->rule.on_fact = custom_on_fact;
    yaml_node_t *pattern = NULL, *query = NULL, *files = NULL;
    for (yaml_node_pair_t *kv = n->data.mapping.pairs.start; kv < n->data.mapping.pairs.top;
         kv++) {
        yaml_node_t *k = node(p, kv->key), *v = node(p, kv->value);
        const char *key = scalar(p, k);
        if (!key)
            return fail_at(p, k->start_mark, "custom rule keys are plain names");
        bool text_key = strcmp(key, "id") == 0 || strcmp(key, "message") == 0 ||
                        strcmp(key, "help") == 0 || strcmp(key, "summary") == 0 ||
                        strcmp(key, "pattern") == 0 || strcmp(key, "query") == 0;
        const char *val = scalar(p, v);
        if (text_key && (!val || !*val))
            return fail_at(p, v->start_mark, "custom rule '%s' must be a non-empty string", key);
        if (strcmp(key, "id") == 0) {
            if (!kebab(val))
                return fail_at(p, v->start_mark,
                               "custom rule id '%s' must be kebab-case (lowercase words and "
                               "digits joined by '-')", val);
            if (sg_rule_find(val))
                return fail_at(p, v->start_mark,
                               "custom rule id '%s' is a built-in rule's id", val);
            for (size_t i = 0; i < p->c->ncustom; i++)
                if (strcmp(p->c->custom[i]->rule.id, val) == 0)
                    return fail_at(p, v->start_mark, "custom rule id '%s' is used twice", val);
            cr->rule.id = val;
        } else if (strcmp(key, "level") == 0) {
            int rc = level_of(p, v, &cr->rule.level);
            if (rc < 0)
                return rc;
        } else if (strcmp(key, "message") == 0) {
            cr->message = val;
        } else if (strcmp(key, "help") == 0) {
            cr->rule.help = val;
        } else if (strcmp(key, "summary") == 0) {
            cr->rule.summary = val;
        } else if (strcmp(key, "pattern") == 0) {
            pattern = v;
        } else if (strcmp(key, "query") == 0) {
            query = v;
        } else if (strcmp(key, "files") == 0) {
            files = v;
            int rc = strings(p, v, "files", &cr->files, &cr->nfiles);
            if (rc < 0)
                return rc;
        } else {
            return fail_at(p, k->start_mark,
                           "unknown custom rule key '%s' (id, level, message, help, summary, "
                           "files, pattern, query)", key);
        }
    }
    if (!cr->rule.id)
        return fail_at(p, n->start_mark, "custom rule without an 'id'");
    if (!cr->message)
        return fail_at(p, n->start_mark, "custom rule '%s' has no 'message'", cr->rule.id);
    if (!pattern == !query)
        return fail_at(p, n->start_mark, "custom rule '%s' needs exactly one of 'pattern' "
                                         "(PCRE2, over files) and 'query' (tree-sitter, over "
                                         "TypeScript/JavaScript)", cr->rule.id);
    if (query && files)
        return fail_at(p, files->start_mark, "'files' applies to pattern rules; query rules run "
                                             "over every TypeScript/JavaScript file");
    if (!cr->rule.summary)
        cr->rule.summary = cr->message;
    if (pattern) {
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile(pattern->data.scalar.value, pattern->data.scalar.length,
                                       PCRE2_MULTILINE | PCRE2_UTF, &ec, &eo, NULL);
        if (!re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            return fail_at(p, value_mark(p, pattern, eo), "bad pattern in custom rule '%s': %s",
                           cr->rule.id, (const char *)msg);
        }
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        sg_arena_defer(p->a, free_pcre, re);
        cr->pattern = re;
        cr->rule.inputs = SG_IN_ANY;
    } else {
        char err[200];
        uint32_t off = 0;
        bool cached = false;
        sg_code_query *q = compile_query(cr->rule.id, (const char *)query->data.scalar.value,
                                         query->data.scalar.length, err, sizeof err, &off,
                                         &cached);
        if (!q)
            return fail_at(p, value_mark(p, query, off), "bad query in custom rule '%s': %s",
                           cr->rule.id, err);
        if (!cached)
            sg_arena_defer(p->a, free_query, q);
        cr->query = q;
        cr->rule.inputs = SG_IN_CODE;
        SG_VEC(sg_code_query *) qs = {p->c->queries, p->c->nqueries, p->c->nqueries};
        sg_vec_push(p->a, &qs, q);
        p->c->queries = qs.items;
        p->c->nqueries = qs.len;
    }
    SG_VEC(sg_custom_rule *) cs = {p->c->custom, p->c->ncustom, p->c->ncustom};
    sg_vec_push(p->a, &cs, cr);
    p->c->custom = cs.items;
    p->c->ncustom = cs.len;
    return SG_OK;
}

static int top_level(cparse *p, yaml_node_t *root)
{
    sg_config *c = p->c;
    yaml_node_t *rules = NULL;
    for (yaml_node_pair_t *kv = root->data.mapping.pairs.start; kv < root->data.mapping.pairs.top;
         kv++) {
        yaml_node_t *k = node(p, kv->key), *v = node(p, kv->value);
        const char *key = scalar(p, k);
        int rc = SG_OK;
        if (!key)
            return fail_at(p, k->start_mark, "configuration keys are plain names");
        /* a key given twice is a mistake: YAML would silently keep one of them */
        for (yaml_node_pair_t *prev = root->data.mapping.pairs.start; prev < kv; prev++) {
            yaml_node_t *pk = node(p, prev->key);
            if (pk->type == YAML_SCALAR_NODE && strcmp(scalar(p, pk), key) == 0)
                return fail_at(p, k->start_mark, "'%s' is given twice (first on line %zu)", key,
                               pk->start_mark.line + 1);
        }
        if (strcmp(key, "rules") == 0) {
            if (v->type != YAML_MAPPING_NODE && !(v->type == YAML_SCALAR_NODE &&
                                                  v->data.scalar.length == 0))
                return fail_at(p, v->start_mark,
                               "'rules' maps rule ids to levels (drop-column: warning), not %s",
                               kind_name(v));
            rules = v;
        } else if (strcmp(key, "migrations") == 0) {
            rc = strings(p, v, key, &c->migrations, &c->nmigrations);
        } else if (strcmp(key, "schemas") == 0) {
            rc = strings(p, v, key, &c->schemas, &c->nschemas);
        } else if (strcmp(key, "paths") == 0) {
            rc = strings(p, v, key, &c->paths, &c->npaths);
        } else if (strcmp(key, "exclude") == 0) {
            rc = strings(p, v, key, &c->exclude, &c->nexclude);
        } else if (strcmp(key, "base") == 0) {
            c->base = scalar(p, v);
            if (!c->base || !*c->base)
                return fail_at(p, v->start_mark, "'base' is a git revision (origin/main, a sha)");
        } else if (strcmp(key, "custom-rules") == 0 || strcmp(key, "custom_rules") == 0) {
            if (v->type != YAML_SEQUENCE_NODE)
                return fail_at(p, v->start_mark, "'%s' is a list of rules, not %s", key,
                               kind_name(v));
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top && rc == SG_OK; it++)
                rc = custom_rule(p, node(p, *it));
        } else {
            return fail_at(p, k->start_mark,
                           "unknown key '%s' (rules, migrations, schemas, paths, exclude, "
                           "base, custom-rules)", key);
        }
        if (rc < 0)
            return rc;
    }
    /* Levels last: they may name the custom rules declared anywhere in the file. */
    if (rules && rules->type == YAML_MAPPING_NODE) {
        SG_VEC(sg_level_override) lv = {0};
        for (yaml_node_pair_t *kv = rules->data.mapping.pairs.start;
             kv < rules->data.mapping.pairs.top; kv++) {
            yaml_node_t *k = node(p, kv->key), *v = node(p, kv->value);
            const char *id = scalar(p, k);
            bool known = id && sg_rule_find(id);
            for (size_t i = 0; id && !known && i < c->ncustom; i++)
                known = strcmp(c->custom[i]->rule.id, id) == 0;
            if (!known)
                return fail_at(p, k->start_mark, "unknown rule '%s' (see 'schemaguard rules')",
                               id ? id : "?");
            sg_level_override o = {id, SG_LEVEL_OFF};
            int rc = level_of(p, v, &o.level);
            if (rc < 0)
                return rc;
            sg_vec_push(p->a, &lv, o);
        }
        c->levels = lv.items;
        c->nlevels = lv.len;
    }
    return SG_OK;
}

/* libyaml is quadratic on deeply nested flow collections; a configuration never nests more
 * than a few levels, so deeper input is refused before parsing (the offset of the bracket). */
static long flow_too_deep(const char *t, size_t n, int limit)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\n')) {
            while (i < n && t[i] != '\n')
                i++;
        } else if (c == '\'' || c == '"') {
            for (i++; i < n && t[i] != c && t[i] != '\n'; i++)
                if (c == '"' && t[i] == '\\')
                    i++;
        } else if ((c == '[' || c == '{') && ++depth > limit) {
            return (long)i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return -1;
}

int sg_config_parse(sg_config **out, sg_arena *a, const char *shown_path, const char *text,
                    size_t len)
{
    *out = NULL;
    sg_config *c = sg_arena_alloc(a, sizeof *c);
    c->path = sg_arena_strdup(a, shown_path);
    c->prefix = c->to_root = "";
    long deep = flow_too_deep(text, len, 64);
    if (deep >= 0) {
        size_t line = 1, col = 1;
        for (long i = 0; i < deep; i++, col++)
            if (text[i] == '\n') {
                line++;
                col = 0;
            }
        return sg_error_set(SG_ECONFIG, "%s:%zu:%zu: [ ] and { } nested more than 64 levels deep",
                            c->path, line, col);
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser))
        return sg_error_set(SG_EINTERNAL, "cannot start the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    cparse p = {a, c->path, text, len, &doc, c};
    int rc = SG_OK;
    if (!yaml_parser_load(&parser, &doc)) {
        /* A reader error (control character, bad UTF-8) has a byte offset and no mark; at the
         * end of input (an unterminated quote or bracket) the start of what is left open says
         * more than the last line. */
        yaml_mark_t at = parser.problem_mark;
        if (parser.error == YAML_READER_ERROR)
            at = mark_of(text, len, parser.problem_offset);
        else if (parser.context && at.index >= mark_of(text, len, len).index)
            at = parser.context_mark;
        rc = fail_at(&p, at, "YAML syntax error: %s%s%s",
                     parser.problem ? parser.problem : "?", parser.context ? " " : "",
                     parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
        if (root->type != YAML_MAPPING_NODE)
            rc = fail_at(&p, root->start_mark,
                         "the configuration is a mapping (rules:, exclude:, ...), not %s",
                         kind_name(root));
        else
            rc = top_level(&p, root);
    }
    if (rc == SG_OK) {
        yaml_document_t next;
        if (yaml_parser_load(&parser, &next)) {
            if (yaml_document_get_root_node(&next))
                rc = fail_at(&p, yaml_document_get_root_node(&next)->start_mark,
                             "one YAML document expected, found a second one");
            yaml_document_delete(&next);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc == SG_OK)
        *out = c;
    return rc;
}

/* ---- finding the file, and paths relative to it ---- */

static char *dir_of(sg_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return sg_arena_strdup(a, ".");
    return s == path ? sg_arena_strdup(a, "/") : sg_arena_strndup(a, path, (size_t)(s - path));
}

/* "../../" for each segment of `below` (the part of cwd under the config's directory). */
static const char *ups(sg_arena *a, const char *below)
{
    if (!*below)
        return "";
    size_t n = 1;
    for (const char *s = below; *s; s++)
        n += *s == '/';
    char *r = sg_arena_alloc(a, 3 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(r + 3 * i, "../", 3);
    return r;
}

static void relate(sg_arena *a, sg_config *c, const char *root, const char *cwd)
{
    size_t rn = strlen(root);
    if (strcmp(root, cwd) == 0) {
        c->prefix = c->to_root = "";
    } else if (strncmp(cwd, root, rn) == 0 && (cwd[rn] == '/' || rn == 1)) {
        const char *below = cwd + rn + (rn == 1 ? 0 : 1);
        c->prefix = sg_arena_printf(a, "%s/", below);
        c->to_root = ups(a, below);
    } else {
        size_t cn = strlen(cwd);
        if (strncmp(root, cwd, cn) == 0 && root[cn] == '/') {
            c->to_root = sg_arena_printf(a, "%s/", root + cn + 1);
            c->prefix = NULL; /* paths under cwd but outside root cannot match */
        } else {
            c->to_root = sg_arena_printf(a, "%s/", root);
            c->prefix = NULL;
        }
    }
    const char **lists[] = {c->migrations, c->schemas, c->paths};
    size_t counts[] = {c->nmigrations, c->nschemas, c->npaths};
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < counts[l]; i++)
            if (lists[l][i][0] != '/')
                lists[l][i] = sg_arena_printf(a, "%s%s", c->to_root, lists[l][i]);
}

int sg_config_load(sg_config **out, sg_arena *a, const char *path)
{
    *out = NULL;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return sg_error_set(SG_EIO, "cannot read the working directory: %s", strerror(errno));
    const char *file = NULL, *shown = NULL;
    if (path) {
        file = path;
        shown = path;
    } else {
        char *dir = sg_arena_strdup(a, cwd);
        const char *up = "";
        for (int depth = 0; depth < 128; depth++) {
            char *cand = sg_arena_printf(a, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
                                         CONFIG_NAME);
            struct stat st;
            if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
                file = cand;
                shown = sg_arena_printf(a, "%s%s", up, CONFIG_NAME);
                break;
            }
            if (strcmp(dir, "/") == 0)
                break;
            dir = dir_of(a, dir);
            up = sg_arena_printf(a, "%s../", up);
        }
        if (!file)
            return SG_OK;
    }
    FILE *f = fopen(file, "rb");
    if (!f)
        return sg_error_set(errno == ENOENT ? SG_ENOTFOUND : SG_EIO,
                            "cannot open configuration '%s': %s", shown, strerror(errno));
    SG_VEC(char) buf = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        for (size_t i = 0; i < n; i++)
            sg_vec_push(a, &buf, chunk[i]);
    bool err = ferror(f);
    fclose(f);
    if (err)
        return sg_error_set(SG_EIO, "cannot read configuration '%s'", shown);
    int rc = sg_config_parse(out, a, shown, buf.items ? buf.items : "", buf.len);
    if (rc < 0)
        return rc;
    char real[PATH_MAX];
    if (!realpath(file, real))
        return sg_error_set(SG_EIO, "cannot resolve '%s': %s", shown, strerror(errno));
    char rcwd[PATH_MAX];
    if (!realpath(cwd, rcwd))
        memcpy(rcwd, cwd, sizeof rcwd);
    relate(a, *out, dir_of(a, real), rcwd);
    return SG_OK;
}

void sg_config_apply(const sg_config *c, sg_engine *e)
{
    for (size_t i = 0; i < c->ncustom; i++)
        sg_vec_push(e->a, &e->extra, &c->custom[i]->rule);
    for (size_t i = 0; i < c->nlevels; i++)
        sg_engine_set_level(e, c->levels[i].id, c->levels[i].level);
}

/* ---- globs ---- */

static bool class_match(const char **gp, char ch)
{
    const char *g = *gp + 1;
    bool neg = *g == '!' || *g == '^';
    if (neg)
        g++;
    bool ok = false;
    for (bool first = true; *g && (first || *g != ']'); first = false, g++) {
        if (g[1] == '-' && g[2] && g[2] != ']') {
            ok = ok || (ch >= g[0] && ch <= g[2]);
            g += 2;
        } else {
            ok = ok || ch == *g;
        }
    }
    if (*g != ']')
        return false; /* unterminated: no match */
    *gp = g + 1;
    return ok != neg;
}

/* budget counts every call of one match, not the depth: stars retry each position, so a glob
 * of many stars would otherwise take exponential time (fuzz_config: `a****...k` ran >20 s). */
static bool gmatch(const char *g, const char *s, long *budget)
{
    if (--*budget < 0)
        return false;
    while (*g) {
        if (g[0] == '*' && g[1] == '*') {
            g += 2;
            bool seg = *g == '/';
            if (seg)
                g++;
            for (const char *t = s;; t++) {
                if ((!seg || t == s || t[-1] == '/') && gmatch(g, t, budget))
                    return true;
                if (!*t)
                    return false;
            }
        }
        if (*g == '*') {
            g++;
            for (const char *t = s;; t++) {
                if (gmatch(g, t, budget))
                    return true;
                if (!*t || *t == '/')
                    return false;
            }
        }
        if (!*s)
            return false;
        if (*g == '?') {
            if (*s == '/')
                return false;
        } else if (*g == '[') {
            if (*s == '/' || !class_match(&g, *s))
                return false;
            s++;
            continue;
        } else if (*g != *s) {
            return false;
        }
        g++;
        s++;
    }
    return !*s;
}

bool sg_config_glob(const char *glob, const char *path)
{
    char g[1024];
    while (glob[0] == '.' && glob[1] == '/')
        glob += 2;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    size_t n = strlen(glob);
    while (n > 1 && glob[n - 1] == '/')
        n--;
    bool anchored = memchr(glob, '/', n) != NULL;
    int w = snprintf(g, sizeof g, "%s%.*s", anchored ? "" : "**/", (int)n, glob);
    if (w < 0 || (size_t)w >= sizeof g - 4)
        return false;
    long budget = 100000; /* legitimate globs take well under 10,000 calls */
    if (gmatch(g, path, &budget))
        return true;
    memcpy(g + w, "/**", 4);
    budget = 100000;
    return gmatch(g, path, &budget);
}

static const char *rel_to_config(const sg_config *c, sg_arena *a, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (!c->prefix) {
        /* the config's directory is below the working directory: paths under it only */
        size_t n = strlen(c->to_root);
        return c->to_root[0] != '/' && strncmp(path, c->to_root, n) == 0 ? path + n : NULL;
    }
    /* Paths that climb out of the working directory (../x) are outside it only when the config
     * sits in the working directory itself. */
    const char *prefix = c->prefix;
    while (strncmp(path, "../", 3) == 0) {
        if (!*prefix)
            return NULL;
        size_t pn = strlen(prefix);
        const char *cut = pn >= 2 ? memrchr(prefix, '/', pn - 1) : NULL;
        prefix = cut ? sg_arena_strndup(a, prefix, (size_t)(cut - prefix) + 1) : "";
        path += 3;
    }
    return *prefix ? sg_arena_printf(a, "%s%s", prefix, path) : path;
}

bool sg_config_excluded(const sg_config *c, const char *path)
{
    if (!c || !c->nexclude)
        return false;
    sg_arena *a = sg_arena_new();
    const char *rel = rel_to_config(c, a, path);
    bool hit = false;
    for (size_t i = 0; rel && i < c->nexclude && !hit; i++)
        hit = sg_config_glob(c->exclude[i], rel);
    sg_arena_free(a);
    return hit;
}

void sg_config_patterns(const sg_config *c, sg_fact_list *out, sg_arena *a, sg_source *src)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ncustom; i++) {
        const sg_custom_rule *cr = c->custom[i];
        if (!cr->pattern)
            continue;
        if (cr->nfiles) {
            const char *rel = rel_to_config(c, a, src->path);
            bool take = false;
            for (size_t k = 0; rel && k < cr->nfiles && !take; k++)
                take = sg_config_glob(cr->files[k], rel);
            if (!take)
                continue;
        }
        pcre2_code *re = cr->pattern;
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        PCRE2_SIZE pos = 0;
        for (int hits = 0; pos <= src->len && hits < 1000; hits++) {
            if (pcre2_match(re, (PCRE2_SPTR)src->text, src->len, pos, 0, md, NULL) < 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            sg_fact f = {
                .kind = SG_FACT_PATTERN,
                .origin = SG_IN_ANY,
                .at = sg_span_make(src, (uint32_t)ov[0], (uint32_t)ov[1]),
                .name = {src->text + ov[0], ov[1] - ov[0]},
                .value = SG_VALUE_NONE,
                .query = cr->rule.id,
            };
            sg_vec_push(a, out, f);
            pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        pcre2_match_data_free(md);
    }
}
