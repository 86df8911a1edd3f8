/* migration-history-edited: a migration that exists at the base revision has different content
 * now. versions.c compares the contents and emits the change; rationale in the .md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_MIGRATION_EDITED)
        return;
    const char *rev = ch->related.src && ch->related.src->rev ? ch->related.src->rev : "the base";
    sg_report_opts o = {.related = ch->related, .related_message = ch->related_message};
    sg_reportx(cx, &o, ch->at,
               "migration \"%.*s\" was already committed at %s and its content changed: "
               "databases that applied it keep the old version, and migration tools that "
               "checksum applied migrations refuse to deploy",
               SG_STR_FMT(ch->name), rev);
}

const sg_rule sg_rule_migration_history_edited = {
    .id = "migration-history-edited",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_HISTORY,
    .summary = "A migration that exists at the base revision was edited",
    .help = "Restore the migration as it was at the base revision and put the change in a new "
            "migration",
    .tags = "migration-history",
    .on_change = on_change,
};
