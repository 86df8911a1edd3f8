/* add-foreign-key-validating: a foreign key added to an existing table without NOT VALID.
 * Rationale and examples: add_foreign_key_validating.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    const sg_constraint *k = ch->constraint;
    if (ch->kind != SG_CHANGE_ADD_CONSTRAINT || !ch->existing || !k ||
        k->kind != SG_CONSTRAINT_FOREIGN || ch->not_valid)
        return;
    const char *locked = sg_str_eq(k->ref_table, ch->table)
                             ? "it is"
                             : sg_arena_printf(sg_ctx_arena(cx), "it and \"%.*s\" are",
                                               SG_STR_FMT(k->ref_table));
    sg_report(cx, ch->at,
              "foreign key %s%.*s%son table \"%.*s\" is validated while it is added: %s locked "
              "while every row is checked",
              ch->name.len ? "\"" : "", SG_STR_FMT(ch->name), ch->name.len ? "\" " : "",
              SG_STR_FMT(ch->table), locked);
}

const sg_rule sg_rule_add_foreign_key_validating = {
    .id = "add-foreign-key-validating",
    .level = SG_LEVEL_WARNING,
    .inputs = SG_IN_SQL,
    .summary = "A foreign key is added to an existing table without NOT VALID",
    .help = "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later "
            "migration",
    .tags = "deploy,locking",
    .on_change = on_change,
};
