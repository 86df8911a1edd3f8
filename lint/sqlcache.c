/* The statement parse cache (see sqlcache.h): an open-addressing table of malloc'd entries
 * behind one mutex (parsing runs on every core). Full means emptied, not evicted one by one:
 * an editor session touches a few migrations, and refilling them costs one cold keystroke. */
#include "sqlcache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

typedef struct entry {
    uint64_t hash;
    size_t n, len;
    char *text;
    uint8_t *tree;
} entry;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static entry *slots;
static size_t cap, count, bytes, max_bytes, hits, lookups;
static bool enabled;

static uint64_t hash_text(const char *s, size_t n)
{
    return sg_hash(SG_HASH_START, s, n) | 1; /* 0 marks an empty slot */
}

static void clear_locked(void)
{
    for (size_t i = 0; i < cap; i++) {
        free(slots[i].text);
        free(slots[i].tree);
    }
    free(slots);
    slots = NULL;
    cap = count = bytes = 0;
}

void sg_sqlcache_enable(size_t limit)
{
    pthread_mutex_lock(&mu);
    enabled = true;
    max_bytes = limit;
    pthread_mutex_unlock(&mu);
}

void sg_sqlcache_disable(void)
{
    pthread_mutex_lock(&mu);
    clear_locked();
    enabled = false;
    hits = lookups = 0;
    pthread_mutex_unlock(&mu);
}

bool sg_sqlcache_enabled(void)
{
    pthread_mutex_lock(&mu);
    bool on = enabled;
    pthread_mutex_unlock(&mu);
    return on;
}

static entry *find_locked(uint64_t h, const char *text, size_t n)
{
    if (!cap)
        return NULL;
    for (size_t i = (size_t)h & (cap - 1); slots[i].hash; i = (i + 1) & (cap - 1))
        if (slots[i].hash == h && slots[i].n == n && memcmp(slots[i].text, text, n) == 0)
            return &slots[i];
    return NULL;
}

bool sg_sqlcache_get(const char *text, size_t n, uint8_t **tree, size_t *len)
{
    uint64_t h = hash_text(text, n);
    pthread_mutex_lock(&mu);
    lookups++;
    entry *e = enabled ? find_locked(h, text, n) : NULL;
    if (e) {
        hits++;
        *tree = sg_xmalloc(e->len);
        memcpy(*tree, e->tree, e->len);
        *len = e->len;
    }
    pthread_mutex_unlock(&mu);
    return e != NULL;
}

static void insert_locked(entry e)
{
    size_t i = (size_t)e.hash & (cap - 1);
    while (slots[i].hash)
        i = (i + 1) & (cap - 1);
    slots[i] = e;
    count++;
}

void sg_sqlcache_put(const char *text, size_t n, const uint8_t *tree, size_t len)
{
    uint64_t h = hash_text(text, n);
    pthread_mutex_lock(&mu);
    if (!enabled || find_locked(h, text, n) || n + len > max_bytes) {
        pthread_mutex_unlock(&mu);
        return;
    }
    if (bytes + n + len > max_bytes)
        clear_locked();
    if ((count + 1) * 2 > cap) {
        entry *old = slots;
        size_t old_cap = cap;
        cap = cap ? cap * 2 : 256;
        slots = sg_xmalloc(cap * sizeof *slots);
        memset(slots, 0, cap * sizeof *slots);
        count = 0;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].hash)
                insert_locked(old[i]);
        free(old);
    }
    entry e = {h, n, len, sg_xmalloc(n), sg_xmalloc(len)};
    memcpy(e.text, text, n);
    memcpy(e.tree, tree, len);
    insert_locked(e);
    bytes += n + len;
    pthread_mutex_unlock(&mu);
}

void sg_sqlcache_stats(size_t *entries, size_t *nhits, size_t *nlookups)
{
    pthread_mutex_lock(&mu);
    *entries = count;
    *nhits = hits;
    *nlookups = lookups;
    pthread_mutex_unlock(&mu);
}
