/* Internals shared by the Drizzle frontend's files (drizzle.c: declarations, tables, enums,
 * the parse; drizzle_column.c: column builders, modifiers, casing); not for other modules. The
 * tree accessors are small static inline functions so that both files read nodes the same way. */
#ifndef SG_DRIZZLE_INT_H
#define SG_DRIZZLE_INT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "drizzle.h"

enum { MAX_DEPTH = 8 }; /* helper / spread indirections followed */

/* What a top-level name is bound to. */
typedef enum bkind {
    B_CORE_FN,  /* a named import from a core module: `name` is the exported name */
    B_CORE_NS,  /* import * as pg from "drizzle-orm/pg-core" */
    B_ENUM,     /* const e = pgEnum("name", [...]) */
    B_SCHEMA,   /* const s = pgSchema("name") */
    B_CREATOR,  /* const t = pgTableCreator((n) => `prefix_${n}`) */
    B_TABLE,    /* const t = pgTable(...) */
    B_CONST,    /* any other const: its initializer, for helpers, spreads and value arrays */
    B_FOREIGN,  /* imported from another module: unknown */
} bkind;

typedef struct keycol {
    sg_str key;
    sg_column *col;
} keycol;

typedef struct binding {
    sg_str local;
    bkind kind;
    sg_dialect dialect;
    sg_str name;        /* B_CORE_FN: exported name; B_ENUM/B_SCHEMA: the SQL name */
    sg_str schema;      /* B_ENUM: its schema when declared via schema.enum() */
    sg_str prefix, suffix; /* B_CREATOR */
    bool creator_known;
    bool ns;            /* B_FOREIGN: a namespace (`import * as x`, `const x = require(...)`) */
    TSNode value;       /* B_CONST: the initializer */
    sg_table *table;    /* B_TABLE */
    SG_VEC(keycol) keys;/* B_TABLE: property key -> column, for .references() */
} binding;

typedef struct pending_fk {
    sg_table *table;
    sg_column *col;
    sg_constraint *fk;
    sg_str ref_var, ref_key;
} pending_fk;

typedef struct parser {
    sg_arena *a;       /* the model's arena */
    sg_arena *scratch; /* bindings and child lists, freed before returning */
    sg_source *src;
    sg_drizzle_file *out;
    binding **slots;   /* open-addressing table of the top-level names; a later one shadows */
    size_t nslots, nbound;
    SG_VEC(pending_fk) fks;
    int casing;        /* 0 none, 1 snake_case, 2 camelCase */
} parser;

/* ---- tree helpers ---- */

static inline bool is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

/* The source text of n; empty for a null node (the tree-sitter accessors would crash on one). */
static inline sg_str text(const parser *p, TSNode n)
{
    if (ts_node_is_null(n))
        return (sg_str){p->src->text, 0};
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > p->src->len)
        e = (uint32_t)p->src->len;
    if (s > e)
        s = e;
    return (sg_str){p->src->text + s, e - s};
}

static inline sg_span span(const parser *p, TSNode n)
{
    if (ts_node_is_null(n))
        return sg_span_make(p->src, 0, 0);
    return sg_span_make(p->src, ts_node_start_byte(n), ts_node_end_byte(n));
}

/* Field ids by name, remembered per language: tree-sitter 0.20 looks a name up by comparing
 * it with every field name of the grammar, on every call. Names are string literals, so the
 * pointer identifies them. */
static inline TSFieldId field_id(const TSLanguage *lang, const char *name)
{
    enum { SLOTS = 64 };
    static _Thread_local struct {
        const TSLanguage *lang;
        const char *name;
        TSFieldId id;
    } memo[SLOTS];
    size_t h = ((uintptr_t)name >> 3 ^ (uintptr_t)lang >> 4) % SLOTS;
    if (memo[h].name != name || memo[h].lang != lang) {
        memo[h].lang = lang;
        memo[h].name = name;
        memo[h].id = ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
    }
    return memo[h].id;
}

static inline TSNode field(TSNode n, const char *name)
{
    if (ts_node_is_null(n))
        return n;
    TSFieldId id = field_id(ts_tree_language(n.tree), name);
    return id ? ts_node_child_by_field_id(n, id) : (TSNode){0};
}

typedef struct kids {
    TSNode *items;
    size_t len;
} kids;

/* The named children of n except comments, in order (a cursor walk: O(children)). */
static inline kids named_kids(parser *p, TSNode n)
{
    kids k = {0};
    uint32_t cap = ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
    if (cap == 0)
        return k;
    k.items = sg_arena_alloc(p->scratch, cap * sizeof *k.items);
    TSTreeCursor c = ts_tree_cursor_new(n);
    for (bool ok = ts_tree_cursor_goto_first_child(&c); ok && k.len < cap;
         ok = ts_tree_cursor_goto_next_sibling(&c)) {
        TSNode ch = ts_tree_cursor_current_node(&c);
        if (ts_node_is_named(ch) && !is(ch, "comment"))
            k.items[k.len++] = ch;
    }
    ts_tree_cursor_delete(&c);
    return k;
}

/* Strips what does not change a value: `x as const`, `x satisfies T`, `x!`, `(x)`. */
static inline TSNode unwrap(parser *p, TSNode n)
{
    for (int i = 0; i < 64 && !ts_node_is_null(n); i++) {
        if (is(n, "as_expression") || is(n, "satisfies_expression") ||
            is(n, "non_null_expression") || is(n, "parenthesized_expression")) {
            kids k = named_kids(p, n);
            if (!k.len)
                break;
            n = k.items[0];
        } else {
            break;
        }
    }
    return n;
}

static inline TSNode arg(parser *p, TSNode call, size_t i)
{
    kids k = named_kids(p, field(call, "arguments"));
    return i < k.len ? k.items[i] : (TSNode){0};
}

/* A string literal's value, or a template literal with no substitution. Escapes are kept as
 * written (identifiers with escapes do not occur in schemas). */
static inline bool string_value(parser *p, TSNode n, sg_str *out)
{
    n = unwrap(p, n);
    if (!is(n, "string") && !is(n, "template_string"))
        return false;
    if (is(n, "template_string")) {
        kids k = named_kids(p, n);
        for (size_t i = 0; i < k.len; i++)
            if (is(k.items[i], "template_substitution"))
                return false;
    }
    sg_str t = text(p, n);
    if (t.len < 2)
        return false;
    *out = (sg_str){t.ptr + 1, t.len - 2};
    return true;
}

static inline bool number_value(parser *p, TSNode n, long *out)
{
    n = unwrap(p, n);
    if (!is(n, "number"))
        return false;
    sg_str t = text(p, n);
    char buf[32];
    if (t.len == 0 || t.len >= sizeof buf)
        return false;
    memcpy(buf, t.ptr, t.len);
    buf[t.len] = '\0';
    char *end = NULL;
    long v = strtol(buf, &end, 0);
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

/* The key of a pair as written: identifier, string or number; false for a computed key. */
static inline bool key_of(parser *p, TSNode pair, sg_str *out)
{
    TSNode k = field(pair, "key");
    if (is(k, "property_identifier") || is(k, "number")) {
        *out = text(p, k);
        return true;
    }
    return string_value(p, k, out);
}

/* The value of `key` in an object literal, or a null node. */
static inline TSNode obj_get(parser *p, TSNode obj, const char *key)
{
    obj = unwrap(p, obj);
    if (!is(obj, "object"))
        return (TSNode){0};
    kids k = named_kids(p, obj);
    for (size_t i = 0; i < k.len; i++) {
        sg_str kk;
        if (is(k.items[i], "pair") && key_of(p, k.items[i], &kk) && sg_str_eq_c(kk, key))
            return field(k.items[i], "value");
    }
    return (TSNode){0};
}

static inline bool bool_value(parser *p, TSNode n)
{
    return is(unwrap(p, n), "true");
}

/* ---- bindings ---- */

/* FNV-1a: names are looked up once per column and builder, so schemas of thousands of tables
 * must not scan every binding. */
static inline size_t name_hash(sg_str s)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.ptr[i]) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding local, or the empty slot where it would go (nslots is a power of two). */
static inline binding **binding_slot(binding **slots, size_t nslots, sg_str local)
{
    size_t i = name_hash(local) & (nslots - 1);
    while (slots[i] && !sg_str_eq(slots[i]->local, local))
        i = (i + 1) & (nslots - 1);
    return &slots[i];
}

static inline binding *lookup(const parser *p, sg_str local)
{
    return p->nslots ? *binding_slot(p->slots, p->nslots, local) : NULL;
}

static inline binding *bind(parser *p, sg_str local, bkind kind)
{
    binding *b = sg_arena_alloc(p->scratch, sizeof *b);
    b->local = local;
    b->kind = kind;
    if (2 * (p->nbound + 1) > p->nslots) {
        size_t n = p->nslots ? 2 * p->nslots : 64;
        binding **slots = sg_arena_alloc(p->scratch, n * sizeof *slots);
        for (size_t i = 0; i < p->nslots; i++)
            if (p->slots[i])
                *binding_slot(slots, n, p->slots[i]->local) = p->slots[i];
        p->slots = slots;
        p->nslots = n;
    }
    binding **slot = binding_slot(p->slots, p->nslots, local);
    if (!*slot)
        p->nbound++;
    *slot = b;
    return b;
}

/* The binding an identifier names, or NULL. */
static inline binding *ident(parser *p, TSNode n)
{
    n = unwrap(p, n);
    return is(n, "identifier") ? lookup(p, text(p, n)) : NULL;
}

/* ---- drizzle_column.c ---- */

/** Sets p->casing from a `casing: "snake_case"` / "camelCase" option of a drizzle(...) or
 * defineConfig(...) call anywhere under root. */
void sg_drizzle__find_casing(parser *p, TSNode root);

/** Reads one column (key: value, or a shorthand) of the table bound to tb into the model, with
 * its constraints; param is the `t` of the callback form. A column whose name is computed marks
 * the table partial instead. */
void sg_drizzle__add_column(parser *p, binding *tb, TSNode pair, sg_str key, TSNode value,
                            sg_str param);

#endif
