/* Parse trees of SQL statements kept between runs, for the language server: on each keystroke
 * the whole migration and its predecessors are linted again, but only the statement being
 * edited is new text. Keyed by the statement's exact text; the protobuf tree libpg_query gives
 * for it is position-independent (locations count from the statement's start). */
#ifndef SG_SQLCACHE_H
#define SG_SQLCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Starts caching (at most max_bytes of text and trees; the cache is emptied when full). */
void sg_sqlcache_enable(size_t max_bytes);
/** Stops caching and frees every entry. */
void sg_sqlcache_disable(void);
bool sg_sqlcache_enabled(void);
/** The cached tree of text[0, n) into a malloc'd copy (*tree, *len), or false. Thread-safe. */
bool sg_sqlcache_get(const char *text, size_t n, uint8_t **tree, size_t *len);
/** Remembers the tree of text[0, n) (both are copied). Thread-safe. */
void sg_sqlcache_put(const char *text, size_t n, const uint8_t *tree, size_t len);
/** Entries, lookups that hit, lookups in all (tests and benchmarks). */
void sg_sqlcache_stats(size_t *entries, size_t *hits, size_t *lookups);

#endif
