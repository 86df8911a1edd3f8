/* rename-table: ALTER TABLE ... RENAME TO on an existing table. Rationale and examples:
 * rename_table.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_RENAME_TABLE || !ch->existing)
        return;
    sg_report(cx, ch->at,
              "table \"%.*s\" is renamed to \"%.*s\": code still using the old name fails",
              SG_STR_FMT(ch->table), SG_STR_FMT(ch->new_name));
}

const sg_rule sg_rule_rename_table = {
    .id = "rename-table",
    .level = SG_LEVEL_WARNING,
    .inputs = SG_IN_SQL,
    .summary = "An existing table is renamed while code may still use the old name",
    .help = "Rename it, then create a view with the old name (CREATE VIEW old AS SELECT * FROM "
            "new) until every deployed version uses the new one",
    .tags = "deploy",
    .on_change = on_change,
};
