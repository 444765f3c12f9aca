/* pool.c: the worker pool. One dispatch per pool_run: the caller publishes the function and
 * bumps a generation counter; workers sleep on a condition variable between runs, so an idle
 * pool costs nothing on a machine shared with other programs. Before sleeping, a worker (and
 * the caller waiting for the workers) spins for a few tens of microseconds: generation runs
 * dozens of small jobs a token, and a sleep and a wake-up each would cost more than the job. */
#include "core/pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

/* Rounds of the spin before sleeping: some tens of microseconds, about the gap between two
 * products of one generated position. Longer would burn the CPU share of a program whose
 * other thread is waiting for a core. */
#define SPIN_ROUNDS 1000

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

struct pool {
    int size;
    pthread_t threads[POOL_MAX_THREADS];
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    atomic_ulong generation; /* bumped by each pool_run (under the lock) */
    atomic_int running;      /* workers still inside the current run */
    int quit;
    pool_fn fn;
    void *ctx;
    pthread_barrier_t barrier;
    /* pool_for: the current loop's chunks, claimed by whoever comes; claim holds the loop's
     * tag (high 32 bits) and the next unclaimed chunk, so that a late worker can never claim a
     * chunk of a loop that is over */
    int is_for; /* the current generation is a pool_for */
    pool_chunk_fn chunk_fn;
    void *chunk_ctx;
    long nchunks;
    unsigned long long tag;
    atomic_ullong claim;
    atomic_long finished; /* chunks of the current loop done */
};

struct worker_arg {
    struct pool *pool;
    int rank;
};

static _Thread_local int current_rank; /* 0 on every thread that is not a pool worker */

int pool_current_rank(void)
{
    return current_rank;
}

/* Claims and runs chunks of loop `tag` until none is left. A worker counts each chunk it
 * finishes under the lock, which hands what it wrote to the caller (who takes the lock
 * before returning) in a way every tool sees, helgrind included; a chunk costs far more. */
static void claim_chunks(struct pool *p, unsigned long long tag, pool_chunk_fn fn, void *ctx,
                         long n, int worker)
{
    unsigned long long w = atomic_load(&p->claim);
    while (w >> 32 == tag && (long)(w & 0xffffffffu) < n) {
        if (!atomic_compare_exchange_weak(&p->claim, &w, w + 1))
            continue; /* w now holds the current value */
        fn(ctx, (long)(w & 0xffffffffu));
        if (worker) {
            pthread_mutex_lock(&p->lock);
            if (atomic_fetch_add(&p->finished, 1) + 1 == n) /* the caller may be asleep */
                pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->lock);
        } else {
            atomic_fetch_add(&p->finished, 1);
        }
        w = atomic_load(&p->claim);
    }
}

static void *worker_main(void *arg)
{
    struct pool *p = ((struct worker_arg *)arg)->pool;
    int rank = ((struct worker_arg *)arg)->rank;
    free(arg);
    current_rank = rank;
    unsigned long seen = 0;
    for (;;) {
        for (int k = 0; k < SPIN_ROUNDS && atomic_load(&p->generation) == seen; k++)
            cpu_relax();
        pthread_mutex_lock(&p->lock);
        while (p->generation == seen && !p->quit)
            pthread_cond_wait(&p->wake, &p->lock);
        if (p->quit) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        seen = p->generation;
        if (p->is_for) { /* no count of workers: the caller waits for the chunks alone */
            unsigned long long tag = atomic_load(&p->claim) >> 32;
            pool_chunk_fn cf = p->chunk_fn;
            void *cc = p->chunk_ctx;
            long n = p->nchunks;
            pthread_mutex_unlock(&p->lock);
            claim_chunks(p, tag, cf, cc, n, 1);
            continue;
        }
        pool_fn fn = p->fn;
        void *ctx = p->ctx;
        pthread_mutex_unlock(&p->lock);
        fn(ctx, rank, p->size);
        pthread_mutex_lock(&p->lock);
        if (--p->running == 0)
            pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->lock);
    }
}

enum al_status pool_new(int threads, struct pool **out, struct al_error *err)
{
    if (threads < 1 || threads > POOL_MAX_THREADS)
        return al_fail(err, AL_EINVAL, "threads must be in 1..%d, not %d", POOL_MAX_THREADS,
                       threads);
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return al_fail(err, AL_ENOMEM, "out of memory for a pool of %d threads", threads);
    p->size = threads;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    pthread_barrier_init(&p->barrier, NULL, (unsigned)threads);
    for (int r = 1; r < threads; r++) {
        struct worker_arg *a = malloc(sizeof *a);
        if (a) {
            a->pool = p;
            a->rank = r;
        }
        if (!a || pthread_create(&p->threads[r], NULL, worker_main, a) != 0) {
            free(a);
            p->size = r; /* the threads started so far are joined by pool_free */
            pool_free(p);
            return al_fail(err, AL_ENOMEM, "cannot start worker thread %d of %d", r, threads);
        }
    }
    *out = p;
    return AL_OK;
}

void pool_free(struct pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (int r = 1; r < p->size; r++)
        pthread_join(p->threads[r], NULL);
    pthread_barrier_destroy(&p->barrier);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

int pool_size(const struct pool *p)
{
    return p ? p->size : 1;
}

void pool_run(struct pool *p, pool_fn fn, void *ctx)
{
    if (!p || p->size == 1) {
        fn(ctx, 0, 1);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->is_for = 0;
    p->fn = fn;
    p->ctx = ctx;
    p->running = p->size - 1;
    p->generation++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    fn(ctx, 0, p->size);
    for (int k = 0; k < SPIN_ROUNDS && atomic_load(&p->running) > 0; k++)
        cpu_relax();
    pthread_mutex_lock(&p->lock);
    while (p->running > 0)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pool_for(struct pool *p, long n, pool_chunk_fn fn, void *ctx)
{
    if (!p || p->size == 1 || n <= 1 || n >= 0x7fffffffL) {
        for (long c = 0; c < n; c++)
            fn(ctx, c);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->is_for = 1;
    p->chunk_fn = fn;
    p->chunk_ctx = ctx;
    p->nchunks = n;
    unsigned long long tag = ++p->tag & 0xffffffffu;
    atomic_store(&p->finished, 0);
    atomic_store(&p->claim, tag << 32);
    p->generation++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    claim_chunks(p, tag, fn, ctx, n, 0);
    /* a worker may still be inside its last chunk; one that has not come does not matter */
    for (int k = 0; k < SPIN_ROUNDS && atomic_load(&p->finished) < n; k++)
        cpu_relax();
    pthread_mutex_lock(&p->lock);
    while (atomic_load(&p->finished) < n)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pool_barrier(struct pool *p)
{
    if (p && p->size > 1)
        pthread_barrier_wait(&p->barrier);
}

int cores_available(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    int n = CPU_COUNT(&set);
    return n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : n;
}

int threads_default(void)
{
    const char *env = getenv("ATTNLAB_THREADS");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (*end == '\0' && n >= 1 && n <= POOL_MAX_THREADS)
            return (int)n;
    }
    return cores_available();
}

void pool_share(long n, int rank, int size, long *begin, long *end)
{
    long base = n / size, extra = n % size;
    *begin = rank * base + (rank < extra ? rank : extra);
    *end = *begin + base + (rank < extra ? 1 : 0);
}
