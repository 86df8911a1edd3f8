/* change-column-type: an existing column's type changes. Safe widenings are silent (see
 * sg_diff_types_compatible); conversions that keep every value but rewrite the table are
 * warnings; the rest are errors. Unknown types never fire. Rationale and examples:
 * change_column_type.md. */
#include "rule.h"

#include "diff.h"

static bool is(const sg_type *t, const char *name)
{
    return sg_str_eq_c(t->name, name);
}

/* Decimal digits an integer type needs before the point: 0 when not an integer type. */
static int int_digits(const sg_type *t)
{
    return is(t, "smallint") ? 5 : is(t, "integer") ? 10 : is(t, "bigint") ? 19 : 0;
}

static int int_rank(const sg_type *t)
{
    return is(t, "smallint") ? 1 : is(t, "integer") ? 2 : is(t, "bigint") ? 3 : 0;
}

static bool is_time(const sg_type *t)
{
    return is(t, "timestamp") || is(t, "timestamptz") || is(t, "time") || is(t, "timetz") ||
           is(t, "interval");
}

/* A raised (or removed) precision of the same time type: no value changes, no rewrite. */
static bool time_widening(const sg_type *a, const sg_type *b)
{
    return is_time(a) && sg_str_eq(a->name, b->name) &&
           (b->nmods == 0 || (a->nmods == 1 && b->mods[0] >= a->mods[0]));
}

/* Every value survives the conversion, but PostgreSQL rewrites the table under an ACCESS
 * EXCLUSIVE lock: integer widening, integers -> floats wide enough, more numeric digits,
 * anything -> unlimited text, json <-> jsonb, timestamp -> timestamptz. */
static bool keeps_values(const sg_type *a, const sg_type *b)
{
    if (int_rank(a) && int_rank(b))
        return int_rank(b) > int_rank(a);
    /* double precision holds every integer up to 2^53, real up to 2^24 */
    if (is(b, "double precision"))
        return is(a, "real") || is(a, "smallint") || is(a, "integer");
    if (is(b, "real"))
        return is(a, "smallint");
    if (is(b, "numeric")) {
        if (b->nmods == 0)
            return int_digits(a) > 0 || is(a, "numeric");
        int b_int = b->mods[0] - (b->nmods == 2 ? b->mods[1] : 0);
        if (int_digits(a))
            return b_int >= int_digits(a);
        if (is(a, "numeric") && a->nmods >= 1) {
            int a_scale = a->nmods == 2 ? a->mods[1] : 0, b_scale = b->nmods == 2 ? b->mods[1] : 0;
            return b_scale >= a_scale && b_int >= a->mods[0] - a_scale;
        }
        return false;
    }
    if ((is(b, "text") || (is(b, "varchar") && b->nmods == 0)) && b->array_dims == 0)
        return true;
    if ((is(a, "json") && is(b, "jsonb")) || (is(a, "jsonb") && is(b, "json")))
        return true;
    return is(a, "timestamp") && is(b, "timestamptz") &&
           (b->nmods == 0 || (a->nmods == 1 && b->mods[0] >= a->mods[0]));
}

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    const sg_type *a = &ch->old_type, *b = &ch->new_type;
    if (ch->kind != SG_CHANGE_ALTER_COLUMN_TYPE || !ch->existing || a->unknown || b->unknown ||
        !a->name.len || !b->name.len)
        return;
    if (sg_diff_types_compatible(a, b) || time_widening(a, b))
        return;
    sg_arena *ar = sg_ctx_arena(cx);
    const char *from = sg_type_format(ar, a), *to = sg_type_format(ar, b);
    sg_report_opts o = {.related = ch->related, .related_message = "the column was declared here"};
    if (a->array_dims == b->array_dims && keeps_values(a, b)) {
        o.level = SG_LEVEL_WARNING;
        o.help = "On a large table, add a new column of the new type, backfill it in batches, "
                 "and switch over in a later migration; otherwise run it in a quiet window";
        sg_reportx(cx, &o, ch->at,
                   "column \"%.*s\" of table \"%.*s\" changes type from %s to %s: values are kept, "
                   "but the table is rewritten under an ACCESS EXCLUSIVE lock",
                   SG_STR_FMT(ch->name), SG_STR_FMT(ch->table), from, to);
        return;
    }
    sg_reportx(cx, &o, ch->at,
               "column \"%.*s\" of table \"%.*s\" changes type from %s to %s: values that do not "
               "convert make the migration fail or are changed",
               SG_STR_FMT(ch->name), SG_STR_FMT(ch->table), from, to);
}

const sg_rule sg_rule_change_column_type = {
    .id = "change-column-type",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "An existing column's type changes to one that does not hold every old value",
    .help = "Add a column of the new type, backfill it with an explicit conversion, switch the "
            "code over, and drop the old column in a later release",
    .tags = "data-loss",
    .on_change = on_change,
};
