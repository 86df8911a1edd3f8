/* Human output: `path:line:col: level[rule-id]: message`, the source line with a caret span,
 * help and related-location notes, and a closing summary. Colour only when asked (a TTY
 * without NO_COLOR, decided by main.c). */
#include <string.h>

#include "report.h"

static const char *color(const sg_opts *o, sg_level l)
{
    if (!o->color)
        return "";
    switch (l) {
    case SG_LEVEL_ERROR: return "\033[1;31m";
    case SG_LEVEL_WARNING: return "\033[1;33m";
    default: return "\033[1;36m";
    }
}

static void snippet(FILE *f, const sg_opts *o, sg_span s, sg_span secret, const sg_region *g)
{
    sg_str line = sg_source_line_text(s.src, s.start);
    const char *dim = o->color ? "\033[1;34m" : "";
    const char *reset = o->color ? "\033[0m" : "";
    int w = fprintf(f, "%5u", g->line);
    fprintf(f, " %s|%s ", dim, reset);
    /* Very long lines (minified SQL) are shown as a window around the span: the caret line
     * must stay readable. */
    uint32_t line_start = (uint32_t)(line.ptr - s.src->text);
    bool cut_left = false;
    if (s.start - line_start > 300) {
        uint32_t skip = s.start - line_start - 80;
        while (skip > 0 && ((unsigned char)line.ptr[skip] & 0xC0) == 0x80)
            skip--;
        line.ptr += skip;
        line.len -= skip;
        line_start += skip;
        cut_left = true;
    }
    size_t shown = line.len > 400 ? 400 : line.len;
    while (shown < line.len && shown > 0 && ((unsigned char)line.ptr[shown] & 0xC0) == 0x80)
        shown--;
    if (cut_left)
        fputs("... ", f);
    /* A literal password on the line is masked: the report must not spread it further. */
    uint32_t at = (uint32_t)(line.ptr - s.src->text);
    for (size_t i = 0; i < shown; i++)
        fputc(secret.src && at + i >= secret.start && at + i < secret.end ? '*' : line.ptr[i], f);
    fputs(shown < line.len ? " ...\n" : "\n", f);
    fprintf(f, "%*s %s|%s %s", w, "", dim, reset, cut_left ? "    " : "");
    uint32_t a = s.start - line_start;
    uint32_t b = s.end > s.start ? s.end - line_start : a + 1;
    if (b > line.len)
        b = (uint32_t)line.len > a ? (uint32_t)line.len : a + 1;
    if (a > shown)
        a = (uint32_t)shown;
    if (b > shown + 1)
        b = (uint32_t)shown + 1;
    for (uint32_t i = 0; i < a; i++) {
        unsigned char c = (unsigned char)line.ptr[i];
        if ((c & 0xC0) == 0x80)
            continue; /* one caret column per character */
        fputc(c == '\t' ? '\t' : ' ', f);
    }
    if (o->color)
        fputs("\033[1;32m", f);
    for (uint32_t i = a; i < b; i++) {
        unsigned char c = i < line.len ? (unsigned char)line.ptr[i] : ' ';
        if ((c & 0xC0) != 0x80)
            fputc('^', f);
    }
    fprintf(f, "%s\n", reset);
}

int sg_report_text(FILE *f, sg_run *r, const sg_opts *o)
{
    const char *bold = o->color ? "\033[1m" : "";
    const char *reset = o->color ? "\033[0m" : "";
    size_t count[4] = {0}, suppressed = 0;
    for (size_t i = 0; i < r->e->diags.len; i++) {
        const sg_diag *d = r->e->diags.items[i];
        if (d->suppressed) {
            suppressed++;
            if (!o->show_suppressed)
                continue;
        } else {
            count[d->level]++;
        }
        sg_region g = sg_report_region(d->span);
        const char *path = d->span.src ? d->span.src->path : "-";
        fprintf(f, "%s%s:%u:%u:%s %s%s%s[%s]%s: %s%s%s\n", bold, path, g.line, g.col, reset,
                color(o, d->level), sg_level_name(d->level), reset, d->rule_id, reset, bold,
                d->message, reset);
        if (d->span.src)
            snippet(f, o, d->span, d->secret, &g);
        if (d->related.src) {
            sg_region rg = sg_report_region(d->related);
            fprintf(f, "      = note: %s: %s%s%s:%u:%u\n",
                    d->related_message ? d->related_message : "see also", d->related.src->path,
                    d->related.src->rev ? "@" : "", d->related.src->rev ? d->related.src->rev : "",
                    rg.line, rg.col);
        }
        if (d->help)
            fprintf(f, "      = help: %s\n", d->help);
        if (d->suppressed)
            fprintf(f, "      = suppressed%s%s\n", d->suppression && *d->suppression ? ": " : "",
                    d->suppression ? d->suppression : "");
        fputc('\n', f);
    }
    /* I/O errors go to stderr (main.c); the other notices belong to the report. */
    for (size_t i = 0; i < r->notices.len; i++)
        if (strncmp(r->notices.items[i], "error: ", 7) != 0)
            fprintf(f, "schemaguard: %s\n", r->notices.items[i]);
    size_t total = count[SG_LEVEL_ERROR] + count[SG_LEVEL_WARNING] + count[SG_LEVEL_NOTE];
    if (total == 0)
        fprintf(f, "schemaguard: no findings in %zu file%s", r->files, r->files == 1 ? "" : "s");
    else
        fprintf(f, "schemaguard: %zu error%s, %zu warning%s, %zu note%s in %zu file%s",
                count[SG_LEVEL_ERROR], count[SG_LEVEL_ERROR] == 1 ? "" : "s",
                count[SG_LEVEL_WARNING], count[SG_LEVEL_WARNING] == 1 ? "" : "s",
                count[SG_LEVEL_NOTE], count[SG_LEVEL_NOTE] == 1 ? "" : "s", r->files,
                r->files == 1 ? "" : "s");
    if (suppressed)
        fprintf(f, " (%zu suppressed%s)", suppressed,
                o->show_suppressed ? "" : ", shown with --show-suppressed");
    fputc('\n', f);
    return 0;
}
