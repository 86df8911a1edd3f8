/* Levels and the canonical order of findings. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "rule.h"

const char *sg_level_name(sg_level l)
{
    switch (l) {
    case SG_LEVEL_OFF: return "off";
    case SG_LEVEL_NOTE: return "note";
    case SG_LEVEL_WARNING: return "warning";
    case SG_LEVEL_ERROR: return "error";
    }
    return "off";
}

int sg_level_parse(const char *s)
{
    if (strcmp(s, "off") == 0 || strcmp(s, "none") == 0)
        return SG_LEVEL_OFF;
    if (strcmp(s, "note") == 0 || strcmp(s, "info") == 0)
        return SG_LEVEL_NOTE;
    if (strcmp(s, "warning") == 0 || strcmp(s, "warn") == 0)
        return SG_LEVEL_WARNING;
    if (strcmp(s, "error") == 0)
        return SG_LEVEL_ERROR;
    return -1;
}

static int cmp(const void *pa, const void *pb)
{
    const sg_diag *a = *(sg_diag *const *)pa, *b = *(sg_diag *const *)pb;
    const char *pa_ = a->span.src ? a->span.src->path : "";
    const char *pb_ = b->span.src ? b->span.src->path : "";
    int c = strcmp(pa_, pb_);
    if (c)
        return c;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    c = strcmp(a->rule_id, b->rule_id);
    if (c)
        return c;
    return strcmp(a->message, b->message);
}

void sg_diag_sort(sg_diag_list *l)
{
    if (l->len > 1)
        sg_qsort(l->items, l->len, sizeof l->items[0], cmp);
}
