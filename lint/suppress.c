/* Finding schemaguard-ignore comments in each kind of file, matching them with findings, and
 * reporting the ones that are wrong or unused. Comments are found with a lexer per language
 * family, so the marker inside a string never counts. */
#include "suppress.h"

#include <string.h>

#include "sqllex.h"

#define MARK "schemaguard-ignore"

typedef struct ignore {
    uint32_t line;      /* 1-based line of the comment */
    bool file;          /* -file form */
    sg_span at;         /* the comment */
    sg_str ids[8];
    sg_span id_spans[8];
    bool used[8];
    int nids;
    sg_str reason;
} ignore;

typedef SG_VEC(ignore) ignore_list;

static bool is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == '/';
}

/* Parses the comment body [s, e) if it holds the marker right after the comment opener. */
static void parse_comment(sg_arena *a, sg_source *src, uint32_t s, uint32_t e, ignore_list *out)
{
    const char *t = src->text;
    while (s < e && (t[s] == ' ' || t[s] == '\t'))
        s++;
    size_t ml = strlen(MARK);
    if (e - s < ml || memcmp(t + s, MARK, ml) != 0)
        return;
    ignore ig = {0};
    ig.at = sg_span_make(src, s, e);
    uint32_t i = s + (uint32_t)ml;
    if (e - i >= 5 && memcmp(t + i, "-file", 5) == 0) {
        ig.file = true;
        i += 5;
    }
    if (i < e && is_id_char(t[i]))
        return; /* schemaguard-ignored or similar: not ours */
    for (;;) {
        while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == ','))
            i++;
        if (i >= e || t[i] == ':' || (t[i] == '*' && i + 1 < e && t[i + 1] == '/'))
            break;
        uint32_t b = i;
        while (i < e && is_id_char(t[i]))
            i++;
        if (i == b) {
            i++;
            continue;
        }
        if (ig.nids < 8) {
            ig.ids[ig.nids] = (sg_str){t + b, i - b};
            ig.id_spans[ig.nids] = sg_span_make(src, b, i);
            ig.nids++;
        }
    }
    if (i < e && t[i] == ':') {
        uint32_t r = i + 1, re = e;
        if (re >= r + 2 && t[re - 2] == '*' && t[re - 1] == '/')
            re -= 2;
        ig.reason = sg_str_trim((sg_str){t + r, re - r});
    }
    ig.line = sg_source_position(src, s).line;
    sg_vec_push(a, out, ig);
}

static void scan_sql(sg_arena *a, sg_source *src, ignore_list *out)
{
    sg_sqllex lx = sg_sqllex_make(src->text, 0, (uint32_t)src->len, true);
    for (;;) {
        sg_sqltok tk = sg_sqllex_next(&lx);
        if (tk.kind == SG_SQLTOK_EOF || tk.kind == SG_SQLTOK_UNTERMINATED)
            return;
        if (tk.kind == SG_SQLTOK_COMMENT)
            parse_comment(a, src, tk.start + 2, tk.end, out);
    }
}

/* C-family comments (TypeScript, JavaScript, Prisma): skips '...', "...", `...` strings. */
static void scan_slashes(sg_arena *a, sg_source *src, ignore_list *out)
{
    const char *t = src->text;
    uint32_t n = (uint32_t)src->len;
    for (uint32_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '"' || c == '\'' || c == '`') {
            for (i++; i < n && t[i] != c; i++) {
                if (t[i] == '\\')
                    i++;
                else if (t[i] == '\n' && c != '`')
                    break;
            }
        } else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
            uint32_t e = i;
            while (e < n && t[e] != '\n')
                e++;
            uint32_t s = i + 2;
            while (s < e && t[s] == '/')
                s++; /* Prisma's /// doc comments */
            parse_comment(a, src, s, e, out);
            i = e;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            const char *end = strstr(t + i + 2, "*/");
            uint32_t e = end ? (uint32_t)(end - t) + 2 : n;
            parse_comment(a, src, i + 2, e, out);
            i = e ? e - 1 : e;
        }
    }
}

/* Hash comments (shell, YAML, Dockerfile, Procfile): a # at line start or after a blank, not
 * inside quotes on that line. */
static void scan_hash(sg_arena *a, sg_source *src, ignore_list *out)
{
    const char *t = src->text;
    uint32_t n = (uint32_t)src->len;
    char quote = 0;
    for (uint32_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '\n') {
            quote = 0;
            continue;
        }
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"')
                i++;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == 0 || t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n')) {
            uint32_t e = i;
            while (e < n && t[e] != '\n')
                e++;
            parse_comment(a, src, i + 1, e, out);
            i = e - 1;
        }
    }
}

static void scan(sg_arena *a, sg_source *src, ignore_list *out)
{
    switch (src->kind) {
    case SG_KIND_SQL: scan_sql(a, src, out); break;
    case SG_KIND_PRISMA:
    case SG_KIND_TS:
    case SG_KIND_JS: scan_slashes(a, src, out); break;
    case SG_KIND_SHELL:
    case SG_KIND_CI_YAML:
    case SG_KIND_DOCKERFILE:
    case SG_KIND_PROCFILE: scan_hash(a, src, out); break;
    default: break;
    }
}

void sg_suppress_apply(sg_engine *e, sg_source *src, size_t first)
{
    /* Most files have no ignore comment: a plain search keeps them from paying for a scan. */
    if (!memmem(src->text, src->len, MARK, strlen(MARK)))
        return;
    ignore_list igs = {0};
    scan(e->a, src, &igs);
    if (!igs.len)
        return;
    size_t end = e->diags.len;
    for (size_t d = first; d < end; d++) {
        sg_diag *dg = e->diags.items[d];
        if (dg->span.src != src || dg->suppressed)
            continue;
        uint32_t line = sg_source_position(src, dg->span.start).line;
        for (size_t k = 0; k < igs.len && !dg->suppressed; k++) {
            ignore *ig = &igs.items[k];
            if (!ig->file && ig->line != line && ig->line + 1 != line)
                continue;
            for (int j = 0; j < ig->nids; j++)
                if (sg_str_eq_c(ig->ids[j], dg->rule_id)) {
                    ig->used[j] = true;
                    dg->suppressed = true;
                    dg->suppression = sg_str_cstr(e->a, ig->reason);
                    dg->suppressed_by = ig->at;
                    break;
                }
        }
    }
    for (size_t k = 0; k < igs.len; k++) {
        ignore *ig = &igs.items[k];
        if (ig->nids == 0)
            sg_engine_report(e, "unused-suppression", ig->at, NULL,
                             "schemaguard-ignore names no rule");
        for (int j = 0; j < ig->nids; j++) {
            const char *id = sg_str_cstr(e->a, ig->ids[j]);
            const sg_rule *r = sg_engine_rule(e, id);
            if (!r)
                sg_engine_report(e, "unused-suppression", ig->id_spans[j], NULL,
                                 "schemaguard-ignore names an unknown rule \"%s\"", id);
            else if (!ig->used[j] && sg_engine_level(e, r) != SG_LEVEL_OFF)
                sg_engine_report(e, "unused-suppression", ig->id_spans[j], NULL,
                                 "schemaguard-ignore %s suppresses nothing here", id);
        }
    }
}

const char *sg_suppress_comment(sg_arena *a, sg_kind kind, const char *rule_id)
{
    switch (kind) {
    case SG_KIND_SQL: return sg_arena_printf(a, "-- " MARK " %s: reason", rule_id);
    case SG_KIND_PRISMA:
    case SG_KIND_TS:
    case SG_KIND_JS: return sg_arena_printf(a, "// " MARK " %s: reason", rule_id);
    case SG_KIND_SHELL:
    case SG_KIND_CI_YAML:
    case SG_KIND_DOCKERFILE:
    case SG_KIND_PROCFILE: return sg_arena_printf(a, "# " MARK " %s: reason", rule_id);
    default: return NULL;
    }
}
