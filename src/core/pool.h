/* pool.h: a small pool of worker threads that run one function on every rank at once.
 * The caller is rank 0 and works too; pool_run returns when every rank has finished. A
 * pool of size 1 starts no thread and runs the function inline. While a pool of size > 1
 * works, OpenBLAS must run single-threaded (see matmul.h's blas_set_threads): its own
 * threads would otherwise compete with the pool's for the same cores. */
#ifndef ATTNLAB_CORE_POOL_H
#define ATTNLAB_CORE_POOL_H

#include "core/status.h"

#define POOL_MAX_THREADS 256

struct pool;

typedef void (*pool_fn)(void *ctx, int rank, int size);

/* A pool of `threads` ranks (1..POOL_MAX_THREADS), threads - 1 of them new threads. */
enum al_status pool_new(int threads, struct pool **out, struct al_error *err);
void pool_free(struct pool *p);
int pool_size(const struct pool *p);

/* Runs fn(ctx, rank, size) on every rank, rank 0 on the calling thread; returns when all
 * have returned. Not reentrant: fn must not call pool_run on the same pool. */
void pool_run(struct pool *p, pool_fn fn, void *ctx);

/* Runs fn(ctx, c) once for every chunk c in 0..n-1, on the caller and on whichever workers
 * come: each takes the next chunk until none is left, and the call returns when all are
 * done. Unlike pool_run, the caller never waits for a worker that has not started (one
 * that another program keeps off its core): it does the chunks itself. For many small
 * jobs in a row, such as the products of one position in generation. */
typedef void (*pool_chunk_fn)(void *ctx, long chunk);
void pool_for(struct pool *p, long n, pool_chunk_fn fn, void *ctx);

/* Inside fn: waits until every rank of the running pool_run has reached the barrier. */
void pool_barrier(struct pool *p);

/* The rank of the calling thread inside pool_run (0 outside, and for the caller). */
int pool_current_rank(void);

/* The cores this process may run on (sched_getaffinity), at least 1. */
int cores_available(void);
/* The default thread count: $ATTNLAB_THREADS when it is a number in 1..POOL_MAX_THREADS
 * (the tests fix it to 1), else cores_available(). */
int threads_default(void);

/* [*begin, *end): rank's share of n items split into `size` nearly equal contiguous
 * ranges, the first n % size ranges one longer. */
void pool_share(long n, int rank, int size, long *begin, long *end);

#endif
