/* The Prisma frontend: every construct of the language, error positions and recovery, bad input
 * (binary, unterminated strings and comments, deep nesting, huge files), the mapping to the
 * schema model (types, @map/@@map, relations, implicit many-to-many, defaults), split schemas,
 * and what the schema diff makes of Prisma-specific changes. */
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "engine.h"
#include "prisma.h"
#include "suppress.h"
#include "unit.h"

typedef struct parsed {
    sg_source *src;
    sg_prisma_schema s;
    sg_problem_list problems;
    sg_model *m;
} parsed;

static parsed parse(sg_arena *a, const char *text)
{
    parsed p = {0};
    p.src = sg_source_make(a, "schema.prisma", NULL, text, strlen(text), SG_KIND_PRISMA);
    sg_prisma_parse_source(&p.s, &p.problems, a, p.src);
    p.m = sg_prisma_to_model(a, &p.s);
    return p;
}

static parsed parse_ok(sg_arena *a, const char *text)
{
    parsed p = parse(a, text);
    for (size_t i = 0; i < p.problems.len; i++) {
        sg_pos pos = sg_source_position(p.src, p.problems.items[i].at.start);
        print_message("unexpected problem %u:%u: %s\n", pos.line, pos.col,
                      p.problems.items[i].message);
    }
    assert_int_equal(p.problems.len, 0);
    return p;
}

static sg_str text_of(sg_span s)
{
    return (sg_str){s.src->text + s.start, s.end - s.start};
}

static void assert_text(sg_span s, const char *want)
{
    sg_str got = text_of(s);
    if (!sg_str_eq_c(got, want))
        fail_msg("span text \"%.*s\", expected \"%s\"", SG_STR_FMT(got), want);
}

/* The one problem of a malformed input: its 1-based line and column and a message fragment. */
static void assert_problem(sg_arena *a, const char *text, uint32_t line, uint32_t col,
                           const char *fragment)
{
    parsed p = parse(a, text);
    if (p.problems.len == 0)
        fail_msg("no problem reported for:\n%s", text);
    sg_pos pos = sg_source_position(p.src, p.problems.items[0].at.start);
    const char *msg = p.problems.items[0].message;
    if (pos.line != line || pos.col != col || !strstr(msg, fragment))
        fail_msg("problem at %u:%u \"%s\", expected %u:%u with \"%s\"", pos.line, pos.col, msg,
                 line, col, fragment);
}

static const sg_prisma_block *block(const parsed *p, const char *name)
{
    for (size_t i = 0; i < p->s.blocks.len; i++)
        if (sg_str_eq_c(p->s.blocks.items[i]->name, name))
            return p->s.blocks.items[i];
    fail_msg("no block %s", name);
    return NULL;
}

static const sg_prisma_field *field(const sg_prisma_block *b, const char *name)
{
    for (size_t i = 0; i < b->fields.len; i++)
        if (sg_str_eq_c(b->fields.items[i].name, name))
            return &b->fields.items[i];
    fail_msg("no field %s", name);
    return NULL;
}

static sg_table *table(const sg_model *m, const char *name)
{
    sg_table *t = sg_model_table(m, SG_STR_NULL, sg_str_c(name));
    if (!t)
        fail_msg("no table %s", name);
    return t;
}

static sg_column *column(const sg_table *t, const char *name)
{
    sg_column *c = sg_model_column(t, sg_str_c(name));
    if (!c)
        fail_msg("no column %s in %.*s", name, SG_STR_FMT(t->name));
    return c;
}

static void assert_type(const sg_column *c, const char *want)
{
    sg_arena *a = sg_arena_new();
    const char *got = sg_type_format(a, &c->type);
    if (strcmp(got, want) != 0) {
        print_message("column %.*s: type %s, expected %s\n", SG_STR_FMT(c->name), got, want);
        sg_arena_free(a);
        fail();
    }
    sg_arena_free(a);
}

static const char *const DS = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DB\")\n}\n";

/* ---- the language ---- */

static void test_prisma__every_block_kind(void **state)
{
    parsed p = parse_ok(*state,
        "datasource db {\n"
        "  provider = \"postgresql\"\n"
        "  url      = env(\"DATABASE_URL\")\n"
        "  schemas  = [\"public\", \"auth\"]\n"
        "}\n"
        "generator client {\n"
        "  provider        = \"prisma-client-js\"\n"
        "  previewFeatures = [\"multiSchema\", \"views\"]\n"
        "}\n"
        "model User {\n  id Int @id\n}\n"
        "view UserInfo {\n  id Int @unique\n}\n"
        "enum Role {\n  USER\n  ADMIN\n}\n"
        "type Address {\n  street String\n}\n");
    assert_int_equal(p.s.blocks.len, 6);
    const sg_prisma_block_kind kinds[] = {SG_PBLOCK_DATASOURCE, SG_PBLOCK_GENERATOR,
                                          SG_PBLOCK_MODEL, SG_PBLOCK_VIEW, SG_PBLOCK_ENUM,
                                          SG_PBLOCK_TYPE};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(p.s.blocks.items[i]->kind, kinds[i]);
    const sg_prisma_block *ds = block(&p, "db");
    const sg_prisma_field *url = field(ds, "url");
    assert_int_equal(url->value->kind, SG_PEXPR_CALL);
    assert_true(sg_str_eq_c(url->value->text, "env"));
    const sg_prisma_field *schemas = field(ds, "schemas");
    assert_int_equal(schemas->value->kind, SG_PEXPR_ARRAY);
    assert_int_equal(schemas->value->items.len, 2);
    assert_true(sg_str_eq_c(schemas->value->items.items[1]->text, "auth"));
    const sg_prisma_block *role = block(&p, "Role");
    assert_int_equal(role->fields.len, 2);
    assert_text(role->span, "enum Role {\n  USER\n  ADMIN\n}");
    assert_text(role->name_span, "Role");
    /* views and composite types make no tables */
    assert_int_equal(p.m->tables.len, 1);
}

static void test_prisma__field_shapes(void **state)
{
    parsed p = parse_ok(*state,
        "model A {\n"
        "  id     Int      @id\n"
        "  tags   String[]\n"
        "  bio    String?  // a trailing comment\n"
        "  /// a doc comment\n"
        "  tsv    Unsupported(\"tsvector\")?\n"
        "  geo    Unsupported(\"geometry(Point, 4326)\")\n"
        "}\n");
    const sg_prisma_block *a = block(&p, "A");
    assert_int_equal(a->fields.len, 5);
    const sg_prisma_field *tags = field(a, "tags");
    assert_true(tags->list);
    assert_false(tags->optional);
    assert_text(tags->type_span, "String[]");
    const sg_prisma_field *bio = field(a, "bio");
    assert_true(bio->optional);
    assert_text(bio->span, "bio    String?");
    const sg_prisma_field *tsv = field(a, "tsv");
    assert_true(sg_str_eq_c(tsv->type, "Unsupported"));
    assert_true(sg_str_eq_c(tsv->unsupported, "tsvector"));
    assert_true(tsv->optional);
    assert_text(tsv->type_span, "Unsupported(\"tsvector\")?");
    sg_table *t = table(p.m, "A");
    assert_type(column(t, "tsv"), "tsvector");
    assert_false(column(t, "tsv")->not_null);
    assert_type(column(t, "geo"), "geometry(point, 4326)");
}

static void test_prisma__field_attributes(void **state)
{
    parsed p = parse_ok(*state,
        "model Post {\n"
        "  id        String   @id @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid\n"
        "  slug      String   @unique(map: \"post_slug\") @db.VarChar(255)\n"
        "  authorId  Int      @map(\"author_id\")\n"
        "  author    User     @relation(\"Writes\", fields: [authorId], references: [id], "
        "onDelete: Cascade)\n"
        "  updatedAt DateTime @updatedAt\n"
        "  secret    String   @ignore\n"
        "  price     Decimal  @default(-1.5) @db.Decimal(10, 2)\n"
        "}\n"
        "model User {\n  id Int @id\n  posts Post[] @relation(\"Writes\")\n}\n");
    const sg_prisma_field *id = field(block(&p, "Post"), "id");
    assert_int_equal(id->attrs.len, 3);
    assert_text(id->attrs.items[1].span, "@default(dbgenerated(\"gen_random_uuid()\"))");
    const sg_prisma_expr *dflt = sg_prisma_arg_find(&id->attrs.items[1].args, NULL, 0);
    assert_int_equal(dflt->kind, SG_PEXPR_CALL);
    assert_true(sg_str_eq_c(dflt->text, "dbgenerated"));
    assert_true(sg_str_eq_c(sg_prisma_arg_find(&dflt->args, NULL, 0)->text, "gen_random_uuid()"));
    assert_true(sg_str_eq_c(id->attrs.items[2].name, "db.Uuid"));
    assert_false(id->attrs.items[2].has_parens);
    const sg_prisma_field *author = field(block(&p, "Post"), "author");
    const sg_prisma_attr *rel = sg_prisma_attr_find(&author->attrs, "relation");
    assert_non_null(rel);
    assert_true(sg_str_eq_c(sg_prisma_arg_find(&rel->args, "name", 0)->text, "Writes"));
    const sg_prisma_expr *od = sg_prisma_arg_find(&rel->args, "onDelete", -1);
    assert_int_equal(od->kind, SG_PEXPR_NAME);
    assert_true(sg_str_eq_c(od->text, "Cascade"));
    const sg_prisma_field *price = field(block(&p, "Post"), "price");
    const sg_prisma_expr *neg = sg_prisma_arg_find(&price->attrs.items[0].args, NULL, 0);
    assert_int_equal(neg->kind, SG_PEXPR_NUMBER);
    assert_true(sg_str_eq_c(neg->text, "-1.5"));

    sg_table *t = table(p.m, "Post");
    assert_type(column(t, "id"), "uuid");
    assert_true(column(t, "id")->has_default);
    assert_true(column(t, "id")->primary_key);
    assert_type(column(t, "slug"), "varchar(255)");
    assert_type(column(t, "author_id"), "integer");
    assert_true(sg_str_eq_c(column(t, "author_id")->mapped_from, "authorId"));
    assert_null(sg_model_column(t, sg_str_c("author")));
    assert_type(column(t, "price"), "numeric(10,2)");
    assert_true(column(t, "secret")->not_null); /* @ignore hides it from the client only */
    bool fk = false, uq = false;
    for (size_t i = 0; i < t->constraints.len; i++) {
        const sg_constraint *k = t->constraints.items[i];
        if (k->kind != SG_CONSTRAINT_FOREIGN)
            continue;
        fk = true;
        assert_true(sg_str_eq_c(k->name, "Post_author_id_fkey"));
        assert_true(sg_str_eq_c(k->columns.items[0], "author_id"));
        assert_true(sg_str_eq_c(k->ref_table, "User"));
        assert_true(sg_str_eq_c(k->ref_columns.items[0], "id"));
    }
    for (size_t i = 0; i < t->indexes.len; i++)
        uq |= t->indexes.items[i]->unique && sg_str_eq_c(t->indexes.items[i]->name, "post_slug");
    assert_true(fk);
    assert_true(uq);
    /* a one-to-many with a relation name is no join table */
    assert_int_equal(p.m->tables.len, 2);
}

static void test_prisma__block_attributes(void **state)
{
    parsed p = parse_ok(*state,
        "model Member {\n"
        "  orgId  Int\n"
        "  userId Int @map(\"user_id\")\n"
        "  role   String\n"
        "  at     DateTime\n"
        "\n"
        "  @@id([orgId, userId])\n"
        "  @@unique([role, at], name: \"roleAt\")\n"
        "  @@index([at(sort: Desc), role], map: \"member_at\")\n"
        "  @@index([\n"
        "    role,\n"
        "    orgId,\n"
        "  ])\n"
        "  @@map(\"members\")\n"
        "  @@schema(\"auth\")\n"
        "  @@ignore\n"
        "}\n");
    const sg_prisma_block *b = block(&p, "Member");
    assert_int_equal(b->attrs.len, 7);
    assert_true(b->attrs.items[0].block);
    assert_text(b->attrs.items[2].span, "@@index([at(sort: Desc), role], map: \"member_at\")");
    assert_text(b->attrs.items[3].span, "@@index([\n    role,\n    orgId,\n  ])");
    assert_true(sg_str_eq_c(b->attrs.items[6].name, "ignore"));
    sg_table *t = sg_model_table(p.m, sg_str_c("auth"), sg_str_c("members"));
    assert_non_null(t);
    assert_true(sg_str_eq_c(t->mapped_from, "Member"));
    assert_true(column(t, "user_id")->primary_key);
    assert_true(column(t, "orgId")->primary_key);
    assert_int_equal(t->constraints.len, 1);
    assert_true(sg_str_eq_c(t->constraints.items[0]->name, "members_pkey"));
    assert_int_equal(t->constraints.items[0]->columns.len, 2);
    assert_true(sg_str_eq_c(t->constraints.items[0]->columns.items[1], "user_id"));
    assert_int_equal(t->indexes.len, 3);
    assert_true(sg_str_eq_c(t->indexes.items[0]->name, "members_role_at_key"));
    assert_true(t->indexes.items[0]->unique);
    assert_true(sg_str_eq_c(t->indexes.items[1]->name, "member_at"));
    assert_true(sg_str_eq_c(t->indexes.items[1]->columns.items[0], "at"));
    assert_true(sg_str_eq_c(t->indexes.items[2]->name, "members_role_orgId_idx"));
}

static void test_prisma__comments(void **state)
{
    parsed p = parse_ok(*state,
        "// leading comment with a \"quote and { brace\n"
        "/// doc comment\n"
        "/**\n * block comment } model X {\n */\n"
        "model A { // after the brace\n"
        "  id Int @id /* inline */ @default(1)\n"
        "  /* before a field */ name String\n"
        "}\n");
    const sg_prisma_block *a = block(&p, "A");
    assert_int_equal(a->fields.len, 2);
    assert_int_equal(field(a, "id")->attrs.len, 2);
    assert_int_equal(p.s.blocks.len, 1);
}

static void test_prisma__crlf_tabs_and_byte_order_mark(void **state)
{
    parsed p = parse_ok(*state, "\xEF\xBB\xBFmodel A {\r\n\tid\tInt\t@id\r\n\tname String?\r\n}\r\n");
    const sg_prisma_block *a = block(&p, "A");
    assert_int_equal(a->fields.len, 2);
    assert_text(field(a, "id")->span, "id\tInt\t@id");
    assert_int_equal(a->span.start, 3);
}

static void test_prisma__real_world_attribute_shapes(void **state)
{
    parsed p = parse_ok(*state,
        "datasource db {\n  provider   = \"postgresql\"\n  url        = env(\"DATABASE_URL\")\n"
        "  extensions = [pgcrypto, postgis(version: \"3.4\")]\n}\n"
        "generator client {\n  provider      = \"prisma-client-js\"\n"
        "  binaryTargets = [\"native\", \"debian-openssl-3.0.x\"]\n}\n"
        "model Doc {\n"
        "  id      String @id(map: \"doc_pk\") @default(dbgenerated())\n"
        "  title   String\n"
        "  body    String\n"
        "  model   Int    @default(0)\n"
        "  @@index([title, body(ops: raw(\"gin_trgm_ops\"))], type: Gin)\n"
        "  @@unique(fields: [title, model], name: \"titleModel\", map: \"doc_title_model\")\n"
        "}\n");
    const sg_prisma_block *d = block(&p, "Doc");
    const sg_prisma_expr *fields = sg_prisma_arg_find(&d->attrs.items[0].args, "fields", 0);
    assert_int_equal(fields->items.len, 2);
    assert_int_equal(fields->items.items[1]->kind, SG_PEXPR_CALL);
    const sg_prisma_expr *ops = sg_prisma_arg_find(&fields->items.items[1]->args, "ops", -1);
    assert_true(sg_str_eq_c(ops->text, "raw"));
    sg_table *t = table(p.m, "Doc");
    assert_true(sg_str_eq_c(t->constraints.items[0]->name, "doc_pk"));
    assert_true(column(t, "id")->has_default);
    assert_true(sg_str_eq_c(t->indexes.items[0]->name, "Doc_title_body_idx"));
    assert_true(sg_str_eq_c(t->indexes.items[1]->name, "doc_title_model"));
    assert_true(sg_str_eq_c(t->indexes.items[1]->columns.items[1], "model"));
}

static void test_prisma__strings_keep_escapes_and_comment_markers(void **state)
{
    parsed p = parse_ok(*state,
        "model A {\n"
        "  id Int @id\n"
        "  s  String @default(\"a \\\"quoted\\\" // not a comment\")\n"
        "}\n");
    const sg_prisma_expr *x =
        sg_prisma_arg_find(&field(block(&p, "A"), "s")->attrs.items[0].args, NULL, 0);
    assert_true(sg_str_eq_c(x->text, "a \\\"quoted\\\" // not a comment"));
}

/* ---- errors: position and message ---- */

static void test_prisma__error_positions(void **state)
{
    sg_arena *a = *state;
    assert_problem(a, "model User {\n  id Int @id\n  email\n}\n", 3, 3, "field 'email' has no type");
    assert_problem(a, "model User {\n  id Int @id\n  name String @default(\"abc)\n}\n", 3, 24,
                   "unterminated string");
    assert_problem(a, "model A {\n  id Int @id\n", 1, 9, "is never closed");
    assert_problem(a, "foo bar\nmodel A {\n  id Int\n}\n", 1, 1, "expected a block");
    assert_problem(a, "model A {\n  at DateTime @default(now()\n  b Int\n}\n", 2, 23,
                   "this '(' is never closed");
    assert_problem(a, "model A {\n  id Int @id @\n}\n", 2, 15, "attribute name right after '@'");
    assert_problem(a, "model {\n}\n", 1, 7, "expected a name after 'model'");
    assert_problem(a, "model A\n  id Int\n}\n", 1, 8, "expected '{' after model A");
    assert_problem(a, "enum E {\n  A\n  B C\n}\n", 3, 5, "one field or attribute per line");
    assert_problem(a, "model A {\n  id Int[]?\n}\n", 2, 11, "optional lists");
    assert_problem(a, "model A {\n  id Int @id\n  @@index([a b])\n}\n", 3, 14,
                   "expected ',' or ']'");
    assert_problem(a, "datasource db {\n  provider \"postgresql\"\n}\n", 2, 12,
                   "expected '=' after the setting 'provider'");
    assert_problem(a, "model A {\n  id Int $\n}\n", 2, 10, "the character '$'");
    assert_problem(a, "model A {\n  id Int\n}\n/* open\n", 4, 1, "unterminated comment");
    assert_problem(a, "type Id = String\n", 1, 9, "type aliases");
    assert_problem(a, "model A {\n  id Int @default(x: )\n}\n", 2, 22, "expected a value");
    /* columns count UTF-16 code units, as reporters do */
    assert_problem(a, "model A {\n  // é\n  id Int @id é\n}\n", 3, 14,
                   "found the character 'é' after the end of the field");
    assert_problem(a, "model A {\n  id Int @id \x01\n}\n", 2, 14, "the control character 0x01");
}

static void test_prisma__recovers_at_the_next_line(void **state)
{
    parsed p = parse(*state, "model A {\n  id Int @id\n  bad @@x\n  name String\n}\n"
                             "model B {\n  id Int @id\n}\n");
    assert_int_equal(p.problems.len, 1);
    sg_table *a = table(p.m, "A");
    assert_non_null(sg_model_column(a, sg_str_c("name")));
    assert_non_null(sg_model_table(p.m, SG_STR_NULL, sg_str_c("B")));
}

static void test_prisma__unclosed_bracket_keeps_next_fields(void **state)
{
    parsed p = parse(*state, "model A {\n  id Int @id\n  at DateTime @default(now()\n"
                             "  b String\n  c String @default([\"x\"\n  d Int\n}\n");
    assert_int_equal(p.problems.len, 2);
    assert_non_null(strstr(p.problems.items[0].message, "this '(' is never closed"));
    assert_non_null(strstr(p.problems.items[1].message, "this '[' is never closed"));
    sg_table *a = table(p.m, "A");
    assert_int_equal(a->columns.len, 5); /* no field lost: a diff sees no false drop */
}

static void test_prisma__unterminated_string_in_args_keeps_next_fields(void **state)
{
    parsed p = parse(*state, "model A {\n  id Int @id @default(\"x\n  name String\n}\n");
    assert_int_equal(p.problems.len, 1);
    assert_non_null(sg_model_column(table(p.m, "A"), sg_str_c("name")));
}

static void test_prisma__binary_and_invalid_utf8(void **state)
{
    sg_arena *a = *state;
    const char bin[] = "model A {\n  id Int\0 @id\n}\n";
    parsed p = {0};
    p.src = sg_source_make(a, "b.prisma", NULL, bin, sizeof bin - 1, SG_KIND_PRISMA);
    sg_prisma_parse_source(&p.s, &p.problems, a, p.src);
    assert_int_equal(p.problems.len, 1);
    assert_non_null(strstr(p.problems.items[0].message, "binary"));
    assert_int_equal(p.problems.items[0].at.start, 18);
    parsed q = parse(a, "model A {\n  id Int @id \xff\xfe\n}\n");
    assert_int_equal(q.problems.len, 1);
    assert_non_null(strstr(q.problems.items[0].message, "UTF-8"));
}

static void test_prisma__deep_nesting_is_bounded(void **state)
{
    sg_arena *a = *state;
    size_t depth = 200000;
    char *text = sg_arena_alloc(a, depth * 2 + 64);
    size_t n = (size_t)snprintf(text, 64, "model A {\n  id Int @default(");
    memset(text + n, '[', depth);
    n += depth;
    memcpy(text + n, ")\n  b Int\n}\n", 12);
    parsed p = parse(a, text);
    assert_int_equal(p.problems.len, 1);
    assert_non_null(strstr(p.problems.items[0].message, "nested more than"));
}

static void test_prisma__problem_count_is_capped(void **state)
{
    sg_arena *a = *state;
    size_t lines = 5000;
    char *text = sg_arena_alloc(a, lines * 8 + 1);
    for (size_t i = 0; i < lines; i++)
        memcpy(text + i * 8, "@ ! ? ~\n", 8);
    parsed p = parse(a, text);
    assert_int_equal(p.problems.len, 51);
    assert_non_null(strstr(p.problems.items[50].message, "too many errors"));
}

static void test_prisma__huge_schema_is_linear(void **state)
{
    sg_arena *a = *state;
    size_t models = 4000;
    size_t cap = models * 200;
    char *text = sg_arena_alloc(a, cap);
    size_t n = 0;
    for (size_t i = 0; i < models; i++)
        n += (size_t)snprintf(text + n, cap - n,
                              "model M%zu {\n  id Int @id\n  next M%zu? @relation(fields: [nid], "
                              "references: [id])\n  nid Int?\n  tags M%zu[] @relation(\"t%zu\")\n}\n",
                              i, (i + 1) % models, (i + 1) % models, i);
    parsed p = parse(a, text);
    assert_int_equal(p.m->tables.len, models);
    assert_int_equal(table(p.m, "M17")->columns.len, 2);
}

/* ---- mapping ---- */

static void test_prisma__scalar_types(void **state)
{
    char text[1024];
    snprintf(text, sizeof text,
             "%smodel T {\n"
             "  s String\n  i Int\n  b BigInt\n  f Float\n  o Boolean\n  d DateTime\n"
             "  m Decimal\n  j Json\n  y Bytes\n  l Int[]\n"
             "  v String @db.VarChar(255)\n  vv String @db.VarChar\n  t String @db.Text\n"
             "  tz DateTime @db.Timestamptz(6)\n  u String @db.Uuid\n  si Int @db.SmallInt\n"
             "  r Float @db.Real\n  jj Json @db.Json\n  dt DateTime @db.Date\n"
             "  x String @db.Something(1)\n"
             "}\n", DS);
    parsed p = parse_ok(*state, text);
    sg_table *t = table(p.m, "T");
    const char *want[][2] = {
        {"s", "text"},         {"i", "integer"},         {"b", "bigint"},
        {"f", "double precision"}, {"o", "boolean"},     {"d", "timestamp(3)"},
        {"m", "numeric(65,30)"}, {"j", "jsonb"},         {"y", "bytea"},
        {"l", "integer[]"},    {"v", "varchar(255)"},    {"vv", "varchar"},
        {"t", "text"},         {"tz", "timestamptz(6)"}, {"u", "uuid"},
        {"si", "smallint"},    {"r", "real"},            {"jj", "json"},
        {"dt", "date"},        {"x", "(unknown)"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_type(column(t, want[i][0]), want[i][1]);
    /* the same types as the SQL Prisma generates, once normalized */
    sg_type dec = sg_type_normalize(*state, sg_str_c("decimal"), (int32_t[]){65, 30}, 2, 0);
    assert_true(sg_type_eq(&dec, &column(t, "m")->type));
    sg_type f8 = sg_type_normalize(*state, sg_str_c("float8"), NULL, 0, 0);
    assert_true(sg_type_eq(&f8, &column(t, "f")->type));
    assert_int_equal(t->dialect, SG_DIALECT_POSTGRES);
}

static void test_prisma__nullability_and_lists(void **state)
{
    parsed p = parse_ok(*state, "model T {\n  a String\n  b String?\n  c String[]\n}\n");
    sg_table *t = table(p.m, "T");
    assert_true(column(t, "a")->not_null);
    assert_false(column(t, "b")->not_null);
    /* Prisma migrate creates scalar lists without NOT NULL ("tags" TEXT[]) */
    assert_false(column(t, "c")->not_null);
    assert_int_equal(column(t, "c")->type.array_dims, 1);
}

static void test_prisma__defaults(void **state)
{
    parsed p = parse_ok(*state,
        "enum Role {\n  USER\n  ADMIN\n}\n"
        "model T {\n"
        "  a Int @id @default(autoincrement())\n"
        "  b DateTime @default(now())\n"
        "  c String @default(\"x\")\n"
        "  d Boolean @default(false)\n"
        "  e Role @default(USER)\n"
        "  f String @default(dbgenerated(\"gen_random_uuid()\"))\n"
        "  g BigInt @default(sequence())\n"
        "  h String[] @default([])\n"
        "  u String @default(uuid())\n"
        "  v String @default(cuid())\n"
        "  w String @default(nanoid(10))\n"
        "  x String @default(ulid())\n"
        "  y DateTime @updatedAt\n"
        "  z String @default(uuid(7))\n"
        "  n Int\n"
        "}\n");
    sg_table *t = table(p.m, "T");
    const char *db[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (size_t i = 0; i < sizeof db / sizeof db[0]; i++) {
        sg_column *c = column(t, db[i]);
        if (!c->has_default || c->client_default)
            fail_msg("%s should have a database default", db[i]);
    }
    assert_true(column(t, "a")->identity);
    assert_true(column(t, "g")->identity);
    assert_true(sg_str_eq_c(column(t, "f")->default_expr, "dbgenerated(\"gen_random_uuid()\")"));
    const char *client[] = {"u", "v", "w", "x", "y", "z"};
    for (size_t i = 0; i < sizeof client / sizeof client[0]; i++) {
        sg_column *c = column(t, client[i]);
        if (c->has_default || !c->client_default)
            fail_msg("%s should have a client default only", client[i]);
    }
    assert_false(column(t, "n")->has_default);
    assert_false(column(t, "n")->client_default);
}

static void test_prisma__enums(void **state)
{
    parsed p = parse_ok(*state,
        "enum Status {\n  ACTIVE\n  GONE @map(\"gone\")\n  @@map(\"status\")\n}\n"
        "model T {\n  id Int @id\n  s Status\n  l Status[]\n}\n");
    sg_enum *e = sg_model_enum(p.m, SG_STR_NULL, sg_str_c("status"));
    assert_non_null(e);
    assert_int_equal(e->values.len, 2);
    assert_true(sg_str_eq_c(e->values.items[1], "gone"));
    assert_int_equal(e->value_spans.len, 2);
    assert_text(e->value_spans.items[1], "GONE @map(\"gone\")");
    sg_table *t = table(p.m, "T");
    assert_type(column(t, "s"), "status");
    assert_type(column(t, "l"), "status[]");
}

static void test_prisma__relations_are_not_columns(void **state)
{
    parsed p = parse_ok(*state,
        "model User {\n  id Int @id\n  posts Post[]\n  profile Profile?\n}\n"
        "model Profile {\n  id Int @id\n  user User @relation(fields: [userId], references: [id])\n"
        "  userId Int @unique\n}\n"
        "model Post {\n  id Int @id\n  author User? @relation(fields: [authorId], references: [id])\n"
        "  authorId Int?\n}\n");
    assert_int_equal(table(p.m, "User")->columns.len, 1);
    assert_int_equal(table(p.m, "Profile")->columns.len, 2);
    assert_int_equal(table(p.m, "Post")->columns.len, 2);
    assert_int_equal(p.m->tables.len, 3); /* one-to-many and one-to-one: no join table */
}

static void test_prisma__implicit_many_to_many(void **state)
{
    parsed p = parse_ok(*state,
        "model Post {\n  id String @id @db.Uuid\n  categories Category[]\n"
        "  tags Tag[] @relation(\"PostTags\")\n}\n"
        "model Category {\n  id Int @id @default(autoincrement())\n  posts Post[]\n}\n"
        "model Tag {\n  id BigInt @id\n  posts Post[] @relation(\"PostTags\")\n}\n"
        "model User {\n  id Int @id\n  following User[] @relation(\"Follows\")\n"
        "  followers User[] @relation(\"Follows\")\n}\n");
    assert_int_equal(p.m->tables.len, 7);
    /* model names sorted: Category < Post, so A references Category */
    sg_table *cp = table(p.m, "_CategoryToPost");
    assert_int_equal(cp->columns.len, 2);
    assert_type(column(cp, "A"), "integer");
    assert_type(column(cp, "B"), "uuid");
    assert_true(column(cp, "A")->not_null);
    assert_false(column(cp, "A")->identity);
    assert_text(cp->span, "categories Category[]"); /* Post is declared first */
    sg_table *pt = table(p.m, "_PostTags");
    assert_type(column(pt, "A"), "uuid");
    assert_type(column(pt, "B"), "bigint");
    sg_table *f = table(p.m, "_Follows");
    assert_type(column(f, "A"), "integer");
    assert_int_equal(cp->constraints.len, 3); /* two foreign keys and the primary key */
    assert_true(sg_str_eq_c(cp->indexes.items[0]->name, "_CategoryToPost_B_index"));
}

static void test_prisma__providers_set_the_dialect(void **state)
{
    parsed my = parse_ok(*state, "datasource db {\n  provider = \"mysql\"\n  url = \"x\"\n}\n"
                                 "model T {\n  id Int @id\n  s String @db.VarChar(191)\n}\n");
    assert_int_equal(table(my.m, "T")->dialect, SG_DIALECT_MYSQL);
    assert_type(column(table(my.m, "T"), "s"), "varchar(191)");
    parsed lite = parse_ok(*state, "datasource db {\n  provider = \"sqlite\"\n  url = \"x\"\n}\n"
                                   "model T {\n  id Int @id\n}\n");
    assert_int_equal(table(lite.m, "T")->dialect, SG_DIALECT_SQLITE);
}

static void test_prisma__schema_folder_is_one_schema(void **state)
{
    sg_arena *a = *state;
    const char *one = "model User {\n  id Int @id\n  posts Post[]\n  tags Tag[]\n}\n";
    const char *two = "model Post {\n  id Int @id\n  author User @relation(fields: [authorId], "
                      "references: [id])\n  authorId Int\n}\n"
                      "model Tag {\n  id Int @id\n  users User[]\n}\n";
    sg_source *srcs[2] = {
        sg_source_make(a, "prisma/schema/user.prisma", NULL, one, strlen(one), SG_KIND_PRISMA),
        sg_source_make(a, "prisma/schema/post.prisma", NULL, two, strlen(two), SG_KIND_PRISMA),
    };
    sg_problem_list problems = {0};
    sg_model *m = NULL;
    sg_prisma_parse(&m, &problems, a, srcs, 2);
    assert_int_equal(problems.len, 0);
    assert_int_equal(table(m, "User")->columns.len, 1); /* posts and tags are relations */
    sg_table *post = table(m, "Post");
    assert_ptr_equal(post->span.src, srcs[1]);
    assert_ptr_equal(table(m, "User")->span.src, srcs[0]);
    assert_ptr_equal(column(post, "authorId")->span.src, srcs[1]);
    assert_non_null(sg_model_table(m, SG_STR_NULL, sg_str_c("_TagToUser")));
}

/* ---- the diff over Prisma models ---- */

static sg_change_list pdiff(sg_arena *a, const char *old, const char *new_)
{
    parsed o = parse_ok(a, old), n = parse_ok(a, new_);
    sg_change_list l = {0};
    sg_diff_models(&l, a, o.m, n.m, SG_IN_PRISMA, n.src);
    return l;
}

static const sg_change *find(const sg_change_list *l, sg_change_kind k)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i]->kind == k)
            return l->items[i];
    return NULL;
}

static void test_prisma__map_renames_are_no_change(void **state)
{
    sg_change_list l = pdiff(*state,
        "model User {\n  id Int @id\n  v3Enabled Boolean\n  @@map(\"users\")\n}\n",
        "model Account {\n  id Int @id\n  isActivated Boolean @map(\"v3Enabled\")\n"
        "  @@map(\"users\")\n}\n");
    assert_int_equal(l.len, 0);
}

static void test_prisma__field_and_model_changes(void **state)
{
    sg_change_list l = pdiff(*state,
        "model User {\n  id Int @id\n  name String?\n  email String\n  legacy Int\n}\n"
        "model Gone {\n  id Int @id\n}\n"
        "enum Role {\n  USER\n  ADMIN\n}\n",
        "model User {\n  id Int @id\n  name String\n  email String @db.VarChar(100)\n}\n"
        "enum Role {\n  USER\n}\n");
    const sg_change *dt = find(&l, SG_CHANGE_DROP_TABLE);
    assert_non_null(dt);
    assert_true(sg_str_eq_c(dt->table, "Gone"));
    assert_text(dt->related, "model Gone {\n  id Int @id\n}");
    const sg_change *dc = find(&l, SG_CHANGE_DROP_COLUMN);
    assert_non_null(dc);
    assert_true(sg_str_eq_c(dc->name, "legacy"));
    assert_text(dc->at, "model User {");
    assert_text(dc->related, "legacy Int");
    const sg_change *nn = find(&l, SG_CHANGE_SET_NOT_NULL);
    assert_non_null(nn);
    assert_text(nn->at, "name String");
    const sg_change *ty = find(&l, SG_CHANGE_ALTER_COLUMN_TYPE);
    assert_non_null(ty);
    assert_text(ty->at, "email String @db.VarChar(100)");
    const sg_change *ev = find(&l, SG_CHANGE_DROP_ENUM_VALUE);
    assert_non_null(ev);
    assert_true(sg_str_eq_c(ev->values.items[0], "ADMIN"));
    assert_text(ev->related, "ADMIN");
    assert_int_equal(ev->origin, SG_IN_PRISMA);
}

static void test_prisma__field_rename_is_a_probable_rename(void **state)
{
    sg_change_list l = pdiff(*state, "model U {\n  id Int @id\n  title String\n}\n",
                             "model U {\n  id Int @id\n  heading String\n}\n");
    const sg_change *rn = find(&l, SG_CHANGE_PROBABLE_RENAME_COLUMN);
    assert_non_null(rn);
    assert_true(sg_str_eq_c(rn->name, "title"));
    assert_true(sg_str_eq_c(rn->new_name, "heading"));
    assert_null(find(&l, SG_CHANGE_DROP_COLUMN));
}

static void test_prisma__removed_join_table_is_reported_at_its_model(void **state)
{
    sg_change_list l = pdiff(*state,
        "model Tag {\n  id Int @id\n  posts Post[]\n}\n"
        "model Post {\n  id Int @id\n  tags Tag[]\n}\n"
        "model User {\n  id Int @id\n}\n",
        "model Tag {\n  id Int @id\n}\n"
        "model Post {\n  id Int @id\n}\n"
        "model User {\n  id Int @id\n}\n");
    assert_int_equal(l.len, 1);
    const sg_change *dt = find(&l, SG_CHANGE_DROP_TABLE);
    assert_non_null(dt);
    assert_true(sg_str_eq_c(dt->table, "_PostToTag"));
    /* at the model Tag (in the new version), related to the relation field (in the old) */
    assert_int_equal(dt->at.start, 0);
    assert_text(dt->related, "posts Post[]");
}

static void test_prisma__added_field_defaults(void **state)
{
    sg_change_list l = pdiff(*state, "model U {\n  id Int @id\n}\n",
                             "model U {\n  id Int @id\n  slug String @default(uuid())\n}\n");
    const sg_change *add = find(&l, SG_CHANGE_ADD_COLUMN);
    assert_non_null(add);
    assert_true(add->column->not_null);
    assert_false(add->column->has_default);
    assert_true(add->column->client_default);
}

/* ---- suppressions ---- */

/* Diffs two schemas through the engine and the suppression pass; returns the findings. */
static sg_diag_list lint_diff(sg_arena *a, const char *old, const char *new_)
{
    parsed o = parse_ok(a, old), n = parse_ok(a, new_);
    sg_change_list l = {0};
    sg_diff_models(&l, a, o.m, n.m, SG_IN_PRISMA, n.src);
    sg_engine *e = sg_engine_make(a);
    sg_engine_changes(e, &l);
    sg_suppress_apply(e, n.src, 0);
    return e->diags;
}

static const sg_diag *diag(const sg_diag_list *l, const char *rule)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i]->rule_id, rule) == 0)
            return l->items[i];
    fail_msg("no %s finding", rule);
    return NULL;
}

static void test_prisma__suppress_above_model_and_field(void **state)
{
    const char *old = "model User {\n  id Int @id\n  name String?\n  legacy Int\n}\n";
    /* a finding at the model header (drop-column) and one at a field (set-not-null) */
    sg_diag_list plain = lint_diff(*state, old, "model User {\n  id Int @id\n  name String\n}\n");
    assert_false(diag(&plain, "drop-column")->suppressed);
    assert_false(diag(&plain, "set-not-null")->suppressed);

    sg_diag_list l = lint_diff(*state, old,
        "// schemaguard-ignore drop-column: exported to the archive first\n"
        "model User {\n"
        "  id Int @id\n"
        "  /// the display name\n"
        "  // schemaguard-ignore set-not-null: backfilled by job 12\n"
        "  name String\n"
        "}\n");
    const sg_diag *dc = diag(&l, "drop-column");
    assert_true(dc->suppressed);
    assert_string_equal(dc->suppression, "exported to the archive first");
    assert_true(diag(&l, "set-not-null")->suppressed);
    for (size_t i = 0; i < l.len; i++)
        assert_string_not_equal(l.items[i]->rule_id, "unused-suppression");
}

static void test_prisma__suppression_needs_the_right_line_and_rule(void **state)
{
    sg_diag_list l = lint_diff(*state, "model User {\n  id Int @id\n  legacy Int\n}\n",
        "// schemaguard-ignore drop-table: wrong rule\n"
        "model User {\n  id Int @id\n}\n");
    assert_false(diag(&l, "drop-column")->suppressed);
    assert_non_null(diag(&l, "unused-suppression"));
    sg_diag_list far = lint_diff(*state, "model User {\n  id Int @id\n  legacy Int\n}\n",
        "// schemaguard-ignore drop-column: two lines up\n\n"
        "model User {\n  id Int @id\n}\n");
    assert_false(diag(&far, "drop-column")->suppressed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_prisma__every_block_kind),
        UNIT(test_prisma__field_shapes),
        UNIT(test_prisma__field_attributes),
        UNIT(test_prisma__block_attributes),
        UNIT(test_prisma__comments),
        UNIT(test_prisma__crlf_tabs_and_byte_order_mark),
        UNIT(test_prisma__real_world_attribute_shapes),
        UNIT(test_prisma__strings_keep_escapes_and_comment_markers),
        UNIT(test_prisma__error_positions),
        UNIT(test_prisma__recovers_at_the_next_line),
        UNIT(test_prisma__unclosed_bracket_keeps_next_fields),
        UNIT(test_prisma__unterminated_string_in_args_keeps_next_fields),
        UNIT(test_prisma__binary_and_invalid_utf8),
        UNIT(test_prisma__deep_nesting_is_bounded),
        UNIT(test_prisma__problem_count_is_capped),
        UNIT(test_prisma__huge_schema_is_linear),
        UNIT(test_prisma__scalar_types),
        UNIT(test_prisma__nullability_and_lists),
        UNIT(test_prisma__defaults),
        UNIT(test_prisma__enums),
        UNIT(test_prisma__relations_are_not_columns),
        UNIT(test_prisma__implicit_many_to_many),
        UNIT(test_prisma__providers_set_the_dialect),
        UNIT(test_prisma__schema_folder_is_one_schema),
        UNIT(test_prisma__map_renames_are_no_change),
        UNIT(test_prisma__field_and_model_changes),
        UNIT(test_prisma__field_rename_is_a_probable_rename),
        UNIT(test_prisma__removed_join_table_is_reported_at_its_model),
        UNIT(test_prisma__added_field_defaults),
        UNIT(test_prisma__suppress_above_model_and_field),
        UNIT(test_prisma__suppression_needs_the_right_line_and_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
