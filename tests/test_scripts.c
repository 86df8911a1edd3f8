/* The scripts frontend: command splitting, wrapper stripping, npm run indirection (with cycles),
 * package.json offsets through JSON escapes, Dockerfile forms, CI YAML positions, Procfile, and
 * the credential scanner. */
#include <stdio.h>
#include <string.h>

#include "scripts.h"
#include "unit.h"

static sg_source *src_of(sg_arena *a, const char *path, const char *text)
{
    return sg_source_make(a, path, NULL, text, strlen(text), sg_source_kind_of(path, text,
                                                                               strlen(text)));
}

static sg_cmd_list split(sg_arena *a, const char *text)
{
    sg_source *src = src_of(a, "x.sh", text);
    sg_mtext t = sg_scripts_identity(a, 0, (uint32_t)src->len, src);
    sg_cmd_list l = {0};
    sg_scripts_split(&l, a, src, &t);
    return l;
}

static void assert_argv(const sg_cmd *c, const char *joined)
{
    char buf[512];
    size_t n = 0;
    for (size_t i = 0; i < c->argc && n < sizeof buf - 1; i++) {
        int w = snprintf(buf + n, sizeof buf - n, "%s%.*s", i ? " " : "", SG_STR_FMT(c->argv[i]));
        n += w > 0 ? (size_t)w : 0;
    }
    buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
    assert_string_equal(buf, joined);
}

static uint32_t off(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return (uint32_t)(p - text);
}

typedef struct scanned {
    sg_fact_list facts;
    sg_problem_list problems;
    sg_source *src;
} scanned;

static scanned scan(sg_arena *a, const char *path, const char *text)
{
    scanned s = {0};
    s.src = src_of(a, path, text);
    sg_scripts_scan(&s.facts, &s.problems, a, s.src);
    return s;
}

/* The n-th command fact whose argv starts with tool. */
static const sg_fact *command(const scanned *s, const char *tool, int n)
{
    for (size_t i = 0; i < s->facts.len; i++) {
        const sg_fact *f = &s->facts.items[i];
        if (f->kind == SG_FACT_COMMAND && sg_str_eq_c(f->name, tool) && n-- == 0)
            return f;
    }
    return NULL;
}

static size_t count(const scanned *s, sg_fact_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < s->facts.len; i++)
        n += s->facts.items[i].kind == k;
    return n;
}

static void test_scripts__split_operators(void **state)
{
    sg_cmd_list l = split(*state, "a 1 && b || c; d | e & f\ng (h) `i` $(j k)");
    const char *want[] = {"a 1", "b", "c", "d", "e", "f", "g", "h", "i", "j k"};
    assert_int_equal(l.len, 10);
    for (size_t i = 0; i < l.len; i++)
        assert_argv(&l.items[i], want[i]);
}

static void test_scripts__split_quotes_and_spans(void **state)
{
    const char *t = "echo hi;  prisma \"db\" 'push' --force-reset\\\n  --x 2>&1 >log";
    sg_cmd_list l = split(*state, t);
    assert_int_equal(l.len, 2);
    assert_argv(&l.items[1], "prisma db push --force-reset --x");
    assert_int_equal(l.items[1].at.start, off(t, "prisma"));
    assert_int_equal(l.items[1].at.end, off(t, "--x") + 3);
    assert_int_equal(l.items[1].spans[2].start, off(t, "'push'"));
    assert_int_equal(l.items[1].spans[2].end, off(t, "'push'") + 6);
}

static void test_scripts__crlf(void **state)
{
    sg_cmd_list l = split(*state, "npx prisma \\\r\n  migrate reset\r\necho ok\r\n");
    assert_int_equal(l.len, 2);
    assert_argv(&l.items[0], "prisma migrate reset");
    assert_argv(&l.items[1], "echo ok");
}

static void test_scripts__wrappers(void **state)
{
    const char *forms[] = {
        "npx prisma db push",
        "npx --yes -p prisma@5 prisma db push",
        "pnpm exec prisma db push",
        "pnpm dlx prisma db push",
        "pnpm --filter api exec prisma db push",
        "yarn --cwd packages/db prisma db push",
        "npm --prefix server exec -- prisma db push",
        "pnpm prisma db push",
        "yarn dlx prisma db push",
        "yarn prisma db push",
        "yarn workspace api prisma db push",
        "bunx prisma db push",
        "bun x prisma db push",
        "npm exec -- prisma db push",
        "FOO=bar DATABASE_URL=$X prisma db push",
        "env -u HOME NODE_ENV=production npx prisma db push",
        "cross-env NODE_ENV=production prisma db push",
        "dotenv -e .env.production -- prisma db push",
        "./node_modules/.bin/prisma db push",
        "npx prisma@5.14.0 db push",
        "if ! npx prisma db push",
        "exec npx prisma db push",
        "sh -c 'npx prisma db push'",
        "bash -ec \"FOO=1 prisma db push\"",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        sg_cmd_list l = split(*state, forms[i]);
        assert_int_equal(l.len, 1);
        assert_argv(&l.items[0], "prisma db push");
        assert_false(l.items[0].run);
    }
}

static void test_scripts__run_forms(void **state)
{
    const char *runs[] = {"npm run db:push", "npm run-script db:push", "npm run -s db:push --",
                          "npm --prefix server run db:push", "npm -w api run db:push",
                          "pnpm run db:push", "yarn run db:push", "bun run db:push"};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        sg_cmd_list l = split(*state, runs[i]);
        assert_int_equal(l.len, 1);
        assert_true(l.items[0].run);
        assert_string_equal(sg_str_cstr(*state, l.items[0].argv[0]), "db:push");
    }
    sg_cmd_list l = split(*state, "yarn db:push && pnpm install && npm start");
    assert_int_equal(l.len, 3);
    assert_true(l.items[0].maybe_run);
    assert_false(l.items[1].run || l.items[1].maybe_run); /* a pnpm builtin */
    assert_true(l.items[2].run);
    assert_argv(&l.items[2], "start");
}

static void test_scripts__comments_and_heredocs(void **state)
{
    const char *t = "# prisma migrate reset\n"
                    "psql <<'SQL'\n"
                    "prisma migrate reset --force\n"
                    "SQL\n"
                    "echo done # prisma db push\n"
                    "cat <<-EOF > x\n"
                    "\tdrizzle-kit push --force\n"
                    "\tEOF\n"
                    "ls\n";
    sg_cmd_list l = split(*state, t);
    assert_int_equal(l.len, 4);
    assert_argv(&l.items[0], "psql");
    assert_argv(&l.items[1], "echo done");
    assert_argv(&l.items[2], "cat");
    assert_argv(&l.items[3], "ls");
}

static void test_scripts__package_json_offsets(void **state)
{
    const char *t = "{\n"
                    "  \"name\": \"x\", \"nested\": {\"scripts\": {\"start\": \"prisma db push\"}},\n"
                    "  \"scripts\": {\n"
                    "    \"db:reset\": \"echo \\\"\\u00e9\\\" && prisma migrate reset --force\",\n"
                    "    \"n\": 1\n"
                    "  }\n"
                    "}\n";
    scanned s = scan(*state, "package.json", t);
    assert_int_equal(s.problems.len, 0);
    assert_null(command(&s, "prisma", 1)); /* the nested "scripts" is not the package's */
    const sg_fact *f = command(&s, "prisma", 0);
    assert_non_null(f);
    assert_int_equal(f->at.start, off(t, "prisma migrate"));
    assert_int_equal(f->at.end, off(t, "--force\"") + 7);
    assert_string_equal(sg_str_cstr(*state, f->context), "package.json script \"db:reset\"");
    assert_false(f->production);
    const sg_fact *e = command(&s, "echo", 0);
    assert_non_null(e);
    assert_string_equal(sg_str_cstr(*state, e->argv[1]), "\xc3\xa9"); /* "\u00e9" unquoted */
}

static void test_scripts__package_json_invalid(void **state)
{
    scanned s = scan(*state, "package.json", "{\n  \"scripts\": {\"a\": \"b\",}\n}\n");
    assert_int_equal(s.problems.len, 1);
    assert_int_equal(sg_source_position(s.src, s.problems.items[0].at.start).line, 2);
}

static void test_scripts__npm_run_indirection(void **state)
{
    const char *t = "{\"scripts\": {\n"
                    "  \"start\": \"npm run migrate && node server.js\",\n"
                    "  \"migrate\": \"yarn sync\",\n"
                    "  \"sync\": \"prisma db push\",\n"
                    "  \"build\": \"npm run sync\"\n"
                    "}}";
    scanned s = scan(*state, "package.json", t);
    /* direct: in "sync" (not production); via start > migrate > sync; via build > sync */
    const sg_fact *direct = command(&s, "prisma", 0);
    assert_non_null(direct);
    assert_false(direct->production);
    assert_int_equal(direct->via.len, 0);
    const sg_fact *a = command(&s, "prisma", 1), *b = command(&s, "prisma", 2);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(command(&s, "prisma", 3));
    assert_true(a->production && b->production);
    assert_string_equal(sg_str_cstr(*state, a->via), "start > migrate > sync");
    assert_int_equal(a->at.start, off(t, "npm run migrate"));
    assert_int_equal(a->at.end, off(t, "npm run migrate") + 15);
    assert_string_equal(sg_str_cstr(*state, b->via), "build > sync");
}

static void test_scripts__npm_run_cycles(void **state)
{
    const char *t = "{\"scripts\": {\n"
                    "  \"start\": \"npm run a\",\n"
                    "  \"a\": \"npm run b && prisma migrate dev\",\n"
                    "  \"b\": \"npm run a && npm run b && npm run start\",\n"
                    "  \"deploy\": \"npm run deploy\"\n"
                    "}}";
    scanned s = scan(*state, "package.json", t);
    /* once directly in a, once through start > a; the cycles end */
    assert_non_null(command(&s, "prisma", 1));
    assert_null(command(&s, "prisma", 2));
    assert_string_equal(sg_str_cstr(*state, command(&s, "prisma", 1)->via), "start > a");
}

static void test_scripts__production_names(void **state)
{
    (void)state;
    const char *yes[] = {"start", "build", "postinstall", "heroku-postbuild", "vercel-build",
                         "start:prod", "deploy:api", "release", "migrate:production"};
    const char *no[] = {"dev", "test", "db:push", "db:reset", "lint", "migrate"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(sg_scripts_production_name(sg_str_c(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(sg_scripts_production_name(sg_str_c(no[i])));
}

static void test_scripts__dockerfile(void **state)
{
    const char *t = "FROM node:20\n"
                    "RUN --mount=type=cache,target=/root/.npm npm ci && \\\n"
                    "    # a comment inside the continuation\n"
                    "    npx prisma db push --accept-data-loss\n"
                    "ENV X=1\n"
                    "CMD [\"npx\", \"prisma\", \"migrate\", \"reset\", \"--force\"]\n"
                    "entrypoint [\"sh\", \"-c\", \"prisma db push && node s.js\"]\n";
    scanned s = scan(*state, "Dockerfile", t);
    const sg_fact *run = command(&s, "prisma", 0);
    assert_non_null(run);
    assert_string_equal(sg_str_cstr(*state, run->context), "Dockerfile RUN");
    assert_true(run->production);
    assert_int_equal(run->at.start, off(t, "npx prisma db push"));
    assert_int_equal(run->at.end, off(t, "loss\n") + 4);
    const sg_fact *cmd = command(&s, "prisma", 1);
    assert_non_null(cmd);
    assert_int_equal(cmd->argc, 4);
    assert_int_equal(cmd->at.start, off(t, "[\"npx\"") + 1);
    const sg_fact *ep = command(&s, "prisma", 2);
    assert_non_null(ep);
    assert_string_equal(sg_str_cstr(*state, ep->context), "Dockerfile ENTRYPOINT");
    assert_int_equal(ep->at.start, off(t, "prisma db push &&"));
    assert_non_null(command(&s, "npm", 0));
}

static void test_scripts__dockerfile_stages(void **state)
{
    const char *t = "FROM node:20 AS test\nRUN npx prisma db push\n"
                    "FROM node:20-slim as runtime\nCMD npx prisma db push\n";
    scanned s = scan(*state, "Dockerfile", t);
    assert_false(command(&s, "prisma", 0)->production);
    assert_true(command(&s, "prisma", 1)->production);
}

static void test_scripts__dockerfile_escape_directive(void **state)
{
    const char *t = "# escape=`\nFROM x\nRUN echo a `\n  && prisma migrate reset\n";
    scanned s = scan(*state, "Dockerfile", t);
    const sg_fact *f = command(&s, "prisma", 0);
    assert_non_null(f);
    assert_int_equal(f->at.start, off(t, "prisma"));
}

static void test_scripts__github_workflow_positions(void **state)
{
    const char *t = "on: push\n"
                    "jobs:\n"
                    "  test:\n"
                    "    steps:\n"
                    "      - run: npx prisma db push\n"
                    "  ship:\n"
                    "    environment: production\n"
                    "    steps:\n"
                    "      - name: Migrate\n"
                    "        run: |\n"
                    "          echo start\n"
                    "\n"
                    "          npx prisma migrate dev  # comment\n"
                    "      - run: >\n"
                    "          npx prisma\n"
                    "          db push\n"
                    "      - run: \"npx 'prisma' db push\"\n"
                    "      - shell: python\n"
                    "        run: prisma db push\n";
    scanned s = scan(*state, ".github/workflows/ci.yml", t);
    assert_int_equal(s.problems.len, 0);
    const sg_fact *test = command(&s, "prisma", 0);
    assert_non_null(test);
    assert_false(test->production);
    assert_int_equal(test->at.start, off(t, "npx prisma db push"));
    const sg_fact *dev = command(&s, "prisma", 1);
    assert_non_null(dev);
    assert_true(dev->production);
    assert_string_equal(sg_str_cstr(*state, dev->context), "workflow job \"ship\", step \"Migrate\"");
    assert_int_equal(dev->at.start, off(t, "npx prisma migrate dev"));
    assert_int_equal(dev->at.end, off(t, "migrate dev  #") + 11);
    const sg_fact *folded = command(&s, "prisma", 2);
    assert_non_null(folded);
    assert_int_equal(folded->argc, 3);
    assert_int_equal(folded->at.start, off(t, "npx prisma\n"));
    assert_int_equal(folded->at.end, off(t, "  db push\n") + 9);
    const sg_fact *quoted = command(&s, "prisma", 3);
    assert_non_null(quoted);
    assert_null(command(&s, "prisma", 4)); /* the python step */
    assert_int_equal(quoted->at.start, off(t, "npx 'prisma'"));
}

/* Empty block and quoted scalars: no memcmp on the NULL buffer of an empty value (UBSan, found
 * by fuzz_scripts; seed fixtures/fuzz/scripts/empty-folded-run). */
static void test_scripts__github_workflow_empty_scalars(void **state)
{
    const char *t = "on: push\n"
                    "jobs:\n"
                    "  deploy:\n"
                    "    environment: production\n"
                    "    steps:\n"
                    "      - run: >\n"
                    "\n"
                    "      - run: |\n"
                    "      - run: ''\n"
                    "      - run: \"\"\n"
                    "      - run: npx prisma migrate deploy\n";
    scanned s = scan(*state, ".github/workflows/ci.yml", t);
    assert_int_equal(s.problems.len, 0);
    const sg_fact *deploy = command(&s, "prisma", 0);
    assert_non_null(deploy);
    assert_int_equal(deploy->at.start, off(t, "npx prisma migrate deploy"));
    assert_null(command(&s, "prisma", 1));
}

static void test_scripts__gitlab_ci(void **state)
{
    const char *t = "stages: [test, deploy]\n"
                    "before_script:\n"
                    "  - npm ci\n"
                    "migrate:\n"
                    "  stage: deploy\n"
                    "  script:\n"
                    "    - npx prisma db push\n"
                    "    - - echo nested\n"
                    "unit:\n"
                    "  script: npx prisma migrate dev\n";
    scanned s = scan(*state, ".gitlab-ci.yml", t);
    const sg_fact *a = command(&s, "prisma", 0), *b = command(&s, "prisma", 1);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->production);
    assert_false(b->production);
    assert_int_equal(a->at.start, off(t, "npx prisma db push"));
    assert_string_equal(sg_str_cstr(*state, a->context), "GitLab CI job \"migrate\" script");
    assert_non_null(command(&s, "echo", 0));
    assert_non_null(command(&s, "npm", 0));
}

static void test_scripts__yaml_error_position(void **state)
{
    scanned s = scan(*state, ".gitlab-ci.yml", "job:\n  script: [a, b\n");
    assert_int_equal(s.problems.len, 1);
    assert_int_equal(count(&s, SG_FACT_COMMAND), 0);
}

static void test_scripts__procfile(void **state)
{
    const char *t = "web: node server.js\nrelease: npx prisma db push && echo ok\n";
    scanned s = scan(*state, "Procfile", t);
    const sg_fact *f = command(&s, "prisma", 0);
    assert_non_null(f);
    assert_true(f->production);
    assert_string_equal(sg_str_cstr(*state, f->context), "Procfile process \"release\"");
    assert_int_equal(f->at.start, off(t, "npx prisma"));
}

static void test_scripts__credentials(void **state)
{
    const char *t = "A=postgres://app:Hunter2x@db.example.com:5432/app\n"
                    "B=postgresql://app:${DB_PASSWORD}@db.example.com/app\n"
                    "C=mysql://root:$MYSQL_PW@db/app\n"
                    "D=mongodb+srv://u:<password>@cluster0.mongodb.net/\n"
                    "E=postgres://postgres:postgres@localhost:5432/test\n"
                    "# F=postgres://u:Commented1@db.example.com/app\n"
                    "G=postgres://u:***@db.example.com/app\n"
                    "H=postgres://db.example.com:5432/app\n"
                    "PGPASSWORD=\"Literal9\" psql -h db\n"
                    "export PGPASSWORD=$SECRET\n"
                    "I=mongodb://u:%s@h/db\n";
    scanned s = scan(*state, "env.sh", t);
    assert_int_equal(count(&s, SG_FACT_CREDENTIAL), 2);
    const sg_fact *url = NULL, *pg = NULL;
    for (size_t i = 0; i < s.facts.len; i++) {
        const sg_fact *f = &s.facts.items[i];
        if (f->kind != SG_FACT_CREDENTIAL)
            continue;
        if (sg_str_eq_c(f->name, "PGPASSWORD"))
            pg = f;
        else
            url = f;
    }
    assert_non_null(url);
    assert_non_null(pg);
    assert_string_equal(sg_str_cstr(*state, url->name), "a postgres:// URL");
    assert_int_equal(url->at.start, off(t, "postgres://app:H"));
    assert_int_equal(url->secret.start, off(t, "Hunter2x"));
    assert_int_equal(url->secret.end, off(t, "Hunter2x") + 8);
    assert_int_equal(pg->secret.start, off(t, "Literal9"));
    assert_int_equal(pg->secret.end, off(t, "Literal9") + 8);
    for (size_t i = 0; i < s.facts.len; i++) /* no fact carries the secret as its name */
        assert_null(memmem(s.facts.items[i].name.ptr, s.facts.items[i].name.len, "Hunter2x", 8));
}

static void test_scripts__credentials_in_yaml_and_json(void **state)
{
    const char *y = "env:\n  PGPASSWORD: Yaml5ecret\n  TOKEN: ${{ secrets.PG }}\n"
                    "  PGPASSWORD2: x\n";
    scanned s = scan(*state, ".github/workflows/x.yml", y);
    assert_int_equal(count(&s, SG_FACT_CREDENTIAL), 1);
    scanned dk = scan(*state, "Dockerfile", "FROM x\nENV PGPASSWORD D0ckerPw\nENV B=1\n"
                                            "# ENV PGPASSWORD commented\n");
    assert_int_equal(count(&dk, SG_FACT_CREDENTIAL), 1);
    assert_int_equal(dk.facts.items[dk.facts.len - 1].secret.start, 22);
    const char *j = "{\"scripts\": {\"db\": \"psql postgres://a:Js0nPass@db.internal/app\"}}";
    scanned k = scan(*state, "package.json", j);
    assert_int_equal(count(&k, SG_FACT_CREDENTIAL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_scripts__split_operators),
        UNIT(test_scripts__split_quotes_and_spans),
        UNIT(test_scripts__crlf),
        UNIT(test_scripts__wrappers),
        UNIT(test_scripts__run_forms),
        UNIT(test_scripts__comments_and_heredocs),
        UNIT(test_scripts__package_json_offsets),
        UNIT(test_scripts__package_json_invalid),
        UNIT(test_scripts__npm_run_indirection),
        UNIT(test_scripts__npm_run_cycles),
        UNIT(test_scripts__production_names),
        UNIT(test_scripts__dockerfile),
        UNIT(test_scripts__dockerfile_stages),
        UNIT(test_scripts__dockerfile_escape_directive),
        UNIT(test_scripts__github_workflow_positions),
        UNIT(test_scripts__github_workflow_empty_scalars),
        UNIT(test_scripts__gitlab_ci),
        UNIT(test_scripts__yaml_error_position),
        UNIT(test_scripts__procfile),
        UNIT(test_scripts__credentials),
        UNIT(test_scripts__credentials_in_yaml_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
