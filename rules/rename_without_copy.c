/* rename-without-copy: a probable rename (a column dropped while a compatible one is added, or a
 * table replaced by one of the same shape) whose data is not carried over. net.c finds them in
 * SQL, diff.c in schema files. Rationale and examples: rename_without_copy.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    sg_report_opts o = {.related = ch->related, .related_message = ch->related_message};
    if (ch->kind == SG_CHANGE_PROBABLE_RENAME_COLUMN)
        sg_reportx(cx, &o, ch->at,
                   "column \"%.*s\" of table \"%.*s\" is dropped while \"%.*s\" is added: a "
                   "probable rename that loses the data of \"%.*s\"",
                   SG_STR_FMT(ch->name), SG_STR_FMT(ch->table), SG_STR_FMT(ch->new_name),
                   SG_STR_FMT(ch->name));
    else if (ch->kind == SG_CHANGE_PROBABLE_RENAME_TABLE)
        sg_reportx(cx, &o, ch->at,
                   "table \"%.*s\" is dropped while \"%.*s\" is created with the same columns: a "
                   "probable rename that loses every row of \"%.*s\"",
                   SG_STR_FMT(ch->name), SG_STR_FMT(ch->new_name), SG_STR_FMT(ch->name));
}

const sg_rule sg_rule_rename_without_copy = {
    .id = "rename-without-copy",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "A probable rename drops the old column or table instead of renaming it",
    .help = "Rename in place (ALTER TABLE ... RENAME COLUMN old TO new), or copy the data "
            "(UPDATE ... SET new = old) before dropping the old column; in a schema file, keep "
            "the column name with @map / the column name argument",
    .tags = "data-loss",
    .on_change = on_change,
};
