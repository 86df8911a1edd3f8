/* Positions (1-based lines, UTF-16 columns), line text, kinds, binary and UTF-8 checks. */
#include <string.h>

#include "source.h"
#include "unit.h"

static sg_source *make(sg_arena *a, const char *text)
{
    return sg_source_make(a, "x.sql", NULL, text, strlen(text), SG_KIND_SQL);
}

static void test_source__lines_and_ascii_columns(void **state)
{
    sg_source *s = make(*state, "ab\ncde\n\nf");
    sg_pos p = sg_source_position(s, 0);
    assert_int_equal(p.line, 1);
    assert_int_equal(p.col, 1);
    p = sg_source_position(s, 4); /* 'd' */
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 2);
    p = sg_source_position(s, 7); /* the empty line */
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 1);
    p = sg_source_position(s, 8);
    assert_int_equal(p.line, 4);
    p = sg_source_position(s, 999); /* clamped to the end */
    assert_int_equal(p.line, 4);
    assert_int_equal(p.col, 2);
}

static void test_source__utf16_columns(void **state)
{
    /* "é" is 2 bytes / 1 unit, "€" 3 bytes / 1 unit, "😀" 4 bytes / 2 units (a surrogate pair). */
    const char *t = "-- \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x";
    sg_source *s = make(*state, t);
    uint32_t x = (uint32_t)(strchr(t, 'x') - t);
    sg_pos p = sg_source_position(s, x);
    assert_int_equal(p.line, 1);
    assert_int_equal(p.col, 4 + 1 + 1 + 2);
}

static void test_source__invalid_utf8_counts_one_unit(void **state)
{
    const char *t = "a\xFF\xFEz";
    sg_source *s = make(*state, t);
    assert_int_equal(sg_source_position(s, 3).col, 4);
    assert_int_equal(sg_source_invalid_utf8(s), 1);
    assert_int_equal(sg_source_invalid_utf8(make(*state, "ok \xC3\xA9")), -1);
    /* overlong encoding and surrogates are invalid */
    assert_int_equal(sg_source_invalid_utf8(make(*state, "\xC0\xAF")), 0);
    assert_int_equal(sg_source_invalid_utf8(make(*state, "\xED\xA0\x80")), 0);
}

static void test_source__crlf_line_text(void **state)
{
    sg_source *s = make(*state, "one\r\ntwo\r\n");
    sg_str l = sg_source_line_text(s, 6);
    assert_int_equal(l.len, 3);
    assert_memory_equal(l.ptr, "two", 3);
    assert_int_equal(sg_source_line_start(s, 2), 5);
}

static void test_source__binary(void **state)
{
    sg_source *s = sg_source_make(*state, "b.sql", NULL, "ab\0cd", 5, SG_KIND_SQL);
    assert_true(sg_source_is_binary(s));
    assert_false(sg_source_is_binary(make(*state, "abc")));
}

static void test_source__kinds(void **state)
{
    (void)state;
    assert_int_equal(sg_source_kind_of("db/migrations/001_init.sql", NULL, 0), SG_KIND_SQL);
    assert_int_equal(sg_source_kind_of("prisma/schema.prisma", NULL, 0), SG_KIND_PRISMA);
    assert_int_equal(sg_source_kind_of("src/db/schema.ts", NULL, 0), SG_KIND_TS);
    assert_int_equal(sg_source_kind_of("src/types.d.ts", NULL, 0), SG_KIND_UNKNOWN);
    assert_int_equal(sg_source_kind_of("src/bootstrap.cjs", NULL, 0), SG_KIND_JS);
    assert_int_equal(sg_source_kind_of("package.json", NULL, 0), SG_KIND_PACKAGE_JSON);
    assert_int_equal(sg_source_kind_of("deploy/Dockerfile", NULL, 0), SG_KIND_DOCKERFILE);
    assert_int_equal(sg_source_kind_of("Dockerfile.prod", NULL, 0), SG_KIND_DOCKERFILE);
    assert_int_equal(sg_source_kind_of("scripts/restore.sh", NULL, 0), SG_KIND_SHELL);
    assert_int_equal(sg_source_kind_of(".github/workflows/ci.yml", NULL, 0), SG_KIND_CI_YAML);
    assert_int_equal(sg_source_kind_of(".gitlab-ci.yml", NULL, 0), SG_KIND_CI_YAML);
    assert_int_equal(sg_source_kind_of("config.yml", NULL, 0), SG_KIND_UNKNOWN);
    assert_int_equal(sg_source_kind_of("Procfile", NULL, 0), SG_KIND_PROCFILE);
    assert_int_equal(sg_source_kind_of("bin/restore", "#!/bin/bash\necho", 16), SG_KIND_SHELL);
    assert_int_equal(sg_source_kind_of("bin/tool", "#!/usr/bin/env python3\n", 23),
                     SG_KIND_UNKNOWN);
    assert_int_equal(sg_source_kind_of("README.md", NULL, 0), SG_KIND_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_source__lines_and_ascii_columns),
        UNIT(test_source__utf16_columns),
        UNIT(test_source__invalid_utf8_counts_one_unit),
        UNIT(test_source__crlf_line_text),
        UNIT(test_source__binary),
        UNIT(test_source__kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
