/* The TypeScript tree cache (see tscache.h): a small LRU list behind one mutex. Parsing happens
 * outside the lock on a copy of the kept tree (tree-sitter copies are cheap and may be used on
 * another thread); the edit between the old and the new text is their common prefix and
 * suffix, which covers a keystroke or a paste. */
#include "tscache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct entry {
    char *key;
    char *text;
    uint32_t len;
    TSTree *tree;
    unsigned long used; /* LRU clock */
} entry;

#define MAX_ENTRIES 64

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static entry entries[MAX_ENTRIES];
static int size; /* 0: off */
static unsigned long clock_, same, incremental, fresh;

static void drop(entry *e)
{
    free(e->key);
    free(e->text);
    if (e->tree)
        ts_tree_delete(e->tree);
    memset(e, 0, sizeof *e);
}

void sg_tscache_set_size(int n)
{
    pthread_mutex_lock(&mu);
    if (n > MAX_ENTRIES)
        n = MAX_ENTRIES;
    if (n < 0)
        n = 0;
    for (int i = n; i < MAX_ENTRIES; i++)
        if (entries[i].key)
            drop(&entries[i]);
    size = n;
    pthread_mutex_unlock(&mu);
}

/* Row and byte column of offset `at` in text. */
static TSPoint point_at(const char *text, uint32_t at)
{
    TSPoint pt = {0, 0};
    uint32_t line_start = 0;
    for (const char *s = text, *end = text + at; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break;
        pt.row++;
        line_start = (uint32_t)(nl - text) + 1;
        s = nl + 1;
    }
    pt.column = at - line_start;
    return pt;
}

/* The edit that turns old[0, olen) into new[0, nlen): everything between the common prefix and
 * the common suffix is replaced. */
static TSInputEdit edit_between(const char *old, uint32_t olen, const char *new_, uint32_t nlen)
{
    uint32_t pre = 0, max = olen < nlen ? olen : nlen;
    while (pre < max && old[pre] == new_[pre])
        pre++;
    uint32_t suf = 0;
    while (suf < max - pre && old[olen - 1 - suf] == new_[nlen - 1 - suf])
        suf++;
    TSInputEdit e = {pre, olen - suf, nlen - suf, point_at(old, pre), point_at(old, olen - suf),
                     point_at(new_, nlen - suf)};
    return e;
}

static entry *find_locked(const char *key)
{
    for (int i = 0; i < size; i++)
        if (entries[i].key && strcmp(entries[i].key, key) == 0)
            return &entries[i];
    return NULL;
}

TSTree *sg_tscache_parse(TSParser *p, const char *key, const char *text, uint32_t len)
{
    TSTree *old = NULL;
    char *old_text = NULL;
    uint32_t old_len = 0;
    pthread_mutex_lock(&mu);
    entry *e = size ? find_locked(key) : NULL;
    if (e && e->len == len && memcmp(e->text, text, len) == 0) {
        /* a text whose parse gave up (its time bound) gives up again at once */
        TSTree *t = e->tree ? ts_tree_copy(e->tree) : NULL;
        e->used = ++clock_;
        same++;
        pthread_mutex_unlock(&mu);
        return t;
    }
    if (e && e->tree) {
        old = ts_tree_copy(e->tree);
        old_text = sg_xmalloc(e->len);
        memcpy(old_text, e->text, e->len);
        old_len = e->len;
    }
    bool on = size > 0;
    pthread_mutex_unlock(&mu);

    bool reused = old != NULL;
    if (old) {
        TSInputEdit ed = edit_between(old_text, old_len, text, len);
        ts_tree_edit(old, &ed);
    }
    TSTree *t = ts_parser_parse_string(p, old, text, len);
    if (old)
        ts_tree_delete(old);
    free(old_text);
    if (!on)
        return t;

    pthread_mutex_lock(&mu);
    if (size > 0) {
        entry *slot = find_locked(key);
        if (!slot) {
            /* an empty slot, or the least recently used one */
            slot = &entries[0];
            for (int i = 0; i < size; i++) {
                if (!entries[i].key) {
                    slot = &entries[i];
                    break;
                }
                if (entries[i].used < slot->used)
                    slot = &entries[i];
            }
        }
        drop(slot);
        slot->key = sg_xmalloc(strlen(key) + 1);
        memcpy(slot->key, key, strlen(key) + 1);
        slot->text = sg_xmalloc(len);
        memcpy(slot->text, text, len);
        slot->len = len;
        slot->tree = t ? ts_tree_copy(t) : NULL;
        slot->used = ++clock_;
        if (reused)
            incremental++;
        else
            fresh++;
    }
    pthread_mutex_unlock(&mu);
    return t;
}

void sg_tscache_stats(unsigned long *s, unsigned long *inc, unsigned long *f)
{
    pthread_mutex_lock(&mu);
    *s = same;
    *inc = incremental;
    *f = fresh;
    pthread_mutex_unlock(&mu);
}
