/* check_core.c: the BLAS door against its naive reference, the RNG, the arena, kernels. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/kernels.h"
#include "core/matmul.h"
#include "core/rng.h"
#include "core/status.h"

#include "testlib.h"

static void fill(struct rng *r, float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = rng_normal(r);
}

/* Odd shapes, both transpositions, strided leading dimensions, alpha and beta. */
START_TEST(test_mm_matches_reference)
{
    struct rng r;
    rng_seed(&r, 7);
    static const int shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {17, 1, 9}, {13, 31, 2}, {64, 33, 65}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                int pad = 3; /* rows longer than the matrix: a slice of a wider one */
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
                float *a = malloc(sizeof(float) * (size_t)lda * (ta ? k : m));
                float *b = malloc(sizeof(float) * (size_t)ldb * (tb ? n : k));
                float *c1 = malloc(sizeof(float) * (size_t)ldc * m);
                float *c2 = malloc(sizeof(float) * (size_t)ldc * m);
                fill(&r, a, lda * (ta ? k : m));
                fill(&r, b, ldb * (tb ? n : k));
                fill(&r, c1, ldc * m);
                for (int i = 0; i < ldc * m; i++)
                    c2[i] = c1[i];
                mm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c1, ldc);
                mm_reference(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c2, ldc);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < ldc; j++) /* padding must be untouched too */
                        ck_assert_float_eq_tol(c1[i * ldc + j], c2[i * ldc + j], 1e-4f);
                free(a);
                free(b);
                free(c1);
                free(c2);
            }
    }
}
END_TEST

START_TEST(test_mm_shorthands)
{
    /* A = [[1,2],[3,4]], B = [[5,6],[7,8]] */
    float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8}, c[4];
    mm_ab(c, a, b, 2, 2, 2, 0);
    ck_assert_float_eq(c[0], 19);
    ck_assert_float_eq(c[1], 22);
    ck_assert_float_eq(c[2], 43);
    ck_assert_float_eq(c[3], 50);
    mm_abt(c, a, b, 2, 2, 2, 0); /* A·Bᵀ */
    ck_assert_float_eq(c[0], 17);
    ck_assert_float_eq(c[1], 23);
    ck_assert_float_eq(c[2], 39);
    ck_assert_float_eq(c[3], 53);
    mm_atb(c, a, b, 2, 2, 2, 1); /* += Aᵀ·B = [[26,30],[38,44]] */
    ck_assert_float_eq(c[0], 43);
    ck_assert_float_eq(c[1], 53);
    ck_assert_float_eq(c[2], 77);
    ck_assert_float_eq(c[3], 97);
}
END_TEST

START_TEST(test_rng_deterministic_and_ranged)
{
    struct rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    double sum = 0, sumsq = 0;
    for (int i = 0; i < 20000; i++) {
        ck_assert_uint_eq(rng_u32(&a), rng_u32(&b));
        float u = rng_uniform(&a);
        (void)rng_uniform(&b);
        ck_assert(u >= 0.0f && u < 1.0f);
        uint32_t k = rng_below(&a, 7);
        (void)rng_below(&b, 7);
        ck_assert_uint_lt(k, 7);
        float z = rng_normal(&a);
        ck_assert_float_eq(z, rng_normal(&b));
        sum += z;
        sumsq += (double)z * z;
    }
    ck_assert_double_lt(fabs(sum / 20000), 0.03);
    ck_assert_double_lt(fabs(sumsq / 20000 - 1.0), 0.05);
    rng_seed(&b, 43);
    ck_assert_uint_ne(rng_u32(&a), rng_u32(&b));
}
END_TEST

START_TEST(test_arena_measure_then_carve)
{
    struct arena m;
    arena_init_measure(&m);
    ck_assert_ptr_null(arena_floats(&m, 3));
    ck_assert_ptr_null(arena_floats(&m, 100));
    struct arena a;
    ck_assert_int_eq(arena_init(&a, m.used, NULL), AL_OK);
    float *x = arena_floats(&a, 3), *y = arena_floats(&a, 100);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    ck_assert_uint_eq((uintptr_t)y % ARENA_ALIGN, 0);
    ck_assert_float_eq(y[99], 0.0f);
    ck_assert_ptr_null(arena_floats(&a, a.capacity)); /* full: NULL, not overflow */
    arena_free(&a);
}
END_TEST

START_TEST(test_softmax_and_gelu)
{
    float x[4] = {1.0f, 2.0f, -INFINITY, 3.0f};
    softmax_row(x, 4);
    ck_assert_float_eq(x[2], 0.0f);
    ck_assert_float_eq_tol(x[0] + x[1] + x[3], 1.0f, 1e-6f);
    ck_assert_float_eq_tol(x[3], expf(3) / (expf(1) + expf(2) + expf(3)), 1e-6f);
    float masked[2] = {-INFINITY, -INFINITY};
    softmax_row(masked, 2);
    ck_assert_float_eq(masked[0], 0.0f);
    float big[2] = {1000.0f, 1000.0f};
    ck_assert_float_eq_tol(logsumexp_row(big, 2), 1000.0f + logf(2.0f), 1e-3f);
    /* tanh_fast against libm's tanh in double over [-12, 12], both branches and the joins */
    double worst = 0.0;
    for (int k = -120000; k <= 120000; k++) {
        float x = k * 1e-4f;
        double exact = tanh((double)x);
        double err = fabs(tanh_fast(x) - exact) / fmax(fabs(exact), 1e-30);
        if (err > worst)
            worst = err;
    }
    ck_assert_double_lt(worst, 4e-7); /* a few float ulps (ulp = 1.2e-7 relative) */
    /* exp_fast against libm over its whole range */
    worst = 0.0;
    for (int k = -86999; k <= 87999; k++) { /* inside the clamp at -87 and 88 */
        float x = (float)(k / 1000.0);
        double err = fabs(exp_fast(x) - exp((double)x)) / exp((double)x);
        if (err > worst)
            worst = err;
    }
    ck_assert_double_lt(worst, 2.5e-7);
    ck_assert(exp_fast(-INFINITY) > 0.0f && isfinite(exp_fast(INFINITY)));
    ck_assert_float_eq(tanh_fast(0.0f), 0.0f);
    /* GELU(1) with the tanh approximation, and its derivative by central difference */
    ck_assert_float_eq_tol(gelu(1.0f), 0.8411920f, 1e-6f);
    for (float u = -3.0f; u <= 3.0f; u += 0.37f) {
        float h = 1e-2f;
        float numeric = (gelu(u + h) - gelu(u - h)) / (2 * h);
        ck_assert_float_eq_tol(gelu_grad(u), numeric, 2e-4f);
    }
}
END_TEST

START_TEST(test_status_messages)
{
    struct al_error e;
    ck_assert_int_eq(al_fail(&e, AL_ESHAPE, "width %d", 7), AL_ESHAPE);
    ck_assert_str_eq(e.msg, "width 7");
    ck_assert_str_eq(al_strerror(AL_ENOMEM), "out of memory");
    ck_assert_str_eq(al_strerror((enum al_status)999), "unknown error");
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *t = tcase_create("core");
    tcase_add_test(t, test_mm_matches_reference);
    tcase_add_test(t, test_mm_shorthands);
    tcase_add_test(t, test_rng_deterministic_and_ranged);
    tcase_add_test(t, test_arena_measure_then_carve);
    tcase_add_test(t, test_softmax_and_gelu);
    tcase_add_test(t, test_status_messages);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){core_suite, NULL});
}
