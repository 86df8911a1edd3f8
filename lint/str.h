/* String slices: {ptr, len} views into arena-held text, never NUL-terminated by contract. */
#ifndef SG_STR_H
#define SG_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

typedef struct sg_str {
    const char *ptr;
    size_t len;
} sg_str;

#define SG_STR_FMT(s) (int)(s).len, (s).ptr
#define SG_STR_NULL ((sg_str){NULL, 0})

/* Inline: these are the model's and the frontends' innermost comparisons, and a literal's
 * length folds to a constant. */
static inline sg_str sg_str_c(const char *s)
{
    return (sg_str){s, s ? strlen(s) : 0};
}

static inline bool sg_str_eq(sg_str a, sg_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool sg_str_eq_c(sg_str a, const char *b)
{
    return sg_str_eq(a, sg_str_c(b));
}

/** ASCII case-insensitive equality. */
bool sg_str_ieq_c(sg_str a, const char *b);
bool sg_str_starts_c(sg_str a, const char *prefix);
bool sg_str_ends_c(sg_str a, const char *suffix);
/** A NUL-terminated copy in the arena. */
char *sg_str_cstr(sg_arena *a, sg_str s);
sg_str sg_str_dup(sg_arena *a, sg_str s);
sg_str sg_str_trim(sg_str s);
/** The value of a hexadecimal digit, or -1. */
int sg_str_hexdigit(char c);

/** FNV-1a: the start value, and n more bytes folded into h. One hash for the hash tables (paths,
 *  tables, names, cached statements) and the SARIF fingerprints, which must not change. */
#define SG_HASH_START 0xcbf29ce484222325ULL
uint64_t sg_hash(uint64_t h, const void *p, size_t n);

#endif
