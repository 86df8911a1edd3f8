/* migration-history-removed: a migration that exists at the base revision is gone. versions.c
 * finds it and emits the change at the nearest remaining migration; rationale in the .md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_MIGRATION_REMOVED)
        return;
    const char *rev = ch->related.src && ch->related.src->rev ? ch->related.src->rev : "the base";
    const char *path = ch->related.src ? ch->related.src->path : "";
    sg_report_opts o = {.related = ch->related, .related_message = ch->related_message};
    sg_reportx(cx, &o, ch->at,
               "migration \"%.*s\" (%s) exists at %s and was deleted: databases that applied it "
               "keep its changes, and migration tools that check the history refuse to deploy",
               SG_STR_FMT(ch->name), path, rev);
}

const sg_rule sg_rule_migration_history_removed = {
    .id = "migration-history-removed",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_HISTORY,
    .summary = "A migration that exists at the base revision was deleted",
    .help = "Restore the deleted migration; to undo what it did, add a new migration that "
            "reverses it",
    .tags = "migration-history",
    .on_change = on_change,
};
