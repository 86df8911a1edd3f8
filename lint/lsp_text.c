/* Positions, buffer edits and URIs for the language server. LSP counts characters in UTF-16
 * code units by default (a character outside the BMP is two), in bytes when UTF-8 was
 * negotiated; the buffers are UTF-8, so every conversion walks the line's bytes. */
#include "lsp_text.h"

#include <stdlib.h>
#include <string.h>

#include "str.h"

/* Length of the UTF-8 sequence starting with byte c (1 for stray continuation bytes). */
static size_t seq_len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

static size_t line_start_of(const char *text, size_t len, uint32_t line, bool *past_end)
{
    size_t off = 0;
    *past_end = false;
    for (uint32_t l = 0; l < line; l++) {
        const char *nl = memchr(text + off, '\n', len - off);
        if (!nl) {
            *past_end = true;
            return len;
        }
        off = (size_t)(nl - text) + 1;
    }
    return off;
}

size_t sg_lsp_text_offset(const char *text, size_t len, sg_lsp_pos p, bool utf8)
{
    bool past = false;
    size_t off = line_start_of(text, len, p.line, &past);
    if (past)
        return len;
    uint32_t units = 0;
    while (off < len && text[off] != '\n') {
        if (text[off] == '\r' && (off + 1 == len || text[off + 1] == '\n'))
            break;
        size_t n = seq_len((unsigned char)text[off]);
        if (off + n > len)
            n = len - off;
        uint32_t w = utf8 ? (uint32_t)n : (n == 4 ? 2u : 1u);
        if (units + w > p.character)
            break;
        units += w;
        off += n;
    }
    return off;
}

sg_lsp_pos sg_lsp_text_position(const char *text, size_t len, size_t off, bool utf8,
                                size_t line_start, uint32_t line)
{
    if (off > len)
        off = len;
    if (line_start == SIZE_MAX || line_start > off) {
        line_start = 0;
        line = 0;
        for (size_t i = 0; i < off; i++)
            if (text[i] == '\n') {
                line++;
                line_start = i + 1;
            }
    }
    uint32_t units = 0;
    for (size_t i = line_start; i < off;) {
        size_t n = seq_len((unsigned char)text[i]);
        if (i + n > off)
            n = off - i; /* an offset inside a sequence counts what precedes it */
        units += utf8 ? (uint32_t)n : (n == 4 ? 2u : 1u);
        i += n;
    }
    return (sg_lsp_pos){line, units};
}

int sg_lsp_buf_splice(sg_lsp_buf *b, size_t start, size_t end, const char *s, size_t n)
{
    if (start > b->len)
        start = b->len;
    if (end > b->len)
        end = b->len;
    if (end < start)
        end = start;
    size_t need = b->len - (end - start) + n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need)
            cap *= 2;
        char *t = realloc(b->text, cap);
        if (!t)
            return -1;
        b->text = t;
        b->cap = cap;
    }
    memmove(b->text + start + n, b->text + end, b->len - end);
    if (n)
        memcpy(b->text + start, s, n);
    b->len = b->len - (end - start) + n;
    b->text[b->len] = '\0';
    return 0;
}

void sg_lsp_buf_free(sg_lsp_buf *b)
{
    free(b->text);
    *b = (sg_lsp_buf){0};
}

char *sg_lsp_uri_path(sg_arena *a, const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (strncmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return NULL; /* file://host/path: not a local file */
    size_t n = strcspn(p, "?#");
    char *out = sg_arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '%') {
            int h = i + 2 < n ? sg_str_hexdigit(p[i + 1]) : -1;
            int l = h >= 0 ? sg_str_hexdigit(p[i + 2]) : -1;
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return NULL;
            c = (char)(h * 16 + l);
            i += 2;
        }
        /* Collapse "//" and "/./" so the path matches how the pipeline joins names. */
        if (c == '/' && k && out[k - 1] == '/')
            continue;
        if (c == '/' && k >= 2 && out[k - 1] == '.' && out[k - 2] == '/') {
            k--;
            continue;
        }
        out[k++] = c;
    }
    if (k > 2 && out[k - 1] == '.' && out[k - 2] == '/')
        k--;
    if (k > 1 && out[k - 1] == '/')
        k--;
    out[k] = '\0';
    return out;
}

char *sg_lsp_uri_from_path(sg_arena *a, const char *path)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = sg_arena_alloc(a, 7 + 3 * n + 1);
    memcpy(out, "file://", 7);
    size_t k = 7;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    strchr("-._~/!$&'()*+,;=:@", c);
        if (keep && c) {
            out[k++] = (char)c;
        } else {
            out[k++] = '%';
            out[k++] = digits[c >> 4];
            out[k++] = digits[c & 15];
        }
    }
    out[k] = '\0';
    return out;
}
