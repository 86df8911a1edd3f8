/* Drizzle frontend: reads a Drizzle ORM schema module (TypeScript/JavaScript, tree-sitter) into
 * a schema model without running it: pgTable/mysqlTable/sqliteTable and pgSchema(...).table
 * declarations, the column builders of drizzle-orm's *-core modules and their modifiers, pgEnum
 * values. Whatever would need evaluation (a builder from another module, a computed name, a
 * spread of something not declared in the file) is recorded as unknown, never guessed. The
 * foreign tree is freed before returning; only model objects and source slices survive. */
#include "drizzle_int.h"

#include "code.h"
#include "diff.h"
#include "tscache.h"

enum { MAX_SCHEMA_BYTES = 8u << 20 };

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

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
                    b->ns = true;
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

/* ---- tables ---- */

static sg_str arrow_param(parser *p, TSNode fn);

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
                sg_drizzle__add_column(p, tb, n, key, field(n, "value"), param);
            else
                tb->table->partial = true;
        } else if (is(n, "shorthand_property_identifier")) {
            sg_drizzle__add_column(p, tb, n, text(p, n), n, param);
        } else if (is(n, "spread_element")) {
            /* ...timestamps where `const timestamps = { ... }` is in this file, or
             * ...timestamps() where `const timestamps = () => ({ ... })` */
            kids e = named_kids(p, n);
            TSNode x = e.len ? unwrap(p, e.items[0]) : (TSNode){0};
            bool call = is(x, "call_expression") && !named_kids(p, field(x, "arguments")).len;
            binding *b = ident(p, call ? field(x, "function") : x);
            TSNode v = b && b->kind == B_CONST ? unwrap(p, b->value) : (TSNode){0};
            if (call && is(v, "arrow_function") && !arrow_param(p, v).len)
                v = unwrap(p, field(v, "body"));
            else if (call)
                v = (TSNode){0};
            if (is(v, "object") && depth < MAX_DEPTH)
                read_columns(p, tb, v, param, depth + 1);
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
    if (!is(value, "call_expression") ||
        !sg_str_eq_c(text(p, field(value, "function")), "require") ||
        !string_value(p, arg(p, value, 0), &spec))
        return false;
    bool core = core_module(spec, &d);
    if (is(name, "identifier")) {
        binding *b = bind(p, text(p, name), core ? B_CORE_NS : B_FOREIGN);
        b->dialect = d;
        b->ns = true;
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
    /* Schemas, even generated ones, are a few hundred kilobytes; a bigger file would only make
     * the parse slow (about a second per 2 MiB of schema), so it is reported instead of read. */
    if (src->len > MAX_SCHEMA_BYTES) {
        sg_problem_add(&out->problems, a, sg_span_make(src, 0, 0),
                       "file of %zu bytes is larger than %u MiB: not read as a Drizzle schema",
                       src->len, MAX_SCHEMA_BYTES >> 20);
        return;
    }
    /* Debian's tree-sitter 0.20.7 double-frees deep trees in ts_tree_delete (code.h). */
    long deep = sg_code_too_nested(src);
    if (deep >= 0) {
        sg_problem_add(&out->problems, a, sg_span_make(src, (uint32_t)deep, (uint32_t)deep + 1),
                       "brackets nested too deep: not read as a Drizzle schema");
        return;
    }
    TSParser *tp = ts_parser_new();
    bool tsx = tsx_path(src->path);
    ts_parser_set_language(tp, tsx ? tree_sitter_tsx() : tree_sitter_typescript());
    /* The same 2 s bound as the code rules' parse (code.c): error recovery on token soup is
     * slow (822 KB took 11 s here after code.c had given up on it). */
    ts_parser_set_timeout_micros(tp, 2000000);
    /* the same key as the code rules' parse of the file (code.c): one parse serves both */
    const char *key = sg_arena_printf(a, "%s:%s:%s", tsx ? "tsx" : "ts", src->rev ? src->rev : "",
                                      src->path);
    TSTree *tree = sg_tscache_parse(tp, key, src->text, (uint32_t)src->len);
    parser p = {.a = a, .scratch = sg_arena_new(), .src = src, .out = out};
    if (!tree) {
        sg_problem_add(&out->problems, a, sg_span_make(src, 0, 0),
                       "TypeScript parse took too long: not read as a Drizzle schema");
        goto done;
    }
    TSNode root = ts_tree_root_node(tree);
    if (ts_node_has_error(root))
        first_error(&p, root);
    kids top = named_kids(&p, root);
    for (size_t i = 0; i < top.len; i++)
        if (is(top.items[i], "import_statement"))
            read_import(&p, top.items[i]);
    /* The option is spelled `casing`: without that word there is no tree to walk for it. */
    if (memmem(src->text, src->len, "casing", 6))
        sg_drizzle__find_casing(&p, root);
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
