/* JSON output: {"version":1,"findings":[...]} as DESIGN.md specifies, suppressed findings
 * included with "suppressed": true. */
#include <jansson.h>

#include "error.h"
#include "report.h"

int sg_report_json(FILE *f, sg_run *r, const sg_opts *o)
{
    (void)o;
    json_t *root = json_object();
    json_t *arr = json_array();
    json_object_set_new(root, "version", json_integer(1));
    for (size_t i = 0; i < r->e->diags.len; i++) {
        const sg_diag *d = r->e->diags.items[i];
        sg_region g = sg_report_region(d->span);
        json_t *j = json_object();
        json_object_set_new(j, "rule", json_string(d->rule_id));
        json_object_set_new(j, "level", json_string(sg_level_name(d->level)));
        json_object_set_new(j, "file", json_string(d->span.src ? d->span.src->path : ""));
        json_object_set_new(j, "line", json_integer(g.line));
        json_object_set_new(j, "column", json_integer(g.col));
        json_object_set_new(j, "end_line", json_integer(g.end_line));
        json_object_set_new(j, "end_column", json_integer(g.end_col));
        json_object_set_new(j, "message", json_string(d->message));
        json_object_set_new(j, "help", d->help ? json_string(d->help) : json_null());
        json_object_set_new(j, "suppressed", json_boolean(d->suppressed));
        json_array_append_new(arr, j);
    }
    json_object_set_new(root, "findings", arr);
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    fputc('\n', f);
    return rc == 0 ? SG_OK : sg_error_set(SG_EIO, "cannot write the report");
}
