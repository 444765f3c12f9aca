/* blas_parallel.c: does OpenBLAS run concurrent single-threaded calls in parallel, and which
 * way of using two cores wastes least on the products of a training step? For each
 * reference model it records the products of one training step (at the full batch and at
 * half of it) and times them, GFLOP/s of the full step's products:
 *   1 caller        OpenBLAS 1 thread, the full step's products, one after the other
 *   blas N threads  OpenBLAS N threads, the same
 *   data-parallel   N pool ranks, each OpenBLAS single-threaded on its share of the batch
 *   row-split       N pool ranks split every product by rows (a run of same-shaped products,
 *                   the per-head attention ones, by index), a barrier after each
 * and, as a plain check, one 384x384x128 product repeated by 1 and by N concurrent callers.
 * Usage: blas_parallel [--threads N] [--seconds S] [--rounds R]   (a measurement, not a test) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "core/pool.h"
#include "core/rng.h"

#define TRACE_CAP 20000

static double seconds = 1.0;

struct job {
    const struct mm_trace *full, *share[POOL_MAX_THREADS];
    struct replay_buffers buf[POOL_MAX_THREADS];
    struct pool *pool;
    int mode; /* 0: each rank replays its share; 1: row split of `full` */
    long reps;
};

/* Rows [b, e) of call c: C's rows, and A's rows (N) or columns (T). */
static void run_rows(const struct mm_call *c, const struct replay_buffers *rb, long b, long e)
{
    if (e <= b)
        return;
    const float *a = c->ta == MM_N ? rb->a + b * c->lda : rb->a + b;
    mm(c->ta, c->tb, (int)(e - b), c->n, c->k, 1.0f, a, c->lda, rb->b, c->ldb, c->beta,
       rb->c + b * c->ldc, c->ldc);
}

static int same_shape(const struct mm_call *x, const struct mm_call *y)
{
    return x->ta == y->ta && x->tb == y->tb && x->m == y->m && x->n == y->n && x->k == y->k;
}

static void row_split(const struct mm_trace *t, const struct replay_buffers *rb, struct pool *p,
                      int rank, int size)
{
    for (int i = 0; i < t->count;) {
        int j = i + 1;
        while (j < t->count && same_shape(&t->calls[i], &t->calls[j]))
            j++;
        long b, e;
        if (j - i >= size) { /* a run of small products: split the run */
            pool_share(j - i, rank, size, &b, &e);
            for (long q = i + b; q < i + e; q++)
                run_rows(&t->calls[q], rb, 0, t->calls[q].m);
        } else {
            for (int q = i; q < j; q++) {
                pool_share(t->calls[q].m, rank, size, &b, &e);
                run_rows(&t->calls[q], rb, b, e);
            }
        }
        pool_barrier(p);
        i = j;
    }
}

static void job_fn(void *ctx, int rank, int size)
{
    struct job *j = ctx;
    for (long r = 0; r < j->reps; r++) {
        if (j->mode == 0)
            replay_run(j->share[rank], &j->buf[rank]);
        else
            row_split(j->full, &j->buf[0], j->pool, rank, size);
    }
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU seconds per wall second of the last timed(): about N when N ranks really ran at once
 * (a lock inside OpenBLAS that made them take turns would keep it near 1). On a machine
 * shared with other work it is lower, and GFLOP per CPU-second is the fairer comparison. */
static double last_cores;

/* GFLOP/s of `flops` per repetition, repeating until `seconds` have passed. */
static double timed(struct job *j, struct pool *p, double flops)
{
    j->reps = 1;
    pool_run(p, job_fn, j); /* warm-up: OpenBLAS buffers, caches */
    double t0 = bench_now(), c0 = cpu_now(), elapsed;
    long total = 0;
    do {
        pool_run(p, job_fn, j);
        total += j->reps;
        elapsed = bench_now() - t0;
        if (elapsed < seconds / 8)
            j->reps *= 2;
    } while (elapsed < seconds);
    last_cores = (cpu_now() - c0) / elapsed;
    return flops * total / elapsed / 1e9;
}

/* One training step at batch b, its products recorded into t. */
static int record_step(struct model *m, const struct bench_config *cfg, int b, struct mm_trace *t)
{
    int n = b * cfg->seq;
    int32_t *x = calloc((size_t)n, sizeof *x), *y = calloc((size_t)n, sizeof *y);
    struct rng r;
    rng_seed(&r, 1);
    for (int i = 0; x && y && i < n; i++) {
        x[i] = (int32_t)(rng_u32(&r) % (unsigned)m->vocab);
        y[i] = (int32_t)(rng_u32(&r) % (unsigned)m->vocab);
    }
    struct al_error err;
    struct step_stats s;
    t->count = t->dropped = 0;
    mm_trace_set(t);
    int bad = !x || !y || model_train_step(m, x, y, NULL, b, cfg->seq, &r, &s, &err) != AL_OK;
    mm_trace_set(NULL);
    free(x);
    free(y);
    return bad || t->dropped ? -1 : 0;
}

static int measure_model(const struct bench_config *cfg, int threads, int rounds)
{
    struct model *m = bench_model(cfg, 65);
    struct optim_config o;
    optim_config_default(&o, cfg->optim);
    struct rng r;
    rng_seed(&r, 1);
    struct al_error err;
    if (!m || model_compile(m, &o, cfg->batch, &r, &err) != AL_OK)
        return -1;
    static struct mm_trace full, share[POOL_MAX_THREADS];
    trace_init(&full, TRACE_CAP);
    blas_set_threads(1);
    if (record_step(m, cfg, cfg->batch, &full))
        return -1;
    double flops = trace_flops(&full);
    struct job j = {.full = &full};
    double shared_flops = 0;
    for (int k = 0; k < threads; k++) { /* shares as the data-parallel step splits the batch */
        long b, e;
        pool_share(cfg->batch, k, threads, &b, &e);
        trace_init(&share[k], TRACE_CAP);
        if (record_step(m, cfg, (int)(e - b), &share[k]))
            return -1;
        shared_flops += trace_flops(&share[k]);
        j.share[k] = &share[k];
        if (replay_alloc(&j.buf[k], &full))
            return -1;
    }
    printf("%s: %d products per step, %.3f GFLOP (shares: %.3f)\n", cfg->name, full.count,
           flops / 1e9, shared_flops / 1e9);
    struct pool *one, *many;
    if (pool_new(1, &one, &err) != AL_OK || pool_new(threads, &many, &err) != AL_OK)
        return -1;
    j.pool = many;
    for (int round = 0; round < rounds; round++) {
        struct mm_trace *mine[POOL_MAX_THREADS];
        memcpy(mine, j.share, sizeof mine);
        j.mode = 0;
        j.share[0] = &full;
        blas_set_threads(1);
        double g1 = timed(&j, one, flops);
        double c1 = last_cores;
        blas_set_threads(threads);
        double gb = timed(&j, one, flops);
        blas_set_threads(1);
        memcpy(j.share, mine, sizeof mine);
        double cb = last_cores;
        double gd = timed(&j, many, shared_flops);
        double cd = last_cores;
        j.mode = 1;
        double gr = timed(&j, many, flops);
        printf("  round %d, GFLOP/s (per CPU-second): 1 caller %5.1f (%5.1f)   blas %d threads "
               "%5.1f (%5.1f)   data-parallel %5.1f (%5.1f)   row-split %5.1f (%5.1f)\n",
               round + 1, g1, g1 / c1, threads, gb, gb / cb, gd, gd / cd, gr, gr / last_cores);
        fflush(stdout);
    }
    pool_free(one);
    pool_free(many);
    model_free(m);
    return 0;
}

static void square_check(int threads, int rounds)
{
    static struct mm_call call = {MM_N, MM_N, 384, 384, 128, 128, 384, 384, 0.0f};
    struct mm_trace t = {&call, 1, 1, 0};
    struct job j = {.mode = 0};
    for (int k = 0; k < threads; k++) {
        j.share[k] = &t;
        replay_alloc(&j.buf[k], &t);
    }
    struct pool *one, *many;
    struct al_error err;
    if (pool_new(1, &one, &err) != AL_OK || pool_new(threads, &many, &err) != AL_OK)
        return;
    blas_set_threads(1);
    double f = trace_flops(&t);
    for (int round = 0; round < rounds; round++) {
        double g1 = timed(&j, one, f), c1 = last_cores, gn = timed(&j, many, f * threads);
        printf("384x384x128 single-threaded sgemm: 1 caller %5.1f GFLOP/s (%.2f cores busy), "
               "%d concurrent callers %5.1f in total (%.2f cores busy): x%.2f\n",
               g1, c1, threads, gn, last_cores, gn / g1);
        fflush(stdout);
    }
    for (int k = 0; k < threads; k++)
        replay_free(&j.buf[k]);
    pool_free(one);
    pool_free(many);
}

int main(int argc, char **argv)
{
    int threads = cores_available(), rounds = 2;
    static const struct option longopts[] = {{"threads", required_argument, NULL, 't'},
                                             {"seconds", required_argument, NULL, 's'},
                                             {"rounds", required_argument, NULL, 'r'},
                                             {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "t:s:r:", longopts, NULL)) != -1) {
        if (c == 't')
            threads = atoi(optarg);
        else if (c == 's')
            seconds = atof(optarg);
        else if (c == 'r')
            rounds = atoi(optarg);
        else {
            fprintf(stderr, "usage: blas_parallel [--threads N] [--seconds S] [--rounds R]\n");
            return 2;
        }
    }
    if (threads < 1 || threads > POOL_MAX_THREADS) {
        fprintf(stderr, "blas_parallel: --threads must be in 1..%d\n", POOL_MAX_THREADS);
        return 2;
    }
    printf("OpenBLAS %s; %d threads; %d cores available\n", blas_config(), threads,
           cores_available());
    square_check(threads, rounds);
    if (measure_model(&bench_gpt, threads, rounds) || measure_model(&bench_lstm, threads, rounds)) {
        fprintf(stderr, "blas_parallel: cannot record a training step\n");
        return 1;
    }
    return 0;
}
