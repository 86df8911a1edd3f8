/* Literal database credentials in text: URLs with a password (postgres://user:pass@host and
 * the other database schemes) and PGPASSWORD= with a literal value. Interpolations and
 * placeholders are not secrets, nor are local development hosts. It reports where the secret is
 * (the fact's `secret` span) so reporters can mask it; it never copies the secret anywhere. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scripts_int.h"

static const char URL_RE[] =
    "(?i)\\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|redis|rediss|mssql|sqlserver|"
    "cockroachdb|amqps?)://([^\\s:/@'\"`]*):([^\\s@/'\"`]*)@([^\\s/:'\"`?#,;]*)";
static const char PGPASSWORD_RE[] =
    "\\bPGPASSWORD[\"']?[ \\t]*[=:][ \\t]*(?:\"([^\"\\n]*)\"|'([^'\\n]*)'|([^\\s'\";&|)]+))";

/* Dockerfile's legacy `ENV PGPASSWORD value` form (no '='). */
static const char DOCKER_ENV_RE[] =
    "(?mi)^[ \\t]*ENV[ \\t]+PGPASSWORD[ \\t]+(?:\"([^\"\\n]*)\"|'([^'\\n]*)'|([^\\s'\"]+))";

static pcre2_code *url_re, *pgpw_re, *docker_re;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *re)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
    if (!c) {
        fprintf(stderr, "schemaguard: internal error: credential regex at %zu\n", (size_t)eo);
        abort();
    }
    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    return c;
}

static void init(void)
{
    url_re = compile(URL_RE);
    pgpw_re = compile(PGPASSWORD_RE);
    docker_re = compile(DOCKER_ENV_RE);
}

/* ${X}, $X, $(cmd), %s, %(name)s, {{ x }}, {x}, <password>, [YOUR-PASSWORD], ***, xxxx */
static bool placeholder(const char *p, size_t n)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '$' || (p[i] == '%' && i + 1 < n && strchr("s({d", p[i + 1])) ||
            (p[i] == '{' && i + 1 < n && p[i + 1] == '{'))
            return true;
    if ((p[0] == '<' && p[n - 1] == '>') || (p[0] == '[' && p[n - 1] == ']') ||
        (p[0] == '{' && p[n - 1] == '}'))
        return true;
    size_t stars = 0, xs = 0;
    for (size_t i = 0; i < n; i++) {
        stars += p[i] == '*';
        xs += p[i] == 'x' || p[i] == 'X';
    }
    return stars == n || (xs == n && n >= 3);
}

static bool local_host(const char *h, size_t n)
{
    static const char *const LOCAL[] = {"localhost", "127.0.0.1", "0.0.0.0", "[", NULL};
    for (const char *const *l = LOCAL; *l; l++) {
        size_t k = strlen(*l);
        if (n >= k && memcmp(h, *l, k) == 0 && (k == 1 || n == k))
            return true; /* "[" : an IPv6 literal such as [::1] */
    }
    return false;
}

static bool comment_line(const sg_source *src, uint32_t at)
{
    if (src->kind != SG_KIND_SHELL && src->kind != SG_KIND_CI_YAML &&
        src->kind != SG_KIND_DOCKERFILE && src->kind != SG_KIND_PROCFILE)
        return false;
    uint32_t s = at;
    while (s > 0 && src->text[s - 1] != '\n')
        s--;
    while (s < at && (src->text[s] == ' ' || src->text[s] == '\t'))
        s++;
    return src->text[s] == '#';
}

static void add(sg_fact_list *out, sg_arena *a, sg_source *src, uint32_t s, uint32_t e,
                uint32_t ss, uint32_t se, const char *what, unsigned origin)
{
    sg_fact f = {
        .kind = SG_FACT_CREDENTIAL,
        .origin = origin,
        .at = sg_span_make(src, s, e),
        .name = sg_str_c(what),
        .value = SG_VALUE_TRUE,
        .secret = sg_span_make(src, ss, se),
    };
    sg_vec_push(a, out, f);
}

/* PGPASSWORD with a literal value: the value is group 1, 2 or 3 of re (quoted or bare). */
static void pgpassword(sg_fact_list *out, sg_arena *a, sg_source *src, pcre2_code *re,
                       pcre2_match_data *md, uint32_t start, uint32_t end, unsigned origin)
{
    const char *t = src->text;
    PCRE2_SIZE pos = start;
    while (pos < end && pcre2_match(re, (PCRE2_SPTR)t, end, pos, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        int g = ov[2] != PCRE2_UNSET ? 1 : ov[4] != PCRE2_UNSET ? 2 : 3;
        size_t vs = ov[2 * g], ve = ov[2 * g + 1];
        if (vs == PCRE2_UNSET || placeholder(t + vs, ve - vs) || comment_line(src, (uint32_t)ov[0]))
            continue;
        add(out, a, src, (uint32_t)ov[0], (uint32_t)ov[1], (uint32_t)vs, (uint32_t)ve,
            "PGPASSWORD", origin);
    }
}

void sg_scripts_credentials(sg_fact_list *out, sg_arena *a, sg_source *src, uint32_t start,
                            uint32_t end, unsigned origin)
{
    if (end > src->len)
        end = (uint32_t)src->len;
    if (start >= end || !memmem(src->text + start, end - start, "://", 3) ||
        !memmem(src->text + start, end - start, "@", 1)) {
        if (start >= end || !memmem(src->text + start, end - start, "PGPASSWORD", 10))
            return;
    }
    pthread_once(&once, init);
    const char *t = src->text;
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    PCRE2_SIZE pos = start;
    while (pos < end &&
           pcre2_match(url_re, (PCRE2_SPTR)t, end, pos, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        const char *pw = t + ov[6];
        size_t pwn = ov[7] - ov[6];
        if (placeholder(pw, pwn) || local_host(t + ov[8], ov[9] - ov[8]) ||
            comment_line(src, (uint32_t)ov[0]))
            continue;
        const char *scheme = sg_arena_strndup(a, t + ov[2], ov[3] - ov[2]);
        add(out, a, src, (uint32_t)ov[0], (uint32_t)ov[1], (uint32_t)ov[6], (uint32_t)ov[7],
            sg_arena_printf(a, "a %s:// URL", scheme), origin);
    }
    pgpassword(out, a, src, pgpw_re, md, start, end, origin);
    if (src->kind == SG_KIND_DOCKERFILE)
        pgpassword(out, a, src, docker_re, md, start, end, origin);
    pcre2_match_data_free(md);
}
