/* The language server's statement cache: what is put is got back, a full cache empties, and a
 * statement whose tree comes from the cache gives the same changes at a new position as a fresh
 * parse does (spans are rebased, not cached). */
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "sqlcache.h"
#include "unit.h"

static void test_sqlcache__put_get_and_limit(void **state)
{
    (void)state;
    sg_sqlcache_enable(64);
    uint8_t *tree = NULL;
    size_t len = 0, entries, hits, lookups;
    assert_false(sg_sqlcache_get("a", 1, &tree, &len));
    sg_sqlcache_put("a", 1, (const uint8_t *)"TREE", 4);
    assert_true(sg_sqlcache_get("a", 1, &tree, &len));
    assert_int_equal(len, 4);
    assert_memory_equal(tree, "TREE", 4);
    free(tree);
    assert_false(sg_sqlcache_get("ab", 2, &tree, &len)); /* exact text only */
    sg_sqlcache_stats(&entries, &hits, &lookups);
    assert_int_equal(entries, 1);
    assert_int_equal(hits, 1);
    assert_int_equal(lookups, 3);
    /* 60 more bytes do not fit beside the 5 held: the cache empties, then holds the new one */
    char big[40] = {0};
    sg_sqlcache_put("b", 1, (const uint8_t *)big, sizeof big);
    sg_sqlcache_put("c", 1, (const uint8_t *)big, sizeof big);
    sg_sqlcache_stats(&entries, &hits, &lookups);
    assert_int_equal(entries, 1);
    assert_false(sg_sqlcache_get("b", 1, &tree, &len));
    assert_true(sg_sqlcache_get("c", 1, &tree, &len));
    free(tree);
    sg_sqlcache_put("huge", 4, (const uint8_t *)big, 100); /* larger than the cache: not kept */
    assert_false(sg_sqlcache_get("huge", 4, &tree, &len));
    sg_sqlcache_disable();
    sg_sqlcache_put("a", 1, (const uint8_t *)"TREE", 4); /* disabled: nothing kept */
    assert_false(sg_sqlcache_get("a", 1, &tree, &len));
}

static sg_sql_file parse(sg_arena *a, const char *sql)
{
    sg_source *src = sg_source_make(a, "m.sql", NULL, sql, strlen(sql), SG_KIND_SQL);
    sg_sql_file f;
    sg_sql_parse(&f, a, src);
    return f;
}

static void test_sqlcache__trees_reused_at_new_positions(void **state)
{
    sg_arena *a = *state;
    const char *one = "ALTER TABLE users DROP COLUMN email;\nCREATE INDEX i ON users (name);\n";
    const char *two = "-- a comment that moves everything\n\n"
                      "ALTER TABLE users DROP COLUMN email;\nCREATE INDEX i ON users (name);\n";
    sg_sql_file cold = parse(a, two); /* no cache */
    sg_sqlcache_enable((size_t)1 << 20);
    sg_sql_file first = parse(a, one);
    size_t entries, hits, lookups;
    sg_sqlcache_stats(&entries, &hits, &lookups);
    assert_int_equal(entries, 2);
    assert_int_equal(hits, 0);
    sg_sql_file warm = parse(a, two);
    sg_sqlcache_stats(&entries, &hits, &lookups);
    assert_int_equal(hits, 2); /* both statements came from the cache */
    assert_int_equal(first.changes.len, 2);
    assert_int_equal(warm.changes.len, cold.changes.len);
    for (size_t i = 0; i < warm.changes.len; i++) {
        const sg_change *w = warm.changes.items[i], *c = cold.changes.items[i];
        assert_int_equal(w->kind, c->kind);
        assert_int_equal(w->at.start, c->at.start);
        assert_int_equal(w->at.end, c->at.end);
        assert_int_equal(w->stmt.start, c->stmt.start);
        assert_int_equal(w->stmt.end, c->stmt.end);
        assert_true(sg_str_eq(w->name, c->name));
    }
    sg_sqlcache_disable();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_sqlcache__put_get_and_limit),
        UNIT(test_sqlcache__trees_reused_at_new_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
