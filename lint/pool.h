/* A fixed set of worker threads, started once per run and given one batch of items at a time:
 * a migration directory is parsed in chunks, and starting threads for each chunk costs more
 * (stacks, per-thread malloc arenas) than the chunk's work on small directories. */
#ifndef SG_POOL_H
#define SG_POOL_H

#include <stddef.h>

typedef struct sg_pool sg_pool;

/** A pool with `threads` worker threads besides the caller (0: the caller does everything;
 *  threads that fail to start are simply not there). */
sg_pool *sg_pool_new(int threads);
/** Workers in all: the threads plus the caller, which is worker 0. */
int sg_pool_workers(const sg_pool *p);
/** Calls fn(ctx, worker, i) once for every i in [0, n), spread over the workers, and returns
 *  when all calls have returned. */
void sg_pool_run(sg_pool *p, size_t n, void (*fn)(void *ctx, int worker, size_t i), void *ctx);
/** Stops and joins the threads. NULL is allowed. */
void sg_pool_free(sg_pool *p);

#endif
