/* truncate-table: TRUNCATE of an existing table. Rationale and examples: truncate_table.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_TRUNCATE || !ch->existing)
        return;
    sg_report(cx, ch->at, "every row of table \"%.*s\" is deleted by TRUNCATE%s",
              SG_STR_FMT(ch->table),
              ch->cascade ? " (CASCADE empties the tables referencing it too)" : "");
}

const sg_rule sg_rule_truncate_table = {
    .id = "truncate-table",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "An existing table is emptied with TRUNCATE",
    .help = "Delete only the rows that must go (DELETE ... WHERE ...), or copy the table aside "
            "first (CREATE TABLE ..._backup AS TABLE ...)",
    .tags = "data-loss",
    .on_change = on_change,
};
