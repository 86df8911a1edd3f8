/* Model diffs: drops, probable renames, type changes, nullability, enum values. */
#include <string.h>

#include "diff.h"
#include "fe.h"
#include "replay.h"
#include "unit.h"

static sg_model *model_of(sg_arena *a, const char *sql)
{
    sg_source *src = sg_source_make(a, "s.sql", NULL, sql, strlen(sql), SG_KIND_SQL);
    sg_sql_file f;
    sg_sql_parse(&f, a, src);
    sg_model *m = sg_model_make(a);
    for (size_t i = 0; i < f.changes.len; i++)
        sg_replay_apply(m, f.changes.items[i]);
    return m;
}

static sg_change_list diff(sg_arena *a, const char *old, const char *new_)
{
    sg_change_list l = {0};
    sg_diff_models(&l, a, model_of(a, old), model_of(a, new_), SG_IN_SQL, NULL);
    return l;
}

static const sg_change *find(const sg_change_list *l, sg_change_kind k)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i]->kind == k)
            return l->items[i];
    return NULL;
}

static void test_diff__identical_is_empty(void **state)
{
    const char *s = "CREATE TABLE a (id int, t text);";
    sg_change_list l = diff(*state, s, s);
    assert_int_equal(l.len, 0);
}

static void test_diff__drop_table_and_column(void **state)
{
    sg_change_list l = diff(*state, "CREATE TABLE a (id int, x int, y text);\nCREATE TABLE b (id int);",
                            "CREATE TABLE a (id int, y text);");
    const sg_change *dt = find(&l, SG_CHANGE_DROP_TABLE);
    assert_non_null(dt);
    assert_true(sg_str_eq_c(dt->table, "b"));
    const sg_change *dc = find(&l, SG_CHANGE_DROP_COLUMN);
    assert_non_null(dc);
    assert_true(sg_str_eq_c(dc->name, "x"));
    assert_non_null(dc->related.src);
}

static void test_diff__probable_rename(void **state)
{
    sg_change_list l = diff(*state, "CREATE TABLE c (id int, company_name text, email text);",
                            "CREATE TABLE c (id int, name text);");
    const sg_change *rn = find(&l, SG_CHANGE_PROBABLE_RENAME_COLUMN);
    assert_non_null(rn);
    assert_true(sg_str_eq_c(rn->name, "company_name"));
    assert_true(sg_str_eq_c(rn->new_name, "name"));
    const sg_change *dc = find(&l, SG_CHANGE_DROP_COLUMN);
    assert_non_null(dc);
    assert_true(sg_str_eq_c(dc->name, "email"));
    /* the added column stays visible for add-required-column */
    const sg_change *add = find(&l, SG_CHANGE_ADD_COLUMN);
    assert_non_null(add);
    assert_true(sg_str_eq_c(add->name, "name"));
}

static void test_diff__incompatible_types_are_no_rename(void **state)
{
    sg_change_list l = diff(*state, "CREATE TABLE c (id int, a text);",
                            "CREATE TABLE c (id int, b integer);");
    assert_null(find(&l, SG_CHANGE_PROBABLE_RENAME_COLUMN));
    assert_non_null(find(&l, SG_CHANGE_DROP_COLUMN));
    assert_non_null(find(&l, SG_CHANGE_ADD_COLUMN));
}

static void test_diff__type_and_nullability(void **state)
{
    sg_change_list l = diff(*state, "CREATE TABLE c (a varchar(10), b text);",
                            "CREATE TABLE c (a varchar(5), b text NOT NULL);");
    const sg_change *ty = find(&l, SG_CHANGE_ALTER_COLUMN_TYPE);
    assert_non_null(ty);
    assert_int_equal(ty->old_type.mods[0], 10);
    assert_int_equal(ty->new_type.mods[0], 5);
    assert_non_null(find(&l, SG_CHANGE_SET_NOT_NULL));
}

static void test_diff__enum_values(void **state)
{
    sg_change_list l = diff(*state, "CREATE TYPE r AS ENUM ('a', 'b', 'c');",
                            "CREATE TYPE r AS ENUM ('a', 'd');");
    const sg_change *lost = find(&l, SG_CHANGE_DROP_ENUM_VALUE);
    assert_non_null(lost);
    assert_int_equal(lost->values.len, 2);
    assert_true(sg_str_eq_c(lost->values.items[0], "b"));
    assert_non_null(find(&l, SG_CHANGE_ADD_ENUM_VALUE));
}

static void test_diff__widening_table(void **state)
{
    (void)state;
    sg_type v10 = {.name = {"varchar", 7}, .mods = {10}, .nmods = 1};
    sg_type v20 = {.name = {"varchar", 7}, .mods = {20}, .nmods = 1};
    sg_type text = {.name = {"text", 4}};
    sg_type num52 = {.name = {"numeric", 7}, .mods = {5, 2}, .nmods = 2};
    sg_type num72 = {.name = {"numeric", 7}, .mods = {7, 2}, .nmods = 2};
    sg_type num73 = {.name = {"numeric", 7}, .mods = {7, 3}, .nmods = 2};
    sg_type integer = {.name = {"integer", 7}};
    sg_type unknown = {.unknown = true};
    assert_true(sg_diff_types_compatible(&v10, &v20));
    assert_false(sg_diff_types_compatible(&v20, &v10));
    assert_true(sg_diff_types_compatible(&v10, &text));
    assert_false(sg_diff_types_compatible(&text, &v10));
    assert_true(sg_diff_types_compatible(&num52, &num72));
    assert_false(sg_diff_types_compatible(&num52, &num73));
    assert_false(sg_diff_types_compatible(&integer, &text));
    assert_true(sg_diff_types_compatible(&integer, &unknown));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_diff__identical_is_empty),
        UNIT(test_diff__drop_table_and_column),
        UNIT(test_diff__probable_rename),
        UNIT(test_diff__incompatible_types_are_no_rename),
        UNIT(test_diff__type_and_nullability),
        UNIT(test_diff__enum_values),
        UNIT(test_diff__widening_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
