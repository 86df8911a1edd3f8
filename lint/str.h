/* String slices: {ptr, len} views into arena-held text, never NUL-terminated by contract. */
#ifndef SG_STR_H
#define SG_STR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct sg_str {
    const char *ptr;
    size_t len;
} sg_str;

#define SG_STR_FMT(s) (int)(s).len, (s).ptr
#define SG_STR_NULL ((sg_str){NULL, 0})

sg_str sg_str_c(const char *s);
bool sg_str_eq(sg_str a, sg_str b);
bool sg_str_eq_c(sg_str a, const char *b);
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

#endif
