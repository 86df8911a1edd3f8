/* LSP framing: reads `Content-Length` framed JSON messages from a stream and writes them back.
 * Every way a peer can break a frame (no or garbage headers, a length that is not a number or
 * is too large, a body cut short by end of input, a body that is not JSON) comes back as a
 * distinct result with a one-line reason, so the server logs it and keeps serving. */
#include "lsp_io.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One header line without its line break; false at end of input. Lines longer than cap are
 * cut (the rest is still consumed), and *seen counts every byte read. */
static bool read_line(FILE *in, char *line, size_t cap, size_t *seen, bool *any)
{
    size_t n = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        *any = true;
        (*seen)++;
        if (c == '\n')
            break;
        if (n + 1 < cap)
            line[n++] = (char)c;
    }
    if (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return c != EOF;
}

/* Finds "Content-Length:" anywhere in the line: a body sent without headers and without a line
 * break runs into the next frame's header, and resynchronising there saves that frame. */
static const char *find_length(const char *line)
{
    static const char key[] = "content-length:";
    for (const char *p = line; *p; p++)
        if (strncasecmp(p, key, sizeof key - 1) == 0)
            return p + sizeof key - 1;
    return NULL;
}

/* Parses the value: optional blanks, decimal digits, optional blanks. */
static bool parse_length(const char *v, unsigned long long *out)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return false;
    unsigned long long n = 0;
    for (; isdigit((unsigned char)*v); v++) {
        if (n > (~0ULL - 9) / 10)
            return false;
        n = n * 10 + (unsigned)(*v - '0');
    }
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v)
        return false;
    *out = n;
    return true;
}

/* Drops n bytes of a body we will not keep; returns how many were there. */
static unsigned long long skip(FILE *in, unsigned long long n)
{
    char buf[65536];
    unsigned long long done = 0;
    while (done < n) {
        size_t want = n - done < sizeof buf ? (size_t)(n - done) : sizeof buf;
        size_t got = fread(buf, 1, want, in);
        done += got;
        if (got < want)
            break;
    }
    return done;
}

sg_lsp_read sg_lsp_io_read(FILE *in, json_t **msg, char *why, size_t why_len)
{
    *msg = NULL;
    if (why && why_len)
        why[0] = '\0';
    char line[1024];
    char garbage[64] = "";
    size_t seen = 0;
    bool any = false, have_len = false, bad_len = false, started = false;
    unsigned long long len = 0;
    for (;;) {
        bool more = read_line(in, line, sizeof line, &seen, &any);
        if (!more) {
            if (!any || (!started && !line[0]))
                return SG_LSP_EOF;
            /* the last line, cut by the end of input, may be the Content-Length itself */
            if (why && why_len)
                snprintf(why, why_len, "input ended inside a frame header%s (%zu bytes)",
                         have_len || find_length(line) ? "" : " with no Content-Length", seen);
            return SG_LSP_EOF;
        }
        if (!line[0]) {
            if (!started)
                continue; /* blank lines between frames */
            break;
        }
        started = true;
        if (seen > SG_LSP_MAX_HEADER) {
            /* Keep consuming to the blank line, but remember the block is garbage. */
            bad_len = true;
            continue;
        }
        const char *v = find_length(line);
        if (v) {
            if (v - line != (long)(sizeof "content-length:" - 1) && !garbage[0])
                snprintf(garbage, sizeof garbage, "%.*s", (int)sizeof garbage - 1, line);
            unsigned long long n = 0;
            if (parse_length(v, &n)) {
                len = n;
                have_len = true;
            } else {
                bad_len = true;
            }
        } else if (!strchr(line, ':') && !garbage[0]) {
            snprintf(garbage, sizeof garbage, "%.*s", (int)sizeof garbage - 1, line);
        }
    }
    if (seen > SG_LSP_MAX_HEADER) {
        if (why && why_len)
            snprintf(why, why_len, "frame header of %zu bytes exceeds the %zu-byte limit", seen,
                     SG_LSP_MAX_HEADER);
        return SG_LSP_BAD_FRAME;
    }
    if (bad_len || !have_len) {
        if (why && why_len)
            snprintf(why, why_len, "%s%s%s%s",
                     bad_len ? "Content-Length is not a decimal number" : "frame without a "
                                                                         "Content-Length header",
                     garbage[0] ? " (garbage header line '" : "", garbage,
                     garbage[0] ? "')" : "");
        return SG_LSP_BAD_FRAME;
    }
    if (len > SG_LSP_MAX_BODY) {
        unsigned long long got = skip(in, len);
        if (why && why_len)
            snprintf(why, why_len, "Content-Length %llu exceeds the %zu-byte limit (%s)", len,
                     SG_LSP_MAX_BODY, got < len ? "input ended inside it" : "body skipped");
        return got < len ? SG_LSP_EOF : SG_LSP_BAD_FRAME;
    }
    /* Grow the buffer as bytes arrive: a peer that claims 60 MB and sends ten bytes costs
     * ten bytes, not 60 MB. */
    size_t cap = len < 65536 ? (size_t)len + 1 : 65536, got = 0;
    char *body = malloc(cap);
    while (body && got < len) {
        if (got == cap) {
            size_t ncap = cap * 2 < len ? cap * 2 : (size_t)len;
            char *nb = realloc(body, ncap);
            if (!nb) {
                free(body);
                body = NULL;
                break;
            }
            body = nb;
            cap = ncap;
        }
        size_t want = (cap < len ? cap : (size_t)len) - got;
        size_t n = fread(body + got, 1, want, in);
        got += n;
        if (n < want)
            break;
    }
    if (!body) {
        unsigned long long rest = skip(in, len - got);
        if (why && why_len)
            snprintf(why, why_len, "out of memory for a %llu-byte body (skipped)", len);
        return got + rest < len ? SG_LSP_EOF : SG_LSP_BAD_FRAME;
    }
    if (got < len) {
        free(body);
        if (why && why_len)
            snprintf(why, why_len, "truncated frame: Content-Length %llu but input ended after "
                                   "%zu bytes", len, got);
        return SG_LSP_EOF;
    }
    json_error_t err;
    *msg = json_loadb(body, (size_t)len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    free(body);
    if (!*msg) {
        if (why && why_len)
            snprintf(why, why_len, "invalid JSON in a %llu-byte body: %s at offset %d", len,
                     err.text, err.position);
        return SG_LSP_BAD_JSON;
    }
    if (garbage[0] && why && why_len)
        snprintf(why, why_len, "ignored garbage before a frame header: '%s'", garbage);
    return SG_LSP_MESSAGE;
}

int sg_lsp_io_write(FILE *out, const json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (!body)
        return -1;
    size_t n = strlen(body);
    int ok = fprintf(out, "Content-Length: %zu\r\n\r\n", n) > 0 && fwrite(body, 1, n, out) == n &&
             fflush(out) == 0;
    free(body);
    return ok ? 0 : -1;
}
