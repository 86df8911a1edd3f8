/* delete-without-where: DELETE FROM an existing table with no WHERE. Rationale and examples:
 * delete_without_where.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_DELETE || !ch->existing || ch->has_where)
        return;
    sg_report(cx, ch->at, "DELETE without WHERE removes every row of table \"%.*s\"",
              SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_delete_without_where = {
    .id = "delete-without-where",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "DELETE with no WHERE clause empties an existing table",
    .help = "Add a WHERE clause that selects only the rows that must go",
    .tags = "data-loss",
    .on_change = on_change,
};
