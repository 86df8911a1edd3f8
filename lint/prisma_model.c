/* A parsed Prisma schema -> the schema model Prisma migrate creates in the database: models
 * become tables named after @@map, scalar fields columns named after @map with the PostgreSQL
 * types migrate generates (@db.* overriding), relation fields foreign keys, list relations on
 * both sides implicit join tables (_AToB), enums enum types. Defaults are split into those the
 * database applies and those only the Prisma client fills (RULES.md add-required-column).
 * Also reads a schema from a file or a prismaSchemaFolder. */
#include "prisma.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "walk.h"

/* ---- a name -> block table, so lookups stay linear for big schemas ---- */

typedef struct name_map {
    const sg_prisma_block **slots;
    size_t cap;
} name_map;

static size_t hash_str(sg_str s)
{
    return (size_t)sg_hash(SG_HASH_START, s.ptr, s.len);
}

static void map_init(name_map *m, sg_arena *a, size_t n)
{
    m->cap = 16;
    while (m->cap < n * 2 + 1)
        m->cap *= 2;
    m->slots = sg_arena_alloc(a, m->cap * sizeof *m->slots);
}

/* The first declaration wins (a duplicate is Prisma's validation error, not ours). */
static void map_put(name_map *m, const sg_prisma_block *b)
{
    size_t i = hash_str(b->name) & (m->cap - 1);
    while (m->slots[i]) {
        if (sg_str_eq(m->slots[i]->name, b->name))
            return;
        i = (i + 1) & (m->cap - 1);
    }
    m->slots[i] = b;
}

static const sg_prisma_block *map_get(const name_map *m, sg_str name)
{
    size_t i = hash_str(name) & (m->cap - 1);
    while (m->slots[i]) {
        if (sg_str_eq(m->slots[i]->name, name))
            return m->slots[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

/* ---- small helpers over the tree ---- */

static sg_str string_arg(const sg_prisma_attrs *attrs, const char *attr, const char *arg, int pos)
{
    const sg_prisma_attr *at = sg_prisma_attr_find(attrs, attr);
    if (!at)
        return SG_STR_NULL;
    const sg_prisma_expr *x = sg_prisma_arg_find(&at->args, arg, pos);
    return x && x->kind == SG_PEXPR_STRING ? x->text : SG_STR_NULL;
}

static sg_str map_name(const sg_prisma_attrs *attrs, const char *attr, sg_str dflt)
{
    sg_str s = string_arg(attrs, attr, "name", 0);
    return s.len ? s : dflt;
}

/* Per model: its table and, parallel to its fields, the column of each (NULL: no column). */
typedef struct mapped {
    const sg_prisma_block *b;
    sg_table *t;
    sg_column **cols;
} mapped;

typedef struct ctx {
    sg_arena *a;
    sg_model *m;
    sg_dialect dialect;
    name_map names;
    mapped *models;
    size_t nmodels;
    name_map model_index; /* model name -> block, to find its mapped entry */
} ctx;

static mapped *mapped_of(ctx *c, const sg_prisma_block *b)
{
    for (size_t lo = 0, hi = c->nmodels; lo < hi;) {
        size_t mid = (lo + hi) / 2;
        if (c->models[mid].b == b)
            return &c->models[mid];
        if ((uintptr_t)c->models[mid].b < (uintptr_t)b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static sg_column *column_of(mapped *mp, sg_str field)
{
    for (size_t i = 0; i < mp->b->fields.len; i++)
        if (sg_str_eq(mp->b->fields.items[i].name, field))
            return mp->cols[i];
    return NULL;
}

/* ---- types ---- */

static sg_type named(const char *name, int nmods, int32_t m0, int32_t m1)
{
    sg_type t = {0};
    t.name = sg_str_c(name);
    t.nmods = nmods;
    t.mods[0] = m0;
    t.mods[1] = m1;
    return t;
}

/* The column type Prisma migrate generates for a scalar on PostgreSQL. */
static bool scalar_type(sg_str s, sg_type *out)
{
    static const struct {
        const char *prisma;
        const char *pg;
        int nmods;
        int32_t m0, m1;
    } SCALARS[] = {
        {"String", "text", 0, 0, 0},         {"Int", "integer", 0, 0, 0},
        {"BigInt", "bigint", 0, 0, 0},       {"Float", "double precision", 0, 0, 0},
        {"Boolean", "boolean", 0, 0, 0},     {"DateTime", "timestamp", 1, 3, 0},
        {"Decimal", "numeric", 2, 65, 30},   {"Json", "jsonb", 0, 0, 0},
        {"Bytes", "bytea", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof SCALARS / sizeof SCALARS[0]; i++)
        if (sg_str_eq_c(s, SCALARS[i].prisma)) {
            *out = named(SCALARS[i].pg, SCALARS[i].nmods, SCALARS[i].m0, SCALARS[i].m1);
            return true;
        }
    return false;
}

/* @db.<Name>(args) on PostgreSQL: the native type names of Prisma's postgres connector. */
static const struct {
    const char *prisma, *pg;
} NATIVE[] = {
    {"Text", "text"},         {"VarChar", "varchar"},     {"Char", "char"},
    {"Uuid", "uuid"},         {"Xml", "xml"},             {"Inet", "inet"},
    {"Citext", "citext"},     {"Bit", "bit"},             {"VarBit", "bit varying"},
    {"Integer", "integer"},   {"SmallInt", "smallint"},   {"BigInt", "bigint"},
    {"Oid", "oid"},           {"DoublePrecision", "double precision"},
    {"Real", "real"},         {"Decimal", "numeric"},     {"Money", "money"},
    {"Timestamp", "timestamp"}, {"Timestamptz", "timestamptz"},
    {"Date", "date"},         {"Time", "time"},           {"Timetz", "timetz"},
    {"Json", "json"},         {"JsonB", "jsonb"},         {"ByteA", "bytea"},
    {"Boolean", "boolean"},
};

static bool int_arg(const sg_prisma_expr *x, int32_t *out)
{
    if (!x || x->kind != SG_PEXPR_NUMBER || x->text.len == 0 || x->text.len > 9)
        return false;
    int32_t v = 0;
    for (size_t i = 0; i < x->text.len; i++) {
        if (x->text.ptr[i] < '0' || x->text.ptr[i] > '9')
            return false;
        v = v * 10 + (x->text.ptr[i] - '0');
    }
    *out = v;
    return true;
}

static sg_type native_type(ctx *c, const sg_prisma_attr *db)
{
    sg_str nm = {db->name.ptr + 3, db->name.len - 3}; /* after "db." */
    sg_type t = {0};
    t.unknown = true;
    const char *pg = NULL;
    for (size_t i = 0; i < sizeof NATIVE / sizeof NATIVE[0]; i++)
        if (sg_str_eq_c(nm, NATIVE[i].prisma))
            pg = NATIVE[i].pg;
    if (!pg && c->dialect == SG_DIALECT_POSTGRES)
        return t; /* an unknown native type: never compared */
    if (pg && c->dialect == SG_DIALECT_POSTGRES)
        t.name = sg_str_c(pg);
    else {
        /* other connectors: the native name lower-cased is stable enough to compare versions */
        char *low = sg_arena_strndup(c->a, nm.ptr, nm.len);
        for (char *q = low; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
        t.name = sg_str_c(low);
    }
    t.unknown = false;
    for (size_t i = 0; i < db->args.len && i < 2; i++) {
        int32_t v;
        if (!int_arg(db->args.items[i].value, &v)) {
            t.unknown = true;
            return t;
        }
        t.mods[t.nmods++] = v;
    }
    return t;
}

/* Unsupported("geometry(Point, 4326)"): a type name with numeric modifiers is normalized like
 * SQL; anything else is compared as written. */
static sg_type unsupported_type(ctx *c, sg_str text)
{
    if (!text.len) {
        sg_type t = {0};
        t.unknown = true; /* `Unsupported` with no database type: Prisma rejects it */
        return t;
    }
    text = sg_str_trim(text);
    const char *open = memchr(text.ptr, '(', text.len);
    sg_str name = open ? sg_str_trim((sg_str){text.ptr, (size_t)(open - text.ptr)}) : text;
    int32_t mods[2] = {0, 0};
    int nmods = 0;
    if (open) {
        const char *q = open + 1, *end = text.ptr + text.len;
        while (q < end && *q != ')') {
            while (q < end && (*q == ' ' || *q == ','))
                q++;
            int32_t v = 0;
            const char *d = q;
            while (q < end && *q >= '0' && *q <= '9' && q - d < 9)
                v = v * 10 + (*q++ - '0');
            if (q == d || nmods == 2) {
                name = text; /* not plain numbers: keep the whole text */
                nmods = 0;
                break;
            }
            mods[nmods++] = v;
            while (q < end && *q == ' ')
                q++;
        }
    }
    char *low = sg_arena_strndup(c->a, name.ptr, name.len);
    for (char *q = low; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    return sg_type_normalize(c->a, sg_str_c(low), mods, nmods, 0);
}

/* ---- defaults ---- */

static void apply_default(sg_column *col, const sg_prisma_attr *at)
{
    const sg_prisma_expr *x = sg_prisma_arg_find(&at->args, "value", 0);
    if (!x)
        return;
    col->default_expr = (sg_str){x->span.src->text + x->span.start, x->span.end - x->span.start};
    if (x->kind != SG_PEXPR_CALL) {
        col->has_default = true; /* literals, enum values, lists */
        return;
    }
    sg_str f = x->text;
    if (sg_str_eq_c(f, "uuid") || sg_str_eq_c(f, "cuid") || sg_str_eq_c(f, "nanoid") ||
        sg_str_eq_c(f, "ulid") || sg_str_eq_c(f, "auto")) {
        col->client_default = true; /* generated by the Prisma client, absent from the table */
        return;
    }
    col->has_default = true;
    if (sg_str_eq_c(f, "autoincrement") || sg_str_eq_c(f, "sequence")) {
        col->identity = true;
        col->default_volatile = true;
    } else if (sg_str_eq_c(f, "now") || sg_str_eq_c(f, "dbgenerated")) {
        col->default_volatile = true;
    }
}

/* ---- models ---- */

static sg_str table_schema(const sg_prisma_block *b)
{
    return string_arg(&b->attrs, "schema", NULL, 0);
}

/* Column names of a field list ([a, b(sort: Desc)]) in model mp, after @map. */
static void field_list(ctx *c, mapped *mp, const sg_prisma_expr *list, void *vec)
{
    SG_VEC(sg_str) *out = vec;
    if (!list || list->kind != SG_PEXPR_ARRAY)
        return;
    for (size_t i = 0; i < list->items.len; i++) {
        const sg_prisma_expr *it = list->items.items[i];
        sg_column *col = column_of(mp, it->text);
        sg_vec_push(c->a, out, col ? col->name : it->text);
    }
}

static char *joined(ctx *c, const sg_str *names, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += names[i].len + 1;
    char *s = sg_arena_alloc(c->a, len), *q = s;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *q++ = '_';
        memcpy(q, names[i].ptr, names[i].len);
        q += names[i].len;
    }
    return s;
}

static sg_constraint *add_constraint(ctx *c, sg_table *t, sg_constraint_kind k, sg_span at)
{
    sg_constraint *k2 = sg_arena_alloc(c->a, sizeof *k2);
    k2->kind = k;
    k2->span = at;
    k2->epoch = c->m->epoch;
    sg_vec_push(c->a, &t->constraints, k2);
    return k2;
}

static sg_index *add_index(ctx *c, sg_table *t, bool unique, sg_span at)
{
    sg_index *ix = sg_arena_alloc(c->a, sizeof *ix);
    ix->unique = unique;
    ix->span = at;
    ix->epoch = c->m->epoch;
    sg_vec_push(c->a, &t->indexes, ix);
    return ix;
}

/* Prisma's default constraint and index names: <table>_<columns>_<suffix>. */
static sg_str default_name(ctx *c, sg_table *t, const sg_str *cols, size_t n, const char *suffix)
{
    const char *s = n ? sg_arena_printf(c->a, "%.*s_%s_%s", SG_STR_FMT(t->name),
                                        joined(c, cols, n), suffix)
                      : sg_arena_printf(c->a, "%.*s_%s", SG_STR_FMT(t->name), suffix);
    return sg_str_c(s);
}

static void map_field(ctx *c, mapped *mp, size_t i)
{
    const sg_prisma_field *f = &mp->b->fields.items[i];
    sg_type ty = {0};
    bool is_enum = false;
    if (sg_str_eq_c(f->type, "Unsupported")) {
        ty = unsupported_type(c, f->unsupported);
    } else if (!scalar_type(f->type, &ty)) {
        const sg_prisma_block *target = map_get(&c->names, f->type);
        if (target && (target->kind == SG_PBLOCK_MODEL || target->kind == SG_PBLOCK_VIEW))
            return; /* a relation field: the foreign key columns are other fields */
        if (target && target->kind == SG_PBLOCK_ENUM) {
            ty.name = map_name(&target->attrs, "map", target->name);
            ty.schema = table_schema(target);
            is_enum = true;
        } else {
            ty.unknown = true; /* composite types, or a name declared in no file we read */
        }
    }
    const sg_prisma_attr *db = NULL;
    for (size_t k = 0; k < f->attrs.len; k++)
        if (sg_str_starts_c(f->attrs.items[k].name, "db.") && f->attrs.items[k].name.len > 3)
            db = &f->attrs.items[k];
    if (db && !is_enum)
        ty = native_type(c, db);
    if (f->list)
        ty.array_dims = 1;

    sg_str colname = map_name(&f->attrs, "map", f->name);
    sg_column *col = sg_model_add_column(c->m, mp->t, colname, f->span);
    if (!sg_str_eq(colname, f->name))
        col->mapped_from = f->name;
    col->type = ty;
    /* Prisma lists are created without NOT NULL (`"tags" TEXT[]`), whatever the field says. */
    col->not_null = !f->optional && !f->list;
    mp->cols[i] = col;
    for (size_t k = 0; k < f->attrs.len; k++) {
        const sg_prisma_attr *at = &f->attrs.items[k];
        if (sg_str_eq_c(at->name, "default")) {
            apply_default(col, at);
        } else if (sg_str_eq_c(at->name, "updatedAt")) {
            col->client_default = true;
        } else if (sg_str_eq_c(at->name, "id")) {
            col->primary_key = true;
            col->not_null = true;
            sg_constraint *pk = add_constraint(c, mp->t, SG_CONSTRAINT_PRIMARY, at->span);
            sg_vec_push(c->a, &pk->columns, colname);
            pk->name = string_arg(&f->attrs, "id", "map", -1);
            if (!pk->name.len)
                pk->name = default_name(c, mp->t, NULL, 0, "pkey");
        } else if (sg_str_eq_c(at->name, "unique")) {
            sg_index *ix = add_index(c, mp->t, true, at->span);
            sg_vec_push(c->a, &ix->columns, colname);
            ix->name = string_arg(&f->attrs, "unique", "map", -1);
            if (!ix->name.len)
                ix->name = default_name(c, mp->t, &colname, 1, "key");
        }
    }
}

static void map_block_attrs(ctx *c, mapped *mp)
{
    for (size_t k = 0; k < mp->b->attrs.len; k++) {
        const sg_prisma_attr *at = &mp->b->attrs.items[k];
        bool id = sg_str_eq_c(at->name, "id"), uq = sg_str_eq_c(at->name, "unique");
        bool ix = sg_str_eq_c(at->name, "index");
        if (!id && !uq && !ix)
            continue;
        SG_VEC(sg_str) cols = {0};
        field_list(c, mp, sg_prisma_arg_find(&at->args, "fields", 0), &cols);
        const sg_prisma_expr *mapx = sg_prisma_arg_find(&at->args, "map", -1);
        sg_str nm = mapx && mapx->kind == SG_PEXPR_STRING ? mapx->text : SG_STR_NULL;
        if (id) {
            sg_constraint *pk = add_constraint(c, mp->t, SG_CONSTRAINT_PRIMARY, at->span);
            pk->columns.items = cols.items;
            pk->columns.len = pk->columns.cap = cols.len;
            pk->name = nm.len ? nm : default_name(c, mp->t, NULL, 0, "pkey");
            for (size_t j = 0; j < cols.len; j++) {
                sg_column *col = sg_model_column(mp->t, cols.items[j]);
                if (col) {
                    col->primary_key = true;
                    col->not_null = true;
                }
            }
        } else {
            sg_index *x = add_index(c, mp->t, uq, at->span);
            x->columns.items = cols.items;
            x->columns.len = x->columns.cap = cols.len;
            x->name = nm.len ? nm : default_name(c, mp->t, cols.items, cols.len, uq ? "key" : "idx");
        }
    }
}

/* The relation name of a relation field: @relation("name") or @relation(name: "name"). */
static sg_str relation_name(const sg_prisma_field *f)
{
    return string_arg(&f->attrs, "relation", "name", 0);
}

static bool has_fields_arg(const sg_prisma_field *f)
{
    const sg_prisma_attr *at = sg_prisma_attr_find(&f->attrs, "relation");
    return at && sg_prisma_arg_find(&at->args, "fields", -1);
}

static void map_foreign_keys(ctx *c, mapped *mp)
{
    for (size_t i = 0; i < mp->b->fields.len; i++) {
        const sg_prisma_field *f = &mp->b->fields.items[i];
        const sg_prisma_attr *rel = sg_prisma_attr_find(&f->attrs, "relation");
        if (mp->cols[i] || !rel)
            continue;
        const sg_prisma_expr *fields = sg_prisma_arg_find(&rel->args, "fields", -1);
        const sg_prisma_block *target = map_get(&c->names, f->type);
        mapped *tm = target ? mapped_of(c, target) : NULL;
        if (!fields || !tm)
            continue;
        sg_constraint *fk = add_constraint(c, mp->t, SG_CONSTRAINT_FOREIGN, f->span);
        field_list(c, mp, fields, &fk->columns);
        field_list(c, tm, sg_prisma_arg_find(&rel->args, "references", -1), &fk->ref_columns);
        fk->ref_schema = tm->t->schema;
        fk->ref_table = tm->t->name;
        const sg_prisma_expr *mapx = sg_prisma_arg_find(&rel->args, "map", -1);
        fk->name = mapx && mapx->kind == SG_PEXPR_STRING
                       ? mapx->text
                       : default_name(c, mp->t, fk->columns.items, fk->columns.len, "fkey");
    }
}

static sg_column *single_id(mapped *mp)
{
    for (size_t i = 0; i < mp->b->fields.len; i++)
        if (mp->cols[i] && sg_prisma_attr_find(&mp->b->fields.items[i].attrs, "id"))
            return mp->cols[i];
    return NULL;
}

static int cmp_str(sg_str a, sg_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int r = memcmp(a.ptr, b.ptr, n);
    return r ? r : (a.len < b.len ? -1 : a.len > b.len);
}

static void add_join_column(ctx *c, sg_table *t, const char *name, mapped *side, sg_span at)
{
    sg_column *col = sg_model_add_column(c->m, t, sg_str_c(name), at);
    sg_column *id = single_id(side);
    if (id) {
        col->type = id->type;
    } else {
        col->type.unknown = true;
    }
    col->type.array_dims = 0;
    col->not_null = true;
    sg_constraint *fk = add_constraint(c, t, SG_CONSTRAINT_FOREIGN, at);
    sg_vec_push(c->a, &fk->columns, col->name);
    if (id)
        sg_vec_push(c->a, &fk->ref_columns, id->name);
    fk->ref_schema = side->t->schema;
    fk->ref_table = side->t->name;
    fk->name = sg_str_c(sg_arena_printf(c->a, "%.*s_%s_fkey", SG_STR_FMT(t->name), name));
}

/* Implicit many-to-many: a list relation field on both sides and no `fields:` on either. The
 * join table is _<relation name>, the default name being <A>To<B> with the model names sorted;
 * column A references the model that sorts first. */
static void map_many_to_many(ctx *c, mapped *mp, name_map *done)
{
    for (size_t i = 0; i < mp->b->fields.len; i++) {
        const sg_prisma_field *f = &mp->b->fields.items[i];
        if (mp->cols[i] || !f->list || has_fields_arg(f))
            continue;
        const sg_prisma_block *target = map_get(&c->names, f->type);
        mapped *tm = target ? mapped_of(c, target) : NULL;
        if (!tm)
            continue;
        sg_str rn = relation_name(f);
        const sg_prisma_field *opp = NULL;
        for (size_t j = 0; j < target->fields.len && !opp; j++) {
            const sg_prisma_field *g = &target->fields.items[j];
            if (g == f || !sg_str_eq(g->type, mp->b->name) || !sg_str_eq(relation_name(g), rn))
                continue;
            opp = g;
        }
        if (!opp || !opp->list || has_fields_arg(opp))
            continue;
        bool first = cmp_str(mp->b->name, target->name) <= 0;
        mapped *ma = first ? mp : tm, *mb = first ? tm : mp;
        const char *name = rn.len ? sg_arena_printf(c->a, "_%.*s", SG_STR_FMT(rn))
                                  : sg_arena_printf(c->a, "_%.*sTo%.*s", SG_STR_FMT(ma->b->name),
                                                    SG_STR_FMT(mb->b->name));
        /* once per relation: the name map doubles as a set of join tables made */
        sg_prisma_block *key = sg_arena_alloc(c->a, sizeof *key);
        key->name = sg_str_c(name);
        if (map_get(done, key->name))
            continue;
        map_put(done, key);
        /* declared at the relation field of the model met first, so that a removed join
         * table is reported at that model (see the table order in sg_prisma_to_model) */
        const sg_prisma_field *af = f;
        sg_table *t = sg_model_add_table(c->m, ma->t->schema, key->name, af->span);
        t->dialect = c->dialect;
        add_join_column(c, t, "A", ma, af->span);
        add_join_column(c, t, "B", mb, af->span);
        sg_constraint *pk = add_constraint(c, t, SG_CONSTRAINT_PRIMARY, af->span);
        sg_vec_push(c->a, &pk->columns, t->columns.items[0]->name);
        sg_vec_push(c->a, &pk->columns, t->columns.items[1]->name);
        pk->name = sg_str_c(sg_arena_printf(c->a, "%s_AB_pkey", name));
        sg_index *ix = add_index(c, t, false, af->span);
        sg_vec_push(c->a, &ix->columns, t->columns.items[1]->name);
        ix->name = sg_str_c(sg_arena_printf(c->a, "%s_B_index", name));
    }
}

static sg_dialect dialect_of(const sg_prisma_schema *s)
{
    for (size_t i = 0; i < s->blocks.len; i++) {
        const sg_prisma_block *b = s->blocks.items[i];
        if (b->kind != SG_PBLOCK_DATASOURCE)
            continue;
        for (size_t k = 0; k < b->fields.len; k++) {
            const sg_prisma_field *f = &b->fields.items[k];
            if (!sg_str_eq_c(f->name, "provider") || !f->value ||
                f->value->kind != SG_PEXPR_STRING)
                continue;
            if (sg_str_eq_c(f->value->text, "mysql"))
                return SG_DIALECT_MYSQL;
            if (sg_str_eq_c(f->value->text, "sqlite"))
                return SG_DIALECT_SQLITE;
            return SG_DIALECT_POSTGRES;
        }
    }
    return SG_DIALECT_POSTGRES;
}

static int cmp_mapped(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)((const mapped *)pa)->b, b = (uintptr_t)((const mapped *)pb)->b;
    return a < b ? -1 : a > b;
}

sg_model *sg_prisma_to_model(sg_arena *a, const sg_prisma_schema *s)
{
    ctx c = {0};
    c.a = a;
    c.m = sg_model_make(a);
    c.dialect = dialect_of(s);
    map_init(&c.names, a, s->blocks.len);
    size_t nmodels = 0;
    for (size_t i = 0; i < s->blocks.len; i++) {
        const sg_prisma_block *b = s->blocks.items[i];
        if (b->kind != SG_PBLOCK_DATASOURCE && b->kind != SG_PBLOCK_GENERATOR && b->name.len)
            map_put(&c.names, b);
        nmodels += b->kind == SG_PBLOCK_MODEL;
    }
    for (size_t i = 0; i < s->blocks.len; i++) {
        const sg_prisma_block *b = s->blocks.items[i];
        if (b->kind != SG_PBLOCK_ENUM || map_get(&c.names, b->name) != b)
            continue;
        sg_enum *e = sg_model_add_enum(c.m, table_schema(b), map_name(&b->attrs, "map", b->name),
                                       b->span);
        for (size_t k = 0; k < b->fields.len; k++) {
            const sg_prisma_field *v = &b->fields.items[k];
            sg_vec_push(a, &e->values, map_name(&v->attrs, "map", v->name));
            sg_vec_push(a, &e->value_spans, v->span);
        }
    }
    /* Models in declaration order (the order of findings), then sorted by block address for
     * the lookups from relation fields. */
    c.models = sg_arena_alloc(a, (nmodels + 1) * sizeof *c.models);
    for (size_t i = 0; i < s->blocks.len; i++) {
        const sg_prisma_block *b = s->blocks.items[i];
        if (b->kind != SG_PBLOCK_MODEL || map_get(&c.names, b->name) != b)
            continue;
        mapped *mp = &c.models[c.nmodels++];
        mp->b = b;
        mp->cols = sg_arena_alloc(a, (b->fields.len + 1) * sizeof *mp->cols);
        sg_str name = map_name(&b->attrs, "map", b->name);
        mp->t = sg_model_add_table(c.m, table_schema(b), name, b->span);
        mp->t->dialect = c.dialect;
        if (!sg_str_eq(name, b->name))
            mp->t->mapped_from = b->name;
        for (size_t k = 0; k < b->fields.len; k++)
            map_field(&c, mp, k);
        map_block_attrs(&c, mp);
    }
    mapped *by_decl = sg_arena_alloc(a, (c.nmodels + 1) * sizeof *by_decl);
    memcpy(by_decl, c.models, c.nmodels * sizeof *by_decl);
    sg_qsort(c.models, c.nmodels, sizeof *c.models, cmp_mapped);
    size_t nfields = 0;
    for (size_t i = 0; i < c.nmodels; i++)
        nfields += c.models[i].b->fields.len;
    name_map done; /* at most one join table per relation field */
    map_init(&done, a, nfields);
    /* Join tables go right before the model whose relation field declares them: the diff
     * reports a removed table at the next table that survives, here that model's header. */
    size_t *joins_end = sg_arena_alloc(a, (c.nmodels + 1) * sizeof *joins_end);
    for (size_t i = 0; i < c.nmodels; i++) {
        mapped *mp = mapped_of(&c, by_decl[i].b);
        map_foreign_keys(&c, mp);
        map_many_to_many(&c, mp, &done);
        joins_end[i] = c.m->tables.len;
    }
    if (c.m->tables.len > c.nmodels) {
        sg_table **order = sg_arena_alloc(a, c.m->tables.len * sizeof *order);
        size_t n = 0, j = c.nmodels;
        for (size_t i = 0; i < c.nmodels; i++) {
            for (; j < joins_end[i]; j++)
                order[n++] = c.m->tables.items[j];
            order[n++] = c.m->tables.items[i];
        }
        memcpy(c.m->tables.items, order, n * sizeof *order);
        sg_model_reindex(c.m);
    }
    return c.m;
}

void sg_prisma_parse(sg_model **out, sg_problem_list *problems, sg_arena *a, sg_source **srcs,
                     size_t n)
{
    sg_prisma_schema s = {0};
    for (size_t i = 0; i < n; i++)
        sg_prisma_parse_source(&s, problems, a, srcs[i]);
    *out = sg_prisma_to_model(a, &s);
}

/* ---- reading ---- */

static bool is_prisma_name(const char *p)
{
    size_t n = strlen(p);
    return n > 7 && strcmp(p + n - 7, ".prisma") == 0;
}

bool sg_prisma_is_schema_path(sg_arena *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode))
        return is_prisma_name(path);
    sg_path_list found = {0};
    if (sg_walk(&found, NULL, a, path) < 0)
        return false;
    for (size_t i = 0; i < found.len; i++)
        if (is_prisma_name(found.items[i]))
            return true;
    return false;
}

int sg_prisma_read(sg_prisma_sources *out, sg_arena *a, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return sg_error_set(SG_ENOTFOUND, "cannot open '%s': no such file or directory", path);
    sg_path_list found = {0};
    if (S_ISDIR(st.st_mode)) {
        int rc = sg_walk(&found, NULL, a, path);
        if (rc < 0)
            return rc;
    } else {
        sg_vec_push(a, &found, sg_arena_strdup(a, path));
    }
    for (size_t i = 0; i < found.len; i++) {
        if (S_ISDIR(st.st_mode) && !is_prisma_name(found.items[i]))
            continue;
        sg_source *src = NULL;
        int rc = sg_source_read(&src, a, found.items[i], found.items[i]);
        if (rc < 0)
            return rc;
        src->kind = SG_KIND_PRISMA;
        sg_vec_push(a, out, src);
    }
    return SG_OK;
}
