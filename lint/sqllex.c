/* SQL tokenizer: just enough of PostgreSQL's lexical rules to never mistake a string or a
 * comment for code. It does not validate: the parser does that. */
#include "sqllex.h"

#include <string.h>

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* Skips a '...' literal starting at the quote; backslash escapes when escapes is true. */
static uint32_t skip_quoted(const char *s, uint32_t i, uint32_t end, char q, bool escapes, bool *ok)
{
    i++;
    while (i < end) {
        if (escapes && s[i] == '\\' && i + 1 < end) {
            i += 2;
            continue;
        }
        if (s[i] == q) {
            if (i + 1 < end && s[i + 1] == q) {
                i += 2;
                continue;
            }
            *ok = true;
            return i + 1;
        }
        i++;
    }
    *ok = false;
    return end;
}

/* Skips a nested block comment starting at its slash; *closed says whether it ends. */
static uint32_t skip_block_comment(const char *s, uint32_t i, uint32_t end, bool *closed)
{
    int depth = 0;
    while (i < end) {
        if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (s[i] == '*' && i + 1 < end && s[i + 1] == '/') {
            i += 2;
            if (--depth == 0) {
                *closed = true;
                return i;
            }
        } else {
            i++;
        }
    }
    *closed = false;
    return end;
}

/* At a `$`: skips a dollar-quoted string ($$...$$, $tag$...$tag$) and returns its end, or
 * i + 1 when the `$` does not open one (a parameter like $1). *ok is false when it is
 * unterminated. */
static uint32_t skip_dollar(const char *s, uint32_t i, uint32_t end, bool *ok)
{
    *ok = true;
    if (i + 1 >= end || (s[i + 1] != '$' && !is_ident_start((unsigned char)s[i + 1])))
        return i + 1;
    uint32_t j = i + 1;
    while (j < end && s[j] != '$' && is_ident((unsigned char)s[j]))
        j++;
    if (j >= end || s[j] != '$')
        return i + 1;
    uint32_t taglen = j + 1 - i;
    const char *tag = s + i;
    for (uint32_t k = j + 1; k + taglen <= end; k++)
        if (s[k] == '$' && memcmp(s + k, tag, taglen) == 0)
            return k + taglen;
    *ok = false;
    return end;
}

sg_sqltok sg_sqllex_next(sg_sqllex *lx)
{
    const char *s = lx->s;
    uint32_t i = lx->pos, end = lx->end;
    for (;;) {
        while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                           s[i] == '\f' || s[i] == '\v'))
            i++;
        if (i >= end) {
            lx->pos = end;
            return (sg_sqltok){SG_SQLTOK_EOF, end, end};
        }
        uint32_t st = i;
        if (s[i] == '-' && i + 1 < end && s[i + 1] == '-') {
            while (i < end && s[i] != '\n')
                i++;
            if (lx->comments) {
                lx->pos = i;
                return (sg_sqltok){SG_SQLTOK_COMMENT, st, i};
            }
            continue;
        }
        if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
            bool closed = false;
            i = skip_block_comment(s, i, end, &closed);
            if (!closed) {
                lx->pos = end;
                return (sg_sqltok){SG_SQLTOK_UNTERMINATED, st, end};
            }
            if (lx->comments) {
                lx->pos = i;
                return (sg_sqltok){SG_SQLTOK_COMMENT, st, i};
            }
            continue;
        }
        break;
    }
    uint32_t st = i;
    unsigned char c = (unsigned char)s[i];
    sg_sqltok t = {SG_SQLTOK_PUNCT, st, st + 1};
    bool ok = true;
    if ((c == 'E' || c == 'e') && i + 1 < end && s[i + 1] == '\'') {
        t.kind = SG_SQLTOK_STRING;
        t.end = skip_quoted(s, i + 1, end, '\'', true, &ok);
    } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') &&
               i + 1 < end && s[i + 1] == '\'') {
        t.kind = SG_SQLTOK_STRING;
        t.end = skip_quoted(s, i + 1, end, '\'', false, &ok);
    } else if ((c == 'U' || c == 'u') && i + 2 < end && s[i + 1] == '&' &&
               (s[i + 2] == '\'' || s[i + 2] == '"')) {
        t.kind = s[i + 2] == '"' ? SG_SQLTOK_QIDENT : SG_SQLTOK_STRING;
        t.end = skip_quoted(s, i + 2, end, s[i + 2], false, &ok);
    } else if (is_ident_start(c)) {
        while (i < end && is_ident((unsigned char)s[i]))
            i++;
        t.kind = SG_SQLTOK_WORD;
        t.end = i;
    } else if (c == '\'') {
        t.kind = SG_SQLTOK_STRING;
        t.end = skip_quoted(s, i, end, '\'', false, &ok);
    } else if (c == '"') {
        t.kind = SG_SQLTOK_QIDENT;
        t.end = skip_quoted(s, i, end, '"', false, &ok);
    } else if (c == '$') {
        uint32_t e = skip_dollar(s, i, end, &ok);
        if (e > i + 1)
            t.kind = SG_SQLTOK_STRING;
        t.end = e;
    } else if (c >= '0' && c <= '9') {
        while (i < end && (is_ident((unsigned char)s[i]) || s[i] == '.'))
            i++;
        t.kind = SG_SQLTOK_NUMBER;
        t.end = i;
    }
    if (!ok)
        t.kind = SG_SQLTOK_UNTERMINATED;
    lx->pos = t.end;
    return t;
}

bool sg_sqltok_is(const char *s, sg_sqltok t, const char *kw)
{
    size_t n = strlen(kw);
    if (t.kind != SG_SQLTOK_WORD || t.end - t.start != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[t.start + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != kw[i])
            return false;
    }
    return true;
}

uint32_t sg_sqllex_skip_space(const char *s, uint32_t start, uint32_t end)
{
    sg_sqllex lx = sg_sqllex_make(s, start, end, false);
    sg_sqltok t = sg_sqllex_next(&lx);
    return t.start;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether s[i] continues an identifier. The run of identifier characters before it (not
 * reaching back past `from`, where the last string or comment ended) is read as PostgreSQL's
 * lexer reads it: a letter or underscore starts a name that takes the rest of the run; a digit
 * starts a number (with its exponent); `$` and digits a parameter. So `$1$$` is a parameter
 * and a dollar quote, `1.5e3$$` a number and a dollar quote, and `a$b$` one name. */
static bool inside_identifier(const char *s, uint32_t i, uint32_t from)
{
    uint32_t k = i;
    while (k > from && is_ident((unsigned char)s[k - 1]))
        k--;
    while (k < i) {
        unsigned char c = (unsigned char)s[k];
        if (is_ident_start(c))
            return true; /* a name, to the end of the run */
        k++;
        if (c == '$' || is_digit(c)) {
            while (k < i && is_digit((unsigned char)s[k]))
                k++;
            if (c != '$' && k + 1 < i && (s[k] == 'e' || s[k] == 'E') &&
                is_digit((unsigned char)s[k + 1])) {
                k += 2; /* an exponent */
                while (k < i && is_digit((unsigned char)s[k]))
                    k++;
            }
        }
    }
    return false;
}

/* After a string ending at i: the offset of the quote of its continuation ('a'<newline>'b' is
 * one string, in the escape mode of the first part), or 0. The whitespace between must hold a
 * newline; `--` comments count as whitespace. */
static uint32_t continuation(const char *s, uint32_t i, uint32_t end)
{
    bool newline = false;
    while (i < end) {
        char c = s[i];
        if (c == '\n') {
            newline = true;
            i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '-' && newline && i + 1 < end && s[i + 1] == '-') {
            while (i < end && s[i] != '\n')
                i++;
        } else {
            break;
        }
    }
    return newline && i < end && s[i] == '\'' ? i : 0;
}

/* A byte loop rather than sg_sqllex_next: it runs over every byte of every migration, and only
 * strings, quoted identifiers, comments and the `;` matter here. What precedes a quote or a `$`
 * says what it opens: E'...' takes backslash escapes, a `$` inside a name (a$b) opens nothing. */
uint32_t sg_sqllex_statement_end(sg_sqllex *lx, bool *unterminated)
{
    static const bool special[256] = {[';'] = true, ['\''] = true, ['"'] = true,
                                      ['-'] = true, ['/'] = true, ['$'] = true};
    const char *s = lx->s;
    uint32_t i = lx->pos, end = lx->end;
    uint32_t tok_end = i; /* where the last string or comment ended: a token starts there */
    bool ok = true;
    while (i < end) {
        while (i < end && !special[(unsigned char)s[i]])
            i++;
        if (i >= end)
            break;
        char c = s[i];
        if (c == ';') {
            lx->pos = i;
            return i;
        }
        if (c == '\'' || c == '"') {
            bool esc = c == '\'' && i > tok_end && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                       !inside_identifier(s, i - 1, tok_end);
            i = skip_quoted(s, i, end, c, esc, &ok);
            for (uint32_t j; esc && ok && (j = continuation(s, i, end)) != 0;)
                i = skip_quoted(s, j, end, '\'', true, &ok);
            tok_end = i;
        } else if (c == '-' && i + 1 < end && s[i + 1] == '-') {
            const char *nl = memchr(s + i, '\n', end - i);
            i = tok_end = nl ? (uint32_t)(nl - s) : end;
        } else if (c == '/' && i + 1 < end && s[i + 1] == '*') {
            i = tok_end = skip_block_comment(s, i, end, &ok);
        } else if (c == '$' && !inside_identifier(s, i, tok_end)) {
            uint32_t e = skip_dollar(s, i, end, &ok);
            if (e > i + 1)
                tok_end = e; /* a dollar-quoted body ended */
            i = e;
        } else {
            i++;
        }
        if (!ok) {
            *unterminated = true;
            lx->pos = end;
            return end;
        }
    }
    lx->pos = end;
    return end;
}
