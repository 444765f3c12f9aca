/* check_parallel.c: the worker pool (pool_run, pool_for), the one-row products split over it,
 * and the in-process replica group. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/matmul.h"
#include "core/pool.h"
#include "core/replica.h"
#include "core/rng.h"

static struct pool *make_pool(int n)
{
    struct pool *p = NULL;
    struct al_error err;
    ck_assert_int_eq(pool_new(n, &p, &err), AL_OK);
    ck_assert_int_eq(pool_size(p), n);
    return p;
}

/* pool_share: the ranges are contiguous, cover 0..n exactly once and differ by at most 1. */
START_TEST(test_share_covers_range)
{
    for (int size = 1; size <= 7; size++)
        for (long n = 0; n <= 23; n++) {
            long next = 0, lo = n, hi = 0;
            for (int r = 0; r < size; r++) {
                long b, e;
                pool_share(n, r, size, &b, &e);
                ck_assert_int_eq(b, next);
                ck_assert_int_le(b, e);
                lo = e - b < lo ? e - b : lo;
                hi = e - b > hi ? e - b : hi;
                next = e;
            }
            ck_assert_int_eq(next, n);
            ck_assert_int_le(hi - lo, 1);
        }
}
END_TEST

struct count_ctx {
    int calls[POOL_MAX_THREADS];
    int sizes[POOL_MAX_THREADS];
    int before[POOL_MAX_THREADS], after[POOL_MAX_THREADS];
    int arrived;
    struct pool *pool;
};

/* Each rank records its call; the barrier separates two phases: after it, every rank must
 * see every other rank's first-phase mark. */
static void count_fn(void *ctx, int rank, int size)
{
    struct count_ctx *c = ctx;
    c->calls[rank]++;
    c->sizes[rank] = size;
    c->before[rank] = 1;
    pool_barrier(c->pool);
    int seen = 0;
    for (int r = 0; r < size; r++)
        seen += c->before[r];
    c->after[rank] = seen;
}

START_TEST(test_run_every_rank_once)
{
    for (int n = 1; n <= 4; n++) {
        struct pool *p = make_pool(n);
        for (int round = 1; round <= 50; round++) {
            struct count_ctx c;
            memset(&c, 0, sizeof c);
            c.pool = p;
            pool_run(p, count_fn, &c);
            for (int r = 0; r < n; r++) {
                ck_assert_int_eq(c.calls[r], 1);
                ck_assert_int_eq(c.sizes[r], n);
                ck_assert_int_eq(c.after[r], n);
            }
            ck_assert_int_eq(c.calls[n], 0);
        }
        pool_free(p);
    }
}
END_TEST

struct chunk_ctx {
    int hits[1000];
    long n;
};

static void chunk_fn(void *ctx, long chunk)
{
    struct chunk_ctx *c = ctx;
    ck_assert_int_lt(chunk, c->n);
    __atomic_fetch_add(&c->hits[chunk], 1, __ATOMIC_RELAXED);
}

/* pool_for runs every chunk exactly once, whoever takes it, also between pool_runs and with
 * one chunk or none; a late worker never touches a loop that is over. */
START_TEST(test_for_every_chunk_once)
{
    for (int threads = 1; threads <= 3; threads++) {
        struct pool *p = make_pool(threads);
        for (int round = 0; round < 300; round++) {
            struct chunk_ctx c;
            memset(&c, 0, sizeof c);
            c.n = round % 7 == 0 ? round % 2 : 1 + (round * 37) % 999;
            pool_for(p, c.n, chunk_fn, &c);
            for (long k = 0; k < c.n; k++)
                ck_assert_int_eq(c.hits[k], 1);
            if (round % 50 == 0) {
                struct count_ctx rc;
                memset(&rc, 0, sizeof rc);
                rc.pool = p;
                pool_run(p, count_fn, &rc);
                for (int r = 0; r < threads; r++)
                    ck_assert_int_eq(rc.calls[r], 1);
            }
        }
        pool_free(p);
    }
}
END_TEST

/* A one-row product (a position of generation) split over a pool gives, bit for bit, what
 * one thread gives (B [n,k] is split; B [k,n] is not), with and without accumulation, and
 * agrees with the reference, also with the row read at a stride. */
START_TEST(test_split_row_product)
{
    enum { N = 1500, K = 200 }; /* N·K above MM_SPLIT_MIN; N not a multiple of a chunk */
    ck_assert_int_ge((long)N * K, MM_SPLIT_MIN);
    float *b = malloc(sizeof *b * N * K), a[K * 3], one[N], split[N], ref[N];
    struct rng r;
    rng_seed(&r, 8);
    for (long i = 0; i < (long)N * K; i++)
        b[i] = rng_normal(&r);
    for (int i = 0; i < 3 * K; i++)
        a[i] = rng_normal(&r);
    blas_set_threads(1); /* as a session does: the pool's threads are the only ones */
    struct pool *p = make_pool(2);
    for (int tb = 0; tb < 2; tb++)
        for (int acc = 0; acc < 2; acc++) {
            enum mm_trans t = tb ? MM_T : MM_N;
            int ldb = tb ? K : N;
            for (int i = 0; i < N; i++)
                one[i] = split[i] = ref[i] = acc ? 0.5f * (float)i : NAN; /* beta 0: ignored */
            mm(MM_N, t, 1, N, K, 1.0f, a, K, b, ldb, acc ? 1.0f : 0.0f, one, N);
            mm_set_pool(p);
            mm(MM_N, t, 1, N, K, 1.0f, a, K, b, ldb, acc ? 1.0f : 0.0f, split, N);
            mm_set_pool(NULL);
            mm_reference(MM_N, t, 1, N, K, 1.0f, a, K, b, ldb, acc ? 1.0f : 0.0f, ref, N);
            ck_assert_mem_eq(one, split, sizeof one);
            for (int i = 0; i < N; i++)
                ck_assert_float_eq_tol(one[i], ref[i], 1e-3f);
            /* the row read with a stride (A stored [K,1] and transposed) */
            float strided[N];
            mm(MM_T, t, 1, N, K, 1.0f, a, 3, b, ldb, 0.0f, strided, N);
            float col[K];
            for (int i = 0; i < K; i++)
                col[i] = a[3 * i];
            mm_reference(MM_N, t, 1, N, K, 1.0f, col, K, b, ldb, 0.0f, ref, N);
            for (int i = 0; i < N; i++)
                ck_assert_float_eq_tol(strided[i], ref[i], 1e-3f);
        }
    pool_free(p);
    free(b);
}
END_TEST

START_TEST(test_bad_size)
{
    struct pool *p = NULL;
    struct al_error err;
    ck_assert_int_eq(pool_new(0, &p, &err), AL_EINVAL);
    ck_assert_int_eq(pool_new(POOL_MAX_THREADS + 1, &p, &err), AL_EINVAL);
    ck_assert_ptr_null(p);
    ck_assert_int_ge(cores_available(), 1);
}
END_TEST

#define VEC 1003 /* not a multiple of the cache-line split */

struct reduce_ctx {
    struct replica_group *group;
    float data[POOL_MAX_THREADS][VEC];
    double stats[POOL_MAX_THREADS][2];
};

static void reduce_fn(void *ctx, int rank, int size)
{
    struct reduce_ctx *c = ctx;
    struct replica r = replica_of(c->group, rank);
    ck_assert_int_eq(r.size, size);
    replica_allreduce_sum(&r, c->data[rank], VEC);
    replica_allreduce_sum_f64(&r, c->stats[rank], 2);
    replica_barrier(&r);
}

/* The sum is exactly ((v0 + v1) + v2) ..., on every rank, run after run. Values of mixed
 * magnitude make a different order visible in the last bits. */
START_TEST(test_allreduce_rank_order)
{
    for (int n = 1; n <= 4; n++) {
        struct pool *p = make_pool(n);
        struct replica_group *g;
        struct al_error err;
        ck_assert_int_eq(replica_group_local(p, &g, &err), AL_OK);
        static struct reduce_ctx c;
        static float expect[VEC];
        for (int round = 0; round < 5; round++) {
            struct rng rg;
            rng_seed(&rg, 11 + round);
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < VEC; i++)
                    c.data[r][i] = rng_normal(&rg) * (i % 3 == 0 ? 1e4f : 1e-3f);
                c.stats[r][0] = 0.1 * (r + 1);
                c.stats[r][1] = r;
            }
            for (int i = 0; i < VEC; i++) {
                float s = c.data[0][i];
                for (int r = 1; r < n; r++)
                    s += c.data[r][i];
                expect[i] = s;
            }
            c.group = g;
            pool_run(p, reduce_fn, &c);
            double s0 = 0.1, s1 = 0;
            for (int r = 1; r < n; r++) {
                s0 += 0.1 * (r + 1);
                s1 += r;
            }
            for (int r = 0; r < n; r++) {
                ck_assert_mem_eq(c.data[r], expect, sizeof expect);
                ck_assert(c.stats[r][0] == s0);
                ck_assert(c.stats[r][1] == s1);
            }
        }
        replica_group_free(g);
        pool_free(p);
    }
}
END_TEST

static Suite *parallel_suite(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("pool");
    tcase_add_test(tc, test_share_covers_range);
    tcase_add_test(tc, test_run_every_rank_once);
    tcase_add_test(tc, test_for_every_chunk_once);
    tcase_add_test(tc, test_split_row_product);
    tcase_add_test(tc, test_bad_size);
    tcase_add_test(tc, test_allreduce_rank_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parallel_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
