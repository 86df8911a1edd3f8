/* Arena-backed growable arrays. A vector is a struct {T *items; size_t len, cap;}; pushing may
 * move items, so keep indexes, not pointers, across pushes (or store pointers to objects). */
#ifndef SG_VEC_H
#define SG_VEC_H

#include <stdlib.h>

#include "arena.h"

/* qsort with an empty or NULL array is undefined behaviour (UBSan stops on it): sort only what
 * has something to sort. */
static inline void sg_qsort(void *base, size_t n, size_t size,
                            int (*cmp)(const void *, const void *))
{
    if (base && n > 1)
        qsort(base, n, size, cmp);
}

#define SG_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *items;                                                                                  \
        size_t len, cap;                                                                           \
    }

#define sg_vec_push(a, v, x)                                                                       \
    do {                                                                                           \
        if ((v)->len == (v)->cap) {                                                                \
            size_t ncap_ = (v)->cap ? (v)->cap * 2 : 8;                                            \
            (v)->items = sg_arena_grow((a), (v)->items, (v)->len * sizeof *(v)->items,             \
                                       ncap_ * sizeof *(v)->items);                                \
            (v)->cap = ncap_;                                                                      \
        }                                                                                          \
        (v)->items[(v)->len++] = (x);                                                              \
    } while (0)

#endif
