/* check_parallel.c: the worker pool and the in-process replica group. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

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
