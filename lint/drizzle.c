/* Drizzle frontend: reads a Drizzle ORM schema module (TypeScript/JavaScript, tree-sitter) into
 * a schema model without running it: pgTable/mysqlTable/sqliteTable and pgSchema(...).table
 * declarations, the column builders of drizzle-orm's *-core modules and their modifiers, pgEnum
 * values. Whatever would need evaluation (a builder from another module, a computed name, a
 * spread of something not declared in the file) is recorded as unknown, never guessed. The
 * foreign tree is freed before returning; only model objects and source slices survive. */
#include "drizzle.h"

#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "diff.h"

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

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
    SG_VEC(binding *) binds;
    SG_VEC(pending_fk) fks;
    int casing;        /* 0 none, 1 snake_case, 2 camelCase */
} parser;

/* ---- tree helpers ---- */

static bool is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

/* The source text of n; empty for a null node (the tree-sitter accessors would crash on one). */
static sg_str text(const parser *p, TSNode n)
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

static sg_span span(const parser *p, TSNode n)
{
    if (ts_node_is_null(n))
        return sg_span_make(p->src, 0, 0);
    return sg_span_make(p->src, ts_node_start_byte(n), ts_node_end_byte(n));
}

static TSNode field(TSNode n, const char *name)
{
    if (ts_node_is_null(n))
        return n;
    return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

typedef struct kids {
    TSNode *items;
    size_t len;
} kids;

/* The named children of n except comments, in order (a cursor walk: O(children)). */
static kids named_kids(parser *p, TSNode n)
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
static TSNode unwrap(parser *p, TSNode n)
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

static TSNode arg(parser *p, TSNode call, size_t i)
{
    kids k = named_kids(p, field(call, "arguments"));
    return i < k.len ? k.items[i] : (TSNode){0};
}

/* A string literal's value, or a template literal with no substitution. Escapes are kept as
 * written (identifiers with escapes do not occur in schemas). */
static bool string_value(parser *p, TSNode n, sg_str *out)
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

static bool number_value(parser *p, TSNode n, long *out)
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
static bool key_of(parser *p, TSNode pair, sg_str *out)
{
    TSNode k = field(pair, "key");
    if (is(k, "property_identifier") || is(k, "number")) {
        *out = text(p, k);
        return true;
    }
    return string_value(p, k, out);
}

/* The value of `key` in an object literal, or a null node. */
static TSNode obj_get(parser *p, TSNode obj, const char *key)
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

static bool bool_value(parser *p, TSNode n)
{
    return is(unwrap(p, n), "true");
}

/* ---- bindings ---- */

static binding *lookup(const parser *p, sg_str local)
{
    for (size_t i = p->binds.len; i-- > 0;)
        if (sg_str_eq(p->binds.items[i]->local, local))
            return p->binds.items[i];
    return NULL;
}

static binding *bind(parser *p, sg_str local, bkind kind)
{
    binding *b = sg_arena_alloc(p->scratch, sizeof *b);
    b->local = local;
    b->kind = kind;
    sg_vec_push(p->scratch, &p->binds, b);
    return b;
}

/* The binding an identifier names, or NULL. */
static binding *ident(parser *p, TSNode n)
{
    n = unwrap(p, n);
    return is(n, "identifier") ? lookup(p, text(p, n)) : NULL;
}

/* The core function a call invokes, `fn(...)` for a named import or `ns.fn(...)` for a
 * namespace import; NULL binding otherwise. */
static const binding *core_callee(parser *p, TSNode call, sg_str *name)
{
    TSNode fn = unwrap(p, field(call, "function"));
    binding *b = NULL;
    if (is(fn, "identifier")) {
        b = lookup(p, text(p, fn));
        if (b && b->kind == B_CORE_FN) {
            *name = b->name;
            return b;
        }
    } else if (is(fn, "member_expression")) {
        b = ident(p, field(fn, "object"));
        if (b && b->kind == B_CORE_NS) {
            *name = text(p, field(fn, "property"));
            return b;
        }
    }
    return NULL;
}

/* A module that defines Drizzle's schema builders, and its dialect. */
static bool core_module(sg_str spec, sg_dialect *d)
{
    static const struct {
        const char *suffix;
        sg_dialect d;
    } mods[] = {{"pg-core", SG_DIALECT_POSTGRES},
                {"mysql-core", SG_DIALECT_MYSQL},
                {"sqlite-core", SG_DIALECT_SQLITE}};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        if (!sg_str_ends_c(spec, mods[i].suffix))
            continue;
        sg_str head = {spec.ptr, spec.len - strlen(mods[i].suffix)};
        /* drizzle-orm/pg-core, or a re-export such as @payloadcms/db-postgres/drizzle/pg-core */
        if (sg_str_eq_c(head, "drizzle-orm/") || sg_str_ends_c(head, "/drizzle/")) {
            *d = mods[i].d;
            return true;
        }
    }
    return false;
}

bool sg_drizzle_is_schema(const sg_source *src)
{
    /* Every `-core` followed by a quote: the specifier is what lies back to the opening quote. */
    const char *t = src->text, *end = src->text + src->len;
    for (const char *s = t; (s = memmem(s, (size_t)(end - s), "-core", 5)) != NULL; s += 5) {
        const char *q = s + 5;
        if (q >= end || (*q != '"' && *q != '\'' && *q != '`'))
            continue;
        const char *o = s;
        while (o > t && o[-1] != *q && o[-1] != '\n' && s - o < 200)
            o--;
        if (o == t || o[-1] != *q)
            continue;
        sg_dialect d;
        if (core_module((sg_str){o, (size_t)(q - o)}, &d))
            return true;
    }
    return false;
}

static void read_import(parser *p, TSNode imp)
{
    sg_str spec;
    if (!string_value(p, field(imp, "source"), &spec))
        return;
    sg_dialect d = SG_DIALECT_POSTGRES;
    bool core = core_module(spec, &d);
    kids k = named_kids(p, imp);
    for (size_t i = 0; i < k.len; i++) {
        if (!is(k.items[i], "import_clause"))
            continue;
        kids c = named_kids(p, k.items[i]);
        for (size_t j = 0; j < c.len; j++) {
            TSNode n = c.items[j];
            if (is(n, "identifier")) { /* default import */
                bind(p, text(p, n), B_FOREIGN);
            } else if (is(n, "namespace_import")) {
                kids id = named_kids(p, n);
                if (id.len) {
                    binding *b = bind(p, text(p, id.items[0]), core ? B_CORE_NS : B_FOREIGN);
                    b->dialect = d;
                }
            } else if (is(n, "named_imports")) {
                kids s = named_kids(p, n);
                for (size_t m = 0; m < s.len; m++) {
                    TSNode name = field(s.items[m], "name"), alias = field(s.items[m], "alias");
                    if (ts_node_is_null(name))
                        continue;
                    binding *b = bind(p, text(p, ts_node_is_null(alias) ? name : alias),
                                      core ? B_CORE_FN : B_FOREIGN);
                    b->name = text(p, name);
                    if (is(name, "string"))
                        string_value(p, name, &b->name);
                    b->dialect = d;
                }
            }
        }
    }
}

/* ---- casing ---- */

static bool lowd(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The next word of s from *i as drizzle-orm splits names:
 * /[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g. Characters outside words are skipped. */
static bool next_word(const char *s, size_t len, size_t *i, size_t *ws, size_t *we)
{
    while (*i < len && !lowd(s[*i]) && !upper(s[*i]))
        (*i)++;
    if (*i >= len)
        return false;
    size_t b = *i, e = b;
    if (lowd(s[b])) {
        while (e < len && lowd(s[e]))
            e++;
    } else {
        while (e < len && upper(s[e]))
            e++;
        if (e < len && s[e] >= 'a' && s[e] <= 'z') {
            if (e - b >= 2) {
                e--; /* the last capital starts the next word */
            } else {
                while (e < len && lowd(s[e]))
                    e++;
            }
        }
    }
    *ws = b;
    *we = e;
    *i = e;
    return true;
}

/* drizzle-orm's toSnakeCase (casing 1) and toCamelCase (casing 2) of an object key. */
static sg_str convert_case(parser *p, sg_str in, int casing)
{
    char *buf = sg_arena_alloc(p->a, in.len * 2 + 1);
    size_t n = 0, words = 0, i = 0, ws, we;
    while (next_word(in.ptr, in.len, &i, &ws, &we)) {
        if (words && casing == 1)
            buf[n++] = '_';
        for (size_t k = ws; k < we; k++) {
            char c = in.ptr[k];
            if (casing == 1 || words == 0)
                c = upper(c) ? (char)(c - 'A' + 'a') : c;
            else if (k == ws && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            buf[n++] = c;
        }
        words++;
    }
    buf[n] = '\0';
    return (sg_str){buf, n};
}

/* `casing: "snake_case"` in a drizzle(...) or defineConfig(...) call anywhere in the file. */
static void find_casing(parser *p, TSNode root)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool down = true;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (down && is(n, "call_expression")) {
            TSNode fn = field(n, "function");
            sg_str name = text(p, fn);
            if (is(fn, "identifier") &&
                (sg_str_eq_c(name, "drizzle") || sg_str_eq_c(name, "defineConfig"))) {
                kids args = named_kids(p, field(n, "arguments"));
                for (size_t i = 0; i < args.len; i++) {
                    sg_str v;
                    if (string_value(p, obj_get(p, args.items[i], "casing"), &v))
                        p->casing = sg_str_eq_c(v, "snake_case") ? 1
                                    : sg_str_eq_c(v, "camelCase") ? 2
                                                                  : p->casing;
                }
            }
        }
        if (down && ts_tree_cursor_goto_first_child(&c))
            continue;
        if (ts_tree_cursor_goto_next_sibling(&c)) {
            down = true;
            continue;
        }
        if (!ts_tree_cursor_goto_parent(&c))
            break;
        down = false;
    }
    ts_tree_cursor_delete(&c);
}

/* ---- column types ---- */

typedef struct colinfo {
    sg_type type;
    bool name_given, name_unknown;
    sg_str name;
    bool not_null, has_default, volatile_default, client_default, identity, generated, pk;
    bool unique;
    sg_str unique_name;
    sg_str default_expr;
    TSNode ref;         /* the .references() callback */
    int array_dims;
} colinfo;

static sg_str lit(const char *s)
{
    return sg_str_c(s);
}

/* PostgreSQL builders of drizzle-orm/pg-core and the type each declares. */
static bool pg_type(parser *p, sg_str b, TSNode cfg, colinfo *ci)
{
    static const struct {
        const char *builder, *type;
    } simple[] = {
        {"text", "text"},           {"integer", "integer"},     {"smallint", "smallint"},
        {"bigint", "bigint"},       {"boolean", "boolean"},     {"date", "date"},
        {"real", "real"},           {"doublePrecision", "double precision"},
        {"json", "json"},           {"jsonb", "jsonb"},         {"uuid", "uuid"},
        {"bytea", "bytea"},         {"inet", "inet"},           {"cidr", "cidr"},
        {"macaddr", "macaddr"},     {"macaddr8", "macaddr8"},   {"point", "point"},
        {"line", "line"},           {"interval", "interval"},
    };
    int32_t mods[2] = {0, 0};
    int nmods = 0;
    long v = 0;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof simple / sizeof simple[0] && !name; i++)
        if (sg_str_eq_c(b, simple[i].builder))
            name = simple[i].type;
    if (name) {
        /* text({ enum }) and the like carry no typmods */
    } else if (sg_str_eq_c(b, "serial") || sg_str_eq_c(b, "bigserial") ||
               sg_str_eq_c(b, "smallserial")) {
        name = sg_str_eq_c(b, "serial") ? "integer" : sg_str_eq_c(b, "bigserial") ? "bigint"
                                                                                  : "smallint";
        ci->identity = ci->has_default = ci->volatile_default = ci->not_null = true;
    } else if (sg_str_eq_c(b, "varchar") || sg_str_eq_c(b, "char")) {
        name = sg_str_eq_c(b, "varchar") ? "varchar" : "char";
        if (number_value(p, obj_get(p, cfg, "length"), &v))
            mods[nmods++] = (int32_t)v;
        else if (ts_node_is_null(obj_get(p, cfg, "length")) && name[0] == 'c')
            mods[nmods++] = 1; /* PostgreSQL: char without a length is char(1) */
        else if (!ts_node_is_null(obj_get(p, cfg, "length")))
            return false;
    } else if (sg_str_eq_c(b, "timestamp") || sg_str_eq_c(b, "time")) {
        bool tz = bool_value(p, obj_get(p, cfg, "withTimezone"));
        TSNode tzn = obj_get(p, cfg, "withTimezone");
        if (!ts_node_is_null(tzn) && !is(unwrap(p, tzn), "true") && !is(unwrap(p, tzn), "false"))
            return false;
        name = b.len == 4 ? (tz ? "timetz" : "time") : (tz ? "timestamptz" : "timestamp");
        TSNode pr = obj_get(p, cfg, "precision");
        if (number_value(p, pr, &v))
            mods[nmods++] = (int32_t)v;
        else if (!ts_node_is_null(pr))
            return false;
    } else if (sg_str_eq_c(b, "numeric") || sg_str_eq_c(b, "decimal")) {
        name = "numeric";
        TSNode pr = obj_get(p, cfg, "precision"), sc = obj_get(p, cfg, "scale");
        long s = 0;
        if ((!ts_node_is_null(pr) && !number_value(p, pr, &v)) ||
            (!ts_node_is_null(sc) && !number_value(p, sc, &s)))
            return false;
        /* drizzle writes numeric(p, s), numeric(p), or numeric (a scale alone is dropped) */
        if (!ts_node_is_null(pr)) {
            mods[nmods++] = (int32_t)v;
            if (!ts_node_is_null(sc))
                mods[nmods++] = (int32_t)s;
        }
    } else if (sg_str_eq_c(b, "vector") || sg_str_eq_c(b, "halfvec")) {
        name = b.ptr[0] == 'v' ? "vector" : "halfvec";
        if (!number_value(p, obj_get(p, cfg, "dimensions"), &v))
            return false;
        mods[nmods++] = (int32_t)v;
    } else {
        return false;
    }
    ci->type = sg_type_normalize(p->a, lit(name), mods, nmods, 0);
    return true;
}

/* MySQL and SQLite builders keep their own spelling: they are compared within one dialect. */
static bool other_type(parser *p, sg_dialect d, sg_str b, TSNode cfg, colinfo *ci)
{
    static const char *const mysql[] = {
        "int", "tinyint", "smallint", "mediumint", "bigint", "float", "double", "real",
        "boolean", "date", "datetime", "time", "timestamp", "year", "json", "text", "tinytext",
        "mediumtext", "longtext", "binary", "varbinary", "char", "varchar", "decimal", "serial",
    };
    static const char *const sqlite[] = {"integer", "text", "real", "blob", "numeric"};
    const char *const *list = d == SG_DIALECT_MYSQL ? mysql : sqlite;
    size_t n = d == SG_DIALECT_MYSQL ? sizeof mysql / sizeof mysql[0]
                                     : sizeof sqlite / sizeof sqlite[0];
    for (size_t i = 0; i < n; i++) {
        if (!sg_str_eq_c(b, list[i]))
            continue;
        int32_t mods[2] = {0, 0};
        int nmods = 0;
        long v;
        if (number_value(p, obj_get(p, cfg, "length"), &v))
            mods[nmods++] = (int32_t)v;
        if (number_value(p, obj_get(p, cfg, "precision"), &v)) {
            mods[nmods++] = (int32_t)v;
            if (number_value(p, obj_get(p, cfg, "scale"), &v))
                mods[nmods++] = (int32_t)v;
        }
        ci->type = (sg_type){.name = lit(list[i]), .nmods = nmods > 2 ? 2 : nmods};
        memcpy(ci->type.mods, mods, sizeof mods);
        if (sg_str_eq_c(b, "serial"))
            ci->identity = ci->has_default = ci->not_null = true;
        return true;
    }
    return false;
}

/* The name argument and the config object of a builder call: (name?, config?). */
static void builder_args(parser *p, TSNode call, colinfo *ci, TSNode *cfg)
{
    TSNode a0 = unwrap(p, arg(p, call, 0));
    *cfg = (TSNode){0};
    if (ts_node_is_null(a0))
        return;
    if (is(a0, "object")) {
        *cfg = a0;
        return;
    }
    sg_str nm;
    if (string_value(p, a0, &nm)) {
        ci->name_given = true;
        ci->name = nm;
    } else {
        ci->name_unknown = true;
    }
    *cfg = arg(p, call, 1);
}

static void modifier(parser *p, sg_str m, TSNode call, colinfo *ci)
{
    TSNode a0 = arg(p, call, 0);
    if (sg_str_eq_c(m, "notNull")) {
        ci->not_null = true;
    } else if (sg_str_eq_c(m, "primaryKey")) {
        ci->pk = ci->not_null = true;
        /* sqlite integer primary key with autoIncrement */
        if (bool_value(p, obj_get(p, a0, "autoIncrement")))
            ci->identity = ci->has_default = true;
    } else if (sg_str_eq_c(m, "default")) {
        if (is(unwrap(p, a0), "null"))
            return; /* DEFAULT NULL is no default */
        ci->has_default = true;
        ci->default_expr = ts_node_is_null(a0) ? SG_STR_NULL : text(p, a0);
        sg_str d = ci->default_expr;
        ci->volatile_default = d.len && (memmem(d.ptr, d.len, "now()", 5) ||
                                         memmem(d.ptr, d.len, "random", 6) ||
                                         memmem(d.ptr, d.len, "CURRENT_TIMESTAMP", 17));
    } else if (sg_str_eq_c(m, "defaultNow")) {
        ci->has_default = ci->volatile_default = true;
        ci->default_expr = lit("now()");
    } else if (sg_str_eq_c(m, "defaultRandom")) {
        ci->has_default = ci->volatile_default = true;
        ci->default_expr = lit("gen_random_uuid()");
    } else if (sg_str_eq_c(m, "$defaultFn") || sg_str_eq_c(m, "$default") ||
               sg_str_eq_c(m, "$onUpdate") || sg_str_eq_c(m, "$onUpdateFn")) {
        ci->client_default = true;
    } else if (sg_str_eq_c(m, "unique")) {
        ci->unique = true;
        string_value(p, a0, &ci->unique_name);
    } else if (sg_str_eq_c(m, "references")) {
        ci->ref = a0;
    } else if (sg_str_eq_c(m, "generatedAlwaysAsIdentity") ||
               sg_str_eq_c(m, "generatedByDefaultAsIdentity") ||
               sg_str_eq_c(m, "autoincrement")) {
        ci->identity = ci->has_default = true;
        if (m.ptr[0] == 'g')
            ci->not_null = true;
    } else if (sg_str_eq_c(m, "generatedAlwaysAs")) {
        ci->generated = ci->has_default = true;
    } else if (sg_str_eq_c(m, "array")) {
        ci->array_dims++;
    }
    /* $type<T>(), $onUpdate... and unknown modifiers change nothing the database sees */
}

/* Reads a column value: builder(args).modifier(args)... ; `param` is the `t` of the callback
 * form pgTable("x", (t) => ({ id: t.integer() })). Follows local helpers
 * (`const id = () => text("id").primaryKey()`, `const createdAt = timestamp(...)`). */
static void read_chain(parser *p, TSNode n, sg_str param, colinfo *ci, int depth)
{
    sg_dialect dialect = SG_DIALECT_POSTGRES;
    TSNode mods[64];
    size_t nm = 0;
    for (;;) {
        n = unwrap(p, n);
        if (is(n, "identifier") || is(n, "shorthand_property_identifier")) {
            binding *b = lookup(p, text(p, n));
            if (b && b->kind == B_CONST && depth < MAX_DEPTH) {
                n = b->value;
                depth++;
                continue;
            }
            goto unknown;
        }
        if (!is(n, "call_expression"))
            goto unknown;
        TSNode fn = unwrap(p, field(n, "function"));
        sg_str base = SG_STR_NULL;
        binding *b = NULL;
        if (is(fn, "member_expression")) {
            TSNode obj = unwrap(p, field(fn, "object"));
            binding *ob = ident(p, obj);
            if ((ob && ob->kind == B_CORE_NS) ||
                (param.len && is(obj, "identifier") && sg_str_eq(text(p, obj), param))) {
                base = text(p, field(fn, "property"));
                dialect = ob ? ob->dialect : dialect;
            } else {
                if (nm < sizeof mods / sizeof mods[0])
                    mods[nm++] = n;
                n = obj;
                continue;
            }
        } else if (is(fn, "identifier")) {
            b = lookup(p, text(p, fn));
            if (!b)
                goto unknown;
            if (b->kind == B_CORE_FN) {
                base = b->name;
                dialect = b->dialect;
            } else if (b->kind == B_ENUM) {
                TSNode cfg;
                builder_args(p, n, ci, &cfg);
                ci->type = (sg_type){.name = b->name, .schema = b->schema};
                break;
            } else if (b->kind == B_CONST && depth < MAX_DEPTH) {
                /* a zero-argument helper returning a column builder */
                TSNode v = unwrap(p, b->value), body = field(v, "body");
                if (is(v, "arrow_function") && !is(body, "statement_block")) {
                    n = body;
                    depth++;
                    continue;
                }
                goto unknown;
            } else {
                goto unknown;
            }
        } else {
            goto unknown;
        }
        TSNode cfg;
        builder_args(p, n, ci, &cfg);
        bool known = dialect == SG_DIALECT_POSTGRES ? pg_type(p, base, cfg, ci)
                                                    : other_type(p, dialect, base, cfg, ci);
        if (!known)
            ci->type = (sg_type){.unknown = true};
        break;
    unknown:
        ci->type = (sg_type){.unknown = true};
        break;
    }
    /* modifiers apply innermost first, as drizzle calls them */
    for (size_t i = nm; i-- > 0;) {
        TSNode fn = field(mods[i], "function");
        modifier(p, text(p, field(fn, "property")), mods[i], ci);
    }
}

/* ---- tables ---- */

static void add_column(parser *p, binding *tb, TSNode pair, sg_str key, TSNode value,
                       sg_str param)
{
    sg_table *t = tb->table;
    colinfo ci = {0};
    read_chain(p, value, param, &ci, 0);
    if (ci.name_unknown) {
        t->partial = true; /* a computed column name: its column is not known */
        return;
    }
    sg_str name = ci.name_given ? ci.name : p->casing ? convert_case(p, key, p->casing) : key;
    sg_model *m = p->out->model;
    sg_column *c = sg_model_add_column(m, t, name, span(p, pair));
    c->type = ci.type;
    c->type.array_dims += ci.array_dims;
    c->not_null = ci.not_null;
    c->has_default = ci.has_default;
    c->default_volatile = ci.volatile_default;
    c->client_default = ci.client_default && !ci.has_default;
    c->identity = ci.identity;
    c->generated = ci.generated;
    c->primary_key = ci.pk;
    c->default_expr = ci.default_expr;
    if (!sg_str_eq(name, key))
        c->mapped_from = key; /* the TypeScript property, as Prisma's field name for @map */
    keycol kc = {key, c};
    sg_vec_push(p->scratch, &tb->keys, kc);
    if (ci.pk || ci.unique) {
        sg_constraint *k = sg_arena_alloc(p->a, sizeof *k);
        k->kind = ci.pk ? SG_CONSTRAINT_PRIMARY : SG_CONSTRAINT_UNIQUE;
        k->name = ci.pk ? SG_STR_NULL : ci.unique_name;
        sg_vec_push(p->a, &k->columns, c->name);
        k->span = c->span;
        k->epoch = m->epoch;
        sg_vec_push(p->a, &t->constraints, k);
    }
    TSNode ref = unwrap(p, ci.ref);
    if (is(ref, "arrow_function")) {
        TSNode body = unwrap(p, field(ref, "body"));
        if (is(body, "member_expression") && is(unwrap(p, field(body, "object")), "identifier")) {
            sg_constraint *k = sg_arena_alloc(p->a, sizeof *k);
            k->kind = SG_CONSTRAINT_FOREIGN;
            sg_vec_push(p->a, &k->columns, c->name);
            k->span = c->span;
            k->epoch = m->epoch;
            sg_vec_push(p->a, &t->constraints, k);
            pending_fk f = {t, c, k, text(p, unwrap(p, field(body, "object"))),
                            text(p, field(body, "property"))};
            sg_vec_push(p->scratch, &p->fks, f);
        }
    }
}

static void read_columns(parser *p, binding *tb, TSNode obj, sg_str param, int depth)
{
    obj = unwrap(p, obj);
    if (!is(obj, "object")) {
        tb->table->partial = true;
        return;
    }
    kids k = named_kids(p, obj);
    for (size_t i = 0; i < k.len; i++) {
        TSNode n = k.items[i];
        sg_str key;
        if (is(n, "pair")) {
            if (key_of(p, n, &key))
                add_column(p, tb, n, key, field(n, "value"), param);
            else
                tb->table->partial = true;
        } else if (is(n, "shorthand_property_identifier")) {
            add_column(p, tb, n, text(p, n), n, param);
        } else if (is(n, "spread_element")) {
            /* ...timestamps where `const timestamps = { ... }` is in this file */
            kids e = named_kids(p, n);
            binding *b = e.len ? ident(p, e.items[0]) : NULL;
            if (b && b->kind == B_CONST && depth < MAX_DEPTH &&
                is(unwrap(p, b->value), "object"))
                read_columns(p, tb, b->value, param, depth + 1);
            else
                tb->table->partial = true;
        } else {
            tb->table->partial = true; /* methods, getters */
        }
    }
}

/* A column list given by `t.col` references: [t.a, t.b] or a bare t.a. */
static void column_refs(parser *p, binding *tb, TSNode list, void *vec, sg_arena *a)
{
    SG_VEC(sg_str) *out = vec;
    list = unwrap(p, list);
    kids k = is(list, "array") ? named_kids(p, list) : (kids){&list, 1};
    for (size_t i = 0; i < k.len; i++) {
        TSNode e = unwrap(p, k.items[i]);
        sg_str key;
        if (is(e, "member_expression"))
            key = text(p, field(e, "property"));
        else if (!is(e, "subscript_expression") || !string_value(p, field(e, "index"), &key))
            continue; /* t["name"], as Payload generates */
        for (size_t j = 0; j < tb->keys.len; j++)
            if (sg_str_eq(tb->keys.items[j].key, key)) {
                sg_vec_push(a, out, tb->keys.items[j].col->name);
                break;
            }
    }
}

/* The extra-config callback: (t) => ({ ... }) or (t) => [ ... ]: indexes, composite primary
 * keys, unique constraints. Anything else there (checks, policies) is left out. */
static void read_extra(parser *p, binding *tb, TSNode fn)
{
    fn = unwrap(p, fn);
    if (!is(fn, "arrow_function"))
        return;
    TSNode body = unwrap(p, field(fn, "body"));
    if (is(body, "statement_block")) {
        /* (t) => { return { ... }; } */
        kids st = named_kids(p, body);
        TSNode ret = st.len ? st.items[st.len - 1] : (TSNode){0};
        kids rv = is(ret, "return_statement") ? named_kids(p, ret) : (kids){0};
        body = rv.len ? unwrap(p, rv.items[0]) : (TSNode){0};
    }
    kids items = {0};
    if (is(body, "array")) {
        items = named_kids(p, body);
    } else if (is(body, "object")) {
        kids k = named_kids(p, body);
        items.items = sg_arena_alloc(p->scratch, (k.len + 1) * sizeof(TSNode));
        for (size_t i = 0; i < k.len; i++)
            if (is(k.items[i], "pair"))
                items.items[items.len++] = field(k.items[i], "value");
    }
    sg_table *t = tb->table;
    for (size_t i = 0; i < items.len; i++) {
        /* index("name").on(t.a, t.b) / uniqueIndex(...).using(...).on(...) / primaryKey({...}) */
        TSNode n = unwrap(p, items.items[i]);
        TSNode on_call = (TSNode){0};
        sg_str callee = SG_STR_NULL;
        while (is(n, "call_expression") && is(field(n, "function"), "member_expression") &&
               !core_callee(p, n, &callee)) {
            TSNode f = field(n, "function");
            if (sg_str_eq_c(text(p, field(f, "property")), "on"))
                on_call = n;
            n = unwrap(p, field(f, "object"));
        }
        if (!is(n, "call_expression"))
            continue;
        if (!core_callee(p, n, &callee))
            continue;
        if (sg_str_eq_c(callee, "index") || sg_str_eq_c(callee, "uniqueIndex")) {
            sg_index *ix = sg_arena_alloc(p->a, sizeof *ix);
            string_value(p, arg(p, n, 0), &ix->name);
            ix->unique = callee.len == 11;
            ix->span = span(p, items.items[i]);
            ix->epoch = p->out->model->epoch;
            if (!ts_node_is_null(on_call)) {
                kids a = named_kids(p, field(on_call, "arguments"));
                for (size_t j = 0; j < a.len; j++)
                    column_refs(p, tb, a.items[j], &ix->columns, p->a);
            }
            sg_vec_push(p->a, &t->indexes, ix);
        } else if (sg_str_eq_c(callee, "primaryKey") || sg_str_eq_c(callee, "unique")) {
            sg_constraint *k = sg_arena_alloc(p->a, sizeof *k);
            bool pk = callee.len == 10;
            k->kind = pk ? SG_CONSTRAINT_PRIMARY : SG_CONSTRAINT_UNIQUE;
            k->span = span(p, items.items[i]);
            k->epoch = p->out->model->epoch;
            TSNode a0 = arg(p, n, 0);
            if (pk && is(unwrap(p, a0), "object")) {
                string_value(p, obj_get(p, a0, "name"), &k->name);
                column_refs(p, tb, obj_get(p, a0, "columns"), &k->columns, p->a);
            } else if (pk) {
                kids a = named_kids(p, field(n, "arguments")); /* primaryKey(t.a, t.b) */
                for (size_t j = 0; j < a.len; j++)
                    column_refs(p, tb, a.items[j], &k->columns, p->a);
            } else {
                string_value(p, a0, &k->name);
                if (!ts_node_is_null(on_call)) {
                    kids a = named_kids(p, field(on_call, "arguments"));
                    for (size_t j = 0; j < a.len; j++)
                        column_refs(p, tb, a.items[j], &k->columns, p->a);
                }
            }
            /* PostgreSQL makes primary key columns NOT NULL */
            for (size_t j = 0; pk && j < k->columns.len; j++) {
                sg_column *c = sg_model_column(t, k->columns.items[j]);
                if (c)
                    c->primary_key = c->not_null = true;
            }
            sg_vec_push(p->a, &t->constraints, k);
        } else if (sg_str_eq_c(callee, "foreignKey")) {
            /* foreignKey({ columns: [t.a], foreignColumns: [other.id], name }) */
            TSNode a0 = arg(p, n, 0);
            sg_constraint *k = sg_arena_alloc(p->a, sizeof *k);
            k->kind = SG_CONSTRAINT_FOREIGN;
            k->span = span(p, items.items[i]);
            k->epoch = p->out->model->epoch;
            string_value(p, obj_get(p, a0, "name"), &k->name);
            column_refs(p, tb, obj_get(p, a0, "columns"), &k->columns, p->a);
            TSNode fc = unwrap(p, obj_get(p, a0, "foreignColumns"));
            kids f = is(fc, "array") ? named_kids(p, fc) : (kids){0};
            binding *ref = NULL;
            for (size_t j = 0; j < f.len; j++) {
                TSNode e = unwrap(p, f.items[j]);
                binding *rb = is(e, "member_expression") ? ident(p, field(e, "object")) : NULL;
                if (rb && rb->kind == B_TABLE)
                    ref = rb;
            }
            if (ref) {
                k->ref_schema = ref->table->schema;
                k->ref_table = ref->table->name;
                column_refs(p, ref, fc, &k->ref_columns, p->a);
            }
            sg_vec_push(p->a, &t->constraints, k);
        }
    }
}

/* The parameter name of `(t) => ...` or `t => ...`, or empty. */
static sg_str arrow_param(parser *p, TSNode fn)
{
    TSNode one = field(fn, "parameter");
    if (is(one, "identifier"))
        return text(p, one);
    kids ps = named_kids(p, field(fn, "parameters"));
    if (ps.len >= 1) {
        TSNode pat = field(ps.items[0], "pattern");
        if (is(pat, "identifier"))
            return text(p, pat);
    }
    return SG_STR_NULL;
}

/* A table declaration: call is fn(name, columns, extra?). Returns false when its name cannot
 * be known. */
static bool read_table(parser *p, binding *tb, TSNode call, sg_dialect d, sg_str schema,
                       const binding *creator)
{
    sg_str name;
    if (!string_value(p, arg(p, call, 0), &name) || (creator && !creator->creator_known)) {
        p->out->skipped++;
        return false;
    }
    if (creator && (creator->prefix.len || creator->suffix.len)) {
        sg_str full = {sg_arena_printf(p->a, "%.*s%.*s%.*s", SG_STR_FMT(creator->prefix),
                                       SG_STR_FMT(name), SG_STR_FMT(creator->suffix)),
                       0};
        full.len = creator->prefix.len + name.len + creator->suffix.len;
        name = full;
    }
    sg_table *t = sg_model_add_table(p->out->model, schema, name, span(p, call));
    t->dialect = d;
    tb->kind = B_TABLE;
    tb->table = t;
    p->out->tables++;
    TSNode cols = unwrap(p, arg(p, call, 1));
    if (is(cols, "arrow_function")) {
        read_columns(p, tb, field(cols, "body"), arrow_param(p, cols), 0);
    } else if (is(cols, "identifier")) {
        binding *b = ident(p, cols);
        if (b && b->kind == B_CONST)
            read_columns(p, tb, b->value, SG_STR_NULL, 1);
        else
            t->partial = true;
    } else {
        read_columns(p, tb, cols, SG_STR_NULL, 0);
    }
    read_extra(p, tb, arg(p, call, 2));
    return true;
}

/* Enum values: an array of strings, or a const holding one. */
static bool enum_values(parser *p, TSNode n, sg_enum *e, int depth)
{
    n = unwrap(p, n);
    binding *b = ident(p, n);
    if (b && b->kind == B_CONST && depth < MAX_DEPTH)
        return enum_values(p, b->value, e, depth + 1);
    if (is(n, "enum_declaration")) {
        /* pgEnum("x", MyEnum) for `enum MyEnum { A = "a" }`: the string members, in order */
        kids k = named_kids(p, field(n, "body"));
        for (size_t i = 0; i < k.len; i++) {
            sg_str v;
            if (!is(k.items[i], "enum_assignment") ||
                !string_value(p, field(k.items[i], "value"), &v))
                return false;
            sg_vec_push(p->a, &e->values, v);
            sg_vec_push(p->a, &e->value_spans, span(p, field(k.items[i], "value")));
        }
        return k.len > 0;
    }
    if (!is(n, "array"))
        return false;
    kids k = named_kids(p, n);
    for (size_t i = 0; i < k.len; i++) {
        sg_str v;
        if (!string_value(p, k.items[i], &v))
            return false;
        sg_vec_push(p->a, &e->values, v);
        sg_vec_push(p->a, &e->value_spans, span(p, k.items[i]));
    }
    return true;
}

static void read_enum(parser *p, binding *b, TSNode call, sg_str schema)
{
    sg_str name;
    b->kind = B_ENUM;
    if (!string_value(p, arg(p, call, 0), &name)) {
        b->name = (sg_str){0};
        b->kind = B_FOREIGN; /* its columns have an unknown type */
        p->out->skipped++;
        return;
    }
    b->name = name;
    b->schema = schema; /* empty for pgEnum: the column type is then unqualified, as in SQL */
    sg_model *m = p->out->model;
    sg_enum *e = sg_model_add_enum(m, schema, name, span(p, call));
    if (!enum_values(p, arg(p, call, 1), e, 0)) {
        /* values not known here: leave the enum out rather than report its values lost */
        e->dropped = true;
        p->out->skipped++;
    }
}

/* pgTableCreator((name) => `prefix_${name}`): the prefix and suffix around the name. */
static void read_creator(parser *p, binding *b, TSNode call)
{
    b->kind = B_CREATOR;
    TSNode fn = unwrap(p, arg(p, call, 0));
    if (!is(fn, "arrow_function"))
        return;
    sg_str param = arrow_param(p, fn);
    TSNode body = unwrap(p, field(fn, "body"));
    if (!param.len || !is(body, "template_string"))
        return;
    kids k = named_kids(p, body);
    size_t subs = 0;
    uint32_t sub_start = 0, sub_end = 0;
    for (size_t i = 0; i < k.len; i++) {
        if (!is(k.items[i], "template_substitution"))
            continue;
        kids e = named_kids(p, k.items[i]);
        if (e.len != 1 || !sg_str_eq(text(p, e.items[0]), param))
            return;
        subs++;
        sub_start = ts_node_start_byte(k.items[i]);
        sub_end = ts_node_end_byte(k.items[i]);
    }
    if (subs != 1)
        return;
    uint32_t s = ts_node_start_byte(body) + 1, e = ts_node_end_byte(body) - 1;
    b->prefix = (sg_str){p->src->text + s, sub_start - s};
    b->suffix = (sg_str){p->src->text + sub_end, e - sub_end};
    b->creator_known = true;
}

/* One `const x = <init>` at the top level. */
/* `const { pgTable, text } = require("drizzle-orm/pg-core")` or `const pg = require(...)`. */
static bool read_require(parser *p, TSNode name, TSNode value)
{
    sg_str spec;
    sg_dialect d = SG_DIALECT_POSTGRES;
    if (!is(value, "call_expression") || !sg_str_eq_c(text(p, field(value, "function")), "require") ||
        !string_value(p, arg(p, value, 0), &spec))
        return false;
    bool core = core_module(spec, &d);
    if (is(name, "identifier")) {
        bind(p, text(p, name), core ? B_CORE_NS : B_FOREIGN)->dialect = d;
        return true;
    }
    kids k = is(name, "object_pattern") ? named_kids(p, name) : (kids){0};
    for (size_t i = 0; i < k.len; i++) {
        TSNode local = k.items[i], exported = k.items[i];
        if (is(k.items[i], "pair_pattern")) { /* { text: str } */
            exported = field(k.items[i], "key");
            local = field(k.items[i], "value");
        } else if (!is(k.items[i], "shorthand_property_identifier_pattern")) {
            continue;
        }
        if (!is(local, "identifier") && !is(local, "shorthand_property_identifier_pattern"))
            continue;
        binding *b = bind(p, text(p, local), core ? B_CORE_FN : B_FOREIGN);
        b->name = text(p, exported);
        b->dialect = d;
    }
    return true;
}

/* A top-level name given a value: `const x = <value>` or CommonJS `exports.x = <value>`. */
static void read_binding(parser *p, sg_str local, TSNode value)
{
    binding *b = bind(p, local, B_CONST);
    b->value = value;
    /* pgTable(...).enableRLS() is the table itself */
    while (is(value, "call_expression") && is(field(value, "function"), "member_expression") &&
           sg_str_eq_c(text(p, field(field(value, "function"), "property")), "enableRLS"))
        value = unwrap(p, field(field(value, "function"), "object"));
    if (!is(value, "call_expression"))
        return;
    TSNode fn = unwrap(p, field(value, "function"));
    binding *fb = NULL;
    sg_str callee = SG_STR_NULL;
    sg_dialect d = SG_DIALECT_POSTGRES;
    if (is(fn, "identifier")) {
        fb = lookup(p, text(p, fn));
        if (fb && fb->kind == B_CORE_FN) {
            callee = fb->name;
            d = fb->dialect;
        }
    } else if (is(fn, "member_expression")) {
        TSNode obj = unwrap(p, field(fn, "object"));
        sg_str prop = text(p, field(fn, "property"));
        binding *ob = ident(p, obj);
        if (ob && ob->kind == B_CORE_NS) {
            callee = prop;
            d = ob->dialect;
        } else if (ob && ob->kind == B_CORE_FN && sg_str_eq_c(ob->name, "pgTable") &&
                   sg_str_eq_c(prop, "withRLS")) {
            callee = ob->name; /* pgTable.withRLS(...) */
        } else if (ob && ob->kind == B_SCHEMA) {
            /* mySchema.table(...) / mySchema.enum(...) */
            if (sg_str_eq_c(prop, "table"))
                read_table(p, b, value, ob->dialect, ob->name, NULL);
            else if (sg_str_eq_c(prop, "enum"))
                read_enum(p, b, value, ob->name);
            return;
        } else if (is(obj, "call_expression")) {
            /* pgSchema("s").table(...) inline */
            binding *sb = ident(p, field(obj, "function"));
            sg_str sname;
            if (sb && sb->kind == B_CORE_FN &&
                (sg_str_eq_c(sb->name, "pgSchema") || sg_str_eq_c(sb->name, "mysqlSchema")) &&
                string_value(p, arg(p, obj, 0), &sname)) {
                if (sg_str_eq_c(prop, "table"))
                    read_table(p, b, value, sb->dialect, sname, NULL);
                else if (sg_str_eq_c(prop, "enum"))
                    read_enum(p, b, value, sname);
            }
            return;
        }
    }
    if (fb && fb->kind == B_CREATOR) {
        read_table(p, b, value, fb->dialect, SG_STR_NULL, fb);
        return;
    }
    if (!callee.len)
        return;
    if (sg_str_eq_c(callee, "pgTable") || sg_str_eq_c(callee, "mysqlTable") ||
        sg_str_eq_c(callee, "sqliteTable")) {
        sg_dialect td = callee.ptr[0] == 'p' ? SG_DIALECT_POSTGRES
                        : callee.ptr[0] == 'm' ? SG_DIALECT_MYSQL
                                               : SG_DIALECT_SQLITE;
        read_table(p, b, value, td, SG_STR_NULL, NULL);
    } else if (sg_str_eq_c(callee, "pgEnum")) {
        read_enum(p, b, value, SG_STR_NULL);
    } else if (sg_str_eq_c(callee, "pgSchema") || sg_str_eq_c(callee, "mysqlSchema")) {
        sg_str s;
        if (string_value(p, arg(p, value, 0), &s)) {
            b->kind = B_SCHEMA;
            b->name = s;
            b->dialect = d;
        }
    } else if (sg_str_eq_c(callee, "pgTableCreator") || sg_str_eq_c(callee, "mysqlTableCreator") ||
               sg_str_eq_c(callee, "sqliteTableCreator")) {
        read_creator(p, b, value);
        b->dialect = callee.ptr[0] == 'p' ? SG_DIALECT_POSTGRES
                     : callee.ptr[0] == 'm' ? SG_DIALECT_MYSQL
                                            : SG_DIALECT_SQLITE;
    }
}

static void read_declarator(parser *p, TSNode decl)
{
    TSNode name = field(decl, "name"), value = unwrap(p, field(decl, "value"));
    if (ts_node_is_null(value) || read_require(p, name, value) || !is(name, "identifier"))
        return;
    read_binding(p, text(p, name), value);
}

static void read_statement(parser *p, TSNode st)
{
    if (is(st, "expression_statement")) {
        /* exports.users = pgTable(...) / module.exports.users = pgTable(...) */
        kids e = named_kids(p, st);
        TSNode as = e.len ? e.items[0] : (TSNode){0};
        TSNode left = field(as, "left"), obj = field(left, "object");
        sg_str o = text(p, obj);
        if (is(as, "assignment_expression") && is(left, "member_expression") &&
            (sg_str_eq_c(o, "exports") || sg_str_eq_c(o, "module.exports")))
            read_binding(p, text(p, field(left, "property")), unwrap(p, field(as, "right")));
        return;
    }
    if (is(st, "export_statement")) {
        TSNode d = field(st, "declaration");
        if (!ts_node_is_null(d))
            read_statement(p, d);
        return;
    }
    if (is(st, "enum_declaration")) {
        TSNode name = field(st, "name");
        if (is(name, "identifier"))
            bind(p, text(p, name), B_CONST)->value = st;
        return;
    }
    if (is(st, "lexical_declaration") || is(st, "variable_declaration")) {
        kids k = named_kids(p, st);
        for (size_t i = 0; i < k.len; i++)
            if (is(k.items[i], "variable_declarator"))
                read_declarator(p, k.items[i]);
    }
}

static void resolve_fks(parser *p)
{
    for (size_t i = 0; i < p->fks.len; i++) {
        pending_fk *f = &p->fks.items[i];
        binding *b = lookup(p, f->ref_var);
        if (!b || b->kind != B_TABLE)
            continue;
        f->fk->ref_schema = b->table->schema;
        f->fk->ref_table = b->table->name;
        for (size_t j = 0; j < b->keys.len; j++)
            if (sg_str_eq(b->keys.items[j].key, f->ref_key)) {
                sg_vec_push(p->a, &f->fk->ref_columns, b->keys.items[j].col->name);
                break;
            }
    }
}

/* ---- syntax errors ---- */

/* The first ERROR or MISSING node in document order, descending only where errors are. */
static void first_error(parser *p, TSNode root)
{
    TSNode n = root;
    for (int guard = 0; guard < 100000; guard++) {
        if (ts_node_is_missing(n)) {
            uint32_t at = ts_node_start_byte(n);
            sg_problem_add(&p->out->problems, p->a, sg_span_make(p->src, at, at),
                           "TypeScript syntax error: missing \"%s\"", ts_node_type(n));
            return;
        }
        if (is(n, "ERROR")) {
            uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), rest = e;
            while (rest < p->src->len && strchr(" \t\r\n", p->src->text[rest]))
                rest++;
            if (rest >= p->src->len) {
                /* the parser ran out of input inside this statement: something is unclosed */
                sg_problem_add(&p->out->problems, p->a, sg_span_make(p->src, s, s),
                               "TypeScript syntax error: unexpected end of file in the statement "
                               "that starts here (an unclosed bracket or string?)");
                return;
            }
            const char *nl = memchr(p->src->text + s, '\n', e - s);
            if (nl)
                e = (uint32_t)(nl - p->src->text);
            if (e == s && e < p->src->len)
                e++;
            sg_problem_add(&p->out->problems, p->a, sg_span_make(p->src, s, e),
                           "TypeScript syntax error: unexpected \"%.*s\"",
                           (int)(e - s > 40 ? 40 : e - s), p->src->text + s);
            return;
        }
        TSNode next = {0};
        uint32_t cnt = ts_node_child_count(n);
        for (uint32_t i = 0; i < cnt; i++) {
            TSNode c = ts_node_child(n, i);
            if (ts_node_has_error(c)) {
                next = c;
                break;
            }
        }
        if (ts_node_is_null(next))
            break;
        n = next;
    }
    sg_problem_add(&p->out->problems, p->a, sg_span_make(p->src, ts_node_start_byte(root),
                                                         ts_node_start_byte(root)),
                   "TypeScript syntax error");
}

static bool tsx_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return false;
    return strcmp(dot, ".tsx") == 0 || strcmp(dot, ".js") == 0 || strcmp(dot, ".jsx") == 0 ||
           strcmp(dot, ".mjs") == 0 || strcmp(dot, ".cjs") == 0;
}

void sg_drizzle_parse(sg_drizzle_file *out, sg_arena *a, sg_source *src)
{
    memset(out, 0, sizeof *out);
    out->src = src;
    out->model = sg_model_make(a);
    if (sg_source_is_binary(src)) {
        const char *nul = memchr(src->text, '\0', src->len);
        uint32_t at = nul ? (uint32_t)(nul - src->text) : 0;
        sg_problem_add(&out->problems, a, sg_span_make(src, at, at),
                       "binary file (a NUL byte at offset %u): not a Drizzle schema", at);
        return;
    }
    long bad = sg_source_invalid_utf8(src);
    if (bad >= 0) {
        sg_problem_add(&out->problems, a, sg_span_make(src, (uint32_t)bad, (uint32_t)bad + 1),
                       "invalid UTF-8 byte sequence: the file is not UTF-8 text, not read");
        return;
    }
    if (src->len > UINT32_MAX / 2) {
        sg_problem_add(&out->problems, a, sg_span_make(src, 0, 0), "file too large to parse");
        return;
    }
    TSParser *tp = ts_parser_new();
    ts_parser_set_language(tp, tsx_path(src->path) ? tree_sitter_tsx() : tree_sitter_typescript());
    TSTree *tree = ts_parser_parse_string(tp, NULL, src->text, (uint32_t)src->len);
    parser p = {.a = a, .scratch = sg_arena_new(), .src = src, .out = out};
    if (!tree) {
        sg_problem_add(&out->problems, a, sg_span_make(src, 0, 0),
                       "the TypeScript parser gave up on this file");
        goto done;
    }
    TSNode root = ts_tree_root_node(tree);
    if (ts_node_has_error(root))
        first_error(&p, root);
    kids top = named_kids(&p, root);
    for (size_t i = 0; i < top.len; i++)
        if (is(top.items[i], "import_statement"))
            read_import(&p, top.items[i]);
    find_casing(&p, root);
    out->snake_case = p.casing == 1;
    for (size_t i = 0; i < top.len; i++)
        read_statement(&p, top.items[i]);
    resolve_fks(&p);
done:
    sg_arena_free(p.scratch);
    if (tree)
        ts_tree_delete(tree);
    ts_parser_delete(tp);
}

void sg_drizzle_parse_model(sg_model **out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src)
{
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    for (size_t i = 0; i < f.problems.len; i++)
        sg_vec_push(a, problems, f.problems.items[i]);
    *out = f.model;
}

/* ---- diff ---- */

void sg_drizzle_diff(sg_change_list *out, sg_arena *a, const sg_model *old, const sg_model *new_,
                     sg_source *head_src)
{
    size_t first = out->len;
    sg_diff_models(out, a, old, new_, SG_IN_DRIZZLE, head_src);
    for (size_t i = first; i < out->len; i++) {
        sg_change *ch = out->items[i];
        if (ch->kind == SG_CHANGE_DROP_ENUM) {
            /* still declared in the head, with values that need evaluation */
            for (size_t k = 0; k < new_->enums.len; k++) {
                const sg_enum *e = new_->enums.items[k];
                if (e->dropped && sg_str_eq(e->name, ch->name) && sg_str_eq(e->schema, ch->schema))
                    ch->quiet = true;
            }
            continue;
        }
        if (ch->kind != SG_CHANGE_DROP_COLUMN && ch->kind != SG_CHANGE_ADD_COLUMN &&
            ch->kind != SG_CHANGE_PROBABLE_RENAME_COLUMN)
            continue;
        const sg_table *ot = sg_model_table(old, ch->schema, ch->table);
        const sg_table *nt = sg_model_table(new_, ch->schema, ch->table);
        /* a column missing on one side may sit in the other side's unresolved spread */
        if ((ot && ot->partial) || (nt && nt->partial))
            ch->quiet = true;
    }
}
