/* The SQL frontend and replay: changes per statement, exact spans, identifier folding, and
 * which changes touch existing objects. */
#include <string.h>

#include "fe.h"
#include "replay.h"
#include "unit.h"

static sg_sql_file parse(sg_arena *a, const char *sql)
{
    sg_source *src = sg_source_make(a, "m.sql", NULL, sql, strlen(sql), SG_KIND_SQL);
    sg_sql_file f;
    sg_sql_parse(&f, a, src);
    return f;
}

static void replay(sg_model *m, sg_sql_file *f)
{
    sg_model_commit(m);
    for (size_t i = 0; i < f->changes.len; i++)
        sg_replay_apply(m, f->changes.items[i]);
}

static sg_str span_text(sg_span s)
{
    return (sg_str){s.src->text + s.start, s.end - s.start};
}

static void test_replay__create_then_alter(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    sg_sql_file f1 = parse(a, "-- init\nCREATE TABLE Users (id serial PRIMARY KEY,\n"
                              "  \"Email\" varchar(255) NOT NULL, note text);\n");
    assert_int_equal(f1.problems.len, 0);
    assert_int_equal(f1.changes.len, 1);
    replay(m, &f1);
    sg_table *t = sg_model_table(m, SG_STR_NULL, sg_str_c("users")); /* folded */
    assert_non_null(t);
    assert_int_equal(t->columns.len, 3);
    assert_true(t->columns.items[0]->identity);
    assert_true(t->columns.items[0]->primary_key);
    assert_non_null(sg_model_column(t, sg_str_c("Email"))); /* quoted keeps case */
    assert_null(sg_model_column(t, sg_str_c("email")));
    assert_true(sg_str_eq_c(t->columns.items[1]->type.name, "varchar"));
    assert_int_equal(t->columns.items[1]->type.mods[0], 255);
    /* the statement span starts after the leading comment */
    assert_true(sg_str_starts_c(span_text(f1.changes.items[0]->at), "CREATE TABLE Users"));

    sg_sql_file f2 = parse(a, "ALTER TABLE users ADD COLUMN age int4,\n"
                              "  DROP COLUMN note;\nALTER TABLE users DROP COLUMN age;\n");
    assert_int_equal(f2.changes.len, 3);
    replay(m, &f2);
    sg_change *drop_note = f2.changes.items[1];
    assert_int_equal(drop_note->kind, SG_CHANGE_DROP_COLUMN);
    assert_true(drop_note->existing); /* created by the previous migration */
    assert_true(sg_str_eq_c(span_text(drop_note->at), "DROP COLUMN note"));
    assert_true(sg_str_starts_c(span_text(drop_note->related), "note text"));
    sg_change *drop_age = f2.changes.items[2];
    assert_false(drop_age->existing); /* added in the same change */
    assert_true(sg_str_eq_c(f2.changes.items[0]->new_type.name, "integer"));
}

static void test_replay__unknown_table_is_existing(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    sg_sql_file f = parse(a, "DROP TABLE IF EXISTS legacy.sessions;\nTRUNCATE audit;");
    replay(m, &f);
    assert_int_equal(f.changes.len, 2);
    assert_true(f.changes.items[0]->existing);
    assert_true(sg_str_eq_c(f.changes.items[0]->schema, "legacy"));
    assert_true(f.changes.items[1]->existing);
}

static void test_replay__new_table_is_not_existing(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    sg_sql_file f = parse(a, "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP TABLE t;");
    replay(m, &f);
    assert_int_equal(f.changes.len, 3);
    assert_false(f.changes.items[1]->existing);
    assert_false(f.changes.items[2]->existing);
}

static void test_replay__recreate_marks_existing_create(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    sg_sql_file f1 = parse(a, "CREATE TABLE orders (id int);");
    replay(m, &f1);
    sg_sql_file f2 = parse(a, "CREATE TABLE orders (id int);");
    replay(m, &f2);
    assert_true(f2.changes.items[0]->existing); /* the history is out of sync */
}

static void test_replay__enums_and_types(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    sg_sql_file f = parse(a, "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n"
                             "ALTER TYPE \"Role\" ADD VALUE 'OWNER';\n"
                             "ALTER TYPE \"Role\" RENAME VALUE 'USER' TO 'MEMBER';\n"
                             "CREATE TABLE a (r \"Role\"[], n numeric(10,2), ts timestamp with "
                             "time zone, c character varying);\n");
    replay(m, &f);
    sg_enum *e = sg_model_enum(m, SG_STR_NULL, sg_str_c("Role"));
    assert_non_null(e);
    assert_int_equal(e->values.len, 3);
    assert_true(sg_str_eq_c(e->values.items[0], "MEMBER"));
    assert_true(sg_str_eq_c(e->values.items[2], "OWNER"));
    sg_table *t = sg_model_table(m, SG_STR_NULL, sg_str_c("a"));
    assert_true(sg_str_eq_c(t->columns.items[0]->type.name, "Role"));
    assert_int_equal(t->columns.items[0]->type.array_dims, 1);
    assert_int_equal(t->columns.items[1]->type.nmods, 2);
    assert_true(sg_str_eq_c(t->columns.items[2]->type.name, "timestamptz"));
    assert_true(sg_str_eq_c(t->columns.items[3]->type.name, "varchar"));
}

static void test_replay__parse_error_position_and_recovery(void **state)
{
    sg_arena *a = *state;
    const char *sql = "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int NOT NUL;\n"
                      "DROP TABLE a;\n";
    sg_sql_file f = parse(a, sql);
    assert_int_equal(f.problems.len, 1);
    sg_pos p = sg_source_position(f.src, f.problems.items[0].at.start);
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 36); /* at "NUL" */
    assert_non_null(strstr(f.problems.items[0].message, "NUL"));
    assert_int_equal(f.changes.len, 2); /* the statements around it are still read */
}

static void test_replay__skips_statements_no_rule_needs(void **state)
{
    sg_arena *a = *state;
    sg_sql_file f = parse(a, "COMMENT ON TABLE a IS 'x';\nINSERT INTO a VALUES (1), (2);\n"
                             "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ "
                             "LANGUAGE sql;\nDO $$ BEGIN NULL; END $$;\n"
                             "INSERT INTO b (x) SELECT y FROM a;\n");
    assert_int_equal(f.statements, 5);
    assert_int_equal(f.parsed, 1);
    assert_int_equal(f.changes.len, 1);
    assert_int_equal(f.changes.items[0]->kind, SG_CHANGE_INSERT_SELECT);
}

static void test_replay__update_facts(void **state)
{
    sg_arena *a = *state;
    sg_sql_file f = parse(a, "UPDATE users SET full_name = coalesce(first, '') || last "
                             "WHERE full_name IS NULL;");
    sg_change *u = f.changes.items[0];
    assert_int_equal(u->kind, SG_CHANGE_UPDATE);
    assert_true(u->has_where);
    assert_true(sg_str_eq_c(u->values.items[0], "full_name"));
    assert_int_equal(u->reads.len, 2);
    assert_true(sg_str_eq_c(u->where_null, "full_name"));
}

static void test_replay__role_password_span(void **state)
{
    sg_arena *a = *state;
    const char *sql = "CREATE ROLE app LOGIN PASSWORD 'hunter2';";
    sg_sql_file f = parse(a, sql);
    assert_int_equal(f.changes.len, 1);
    assert_int_equal(f.changes.items[0]->kind, SG_CHANGE_ROLE_PASSWORD);
    assert_true(sg_str_eq_c(span_text(f.changes.items[0]->at), "PASSWORD 'hunter2'"));
}

/* The table index: thousands of tables, one dropped and recreated, renames of a table and of a
 * schema: lookups give what a scan from the newest table would. */
static void test_replay__table_index(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    for (int i = 0; i < 3000; i++)
        sg_model_add_table(m, SG_STR_NULL, sg_str_c(sg_arena_printf(a, "t%d", i)), (sg_span){0});
    assert_ptr_equal(sg_model_table(m, SG_STR_NULL, sg_str_c("t1234")), m->tables.items[1234]);
    assert_null(sg_model_table(m, SG_STR_NULL, sg_str_c("t3000")));
    assert_null(sg_model_table(m, sg_str_c("other"), sg_str_c("t1")));

    sg_sql_file f = parse(a, "DROP TABLE t7; CREATE TABLE t7 (id int);\n"
                             "ALTER TABLE t8 RENAME TO renamed;\n");
    replay(m, &f);
    sg_table *t7 = sg_model_table(m, SG_STR_NULL, sg_str_c("t7"));
    assert_non_null(t7);
    assert_ptr_not_equal(t7, m->tables.items[7]); /* the new one, not the dropped one */
    assert_int_equal(t7->columns.len, 1);
    assert_null(sg_model_table(m, SG_STR_NULL, sg_str_c("t8")));
    assert_ptr_equal(sg_model_table(m, SG_STR_NULL, sg_str_c("renamed")), m->tables.items[8]);
    sg_sql_file g = parse(a, "CREATE SCHEMA s; CREATE TABLE s.x (id int);\n"
                             "ALTER SCHEMA s RENAME TO s2;\n");
    replay(m, &g);
    assert_null(sg_model_table(m, sg_str_c("s"), sg_str_c("x")));
    assert_non_null(sg_model_table(m, sg_str_c("s2"), sg_str_c("x")));
    assert_ptr_equal(sg_model_table(m, sg_str_c("public"), sg_str_c("t2999")),
                     m->tables.items[2999]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_replay__create_then_alter),
        UNIT(test_replay__unknown_table_is_existing),
        UNIT(test_replay__new_table_is_not_existing),
        UNIT(test_replay__recreate_marks_existing_create),
        UNIT(test_replay__enums_and_types),
        UNIT(test_replay__parse_error_position_and_recovery),
        UNIT(test_replay__skips_statements_no_rule_needs),
        UNIT(test_replay__update_facts),
        UNIT(test_replay__role_password_span),
        UNIT(test_replay__table_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
