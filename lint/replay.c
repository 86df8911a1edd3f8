/* Replaying SQL changes into the model. PostgreSQL semantics where they matter to the rules:
 * dropping a schema with CASCADE drops its tables; a table the history never created is treated
 * as existing (it was made outside the migrations). It does not judge anything. */
#include "replay.h"

#include <string.h>

/* A table the history never created: treated as existing, with no known columns. */
static bool table_existing(const sg_model *m, const sg_table *t)
{
    return !t || sg_model_is_existing(m, t->epoch);
}

/* The model keeps copies of what it takes from changes, so a migration's parse data can be
 * freed as soon as it has been linted (spans point into sources, which live longer). */
static sg_str keep(sg_model *m, sg_str s)
{
    return s.len ? sg_str_dup(m->arena, s) : s;
}

static sg_type keep_type(sg_model *m, sg_type t)
{
    t.name = keep(m, t.name);
    t.schema = keep(m, t.schema);
    return t;
}

static void keep_all(sg_model *m, sg_str *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        items[i] = keep(m, items[i]);
}

#define KEEP_VEC(m, v)                                                                             \
    do {                                                                                           \
        if ((v).len) {                                                                             \
            sg_str *items_ = sg_arena_alloc((m)->arena, (v).len * sizeof *items_);                 \
            memcpy(items_, (v).items, (v).len * sizeof *items_);                                   \
            keep_all((m), items_, (v).len);                                                        \
            (v).items = items_;                                                                    \
            (v).cap = (v).len;                                                                     \
        }                                                                                          \
    } while (0)

static sg_column *copy_column(sg_model *m, const sg_column *src)
{
    sg_column *c = sg_arena_alloc(m->arena, sizeof *c);
    *c = *src;
    c->name = keep(m, c->name);
    c->type = keep_type(m, c->type);
    c->default_expr = keep(m, c->default_expr);
    c->mapped_from = keep(m, c->mapped_from);
    c->epoch = m->epoch;
    return c;
}

static sg_constraint *copy_constraint(sg_model *m, const sg_constraint *src)
{
    sg_constraint *k = sg_arena_alloc(m->arena, sizeof *k);
    *k = *src;
    k->name = keep(m, k->name);
    k->ref_schema = keep(m, k->ref_schema);
    k->ref_table = keep(m, k->ref_table);
    KEEP_VEC(m, k->columns);
    KEEP_VEC(m, k->ref_columns);
    k->epoch = m->epoch;
    return k;
}

static sg_index *copy_index(sg_model *m, const sg_index *src)
{
    sg_index *ix = sg_arena_alloc(m->arena, sizeof *ix);
    *ix = *src;
    ix->name = keep(m, ix->name);
    KEEP_VEC(m, ix->columns);
    ix->epoch = m->epoch;
    return ix;
}

static void create_table(sg_model *m, sg_change *ch)
{
    sg_table *old = sg_model_table(m, ch->schema, ch->table);
    if (old) {
        /* CREATE TABLE of a table that exists: IF NOT EXISTS makes it a no-op; without it the
         * history is out of sync with the database (recreate-table). */
        ch->existing = true;
        ch->related = old->span;
        if (ch->if_not_exists)
            return;
        old->dropped = true;
    }
    sg_table *t = sg_model_add_table(m, ch->schema, ch->table, ch->def->span);
    for (size_t i = 0; i < ch->def->columns.len; i++)
        sg_vec_push(m->arena, &t->columns, copy_column(m, ch->def->columns.items[i]));
    for (size_t i = 0; i < ch->def->constraints.len; i++)
        sg_vec_push(m->arena, &t->constraints, copy_constraint(m, ch->def->constraints.items[i]));
}

static void drop_enum_or_table(sg_model *m, sg_change *ch)
{
    if (ch->kind == SG_CHANGE_DROP_TABLE) {
        sg_table *t = sg_model_table(m, ch->schema, ch->table);
        ch->existing = table_existing(m, t);
        if (t) {
            ch->related = t->span;
            ch->def = t;
            t->dropped = true;
        } else if (ch->if_exists) {
            /* IF EXISTS on a table the history never created may be a no-op or may drop data
             * made outside the migrations: still treated as existing (RULES.md). */
            ch->existing = true;
        }
        return;
    }
    sg_enum *e = sg_model_enum(m, ch->schema, ch->table);
    ch->existing = !e || sg_model_is_existing(m, e->epoch);
    if (e) {
        ch->related = e->span;
        for (size_t i = 0; i < e->values.len; i++)
            sg_vec_push(m->arena, &ch->values, e->values.items[i]);
        e->dropped = true;
    }
}

static void drop_schema(sg_model *m, sg_change *ch)
{
    sg_schema_ns *s = sg_model_schema(m, ch->name);
    ch->existing = !s || sg_model_is_existing(m, s->epoch);
    ch->count = sg_model_tables_in(m, ch->name);
    if (s)
        s->dropped = true;
    if (ch->cascade)
        for (size_t i = 0; i < m->tables.len; i++)
            if (sg_str_eq(m->tables.items[i]->schema, ch->name))
                m->tables.items[i]->dropped = true;
}

void sg_replay_apply(sg_model *m, sg_change *ch)
{
    sg_table *t = NULL;
    sg_column *col = NULL;
    switch (ch->kind) {
    case SG_CHANGE_CREATE_TABLE:
        create_table(m, ch);
        return;
    case SG_CHANGE_DROP_TABLE:
    case SG_CHANGE_DROP_ENUM:
        drop_enum_or_table(m, ch);
        return;
    case SG_CHANGE_RENAME_TABLE:
        t = sg_model_table(m, ch->schema, ch->table);
        ch->existing = table_existing(m, t);
        if (t) {
            t->name = keep(m, ch->new_name);
            sg_model_reindex(m);
        }
        return;
    case SG_CHANGE_CREATE_SCHEMA: {
        if (sg_model_schema(m, ch->name)) {
            ch->existing = true;
            return;
        }
        sg_schema_ns *s = sg_arena_alloc(m->arena, sizeof *s);
        s->name = keep(m, ch->name);
        s->span = ch->at;
        s->epoch = m->epoch;
        sg_vec_push(m->arena, &m->schemas, s);
        return;
    }
    case SG_CHANGE_DROP_SCHEMA:
        drop_schema(m, ch);
        return;
    case SG_CHANGE_RENAME_SCHEMA: {
        sg_schema_ns *s = sg_model_schema(m, ch->name);
        ch->existing = !s || sg_model_is_existing(m, s->epoch);
        sg_str renamed = keep(m, ch->new_name);
        if (s)
            s->name = renamed;
        for (size_t i = 0; i < m->tables.len; i++)
            if (sg_str_eq(m->tables.items[i]->schema, ch->name))
                m->tables.items[i]->schema = renamed;
        sg_model_reindex(m);
        return;
    }
    case SG_CHANGE_DROP_DATABASE:
        ch->existing = true;
        return;
    case SG_CHANGE_CREATE_ENUM: {
        sg_enum *old = sg_model_enum(m, ch->schema, ch->table);
        if (old) {
            ch->existing = true;
            return;
        }
        sg_enum *e = sg_model_add_enum(m, ch->schema, ch->table, ch->at);
        for (size_t i = 0; i < ch->values.len; i++)
            sg_vec_push(m->arena, &e->values, keep(m, ch->values.items[i]));
        return;
    }
    case SG_CHANGE_RENAME_ENUM: {
        sg_enum *e = sg_model_enum(m, ch->schema, ch->table);
        ch->existing = !e || sg_model_is_existing(m, e->epoch);
        if (e) {
            /* The values it holds at the rename: net.c compares an enum recreated under the
             * same name (Prisma's Role_new / Role_old swap) with the one it replaces. */
            ch->related = e->span;
            for (size_t i = 0; i < e->values.len; i++)
                sg_vec_push(m->arena, &ch->values, e->values.items[i]);
            e->name = keep(m, ch->new_name);
        }
        /* Columns of the type follow it: PostgreSQL references types by oid, not by name. */
        for (size_t i = 0; i < m->tables.len; i++) {
            sg_table *tt = m->tables.items[i];
            for (size_t k = 0; !tt->dropped && k < tt->columns.len; k++) {
                sg_type *ty = &tt->columns.items[k]->type;
                if (sg_str_eq(ty->name, ch->table) &&
                    sg_str_eq(sg_model_schema_or_public(ty->schema), ch->schema))
                    ty->name = e ? e->name : keep(m, ch->new_name);
            }
        }
        return;
    }
    case SG_CHANGE_ADD_ENUM_VALUE:
    case SG_CHANGE_RENAME_ENUM_VALUE: {
        sg_enum *e = sg_model_enum(m, ch->schema, ch->table);
        ch->existing = !e || sg_model_is_existing(m, e->epoch);
        if (!e)
            return;
        if (ch->kind == SG_CHANGE_ADD_ENUM_VALUE) {
            sg_vec_push(m->arena, &e->values, keep(m, ch->name));
        } else {
            for (size_t i = 0; i < e->values.len; i++)
                if (sg_str_eq(e->values.items[i], ch->name))
                    e->values.items[i] = keep(m, ch->new_name);
        }
        return;
    }
    case SG_CHANGE_CREATE_INDEX:
        t = sg_model_table(m, ch->schema, ch->table);
        ch->existing = table_existing(m, t);
        if (t) {
            ch->index->epoch = m->epoch;
            sg_vec_push(m->arena, &t->indexes, copy_index(m, ch->index));
        }
        return;
    case SG_CHANGE_DROP_INDEX:
    case SG_CHANGE_RENAME_INDEX: {
        sg_index *ix = sg_model_index(m, ch->schema, ch->name, &t);
        ch->existing = !ix || sg_model_is_existing(m, ix->epoch);
        if (ix && t) {
            ch->table = t->name;
            ch->related = ix->span;
            if (ch->kind == SG_CHANGE_RENAME_INDEX) {
                ix->name = keep(m, ch->new_name);
            } else {
                for (size_t i = 0; i < t->indexes.len; i++)
                    if (t->indexes.items[i] == ix) {
                        memmove(&t->indexes.items[i], &t->indexes.items[i + 1],
                                (t->indexes.len - i - 1) * sizeof ix);
                        t->indexes.len--;
                        break;
                    }
            }
        }
        return;
    }
    case SG_CHANGE_ROLE_PASSWORD:
    case SG_CHANGE_MIGRATION_EDITED:
    case SG_CHANGE_MIGRATION_REMOVED:
    case SG_CHANGE_PROBABLE_RENAME_COLUMN:
    case SG_CHANGE_PROBABLE_RENAME_TABLE:
    case SG_CHANGE_DROP_ENUM_VALUE:
    case SG_CHANGE_KIND_COUNT:
        ch->existing = true;
        return;
    default:
        break;
    }

    /* Table-level changes. */
    t = sg_model_table(m, ch->schema, ch->table);
    ch->existing = table_existing(m, t);
    if (!t)
        return;
    ch->def = t;
    switch (ch->kind) {
    case SG_CHANGE_ADD_COLUMN:
        if (sg_model_column(t, ch->name)) {
            /* IF NOT EXISTS of a present column is a no-op (without it, PostgreSQL raises an
             * error): nothing is added, nothing to judge. */
            ch->existing = true;
            ch->quiet = true;
            return;
        }
        col = copy_column(m, ch->column);
        sg_vec_push(m->arena, &t->columns, col);
        return;
    case SG_CHANGE_DROP_COLUMN:
        col = sg_model_column(t, ch->name);
        if (col) {
            ch->existing = sg_model_is_existing(m, col->epoch) && table_existing(m, t);
            ch->column = col;
            ch->old_type = col->type;
            ch->related = col->span;
            sg_model_drop_column(t, ch->name);
        }
        return;
    case SG_CHANGE_RENAME_COLUMN:
        col = sg_model_column(t, ch->name);
        if (col) {
            ch->existing = sg_model_is_existing(m, col->epoch) && table_existing(m, t);
            ch->column = col;
            col->name = keep(m, ch->new_name);
        }
        return;
    case SG_CHANGE_ALTER_COLUMN_TYPE:
        col = sg_model_column(t, ch->name);
        if (col) {
            ch->existing = sg_model_is_existing(m, col->epoch) && table_existing(m, t);
            ch->old_type = col->type;
            ch->column = col;
            ch->related = col->span;
            col->type = keep_type(m, ch->new_type);
        } else {
            ch->old_type.unknown = true;
        }
        return;
    case SG_CHANGE_SET_NOT_NULL:
    case SG_CHANGE_DROP_NOT_NULL:
    case SG_CHANGE_SET_DEFAULT:
    case SG_CHANGE_DROP_DEFAULT:
        col = sg_model_column(t, ch->name);
        if (!col)
            return;
        ch->existing = sg_model_is_existing(m, col->epoch) && table_existing(m, t);
        ch->column = col;
        ch->related = col->span;
        if (ch->kind == SG_CHANGE_SET_NOT_NULL) {
            ch->old_type.unknown = !col->not_null; /* unused; keeps the old state visible */
            col->not_null = true;
        } else if (ch->kind == SG_CHANGE_DROP_NOT_NULL) {
            col->not_null = false;
        } else {
            col->has_default = ch->kind == SG_CHANGE_SET_DEFAULT;
        }
        return;
    case SG_CHANGE_ADD_CONSTRAINT:
        if (ch->constraint) {
            ch->constraint->epoch = m->epoch;
            sg_vec_push(m->arena, &t->constraints, copy_constraint(m, ch->constraint));
        }
        return;
    case SG_CHANGE_DROP_CONSTRAINT:
        for (size_t i = 0; i < t->constraints.len; i++)
            if (sg_str_eq(t->constraints.items[i]->name, ch->name)) {
                ch->related = t->constraints.items[i]->span;
                memmove(&t->constraints.items[i], &t->constraints.items[i + 1],
                        (t->constraints.len - i - 1) * sizeof t->constraints.items[0]);
                t->constraints.len--;
                break;
            }
        return;
    default:
        return;
    }
}
