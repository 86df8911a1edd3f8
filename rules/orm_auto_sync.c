/* orm-auto-sync: ORM code that alters the live schema to match the models, outside any
 * migration. Matching: rules/queries/orm_auto_sync.scm (lint/code.c); docs: orm_auto_sync.md. */
#include <string.h>

#include "rule.h"

static void on_fact(sg_ctx *cx, const sg_fact *f)
{
    if (f->kind != SG_FACT_ORM_CALL || !f->query || strcmp(f->query, "orm-auto-sync") != 0 ||
        f->value == SG_VALUE_FALSE)
        return;
    if (f->value == SG_VALUE_EXPRESSION) {
        sg_report_opts o = {.level = SG_LEVEL_WARNING};
        sg_reportx(cx, &o, f->at,
                   "%.*s is set by an expression, not literally false: wherever it is true, the "
                   "live schema is altered to match the models, outside any migration",
                   SG_STR_FMT(f->name));
        return;
    }
    sg_report(cx, f->at,
              "%.*s alters the live schema to match the models on every start, outside any "
              "migration: columns can be dropped or rewritten",
              SG_STR_FMT(f->name));
}

const sg_rule sg_rule_orm_auto_sync = {
    .id = "orm-auto-sync",
    .level = SG_LEVEL_WARNING,
    .inputs = SG_IN_CODE,
    .summary = "ORM code syncs the schema automatically (sync alter, synchronize, updateSchema)",
    .help = "Generate a migration for the change, review it, and apply it with the ORM's "
            "migration command; keep auto-sync to local development",
    .tags = "data-loss",
    .on_fact = on_fact,
};
