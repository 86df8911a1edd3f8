/* .schemaguard.yml: every error names the file's line and column; levels, paths, globs and
 * custom rules (PCRE2 patterns, tree-sitter queries) load and behave. */
#include <string.h>

#include "config.h"
#include "error.h"
#include "unit.h"

static int parse(sg_arena *a, const char *text, sg_config **out)
{
    return sg_config_parse(out, a, ".schemaguard.yml", text, strlen(text));
}

/* The config must be rejected with exactly this message. */
static void fails(sg_arena *a, const char *text, const char *message)
{
    sg_config *c = (sg_config *)1;
    int rc = parse(a, text, &c);
    assert_int_equal(rc, SG_ECONFIG);
    assert_null(c);
    assert_string_equal(sg_error_last(), message);
}

static void test_config__errors(void **state)
{
    sg_arena *a = *state;
    fails(a, "rules:\n  drop-colum: warning\n",
          ".schemaguard.yml:2:3: unknown rule 'drop-colum' (see 'schemaguard rules')");
    fails(a, "rules: {drop-column: loud}\n",
          ".schemaguard.yml:1:22: unknown level 'loud' (off, note, warning, error)");
    fails(a, "rules: [drop-column]\n",
          ".schemaguard.yml:1:8: 'rules' maps rule ids to levels (drop-column: warning), not a "
          "list");
    fails(a, "rule:\n  drop-column: off\n",
          ".schemaguard.yml:1:1: unknown key 'rule' (rules, migrations, schemas, paths, exclude, "
          "base, custom-rules)");
    fails(a, "rules:\n  drop-column: [off\n", /* at the '[' left open, not the end of input */
          ".schemaguard.yml:2:16: YAML syntax error: did not find expected ',' or ']' while "
          "parsing a flow sequence");
    fails(a, "- a\n- b\n",
          ".schemaguard.yml:1:1: the configuration is a mapping (rules:, exclude:, ...), not a "
          "list");
    fails(a, "exclude: {a: b}\n",
          ".schemaguard.yml:1:10: 'exclude' must be a string or a list of strings, not a "
          "mapping");
    fails(a, "migrations:\n  - db\n  - [x]\n",
          ".schemaguard.yml:3:5: 'migrations' entries must be non-empty strings");
    fails(a, "base: ''\n", ".schemaguard.yml:1:7: 'base' is a git revision (origin/main, a sha)");
    fails(a, "exclude: a\nrules: {}\nexclude: [b]\n",
          ".schemaguard.yml:3:1: 'exclude' is given twice (first on line 1)");
    fails(a, "rules: {}\n---\nrules: {}\n",
          ".schemaguard.yml:3:1: one YAML document expected, found a second one");
}

static void test_config__custom_rule_errors(void **state)
{
    sg_arena *a = *state;
    fails(a, "custom-rules: {id: x}\n",
          ".schemaguard.yml:1:15: 'custom-rules' is a list of rules, not a mapping");
    fails(a, "custom-rules:\n  - message: m\n    pattern: x\n",
          ".schemaguard.yml:2:5: custom rule without an 'id'");
    fails(a, "custom-rules:\n  - id: No_Caps\n    message: m\n    pattern: x\n",
          ".schemaguard.yml:2:9: custom rule id 'No_Caps' must be kebab-case (lowercase words "
          "and digits joined by '-')");
    fails(a, "custom-rules:\n  - id: drop-table\n    message: m\n    pattern: x\n",
          ".schemaguard.yml:2:9: custom rule id 'drop-table' is a built-in rule's id");
    fails(a, "custom-rules:\n  - {id: a, message: m, pattern: x}\n  - {id: a, message: m, "
             "pattern: y}\n",
          ".schemaguard.yml:3:10: custom rule id 'a' is used twice");
    fails(a, "custom-rules:\n  - id: a\n    pattern: x\n",
          ".schemaguard.yml:2:5: custom rule 'a' has no 'message'");
    fails(a, "custom-rules:\n  - id: a\n    message: m\n",
          ".schemaguard.yml:2:5: custom rule 'a' needs exactly one of 'pattern' (PCRE2, over "
          "files) and 'query' (tree-sitter, over TypeScript/JavaScript)");
    fails(a, "custom-rules:\n  - id: a\n    message: m\n    pattern: x\n    severity: high\n",
          ".schemaguard.yml:5:5: unknown custom rule key 'severity' (id, level, message, help, "
          "summary, files, pattern, query)");
    fails(a, "custom-rules:\n  - id: a\n    message: m\n    level: fatal\n    pattern: x\n",
          ".schemaguard.yml:4:12: unknown level 'fatal' (off, note, warning, error)");
    fails(a, "custom-rules:\n  - id: a\n    message: ''\n    pattern: x\n",
          ".schemaguard.yml:3:14: custom rule 'message' must be a non-empty string");
    /* the column of the regex error inside the pattern */
    fails(a, "custom-rules:\n  - id: a\n    message: m\n    pattern: 'TRUNCATE (x'\n",
          ".schemaguard.yml:4:26: bad pattern in custom rule 'a': missing closing parenthesis");
    /* a query error on the second line of a block scalar */
    fails(a, "custom-rules:\n  - id: q\n    message: m\n    query: |\n"
             "      ((call_expression) @at\n"
             "       (no_such_node))\n",
          ".schemaguard.yml:6:9: bad query in custom rule 'q': unknown node type in tree-sitter "
          "query");
    fails(a, "custom-rules:\n  - id: q\n    message: m\n    query: '(identifier) @x (#frob? @x)'\n",
          ".schemaguard.yml:4:13: bad query in custom rule 'q': unknown predicate '#frob?'");
    fails(a, "custom-rules:\n  - id: q\n    message: m\n    files: '*.ts'\n"
             "    query: '(identifier) @at'\n",
          ".schemaguard.yml:4:12: 'files' applies to pattern rules; query rules run over every "
          "TypeScript/JavaScript file");
    /* levels may name custom rules, declared before or after */
    fails(a, "rules: {no-todo: error, no-tod: off}\ncustom-rules:\n"
             "  - {id: no-todo, message: m, pattern: TODO}\n",
          ".schemaguard.yml:1:25: unknown rule 'no-tod' (see 'schemaguard rules')");
}

static void test_config__loads(void **state)
{
    sg_arena *a = *state;
    sg_config *c = NULL;
    const char *text =
                   "# project settings\n"
                   "rules:\n"
                   "  drop-column: warning\n"
                   "  no-truncate: error\n"
                   "migrations: db/migrations\n"
                   "schemas: [prisma/schema.prisma, src/db/schema.ts]\n"
                   "paths: [src, package.json]\n"
                   "exclude:\n  - 'legacy/**'\n  - '*.test.ts'\n"
                   "base: origin/main\n"
                   "custom-rules:\n"
                   "  - id: no-truncate\n"
                   "    level: warning\n"
                   "    message: TRUNCATE in a migration\n"
                   "    help: delete in batches\n"
                   "    files: ['**/*.sql']\n"
                   "    pattern: '(?i)\\btruncate\\b'\n"
                   "  - id: no-knex-drop\n"
                   "    message: knex dropTable\n"
                   "    query: |\n"
                   "      ((call_expression\n"
                   "         function: (member_expression property: (property_identifier) @_m))\n"
                   "       @at (#eq? @_m \"dropTable\"))\n";
    int rc = parse(a, text, &c);
    assert_int_equal(rc, SG_OK);
    assert_non_null(c);
    assert_int_equal(c->nlevels, 2);
    assert_string_equal(c->levels[0].id, "drop-column");
    assert_int_equal(c->levels[0].level, SG_LEVEL_WARNING);
    assert_int_equal(c->nmigrations, 1);
    assert_string_equal(c->migrations[0], "db/migrations");
    assert_int_equal(c->nschemas, 2);
    assert_int_equal(c->npaths, 2);
    assert_int_equal(c->nexclude, 2);
    assert_string_equal(c->base, "origin/main");
    assert_int_equal(c->ncustom, 2);
    assert_int_equal(c->nqueries, 1);
    assert_string_equal(c->custom[0]->rule.id, "no-truncate");
    assert_int_equal(c->custom[0]->rule.level, SG_LEVEL_WARNING);
    assert_string_equal(c->custom[0]->rule.help, "delete in batches");
    assert_non_null(c->custom[0]->pattern);
    assert_non_null(c->custom[1]->query);
    /* the compiled query is cached for the process: the language server re-reads the file */
    sg_config *again = NULL;
    assert_int_equal(sg_config_parse(&again, a, ".schemaguard.yml", text, strlen(text)), SG_OK);
    assert_ptr_equal(again->custom[1]->query, c->custom[1]->query);

    sg_engine *e = sg_engine_make(a);
    sg_config_apply(c, e);
    assert_non_null(sg_engine_rule(e, "no-knex-drop"));
    assert_int_equal(sg_engine_level(e, sg_engine_rule(e, "no-truncate")), SG_LEVEL_ERROR);

    /* the pattern rule, on a file its glob takes and one it does not */
    const char *sql = "BEGIN;\nTRUNCATE orders;\n";
    sg_source *s1 = sg_source_make(a, "db/1.sql", NULL, sql, strlen(sql), SG_KIND_SQL);
    sg_source *s2 = sg_source_make(a, "notes.md", NULL, sql, strlen(sql), SG_KIND_UNKNOWN);
    sg_fact_list facts = {0};
    sg_config_patterns(c, &facts, a, s1);
    sg_config_patterns(c, &facts, a, s2);
    assert_int_equal(facts.len, 1);
    assert_int_equal(facts.items[0].at.start, 7);
    assert_int_equal(facts.items[0].at.end, 15);
    sg_engine_facts(e, facts.items, facts.len);
    assert_int_equal(e->diags.len, 1);
    assert_string_equal(e->diags.items[0]->message, "TRUNCATE in a migration");
}

static void test_config__empty(void **state)
{
    sg_config *c = NULL;
    assert_int_equal(parse(*state, "", &c), SG_OK);
    assert_non_null(c);
    assert_int_equal(parse(*state, "# only a comment\n", &c), SG_OK);
    assert_int_equal(c->ncustom, 0);
}

static void test_config__globs(void **state)
{
    (void)state;
    assert_true(sg_config_glob("legacy/**", "legacy/a/b.sql"));
    assert_true(sg_config_glob("legacy/", "legacy/x.ts"));
    assert_true(sg_config_glob("legacy", "legacy/x.ts"));
    assert_false(sg_config_glob("legacy/**", "src/legacy.ts"));
    assert_true(sg_config_glob("*.test.ts", "src/a/b.test.ts"));
    assert_false(sg_config_glob("*.test.ts", "src/a/b.ts"));
    assert_true(sg_config_glob("src/*.ts", "src/a.ts"));
    assert_false(sg_config_glob("src/*.ts", "src/a/b.ts"));
    assert_true(sg_config_glob("src/**/*.ts", "src/a.ts"));
    assert_true(sg_config_glob("src/**/*.ts", "src/a/b/c.ts"));
    assert_false(sg_config_glob("src/**/x.ts", "src/ax.ts"));
    assert_true(sg_config_glob("./db/migrations/00?_*.sql", "db/migrations/001_init.sql"));
    assert_true(sg_config_glob("[Dd]ockerfile*", "deploy/Dockerfile.prod"));
    assert_false(sg_config_glob("[!D]ockerfile", "Dockerfile"));
    assert_true(sg_config_glob("fixtures", "./fixtures/incidents/x/package.json"));
    /* several globstars over a deep path still match */
    assert_true(sg_config_glob("**/a/**/b/**/*.sql", "x/y/a/z/w/b/q/r/s/t/u/v/m.sql"));
    assert_false(sg_config_glob("**/a/**/b/**/*.sql", "x/y/a/z/w/c/q/r/s/t/u/v/m.sql"));
}

/* A glob of hundreds of stars is no match, not exponential time (fuzz_config timed out after
 * 20 s on it before the match had a total budget; seed fixtures/fuzz/config/many-stars). */
static void test_config__glob_many_stars(void **state)
{
    (void)state;
    char g[400];
    memset(g, '*', sizeof g - 1);
    g[0] = 'a';
    g[sizeof g - 3] = 'k';
    g[sizeof g - 2] = 'x';
    g[sizeof g - 1] = '\0';
    assert_false(sg_config_glob(g, "src/legacy/a.ts"));
    assert_false(sg_config_glob(g + 1, "src/legacy/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ts"));
}

static void test_config__excluded_relative_to_config(void **state)
{
    sg_config *c = NULL;
    assert_int_equal(parse(*state, "exclude: ['legacy/**', 'test']\n", &c), SG_OK);
    assert_true(sg_config_excluded(c, "legacy/a.sql"));
    assert_true(sg_config_excluded(c, "./src/test/a.ts"));
    assert_false(sg_config_excluded(c, "src/a.ts"));
    /* the working directory is sub/ below the config's directory */
    c->prefix = "sub/";
    assert_false(sg_config_excluded(c, "legacy/a.sql"));
    assert_true(sg_config_excluded(c, "../legacy/a.sql"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_config__errors),
        UNIT(test_config__custom_rule_errors),
        UNIT(test_config__loads),
        UNIT(test_config__empty),
        UNIT(test_config__globs),
        UNIT(test_config__glob_many_stars),
        UNIT(test_config__excluded_relative_to_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
