/* Net-effect analysis: copy steps, backfills, enum recreation, add-then-drop, recreated tables
 * and probable renames, over migrations parsed and replayed as `check` does. */
#include <string.h>

#include "fe.h"
#include "net.h"
#include "replay.h"
#include "unit.h"

/* Parses, replays and analyses one migration on top of m; returns its changes. */
static sg_change_list *migrate(sg_arena *a, sg_model *m, const char *sql)
{
    sg_source *src = sg_source_make(a, "m.sql", NULL, sql, strlen(sql), SG_KIND_SQL);
    sg_sql_file *f = sg_arena_alloc(a, sizeof *f);
    sg_sql_parse(f, a, src);
    assert_int_equal(f->problems.len, 0);
    sg_model_commit(m);
    for (size_t i = 0; i < f->changes.len; i++)
        sg_replay_apply(m, f->changes.items[i]);
    sg_net_analyze(&f->changes, a);
    return &f->changes;
}

/* The n-th change of a kind (0-based), or NULL. */
static sg_change *nth(const sg_change_list *l, sg_change_kind k, int n)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i]->kind == k && n-- == 0)
            return l->items[i];
    return NULL;
}

static size_t count(const sg_change_list *l, sg_change_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < l->len; i++)
        n += l->items[i]->kind == k;
    return n;
}

static sg_str span_text(sg_span s)
{
    return (sg_str){s.src->text + s.start, s.end - s.start};
}

static const char *USERS = "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, "
                           "age integer, note text);";

static void test_net__copy_step_is_a_rename_with_data(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    sg_change_list *l = migrate(a, m, "ALTER TABLE users ADD COLUMN full_name text;\n"
                                      "UPDATE users SET full_name = name;\n"
                                      "ALTER TABLE users DROP COLUMN name;\n");
    sg_change *drop = nth(l, SG_CHANGE_DROP_COLUMN, 0);
    assert_true(drop->existing);
    assert_true(drop->quiet);                       /* no drop-column */
    assert_true(nth(l, SG_CHANGE_UPDATE, 0)->quiet); /* no update-without-where */
    assert_null(drop->partner);
    assert_int_equal(count(l, SG_CHANGE_PROBABLE_RENAME_COLUMN), 0);

    /* Copied into a column that is dropped as well: the data is lost after all. */
    l = migrate(a, m, "ALTER TABLE users ADD COLUMN tmp text;\n"
                      "UPDATE users SET tmp = note;\n"
                      "ALTER TABLE users DROP COLUMN note;\n"
                      "ALTER TABLE users DROP COLUMN tmp;\n");
    assert_false(nth(l, SG_CHANGE_DROP_COLUMN, 0)->quiet);
}

static void test_net__copy_to_another_table(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    migrate(a, m, "CREATE TABLE events (id int, user_id bigint);\n"
                  "CREATE TABLE projects (id int, config jsonb, tags text, owner text);\n");
    sg_change_list *l = migrate(
        a, m,
        "ALTER TABLE events ADD COLUMN email text;\n"
        "UPDATE events e SET email = u.email FROM users u WHERE u.id = e.user_id;\n"
        "ALTER TABLE users DROP COLUMN email;\n"
        "CREATE TABLE orgs (id int, config jsonb);\n"
        "INSERT INTO orgs (id, config) SELECT p.id, p.config FROM projects p;\n"
        "ALTER TABLE projects DROP COLUMN config;\n"
        "ALTER TABLE projects ADD COLUMN tag_list text[];\n"
        "UPDATE projects SET tag_list = ARRAY[tags];\n"
        "ALTER TABLE projects DROP COLUMN tags;\n"
        "INSERT INTO orgs (id) SELECT id FROM projects;\n"
        "ALTER TABLE projects DROP COLUMN owner;\n"
        "ALTER TABLE users DROP COLUMN age;\n");
    assert_true(nth(l, SG_CHANGE_DROP_COLUMN, 0)->quiet);  /* UPDATE ... FROM users */
    assert_true(nth(l, SG_CHANGE_DROP_COLUMN, 1)->quiet);  /* INSERT ... SELECT config */
    assert_true(nth(l, SG_CHANGE_DROP_COLUMN, 2)->quiet);  /* ARRAY[tags] */
    assert_false(nth(l, SG_CHANGE_DROP_COLUMN, 3)->quiet); /* owner was not selected */
    assert_false(nth(l, SG_CHANGE_DROP_COLUMN, 4)->quiet); /* age: copied nowhere */
}

static void test_net__rename_without_copy(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    /* Two candidates: the one whose name reads alike wins, whatever the order. */
    sg_change_list *l = migrate(a, m, "ALTER TABLE users DROP COLUMN note,\n"
                                      "  ADD COLUMN remark_text text, ADD COLUMN \"Note\" text;\n");
    sg_change *drop = nth(l, SG_CHANGE_DROP_COLUMN, 0);
    sg_change *p = nth(l, SG_CHANGE_PROBABLE_RENAME_COLUMN, 0);
    assert_non_null(p);
    assert_ptr_equal(drop->partner, p);
    assert_ptr_equal(p->partner, drop);
    assert_true(sg_str_eq_c(p->name, "note"));
    assert_true(sg_str_eq_c(p->new_name, "Note"));
    assert_true(sg_str_eq_c(span_text(p->at), "DROP COLUMN note"));
    assert_true(sg_str_eq_c(span_text(p->related), "ADD COLUMN \"Note\" text"));
    assert_null(nth(l, SG_CHANGE_ADD_COLUMN, 0)->partner);

    /* Incompatible types, the same name re-added, an added column dropped again: no rename. */
    l = migrate(a, m, "ALTER TABLE users DROP COLUMN age, ADD COLUMN years jsonb;\n"
                      "ALTER TABLE users ADD COLUMN mail text, DROP COLUMN email,\n"
                      "  ADD COLUMN email varchar(10);\n"
                      "ALTER TABLE users ADD COLUMN tmp text;\n"
                      "ALTER TABLE users DROP COLUMN tmp;\n");
    assert_int_equal(count(l, SG_CHANGE_PROBABLE_RENAME_COLUMN), 0);
    for (int i = 0; i < 3; i++)
        assert_null(nth(l, SG_CHANGE_DROP_COLUMN, i)->partner);
    assert_false(nth(l, SG_CHANGE_DROP_COLUMN, 2)->existing); /* tmp: added then dropped */
}

static void test_net__backfill_before_set_not_null(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, "CREATE TABLE t (id int PRIMARY KEY, a text, b text, c text, d text, e text,"
                  " f text NOT NULL);");
    sg_change_list *l = migrate(a, m, "UPDATE t SET a = '' WHERE a IS NULL;\n"
                                      "UPDATE t SET b = COALESCE(b, 'x');\n"
                                      "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x';\n"
                                      "DELETE FROM t WHERE d IS NULL;\n"
                                      "UPDATE t SET e = 'y' WHERE id = 1;\n"
                                      "ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN b "
                                      "SET NOT NULL, ALTER COLUMN c SET NOT NULL, ALTER COLUMN d "
                                      "SET NOT NULL, ALTER COLUMN e SET NOT NULL, ALTER COLUMN f "
                                      "SET NOT NULL;\n");
    for (int i = 0; i < 4; i++)
        assert_true(nth(l, SG_CHANGE_SET_NOT_NULL, i)->quiet);
    assert_false(nth(l, SG_CHANGE_SET_NOT_NULL, 4)->quiet); /* WHERE id = 1 reaches no NULL */
    assert_true(nth(l, SG_CHANGE_SET_NOT_NULL, 5)->quiet);  /* f was NOT NULL already */
    assert_true(nth(l, SG_CHANGE_UPDATE, 1)->quiet);        /* COALESCE changes only NULLs */
}

static void test_net__update_without_where(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    sg_change_list *l = migrate(a, m, "ALTER TABLE users ADD COLUMN plan text;\n"
                                      "UPDATE users SET plan = 'free';\n"
                                      "UPDATE users SET note = lower(note);\n"
                                      "UPDATE users SET plan = 'pro', note = 'x';\n");
    assert_true(nth(l, SG_CHANGE_UPDATE, 0)->quiet);  /* backfill of a new column */
    assert_false(nth(l, SG_CHANGE_UPDATE, 1)->quiet); /* rewrites an existing column */
    assert_false(nth(l, SG_CHANGE_UPDATE, 2)->quiet); /* one target is existing */
}

static const char *ROLE_INIT = "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN', 'GUEST');\n"
                               "CREATE TABLE \"User\" (id int, role \"Role\" NOT NULL DEFAULT "
                               "'USER', roles \"Role\"[]);\n";

/* drizzle-kit goes through text: cast out, drop and recreate the type, cast back. */
static void test_net__drizzle_enum_recreation_through_text(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, ROLE_INIT);
    sg_change_list *l = migrate(
        a, m,
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DATA TYPE text;\n"
        "DROP TYPE \"public\".\"Role\";\n"
        "CREATE TYPE \"public\".\"Role\" AS ENUM('USER', 'ADMIN');\n"
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DATA TYPE \"public\".\"Role\" USING "
        "\"role\"::\"public\".\"Role\";\n");
    assert_true(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 0)->quiet);
    assert_true(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 1)->quiet);
    assert_int_equal(count(l, SG_CHANGE_DROP_ENUM_VALUE), 1);
    assert_true(sg_str_eq_c(nth(l, SG_CHANGE_DROP_ENUM_VALUE, 0)->values.items[0], "GUEST"));

    /* A cast to text that stays text is a real type change. */
    sg_model *m2 = sg_model_make(a);
    migrate(a, m2, ROLE_INIT);
    l = migrate(a, m2, "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DATA TYPE text;\n");
    assert_false(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 0)->quiet);
}

static void test_net__prisma_enum_recreation(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, ROLE_INIT);
    sg_change_list *l = migrate(
        a, m,
        "BEGIN;\nCREATE TYPE \"Role_new\" AS ENUM ('ADMIN', 'USER', 'OWNER');\n"
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" DROP DEFAULT;\n"
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" TYPE \"Role_new\" USING "
        "(\"role\"::text::\"Role_new\");\n"
        "ALTER TABLE \"User\" ALTER COLUMN \"roles\" TYPE \"Role_new\"[] USING "
        "(\"roles\"::text::\"Role_new\"[]);\n"
        "ALTER TYPE \"Role\" RENAME TO \"Role_old\";\n"
        "ALTER TYPE \"Role_new\" RENAME TO \"Role\";\nDROP TYPE \"Role_old\";\n"
        "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'USER';\nCOMMIT;\n");
    assert_true(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 0)->quiet);
    assert_true(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 1)->quiet);
    assert_int_equal(count(l, SG_CHANGE_DROP_ENUM_VALUE), 1);
    sg_change *lost = nth(l, SG_CHANGE_DROP_ENUM_VALUE, 0);
    assert_true(sg_str_eq_c(lost->table, "Role"));
    assert_int_equal(lost->values.len, 1);
    assert_true(sg_str_eq_c(lost->values.items[0], "GUEST"));
    assert_true(sg_str_starts_c(span_text(lost->at), "CREATE TYPE \"Role_new\""));
    assert_true(sg_str_starts_c(span_text(lost->related), "CREATE TYPE \"Role\""));
    /* The columns follow the renamed type: the next change sees them as "Role" again. */
    sg_table *t = sg_model_table(m, SG_STR_NULL, sg_str_c("User"));
    assert_true(sg_str_eq_c(sg_model_column(t, sg_str_c("role"))->type.name, "Role"));

    /* The same without losing anything (a reorder) is quiet as a whole. */
    l = migrate(a, m,
                "ALTER TYPE \"Role\" RENAME TO \"Role_old\";\n"
                "CREATE TYPE \"Role\" AS ENUM ('USER', 'OWNER', 'ADMIN');\n"
                "ALTER TABLE \"User\" ALTER COLUMN role TYPE \"Role\" USING role::text::\"Role\";\n"
                "DROP TYPE \"Role_old\";\n");
    assert_true(nth(l, SG_CHANGE_ALTER_COLUMN_TYPE, 0)->quiet);
    assert_int_equal(count(l, SG_CHANGE_DROP_ENUM_VALUE), 0);
}

static void test_net__add_then_drop_is_new(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    sg_change_list *l = migrate(a, m, "CREATE TABLE tmp (a int);\nTRUNCATE tmp;\nDROP TABLE tmp;\n"
                                      "ALTER TABLE users ADD COLUMN x int;\n"
                                      "ALTER TABLE users DROP COLUMN x;\n");
    assert_false(nth(l, SG_CHANGE_TRUNCATE, 0)->existing);
    assert_false(nth(l, SG_CHANGE_DROP_TABLE, 0)->existing);
    assert_null(nth(l, SG_CHANGE_DROP_TABLE, 0)->partner);
    assert_false(nth(l, SG_CHANGE_DROP_COLUMN, 0)->existing);
}

static void test_net__recreate_table(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, "CREATE TABLE orders (id int, total int);\nCREATE TABLE items (id int);\n"
                  "CREATE TABLE logs (id int);\n");
    sg_change_list *l = migrate(a, m, "DROP TABLE IF EXISTS orders;\n"
                                      "CREATE TABLE orders (id int, total int, note text);\n"
                                      "CREATE TABLE items_copy (id int);\n"
                                      "INSERT INTO items_copy SELECT id FROM items;\n"
                                      "DROP TABLE items;\n"
                                      "DROP TABLE logs;\n");
    sg_change *drop = nth(l, SG_CHANGE_DROP_TABLE, 0), *create = nth(l, SG_CHANGE_CREATE_TABLE, 0);
    assert_true(drop->existing);
    assert_ptr_equal(drop->partner, create);
    assert_ptr_equal(create->partner, drop);
    assert_true(nth(l, SG_CHANGE_DROP_TABLE, 1)->quiet); /* rows copied first */
    sg_change *logs = nth(l, SG_CHANGE_DROP_TABLE, 2);
    assert_false(logs->quiet);
    assert_null(logs->partner);

    /* A copy into a table that is dropped later in the change carries nothing over. */
    l = migrate(a, m, "CREATE TABLE scratch (id int);\n"
                      "INSERT INTO scratch SELECT id FROM items_copy;\n"
                      "DROP TABLE items_copy;\n"
                      "DROP TABLE scratch;\n");
    assert_true(nth(l, SG_CHANGE_DROP_TABLE, 0)->existing);
    assert_false(nth(l, SG_CHANGE_DROP_TABLE, 0)->quiet);
}

static void test_net__emptied_table_takes_required_column(void **state)
{
    sg_arena *a = *state;
    sg_model *m = sg_model_make(a);
    migrate(a, m, USERS);
    sg_change_list *l = migrate(a, m, "ALTER TABLE users ADD COLUMN a int NOT NULL;\n"
                                      "DELETE FROM users;\n"
                                      "ALTER TABLE users ADD COLUMN b int NOT NULL;\n"
                                      "ALTER TABLE users ADD COLUMN IF NOT EXISTS name text;\n");
    assert_false(nth(l, SG_CHANGE_ADD_COLUMN, 0)->quiet);
    assert_true(nth(l, SG_CHANGE_ADD_COLUMN, 1)->quiet);
    assert_true(nth(l, SG_CHANGE_ADD_COLUMN, 2)->quiet); /* already there: a no-op */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_net__copy_step_is_a_rename_with_data),
        UNIT(test_net__copy_to_another_table),
        UNIT(test_net__rename_without_copy),
        UNIT(test_net__backfill_before_set_not_null),
        UNIT(test_net__update_without_where),
        UNIT(test_net__prisma_enum_recreation),
        UNIT(test_net__drizzle_enum_recreation_through_text),
        UNIT(test_net__add_then_drop_is_new),
        UNIT(test_net__recreate_table),
        UNIT(test_net__emptied_table_takes_required_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
