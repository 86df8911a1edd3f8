/* recreate-table: an existing table dropped and created again in one migration (net.c links the
 * two; drop-table then stays silent), or created again while it exists, without IF NOT EXISTS.
 * Rationale and examples: recreate_table.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_CREATE_TABLE)
        return;
    const sg_change *drop = ch->partner;
    if (drop && drop->kind == SG_CHANGE_DROP_TABLE) {
        sg_report_opts o = {.related = ch->at,
                            .related_message = "the table is created again here"};
        sg_reportx(cx, &o, drop->at,
                   "table \"%.*s\" is dropped and created again: every row it held is lost",
                   SG_STR_FMT(ch->table));
    } else if (ch->existing && !ch->if_not_exists) {
        sg_report_opts o = {.related = ch->related,
                            .related_message = "the table was created here"};
        sg_reportx(cx, &o, ch->at,
                   "table \"%.*s\" already exists: the migration history is out of sync with the "
                   "database",
                   SG_STR_FMT(ch->table));
    }
}

const sg_rule sg_rule_recreate_table = {
    .id = "recreate-table",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "An existing table is dropped and created again, or created while it exists",
    .help = "Change the table in place with ALTER TABLE (ADD COLUMN, ALTER COLUMN ...); never "
            "re-apply the migration that created it",
    .tags = "data-loss",
    .on_change = on_change,
};
