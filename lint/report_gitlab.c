/* GitLab Code Quality report: a JSON array of issues with description, check_name, fingerprint,
 * severity and location (path, begin line). Suppressed findings are left out. */
#include <jansson.h>

#include "error.h"
#include "report.h"

static const char *severity(sg_level l)
{
    switch (l) {
    case SG_LEVEL_ERROR: return "critical";
    case SG_LEVEL_WARNING: return "major";
    default: return "info";
    }
}

int sg_report_gitlab(FILE *f, sg_run *r, const sg_opts *o)
{
    (void)o;
    size_t n = r->e->diags.len;
    char(*fp)[33] = sg_arena_alloc(r->a, (n + 1) * sizeof *fp);
    sg_report_fingerprints(r, fp);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const sg_diag *d = r->e->diags.items[i];
        if (d->suppressed)
            continue;
        sg_region g = sg_report_region(d->span);
        json_t *j = json_object();
        json_object_set_new(j, "type", json_string("issue"));
        json_object_set_new(j, "description", json_string(d->message));
        json_object_set_new(j, "check_name", json_string(d->rule_id));
        json_object_set_new(j, "fingerprint", json_string(fp[i]));
        json_object_set_new(j, "severity", json_string(severity(d->level)));
        json_t *loc = json_object();
        json_object_set_new(loc, "path", json_string(d->span.src ? d->span.src->path : ""));
        json_t *pos = json_object(), *begin = json_object(), *end = json_object();
        json_object_set_new(begin, "line", json_integer(g.line));
        json_object_set_new(begin, "column", json_integer(g.col));
        json_object_set_new(end, "line", json_integer(g.end_line));
        json_object_set_new(end, "column", json_integer(g.end_col));
        json_object_set_new(pos, "begin", begin);
        json_object_set_new(pos, "end", end);
        json_object_set_new(loc, "positions", pos);
        json_object_set_new(j, "location", loc);
        json_array_append_new(arr, j);
    }
    int rc = json_dumpf(arr, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    fputc('\n', f);
    return rc == 0 ? SG_OK : sg_error_set(SG_EIO, "cannot write the report");
}
