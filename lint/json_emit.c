/* JSON string literals written straight to a stream (see json_emit.h). The escapes match
 * jansson's defaults (no `\/`, non-ASCII kept as UTF-8), so reports keep the same bytes. */
#include "json_emit.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0u) != 0x80u)
            return 0; /* also stops at the terminating NUL */
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0; /* overlong, out of range, or a surrogate */
    return n;
}

void sg_json_emit_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p; /* bytes written as they are, flushed in one fwrite */
    fputc('"', f);
    while (*p) {
        unsigned char c = *p;
        const char *esc = NULL;
        char hex[8];
        size_t skip = 1;
        if (c == '"') {
            esc = "\\\"";
        } else if (c == '\\') {
            esc = "\\\\";
        } else if (c < 0x20) {
            switch (c) {
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                snprintf(hex, sizeof hex, "\\u%04X", c);
                esc = hex;
            }
        } else if (c >= 0x80) {
            size_t n = utf8_len(p);
            if (n) {
                p += n;
                continue;
            }
            esc = "\xef\xbf\xbd"; /* U+FFFD REPLACEMENT CHARACTER */
        } else {
            p++;
            continue;
        }
        fwrite(run, 1, (size_t)(p - run), f);
        fputs(esc, f);
        p += skip;
        run = p;
    }
    fwrite(run, 1, (size_t)(p - run), f);
    fputc('"', f);
}
