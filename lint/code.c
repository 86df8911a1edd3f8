/* TypeScript/JavaScript code -> facts: parses with tree-sitter, runs the embedded rule queries
 * (rules/queries/<stem>.scm) and the configured custom ones, evaluates their predicates, and hands
 * string literals to the credential scanner. It judges nothing: rules decide from the facts.
 * Comments and the insides of strings are never call nodes, so they never match a query. */
#include "code.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "scripts.h"
#include "tscache.h"

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

enum { LANG_TS, LANG_TSX, LANG_COUNT };

#define NO_CAPTURE UINT32_MAX

typedef struct compiled {
    TSQuery *q;
    pcre2_code **re;     /* by string id: the regexes of #match? predicates */
    uint32_t nstrings;
    uint32_t at, value;  /* capture ids of @at and @value, or NO_CAPTURE */
} compiled;

struct sg_code_query {
    char *rule_id;
    compiled c[LANG_COUNT];
};

static const TSLanguage *language(int l)
{
    return l == LANG_TS ? tree_sitter_typescript() : tree_sitter_tsx();
}

static const char *query_error_name(TSQueryError e)
{
    switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "language mismatch";
    default: return "invalid query";
    }
}

static uint32_t capture_id(const TSQuery *q, const char *name)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *s = ts_query_capture_name_for_id(q, i, &len);
        if (len == strlen(name) && memcmp(s, name, len) == 0)
            return i;
    }
    return NO_CAPTURE;
}

static bool str_is(const TSQuery *q, uint32_t id, const char *want)
{
    uint32_t len;
    const char *s = ts_query_string_value_for_id(q, id, &len);
    return len == strlen(want) && memcmp(s, want, len) == 0;
}

/* Compiles the regex of every #match?/#not-match? predicate once, so matching costs no
 * compilation. Returns false with err set on a bad regex or an unknown predicate. */
static bool compile_predicates(compiled *c, char *err, size_t errlen)
{
    c->nstrings = ts_query_string_count(c->q);
    c->re = calloc(c->nstrings ? c->nstrings : 1, sizeof *c->re);
    if (!c->re)
        abort();
    uint32_t npat = ts_query_pattern_count(c->q);
    for (uint32_t p = 0; p < npat; p++) {
        uint32_t n;
        const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(c->q, p, &n);
        for (uint32_t i = 0; i < n;) {
            uint32_t j = i;
            while (j < n && st[j].type != TSQueryPredicateStepTypeDone)
                j++;
            if (st[i].type != TSQueryPredicateStepTypeString) {
                snprintf(err, errlen, "a predicate must start with its name");
                return false;
            }
            uint32_t name = st[i].value_id;
            bool match = str_is(c->q, name, "match?") || str_is(c->q, name, "not-match?");
            bool known = match || str_is(c->q, name, "eq?") || str_is(c->q, name, "not-eq?") ||
                         str_is(c->q, name, "any-of?") || str_is(c->q, name, "not-any-of?") ||
                         str_is(c->q, name, "set!");
            if (!known) {
                uint32_t len;
                const char *s = ts_query_string_value_for_id(c->q, name, &len);
                snprintf(err, errlen, "unknown predicate '#%.*s'", (int)len, s);
                return false;
            }
            if (match) {
                if (j - i != 3 || st[i + 1].type != TSQueryPredicateStepTypeCapture ||
                    st[i + 2].type != TSQueryPredicateStepTypeString) {
                    snprintf(err, errlen, "#match? takes a capture and a regex string");
                    return false;
                }
                uint32_t sid = st[i + 2].value_id;
                if (!c->re[sid]) {
                    uint32_t len;
                    const char *s = ts_query_string_value_for_id(c->q, sid, &len);
                    int ec;
                    PCRE2_SIZE eo;
                    c->re[sid] = pcre2_compile((PCRE2_SPTR)s, len, PCRE2_UTF, &ec, &eo, NULL);
                    if (!c->re[sid]) {
                        PCRE2_UCHAR msg[160];
                        pcre2_get_error_message(ec, msg, sizeof msg);
                        snprintf(err, errlen, "bad regex in #match?: %s", (const char *)msg);
                        return false;
                    }
                    pcre2_jit_compile(c->re[sid], PCRE2_JIT_COMPLETE);
                }
            }
            i = j + 1;
        }
    }
    return true;
}

static void free_compiled(compiled *c)
{
    if (c->re)
        for (uint32_t i = 0; i < c->nstrings; i++)
            pcre2_code_free(c->re[i]);
    free(c->re);
    if (c->q)
        ts_query_delete(c->q);
}

void sg_code_query_free(sg_code_query *q)
{
    if (!q)
        return;
    for (int l = 0; l < LANG_COUNT; l++)
        free_compiled(&q->c[l]);
    free(q->rule_id);
    free(q);
}

/* Compiles text for one grammar into c. */
static bool compile_lang(compiled *c, int lang, const char *text, size_t len, char *err,
                         size_t errlen, uint32_t *err_offset)
{
    TSQueryError et = TSQueryErrorNone;
    c->q = ts_query_new(language(lang), text, (uint32_t)len, err_offset, &et);
    if (!c->q) {
        snprintf(err, errlen, "%s in tree-sitter query", query_error_name(et));
        return false;
    }
    if (!compile_predicates(c, err, errlen))
        return false;
    c->at = capture_id(c->q, "at");
    c->value = capture_id(c->q, "value");
    return true;
}

/* Characters of a capture or predicate name in tree-sitter's query syntax. */
static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == '?' || c == '!' || (unsigned char)c >= 0x80;
}

/* The offset of a quantifier applied to something that already ends with one (`(x)*?`,
 * `((x)*)?`, `((x) @c*)+`), or -1. tree-sitter 0.20.7 crashes or loops forever compiling those,
 * so they are refused before ts_query_new sees them; strings and comments are skipped. */
static long nested_quantifier(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '"') {
            for (i++; i < n && t[i] != '"'; i++)
                if (t[i] == '\\')
                    i++;
        } else if (c == ';') {
            while (i < n && t[i] != '\n')
                i++;
        } else if (c == '@') {
            /* a capture name (its characters include '?' and '!'): not a quantifier */
            while (i + 1 < n && ident_char(t[i + 1]))
                i++;
        } else if (c == '*' || c == '+' || c == '?') {
            size_t j = i + 1;
            for (;;) {
                while (j < n && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r' ||
                                 t[j] == ')' || t[j] == ']'))
                    j++;
                if (j < n && t[j] == '@') { /* captures may sit between the two quantifiers */
                    for (j++; j < n && ident_char(t[j]); j++)
                        ;
                    continue;
                }
                break;
            }
            if (j < n && (t[j] == '*' || t[j] == '+' || t[j] == '?'))
                return (long)j;
        }
    }
    return -1;
}

sg_code_query *sg_code_query_new(const char *rule_id, const char *text, size_t len, char *err,
                                 size_t errlen, uint32_t *err_offset)
{
    long nested = nested_quantifier(text, len);
    if (nested >= 0) {
        *err_offset = (uint32_t)nested;
        snprintf(err, errlen, "a quantifier on a pattern that already ends with one is not "
                              "supported (tree-sitter 0.20)");
        return NULL;
    }
    sg_code_query *q = calloc(1, sizeof *q);
    if (!q || !(q->rule_id = strdup(rule_id)))
        abort();
    *err_offset = 0;
    for (int l = 0; l < LANG_COUNT; l++)
        if (!compile_lang(&q->c[l], l, text, len, err, errlen, err_offset)) {
            sg_code_query_free(q);
            return NULL;
        }
    return q;
}

/* ---- built-in queries: compiled on first need, once per process and grammar ----
 * tree-sitter 0.20 takes 100-200 ms to analyse the rule queries against the TypeScript/TSX
 * grammars, so a query is compiled only for a grammar a file needs, and only when a file holds
 * one of its trigger words (the `; trigger:` line of its .scm): most files hold none and cost
 * no query work at all. */

static compiled builtin_cache[8][LANG_COUNT];
static pthread_mutex_t builtin_mu = PTHREAD_MUTEX_INITIALIZER;

static const compiled *builtin(size_t i, int lang)
{
    assert(i < sizeof builtin_cache / sizeof builtin_cache[0]);
    pthread_mutex_lock(&builtin_mu);
    compiled *c = &builtin_cache[i][lang];
    if (!c->q) {
        char err[200];
        uint32_t off = 0;
        const sg_code_builtin *b = &sg_code_builtins[i];
        if (!compile_lang(c, lang, b->text, strlen(b->text), err, sizeof err, &off)) {
            /* A bug in rules/queries/: tests/test_code.c compiles every query. */
            fprintf(stderr, "schemaguard: internal error: query %s at byte %u: %s\n",
                    b->rule_id, off, err);
            abort();
        }
    }
    pthread_mutex_unlock(&builtin_mu);
    return c;
}

/* True when src holds one of the space-separated trigger words (or there are none). */
static bool triggered(const sg_source *src, const char *triggers)
{
    if (!triggers || !*triggers)
        return true;
    for (const char *w = triggers; *w;) {
        size_t n = strcspn(w, " ");
        if (n && memmem(src->text, src->len, w, n))
            return true;
        w += n;
        w += strspn(w, " ");
    }
    return false;
}

/* ---- matching ---- */

typedef struct scan {
    sg_arena *a;
    sg_source *src;
    sg_fact_list *out;
} scan;

static sg_str node_text(const scan *s, TSNode n)
{
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > s->src->len)
        e = (uint32_t)s->src->len;
    if (b > e)
        b = e;
    return (sg_str){s->src->text + b, e - b};
}

/* The nodes captured as id in this match (a quantified capture may hold several). */
static bool captured(const TSQueryMatch *m, uint32_t id, TSNode *out)
{
    for (uint16_t i = 0; i < m->capture_count; i++)
        if (m->captures[i].index == id) {
            *out = m->captures[i].node;
            return true;
        }
    return false;
}

static bool str_eq_q(const TSQuery *q, uint32_t id, sg_str s)
{
    uint32_t len;
    const char *v = ts_query_string_value_for_id(q, id, &len);
    return s.len == len && memcmp(s.ptr, v, len) == 0;
}

static bool regex_match(pcre2_code *re, sg_str s)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s.ptr, s.len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* Evaluates the predicates of the match's pattern; fills *fact_name from #set! fact. A
 * predicate on a capture absent from the match (an optional one) is true. */
static bool predicates_hold(const scan *s, const compiled *c, const TSQueryMatch *m,
                            sg_str *fact_name)
{
    uint32_t n;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(c->q, m->pattern_index, &n);
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        while (j < n && st[j].type != TSQueryPredicateStepTypeDone)
            j++;
        uint32_t name = st[i].value_id;
        if (str_is(c->q, name, "set!")) {
            if (j - i == 3 && st[i + 1].type == TSQueryPredicateStepTypeString &&
                st[i + 2].type == TSQueryPredicateStepTypeString &&
                str_is(c->q, st[i + 1].value_id, "fact")) {
                uint32_t len;
                const char *v = ts_query_string_value_for_id(c->q, st[i + 2].value_id, &len);
                *fact_name = (sg_str){v, len};
            }
            i = j + 1;
            continue;
        }
        TSNode node;
        if (j - i < 2 || st[i + 1].type != TSQueryPredicateStepTypeCapture ||
            !captured(m, st[i + 1].value_id, &node)) {
            i = j + 1;
            continue;
        }
        sg_str text = node_text(s, node);
        bool negate = str_is(c->q, name, "not-eq?") || str_is(c->q, name, "not-match?") ||
                      str_is(c->q, name, "not-any-of?");
        bool ok = false;
        if (str_is(c->q, name, "eq?") || str_is(c->q, name, "not-eq?")) {
            if (j - i == 3 && st[i + 2].type == TSQueryPredicateStepTypeString) {
                ok = str_eq_q(c->q, st[i + 2].value_id, text);
            } else if (j - i == 3) {
                TSNode other;
                ok = captured(m, st[i + 2].value_id, &other) &&
                     sg_str_eq(text, node_text(s, other));
            }
        } else if (str_is(c->q, name, "match?") || str_is(c->q, name, "not-match?")) {
            ok = regex_match(c->re[st[i + 2].value_id], text);
        } else {
            for (uint32_t k = i + 2; k < j && !ok; k++)
                ok = st[k].type == TSQueryPredicateStepTypeString &&
                     str_eq_q(c->q, st[k].value_id, text);
        }
        if (ok == negate)
            return false;
        i = j + 1;
    }
    return true;
}

static sg_value_kind value_kind(TSNode v)
{
    const char *t = ts_node_type(v);
    if (strcmp(t, "true") == 0)
        return SG_VALUE_TRUE;
    if (strcmp(t, "false") == 0)
        return SG_VALUE_FALSE;
    return SG_VALUE_EXPRESSION;
}

static void run_query(scan *s, const compiled *c, const char *rule_id, TSNode root,
                      TSQueryCursor *qc)
{
    ts_query_cursor_exec(qc, c->q, root);
    size_t first = s->out->len;
    TSQueryMatch m;
    while (ts_query_cursor_next_match(qc, &m)) {
        if (m.capture_count == 0)
            continue;
        sg_str fact_name = SG_STR_NULL;
        if (!predicates_hold(s, c, &m, &fact_name))
            continue;
        TSNode at = m.captures[0].node, value;
        if (c->at != NO_CAPTURE)
            captured(&m, c->at, &at);
        sg_fact f = {
            .kind = SG_FACT_ORM_CALL,
            .origin = SG_IN_CODE,
            .at = sg_span_make(s->src, ts_node_start_byte(at), ts_node_end_byte(at)),
            .name = fact_name.ptr ? fact_name : node_text(s, at),
            .value = SG_VALUE_NONE,
            .query = rule_id,
        };
        if (c->value != NO_CAPTURE && captured(&m, c->value, &value))
            f.value = value_kind(value);
        /* Two patterns (or alternatives) matching the same node must not report it twice. Matches
         * come in document order, so a repeat is among the last few facts of this query. */
        bool dup = false;
        for (size_t i = s->out->len, seen = 0; i-- > first && seen < 16 && !dup; seen++) {
            const sg_fact *g = &s->out->items[i];
            dup = g->kind == SG_FACT_ORM_CALL && g->query == f.query && g->at.src == f.at.src &&
                  g->at.start == f.at.start && g->at.end == f.at.end;
        }
        if (!dup)
            sg_vec_push(s->a, s->out, f);
    }
}

/* String literals, walked directly (cheaper than a query): their bytes go to the credential
 * scanner; the quotes and any ${...} stay in the text, which the scanner treats as
 * interpolation. */
/* The first ERROR or MISSING node, for the parse-error finding; iterative, since error trees
 * can be as deep as the input is long. */
static TSNode first_error(TSNode n)
{
    for (;;) {
        if (strcmp(ts_node_type(n), "ERROR") == 0 || ts_node_is_missing(n))
            return n;
        uint32_t k = ts_node_child_count(n);
        bool down = false;
        for (uint32_t i = 0; i < k && !down; i++) {
            TSNode c = ts_node_child(n, i);
            if (ts_node_has_error(c)) {
                n = c;
                down = true;
            }
        }
        if (!down)
            return n;
    }
}

/* Query matching in tree-sitter 0.20 costs (depth x width) per node visited: nesting deeper
 * than MAX_DEPTH, or an ERROR node holding more than MAX_ERROR_WIDTH children (garbage that
 * did not parse at all), would take minutes. No hand-written code comes near either; such a
 * file is reported and not queried. Wide but valid nodes (a 50,000-element array) are fine. */
#define MAX_DEPTH 1000
#define MAX_ERROR_WIDTH 2000

/* One walk over the tree (tree-sitter 0.20's cursor steps are costly, and the language server
 * runs this on every keystroke): refuses trees too deep or with too wide an ERROR node, and
 * gives the string literals outside other strings to the credential scan. Returns true when
 * the tree is refused; the facts it added are then taken back. */
static bool walk_tree(scan *s, TSNode root)
{
    size_t facts_before = s->out->len;
    TSTreeCursor tc = ts_tree_cursor_new(root);
    uint32_t depth = 0, string_depth = 0; /* string_depth: depth of the enclosing string + 1 */
    bool deep = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&tc);
        const char *t = ts_node_type(n);
        if (ts_node_child_count(n) > MAX_ERROR_WIDTH && strcmp(t, "ERROR") == 0) {
            deep = true;
            break;
        }
        if (!string_depth && (strcmp(t, "string") == 0 || strcmp(t, "template_string") == 0)) {
            sg_scripts_credentials(s->out, s->a, s->src, ts_node_start_byte(n),
                                   ts_node_end_byte(n), SG_IN_CODE);
            string_depth = depth + 1;
        }
        if (ts_tree_cursor_goto_first_child(&tc)) {
            if (++depth > MAX_DEPTH) {
                deep = true;
                break;
            }
            continue;
        }
        for (;;) {
            if (string_depth == depth + 1)
                string_depth = 0; /* leaving the string */
            if (ts_tree_cursor_goto_next_sibling(&tc))
                break;
            if (!ts_tree_cursor_goto_parent(&tc))
                goto done;
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&tc);
    if (deep)
        s->out->len = facts_before;
    return deep;
}

/* Bracket nesting deeper than limit, found by a rough lexical pass (comments and strings
 * skipped). It runs before parsing because Debian's tree-sitter 0.20.7 runtime double-frees in
 * ts_tree_delete on trees that deep (reproduced with 100,000 unclosed '['), so such input must
 * never reach the parser. */
long sg_code_too_nested(const sg_source *src)
{
    uint32_t limit = MAX_DEPTH / 2;
    const char *t = src->text;
    size_t n = src->len;
    uint32_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '/' && i + 1 < n && t[i + 1] == '/') {
            while (i < n && t[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            const char *e = memmem(t + i + 2, n - i - 2, "*/", 2);
            i = e ? (size_t)(e - t) + 1 : n;
        } else if (c == '"' || c == '\'' || c == '`') {
            for (i++; i < n && t[i] != c && (c == '`' || t[i] != '\n'); i++)
                if (t[i] == '\\')
                    i++;
        } else if (c == '(' || c == '[' || c == '{') {
            if (++depth > limit)
                return (long)i;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return -1;
}

static int language_of(const sg_source *src)
{
    size_t n = strlen(src->path);
    bool ts = src->kind == SG_KIND_TS && !(n >= 4 && strcmp(src->path + n - 4, ".tsx") == 0);
    return ts ? LANG_TS : LANG_TSX;
}

void sg_code_scan(sg_fact_list *out, sg_problem_list *problems, sg_arena *a, sg_source *src,
                  sg_code_query *const *extra, size_t nextra)
{
    long deep = sg_code_too_nested(src);
    if (deep >= 0) {
        sg_problem_add(problems, a, sg_span_make(src, (uint32_t)deep, (uint32_t)deep + 1),
                       "brackets nested more than %d levels deep: the file was not checked",
                       MAX_DEPTH / 2);
        return;
    }
    int lang = language_of(src);
    TSParser *p = ts_parser_new();
    TSTree *tree = NULL;
    TSQueryCursor *qc = NULL;
    if (!ts_parser_set_language(p, language(lang)))
        goto done;
    /* Deeply nested input must not take unbounded time: 2 s is far beyond any real file. */
    ts_parser_set_timeout_micros(p, 2000000);
    const char *key = sg_arena_printf(a, "%s:%s:%s", lang == LANG_TS ? "ts" : "tsx",
                                      src->rev ? src->rev : "", src->path);
    tree = sg_tscache_parse(p, key, src->text, (uint32_t)src->len);
    if (!tree) {
        sg_problem_add(problems, a, sg_span_make(src, 0, 0),
                       "TypeScript/JavaScript parse took too long; the file was not checked");
        goto done;
    }
    TSNode root = ts_tree_root_node(tree);
    scan s = {a, src, out};
    if (walk_tree(&s, root)) {
        sg_problem_add(problems, a, sg_span_make(src, 0, 0),
                       "syntax nested more than %d levels deep, or a syntax error spanning more "
                       "than %d nodes: the file was not checked",
                       MAX_DEPTH, MAX_ERROR_WIDTH);
        goto done;
    }
    if (ts_node_has_error(root)) {
        TSNode e = first_error(root);
        uint32_t b = ts_node_start_byte(e), en = ts_node_end_byte(e);
        if (ts_node_is_missing(e))
            sg_problem_add(problems, a, sg_span_make(src, b, b),
                           "syntax error: missing %s (tree-sitter-typescript)", ts_node_type(e));
        else
            sg_problem_add(problems, a, sg_span_make(src, b, en > b + 40 ? b + 40 : en),
                           "syntax error (tree-sitter-typescript); findings in the rest of "
                           "the file are still reported");
    }
    qc = ts_query_cursor_new();
    for (size_t i = 0; i < sg_code_builtins_count; i++)
        if (triggered(src, sg_code_builtins[i].triggers))
            run_query(&s, builtin(i, lang), sg_code_builtins[i].rule_id, root, qc);
    for (size_t i = 0; i < nextra; i++)
        run_query(&s, &extra[i]->c[lang], extra[i]->rule_id, root, qc);
done:
    if (qc)
        ts_query_cursor_delete(qc);
    if (tree)
        ts_tree_delete(tree);
    ts_parser_delete(p);
}
