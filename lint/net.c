/* Net-effect analysis of one replayed change set (see net.h): copy steps, backfills, enum
 * recreations, tables dropped and created again, probable renames. It decides which changes
 * lose nothing as a whole and which belong together; it reports nothing (rules do). Change sets
 * are usually small (one migration): plain scans over the list, each bounded to where the kinds
 * it looks for are. */
#include "net.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"

typedef struct net {
    sg_change_list *l;
    size_t n; /* changes from the frontend; synthetic ones are appended after */
    sg_arena *a;
    bool *noop; /* ADD COLUMN of a column already there (replay made it quiet): adds nothing */
    /* Where the first change of each kind is, and one past the last: the scans below look for
     * a few kinds each, so a migration of 100,000 statements of other kinds (40,000 DROP TABLE
     * took 4 s, 200,000 took 3 minutes) does not make them quadratic. */
    size_t first[SG_CHANGE_KIND_COUNT], end[SG_CHANGE_KIND_COUNT];
} net;

/* Narrows [*lo, *hi) to where changes of the kinds ks can be. */
static void clip(const net *nt, const sg_change_kind *ks, size_t nk, size_t *lo, size_t *hi)
{
    size_t f = nt->n, e = 0;
    for (size_t i = 0; i < nk; i++) {
        if (nt->first[ks[i]] < f)
            f = nt->first[ks[i]];
        if (nt->end[ks[i]] > e)
            e = nt->end[ks[i]];
    }
    if (*lo < f)
        *lo = f;
    if (*hi > e)
        *hi = e;
}

#define CLIP(nt, lo, hi, ...)                                                                    \
    clip((nt), (const sg_change_kind[]){__VA_ARGS__},                                            \
         sizeof((const sg_change_kind[]){__VA_ARGS__}) / sizeof(sg_change_kind), &(lo), &(hi))

static bool same_table(const sg_change *x, const sg_change *y)
{
    return sg_str_eq(sg_model_schema_or_public(x->schema), sg_model_schema_or_public(y->schema)) &&
           sg_str_eq(x->table, y->table);
}

static long index_of(const void *items, size_t len, sg_str s)
{
    const sg_str *v = items;
    for (size_t i = 0; i < len; i++)
        if (sg_str_eq(v[i], s))
            return (long)i;
    return -1;
}

#define HAS(vec, s) (index_of((vec).items, (vec).len, (s)) >= 0)

static sg_change *synth(net *nt, sg_change_kind kind, const sg_change *like)
{
    sg_change *ch = sg_arena_alloc(nt->a, sizeof *ch);
    ch->kind = kind;
    ch->origin = like->origin;
    ch->at = like->at;
    ch->stmt = like->stmt;
    ch->schema = like->schema;
    ch->table = like->table;
    ch->existing = true;
    sg_vec_push(nt->a, nt->l, ch);
    return ch;
}

/* A column added (not a no-op IF NOT EXISTS) to the table of ch before index `before`. */
static sg_change *added_before(net *nt, const sg_change *ch, sg_str column, size_t before)
{
    size_t lo = 0, hi = before;
    CLIP(nt, lo, hi, SG_CHANGE_ADD_COLUMN);
    for (size_t j = lo; j < hi; j++) {
        sg_change *a = nt->l->items[j];
        if (a->kind == SG_CHANGE_ADD_COLUMN && !nt->noop[j] && same_table(a, ch) &&
            sg_str_eq(a->name, column))
            return a;
    }
    return NULL;
}

/* ---- copy steps: the data of a dropped column or table was carried over first ---- */

static bool is_qualified(sg_str r, sg_str table, const char *col, size_t col_len)
{
    return table.len && col_len && r.len == table.len + 1 + col_len &&
           memcmp(r.ptr, table.ptr, table.len) == 0 && r.ptr[table.len] == '.' &&
           memcmp(r.ptr + table.len + 1, col, col_len) == 0;
}

/* The table ch inserts into is dropped at or after index `from`: the copy is lost too. */
static bool target_dropped_from(net *nt, const sg_change *ch, size_t from)
{
    size_t lo = from, hi = nt->n;
    CLIP(nt, lo, hi, SG_CHANGE_DROP_TABLE);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *d = nt->l->items[j];
        if (d->kind == SG_CHANGE_DROP_TABLE && same_table(d, ch))
            return true;
    }
    return false;
}

/* INSERT INTO other SELECT col (or *) FROM t: col's values live on in another table. */
static bool inserts_column(net *nt, const sg_change *ins, const sg_change *drop, size_t at)
{
    if (ins->kind != SG_CHANGE_INSERT_SELECT || sg_str_eq(ins->table, drop->table) ||
        target_dropped_from(nt, ins, at + 1))
        return false;
    for (size_t i = 0; i < ins->reads.len; i++)
        if (is_qualified(ins->reads.items[i], drop->table, drop->name.ptr, drop->name.len) ||
            is_qualified(ins->reads.items[i], drop->table, "*", 1))
            return true;
    return false;
}

/* reads holds "table.col": an UPDATE ... FROM table reading col. */
static bool reads_from(const sg_change *u, const sg_change *drop)
{
    for (size_t i = 0; i < u->reads.len; i++)
        if (is_qualified(u->reads.items[i], drop->table, drop->name.ptr, drop->name.len))
            return true;
    return false;
}

/* The column of ch's table is dropped at or after index `from`: what was copied into it is lost
 * after all. */
static bool column_dropped_from(net *nt, const sg_change *ch, sg_str column, size_t from)
{
    size_t lo = from, hi = nt->n;
    CLIP(nt, lo, hi, SG_CHANGE_DROP_COLUMN);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *d = nt->l->items[j];
        if (d->kind == SG_CHANGE_DROP_COLUMN && same_table(d, ch) && sg_str_eq(d->name, column))
            return true;
    }
    return false;
}

/* UPDATE t SET other = <expression of col> (or UPDATE other SET x = t.col FROM t): col's values
 * live on in another column, as long as that one is not dropped too. `before` is the index of
 * the drop. */
static sg_change *copies_column(net *nt, const sg_change *drop, size_t before)
{
    size_t lo = 0, hi = before;
    CLIP(nt, lo, hi, SG_CHANGE_INSERT_SELECT, SG_CHANGE_UPDATE);
    for (size_t j = lo; j < hi; j++) {
        sg_change *u = nt->l->items[j];
        if (inserts_column(nt, u, drop, before))
            return u;
        if (u->kind != SG_CHANGE_UPDATE)
            continue;
        if (!(same_table(u, drop) && HAS(u->reads, drop->name)) && !reads_from(u, drop))
            continue;
        for (size_t k = 0; k < u->values.len && k < u->set_kinds.len; k++)
            if (u->set_kinds.items[k] == SG_SET_COPY &&
                (!same_table(u, drop) || !sg_str_eq(u->values.items[k], drop->name)) &&
                !column_dropped_from(nt, u, u->values.items[k], before + 1))
                return u;
    }
    return NULL;
}

/* INSERT INTO other SELECT ... FROM t: t's rows live on in another table. */
static bool copies_table(net *nt, const sg_change *drop, size_t before)
{
    size_t lo = 0, hi = before;
    CLIP(nt, lo, hi, SG_CHANGE_INSERT_SELECT);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *c = nt->l->items[j];
        if (c->kind == SG_CHANGE_INSERT_SELECT && HAS(c->reads, drop->table) &&
            !sg_str_eq(c->table, drop->table) && !target_dropped_from(nt, c, before + 1))
            return true;
    }
    return false;
}

/* Every row of the table goes: DROP TABLE, TRUNCATE, DELETE with no WHERE. */
static bool empties_table(const sg_change *ch)
{
    return ch->kind == SG_CHANGE_DROP_TABLE || ch->kind == SG_CHANGE_TRUNCATE ||
           (ch->kind == SG_CHANGE_DELETE && !ch->has_where);
}

/* A TRUNCATE or a DELETE with no WHERE of the table of ch before `before`. */
static bool emptied_before(net *nt, const sg_change *ch, size_t before)
{
    size_t lo = 0, hi = before;
    CLIP(nt, lo, hi, SG_CHANGE_TRUNCATE, SG_CHANGE_DELETE);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *e = nt->l->items[j];
        if (e->kind != SG_CHANGE_DROP_TABLE && empties_table(e) && same_table(e, ch))
            return true;
    }
    return false;
}

static void copy_steps(net *nt)
{
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *d = nt->l->items[i];
        if (!d->existing || d->quiet)
            continue;
        if (d->kind == SG_CHANGE_DROP_COLUMN) {
            sg_change *u = copies_column(nt, d, i);
            if (u) {
                d->quiet = true;
                if (u->kind == SG_CHANGE_UPDATE)
                    u->quiet = true; /* the copy step itself is no update-without-where */
            } else if (emptied_before(nt, d, i)) {
                d->quiet = true; /* the rows went first: the DELETE or TRUNCATE is reported */
            }
        } else if (empties_table(d) && copies_table(nt, d, i)) {
            d->quiet = true;
        }
    }
}

/* ---- probable renames: an existing column dropped, a compatible one added, no copy ---- */

static bool known(const sg_type *t)
{
    return !t->unknown && t->name.len > 0;
}

/* Dropped again later in the change: the added column is not where anything went. */
static bool dropped_after(net *nt, const sg_change *add, size_t after)
{
    size_t lo = after + 1, hi = nt->n;
    CLIP(nt, lo, hi, SG_CHANGE_DROP_COLUMN);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *d = nt->l->items[j];
        if (d->kind == SG_CHANGE_DROP_COLUMN && same_table(d, add) && sg_str_eq(d->name, add->name))
            return true;
    }
    return false;
}

/* Names that read alike: equal but for case and underscores (createdAt / created_at) score 2,
 * one inside the other (accessTokensUrls / accessTokensUrl, version / versionId) 1. */
static int name_likeness(sg_str a, sg_str b)
{
    char x[64], y[64];
    size_t nx = 0, ny = 0;
    for (size_t i = 0; i < a.len && nx < sizeof x; i++)
        if (a.ptr[i] != '_')
            x[nx++] = (char)(a.ptr[i] | 0x20);
    for (size_t i = 0; i < b.len && ny < sizeof y; i++)
        if (b.ptr[i] != '_')
            y[ny++] = (char)(b.ptr[i] | 0x20);
    if (nx == ny && memcmp(x, y, nx) == 0)
        return 2;
    sg_str sx = {x, nx}, sy = {y, ny};
    const sg_str *shortr = nx < ny ? &sx : &sy, *longr = nx < ny ? &sy : &sx;
    if (shortr->len >= 3 && (memcmp(longr->ptr, shortr->ptr, shortr->len) == 0 ||
                             memcmp(longr->ptr + longr->len - shortr->len, shortr->ptr,
                                    shortr->len) == 0))
        return 1;
    return 0;
}

typedef struct pair {
    sg_change *drop, *add;
    int score;
    size_t order;
} pair;

static int cmp_pair(const void *pa, const void *pb)
{
    const pair *a = pa, *b = pb;
    if (a->score != b->score)
        return b->score - a->score;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool rename_candidate(net *nt, const sg_change *d, const sg_change *a, size_t ai)
{
    return a->kind == SG_CHANGE_ADD_COLUMN && !a->quiet && a->column && same_table(a, d) &&
           !sg_str_eq(a->name, d->name) && known(&a->column->type) &&
           sg_diff_types_compatible(&d->old_type, &a->column->type) && !dropped_after(nt, a, ai);
}

/* Pairs dropped and added columns best match first: a name that reads alike, then the same
 * type, then the same statement (Prisma writes DROP COLUMN old, ADD COLUMN new in one ALTER
 * TABLE), then statement order. */
static void probable_renames(net *nt)
{
    SG_VEC(pair) ps = {0};
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *d = nt->l->items[i];
        if (d->kind != SG_CHANGE_DROP_COLUMN || !d->existing || d->quiet || !d->column ||
            !known(&d->old_type) || added_before(nt, d, d->name, nt->n))
            continue; /* re-added under its own name: a type change by recreation, no rename */
        size_t lo = 0, hi = nt->n;
        CLIP(nt, lo, hi, SG_CHANGE_ADD_COLUMN);
        for (size_t j = lo; j < hi; j++) {
            sg_change *a = nt->l->items[j];
            if (!rename_candidate(nt, d, a, j))
                continue;
            int score = name_likeness(d->name, a->name) * 4 +
                        (sg_type_eq(&d->old_type, &a->column->type) ? 2 : 0) +
                        (a->stmt.start == d->stmt.start ? 1 : 0);
            pair p = {d, a, score, i * nt->n + j};
            sg_vec_push(nt->a, &ps, p);
        }
    }
    if (ps.len > 1)
        sg_qsort(ps.items, ps.len, sizeof ps.items[0], cmp_pair);
    for (size_t k = 0; k < ps.len; k++) {
        sg_change *d = ps.items[k].drop, *a = ps.items[k].add;
        if (d->partner || a->partner)
            continue;
        sg_change *p = synth(nt, SG_CHANGE_PROBABLE_RENAME_COLUMN, d);
        p->name = d->name;
        p->new_name = a->name;
        p->old_type = d->old_type;
        p->new_type = a->column->type;
        p->column = a->column;
        p->related = a->at;
        p->related_message = "the new column is added here";
        p->partner = d;
        d->partner = p;
        a->partner = p;
    }
}

/* ---- backfills ---- */

/* Before `before`, a change that leaves no NULL in the column: an UPDATE giving it a value in
 * every row where it is NULL (no WHERE, WHERE col IS NULL, SET col = COALESCE(col, ...)), a SET
 * DEFAULT of it (RULES.md counts it), a DELETE of the NULL rows, a TRUNCATE. */
static bool backfilled(net *nt, const sg_change *ch, size_t before)
{
    size_t lo = 0, hi = before;
    CLIP(nt, lo, hi, SG_CHANGE_SET_DEFAULT, SG_CHANGE_DELETE, SG_CHANGE_TRUNCATE,
         SG_CHANGE_UPDATE);
    for (size_t j = lo; j < hi; j++) {
        const sg_change *u = nt->l->items[j];
        if (!same_table(u, ch))
            continue;
        if (u->kind == SG_CHANGE_SET_DEFAULT && sg_str_eq(u->name, ch->name))
            return true;
        /* The rows holding NULL are deleted (or all rows are): none is left to fail. */
        if ((u->kind == SG_CHANGE_DELETE &&
             (!u->has_where || sg_str_eq(u->where_null, ch->name))) ||
            u->kind == SG_CHANGE_TRUNCATE)
            return true;
        if (u->kind != SG_CHANGE_UPDATE)
            continue;
        long k = index_of(u->values.items, u->values.len, ch->name);
        if (k < 0)
            continue;
        if (!u->has_where || sg_str_eq(u->where_null, ch->name) ||
            ((size_t)k < u->set_kinds.len && u->set_kinds.items[k] == SG_SET_FILL_NULL))
            return true;
    }
    return false;
}

static void backfills(net *nt)
{
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *ch = nt->l->items[i];
        if (!ch->existing || ch->quiet)
            continue;
        if (ch->kind == SG_CHANGE_SET_NOT_NULL) {
            /* replay records the column's nullability before the change in old_type.unknown. */
            bool was_not_null = ch->column && !ch->old_type.unknown;
            if (was_not_null || backfilled(nt, ch, i))
                ch->quiet = true;
        } else if (ch->kind == SG_CHANGE_ADD_COLUMN && emptied_before(nt, ch, i)) {
            ch->quiet = true; /* no row is left to need a value */
        } else if (ch->kind == SG_CHANGE_UPDATE && !ch->has_where) {
            /* Every target is a column added in this change (a backfill), a copy from another
             * column, or a COALESCE that only fills NULLs: no existing value is overwritten. */
            bool harmless = ch->values.len > 0;
            for (size_t k = 0; k < ch->values.len && harmless; k++) {
                sg_set_kind sk = k < ch->set_kinds.len ? ch->set_kinds.items[k] : SG_SET_VALUE;
                harmless = sk != SG_SET_VALUE || added_before(nt, ch, ch->values.items[k], i);
            }
            if (harmless)
                ch->quiet = true;
        }
    }
}

/* ---- tables dropped and created again ---- */

static void recreations(net *nt)
{
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *d = nt->l->items[i];
        if (d->kind != SG_CHANGE_DROP_TABLE || !d->existing || d->quiet)
            continue;
        size_t lo = i + 1, hi = nt->n;
        CLIP(nt, lo, hi, SG_CHANGE_CREATE_TABLE);
        for (size_t j = lo; j < hi; j++) {
            sg_change *c = nt->l->items[j];
            if (c->kind == SG_CHANGE_CREATE_TABLE && !c->partner && same_table(c, d)) {
                d->partner = c;
                c->partner = d;
                break;
            }
        }
    }
}

/* ---- enums recreated under their own name ---- */

/* One enum type followed through the change by its names. */
typedef struct etrack {
    sg_str schema;
    SG_VEC(sg_str) names;   /* every name it held, the first one first */
    SG_VEC(sg_str) values;  /* existing: before the change; new: as created, plus ADD VALUE */
    sg_change *origin;      /* CREATE TYPE (new) or the first change that touched it */
    bool existing, dropped;
} etrack;

typedef SG_VEC(etrack *) etrack_list;

static sg_str cur_name(const etrack *t)
{
    return t->names.items[t->names.len - 1];
}

static etrack *track_find(etrack_list *ts, const sg_change *ch)
{
    for (size_t i = ts->len; i-- > 0;) {
        etrack *t = ts->items[i];
        if (!t->dropped && sg_str_eq(cur_name(t), ch->table) &&
            sg_str_eq(t->schema, sg_model_schema_or_public(ch->schema)))
            return t;
    }
    return NULL;
}

static etrack *track_new(net *nt, etrack_list *ts, sg_change *ch, bool existing)
{
    etrack *t = sg_arena_alloc(nt->a, sizeof *t);
    t->schema = sg_model_schema_or_public(ch->schema);
    t->origin = ch;
    t->existing = existing;
    sg_vec_push(nt->a, &t->names, ch->table);
    for (size_t i = 0; i < ch->values.len; i++)
        sg_vec_push(nt->a, &t->values, ch->values.items[i]);
    sg_vec_push(nt->a, ts, t);
    return t;
}

static void follow_enums(net *nt, etrack_list *ts)
{
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *ch = nt->l->items[i];
        etrack *t = NULL;
        switch (ch->kind) {
        case SG_CHANGE_CREATE_ENUM:
            if (!ch->existing)
                track_new(nt, ts, ch, false);
            break;
        case SG_CHANGE_RENAME_ENUM:
            t = track_find(ts, ch);
            if (!t && ch->existing)
                t = track_new(nt, ts, ch, true);
            if (t)
                sg_vec_push(nt->a, &t->names, ch->new_name);
            break;
        case SG_CHANGE_DROP_ENUM:
            t = track_find(ts, ch);
            if (!t && ch->existing)
                t = track_new(nt, ts, ch, true);
            if (t)
                t->dropped = true;
            break;
        case SG_CHANGE_ADD_ENUM_VALUE:
            t = track_find(ts, ch);
            if (t && !t->existing)
                sg_vec_push(nt->a, &t->values, ch->name);
            break;
        default:
            break;
        }
    }
}

/* The column type changes from the old enum (any of its names) to the replacement: steps of
 * the recreation, not type changes of their own. */
static void quiet_type_swaps(net *nt, const etrack *old, const etrack *rep)
{
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *ch = nt->l->items[i];
        if (ch->kind == SG_CHANGE_ALTER_COLUMN_TYPE && HAS(old->names, ch->old_type.name) &&
            HAS(rep->names, ch->new_type.name) &&
            ch->old_type.array_dims == ch->new_type.array_dims)
            ch->quiet = true;
    }
    /* drizzle-kit's form goes through another type: the column is cast to text before the
     * enum is dropped and recreated, and cast back after. The pair nets to no type change. */
    for (size_t i = 0; i < nt->n; i++) {
        sg_change *out = nt->l->items[i];
        if (out->kind != SG_CHANGE_ALTER_COLUMN_TYPE || out->quiet ||
            !HAS(old->names, out->old_type.name))
            continue;
        for (size_t j = i + 1; j < nt->n; j++) {
            sg_change *back = nt->l->items[j];
            if (back->kind == SG_CHANGE_ALTER_COLUMN_TYPE && sg_str_eq(back->table, out->table) &&
                sg_str_eq(back->name, out->name) && sg_type_eq(&back->old_type, &out->new_type) &&
                HAS(rep->names, back->new_type.name) &&
                back->new_type.array_dims == out->old_type.array_dims) {
                out->quiet = back->quiet = true;
                break;
            }
        }
    }
}

static void enum_recreations(net *nt)
{
    etrack_list ts = {0};
    follow_enums(nt, &ts);
    for (size_t i = 0; i < ts.len; i++) {
        const etrack *old = ts.items[i];
        sg_str name = old->names.items[0];
        if (!old->existing || (!old->dropped && old->names.len == 1))
            continue; /* new, or still holding its name */
        const etrack *rep = NULL;
        for (size_t j = 0; j < ts.len && !rep; j++) {
            const etrack *t = ts.items[j];
            if (!t->existing && !t->dropped && sg_str_eq(cur_name(t), name) &&
                sg_str_eq(t->schema, old->schema))
                rep = t;
        }
        if (!rep)
            continue;
        quiet_type_swaps(nt, old, rep);
        sg_change *lost = NULL;
        for (size_t k = 0; k < old->values.len; k++) {
            if (HAS(rep->values, old->values.items[k]))
                continue;
            if (!lost) {
                lost = synth(nt, SG_CHANGE_DROP_ENUM_VALUE, rep->origin);
                lost->schema = old->schema;
                lost->table = name;
                lost->name = name;
                lost->related = old->origin->related;
                lost->related_message = "the enum was declared here";
            }
            sg_vec_push(nt->a, &lost->values, old->values.items[k]);
        }
    }
}

void sg_net_analyze(sg_change_list *changes, sg_arena *a)
{
    net nt = {changes, changes->len, a, sg_arena_alloc(a, changes->len + 1), {0}, {0}};
    for (size_t k = 0; k < SG_CHANGE_KIND_COUNT; k++)
        nt.first[k] = nt.n;
    for (size_t i = 0; i < nt.n; i++) {
        sg_change_kind k = changes->items[i]->kind;
        nt.noop[i] = k == SG_CHANGE_ADD_COLUMN && changes->items[i]->quiet;
        if (nt.first[k] == nt.n)
            nt.first[k] = i;
        nt.end[k] = i + 1;
    }
    copy_steps(&nt);
    probable_renames(&nt);
    backfills(&nt);
    recreations(&nt);
    enum_recreations(&nt);
}
