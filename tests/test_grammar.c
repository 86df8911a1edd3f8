/* The tree-sitter-typescript grammar from grammars/ links and parses with Debian's runtime. */
#include <string.h>

#include <tree_sitter/api.h>

#include "unit.h"

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

static void parse_ok(const TSLanguage *lang, const char *src, const char *expect_kind)
{
    TSParser *p = ts_parser_new();
    assert_true(ts_parser_set_language(p, lang));
    TSTree *t = ts_parser_parse_string(p, NULL, src, (uint32_t)strlen(src));
    assert_non_null(t);
    TSNode root = ts_tree_root_node(t);
    assert_string_equal(ts_node_type(root), "program");
    assert_false(ts_node_has_error(root));
    TSNode first = ts_node_named_child(root, 0);
    assert_string_equal(ts_node_type(first), expect_kind);
    ts_tree_delete(t);
    ts_parser_delete(p);
}

static void test_grammar__typescript(void **state)
{
    (void)state;
    assert_int_equal(ts_language_version(tree_sitter_typescript()), 14);
    parse_ok(tree_sitter_typescript(),
             "import { pgTable, text } from 'drizzle-orm/pg-core';\n"
             "export const users = pgTable('users', { email: text('email').notNull() });\n",
             "import_statement");
}

static void test_grammar__tsx_reads_javascript(void **state)
{
    (void)state;
    parse_ok(tree_sitter_tsx(), "const s = new Sequelize(url);\nawait s.sync({ force: true });\n",
             "lexical_declaration");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_grammar__typescript),
        UNIT(test_grammar__tsx_reads_javascript),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
