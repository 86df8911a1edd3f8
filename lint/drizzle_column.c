/* Drizzle columns: a builder chain `builder(name?, config?).modifier(...)...` read into a model
 * column: the pg-core builders mapped to PostgreSQL types (MySQL and SQLite builders keep their
 * own spelling), the modifiers that matter to the database (NOT NULL, defaults, identity, keys)
 * and those that only the client applies, local helpers followed, implicit names converted as
 * drizzle's `casing` option does. A builder that is not Drizzle's gives an unknown type. */
#include "drizzle_int.h"

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
void sg_drizzle__find_casing(parser *p, TSNode root)
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
    TSNode cfg = {0};
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
            } else if (ob && ob->kind == B_FOREIGN && ob->ns) {
                goto unknown_call; /* cols.money("amount"): a builder of another module */
            } else {
                if (nm < sizeof mods / sizeof mods[0])
                    mods[nm++] = n;
                n = obj;
                continue;
            }
        } else if (is(fn, "identifier")) {
            b = lookup(p, text(p, fn));
            if (!b)
                goto unknown_call;
            if (b->kind == B_CORE_FN) {
                base = b->name;
                dialect = b->dialect;
            } else if (b->kind == B_ENUM) {
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
                goto unknown_call;
            } else {
                goto unknown_call;
            }
        } else {
            goto unknown;
        }
        builder_args(p, n, ci, &cfg);
        bool known = dialect == SG_DIALECT_POSTGRES ? pg_type(p, base, cfg, ci)
                                                    : other_type(p, dialect, base, cfg, ci);
        if (!known)
            ci->type = (sg_type){.unknown = true};
        break;
    unknown_call:
        /* builders of other modules take (name?, config?) too: the name is still known */
        builder_args(p, n, ci, &cfg);
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

void sg_drizzle__add_column(parser *p, binding *tb, TSNode pair, sg_str key, TSNode value,
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
