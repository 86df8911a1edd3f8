/* The Drizzle frontend: every pg-core builder and modifier, explicit and implicit names (with
 * and without casing), pgSchema tables, enums, unknown builders, spreads, syntax errors, the
 * fixtures under fixtures/drizzle/, and the Drizzle diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drizzle.h"
#include "error.h"
#include "unit.h"

#define PG "import { pgTable, pgEnum, pgSchema, text, varchar, char, integer, smallint, bigint, " \
           "serial, bigserial, smallserial, boolean, timestamp, date, time, numeric, decimal, " \
           "real, doublePrecision, json, jsonb, uuid, interval, bytea, index, uniqueIndex, "     \
           "primaryKey, unique } from 'drizzle-orm/pg-core';\n"

static sg_drizzle_file parse_as(sg_arena *a, const char *path, const char *text)
{
    sg_source *src = sg_source_make(a, path, NULL, text, strlen(text), SG_KIND_TS);
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    return f;
}

static sg_drizzle_file parse(sg_arena *a, const char *text)
{
    return parse_as(a, "schema.ts", text);
}

static sg_table *table(const sg_drizzle_file *f, const char *schema, const char *name)
{
    sg_table *t = sg_model_table(f->model, sg_str_c(schema), sg_str_c(name));
    if (!t)
        fail_msg("no table %s.%s", schema, name);
    return t;
}

static sg_column *col(const sg_table *t, const char *name)
{
    sg_column *c = sg_model_column(t, sg_str_c(name));
    if (!c)
        fail_msg("no column %s in %.*s", name, SG_STR_FMT(t->name));
    return c;
}

/* The formatted type of a column of table "t". */
static const char *type_of(sg_arena *a, const sg_drizzle_file *f, const char *column)
{
    return sg_type_format(a, &col(table(f, "public", "t"), column)->type);
}

static void test_drizzle__builders(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "export const t = pgTable('t', {\n"
        "  a: text('a'),\n"
        "  b: varchar('b', { length: 256 }),\n"
        "  b2: varchar('b2'),\n"
        "  c: char('c', { length: 2 }),\n"
        "  c1: char('c1'),\n"
        "  d: integer('d'),\n"
        "  e: smallint('e'),\n"
        "  f: bigint('f', { mode: 'number' }),\n"
        "  g: serial('g'),\n"
        "  h: bigserial('h', { mode: 'bigint' }),\n"
        "  h2: smallserial('h2'),\n"
        "  i: boolean('i'),\n"
        "  j: timestamp('j'),\n"
        "  k: timestamp('k', { withTimezone: true, precision: 3 }),\n"
        "  k2: timestamp('k2', { precision: 6, mode: 'string' }),\n"
        "  l: date('l'),\n"
        "  m: time('m'),\n"
        "  m2: time('m2', { withTimezone: true }),\n"
        "  n: numeric('n', { precision: 10, scale: 2 }),\n"
        "  n2: decimal('n2', { precision: 7 }),\n"
        "  n3: numeric('n3'),\n"
        "  o: real('o'),\n"
        "  p: doublePrecision('p'),\n"
        "  q: json('q'),\n"
        "  r: jsonb('r').$type<{ a: number }>(),\n"
        "  s: uuid('s'),\n"
        "  u: interval('u'),\n"
        "  v: bytea('v'),\n"
        "  w: text('w').array(),\n"
        "  x: integer('x').array().array(),\n"
        "});\n");
    assert_int_equal(f.problems.len, 0);
    assert_int_equal(f.tables, 1);
    static const char *const want[][2] = {
        {"a", "text"},          {"b", "varchar(256)"},    {"b2", "varchar"},
        {"c", "char(2)"},       {"c1", "char(1)"},        {"d", "integer"},
        {"e", "smallint"},      {"f", "bigint"},          {"g", "integer"},
        {"h", "bigint"},        {"h2", "smallint"},       {"i", "boolean"},
        {"j", "timestamp"},     {"k", "timestamptz(3)"},  {"k2", "timestamp(6)"},
        {"l", "date"},          {"m", "time"},            {"m2", "timetz"},
        {"n", "numeric(10,2)"}, {"n2", "numeric(7)"},     {"n3", "numeric"},
        {"o", "real"},          {"p", "double precision"}, {"q", "json"},
        {"r", "jsonb"},         {"s", "uuid"},            {"u", "interval"},
        {"v", "bytea"},         {"w", "text[]"},          {"x", "integer[][]"},
    };
    sg_table *t = table(&f, "public", "t");
    assert_int_equal(t->columns.len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(type_of(a, &f, want[i][0]), want[i][1]);
        sg_column *c = t->columns.items[i];
        assert_true(sg_str_eq_c(c->name, want[i][0])); /* declaration order kept */
        bool serial = strcmp(want[i][0], "g") == 0 || want[i][0][0] == 'h';
        assert_int_equal(c->identity, serial);
        assert_int_equal(c->has_default, serial); /* serial has a default, nothing else here */
        assert_int_equal(c->not_null, serial);
        assert_false(t->columns.items[i]->type.unknown);
    }
    assert_false(t->partial);
    assert_int_equal(t->dialect, SG_DIALECT_POSTGRES);
}

static void test_drizzle__modifiers(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "export const users = pgTable('users', { id: uuid('id').primaryKey().defaultRandom() });\n"
        "export const t = pgTable('t', {\n"
        "  nn: text('nn').notNull(),\n"
        "  df: text('df').default('x').notNull(),\n"
        "  dn: timestamp('dn').defaultNow(),\n"
        "  dr: uuid('dr').defaultRandom(),\n"
        "  pk: integer('pk').primaryKey(),\n"
        "  uq: text('uq').unique('uq_name'),\n"
        "  fk: uuid('fk').notNull().references(() => users.id, { onDelete: 'cascade' }),\n"
        "  ia: integer('ia').generatedAlwaysAsIdentity(),\n"
        "  ib: integer('ib').generatedByDefaultAsIdentity({ startWith: 10 }),\n"
        "  fn: text('fn').notNull().$defaultFn(() => crypto.randomUUID()),\n"
        "  d2: text('d2').$default(() => 'x'),\n"
        "  ou: timestamp('ou').$onUpdate(() => new Date()),\n"
        "  of: timestamp('of').$onUpdateFn(() => new Date()),\n"
        "  both: text('both').default('a').$defaultFn(() => 'b'),\n"
        "  dnull: text('dnull').default(null),\n"
        "  gen: text('gen').generatedAlwaysAs(sql`lower(nn)`),\n"
        "});\n");
    assert_int_equal(f.problems.len, 0);
    sg_table *t = table(&f, "public", "t");
    assert_true(col(t, "nn")->not_null);
    assert_false(col(t, "nn")->has_default);
    assert_true(col(t, "df")->has_default);
    assert_true(col(t, "df")->not_null);
    assert_true(sg_str_eq_c(col(t, "df")->default_expr, "'x'"));
    assert_false(col(t, "df")->default_volatile);
    assert_true(col(t, "dn")->has_default);
    assert_true(col(t, "dn")->default_volatile);
    assert_false(col(t, "dn")->not_null);
    assert_true(col(t, "dr")->has_default);
    assert_true(col(t, "pk")->primary_key);
    assert_true(col(t, "pk")->not_null);
    assert_true(col(t, "ia")->identity && col(t, "ia")->has_default && col(t, "ia")->not_null);
    assert_true(col(t, "ib")->identity && col(t, "ib")->has_default);
    static const char *const client[] = {"fn", "d2", "ou", "of"};
    for (size_t i = 0; i < 4; i++) {
        assert_true(col(t, client[i])->client_default);
        assert_false(col(t, client[i])->has_default);
    }
    assert_true(col(t, "fn")->not_null);
    assert_true(col(t, "both")->has_default); /* the database default still applies */
    assert_false(col(t, "both")->client_default);
    assert_false(col(t, "dnull")->has_default);
    assert_true(col(t, "gen")->generated);

    /* constraints: primary key, unique with its name, the foreign key resolved to users.id */
    bool pk = false, uq = false, fk = false;
    for (size_t i = 0; i < t->constraints.len; i++) {
        sg_constraint *k = t->constraints.items[i];
        if (k->kind == SG_CONSTRAINT_PRIMARY && sg_str_eq_c(k->columns.items[0], "pk"))
            pk = true;
        if (k->kind == SG_CONSTRAINT_UNIQUE && sg_str_eq_c(k->name, "uq_name") &&
            sg_str_eq_c(k->columns.items[0], "uq"))
            uq = true;
        if (k->kind == SG_CONSTRAINT_FOREIGN && sg_str_eq_c(k->columns.items[0], "fk") &&
            sg_str_eq_c(k->ref_table, "users") && sg_str_eq_c(k->ref_schema, "public") &&
            k->ref_columns.len == 1 && sg_str_eq_c(k->ref_columns.items[0], "id"))
            fk = true;
    }
    assert_true(pk && uq && fk);
}

static void test_drizzle__implicit_names(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "export const t = pgTable('t', {\n"
        "  companyName: varchar({ length: 40 }),\n"
        "  createdAt: timestamp({ withTimezone: true }).notNull(),\n"
        "  id: integer(),\n"
        "});\n");
    assert_false(f.snake_case);
    sg_table *t = table(&f, "public", "t");
    assert_string_equal(sg_type_format(a, &col(t, "companyName")->type), "varchar(40)");
    assert_string_equal(sg_type_format(a, &col(t, "createdAt")->type), "timestamptz");
    assert_true(col(t, "createdAt")->not_null);
    assert_non_null(col(t, "id"));
}

static void test_drizzle__snake_case(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "import { drizzle } from 'drizzle-orm/node-postgres';\n"
        "export const t = pgTable('t', {\n"
        "  companyName: varchar({ length: 40 }),\n"
        "  createdAt: timestamp(),\n"
        "  userID: integer(),\n"
        "  HTTPServerURL: text(),\n"
        "  v2Count: integer(),\n"
        "  keptName: text('keptName'),\n"
        "  already_snake: text(),\n"
        "});\n"
        "export const db = drizzle(process.env.DATABASE_URL!, { casing: 'snake_case' });\n");
    assert_true(f.snake_case);
    sg_table *t = table(&f, "public", "t");
    static const char *const want[] = {"company_name", "created_at", "user_id",
                                       "http_server_url", "v2_count", "keptName",
                                       "already_snake"};
    assert_int_equal(t->columns.len, 7);
    for (size_t i = 0; i < 7; i++)
        if (!sg_str_eq_c(t->columns.items[i]->name, want[i]))
            fail_msg("column %zu: %.*s, want %s", i, SG_STR_FMT(t->columns.items[i]->name),
                     want[i]);
    /* an explicit name is never converted */
    assert_true(sg_str_eq_c(col(t, "company_name")->mapped_from, "companyName"));

    f = parse(a, PG "import { defineConfig } from 'drizzle-kit';\n"
                    "export const t = pgTable('t', { userId: uuid() });\n"
                    "export default defineConfig({ casing: 'camelCase' });\n");
    assert_non_null(col(table(&f, "public", "t"), "userId"));
}

static void test_drizzle__callback_columns(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a,
        "import { pgTable } from 'drizzle-orm/pg-core';\n"
        "export const t = pgTable('t', (t) => ({\n"
        "  id: t.integer().primaryKey().generatedAlwaysAsIdentity(),\n"
        "  name: t.varchar('full_name', { length: 100 }).notNull(),\n"
        "}));\n");
    sg_table *t = table(&f, "public", "t");
    assert_true(col(t, "id")->identity);
    assert_string_equal(sg_type_format(a, &col(t, "full_name")->type), "varchar(100)");
    assert_false(t->partial);
}

static void test_drizzle__namespace_and_alias(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a,
        "import * as p from 'drizzle-orm/pg-core';\n"
        "import { text as str, pgTable as table } from 'drizzle-orm/pg-core';\n"
        "export const t = p.pgTable('t', { a: p.integer('a').notNull(), b: str('b') });\n"
        "export const u = table('u', { c: p.boolean('c') });\n");
    assert_string_equal(type_of(a, &f, "a"), "integer");
    assert_true(col(table(&f, "public", "t"), "a")->not_null);
    assert_string_equal(type_of(a, &f, "b"), "text");
    assert_string_equal(sg_type_format(a, &col(table(&f, "public", "u"), "c")->type), "boolean");
}

static void test_drizzle__require(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse_as(a, "schema.js",
        "const { pgTable, text: str } = require('drizzle-orm/pg-core');\n"
        "const pg = require('drizzle-orm/pg-core');\n"
        "const other = require('./cols');\n"
        "exports.t = pgTable('t', { a: str('a').notNull(), b: pg.uuid('b'), c: other.x('c') });\n"
        "const u = pg.pgTable('u', { d: pg.jsonb('d') });\n");
    assert_int_equal(f.problems.len, 0);
    assert_int_equal(f.model->tables.len, 2); /* exports.t = pgTable(...) is a table too */
    assert_true(col(table(&f, "public", "t"), "a")->not_null);
    sg_table *u = table(&f, "public", "u");
    assert_string_equal(sg_type_format(a, &col(u, "d")->type), "jsonb");
    f = parse_as(a, "schema.cjs",
        "const { pgTable, text: str } = require('drizzle-orm/pg-core');\n"
        "const pg = require('drizzle-orm/pg-core');\n"
        "const other = require('./cols');\n"
        "const t = pgTable('t', { a: str('a').notNull(), b: pg.uuid('b'), c: other.x('c') });\n"
        "module.exports = { t };\n");
    sg_table *t = table(&f, "public", "t");
    assert_string_equal(sg_type_format(a, &col(t, "a")->type), "text");
    assert_string_equal(sg_type_format(a, &col(t, "b")->type), "uuid");
    assert_true(col(t, "c")->type.unknown);
}

static void test_drizzle__pg_schema(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "export const agent = pgSchema('trigger_dashboard_agent');\n"
        "export const moodEnum = agent.enum('mood', ['sad', 'ok']);\n"
        "export const chats = agent.table('chats', {\n"
        "  id: text('id').primaryKey(),\n"
        "  mood: moodEnum('mood'),\n"
        "});\n"
        "export const inline = pgSchema('other').table('inline', { x: integer('x') });\n");
    sg_table *t = table(&f, "trigger_dashboard_agent", "chats");
    assert_null(sg_model_table(f.model, SG_STR_NULL, sg_str_c("chats")));
    sg_column *m = col(t, "mood");
    assert_true(sg_str_eq_c(m->type.name, "mood"));
    assert_true(sg_str_eq_c(m->type.schema, "trigger_dashboard_agent"));
    sg_enum *e = sg_model_enum(f.model, sg_str_c("trigger_dashboard_agent"), sg_str_c("mood"));
    assert_non_null(e);
    assert_int_equal(e->values.len, 2);
    assert_non_null(table(&f, "other", "inline"));
}

static void test_drizzle__enums(void **state)
{
    sg_arena *a = *state;
    const char *text = PG
        "export const roleEnum = pgEnum('role', ['admin', \"user\", `guest`]);\n"
        "const STATUSES = ['open', 'closed'] as const;\n"
        "export const statusEnum = pgEnum('status', STATUSES);\n"
        "export const dyn = pgEnum('dyn', Object.values(Status) as [string, ...string[]]);\n"
        "export const t = pgTable('t', {\n"
        "  role: roleEnum('role').default('user').notNull(),\n"
        "  status: statusEnum().array(),\n"
        "  d: dyn('d'),\n"
        "});\n";
    sg_drizzle_file f = parse(a, text);
    sg_enum *e = sg_model_enum(f.model, SG_STR_NULL, sg_str_c("role"));
    assert_non_null(e);
    assert_int_equal(e->values.len, 3);
    assert_true(sg_str_eq_c(e->values.items[1], "user"));
    assert_true(sg_str_eq_c(e->values.items[2], "guest"));
    assert_int_equal(e->value_spans.len, 3);
    /* each value's span is its literal */
    assert_int_equal(e->value_spans.items[1].end - e->value_spans.items[1].start, 6);
    assert_memory_equal(text + e->value_spans.items[1].start, "\"user\"", 6);
    assert_int_equal(sg_model_enum(f.model, SG_STR_NULL, sg_str_c("status"))->values.len, 2);
    /* values that need evaluation: the enum is left out, not reported as emptied */
    assert_null(sg_model_enum(f.model, SG_STR_NULL, sg_str_c("dyn")));
    assert_int_equal(f.skipped, 1);
    assert_string_equal(type_of(a, &f, "role"), "role");
    assert_true(col(table(&f, "public", "t"), "role")->has_default);
    assert_string_equal(type_of(a, &f, "status"), "status[]");
    assert_string_equal(type_of(a, &f, "d"), "dyn"); /* its name is still known */
}

static void test_drizzle__unknown(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a,
        "import { pgTable, text, customType } from 'drizzle-orm/pg-core';\n"
        "import { citext, money } from './types';\n"
        "import * as cols from './columns';\n"
        "import { createdAt as sharedCreatedAt } from './common';\n"
        "const ltree = customType<{ data: string }>({ dataType() { return 'ltree'; } });\n"
        "const shared = { createdAt: text('created_at') };\n"
        "export const t = pgTable('t', {\n"
        "  a: citext('a').notNull(),\n"
        "  b: ltree('b'),\n"
        "  c: money('c'),\n"
        "  d: geometryThing('d'),\n"
        "  e: cols.money('amount_cents').notNull(),\n"
        "  f: citext({ length: 3 }),\n"
        "  g: sharedCreatedAt.notNull(),\n"
        "  ...shared,\n"
        "});\n"
        "const stamps = () => ({ updatedAt: text('updated_at') });\n"
        "const withArg = (n: string) => ({ [n]: text(n) });\n"
        "export const s = pgTable('s', { ...stamps(), ...withArg('q') });\n"
        "export const u = pgTable('u', { ...fromElsewhere, x: text('x') });\n"
        "export const v = pgTable(`${prefix}_v`, { y: text('y') });\n"
        "export const w = pgTable('w', { [key]: text('k'), z: text(name) });\n");
    sg_table *t = table(&f, "public", "t");
    static const char *const unknown[] = {"a", "b", "c", "d", "amount_cents", "f", "g"};
    for (size_t i = 0; i < 7; i++)
        assert_true(col(t, unknown[i])->type.unknown);
    /* the name argument of a builder from another module is the column name */
    assert_true(col(t, "amount_cents")->not_null);
    assert_true(sg_str_eq_c(col(t, "amount_cents")->mapped_from, "e"));
    assert_true(col(t, "g")->not_null); /* an imported column: its key, its modifiers */
    assert_true(col(t, "a")->not_null); /* modifiers still read */
    assert_string_equal(sg_type_format(a, &col(t, "created_at")->type), "text"); /* spread read */
    assert_false(t->partial);
    assert_true(table(&f, "public", "u")->partial);
    assert_non_null(col(table(&f, "public", "u"), "x"));
    sg_table *st = table(&f, "public", "s");
    assert_non_null(col(st, "updated_at")); /* a local helper returning columns is followed */
    assert_true(st->partial);                /* one that needs its argument is not */
    assert_int_equal(f.model->tables.len, 4); /* v's name is computed: left out */
    assert_int_equal(f.skipped, 1);
    sg_table *w = table(&f, "public", "w");
    assert_true(w->partial); /* computed key and computed column name */
    assert_int_equal(w->columns.len, 0);
}

static void test_drizzle__helpers_and_extras(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "const id = () => uuid('id').primaryKey().defaultRandom();\n"
        "const createdAt = timestamp('created_at').notNull().defaultNow();\n"
        "export const t = pgTable('t', {\n"
        "  id: id(),\n"
        "  createdAt,\n"
        "  a: integer('a').notNull(),\n"
        "  b: integer('b'),\n"
        "}, (t) => ({\n"
        "  byA: index('t_a_idx').on(t.a, t.b),\n"
        "  uA: uniqueIndex('t_a_key').on(t.a),\n"
        "  pk: primaryKey({ columns: [t.a, t.b], name: 't_pk' }),\n"
        "}));\n"
        "export const u = pgTable('u', { x: text('x'), y: text('y') },\n"
        "  (u) => [unique('u_xy').on(u.x, u.y), index().on(u.y)]);\n");
    sg_table *t = table(&f, "public", "t");
    assert_string_equal(sg_type_format(a, &col(t, "id")->type), "uuid");
    assert_true(col(t, "id")->primary_key && col(t, "id")->has_default);
    assert_true(col(t, "created_at")->has_default && col(t, "created_at")->not_null);
    assert_int_equal(t->indexes.len, 2);
    assert_true(sg_str_eq_c(t->indexes.items[0]->name, "t_a_idx"));
    assert_int_equal(t->indexes.items[0]->columns.len, 2);
    assert_true(sg_str_eq_c(t->indexes.items[0]->columns.items[1], "b"));
    assert_true(t->indexes.items[1]->unique);
    /* a composite primary key makes its columns NOT NULL, as in PostgreSQL */
    assert_true(col(t, "b")->not_null);
    assert_true(col(t, "b")->primary_key);
    sg_table *u = table(&f, "public", "u");
    assert_int_equal(u->indexes.len, 1);
    bool uq = false;
    for (size_t i = 0; i < u->constraints.len; i++)
        uq |= u->constraints.items[i]->kind == SG_CONSTRAINT_UNIQUE &&
              u->constraints.items[i]->columns.len == 2;
    assert_true(uq);
}

static void test_drizzle__table_creator(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a,
        "import { pgTableCreator, text } from 'drizzle-orm/pg-core';\n"
        "export const createTable = pgTableCreator((name) => `app_${name}`);\n"
        "export const posts = createTable('posts', { title: text('title') });\n"
        "const weird = pgTableCreator((n) => n.toUpperCase());\n"
        "export const x = weird('x', { y: text('y') });\n");
    assert_non_null(col(table(&f, "public", "app_posts"), "title"));
    assert_int_equal(f.model->tables.len, 1);
    assert_int_equal(f.skipped, 1);
}

static void test_drizzle__dialects(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a,
        "import { mysqlTable, int, varchar } from 'drizzle-orm/mysql-core';\n"
        "import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\n"
        "export const m = mysqlTable('m', { id: int('id').autoincrement().primaryKey(),\n"
        "  name: varchar('name', { length: 10 }) });\n"
        "export const s = sqliteTable('s', {\n"
        "  id: integer('id').primaryKey({ autoIncrement: true }),\n"
        "  body: text('body').notNull() });\n");
    sg_table *m = table(&f, "public", "m"), *s = table(&f, "public", "s");
    assert_int_equal(m->dialect, SG_DIALECT_MYSQL);
    assert_int_equal(s->dialect, SG_DIALECT_SQLITE);
    assert_string_equal(sg_type_format(a, &col(m, "name")->type), "varchar(10)");
    assert_true(col(m, "id")->identity);
    assert_true(col(s, "id")->identity);
    assert_true(col(s, "body")->not_null);
}

static void test_drizzle__spans(void **state)
{
    sg_arena *a = *state;
    const char *text = PG "export const users = pgTable('users', {\n"
                          "  email: text('email').notNull(),\n"
                          "});\n";
    sg_drizzle_file f = parse(a, text);
    sg_table *t = table(&f, "public", "users");
    const char *call = strstr(text, "pgTable('users'");
    assert_int_equal(t->span.start, call - text);
    assert_int_equal(t->span.end, strstr(text, "});\n") + 2 - text);
    sg_column *c = col(t, "email");
    const char *prop = "email: text('email').notNull()";
    assert_int_equal(c->span.start, strstr(text, prop) - text);
    assert_int_equal(c->span.end - c->span.start, strlen(prop));
}

static void test_drizzle__syntax_error(void **state)
{
    sg_arena *a = *state;
    const char *text = PG "export const users = pgTable('users', {\n"
                          "  id: integer('id').primaryKey(),\n"
                          "  email: text('email').notNull(\n"
                          "  name: text('name'),\n"
                          "});\n"
                          "export const posts = pgTable('posts', { id: integer('id') });\n";
    sg_drizzle_file f = parse(a, text);
    assert_int_equal(f.problems.len, 1);
    sg_pos pos = sg_source_position(f.src, f.problems.items[0].at.start);
    assert_int_equal(pos.line, 5); /* at `name:`, where the parser saw the error */
    assert_int_equal(pos.col, 3);
    assert_non_null(strstr(f.problems.items[0].message, "syntax error"));
    /* what parses is still read */
    assert_non_null(col(table(&f, "public", "posts"), "id"));

    f = parse(a, PG "export const t = pgTable('t', { a: text('a') }\n");
    /* tree-sitter wraps the unclosed statement in one ERROR node: reported at its start */
    assert_int_equal(f.problems.len, 1);
    assert_non_null(strstr(f.problems.items[0].message, "end of file"));
    pos = sg_source_position(f.src, f.problems.items[0].at.start);
    assert_int_equal(pos.line, 2);
    assert_int_equal(pos.col, 1);

    /* a MISSING token inserted by the parser */
    f = parse(a, PG "export const t = pgTable('t', { a: text('a') })\nconst x = [1, 2;\n");
    assert_int_equal(f.problems.len, 1);
    pos = sg_source_position(f.src, f.problems.items[0].at.start);
    assert_int_equal(pos.line, 3);
    assert_non_null(col(table(&f, "public", "t"), "a"));
}

static void test_drizzle__bad_input(void **state)
{
    sg_arena *a = *state;
    static const char bin[] = "import x from 'drizzle-orm/pg-core';\0\x01\x02";
    sg_source *src = sg_source_make(a, "b.ts", NULL, bin, sizeof bin - 1, SG_KIND_TS);
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    assert_int_equal(f.problems.len, 1);
    assert_int_equal(f.model->tables.len, 0);

    /* deep nesting and odd shapes: no crash */
    char *deep = sg_arena_alloc(a, 200000);
    size_t n = (size_t)snprintf(deep, 200000, "%sexport const t = pgTable('t', { a: ", PG);
    for (int i = 0; i < 20000; i++)
        deep[n++] = '(';
    memcpy(deep + n, "text('a')", 9);
    n += 9;
    for (int i = 0; i < 20000; i++)
        deep[n++] = ')';
    memcpy(deep + n, " });\n", 6);
    f = parse(a, deep);
    assert_non_null(f.model);

    /* a byte order mark and CRLF line ends are ordinary text for the grammar */
    f = parse(a, "\xef\xbb\xbfimport { pgTable, text } from 'drizzle-orm/pg-core';\r\n"
                 "export const t = pgTable('t', {\r\n  a: text('a').notNull(),\r\n});\r\n");
    assert_int_equal(f.problems.len, 0);
    assert_true(col(table(&f, "public", "t"), "a")->not_null);

    /* too big to be a schema: one clear problem, no parse */
    size_t big = (8u << 20) + 1;
    char *huge = sg_arena_alloc(a, big + 1);
    memset(huge, ' ', big);
    memcpy(huge, PG, strlen(PG));
    src = sg_source_make(a, "huge.ts", NULL, huge, big, SG_KIND_TS);
    sg_drizzle_parse(&f, a, src);
    assert_int_equal(f.problems.len, 1);
    assert_non_null(strstr(f.problems.items[0].message, "larger than 8 MiB"));

    f = parse(a, PG "export const t = pgTable();\nexport const u = pgTable('u');\n"
                    "export const v = pgTable('v', 42);\nexport const e = pgEnum();\n"
                    "export const w = pgTable('w', { a: text('a').references(),"
                    " b: text('b').references(() => nowhere.id) });\n");
    assert_int_equal(f.problems.len, 0);
    assert_true(table(&f, "public", "u")->partial);
    assert_non_null(col(table(&f, "public", "w"), "b"));
}

static void test_drizzle__is_schema(void **state)
{
    sg_arena *a = *state;
    static const char *const yes[] = {
        "import { pgTable } from 'drizzle-orm/pg-core';",
        "import { mysqlTable } from \"drizzle-orm/mysql-core\";",
        "import { sqliteTable } from 'drizzle-orm/sqlite-core'",
        "import * as p from '@payloadcms/db-postgres/drizzle/pg-core'",
        "const { pgTable } = require('drizzle-orm/pg-core');",
    };
    static const char *const no[] = {
        "import { drizzle } from 'drizzle-orm/node-postgres';",
        "import { sql } from 'drizzle-orm';",
        "const s = new Sequelize(url);",
        "import x from 'my-pg-core';",
        "",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(sg_drizzle_is_schema(
            sg_source_make(a, "s.ts", NULL, yes[i], strlen(yes[i]), SG_KIND_TS)));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(sg_drizzle_is_schema(
            sg_source_make(a, "s.ts", NULL, no[i], strlen(no[i]), SG_KIND_TS)));
}

static bool has_change(const sg_change_list *l, sg_change_kind k, const char *name)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i]->kind == k && !l->items[i]->quiet &&
            (!name || sg_str_eq_c(l->items[i]->name, name)))
            return true;
    return false;
}

static void test_drizzle__diff(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file o = parse(a, PG
        "export const r = pgEnum('r', ['a', 'b', 'c']);\n"
        "export const t = pgTable('t', {\n"
        "  id: serial('id').primaryKey(),\n"
        "  companyName: varchar('company_name', { length: 256 }),\n"
        "  flag: boolean('flag').notNull(),\n"
        "  n: integer('n'),\n"
        "  m: text('m'),\n"
        "  u: citext('u'),\n"
        "});\n"
        "export const gone = pgTable('gone', { x: text('x') });\n"
        "const extra = {};\n"
        "export const p = pgTable('p', { ...extra, k: text('k'), j: text('j') });\n");
    sg_drizzle_file n = parse(a, PG
        "export const r = pgEnum('r', ['a', 'c', 'd']);\n"
        "export const t = pgTable('t', {\n"
        "  id: serial('id').primaryKey(),\n"
        "  name: varchar('name', { length: 256 }),\n"
        "  n: bigint('n', { mode: 'number' }),\n"
        "  m: text('m').notNull(),\n"
        "  u: integer('u'),\n"
        "  req: text('req').notNull(),\n"
        "  fn: text('fn').notNull().$defaultFn(() => 'x'),\n"
        "  ok: text('ok').notNull().default(''),\n"
        "});\n"
        "export const p = pgTable('p', { ...fromElsewhere, k: text('k') });\n");
    sg_change_list ch = {0};
    sg_drizzle_diff(&ch, a, o.model, n.model, n.src);
    assert_true(has_change(&ch, SG_CHANGE_DROP_TABLE, "gone"));
    assert_true(has_change(&ch, SG_CHANGE_DROP_COLUMN, "flag"));
    assert_true(has_change(&ch, SG_CHANGE_PROBABLE_RENAME_COLUMN, "company_name"));
    assert_true(has_change(&ch, SG_CHANGE_ALTER_COLUMN_TYPE, "n"));
    assert_false(has_change(&ch, SG_CHANGE_ALTER_COLUMN_TYPE, "u")); /* unknown old type */
    assert_true(has_change(&ch, SG_CHANGE_SET_NOT_NULL, "m"));
    assert_true(has_change(&ch, SG_CHANGE_ADD_COLUMN, "req"));
    assert_true(has_change(&ch, SG_CHANGE_DROP_ENUM_VALUE, "r"));
    /* p is partial in the head: "j" may sit in the unresolved spread */
    assert_false(has_change(&ch, SG_CHANGE_DROP_COLUMN, "j"));
    for (size_t i = 0; i < ch.len; i++)
        assert_int_equal(ch.items[i]->origin, SG_IN_DRIZZLE);
}

/* ---- fixtures/drizzle ---- */

static sg_drizzle_file fixture(sg_arena *a, const char *name)
{
    const char *root = getenv("SG_SOURCE_ROOT");
    char *path = sg_arena_printf(a, "%s/fixtures/drizzle/%s", root ? root : ".", name);
    sg_source *src = NULL;
    if (sg_source_read(&src, a, path, name) < 0)
        fail_msg("%s", sg_error_last());
    assert_true(sg_drizzle_is_schema(src));
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    if (f.problems.len)
        fail_msg("%s: %s", name, f.problems.items[0].message);
    return f;
}

/* Every column of every table has a known type, unless listed. */
static void all_known(const sg_drizzle_file *f)
{
    for (size_t i = 0; i < f->model->tables.len; i++) {
        sg_table *t = f->model->tables.items[i];
        assert_false(t->partial);
        for (size_t j = 0; j < t->columns.len; j++)
            if (t->columns.items[j]->type.unknown)
                fail_msg("%.*s.%.*s has an unknown type", SG_STR_FMT(t->name),
                         SG_STR_FMT(t->columns.items[j]->name));
    }
}

static void test_drizzle__fixture_chat(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = fixture(a, "chat/schema.ts");
    all_known(&f);
    assert_int_equal(f.tables, 7);
    sg_table *msg = table(&f, "public", "Message_v2");
    assert_string_equal(sg_type_format(a, &col(msg, "parts")->type), "json");
    assert_true(col(msg, "chatId")->not_null);
    sg_table *doc = table(&f, "public", "Document");
    assert_true(col(doc, "createdAt")->primary_key); /* composite primary key */
    assert_string_equal(sg_type_format(a, &col(doc, "text")->type), "varchar");
    sg_table *user = table(&f, "public", "User");
    assert_string_equal(sg_type_format(a, &col(user, "email")->type), "varchar(64)");
    assert_true(col(table(&f, "public", "Chat"), "id")->has_default);
}

static void test_drizzle__fixture_shop(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = fixture(a, "shop/schema.ts");
    all_known(&f);
    assert_true(f.snake_case);
    assert_int_equal(f.tables, 6);
    sg_table *orders = table(&f, "shop", "orders");
    assert_string_equal(sg_type_format(a, &col(orders, "total_amount")->type), "numeric(12,2)");
    assert_string_equal(sg_type_format(a, &col(orders, "status")->type), "order_status");
    assert_true(sg_str_eq_c(col(orders, "status")->type.schema, "shop"));
    sg_enum *st = sg_model_enum(f.model, sg_str_c("shop"), sg_str_c("order_status"));
    assert_non_null(st);
    assert_int_equal(st->values.len, 5);
    sg_table *products = table(&f, "shop", "products");
    assert_string_equal(sg_type_format(a, &col(products, "tags")->type), "text[]");
    assert_string_equal(sg_type_format(a, &col(products, "weight_grams")->type), "real");
    assert_true(col(products, "created_at")->has_default);   /* from a spread helper */
    assert_true(col(products, "updated_at")->client_default); /* $onUpdate */
}

static void test_drizzle__fixture_every_builder(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = fixture(a, "every-builder/schema.ts");
    all_known(&f);
    sg_table *t = table(&f, "public", "all_types");
    assert_int_equal(t->columns.len, 30);
    sg_table *ev = table(&f, "audit", "events");
    assert_string_equal(sg_type_format(a, &col(ev, "payload")->type), "jsonb");
    assert_true(col(ev, "id")->identity);
}

static void test_drizzle__fixture_payload(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = fixture(a, "payload/payload-generated-schema.ts");
    all_known(&f);
    assert_int_equal(f.tables, 4);
    sg_table *users = table(&f, "public", "users");
    assert_string_equal(sg_type_format(a, &col(users, "updated_at")->type), "timestamptz(3)");
    assert_string_equal(sg_type_format(a, &col(users, "login_attempts")->type), "numeric");
    assert_string_equal(sg_type_format(a, &col(users, "role")->type), "enum_users_roles");
    assert_int_equal(users->indexes.len, 3);
    assert_true(users->indexes.items[2]->unique);
    /* foreignKey({ columns: [columns['parent']], foreignColumns: [posts.id] }) */
    sg_table *rels = table(&f, "public", "posts_rels");
    size_t fks = 0;
    for (size_t i = 0; i < rels->constraints.len; i++) {
        sg_constraint *k = rels->constraints.items[i];
        if (k->kind != SG_CONSTRAINT_FOREIGN)
            continue;
        fks++;
        assert_int_equal(k->columns.len, 1);
        assert_int_equal(k->ref_columns.len, 1);
        if (sg_str_eq_c(k->name, "posts_rels_parent_fk")) {
            assert_true(sg_str_eq_c(k->columns.items[0], "parent_id"));
            assert_true(sg_str_eq_c(k->ref_table, "posts"));
        }
    }
    assert_int_equal(fks, 2);
    assert_int_equal(sg_model_enum(f.model, SG_STR_NULL, sg_str_c("enum_users_roles"))->values.len,
                     3);
}

/* ---- the model against drizzle-kit's own snapshot of the same fixture ---- */

/* A drizzle-kit snapshot type ("timestamp (6) with time zone", "numeric(10, 4)", "text[]",
 * "serial") as a normalized type. */
static sg_type snapshot_type(sg_arena *a, const char *type)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", type);
    size_t n = strlen(buf);
    int dims = 0;
    while (n >= 2 && strcmp(buf + n - 2, "[]") == 0) {
        buf[n -= 2] = '\0';
        dims++;
    }
    bool tz = n > 15 && strcmp(buf + n - 15, " with time zone") == 0;
    if (tz)
        buf[n -= 15] = '\0';
    int32_t mods[2] = {0, 0};
    int nmods = 0;
    char *paren = strchr(buf, '(');
    if (paren) {
        char *p = paren + 1;
        while (nmods < 2 && *p && *p != ')') {
            mods[nmods++] = (int32_t)strtol(p, &p, 10);
            while (*p == ',' || *p == ' ')
                p++;
        }
        *paren = '\0';
        for (char *e = paren; e > buf && e[-1] == ' ';)
            *--e = '\0';
    }
    const char *name = buf;
    if (tz)
        name = strcmp(buf, "time") == 0 ? "timetz" : "timestamptz";
    if (strcmp(name, "char") == 0 && nmods == 0)
        mods[nmods++] = 1; /* PostgreSQL's char is char(1) */
    return sg_type_normalize(a, sg_str_c(sg_arena_strdup(a, name)), mods, nmods, dims);
}

/* names[0..n) equal the strings of list (or their `key` member). */
static bool names_equal(const sg_str *names, size_t n, json_t *list, const char *key)
{
    if (n != json_array_size(list))
        return false;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        const char *s = key ? json_string_value(json_object_get(v, key)) : json_string_value(v);
        if (!s || !sg_str_eq_c(names[i], s))
            return false;
    }
    return true;
}

/* Every table, column (name, type, NOT NULL, primary key, database default), enum, index,
 * unique and foreign key of the snapshot is in the model the same way, and the model has no
 * table or column more. */
static void same_as_snapshot(sg_arena *a, const sg_drizzle_file *f, const char *name)
{
    const char *root = getenv("SG_SOURCE_ROOT");
    char *path = sg_arena_printf(a, "%s/fixtures/drizzle/%s", root ? root : ".", name);
    json_error_t err;
    json_t *snap = json_load_file(path, 0, &err);
    if (!snap)
        fail_msg("%s: %s", path, err.text);
    const char *tkey;
    json_t *tj;
    size_t ntables = 0;
    json_object_foreach(json_object_get(snap, "tables"), tkey, tj) {
        ntables++;
        const char *schema = json_string_value(json_object_get(tj, "schema"));
        sg_table *t = table(f, schema && *schema ? schema : "public",
                            json_string_value(json_object_get(tj, "name")));
        assert_int_equal(t->columns.len, json_object_size(json_object_get(tj, "columns")));
        json_t *pks = json_object_get(tj, "compositePrimaryKeys"), *pk, *cj;
        const char *ckey;
        json_object_foreach(json_object_get(tj, "columns"), ckey, cj) {
            sg_column *c = col(t, json_string_value(json_object_get(cj, "name")));
            const char *type = json_string_value(json_object_get(cj, "type"));
            const char *type_schema = json_string_value(json_object_get(cj, "typeSchema"));
            sg_type want = snapshot_type(a, type);
            if (c->type.unknown || !sg_type_eq(&c->type, &want))
                fail_msg("%s %s.%s: type %s, drizzle-kit says %s", name, tkey, ckey,
                         sg_type_format(a, &c->type), type);
            if (type_schema && strcmp(type_schema, "public") != 0 &&
                !sg_str_eq_c(c->type.schema, type_schema))
                fail_msg("%s %s.%s: enum schema %.*s, drizzle-kit says %s", name, tkey, ckey,
                         SG_STR_FMT(c->type.schema), type_schema);
            bool in_pk = json_is_true(json_object_get(cj, "primaryKey"));
            const char *pkey;
            json_object_foreach(pks, pkey, pk) {
                json_t *cols = json_object_get(pk, "columns");
                for (size_t i = 0; i < json_array_size(cols); i++)
                    in_pk |= strcmp(json_string_value(json_array_get(cols, i)), ckey) == 0;
            }
            bool serial = strstr(type, "serial") != NULL;
            bool identity = serial || json_object_get(cj, "identity") != NULL;
            /* PostgreSQL makes primary key, serial and identity columns NOT NULL; the snapshot
             * only records .notNull() */
            bool not_null = json_is_true(json_object_get(cj, "notNull")) || in_pk || identity;
            bool dflt = json_object_get(cj, "default") || json_object_get(cj, "identity") ||
                        serial;
            if (c->not_null != not_null || c->primary_key != in_pk || c->has_default != dflt ||
                c->identity != identity)
                fail_msg("%s %s.%s: not_null %d pk %d default %d identity %d; drizzle-kit: "
                         "%d %d %d %d", name, tkey, ckey, c->not_null, c->primary_key,
                         c->has_default, c->identity, not_null, in_pk, dflt, identity);
        }
        /* indexes: by name when the schema names them, else by columns */
        const char *ikey;
        json_t *ij;
        json_object_foreach(json_object_get(tj, "indexes"), ikey, ij) {
            bool found = false;
            json_t *cols = json_object_get(ij, "columns");
            bool expr = false; /* an expression index: the model keeps no columns for it */
            for (size_t k = 0; k < json_array_size(cols); k++)
                expr |= json_is_true(json_object_get(json_array_get(cols, k), "isExpression"));
            for (size_t i = 0; i < t->indexes.len && !found; i++) {
                sg_index *x = t->indexes.items[i];
                bool same_cols = names_equal(x->columns.items, x->columns.len, cols, "expression");
                found = (sg_str_eq_c(x->name, ikey) || (!x->name.len && same_cols)) &&
                        x->unique == json_is_true(json_object_get(ij, "isUnique")) &&
                        (expr || same_cols);
            }
            if (!found)
                fail_msg("%s %s: index %s not in the model", name, tkey, ikey);
        }
        const char *kkey;
        json_t *kj;
        json_object_foreach(json_object_get(tj, "foreignKeys"), kkey, kj) {
            bool found = false;
            for (size_t i = 0; i < t->constraints.len && !found; i++) {
                sg_constraint *k = t->constraints.items[i];
                found = k->kind == SG_CONSTRAINT_FOREIGN &&
                        sg_str_eq_c(k->ref_table,
                                    json_string_value(json_object_get(kj, "tableTo"))) &&
                        names_equal(k->columns.items, k->columns.len,
                                    json_object_get(kj, "columnsFrom"), NULL) &&
                        names_equal(k->ref_columns.items, k->ref_columns.len,
                                    json_object_get(kj, "columnsTo"), NULL);
            }
            if (!found)
                fail_msg("%s %s: foreign key %s not in the model", name, tkey, kkey);
        }
        json_object_foreach(json_object_get(tj, "uniqueConstraints"), kkey, kj) {
            bool found = false;
            for (size_t i = 0; i < t->constraints.len && !found; i++) {
                sg_constraint *k = t->constraints.items[i];
                found = k->kind == SG_CONSTRAINT_UNIQUE &&
                        names_equal(k->columns.items, k->columns.len,
                                    json_object_get(kj, "columns"), NULL);
            }
            if (!found)
                fail_msg("%s %s: unique constraint %s not in the model", name, tkey, kkey);
        }
    }
    assert_int_equal(f->model->tables.len, ntables);
    const char *ekey;
    json_t *ej;
    size_t nenums = 0;
    json_object_foreach(json_object_get(snap, "enums"), ekey, ej) {
        nenums++;
        const char *schema = json_string_value(json_object_get(ej, "schema"));
        sg_enum *e = sg_model_enum(f->model, sg_str_c(schema),
                                   sg_str_c(json_string_value(json_object_get(ej, "name"))));
        if (!e)
            fail_msg("%s: enum %s not in the model", name, ekey);
        assert_true(
            names_equal(e->values.items, e->values.len, json_object_get(ej, "values"), NULL));
    }
    assert_int_equal(f->model->enums.len, nenums);
    json_decref(snap);
}

static void test_drizzle__snapshots(void **state)
{
    sg_arena *a = *state;
    static const char *const fixtures[][2] = {
        {"chat/schema.ts", "chat/drizzle-kit-snapshot.json"},
        {"shop/schema.ts", "shop/drizzle-kit-snapshot.json"},
        {"every-builder/schema.ts", "every-builder/drizzle-kit-snapshot.json"},
        {"payload/payload-generated-schema.ts", "payload/drizzle-kit-snapshot.json"},
        {"t3/schema.ts", "t3/drizzle-kit-snapshot.json"},
    };
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        sg_drizzle_file f = fixture(a, fixtures[i][0]);
        same_as_snapshot(a, &f, fixtures[i][1]);
    }
}

static void test_drizzle__rls(void **state)
{
    sg_arena *a = *state;
    sg_drizzle_file f = parse(a, PG
        "export const t = pgTable.withRLS('t', { a: text('a') });\n"
        "export const u = pgTable('u', { b: text('b') }).enableRLS();\n");
    assert_non_null(col(table(&f, "public", "t"), "a"));
    assert_non_null(col(table(&f, "public", "u"), "b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_drizzle__builders),
        UNIT(test_drizzle__modifiers),
        UNIT(test_drizzle__implicit_names),
        UNIT(test_drizzle__snake_case),
        UNIT(test_drizzle__callback_columns),
        UNIT(test_drizzle__namespace_and_alias),
        UNIT(test_drizzle__require),
        UNIT(test_drizzle__pg_schema),
        UNIT(test_drizzle__enums),
        UNIT(test_drizzle__unknown),
        UNIT(test_drizzle__helpers_and_extras),
        UNIT(test_drizzle__table_creator),
        UNIT(test_drizzle__dialects),
        UNIT(test_drizzle__spans),
        UNIT(test_drizzle__syntax_error),
        UNIT(test_drizzle__bad_input),
        UNIT(test_drizzle__is_schema),
        UNIT(test_drizzle__diff),
        UNIT(test_drizzle__fixture_chat),
        UNIT(test_drizzle__fixture_shop),
        UNIT(test_drizzle__fixture_every_builder),
        UNIT(test_drizzle__fixture_payload),
        UNIT(test_drizzle__rls),
        UNIT(test_drizzle__snapshots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
