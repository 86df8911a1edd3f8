/* JSON output: {"version":1,"findings":[...]} as DESIGN.md specifies, suppressed findings
 * included with "suppressed": true. Written straight to the stream, in jansson's indented
 * layout. */
#include <inttypes.h>

#include "error.h"
#include "json_emit.h"
#include "report.h"

static void field(FILE *f, const char *key)
{
    fputs(",\n      \"", f);
    fputs(key, f);
    fputs("\": ", f);
}

int sg_report_json(FILE *f, sg_run *r, const sg_opts *o)
{
    (void)o;
    fputs("{\n  \"version\": 1,\n  \"findings\": [", f);
    for (size_t i = 0; i < r->e->diags.len; i++) {
        const sg_diag *d = r->e->diags.items[i];
        sg_region g = sg_report_region(d->span);
        fputs(i ? ",\n    {\n      \"rule\": " : "\n    {\n      \"rule\": ", f);
        sg_json_emit_string(f, d->rule_id);
        field(f, "level");
        sg_json_emit_string(f, sg_level_name(d->level));
        field(f, "file");
        sg_json_emit_string(f, d->span.src ? d->span.src->path : "");
        fprintf(f,
                ",\n      \"line\": %" PRIu32 ",\n      \"column\": %" PRIu32
                ",\n      \"end_line\": %" PRIu32 ",\n      \"end_column\": %" PRIu32,
                g.line, g.col, g.end_line, g.end_col);
        field(f, "message");
        sg_json_emit_string(f, d->message);
        field(f, "help");
        if (d->help)
            sg_json_emit_string(f, d->help);
        else
            fputs("null", f);
        field(f, "suppressed");
        fputs(d->suppressed ? "true\n    }" : "false\n    }", f);
    }
    fputs(r->e->diags.len ? "\n  ]\n}\n" : "]\n}\n", f);
    return ferror(f) ? sg_error_set(SG_EIO, "cannot write the report") : SG_OK;
}
