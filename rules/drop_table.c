/* drop-table: an existing table is dropped. Rationale and examples: drop_table.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    /* A table created again in the same change is reported by recreate-table (partner). */
    if (ch->kind != SG_CHANGE_DROP_TABLE || !ch->existing || ch->partner)
        return;
    sg_report_opts o = {.related = ch->related, .related_message = "the table was created here"};
    sg_reportx(cx, &o, ch->at, "table \"%.*s\" is dropped with all its rows",
               SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_drop_table = {
    .id = "drop-table",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "An existing table is dropped, with all its data",
    .help = "Stop using the table in code first, deploy, back it up or rename it away "
            "(ALTER TABLE ... RENAME TO ..._deprecated), and drop it in a later release",
    .tags = "data-loss",
    .on_change = on_change,
};
