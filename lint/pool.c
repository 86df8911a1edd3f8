/* Worker threads for a run (see pool.h): a generation counter announces each batch, an atomic
 * index hands out its items, and the caller works too and waits for the others at the end. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define MAX_THREADS 7

typedef struct thread_arg {
    sg_pool *p;
    int worker;
} thread_arg;

struct sg_pool {
    pthread_mutex_t mu;
    thread_arg args[MAX_THREADS];
    pthread_cond_t go, done;
    unsigned generation; /* bumped for each batch */
    int busy;            /* threads still on the current batch */
    bool quit;
    int nthreads;
    pthread_t th[MAX_THREADS];
    /* the current batch */
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ctx, int worker, size_t i);
    void *ctx;
};

static void drain(sg_pool *p, int worker)
{
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return;
        p->fn(p->ctx, worker, i);
    }
}

static void *thread_main(void *arg)
{
    thread_arg *a = arg;
    sg_pool *p = a->p;
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->quit && p->generation == seen)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        drain(p, a->worker);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0)
            pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
}

sg_pool *sg_pool_new(int threads)
{
    sg_pool *p = sg_xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    for (int i = 0; i < threads; i++) {
        p->args[p->nthreads] = (thread_arg){p, p->nthreads + 1};
        if (pthread_create(&p->th[p->nthreads], NULL, thread_main, &p->args[p->nthreads]) == 0)
            p->nthreads++;
    }
    return p;
}

int sg_pool_workers(const sg_pool *p)
{
    return p->nthreads + 1;
}

void sg_pool_run(sg_pool *p, size_t n, void (*fn)(void *ctx, int worker, size_t i), void *ctx)
{
    p->n = n;
    atomic_store(&p->next, 0);
    p->fn = fn;
    p->ctx = ctx;
    if (p->nthreads == 0 || n < 2) {
        drain(p, 0);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->busy = p->nthreads;
    p->generation++;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    drain(p, 0);
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void sg_pool_free(sg_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->th[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
    free(p);
}
