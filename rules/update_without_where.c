/* update-without-where: UPDATE of an existing table with no WHERE. Copy steps and backfills are
 * marked quiet by net.c and never reach the rule. Rationale and examples:
 * update_without_where.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_UPDATE || !ch->existing || ch->has_where)
        return;
    const char *cols = "";
    for (size_t i = 0; i < ch->values.len; i++)
        cols = sg_arena_printf(sg_ctx_arena(cx), "%s%s\"%.*s\"", cols, i ? ", " : "",
                               SG_STR_FMT(ch->values.items[i]));
    sg_report(cx, ch->at, "UPDATE without WHERE overwrites %s%s in every row of table \"%.*s\"",
              ch->values.len > 1 ? "columns " : ch->values.len ? "column " : "the row", cols,
              SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_update_without_where = {
    .id = "update-without-where",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "UPDATE with no WHERE clause overwrites a column in every row of an existing table",
    .help = "Add a WHERE clause that selects only the rows to change (for a backfill: WHERE col "
            "IS NULL)",
    .tags = "data-loss",
    .on_change = on_change,
};
