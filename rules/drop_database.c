/* drop-database: DROP DATABASE in a migration. Rationale and examples: drop_database.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_DROP_DATABASE)
        return;
    sg_report(cx, ch->at, "database \"%.*s\" is dropped with everything in it",
              SG_STR_FMT(ch->name));
}

const sg_rule sg_rule_drop_database = {
    .id = "drop-database",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "A database is dropped",
    .help = "Keep DROP DATABASE out of migrations; retire a database by hand, after a backup",
    .tags = "data-loss",
    .on_change = on_change,
};
