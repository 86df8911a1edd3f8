/* set-not-null: an existing nullable column becomes NOT NULL with no backfill in the change
 * (net.c marks backfilled ones quiet). Rationale and examples: set_not_null.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_SET_NOT_NULL || !ch->existing)
        return;
    sg_report_opts o = {.related = ch->related,
                        .related_message = ch->related_message ? ch->related_message
                                                               : "the column was declared here"};
    sg_reportx(cx, &o, ch->at,
               "column \"%.*s\" of table \"%.*s\" becomes NOT NULL with no backfill: the "
               "migration fails if a row holds NULL",
               SG_STR_FMT(ch->name), SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_set_not_null = {
    .id = "set-not-null",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "An existing nullable column becomes NOT NULL with no backfill",
    .help = "Backfill first (UPDATE ... SET col = ... WHERE col IS NULL), then SET NOT NULL",
    .tags = "deploy",
    .on_change = on_change,
};
