/* The SQL tokenizer and statement splitter: a `;` inside a string, quoted identifier, comment or
 * dollar-quoted body never ends a statement; unterminated ones are reported. */
#include <stdio.h>
#include <string.h>

#include "sqllex.h"
#include "unit.h"

/* The statements of text as "[start,end)" pairs joined with spaces, or "UNTERMINATED@start". */
static void split(const char *text, char *out, size_t cap)
{
    uint32_t len = (uint32_t)strlen(text);
    sg_sqllex lx = sg_sqllex_make(text, 0, len, false);
    size_t w = 0;
    out[0] = '\0';
    while (lx.pos < len) {
        uint32_t s0 = lx.pos;
        bool bad = false;
        uint32_t s1 = sg_sqllex_statement_end(&lx, &bad);
        int n = bad ? snprintf(out + w, cap - w, "%sUNTERMINATED@%u", w ? " " : "", s0)
                    : snprintf(out + w, cap - w, "%s[%u,%u)", w ? " " : "", s0, s1);
        w += (size_t)n;
        if (bad)
            return;
        if (s1 < len)
            lx.pos = s1 + 1;
    }
}

static void expect(const char *text, const char *want)
{
    char got[256];
    split(text, got, sizeof got);
    assert_string_equal(got, want);
}

static void test_sqllex__split_plain(void **state)
{
    (void)state;
    expect("a;b;", "[0,1) [2,3)");
    expect("a; b", "[0,1) [2,4)");
    expect("", "");
}

static void test_sqllex__semicolons_inside_never_split(void **state)
{
    (void)state;
    expect("SELECT ';';x", "[0,10) [11,12)");
    expect("SELECT 'it''s;';x", "[0,15) [16,17)");
    expect("SELECT \"a;b\";x", "[0,12) [13,14)");
    expect("-- a; b\nx;y", "[0,9) [10,11)");
    expect("/* a; /* nested; */ b; */x;y", "[0,26) [27,28)");
    expect("DO $$ BEGIN x; END $$;y", "[0,21) [22,23)");
    expect("DO $body$ a; $$ b; $body$;y", "[0,25) [26,27)");
    expect("SELECT E'a\\';b';x", "[0,15) [16,17)"); /* E'' takes backslash escapes */
    expect("SELECT 'a\\';b", "[0,11) [12,13)");    /* a plain '' does not */
    expect("SELECT a$b$c;x", "[0,12) [13,14)");    /* $ inside a name opens nothing */
    expect("SELECT $1;x", "[0,9) [10,11)");        /* a parameter */
    /* What follows a token starts a new one, as PostgreSQL's lexer reads it (cases where the
     * splitter and pg_query_split_with_scanner disagreed on random input): */
    expect("SELECT $1$$;$$;x", "[0,14) [15,16)");    /* a parameter, then a dollar quote */
    expect("SELECT 1.5e3$$;$$;x", "[0,17) [18,19)"); /* a number, then a dollar quote */
    expect("SELECT $$a$$E'\\';';x", "[0,18) [19,20)"); /* an E'' string after a dollar quote */
    expect("SELECT $eE'\\';x", "[0,13) [14,15)"); /* but eE is a name: '\\' is plain */
    expect("SELECT E'a'\n'\\';';x", "[0,17) [18,19)"); /* an E'' string continued */
}

static void test_sqllex__unterminated(void **state)
{
    (void)state;
    expect("a; SELECT 'never", "[0,1) UNTERMINATED@2");
    expect("/* never closed; x", "UNTERMINATED@0");
    expect("DO $$ never", "UNTERMINATED@0");
    expect("SELECT \"never", "UNTERMINATED@0");
}

static void test_sqllex__tokens(void **state)
{
    (void)state;
    const char *s = "ALTER TABLE \"t\" ADD x $$;$$ -- c\n;";
    sg_sqllex lx = sg_sqllex_make(s, 0, (uint32_t)strlen(s), false);
    sg_sqltok_kind want[] = {SG_SQLTOK_WORD,   SG_SQLTOK_WORD, SG_SQLTOK_QIDENT, SG_SQLTOK_WORD,
                             SG_SQLTOK_WORD,   SG_SQLTOK_STRING, SG_SQLTOK_PUNCT, SG_SQLTOK_EOF};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(sg_sqllex_next(&lx).kind, want[i]);
    sg_sqllex a = sg_sqllex_make(s, 0, (uint32_t)strlen(s), false);
    assert_true(sg_sqltok_is(s, sg_sqllex_next(&a), "alter"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_sqllex__split_plain),
        UNIT(test_sqllex__semicolons_inside_never_split),
        UNIT(test_sqllex__unterminated),
        UNIT(test_sqllex__tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
