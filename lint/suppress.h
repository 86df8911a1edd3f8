/* In-source suppressions: `-- schemaguard-ignore rule-id[, rule-id] [: reason]` (SQL), `//` in
 * TypeScript/JavaScript and Prisma, `#` in shell, YAML, Dockerfile and Procfile; on the line of
 * the finding or the line above; `schemaguard-ignore-file` for the whole file. */
#ifndef SG_SUPPRESS_H
#define SG_SUPPRESS_H

#include "engine.h"

/** Marks the findings of src (among e->diags[first..]) that an ignore comment covers, and
 * reports ignore comments that name an unknown rule or suppress nothing (unused-suppression). */
void sg_suppress_apply(sg_engine *e, sg_source *src, size_t first);

/** The comment text that suppresses rule_id on the line before `at`, for the LSP code action;
 * NULL for kinds without comments (package.json). */
const char *sg_suppress_comment(sg_arena *a, sg_kind kind, const char *rule_id);

#endif
