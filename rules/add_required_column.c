/* add-required-column: a NOT NULL column with no database default added to an existing table.
 * Rationale and examples: add_required_column.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    const sg_column *c = ch->column;
    if (ch->kind != SG_CHANGE_ADD_COLUMN || !ch->existing || !c || !c->not_null)
        return;
    /* Serial, identity and generated columns fill themselves; a default only the ORM client
     * applies (Prisma uuid(), Drizzle $defaultFn) does nothing for the existing rows. */
    if (c->identity || c->generated || (c->has_default && !c->client_default))
        return;
    sg_report(cx, ch->at,
              "column \"%.*s\" is added to table \"%.*s\" as NOT NULL without a default: the "
              "migration fails if the table has rows",
              SG_STR_FMT(ch->name), SG_STR_FMT(ch->table));
}

const sg_rule sg_rule_add_required_column = {
    .id = "add-required-column",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "A NOT NULL column without a database default is added to an existing table",
    .help = "Add the column with a DEFAULT, or add it nullable, backfill it, then SET NOT NULL",
    .tags = "deploy",
    .on_change = on_change,
};
