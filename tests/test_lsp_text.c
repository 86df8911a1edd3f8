/* Unit tests of the language server's text helpers: UTF-16 and UTF-8 positions to offsets and
 * back (multi-byte characters, surrogate pairs, clamping, CRLF), buffer splices, and file://
 * URIs (percent-decoding, localhost, bad escapes, remote hosts, normalisation, encoding). */
#include <string.h>

#include "lsp_text.h"
#include "unit.h"

/* "a" U+00E9 (2 bytes, 1 unit) U+1F600 (4 bytes, 2 units) "b\r\nxy" */
static const char T[] = "a\xc3\xa9\xf0\x9f\x98\x80" "b\r\nxy";
#define TLEN (sizeof T - 1)

static size_t off16(uint32_t line, uint32_t ch)
{
    return sg_lsp_text_offset(T, TLEN, (sg_lsp_pos){line, ch}, false);
}

static void test_offsets_utf16(void **state)
{
    (void)state;
    assert_int_equal(off16(0, 0), 0);
    assert_int_equal(off16(0, 1), 1);  /* after "a" */
    assert_int_equal(off16(0, 2), 3);  /* after e-acute */
    assert_int_equal(off16(0, 3), 3);  /* inside the surrogate pair: rounds down */
    assert_int_equal(off16(0, 4), 7);  /* after U+1F600 */
    assert_int_equal(off16(0, 5), 8);  /* after "b", before \r\n */
    assert_int_equal(off16(0, 99), 8); /* past the end of the line: its end, not into \r\n */
    assert_int_equal(off16(1, 0), 10);
    assert_int_equal(off16(1, 2), 12);
    assert_int_equal(off16(7, 0), TLEN); /* past the last line: end of text */
}

static void test_offsets_utf8(void **state)
{
    (void)state;
    assert_int_equal(sg_lsp_text_offset(T, TLEN, (sg_lsp_pos){0, 3}, true), 3);
    assert_int_equal(sg_lsp_text_offset(T, TLEN, (sg_lsp_pos){0, 2}, true), 1); /* mid e-acute */
    assert_int_equal(sg_lsp_text_offset(T, TLEN, (sg_lsp_pos){0, 7}, true), 7);
    assert_int_equal(sg_lsp_text_offset(T, TLEN, (sg_lsp_pos){0, 5}, true), 3); /* mid pair */
}

static void test_positions(void **state)
{
    (void)state;
    sg_lsp_pos p = sg_lsp_text_position(T, TLEN, 7, false, SIZE_MAX, 0);
    assert_int_equal(p.line, 0);
    assert_int_equal(p.character, 4);
    p = sg_lsp_text_position(T, TLEN, 7, true, SIZE_MAX, 0);
    assert_int_equal(p.character, 7);
    p = sg_lsp_text_position(T, TLEN, 11, false, SIZE_MAX, 0);
    assert_int_equal(p.line, 1);
    assert_int_equal(p.character, 1);
    p = sg_lsp_text_position(T, TLEN, 11, false, 10, 1); /* with the line start given */
    assert_int_equal(p.line, 1);
    assert_int_equal(p.character, 1);
    p = sg_lsp_text_position(T, TLEN, 1000, false, SIZE_MAX, 0); /* clamped */
    assert_int_equal(p.line, 1);
    assert_int_equal(p.character, 2);
    /* Round trip for every character boundary of the first line. */
    const size_t bounds[] = {0, 1, 3, 7, 8};
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        sg_lsp_pos q = sg_lsp_text_position(T, TLEN, bounds[i], false, SIZE_MAX, 0);
        assert_int_equal(sg_lsp_text_offset(T, TLEN, q, false), bounds[i]);
    }
}

static void test_splice(void **state)
{
    (void)state;
    sg_lsp_buf b = {0};
    assert_int_equal(sg_lsp_buf_splice(&b, 0, 0, "hello world", 11), 0);
    assert_int_equal(sg_lsp_buf_splice(&b, 6, 11, "there", 5), 0);
    assert_string_equal(b.text, "hello there");
    assert_int_equal(sg_lsp_buf_splice(&b, 5, 6, "", 0), 0);
    assert_string_equal(b.text, "hellothere");
    assert_int_equal(sg_lsp_buf_splice(&b, 100, 200, "!", 1), 0); /* clamped to the end */
    assert_string_equal(b.text, "hellothere!");
    char big[5000];
    memset(big, 'x', sizeof big);
    assert_int_equal(sg_lsp_buf_splice(&b, 0, 0, big, sizeof big), 0);
    assert_int_equal(b.len, 5011);
    sg_lsp_buf_free(&b);
}

static void test_uris(void **state)
{
    sg_arena *a = *state;
    assert_string_equal(sg_lsp_uri_path(a, "file:///home/u/a%20b/%C3%A9t%C3%A9.sql"),
                        "/home/u/a b/\xc3\xa9t\xc3\xa9.sql");
    assert_string_equal(sg_lsp_uri_path(a, "file://localhost/x/y.sql"), "/x/y.sql");
    assert_string_equal(sg_lsp_uri_path(a, "file:///x//./y/./z.sql"), "/x/y/z.sql");
    assert_string_equal(sg_lsp_uri_path(a, "file:///x/y.sql?query#frag"), "/x/y.sql");
    assert_null(sg_lsp_uri_path(a, "untitled:Untitled-1"));
    assert_null(sg_lsp_uri_path(a, "file://server/share/x.sql"));
    assert_null(sg_lsp_uri_path(a, "file:///x/%zz.sql"));
    assert_null(sg_lsp_uri_path(a, "file:///x/%2"));
    assert_null(sg_lsp_uri_path(a, "file:///x/%00.sql"));
    assert_string_equal(sg_lsp_uri_from_path(a, "/a b/\xc3\xa9#%.sql"),
                        "file:///a%20b/%C3%A9%23%25.sql");
    const char *p = "/w/x y/\xf0\x9f\x98\x80/m.sql";
    assert_string_equal(sg_lsp_uri_path(a, sg_lsp_uri_from_path(a, p)), p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        UNIT(test_offsets_utf16), UNIT(test_offsets_utf8), UNIT(test_positions),
        UNIT(test_splice),        UNIT(test_uris),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
