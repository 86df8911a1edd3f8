/* Running rules and collecting findings (see engine.h). The per-finding level is the lesser of
 * the configured level and the level the rule gives that finding (change-column-type reports
 * int -> bigint as a warning even when the rule is an error). */
#include "engine.h"

#include <stdarg.h>
#include <string.h>

struct sg_ctx {
    sg_engine *e;
    const sg_rule *rule;
    sg_level level;
    const sg_change_list *changes;
};

sg_engine *sg_engine_make(sg_arena *a)
{
    sg_engine *e = sg_arena_alloc(a, sizeof *e);
    e->a = a;
    return e;
}

void sg_engine_set_level(sg_engine *e, const char *id, sg_level level)
{
    sg_level_override o = {sg_arena_strdup(e->a, id), level};
    sg_vec_push(e->a, &e->levels, o);
}

sg_level sg_engine_level(const sg_engine *e, const sg_rule *r)
{
    for (size_t i = e->levels.len; i-- > 0;)
        if (strcmp(e->levels.items[i].id, r->id) == 0)
            return e->levels.items[i].level;
    return r->level;
}

const sg_rule *sg_engine_rule(const sg_engine *e, const char *id)
{
    const sg_rule *r = sg_rule_find(id);
    if (r)
        return r;
    for (size_t i = 0; i < e->extra.len; i++)
        if (strcmp(e->extra.items[i]->id, id) == 0)
            return e->extra.items[i];
    return NULL;
}

static sg_diag *add(sg_engine *e, const sg_rule *r, sg_level level, sg_span at, const char *help,
                    const char *msg)
{
    sg_diag *d = sg_arena_alloc(e->a, sizeof *d);
    d->rule = r;
    d->rule_id = r->id;
    d->level = level;
    d->span = at;
    d->message = msg;
    d->help = help ? help : r->help;
    sg_vec_push(e->a, &e->diags, d);
    return d;
}

static void vreport(sg_ctx *cx, const sg_report_opts *o, sg_span at, const char *fmt, va_list ap)
{
    sg_level level = cx->level;
    if (o && o->level && o->level < level)
        level = o->level;
    char *msg = sg_arena_vprintf(cx->e->a, fmt, ap);
    sg_diag *d = add(cx->e, cx->rule, level, at, o ? o->help : NULL, msg);
    if (o && o->secret.src)
        d->secret = o->secret;
    if (o && o->related.src) {
        d->related = o->related;
        d->related_message = o->related_message;
    }
}

void sg_report(sg_ctx *cx, sg_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cx, NULL, at, fmt, ap);
    va_end(ap);
}

void sg_reportx(sg_ctx *cx, const sg_report_opts *o, sg_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(cx, o, at, fmt, ap);
    va_end(ap);
}

sg_arena *sg_ctx_arena(sg_ctx *cx)
{
    return cx->e->a;
}

const sg_rule *sg_ctx_rule(sg_ctx *cx)
{
    return cx->rule;
}

const sg_change_list *sg_ctx_changes(sg_ctx *cx)
{
    return cx->changes;
}

static void each_rule(sg_engine *e, void (*fn)(sg_ctx *, const sg_rule *, void *), void *arg)
{
    for (size_t i = 0; i < sg_rules_count; i++) {
        const sg_rule *r = sg_rules[i];
        sg_level lv = sg_engine_level(e, r);
        if (lv == SG_LEVEL_OFF || (r->flags & SG_RULE_META))
            continue;
        sg_ctx cx = {e, r, lv, NULL};
        fn(&cx, r, arg);
    }
    for (size_t i = 0; i < e->extra.len; i++) {
        const sg_rule *r = e->extra.items[i];
        sg_level lv = sg_engine_level(e, r);
        if (lv == SG_LEVEL_OFF)
            continue;
        sg_ctx cx = {e, r, lv, NULL};
        fn(&cx, r, arg);
    }
}

static void run_changes(sg_ctx *cx, const sg_rule *r, void *arg)
{
    const sg_change_list *l = arg;
    if (!r->on_change)
        return;
    cx->changes = l;
    for (size_t i = 0; i < l->len; i++) {
        const sg_change *ch = l->items[i];
        if (!ch->quiet && (ch->origin & r->inputs))
            r->on_change(cx, ch);
    }
}

void sg_engine_changes(sg_engine *e, const sg_change_list *changes)
{
    each_rule(e, run_changes, (void *)changes);
}

typedef struct {
    const sg_fact *f;
    size_t n;
} fact_arg;

static void run_facts(sg_ctx *cx, const sg_rule *r, void *arg)
{
    const fact_arg *fa = arg;
    if (!r->on_fact)
        return;
    for (size_t i = 0; i < fa->n; i++)
        if (fa->f[i].origin & r->inputs)
            r->on_fact(cx, &fa->f[i]);
}

void sg_engine_facts(sg_engine *e, const sg_fact *facts, size_t n)
{
    fact_arg fa = {facts, n};
    each_rule(e, run_facts, &fa);
}

sg_diag *sg_engine_report(sg_engine *e, const char *rule_id, sg_span at, const char *help,
                          const char *fmt, ...)
{
    const sg_rule *r = sg_engine_rule(e, rule_id);
    if (!r)
        return NULL;
    sg_level lv = sg_engine_level(e, r);
    if (lv == SG_LEVEL_OFF)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *msg = sg_arena_vprintf(e->a, fmt, ap);
    va_end(ap);
    return add(e, r, lv, at, help, msg);
}

void sg_engine_problem(sg_engine *e, const sg_problem *p)
{
    sg_engine_report(e, "parse-error", p->at, NULL, "%s", p->message);
}
