/* drop-enum-value: values disappear from an existing enum (an SQL enum recreated without them,
 * found by net.c; a Prisma enum or Drizzle pgEnum, found by diff.c). Rationale and examples:
 * drop_enum_value.md. */
#include "rule.h"

static void on_change(sg_ctx *cx, const sg_change *ch)
{
    if (ch->kind != SG_CHANGE_DROP_ENUM_VALUE || !ch->existing || ch->values.len == 0)
        return;
    const char *vals = "";
    for (size_t i = 0; i < ch->values.len; i++)
        vals = sg_arena_printf(sg_ctx_arena(cx), "%s%s'%.*s'", vals, i ? ", " : "",
                               SG_STR_FMT(ch->values.items[i]));
    sg_report_opts o = {.related = ch->related, .related_message = ch->related_message};
    sg_reportx(cx, &o, ch->at, "enum \"%.*s\" loses value%s %s: rows holding %s make the "
               "migration fail, and code still writing %s breaks",
               SG_STR_FMT(ch->table), ch->values.len == 1 ? "" : "s", vals,
               ch->values.len == 1 ? "it" : "them", ch->values.len == 1 ? "it" : "them");
}

const sg_rule sg_rule_drop_enum_value = {
    .id = "drop-enum-value",
    .level = SG_LEVEL_ERROR,
    .inputs = SG_IN_SQL | SG_IN_PRISMA | SG_IN_DRIZZLE,
    .summary = "A value disappears from an existing enum",
    .help = "Move the rows off the value first (UPDATE ... SET col = 'OTHER' WHERE col = "
            "'OLD') and stop writing it in code; or keep the value and stop using it",
    .tags = "data-loss",
    .on_change = on_change,
};
