/* create-index-non-concurrently: CREATE INDEX on an existing table without CONCURRENTLY.
 * Rationale and examples: create_index_non_concurrently.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_CREATE_INDEX || !ch->existing || ch->concurrently)
        return;
    sg_report(cx, ch->at,
              "%sindex %s%.*s%son table \"%.*s\" is built without CONCURRENTLY: writes to the "
              "table block until it is built",
              ch->unique ? "unique " : "", ch->name.len ? "\"" : "", SG_STR_FMT(ch->name),
              ch->name.len ? "\" " : "", SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_create_index_non_concurrently = {
    .id = "create-index-non-concurrently",
    .level = SG_LEVEL_WARNING,
    .inputs = SG_IN_SQL,
    .summary = "An index on an existing table is built without CONCURRENTLY, blocking writes",
    .help = "CREATE INDEX CONCURRENTLY, in a migration of its own that does not run inside a "
            "transaction",
    .tags = "deploy,locking",
    .on_change = on_change,
};
