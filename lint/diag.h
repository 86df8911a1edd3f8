/* Diagnostics: findings with exact spans, as rules report them and reporters print them. */
#ifndef SG_DIAG_H
#define SG_DIAG_H

#include <stdbool.h>

#include "source.h"
#include "vec.h"

typedef enum sg_level {
    SG_LEVEL_OFF = 0,
    SG_LEVEL_NOTE,
    SG_LEVEL_WARNING,
    SG_LEVEL_ERROR
} sg_level;

struct sg_rule;

typedef struct sg_diag {
    const struct sg_rule *rule;
    const char *rule_id;
    sg_level level;
    sg_span span;
    const char *message;
    const char *help;
    sg_span related;             /* optional: src == NULL when absent */
    const char *related_message;
    bool suppressed;
    const char *suppression;     /* the reason given in the ignore comment, or "" */
    sg_span suppressed_by;       /* the ignore comment */
    sg_span secret;              /* bytes no reporter may print (a literal password), or none */
} sg_diag;

typedef SG_VEC(sg_diag *) sg_diag_list;

const char *sg_level_name(sg_level l);
/** Parses "off", "note", "warning", "error" (and "info" as note). Returns -1 if unknown. */
int sg_level_parse(const char *s);
/** Sorts by (path, start offset, rule id, message). */
void sg_diag_sort(sg_diag_list *l);

#endif
