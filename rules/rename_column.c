/* rename-column: ALTER TABLE ... RENAME COLUMN on an existing table. Rationale and examples:
 * rename_column.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_RENAME_COLUMN || !ch->existing)
        return;
    sg_report(cx, ch->at,
              "column \"%.*s\" of table \"%.*s\" is renamed to \"%.*s\": code still using the "
              "old name fails",
              SG_STR_FMT(ch->name), SG_STR_FMT(ch->table), SG_STR_FMT(ch->new_name));
}

const sg_rule sg_rule_rename_column = {
    .id = "rename-column",
    .level = SG_LEVEL_WARNING,
    .inputs = SG_IN_SQL,
    .summary = "A column of an existing table is renamed while code may still use the old name",
    .help = "Add the new column, write both, backfill, switch reads, and drop the old column "
            "in a later release (expand and contract)",
    .tags = "deploy",
    .on_change = on_change,
};
