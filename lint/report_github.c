/* GitHub Actions workflow commands: one ::error/::warning/::notice line per finding that is not
 * suppressed, with file, line, col, endLine, endColumn and title. */
#include <string.h>

#include "report.h"

/* Workflow command escaping: data escapes %, CR, LF; property values also : and ,. */
static void esc(FILE *f, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", f); break;
        case '\r': fputs("%0D", f); break;
        case '\n': fputs("%0A", f); break;
        case ':': property ? fputs("%3A", f) : fputc(':', f); break;
        case ',': property ? fputs("%2C", f) : fputc(',', f); break;
        default: fputc(*s, f); break;
        }
    }
}

int sg_report_github(FILE *f, sg_run *r, const sg_opts *o)
{
    (void)o;
    for (size_t i = 0; i < r->e->diags.len; i++) {
        const sg_diag *d = r->e->diags.items[i];
        if (d->suppressed)
            continue;
        const char *cmd = d->level == SG_LEVEL_ERROR     ? "error"
                          : d->level == SG_LEVEL_WARNING ? "warning"
                                                         : "notice";
        sg_region g = sg_report_region(d->span);
        fprintf(f, "::%s file=", cmd);
        esc(f, d->span.src ? d->span.src->path : "", true);
        fprintf(f, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", g.line, g.col, g.end_line,
                g.end_col);
        char title[128];
        snprintf(title, sizeof title, "schemaguard %s", d->rule_id);
        esc(f, title, true);
        fputs("::", f);
        esc(f, d->message, false);
        if (d->help) {
            esc(f, "\nhelp: ", false);
            esc(f, d->help, false);
        }
        fputc('\n', f);
    }
    return 0;
}
