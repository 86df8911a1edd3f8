/* The Drizzle frontend: builders, modifiers, names, schemas, enums, unknowns, syntax errors. */
#include <string.h>

#include "drizzle.h"
#include "unit.h"

static sg_drizzle_file parse(sg_arena *a, const char *path, const char *text)
{
    sg_source *src = sg_source_make(a, path, NULL, text, strlen(text), SG_KIND_TS);
    sg_drizzle_file f;
    sg_drizzle_parse(&f, a, src);
    return f;
}

static void test_drizzle__basic(void **state)
{
    sg_drizzle_file f = parse(*state, "schema.ts",
        "import { pgTable, text } from 'drizzle-orm/pg-core';\n"
        "export const users = pgTable('users', { email: text('email').notNull() });\n");
    assert_int_equal(f.model->tables.len, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_drizzle__basic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
