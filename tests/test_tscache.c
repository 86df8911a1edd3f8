/* The TypeScript tree cache: identical text gives the kept tree, edited text an incremental
 * parse whose tree is the same as a fresh parse's, and only `size` keys are kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "tscache.h"
#include "unit.h"

const TSLanguage *tree_sitter_typescript(void);

static char *sexp(TSTree *t)
{
    return ts_node_string(ts_tree_root_node(t));
}

static void same_tree(TSTree *a, TSTree *b)
{
    char *x = sexp(a), *y = sexp(b);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

static void test_tscache__reuse_and_incremental(void **state)
{
    (void)state;
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, tree_sitter_typescript());
    const char *v1 = "export const users = pgTable('users', {\n  id: serial('id'),\n"
                     "  score: integer('score'),\n});\n";
    const char *v2 = "export const users = pgTable('users', {\n  id: serial('id'),\n"
                     "  score: text('score').notNull(),\n  extra: boolean('extra'),\n});\n";
    sg_tscache_set_size(2);
    unsigned long same, inc, fresh;
    TSTree *a = sg_tscache_parse(p, "ts::schema.ts", v1, (uint32_t)strlen(v1));
    TSTree *b = sg_tscache_parse(p, "ts::schema.ts", v1, (uint32_t)strlen(v1));
    sg_tscache_stats(&same, &inc, &fresh);
    assert_int_equal(fresh, 1);
    assert_int_equal(same, 1);
    same_tree(a, b);
    TSTree *c = sg_tscache_parse(p, "ts::schema.ts", v2, (uint32_t)strlen(v2));
    sg_tscache_stats(&same, &inc, &fresh);
    assert_int_equal(inc, 1);
    TSTree *want = ts_parser_parse_string(p, NULL, v2, (uint32_t)strlen(v2));
    same_tree(c, want);
    /* and back: an edit that removes text */
    TSTree *d = sg_tscache_parse(p, "ts::schema.ts", v1, (uint32_t)strlen(v1));
    same_tree(d, a);
    /* two other keys push the first out (least recently used) */
    TSTree *e = sg_tscache_parse(p, "ts::other.ts", v2, (uint32_t)strlen(v2));
    TSTree *f = sg_tscache_parse(p, "ts::third.ts", v2, (uint32_t)strlen(v2));
    TSTree *g = sg_tscache_parse(p, "ts::schema.ts", v1, (uint32_t)strlen(v1));
    sg_tscache_stats(&same, &inc, &fresh);
    assert_int_equal(fresh, 4); /* schema.ts was parsed afresh: its entry had gone */
    TSTree *all[] = {a, b, c, want, d, e, f, g};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        ts_tree_delete(all[i]);
    sg_tscache_set_size(0);
    ts_parser_delete(p);
}

/* A parse that gave up on its time bound gives up at once on the same text. */
static void test_tscache__gave_up_is_remembered(void **state)
{
    sg_arena *a = *state;
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, tree_sitter_typescript());
    ts_parser_set_timeout_micros(p, 1);
    size_t n = 0, cap = 400000;
    char *text = sg_arena_alloc(a, cap);
    while (n + 40 < cap)
        n += (size_t)snprintf(text + n, cap - n, "const v%zu = [1, 2, (3 + 4) * 5];\n", n);
    sg_tscache_set_size(2);
    unsigned long same0, inc0, fresh0, same, inc, fresh;
    sg_tscache_stats(&same0, &inc0, &fresh0);
    assert_null(sg_tscache_parse(p, "ts::soup.ts", text, (uint32_t)n));
    assert_null(sg_tscache_parse(p, "ts::soup.ts", text, (uint32_t)n));
    sg_tscache_stats(&same, &inc, &fresh);
    assert_int_equal(same - same0, 1);
    assert_int_equal(fresh - fresh0, 1);
    sg_tscache_set_size(0);
    ts_parser_delete(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_tscache__reuse_and_incremental),
        UNIT(test_tscache__gave_up_is_remembered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
