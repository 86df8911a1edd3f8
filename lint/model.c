/* The schema model: lookups, creation, and type normalization. It knows nothing of any input
 * language; frontends fill it and diff.c compares two of them. */
#include "model.h"

#include <stdio.h>
#include <string.h>

static const sg_str PUBLIC = {"public", 6};

sg_str sg_model_schema_or_public(sg_str s)
{
    return s.len ? s : PUBLIC;
}

sg_model *sg_model_make(sg_arena *a)
{
    sg_model *m = sg_arena_alloc(a, sizeof *m);
    m->arena = a;
    m->epoch = 1;
    return m;
}

void sg_model_commit(sg_model *m)
{
    m->epoch++;
}

bool sg_model_is_existing(const sg_model *m, uint32_t epoch)
{
    return epoch < m->epoch;
}

static uint64_t table_hash(sg_str schema, sg_str name)
{
    uint64_t h = sg_hash(SG_HASH_START, schema.ptr, schema.len);
    return sg_hash(sg_hash(h, ".", 1), name.ptr, name.len);
}

static void tindex_put(sg_model *m, uint32_t pos)
{
    const sg_table *t = m->tables.items[pos];
    size_t i = (size_t)table_hash(t->schema, t->name) & (m->tindex_cap - 1);
    while (m->tindex[i])
        i = (i + 1) & (m->tindex_cap - 1);
    m->tindex[i] = pos + 1;
}

/* Indexes the tables added since the last call, growing (and rebuilding) at half load. */
static void tindex_update(sg_model *m)
{
    if (m->tindex_len == m->tables.len)
        return;
    if (m->tables.len * 2 > m->tindex_cap) {
        size_t cap = m->tindex_cap ? m->tindex_cap : 64;
        while (m->tables.len * 2 > cap)
            cap *= 2;
        m->tindex = sg_arena_alloc(m->arena, cap * sizeof *m->tindex); /* zeroed */
        m->tindex_cap = cap;
        m->tindex_len = 0;
    }
    for (size_t k = m->tindex_len; k < m->tables.len; k++)
        tindex_put(m, (uint32_t)k);
    m->tindex_len = m->tables.len;
}

void sg_model_reindex(sg_model *m)
{
    if (m->tindex_cap)
        memset(m->tindex, 0, m->tindex_cap * sizeof *m->tindex);
    m->tindex_len = 0;
}

sg_table *sg_model_table(const sg_model *cm, sg_str schema, sg_str name)
{
    sg_model *m = (sg_model *)cm; /* the index is a cache */
    schema = sg_model_schema_or_public(schema);
    tindex_update(m);
    if (!m->tindex_cap)
        return NULL;
    /* Several tables may share a key (dropped ones, recreated ones): the latest live one wins,
     * as in a scan from the end. */
    uint32_t best = 0;
    size_t i = (size_t)table_hash(schema, name) & (m->tindex_cap - 1);
    for (; m->tindex[i]; i = (i + 1) & (m->tindex_cap - 1)) {
        uint32_t pos = m->tindex[i];
        sg_table *t = m->tables.items[pos - 1];
        if (pos > best && !t->dropped && sg_str_eq(t->name, name) && sg_str_eq(t->schema, schema))
            best = pos;
    }
    return best ? m->tables.items[best - 1] : NULL;
}

long sg_model_column_index(const sg_table *t, sg_str name)
{
    for (size_t i = 0; i < t->columns.len; i++)
        if (sg_str_eq(t->columns.items[i]->name, name))
            return (long)i;
    return -1;
}

sg_column *sg_model_column(const sg_table *t, sg_str name)
{
    long i = sg_model_column_index(t, name);
    return i < 0 ? NULL : t->columns.items[i];
}

sg_enum *sg_model_enum(const sg_model *m, sg_str schema, sg_str name)
{
    schema = sg_model_schema_or_public(schema);
    for (size_t i = m->enums.len; i-- > 0;) {
        sg_enum *e = m->enums.items[i];
        if (!e->dropped && sg_str_eq(e->name, name) && sg_str_eq(e->schema, schema))
            return e;
    }
    return NULL;
}

sg_index *sg_model_index(const sg_model *m, sg_str schema, sg_str name, sg_table **table_out)
{
    schema = sg_model_schema_or_public(schema);
    for (size_t i = 0; i < m->tables.len; i++) {
        sg_table *t = m->tables.items[i];
        if (t->dropped || !sg_str_eq(t->schema, schema))
            continue;
        for (size_t j = 0; j < t->indexes.len; j++)
            if (sg_str_eq(t->indexes.items[j]->name, name)) {
                if (table_out)
                    *table_out = t;
                return t->indexes.items[j];
            }
    }
    return NULL;
}

sg_schema_ns *sg_model_schema(const sg_model *m, sg_str name)
{
    for (size_t i = 0; i < m->schemas.len; i++) {
        sg_schema_ns *s = m->schemas.items[i];
        if (!s->dropped && sg_str_eq(s->name, name))
            return s;
    }
    return NULL;
}

sg_table *sg_model_add_table(sg_model *m, sg_str schema, sg_str name, sg_span span)
{
    sg_table *t = sg_arena_alloc(m->arena, sizeof *t);
    t->schema = sg_str_dup(m->arena, sg_model_schema_or_public(schema));
    t->name = sg_str_dup(m->arena, name);
    t->span = span;
    t->epoch = m->epoch;
    sg_vec_push(m->arena, &m->tables, t);
    return t;
}

sg_column *sg_model_add_column(sg_model *m, sg_table *t, sg_str name, sg_span span)
{
    sg_column *c = sg_arena_alloc(m->arena, sizeof *c);
    c->name = sg_str_dup(m->arena, name);
    c->span = span;
    c->epoch = m->epoch;
    sg_vec_push(m->arena, &t->columns, c);
    return c;
}

sg_enum *sg_model_add_enum(sg_model *m, sg_str schema, sg_str name, sg_span span)
{
    sg_enum *e = sg_arena_alloc(m->arena, sizeof *e);
    e->schema = sg_str_dup(m->arena, sg_model_schema_or_public(schema));
    e->name = sg_str_dup(m->arena, name);
    e->span = span;
    e->epoch = m->epoch;
    sg_vec_push(m->arena, &m->enums, e);
    return e;
}

void sg_model_drop_column(sg_table *t, sg_str name)
{
    long i = sg_model_column_index(t, name);
    if (i < 0)
        return;
    memmove(&t->columns.items[i], &t->columns.items[i + 1],
            (t->columns.len - (size_t)i - 1) * sizeof t->columns.items[0]);
    t->columns.len--;
}

size_t sg_model_tables_in(const sg_model *m, sg_str schema)
{
    size_t n = 0;
    for (size_t i = 0; i < m->tables.len; i++)
        if (!m->tables.items[i]->dropped && sg_str_eq(m->tables.items[i]->schema, schema))
            n++;
    return n;
}

bool sg_type_eq(const sg_type *a, const sg_type *b)
{
    if (a->unknown || b->unknown)
        return true; /* unknown is never reported as a change */
    if (!sg_str_eq(a->name, b->name) || a->nmods != b->nmods || a->array_dims != b->array_dims)
        return false;
    for (int i = 0; i < a->nmods; i++)
        if (a->mods[i] != b->mods[i])
            return false;
    return true;
}

char *sg_type_format(sg_arena *a, const sg_type *t)
{
    if (t->unknown)
        return sg_arena_strdup(a, "(unknown)");
    char mods[48] = "";
    if (t->nmods == 1)
        snprintf(mods, sizeof mods, "(%d)", (int)t->mods[0]);
    else if (t->nmods == 2)
        snprintf(mods, sizeof mods, "(%d,%d)", (int)t->mods[0], (int)t->mods[1]);
    char dims[16] = "";
    for (int i = 0; i < t->array_dims && i < 7; i++)
        memcpy(dims + 2 * i, "[]", 3);
    return sg_arena_printf(a, "%.*s%s%s", SG_STR_FMT(t->name), mods, dims);
}

/* PostgreSQL's internal names and SQL-standard spellings mapped to one spelling. */
static const struct {
    const char *from, *to;
} ALIASES[] = {
    {"int", "integer"},          {"int4", "integer"},
    {"int2", "smallint"},        {"int8", "bigint"},
    {"float4", "real"},          {"float8", "double precision"},
    {"bool", "boolean"},         {"character varying", "varchar"},
    {"character", "char"},       {"bpchar", "char"},
    {"decimal", "numeric"},      {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
    {"time without time zone", "time"},
    {"time with time zone", "timetz"},
    {"serial4", "serial"},       {"serial8", "bigserial"},
    {"varbit", "bit varying"},
};

sg_type sg_type_normalize(sg_arena *a, sg_str name, const int32_t *mods, int nmods, int array_dims)
{
    (void)a;
    sg_type t = {0};
    t.name = name;
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (sg_str_eq_c(name, ALIASES[i].from)) {
            t.name = sg_str_c(ALIASES[i].to);
            break;
        }
    /* serial types are integers with a sequence default; the column records identity. */
    if (sg_str_eq_c(t.name, "serial"))
        t.name = sg_str_c("integer");
    else if (sg_str_eq_c(t.name, "bigserial"))
        t.name = sg_str_c("bigint");
    else if (sg_str_eq_c(t.name, "smallserial") || sg_str_eq_c(t.name, "serial2"))
        t.name = sg_str_c("smallint");
    t.nmods = nmods > 2 ? 2 : nmods;
    for (int i = 0; i < t.nmods; i++)
        t.mods[i] = mods[i];
    t.array_dims = array_dims;
    return t;
}
