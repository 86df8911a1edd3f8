/* JSON string literals written by json_emit.c: the same bytes as jansson for valid UTF-8 (the
 * report format must not change with the writer), and valid JSON for anything else. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_emit.h"
#include "unit.h"

/* What sg_json_emit_string writes for s, in a malloc'd string. */
static char *emitted(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    sg_json_emit_string(f, s);
    fclose(f);
    return buf;
}

static void same_as_jansson(const char *s)
{
    json_t *j = json_string(s);
    assert_non_null(j);
    char *want = json_dumps(j, JSON_ENCODE_ANY);
    char *got = emitted(s);
    assert_string_equal(got, want);
    free(got);
    free(want);
    json_decref(j);
}

static void test_json_emit__matches_jansson(void **state)
{
    (void)state;
    same_as_jansson("");
    same_as_jansson("plain ascii / with a slash");
    same_as_jansson("quote \" backslash \\ tab \t newline \n cr \r bs \b ff \f");
    same_as_jansson("controls \x01\x1f and DEL \x7f");
    same_as_jansson("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"); /* é € 😀 */
    same_as_jansson("table \"_TaskRunToTaskRunTag\" is dropped with all its rows");
}

/* Invalid UTF-8 (jansson refuses such strings) still gives valid JSON: each bad byte becomes
 * U+FFFD and the valid text around it is kept. */
static void test_json_emit__invalid_utf8_replaced(void **state)
{
    (void)state;
    struct {
        const char *in, *want;
    } cases[] = {
        {"caf\xe9.sql", "\"caf\xef\xbf\xbd.sql\""},             /* Latin-1 é */
        {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},            /* overlong '/' */
        {"\xed\xa0\x80x", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx\""}, /* a surrogate */
        {"\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
        {"ok\xe2\x82", "\"ok\xef\xbf\xbd\xef\xbf\xbd\""},      /* truncated at the end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = emitted(cases[i].in);
        assert_string_equal(got, cases[i].want);
        json_error_t err;
        json_t *back = json_loads(got, JSON_DECODE_ANY, &err);
        assert_non_null(back); /* valid JSON */
        json_decref(back);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_json_emit__matches_jansson),
        UNIT(test_json_emit__invalid_utf8_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
