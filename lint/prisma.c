/* The Prisma schema language: lexer and recursive-descent parser producing the block/field/
 * attribute tree of prisma.h with exact byte spans. Errors become problems with the offending
 * token's span and parsing resumes at the next line (or block), so one typo costs one finding.
 * Linear in the input: expression nesting is bounded and the problem count is capped. The
 * mapping to the schema model lives in prisma_model.c. */
#include "prisma.h"

#include <stdarg.h>
#include <string.h>

#define MAX_DEPTH 64     /* nested arrays / calls in one attribute; real schemas use 3 */
#define MAX_PROBLEMS 50  /* per source: binary or foreign input should not flood the report */

typedef enum tok_kind {
    T_EOF,
    T_NL,
    T_IDENT,
    T_NUMBER,
    T_STRING,
    T_UNTERMINATED, /* a string with no closing quote on its line */
    T_AT,
    T_ATAT,
    T_LPAREN,
    T_RPAREN,
    T_LBRACK,
    T_RBRACK,
    T_LBRACE,
    T_RBRACE,
    T_EQ,
    T_QUESTION,
    T_COMMA,
    T_COLON,
    T_DOT,
    T_BAD, /* a character that is not part of the language */
    T_UNCLOSED_COMMENT, /* a block comment with no closing star-slash */
} tok_kind;

typedef struct tok {
    tok_kind k;
    uint32_t s, e;
} tok;

typedef struct parser {
    sg_arena *a;
    sg_source *src;
    const char *t;
    uint32_t n;
    uint32_t pos;      /* lexer position */
    tok cur;
    uint32_t last_end; /* end of the last consumed token: spans end there */
    int nest;          /* open ( and [: newlines inside them are not significant */
    int depth;         /* expression recursion */
    size_t nproblems;
    bool stop;         /* too many problems: the rest of the file is skipped */
    bool resync;       /* after a bracket left open, resume at resync_pos (a line start) */
    uint32_t resync_pos;
    sg_problem_list *problems;
    sg_prisma_schema *out;
    /* Scratch stacks: lists are collected here and copied to the unit arena at their exact
     * size, so a field with one attribute does not hold room for eight (a 40 MB schema would
     * otherwise take gigabytes). Nested lists push above their parent's items and pop them. */
    sg_arena *scratch;
    SG_VEC(sg_prisma_field) fields;
    SG_VEC(sg_prisma_attr) attrs;
    SG_VEC(sg_prisma_arg) args;
    SG_VEC(sg_prisma_expr *) items;
} parser;

/* Moves stack[start..] into dst (unit arena, exact size) and pops them. */
#define FINISH(p, stack, start, dst)                                                             \
    do {                                                                                         \
        size_t n_ = (stack)->len - (start);                                                      \
        (dst)->items = NULL;                                                                     \
        if (n_) {                                                                                \
            (dst)->items = sg_arena_alloc((p)->a, n_ * sizeof *(dst)->items);                    \
            memcpy((dst)->items, (stack)->items + (start), n_ * sizeof *(dst)->items);           \
        }                                                                                        \
        (dst)->len = (dst)->cap = n_;                                                            \
        (stack)->len = (start);                                                                  \
    } while (0)


enum { MAX_SCHEMA_BYTES = 16u << 20 };
/* ---- lexer ---- */

/* Inline range checks: the lexer runs over every byte of schemas of thousands of lines on
 * each keystroke in the editor. */
static inline bool is_alpha(char c)
{
    return (unsigned)((unsigned char)c | 32u) - 'a' < 26u || c == '_';
}

static inline bool is_digit(char c)
{
    return (unsigned)((unsigned char)c - '0') < 10u;
}

/* Prisma identifiers may hold '-' after the first character (pest grammar `identifier`). */
static inline bool is_ident(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-';
}

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static tok lex(parser *p)
{
    const char *t = p->t;
    uint32_t i = p->pos, n = p->n;
    for (;;) {
        while (i < n && is_blank(t[i]))
            i++;
        if (i + 1 < n && t[i] == '/' && t[i + 1] == '/') {
            while (i < n && t[i] != '\n')
                i++; /* // and /// comments run to the end of the line */
            continue;
        }
        if (i + 1 < n && t[i] == '/' && t[i + 1] == '*') {
            /* block comments: accepted by prisma-engines' grammar and used in real schemas */
            const char *end = memmem(t + i + 2, n - i - 2, "*/", 2);
            if (!end) {
                p->pos = n;
                return (tok){T_UNCLOSED_COMMENT, i, i + 2};
            }
            i = (uint32_t)(end - t) + 2;
            continue;
        }
        break;
    }
    tok k = {T_EOF, i, i};
    if (i >= n) {
        p->pos = i;
        return k;
    }
    char c = t[i];
    uint32_t s = i;
    if (c == '\n') {
        k.k = T_NL;
        i++;
    } else if (c == '"') {
        i++;
        k.k = T_UNTERMINATED;
        while (i < n && t[i] != '\n') {
            if (t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') {
                i += 2;
                continue;
            }
            if (t[i] == '"') {
                i++;
                k.k = T_STRING;
                break;
            }
            i++;
        }
    } else if (is_digit(c) || (c == '-' && i + 1 < n && is_digit(t[i + 1]))) {
        i++;
        while (i < n && is_digit(t[i]))
            i++;
        if (i + 1 < n && t[i] == '.' && is_digit(t[i + 1])) {
            i++;
            while (i < n && is_digit(t[i]))
                i++;
            k.k = T_NUMBER;
        } else if (c != '-' && i < n && is_ident(t[i])) {
            while (i < n && is_ident(t[i]))
                i++; /* an identifier that starts with digits */
            k.k = T_IDENT;
        } else {
            k.k = T_NUMBER;
        }
    } else if (is_alpha(c)) {
        while (i < n && is_ident(t[i]))
            i++;
        k.k = T_IDENT;
    } else {
        i++;
        switch (c) {
        case '@':
            k.k = T_AT;
            if (i < n && t[i] == '@') {
                k.k = T_ATAT;
                i++;
            }
            break;
        case '(': k.k = T_LPAREN; break;
        case ')': k.k = T_RPAREN; break;
        case '[': k.k = T_LBRACK; break;
        case ']': k.k = T_RBRACK; break;
        case '{': k.k = T_LBRACE; break;
        case '}': k.k = T_RBRACE; break;
        case '=': k.k = T_EQ; break;
        case '?': k.k = T_QUESTION; break;
        case ',': k.k = T_COMMA; break;
        case ':': k.k = T_COLON; break;
        case '.': k.k = T_DOT; break;
        default:
            k.k = T_BAD;
            /* a whole UTF-8 sequence, so the caret covers one character */
            while (i < n && ((unsigned char)t[i] & 0xC0) == 0x80)
                i++;
            break;
        }
    }
    k.s = s;
    k.e = i;
    p->pos = i;
    return k;
}

/* Consumes the current token. Inside ( and [ line breaks are whitespace. */
static void next(parser *p)
{
    if (p->cur.k != T_EOF)
        p->last_end = p->cur.e;
    switch (p->cur.k) {
    case T_LPAREN:
    case T_LBRACK: p->nest++; break;
    case T_RPAREN:
    case T_RBRACK:
        if (p->nest > 0)
            p->nest--;
        break;
    case T_RBRACE: p->nest = 0; break;
    default: break;
    }
    do
        p->cur = lex(p);
    while (p->cur.k == T_NL && p->nest > 0);
}

/* The token after the current one, without consuming anything. */
static tok peek(parser *p)
{
    uint32_t pos = p->pos;
    tok k;
    do
        k = lex(p);
    while (k.k == T_NL && p->nest > 0);
    p->pos = pos;
    return k;
}

static sg_str tok_str(const parser *p, tok k)
{
    return (sg_str){p->t + k.s, k.e - k.s};
}

static sg_span span(const parser *p, uint32_t s, uint32_t e)
{
    return sg_span_make(p->src, s, e);
}

/* ---- problems and recovery ---- */

static const char *describe(parser *p, tok k)
{
    switch (k.k) {
    case T_EOF: return "the end of the file";
    case T_NL: return "the end of the line";
    case T_STRING: return "a string";
    case T_UNTERMINATED: return "an unterminated string";
    case T_UNCLOSED_COMMENT: return "an unterminated comment";
    case T_NUMBER:
        return sg_arena_printf(p->a, "the number %.*s%s", (int)(k.e - k.s > 40 ? 40 : k.e - k.s),
                               p->t + k.s, k.e - k.s > 40 ? "..." : "");
    case T_IDENT:
        return sg_arena_printf(p->a, "'%.*s%s'", (int)(k.e - k.s > 40 ? 40 : k.e - k.s),
                               p->t + k.s, k.e - k.s > 40 ? "..." : "");
    case T_BAD: {
        unsigned char c = (unsigned char)p->t[k.s];
        if (c < 0x20 || c == 0x7F)
            return sg_arena_printf(p->a, "the control character 0x%02X", c);
        /* the text is valid UTF-8 here: the token is one whole character */
        return sg_arena_printf(p->a, "the character '%.*s'", (int)(k.e - k.s), p->t + k.s);
    }
    default: return sg_arena_printf(p->a, "'%.*s'", (int)(k.e - k.s), p->t + k.s);
    }
}

static void problem(parser *p, tok at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(parser *p, tok at, const char *fmt, ...)
{
    if (p->stop)
        return;
    if (++p->nproblems > MAX_PROBLEMS) {
        sg_problem_add(p->problems, p->a, span(p, at.s, at.e),
                       "too many errors (more than %d); the rest of the file is not checked",
                       MAX_PROBLEMS);
        p->stop = true;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    const char *msg = sg_arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    /* an unterminated string is the real problem whatever was expected */
    if (at.k == T_UNTERMINATED)
        msg = "unterminated string: the closing '\"' is missing on this line";
    else if (at.k == T_UNCLOSED_COMMENT)
        msg = "unterminated comment: this '/*' is never closed by '*/'";
    sg_problem_add(p->problems, p->a, span(p, at.s, at.e), "%s", msg);
}

static void expected(parser *p, const char *what)
{
    problem(p, p->cur, "expected %s, found %s", what, describe(p, p->cur));
}

/* Skips the rest of a block member: to the end of its line (line breaks inside brackets do not
 * count), stopping before a '}' that may close the block. */
static void skip_member(parser *p)
{
    if (p->resync) {
        p->resync = false;
        p->nest = 0;
        p->pos = p->resync_pos;
        p->cur = lex(p);
        return;
    }
    if (p->cur.k == T_UNTERMINATED) {
        /* the string ran to the end of its line: resume on the next line, brackets or not */
        p->nest = 0;
        p->pos = p->cur.e;
        p->cur = lex(p);
    }
    while (p->cur.k != T_EOF && p->cur.k != T_RBRACE && !(p->cur.k == T_NL && p->nest == 0))
        next(p);
    p->nest = 0;
}

/* Skips what remains of a block whose header was malformed: through the brace that closes it. */
static void skip_block(parser *p)
{
    int depth = 0;
    while (p->cur.k != T_EOF) {
        if (p->cur.k == T_LBRACE)
            depth++;
        else if (p->cur.k == T_RBRACE && --depth <= 0) {
            next(p);
            return;
        } else if (p->cur.k == T_NL && depth == 0 && p->nest == 0) {
            return;
        }
        next(p);
    }
}

/* ---- expressions and attributes ---- */

static bool parse_args(parser *p, sg_prisma_args *out);

/* Whether the current token starts on a later line than open: a bracket left open at the end of
 * a line is the likelier mistake than a missing comma. */
static bool on_later_line(const parser *p, tok open)
{
    return p->cur.k != T_UNTERMINATED && memchr(p->t + open.e, '\n', p->cur.s - open.e) != NULL;
}

/* Reports a bracket left open when the current token shows it (end of block or file, or a
 * token on a later line). In the last case the rest of the block is not swallowed: parsing
 * resumes at the start of the current token's line, most likely the next field. */
static bool unclosed(parser *p, tok open)
{
    bool later = on_later_line(p, open);
    if (p->cur.k != T_EOF && p->cur.k != T_RBRACE && !later)
        return false;
    problem(p, open, "this '%.*s' is never closed", (int)(open.e - open.s), p->t + open.s);
    if (later && p->cur.k != T_EOF && p->cur.k != T_RBRACE) {
        uint32_t ls = p->cur.s;
        while (ls > 0 && p->t[ls - 1] != '\n')
            ls--;
        p->resync = true;
        p->resync_pos = ls;
    }
    return true;
}

static sg_prisma_expr *new_expr(parser *p, sg_prisma_expr_kind k, uint32_t s)
{
    sg_prisma_expr *x = sg_arena_alloc(p->a, sizeof *x);
    x->kind = k;
    x->span = span(p, s, s);
    return x;
}

/* A dotted name: IDENT ('.' IDENT)*. The current token is the first IDENT. */
static sg_str parse_path(parser *p)
{
    uint32_t s = p->cur.s;
    next(p);
    while (p->cur.k == T_DOT && p->cur.s == p->last_end) {
        tok after = peek(p);
        if (after.k != T_IDENT || after.s != p->cur.e)
            break;
        next(p);
        next(p);
    }
    return (sg_str){p->t + s, p->last_end - s};
}

static sg_prisma_expr *parse_expr(parser *p)
{
    if (p->depth >= MAX_DEPTH) {
        problem(p, p->cur, "values nested more than %d deep", MAX_DEPTH);
        return NULL;
    }
    uint32_t s = p->cur.s;
    sg_prisma_expr *x = NULL;
    p->depth++;
    switch (p->cur.k) {
    case T_STRING:
        x = new_expr(p, SG_PEXPR_STRING, s);
        x->text = (sg_str){p->t + s + 1, p->cur.e - s - 2};
        next(p);
        break;
    case T_NUMBER:
        x = new_expr(p, SG_PEXPR_NUMBER, s);
        x->text = tok_str(p, p->cur);
        next(p);
        break;
    case T_IDENT:
        x = new_expr(p, SG_PEXPR_NAME, s);
        x->text = parse_path(p);
        if (p->cur.k == T_LPAREN) {
            x->kind = SG_PEXPR_CALL;
            if (!parse_args(p, &x->args))
                x = NULL;
        }
        break;
    case T_LBRACK: {
        tok open = p->cur;
        sg_prisma_expr *arr = x = new_expr(p, SG_PEXPR_ARRAY, s);
        size_t start = p->items.len;
        next(p);
        while (p->cur.k != T_RBRACK) {
            sg_prisma_expr *item = parse_expr(p);
            if (!item) {
                x = NULL;
                break;
            }
            sg_vec_push(p->scratch, &p->items, item);
            if (p->cur.k == T_COMMA) {
                next(p);
                continue;
            }
            if (p->cur.k != T_RBRACK) {
                if (!unclosed(p, open))
                    expected(p, "',' or ']' in a list");
                x = NULL;
                break;
            }
        }
        FINISH(p, &p->items, start, &arr->items);
        if (x)
            next(p);
        break;
    }
    default: expected(p, "a value (a string, a number, a name, a function call or a list)"); break;
    }
    p->depth--;
    if (x)
        x->span.end = p->last_end;
    return x;
}

/* '(' [arg (',' arg)* [',']] ')' with arg = [IDENT ':'] expr. The current token is '('. */
static bool parse_args_to_stack(parser *p);

static bool parse_args(parser *p, sg_prisma_args *out)
{
    size_t start = p->args.len;
    bool ok = parse_args_to_stack(p);
    FINISH(p, &p->args, start, out);
    return ok;
}

static bool parse_args_to_stack(parser *p)
{
    tok open = p->cur;
    next(p);
    while (p->cur.k != T_RPAREN) {
        sg_prisma_arg arg = {0};
        arg.span.src = p->src;
        arg.span.start = p->cur.s;
        if (p->cur.k == T_IDENT && peek(p).k == T_COLON) {
            arg.name = tok_str(p, p->cur);
            next(p);
            next(p);
        }
        arg.value = parse_expr(p);
        if (!arg.value)
            return false;
        arg.span.end = p->last_end;
        sg_vec_push(p->scratch, &p->args, arg);
        if (p->cur.k == T_COMMA) {
            next(p);
            continue;
        }
        if (p->cur.k != T_RPAREN) {
            if (!unclosed(p, open))
                expected(p, "',' or ')' in the arguments");
            return false;
        }
    }
    next(p);
    return true;
}

/* '@' path [args] or '@@' path [args]; the current token is the '@' or '@@'. */
static bool parse_attr(parser *p)
{
    sg_prisma_attr at = {0};
    at.block = p->cur.k == T_ATAT;
    uint32_t s = p->cur.s;
    next(p);
    if (p->cur.k != T_IDENT || p->cur.s != p->last_end) {
        expected(p, at.block ? "an attribute name right after '@@'"
                             : "an attribute name right after '@'");
        return false;
    }
    at.name = parse_path(p);
    if (p->cur.k == T_LPAREN) {
        at.has_parens = true;
        if (!parse_args(p, &at.args))
            return false;
    }
    at.span = span(p, s, p->last_end);
    sg_vec_push(p->scratch, &p->attrs, at);
    return true;
}

static bool parse_field_attrs(parser *p, sg_prisma_field *f)
{
    size_t start = p->attrs.len;
    bool ok = true;
    while (ok && p->cur.k == T_AT)
        ok = parse_attr(p);
    FINISH(p, &p->attrs, start, &f->attrs);
    if (ok && p->cur.k == T_ATAT) {
        problem(p, p->cur, "block attributes ('@@') go on a line of their own, not after a field");
        return false;
    }
    return ok;
}

/* ---- block members ---- */

/* name Type[]? attrs, in a model, view or composite type. */
static bool parse_field(parser *p, sg_prisma_field *f)
{
    if (p->cur.k != T_IDENT) {
        if (p->cur.k == T_NL || p->cur.k == T_EOF || p->cur.k == T_RBRACE || p->cur.k == T_AT)
            problem(p, (tok){T_IDENT, f->name_span.start, f->name_span.end},
                    "field '%.*s' has no type", SG_STR_FMT(f->name));
        else
            expected(p, "a field type");
        return false;
    }
    f->type_span.src = p->src;
    f->type_span.start = p->cur.s;
    f->type = tok_str(p, p->cur);
    next(p);
    if (sg_str_eq_c(f->type, "Unsupported") && p->cur.k == T_LPAREN &&
        p->cur.s == p->last_end) {
        tok open = p->cur;
        next(p);
        if (p->cur.k != T_STRING) {
            expected(p, "a quoted database type in Unsupported(\"...\")");
            return false;
        }
        f->unsupported = (sg_str){p->t + p->cur.s + 1, p->cur.e - p->cur.s - 2};
        next(p);
        if (p->cur.k != T_RPAREN) {
            problem(p, p->cur.k == T_NL || p->cur.k == T_EOF ? open : p->cur,
                    "expected ')' to close Unsupported(");
            return false;
        }
        next(p);
    } else if (p->cur.k == T_DOT) {
        problem(p, p->cur, "a field type is a single name; '.' is not allowed here");
        return false;
    }
    if (p->cur.k == T_LBRACK && p->cur.s == p->last_end) {
        tok open = p->cur;
        next(p);
        if (p->cur.k != T_RBRACK) {
            problem(p, open, "expected '[]' after the type '%.*s' for a list",
                    SG_STR_FMT(f->type));
            return false;
        }
        next(p);
        f->list = true;
    }
    if (p->cur.k == T_QUESTION && p->cur.s == p->last_end) {
        if (f->list) {
            problem(p, p->cur, "optional lists ('%.*s[]?') are not supported: a list is empty "
                               "rather than missing", SG_STR_FMT(f->type));
            return false;
        }
        next(p);
        f->optional = true;
    }
    f->type_span.end = p->last_end;
    return parse_field_attrs(p, f);
}

/* name = value, in a datasource or generator. */
static bool parse_setting(parser *p, sg_prisma_field *f)
{
    if (p->cur.k != T_EQ) {
        expected(p, sg_arena_printf(p->a, "'=' after the setting '%.*s'", SG_STR_FMT(f->name)));
        return false;
    }
    next(p);
    f->value = parse_expr(p);
    return f->value != NULL;
}

static const char *const KEYWORDS[] = {
    [SG_PBLOCK_DATASOURCE] = "datasource", [SG_PBLOCK_GENERATOR] = "generator",
    [SG_PBLOCK_MODEL] = "model",           [SG_PBLOCK_VIEW] = "view",
    [SG_PBLOCK_ENUM] = "enum",             [SG_PBLOCK_TYPE] = "type",
};

static bool member_ends(parser *p)
{
    if (p->cur.k == T_NL || p->cur.k == T_RBRACE || p->cur.k == T_EOF)
        return true;
    problem(p, p->cur, "found %s after the end of the field: one field or attribute per line",
            describe(p, p->cur));
    return false;
}

static void parse_members(parser *p, sg_prisma_block *b, tok open)
{
    bool config = b->kind == SG_PBLOCK_DATASOURCE || b->kind == SG_PBLOCK_GENERATOR;
    for (;;) {
        if (p->stop)
            return;
        switch (p->cur.k) {
        case T_NL: next(p); continue;
        case T_RBRACE:
            next(p);
            b->span.end = p->last_end;
            return;
        case T_EOF:
            problem(p, open, "the '{' of %s '%.*s' is never closed", KEYWORDS[b->kind],
                    SG_STR_FMT(b->name));
            b->span.end = p->last_end;
            return;
        case T_ATAT:
            if (config) {
                problem(p, p->cur, "a %s block holds settings (name = value), not attributes",
                        KEYWORDS[b->kind]);
                skip_member(p);
                continue;
            }
            if (!parse_attr(p) || !member_ends(p))
                skip_member(p);
            continue;
        case T_IDENT: {
            sg_prisma_field f = {0};
            f.name = tok_str(p, p->cur);
            f.name_span = span(p, p->cur.s, p->cur.e);
            f.span.src = p->src;
            f.span.start = p->cur.s;
            next(p);
            bool ok;
            if (config)
                ok = parse_setting(p, &f);
            else if (b->kind == SG_PBLOCK_ENUM)
                ok = parse_field_attrs(p, &f);
            else
                ok = parse_field(p, &f);
            f.span.end = p->last_end;
            if (ok)
                ok = member_ends(p);
            sg_vec_push(p->scratch, &p->fields, f); /* kept when malformed: its name is known */
            if (!ok)
                skip_member(p);
            continue;
        }
        default:
            if (config)
                expected(p, "a setting name");
            else if (b->kind == SG_PBLOCK_ENUM)
                expected(p, "an enum value or a block attribute ('@@')");
            else
                expected(p, "a field name or a block attribute ('@@')");
            skip_member(p);
            if (p->cur.k == T_RBRACE || p->cur.k == T_EOF)
                continue;
            next(p);
            continue;
        }
    }
}

static int keyword(sg_str s)
{
    for (int k = 0; k <= SG_PBLOCK_TYPE; k++)
        if (sg_str_eq_c(s, KEYWORDS[k]))
            return k;
    return -1;
}

static void parse_block(parser *p, sg_prisma_block_kind kind)
{
    sg_prisma_block *b = sg_arena_alloc(p->a, sizeof *b);
    b->kind = kind;
    b->span = span(p, p->cur.s, p->cur.e);
    next(p);
    if (p->cur.k != T_IDENT) {
        expected(p, sg_arena_printf(p->a, "a name after '%s'", KEYWORDS[kind]));
        skip_block(p);
        return;
    }
    b->name = tok_str(p, p->cur);
    b->name_span = span(p, p->cur.s, p->cur.e);
    next(p);
    if (p->cur.k != T_LBRACE) {
        if (kind == SG_PBLOCK_TYPE && p->cur.k == T_EQ)
            problem(p, p->cur, "type aliases ('type %.*s = ...') are not supported by Prisma",
                    SG_STR_FMT(b->name));
        else
            expected(p, sg_arena_printf(p->a, "'{' after %s %.*s", KEYWORDS[kind],
                                        SG_STR_FMT(b->name)));
        skip_block(p);
        return;
    }
    tok open = p->cur;
    next(p);
    size_t fstart = p->fields.len, astart = p->attrs.len;
    parse_members(p, b, open);
    FINISH(p, &p->fields, fstart, &b->fields);
    FINISH(p, &p->attrs, astart, &b->attrs);
    sg_vec_push(p->a, &p->out->blocks, b);
}

void sg_prisma_parse_source(sg_prisma_schema *out, sg_problem_list *problems, sg_arena *a,
                            sg_source *src)
{
    if (sg_source_is_binary(src)) {
        const char *nul = memchr(src->text, '\0', src->len);
        uint32_t at = nul ? (uint32_t)(nul - src->text) : 0;
        sg_problem_add(problems, a, sg_span_make(src, at, at),
                       "%s (a NUL byte at offset %u): not a Prisma schema, not checked",
                       sg_source_binary_kind(src), at);
        return;
    }
    long bad = sg_source_invalid_utf8(src);
    if (bad >= 0) {
        sg_problem_add(problems, a, sg_span_make(src, (uint32_t)bad, (uint32_t)bad + 1),
                       "invalid UTF-8 byte sequence: a Prisma schema is UTF-8 text, not checked");
        return;
    }
    /* The largest real schemas are about a megabyte; the model of a 100 MB one would take some
     * 3 GB and ten seconds, so such a file is reported instead of read (as Drizzle's are). */
    if (src->len > MAX_SCHEMA_BYTES) {
        sg_problem_add(problems, a, sg_span_make(src, 0, 0),
                       "file of %zu bytes is larger than %u MiB: not read as a Prisma schema",
                       src->len, (unsigned)(MAX_SCHEMA_BYTES >> 20));
        return;
    }
    parser p = {0};
    p.a = a;
    p.src = src;
    p.t = src->text;
    p.n = (uint32_t)src->len;
    p.problems = problems;
    p.out = out;
    p.scratch = sg_arena_new();
    if (p.n >= 3 && memcmp(p.t, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3; /* a UTF-8 byte order mark, as some Windows editors write */
    p.cur = lex(&p);
    while (p.cur.k != T_EOF && !p.stop) {
        if (p.cur.k == T_NL) {
            next(&p);
            continue;
        }
        int kw = p.cur.k == T_IDENT ? keyword(tok_str(&p, p.cur)) : -1;
        if (kw >= 0) {
            parse_block(&p, (sg_prisma_block_kind)kw);
            continue;
        }
        if (p.cur.k == T_UNTERMINATED)
            problem(&p, p.cur, "unterminated string");
        else
            problem(&p, p.cur, "expected a block (datasource, generator, model, view, enum or "
                               "type), found %s", describe(&p, p.cur));
        skip_block(&p);
    }
    sg_arena_free(p.scratch);
}

const sg_prisma_attr *sg_prisma_attr_find(const sg_prisma_attrs *l, const char *name)
{
    for (size_t i = 0; i < l->len; i++)
        if (sg_str_eq_c(l->items[i].name, name))
            return &l->items[i];
    return NULL;
}

const sg_prisma_expr *sg_prisma_arg_find(const sg_prisma_args *l, const char *name, int pos)
{
    int k = 0;
    for (size_t i = 0; i < l->len; i++) {
        const sg_prisma_arg *g = &l->items[i];
        if (g->name.len) {
            if (name && sg_str_eq_c(g->name, name))
                return g->value;
        } else if (k++ == pos) {
            return g->value;
        }
    }
    return NULL;
}
