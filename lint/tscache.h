/* TypeScript trees kept between parses: the code rules and the Drizzle frontend read the same
 * file in one run, and the language server reads it again on every keystroke. A parse under a
 * key (path, version, language) starts from the last tree parsed under that key: identical
 * text gives that tree again, other text an incremental parse after one edit. */
#ifndef SG_TSCACHE_H
#define SG_TSCACHE_H

#include <stdint.h>

#include <tree_sitter/api.h>

/** Keeps at most `entries` trees (least recently used go first); 0 turns caching off and frees
 *  every entry. Off at start. */
void sg_tscache_set_size(int entries);
/** Parses text[0, len) with p (language and timeout already set), reusing the tree kept under
 *  key when there is one. Returns a tree the caller deletes, or NULL when the parse gave up (its
 *  time bound; the same text then gives up at once).
 *  Thread-safe. */
TSTree *sg_tscache_parse(TSParser *p, const char *key, const char *text, uint32_t len);
/** Parses that reused a tree as it was, incremental parses, and fresh parses (tests). */
void sg_tscache_stats(unsigned long *same, unsigned long *incremental, unsigned long *fresh);

#endif
