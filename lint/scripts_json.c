/* A small JSON scanner that keeps byte offsets, which jansson does not give: finds the
 * "scripts" members of package.json and decodes their strings with a source offset per byte,
 * and reads Dockerfile exec-form arrays. The input is validated by jansson first (package.json)
 * or rejected on any surprise (exec form), so this scanner only has to be exact, not forgiving. */
#include <string.h>

#include "scripts_int.h"

typedef struct jp {
    const sg_mtext *t;
    size_t i;
    sg_arena *a;
} jp;

static void ws(jp *p)
{
    while (p->i < p->t->len && strchr(" \t\r\n", p->t->text[p->i]) && p->t->text[p->i])
        p->i++;
}

static long hex4(const jp *p, size_t at)
{
    if (at + 4 > p->t->len)
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = sg_str_hexdigit(p->t->text[at + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Reads the string at p->i (which must be '"'); decodes it into *out when out is given, each
 * byte mapped to the source offset of the character or escape it came from. */
static bool string(jp *p, sg_mtext *out, uint32_t *start, uint32_t *end)
{
    const sg_mtext *t = p->t;
    if (p->i >= t->len || t->text[p->i] != '"')
        return false;
    if (start)
        *start = t->map[p->i];
    sg_mbuf b = {0};
    for (p->i++; p->i < t->len; p->i++) {
        char c = t->text[p->i];
        uint32_t off = t->map[p->i];
        if (c == '"') {
            p->i++;
            if (end)
                *end = t->map[p->i];
            if (out)
                *out = sg_scripts__mb_done(p->a, &b, off);
            return true;
        }
        if (c != '\\') {
            if (out)
                sg_scripts__mb_push(p->a, &b, c, off);
            continue;
        }
        if (++p->i >= t->len)
            return false;
        char e = t->text[p->i];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = strchr(from, e);
        if (k && e) {
            if (out)
                sg_scripts__mb_push(p->a, &b, to[k - from], off);
            continue;
        }
        if (e != 'u')
            return false;
        long cp = hex4(p, p->i + 1);
        if (cp < 0)
            return false;
        p->i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && p->i + 2 < t->len && t->text[p->i + 1] == '\\' &&
            t->text[p->i + 2] == 'u') {
            long lo = hex4(p, p->i + 3);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p->i += 6;
            }
        }
        if (!out)
            continue;
        unsigned char u[4];
        int n;
        if (cp < 0x80) {
            u[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            u[0] = (unsigned char)(0xC0 | (cp >> 6));
            u[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            u[0] = (unsigned char)(0xE0 | (cp >> 12));
            u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            u[0] = (unsigned char)(0xF0 | (cp >> 18));
            u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        for (int k2 = 0; k2 < n; k2++)
            sg_scripts__mb_push(p->a, &b, (char)u[k2], off);
    }
    return false;
}

/* Skips one value of any kind; nesting is bounded by an explicit depth counter. */
static bool skip_value(jp *p)
{
    int depth = 0;
    do {
        ws(p);
        if (p->i >= p->t->len)
            return false;
        char c = p->t->text[p->i];
        if (c == '"') {
            if (!string(p, NULL, NULL, NULL))
                return false;
        } else if (c == '{' || c == '[') {
            depth++;
            p->i++;
        } else if (c == '}' || c == ']') {
            depth--;
            p->i++;
        } else if (c == ',' || c == ':') {
            p->i++;
        } else {
            while (p->i < p->t->len && !strchr(",:]} \t\r\n", p->t->text[p->i]))
                p->i++;
        }
        ws(p);
        /* inside a container, keep going until it closes */
    } while (depth > 0 && p->i < p->t->len);
    return depth == 0;
}

static void scripts_object(jp *p, sg_jscripts *out, sg_source *src)
{
    p->i++; /* { */
    for (;;) {
        ws(p);
        if (p->i >= p->t->len || p->t->text[p->i] != '"')
            return;
        sg_mtext key;
        uint32_t ks, ke;
        if (!string(p, &key, &ks, &ke))
            return;
        ws(p);
        if (p->i >= p->t->len || p->t->text[p->i] != ':')
            return;
        p->i++;
        ws(p);
        if (p->i < p->t->len && p->t->text[p->i] == '"') {
            sg_jscript s = {.name = {key.text, key.len}, .key = sg_span_make(src, ks, ke)};
            if (!string(p, &s.value, NULL, NULL))
                return;
            sg_vec_push(p->a, out, s);
        } else if (!skip_value(p)) {
            return;
        }
        ws(p);
        if (p->i < p->t->len && p->t->text[p->i] == ',')
            p->i++;
        else
            return;
    }
}

void sg_scripts__json_scripts(sg_jscripts *out, sg_arena *a, sg_source *src)
{
    sg_mtext t = sg_scripts_identity(a, 0, (uint32_t)src->len, src);
    jp p = {&t, 0, a};
    if (t.len >= 3 && memcmp(t.text, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3; /* a UTF-8 byte order mark, as scan_package allows */
    ws(&p);
    if (p.i >= t.len || t.text[p.i] != '{')
        return;
    p.i++;
    for (;;) {
        ws(&p);
        sg_mtext key;
        if (p.i >= t.len || !string(&p, &key, NULL, NULL))
            return;
        ws(&p);
        if (p.i >= t.len || t.text[p.i] != ':')
            return;
        p.i++;
        ws(&p);
        if (key.len == 7 && memcmp(key.text, "scripts", 7) == 0 && p.i < t.len &&
            t.text[p.i] == '{') {
            out->len = 0; /* a repeated key: the last one wins, as in jansson */
            scripts_object(&p, out, src);
            /* scripts_object stops at the closing brace */
            ws(&p);
            if (p.i < t.len && t.text[p.i] == '}')
                p.i++;
        } else if (!skip_value(&p)) {
            return;
        }
        ws(&p);
        if (p.i < t.len && t.text[p.i] == ',')
            p.i++;
        else
            return;
    }
}

bool sg_scripts__json_argv(sg_mtext_list *words, sg_u32_list *starts, sg_u32_list *ends,
                           sg_arena *a, const sg_mtext *t)
{
    jp p = {t, 0, a};
    ws(&p);
    if (p.i >= t->len || t->text[p.i] != '[')
        return false;
    p.i++;
    ws(&p);
    if (p.i < t->len && t->text[p.i] == ']') {
        p.i++;
    } else {
        for (;;) {
            ws(&p);
            sg_mtext w;
            uint32_t s, e;
            if (!string(&p, &w, &s, &e))
                return false;
            sg_vec_push(a, words, w);
            sg_vec_push(a, starts, s);
            sg_vec_push(a, ends, e);
            ws(&p);
            if (p.i < t->len && t->text[p.i] == ',') {
                p.i++;
                continue;
            }
            if (p.i < t->len && t->text[p.i] == ']') {
                p.i++;
                break;
            }
            return false;
        }
    }
    ws(&p);
    return p.i == t->len;
}
