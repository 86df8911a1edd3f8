/* Arenas: every object born for one run (or one editor buffer version) dies with its arena.
 * Allocation never fails (out-of-memory aborts), so callers never check for NULL.
 * With -Darena_debug=true every allocation is its own malloc, so ASan sees overflows. */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sg_arena sg_arena;

/** A new, empty arena. Free it with sg_arena_free. */
sg_arena *sg_arena_new(void);
/** Runs the deferred functions (last registered first) and releases every block. NULL is a no-op. */
void sg_arena_free(sg_arena *a);
/** As sg_arena_free, but the arena stays usable. */
void sg_arena_reset(sg_arena *a);
/** n zeroed bytes, max-aligned, valid until the arena is reset or freed. */
void *sg_arena_alloc(sg_arena *a, size_t n);
/** malloc for what outlives every arena (caches across runs): out of memory ends the process
 *  with a message, as arena allocation does. */
void *sg_xmalloc(size_t n);
/** Grows an arena array: returns a copy of old (old_n bytes) in a block of new_n bytes. */
void *sg_arena_grow(sg_arena *a, void *old, size_t old_n, size_t new_n);
/** A NUL-terminated copy of the n bytes at s. */
char *sg_arena_strndup(sg_arena *a, const char *s, size_t n);
char *sg_arena_strdup(sg_arena *a, const char *s);
char *sg_arena_printf(sg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sg_arena_vprintf(sg_arena *a, const char *fmt, va_list ap);
/** Calls fn(p) when the arena is reset or freed: for foreign objects with their own allocator. */
void sg_arena_defer(sg_arena *a, void (*fn)(void *), void *p);
/** Bytes handed out so far (for benchmarks and the memory-flatness test). */
size_t sg_arena_used(const sg_arena *a);

#endif
