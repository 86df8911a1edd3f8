/* git.c against a real repository built in a temporary folder with the git command (test
 * setup only; the product reads git through libgit2): opening, path mapping, revisions, blobs at
 * a revision and in the index, directory listings, tracked files, an unborn HEAD. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "git.h"
#include "unit.h"

static char root[PATH_MAX];  /* the temporary folder: repo/ and outside/ */
static char start_dir[PATH_MAX];

#define GIT "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=t " \
            "GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid " \
            "git -c init.defaultBranch=main -c commit.gpgsign=false "

static int sh(const char *cmd)
{
    char buf[PATH_MAX + 2048];
    if ((size_t)snprintf(buf, sizeof buf, "cd '%s' && (%s) >/dev/null 2>&1", root, cmd) >=
        sizeof buf)
        return -1;
    return system(buf);
}

/* repo/: commit 1 has db/001.sql and db/sub/x.sql; commit 2 changes 001.sql and adds 002.sql;
 * then 002.sql is modified and staged, and new.sql is left untracked. empty/ has no commit. */
static int group_setup(void **state)
{
    (void)state;
    if (!getcwd(start_dir, sizeof start_dir))
        return -1;
    char tmpl[] = "/tmp/sg-test-git-XXXXXX";
    if (!mkdtemp(tmpl) || !realpath(tmpl, root))
        return -1;
    return sh("mkdir -p repo/db/sub outside empty && cd repo && " GIT "init -q && "
              "printf 'CREATE TABLE a (id int);\\n' > db/001.sql && "
              "printf 'SELECT 1;\\n' > db/sub/x.sql && " GIT "add . && " GIT "commit -qm one && "
              "printf 'CREATE TABLE a (id int, b int);\\n' > db/001.sql && "
              "printf 'CREATE TABLE c (id int);\\n' > db/002.sql && " GIT "add . && "
              GIT "commit -qm two && printf 'CREATE TABLE c (id bigint);\\n' > db/002.sql && "
              GIT "add db/002.sql && printf 'x' > db/new.sql && "
              "cd ../empty && " GIT "init -q && printf 'x' > a.sql && " GIT "add a.sql") == 0
               ? 0
               : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    if (chdir(start_dir) != 0)
        return -1;
    char buf[PATH_MAX + 16];
    snprintf(buf, sizeof buf, "rm -rf '%s'", root);
    return system(buf) == 0 ? 0 : -1;
}

static void cd(const char *sub)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s", root, sub);
    assert_int_equal(chdir(p), 0);
}

static sg_git *open_repo(sg_arena *a, const char *path)
{
    sg_git *g = NULL;
    assert_int_equal(sg_git_open(&g, a, path), SG_OK);
    return g;
}

static void test_git__open_and_paths(void **state)
{
    sg_arena *a = *state;
    cd("repo/db");
    sg_git *g = open_repo(a, "sub/x.sql"); /* a file: searched from its directory */
    char want[PATH_MAX + 16];
    snprintf(want, sizeof want, "%s/repo", root);
    assert_string_equal(sg_git_workdir(g), want);
    char *rel = NULL;
    assert_int_equal(sg_git_relpath(&rel, g, a, "sub/x.sql"), SG_OK);
    assert_string_equal(rel, "db/sub/x.sql");
    assert_int_equal(sg_git_relpath(&rel, g, a, "gone.sql"), SG_OK); /* need not exist */
    assert_string_equal(rel, "db/gone.sql");
    assert_int_equal(sg_git_relpath(&rel, g, a, ".."), SG_OK);
    assert_string_equal(rel, "");
    assert_int_equal(sg_git_relpath(&rel, g, a, "../../outside"), SG_ENOTFOUND);
    assert_non_null(strstr(sg_error_last(), "outside the git work tree"));
    /* and back, relative to the working directory */
    assert_string_equal(sg_git_display_path(g, a, "db/sub/x.sql"), "sub/x.sql");
    assert_string_equal(sg_git_display_path(g, a, "prisma/schema.prisma"),
                        "../prisma/schema.prisma");
    assert_string_equal(sg_git_display_path(g, a, "db"), ".");
}

static void test_git__not_a_repository(void **state)
{
    sg_arena *a = *state;
    cd("outside");
    sg_git *g = NULL;
    assert_int_equal(sg_git_open(&g, a, "."), SG_ENOTFOUND);
    assert_non_null(strstr(sg_error_last(), "not a git repository"));
}

static void test_git__revisions(void **state)
{
    sg_arena *a = *state;
    cd("repo");
    sg_git *g = open_repo(a, ".");
    sg_git_rev *head = NULL, *prev = NULL, *bad = NULL;
    assert_int_equal(sg_git_resolve(&head, g, "HEAD"), SG_OK);
    assert_int_equal(sg_git_resolve(&prev, g, "HEAD~1"), SG_OK);
    assert_string_equal(sg_git_rev_label(prev), "HEAD~1");
    assert_int_equal(sg_git_resolve(&bad, g, "no-such-branch"), SG_ENOTFOUND);
    assert_non_null(strstr(sg_error_last(), "unknown revision 'no-such-branch'"));
    assert_int_equal(sg_git_resolve(&bad, g, "HEAD~7"), SG_ENOTFOUND);
    assert_non_null(strstr(sg_error_last(), "unknown revision 'HEAD~7'"));
    assert_int_equal(sg_git_resolve(&bad, g, "HEAD:db/001.sql"), SG_ENOTFOUND); /* a blob */
    assert_non_null(strstr(sg_error_last(), "not a commit or a tree"));
    /* a sha: main's commit */
    FILE *f = popen("git rev-parse HEAD~1", "r");
    char sha[64] = {0};
    assert_non_null(f);
    assert_non_null(fgets(sha, sizeof sha, f));
    pclose(f);
    sha[strcspn(sha, "\n")] = '\0';
    sg_git_rev *by_sha = NULL;
    assert_int_equal(sg_git_resolve(&by_sha, g, sha), SG_OK);
    assert_true(sg_git_has(by_sha, "db/001.sql"));
    assert_false(sg_git_has(by_sha, "db/002.sql"));
}

static void test_git__read_versions(void **state)
{
    sg_arena *a = *state;
    cd("repo");
    sg_git *g = open_repo(a, ".");
    sg_git_rev *head = NULL, *prev = NULL, *index = NULL;
    assert_int_equal(sg_git_resolve(&head, g, "HEAD"), SG_OK);
    assert_int_equal(sg_git_resolve(&prev, g, "HEAD~1"), SG_OK);
    assert_int_equal(sg_git_index(&index, g), SG_OK);
    sg_source *s = NULL;
    assert_int_equal(sg_git_read(&s, a, prev, "db/001.sql", "shown/001.sql"), SG_OK);
    assert_string_equal(s->text, "CREATE TABLE a (id int);\n");
    assert_string_equal(s->path, "shown/001.sql");
    assert_string_equal(s->rev, "HEAD~1");
    assert_int_equal(s->kind, SG_KIND_SQL);
    assert_int_equal(sg_git_read(&s, a, head, "db/001.sql", "db/001.sql"), SG_OK);
    assert_string_equal(s->text, "CREATE TABLE a (id int, b int);\n");
    /* staged content differs from HEAD */
    assert_int_equal(sg_git_read(&s, a, head, "db/002.sql", "db/002.sql"), SG_OK);
    assert_string_equal(s->text, "CREATE TABLE c (id int);\n");
    assert_int_equal(sg_git_read(&s, a, index, "db/002.sql", "db/002.sql"), SG_OK);
    assert_string_equal(s->text, "CREATE TABLE c (id bigint);\n");
    assert_string_equal(s->rev, "INDEX");
    /* absent */
    assert_int_equal(sg_git_read(&s, a, prev, "db/002.sql", "db/002.sql"), SG_ENOTFOUND);
    assert_non_null(strstr(sg_error_last(), "is not in HEAD~1"));
    assert_int_equal(sg_git_read(&s, a, index, "db/new.sql", "db/new.sql"), SG_ENOTFOUND);
    assert_int_equal(sg_git_read(&s, a, head, "db", "db"), SG_ENOTFOUND); /* a directory */
}

static void test_git__list(void **state)
{
    sg_arena *a = *state;
    cd("repo");
    sg_git *g = open_repo(a, ".");
    sg_git_rev *prev = NULL, *index = NULL;
    assert_int_equal(sg_git_resolve(&prev, g, "HEAD~1"), SG_OK);
    assert_int_equal(sg_git_index(&index, g), SG_OK);
    sg_path_list l = {0};
    assert_int_equal(sg_git_list(&l, a, prev, "db"), SG_OK);
    assert_int_equal(l.len, 2);
    assert_string_equal(l.items[0], "db/001.sql");
    assert_string_equal(l.items[1], "db/sub/x.sql");
    l.len = 0;
    assert_int_equal(sg_git_list(&l, a, index, "db"), SG_OK);
    assert_int_equal(l.len, 3); /* 001, 002, sub/x; new.sql is untracked */
    assert_string_equal(l.items[1], "db/002.sql");
    l.len = 0;
    assert_int_equal(sg_git_list(&l, a, prev, "nope"), SG_OK);
    assert_int_equal(l.len, 0);
    assert_int_equal(sg_git_list(&l, a, prev, ""), SG_OK);
    assert_int_equal(l.len, 2);
}

static void test_git__tracked(void **state)
{
    sg_arena *a = *state;
    cd("repo");
    sg_git *g = open_repo(a, ".");
    assert_true(sg_git_tracked(g, "db/001.sql"));
    assert_true(sg_git_tracked(g, "db/002.sql"));
    assert_false(sg_git_tracked(g, "db/new.sql"));
    assert_false(sg_git_tracked(g, "db"));
}

static void test_git__unborn_head(void **state)
{
    sg_arena *a = *state;
    cd("empty");
    sg_git *g = open_repo(a, ".");
    sg_git_rev *head = NULL, *index = NULL;
    assert_int_equal(sg_git_resolve(&head, g, "HEAD"), SG_OK); /* an empty tree */
    assert_false(sg_git_has(head, "a.sql"));
    sg_path_list l = {0};
    assert_int_equal(sg_git_list(&l, a, head, ""), SG_OK);
    assert_int_equal(l.len, 0);
    assert_int_equal(sg_git_index(&index, g), SG_OK);
    assert_true(sg_git_has(index, "a.sql"));
    assert_true(sg_git_tracked(g, "a.sql"));
}

int main(void)
{
    if (system("git --version >/dev/null 2>&1") != 0) {
        puts("SKIP: the git command is not installed (test setup builds repositories with it)");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        UNIT(test_git__open_and_paths), UNIT(test_git__not_a_repository),
        UNIT(test_git__revisions),      UNIT(test_git__read_versions),
        UNIT(test_git__list),           UNIT(test_git__tracked),
        UNIT(test_git__unborn_head),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
