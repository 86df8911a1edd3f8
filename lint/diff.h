/* The schema diff: two models (base and head) -> changes, each pointing into the head version
 * with a related location in the base. Used for schema files (Prisma, Drizzle) and for
 * `diff OLD NEW` over SQL. */
#ifndef SG_DIFF_H
#define SG_DIFF_H

#include "change.h"
#include "model.h"

/** Appends to out the changes that turn old into new. origin is the SG_IN_* bit of the input;
 * head_src is where removed things are reported when the head has no better place (may be NULL).
 * Everything in old counts as existing. */
void sg_diff_models(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                    unsigned origin, sg_source *head_src);

/** Whether changing a column from a to b keeps every value: equal types, a safe widening, or
 * an unknown side. */
bool sg_diff_types_compatible(const sg_type *a, const sg_type *b);

#endif
