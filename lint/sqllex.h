/* A small SQL tokenizer over raw text: strings ('', E'', $tag$), quoted identifiers, comments.
 * Used to find clause spans the parse tree does not carry, to pick which statements need a
 * parse tree at all, and to find suppression comments outside strings. */
#ifndef SG_SQLLEX_H
#define SG_SQLLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sg_sqltok_kind {
    SG_SQLTOK_EOF = 0,
    SG_SQLTOK_WORD,
    SG_SQLTOK_QIDENT,
    SG_SQLTOK_STRING,
    SG_SQLTOK_NUMBER,
    SG_SQLTOK_PUNCT,
    SG_SQLTOK_COMMENT,   /* only when the lexer is asked for comments */
    SG_SQLTOK_UNTERMINATED,
} sg_sqltok_kind;

typedef struct sg_sqltok {
    sg_sqltok_kind kind;
    uint32_t start, end;
} sg_sqltok;

typedef struct sg_sqllex {
    const char *s;
    uint32_t pos, end;
    bool comments;
} sg_sqllex;

static inline sg_sqllex sg_sqllex_make(const char *s, uint32_t start, uint32_t end, bool comments)
{
    return (sg_sqllex){s, start, end, comments};
}

sg_sqltok sg_sqllex_next(sg_sqllex *lx);
/** Case-insensitive comparison of a WORD token with a keyword. */
bool sg_sqltok_is(const char *s, sg_sqltok t, const char *kw);
/** The first offset at or after start that is not whitespace or a comment. */
uint32_t sg_sqllex_skip_space(const char *s, uint32_t start, uint32_t end);
/** The end of the statement that starts at `start`: the offset of its terminating `;` (outside
 *  strings, quoted identifiers and comments), or `end`. Sets *unterminated when a string,
 *  identifier or comment runs past `end`. */
uint32_t sg_sqllex_statement_end(sg_sqllex *lx, bool *unterminated);

#endif
