/* Directory walks: empty directories give empty lists (no arithmetic on the NULL items of an
 * empty list: UBSan, found by fuzz_lsp_serve), files come back in natural order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "walk.h"

static char *make_dir(sg_arena *a)
{
    char tmpl[] = "/tmp/sg-test-walk-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    return sg_arena_strdup(a, tmpl);
}

static void touch(sg_arena *a, const char *dir, const char *name)
{
    FILE *f = fopen(sg_walk_join(a, dir, name), "w");
    assert_non_null(f);
    fclose(f);
}

static void test_walk__empty_directory(void **state)
{
    sg_arena *a = *state;
    char *d = make_dir(a);
    sg_path_list files = {0};
    sg_walk_dir_files(&files, a, d);
    assert_int_equal(files.len, 0);
    sg_path_list walked = {0};
    assert_int_equal(sg_walk(&walked, NULL, a, d), 0);
    assert_int_equal(walked.len, 0);
    /* only files of no known kind: still nothing to sort */
    touch(a, d, "notes.txt");
    assert_int_equal(sg_walk(&walked, NULL, a, d), 0);
    assert_int_equal(walked.len, 0);
    assert_int_equal(unlink(sg_walk_join(a, d, "notes.txt")), 0);
    assert_int_equal(rmdir(d), 0);
}

static void test_walk__natural_order(void **state)
{
    sg_arena *a = *state;
    char *d = make_dir(a);
    touch(a, d, "10_b.sql");
    touch(a, d, "2_a.sql");
    sg_path_list files = {0};
    sg_walk_dir_files(&files, a, d);
    assert_int_equal(files.len, 2);
    assert_string_equal(files.items[0], sg_walk_join(a, d, "2_a.sql"));
    assert_string_equal(files.items[1], sg_walk_join(a, d, "10_b.sql"));
    for (size_t i = 0; i < files.len; i++)
        assert_int_equal(unlink(files.items[i]), 0);
    assert_int_equal(rmdir(d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_walk__empty_directory),
        UNIT(test_walk__natural_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
