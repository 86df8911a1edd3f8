/* Bump allocator over a chain of blocks; or, in arena_debug builds, one malloc per allocation
 * kept on a list so ASan and Valgrind can check each one. No individual frees. */
#include "arena.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16u
#define BLOCK 65536u
#define FIRST_BLOCK 4096u

typedef struct block {
    struct block *next;
    size_t cap, used;
    bool standard; /* a block of the arena's own growth, not one large allocation */
    _Alignas(16) unsigned char data[];
} block;

typedef struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
} deferred;

struct sg_arena {
    block *head;
    deferred *defers;
    size_t total;
    size_t next_block; /* size of the next standard block; 0 = FIRST_BLOCK */
    bool freeing;
};

void *sg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("schemaguard: out of memory\n", stderr);
        abort();
    }
    return p;
}

sg_arena *sg_arena_new(void)
{
    sg_arena *a = sg_xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    return a;
}

void sg_arena_reset(sg_arena *a)
{
    if (!a)
        return;
    while (a->defers) {
        deferred *d = a->defers;
        a->defers = d->next;
        d->fn(d->p);
    }
    block *b = a->head;
    a->head = NULL;
#ifndef SG_ARENA_DEBUG
    /* A reset arena is about to be used again (the scratch arena of each statement, the LSP
     * document of each edit): one standard block is kept, so the next round does not go back
     * to malloc and the kernel for the same memory. */
    if (b && b->standard && !a->freeing) {
        block *keep = b;
        b = b->next;
        keep->next = NULL;
        keep->used = 0;
        a->head = keep;
    }
#endif
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    a->total = 0;
}

void sg_arena_free(sg_arena *a)
{
    if (!a)
        return;
    a->freeing = true;
    sg_arena_reset(a);
    free(a);
}

#ifdef SG_ARENA_DEBUG
void *sg_arena_alloc(sg_arena *a, size_t n)
{
    block *b = sg_xmalloc(sizeof *b + n);
    b->cap = b->used = n;
    b->next = a->head;
    a->head = b;
    a->total += n;
    memset(b->data, 0, n);
    return b->data;
}
#else
void *sg_arena_alloc(sg_arena *a, size_t n)
{
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        /* Blocks start small and double up to BLOCK: most arenas hold one small source and a
         * few changes, and a 64 KiB first block would be fresh pages for every file. */
        size_t std = a->next_block ? a->next_block : FIRST_BLOCK;
        bool standard = n <= std / 4;
        size_t cap = standard ? std : n;
        block *nb = sg_xmalloc(sizeof *nb + cap);
        nb->cap = cap;
        nb->used = 0;
        nb->standard = standard;
        if (standard && std < BLOCK)
            a->next_block = std * 2;
        if (b && !standard) {
            /* A large allocation gets its own block behind the current one, so the
             * current block's free space is not wasted. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}
#endif

void *sg_arena_grow(sg_arena *a, void *old, size_t old_n, size_t new_n)
{
    void *p = sg_arena_alloc(a, new_n);
    if (old && old_n)
        memcpy(p, old, old_n < new_n ? old_n : new_n);
    return p;
}

char *sg_arena_strndup(sg_arena *a, const char *s, size_t n)
{
    char *p = sg_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sg_arena_strdup(sg_arena *a, const char *s)
{
    return sg_arena_strndup(a, s, strlen(s));
}

char *sg_arena_vprintf(sg_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    char *p = sg_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sg_arena_printf(sg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = sg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void sg_arena_defer(sg_arena *a, void (*fn)(void *), void *p)
{
    deferred *d = sg_arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
}

size_t sg_arena_used(const sg_arena *a)
{
    return a->total;
}
