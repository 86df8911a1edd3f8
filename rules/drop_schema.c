/* drop-schema: DROP SCHEMA of a schema holding tables, or with CASCADE. Rationale and examples:
 * drop_schema.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_DROP_SCHEMA || !ch->existing || (!ch->cascade && ch->count == 0))
        return;
    if (ch->count)
        sg_report(cx, ch->at, "schema \"%.*s\" is dropped%s with the %zu table%s it holds",
                  SG_STR_FMT(ch->name), ch->cascade ? " with CASCADE" : "", ch->count,
                  ch->count == 1 ? "" : "s");
    else
        sg_report(cx, ch->at,
                  "schema \"%.*s\" is dropped with CASCADE, which drops every table, view and "
                  "function in it",
                  SG_STR_FMT(ch->name));
}

const sg_rule sg_rule_drop_schema = {
    .id = "drop-schema",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL,
    .summary = "A schema that holds tables is dropped, or dropped with CASCADE",
    .help = "Drop or move the schema's tables one by one in earlier migrations, then drop the "
            "empty schema without CASCADE (DROP SCHEMA fails while anything is left in it)",
    .tags = "data-loss",
    .on_change = on_change,
};
