/* drop-column: an existing column is dropped. Rationale and examples: drop_column.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    /* Part of a probable rename (partner): rename-without-copy reports it. A copy-step rename
     * is quiet and never gets here. */
    if (ch->kind != SG_CHANGE_DROP_COLUMN || !ch->existing || ch->partner)
        return;
    sg_report_opts o = {.related = ch->related, .related_message = "the column was declared here"};
    sg_reportx(cx, &o, ch->at, "column \"%.*s\" of table \"%.*s\" is dropped with its data",
               SG_STR_FMT(ch->name), SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_drop_column = {
    .id = "drop-column",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "An existing column is dropped, with its data",
    .help = "Stop reading and writing the column in code first, deploy that, then drop it in a "
            "later migration (and back up the data if it may be needed)",
    .tags = "data-loss",
    .on_change = on_change,
};
