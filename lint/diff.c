/* Model x model -> changes. Tables and enums are matched by schema-qualified name; columns by
 * name within a table. A column (or table) that disappears while another of a compatible shape
 * appears is a probable rename, reported as one change rather than a drop and an add. */
#include "diff.h"

#include <string.h>

static sg_change *emit(sg_change_list *out, sg_arena *a, sg_change_kind k, unsigned origin,
                       sg_span at)
{
    sg_change *ch = sg_arena_alloc(a, sizeof *ch);
    ch->kind = k;
    ch->origin = origin;
    ch->at = at;
    ch->stmt = at;
    ch->existing = true;
    sg_vec_push(a, out, ch);
    return ch;
}

static bool is_varlen(sg_str n)
{
    return sg_str_eq_c(n, "varchar") || sg_str_eq_c(n, "text") || sg_str_eq_c(n, "char");
}

bool sg_diff_types_compatible(const sg_type *a, const sg_type *b)
{
    if (a->unknown || b->unknown || sg_type_eq(a, b))
        return true;
    if (a->array_dims != b->array_dims)
        return false;
    if (is_varlen(a->name) && is_varlen(b->name)) {
        if (sg_str_eq_c(b->name, "text"))
            return true;
        if (sg_str_eq_c(b->name, "varchar"))
            return b->nmods == 0 || (a->nmods == 1 && b->mods[0] >= a->mods[0] &&
                                     !sg_str_eq_c(a->name, "text"));
        return false;
    }
    if (sg_str_eq_c(a->name, "numeric") && sg_str_eq_c(b->name, "numeric"))
        return b->nmods == 0 ||
               (a->nmods >= 1 && b->mods[0] >= a->mods[0] &&
                (a->nmods == 2 ? a->mods[1] : 0) == (b->nmods == 2 ? b->mods[1] : 0));
    return false;
}

/* Where a removed table used to be, in the head: the head declaration of the next table that
 * survives, else the end of the last one, else the start of the head file. */
static sg_span removed_table_place(const sg_model *old, size_t idx, const sg_model *new_,
                                   sg_source *head_src)
{
    for (size_t i = idx + 1; i < old->tables.len; i++) {
        const sg_table *t = old->tables.items[i];
        if (t->dropped)
            continue;
        sg_table *h = sg_model_table(new_, t->schema, t->name);
        if (h && h->span.src)
            return sg_span_make(h->span.src, h->span.start, h->span.start);
    }
    for (size_t i = new_->tables.len; i-- > 0;) {
        const sg_table *h = new_->tables.items[i];
        if (!h->dropped && h->span.src)
            return sg_span_make(h->span.src, h->span.end, h->span.end);
    }
    return sg_span_make(head_src, 0, 0);
}

/* The head span of a table's declaration cut to its first line: the block header. */
static sg_span header(const sg_table *t)
{
    sg_span s = t->span;
    if (!s.src)
        return s;
    const char *nl = memchr(s.src->text + s.start, '\n', s.end - s.start);
    if (nl)
        s.end = (uint32_t)(nl - s.src->text);
    return s;
}

/* A change to column c of table t: where it is, which table and column it concerns. */
static sg_change *column_change(sg_change_list *out, sg_arena *a, sg_change_kind k,
                                unsigned origin, sg_span at, const sg_table *t, const sg_column *c)
{
    sg_change *ch = emit(out, a, k, origin, at);
    ch->schema = t->schema;
    ch->table = t->name;
    ch->name = c->name;
    ch->column = (sg_column *)c;
    return ch;
}

/* The column of t named `name`, looked for first at position i: the two versions of a table
 * mostly keep their columns in the same order, which makes comparing them linear. */
static sg_column *column_near(const sg_table *t, sg_str name, size_t i)
{
    if (i < t->columns.len && sg_str_eq(t->columns.items[i]->name, name))
        return t->columns.items[i];
    return sg_model_column(t, name);
}

static bool same_shape(const sg_table *a, const sg_table *b)
{
    if (a->columns.len != b->columns.len || a->columns.len == 0)
        return false;
    for (size_t i = 0; i < a->columns.len; i++) {
        sg_column *c = column_near(b, a->columns.items[i]->name, i);
        if (!c || !sg_type_eq(&c->type, &a->columns.items[i]->type))
            return false;
    }
    return true;
}

static void diff_columns(sg_change_list *out, sg_arena *a, const sg_table *ot, const sg_table *nt,
                         unsigned origin)
{
    size_t no = ot->columns.len, nn = nt->columns.len;
    bool *old_gone = sg_arena_alloc(a, no + 1);
    bool *new_added = sg_arena_alloc(a, nn + 1);
    for (size_t i = 0; i < no; i++)
        old_gone[i] = !column_near(nt, ot->columns.items[i]->name, i);
    for (size_t j = 0; j < nn; j++)
        new_added[j] = !column_near(ot, nt->columns.items[j]->name, j);

    /* Probable renames: pair each removed column with the first added one of compatible type,
     * preferring the same position. */
    for (size_t i = 0; i < no; i++) {
        if (!old_gone[i])
            continue;
        const sg_column *oc = ot->columns.items[i];
        long best = -1;
        for (size_t j = 0; j < nn; j++) {
            if (!new_added[j] || !sg_diff_types_compatible(&oc->type, &nt->columns.items[j]->type))
                continue;
            if (best < 0 || j == i)
                best = (long)j;
        }
        if (best < 0)
            continue;
        const sg_column *nc = nt->columns.items[best];
        sg_change *ch =
            column_change(out, a, SG_CHANGE_PROBABLE_RENAME_COLUMN, origin, nc->span, nt, nc);
        ch->name = oc->name;
        ch->new_name = nc->name;
        ch->old_type = oc->type;
        ch->new_type = nc->type;
        ch->related = oc->span;
        ch->related_message = "the old column was declared here";
        old_gone[i] = false;
        /* The new column is still added as far as the database is concerned: a rename the
         * schema file cannot state becomes ADD COLUMN, which fails on existing rows when it is
         * NOT NULL without a default (the SQL of the same change says so too). */
        sg_change *add = column_change(out, a, SG_CHANGE_ADD_COLUMN, origin, nc->span, nt, nc);
        add->new_type = nc->type;
        new_added[best] = false;
    }
    for (size_t i = 0; i < no; i++) {
        if (!old_gone[i])
            continue;
        const sg_column *oc = ot->columns.items[i];
        sg_change *ch = column_change(out, a, SG_CHANGE_DROP_COLUMN, origin, header(nt), nt, oc);
        ch->old_type = oc->type;
        ch->related = oc->span;
        ch->related_message = "the column was declared here";
    }
    for (size_t j = 0; j < nn; j++) {
        const sg_column *nc = nt->columns.items[j];
        if (new_added[j]) {
            sg_change *ch = column_change(out, a, SG_CHANGE_ADD_COLUMN, origin, nc->span, nt, nc);
            ch->new_type = nc->type;
            continue;
        }
        const sg_column *oc = column_near(ot, nc->name, j);
        if (!oc)
            continue;
        if (!sg_type_eq(&oc->type, &nc->type)) {
            sg_change *ch =
                column_change(out, a, SG_CHANGE_ALTER_COLUMN_TYPE, origin, nc->span, nt, nc);
            ch->old_type = oc->type;
            ch->new_type = nc->type;
            ch->related = oc->span;
            ch->related_message = "the column's previous declaration";
        }
        if (!oc->not_null && nc->not_null) {
            sg_change *ch = column_change(out, a, SG_CHANGE_SET_NOT_NULL, origin, nc->span, nt, nc);
            ch->related = oc->span;
            ch->related_message = "the column was nullable here";
        } else if (oc->not_null && !nc->not_null) {
            column_change(out, a, SG_CHANGE_DROP_NOT_NULL, origin, nc->span, nt, nc);
        }
        if (oc->has_default != nc->has_default)
            column_change(out, a, nc->has_default ? SG_CHANGE_SET_DEFAULT : SG_CHANGE_DROP_DEFAULT,
                          origin, nc->span, nt, nc);
    }
}

static void diff_enums(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                       unsigned origin, sg_source *head_src)
{
    for (size_t i = 0; i < old->enums.len; i++) {
        const sg_enum *oe = old->enums.items[i];
        if (oe->dropped)
            continue;
        const sg_enum *ne = sg_model_enum(new_, oe->schema, oe->name);
        if (!ne) {
            sg_change *ch = emit(out, a, SG_CHANGE_DROP_ENUM, origin, sg_span_make(head_src, 0, 0));
            ch->schema = oe->schema;
            ch->table = oe->name;
            ch->name = oe->name;
            ch->related = oe->span;
            for (size_t k = 0; k < oe->values.len; k++)
                sg_vec_push(a, &ch->values, oe->values.items[k]);
            continue;
        }
        sg_change *lost = NULL;
        for (size_t k = 0; k < oe->values.len; k++) {
            bool kept = false;
            for (size_t m = 0; m < ne->values.len && !kept; m++)
                kept = sg_str_eq(oe->values.items[k], ne->values.items[m]);
            if (kept)
                continue;
            if (!lost) {
                lost = emit(out, a, SG_CHANGE_DROP_ENUM_VALUE, origin, ne->span);
                lost->schema = ne->schema;
                lost->table = ne->name;
                lost->name = ne->name;
                lost->related = k < oe->value_spans.len ? oe->value_spans.items[k] : oe->span;
                lost->related_message = "the value was declared here";
            }
            sg_vec_push(a, &lost->values, oe->values.items[k]);
        }
        for (size_t m = 0; m < ne->values.len; m++) {
            bool had = false;
            for (size_t k = 0; k < oe->values.len && !had; k++)
                had = sg_str_eq(oe->values.items[k], ne->values.items[m]);
            if (!had) {
                sg_change *ch = emit(out, a, SG_CHANGE_ADD_ENUM_VALUE, origin,
                                     m < ne->value_spans.len ? ne->value_spans.items[m] : ne->span);
                ch->schema = ne->schema;
                ch->table = ne->name;
                ch->name = ne->values.items[m];
            }
        }
    }
    for (size_t i = 0; i < new_->enums.len; i++) {
        const sg_enum *ne = new_->enums.items[i];
        if (!ne->dropped && !sg_model_enum(old, ne->schema, ne->name)) {
            sg_change *ch = emit(out, a, SG_CHANGE_CREATE_ENUM, origin, ne->span);
            ch->schema = ne->schema;
            ch->table = ne->name;
            ch->name = ne->name;
            ch->existing = false;
        }
    }
}

void sg_diff_models(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                    unsigned origin, sg_source *head_src)
{
    size_t nold = old->tables.len, nnew = new_->tables.len;
    bool *gone = sg_arena_alloc(a, nold + 1);
    bool *added = sg_arena_alloc(a, nnew + 1);
    for (size_t i = 0; i < nold; i++) {
        const sg_table *t = old->tables.items[i];
        gone[i] = !t->dropped && !sg_model_table(new_, t->schema, t->name);
    }
    for (size_t j = 0; j < nnew; j++) {
        const sg_table *t = new_->tables.items[j];
        added[j] = !t->dropped && !sg_model_table(old, t->schema, t->name);
    }
    /* Probable table renames: the same columns under a new name. */
    for (size_t i = 0; i < nold; i++) {
        if (!gone[i])
            continue;
        for (size_t j = 0; j < nnew; j++) {
            if (!added[j] || !same_shape(old->tables.items[i], new_->tables.items[j]))
                continue;
            const sg_table *ot = old->tables.items[i], *nt = new_->tables.items[j];
            sg_change *ch = emit(out, a, SG_CHANGE_PROBABLE_RENAME_TABLE, origin, header(nt));
            ch->schema = nt->schema;
            ch->table = ot->name;
            ch->name = ot->name;
            ch->new_name = nt->name;
            ch->def = (sg_table *)nt;
            ch->related = ot->span;
            ch->related_message = "the old table was declared here";
            gone[i] = added[j] = false;
            break;
        }
    }
    for (size_t i = 0; i < nold; i++) {
        const sg_table *ot = old->tables.items[i];
        if (gone[i]) {
            sg_change *ch = emit(out, a, SG_CHANGE_DROP_TABLE, origin,
                                 removed_table_place(old, i, new_, head_src));
            ch->schema = ot->schema;
            ch->table = ot->name;
            ch->name = ot->name;
            ch->def = (sg_table *)ot;
            ch->related = ot->span;
            ch->related_message = "the table was declared here";
            continue;
        }
        if (ot->dropped)
            continue;
        const sg_table *nt = sg_model_table(new_, ot->schema, ot->name);
        if (nt)
            diff_columns(out, a, ot, nt, origin);
    }
    for (size_t j = 0; j < nnew; j++) {
        if (!added[j])
            continue;
        const sg_table *nt = new_->tables.items[j];
        sg_change *ch = emit(out, a, SG_CHANGE_CREATE_TABLE, origin, header(nt));
        ch->schema = nt->schema;
        ch->table = nt->name;
        ch->def = (sg_table *)nt;
        ch->existing = false;
    }
    diff_enums(out, a, old, new_, origin, head_src);
}
