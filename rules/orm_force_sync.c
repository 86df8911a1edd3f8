/* orm-force-sync: ORM code that drops tables when it runs. The matching is done by the queries
 * in rules/queries/orm_force_sync.scm (lint/code.c); rationale and examples: orm_force_sync.md. */
#include <string.h>

#include "rule.h"

static void on_fact(sg_ctx *cx, const sg_fact *f)
{
    if (f->kind != SG_FACT_ORM_CALL || !f->query || strcmp(f->query, "orm-force-sync") != 0 ||
        f->value == SG_VALUE_FALSE)
        return;
    if (f->value == SG_VALUE_EXPRESSION) {
        sg_report_opts o = {.level = SG_LEVEL_WARNING};
        sg_reportx(cx, &o, f->at,
                   "%.*s is set by an expression, not literally false: wherever it is true, "
                   "this drops the tables and every row in them",
                   SG_STR_FMT(f->name));
        return;
    }
    sg_report(cx, f->at,
              "%.*s drops the tables and every row in them each time this code runs",
              SG_STR_FMT(f->name));
}

const sg_rule sg_rule_orm_force_sync = {
    .id = "orm-force-sync",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_CODE,
    .summary = "ORM code drops tables or the schema when it runs (sync force, dropSchema)",
    .help = "Remove it from code that can reach a real database; change the schema with "
            "migrations, and reset only disposable test databases",
    .tags = "data-loss",
    .on_fact = on_fact,
};
