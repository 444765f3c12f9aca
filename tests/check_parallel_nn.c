/* check_parallel_nn.c: the data-parallel training step (nn/parallel.h). The same seed and
 * thread count give bit-identical losses and parameters; 2 and 3 threads compute what 1
 * thread computes (up to the order of float additions); a step, an evaluation and a batched
 * forward pass allocate nothing with any thread count. Among processes (model_set_world),
 * played here by the threads of an outer pool, each with its own model and an in-process
 * group as its world, N of them give the bits of N threads. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.h"
#include "core/replica.h"
#include "core/rng.h"
#include "nn/model.h"
#include "nn/optim.h"
#include "nn/parallel.h"

/* Heap calls made by the code under test (linked with --wrap=malloc...). */
static long heap_calls;
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t s);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
void *__wrap_malloc(size_t n)
{
    __atomic_add_fetch(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t s)
{
    __atomic_add_fetch(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_calloc(n, s);
}
void *__wrap_realloc(void *p, size_t n)
{
    __atomic_add_fetch(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_realloc(p, n);
}
void *__wrap_aligned_alloc(size_t a, size_t n)
{
    __atomic_add_fetch(&heap_calls, 1, __ATOMIC_RELAXED);
    return __real_aligned_alloc(a, n);
}

enum { V = 11, T = 12, B = 5, STEPS = 4 };

enum shape { GPT, GPT_DROPOUT, LSTM, CLASSIFIER, SHAPES };

static void add(struct model *m, struct layer_config c)
{
    struct al_error err;
    ck_assert_msg(model_add(m, &c, &err) == AL_OK, "%s", err.msg);
}

/* A small model of each shape, compiled for batch B, parameters from seed 5. */
static struct model *build(enum shape s, int threads)
{
    struct model *m = model_new(V, T);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 16});
    if (s == LSTM) {
        add(m, (struct layer_config){.kind = LAYER_LSTM, .units = 12});
        add(m, (struct layer_config){.kind = LAYER_RMSNORM});
        add(m, (struct layer_config){.kind = LAYER_OUTPUT});
    } else {
        add(m, (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_SINUSOID});
        add(m, (struct layer_config){.kind = LAYER_BLOCK, .heads = 2, .ff = 24});
        if (s == GPT_DROPOUT)
            add(m, (struct layer_config){.kind = LAYER_DROPOUT, .rate = 0.2f});
        add(m, (struct layer_config){.kind = LAYER_LAYERNORM});
        if (s == CLASSIFIER)
            add(m, (struct layer_config){.kind = LAYER_CLASSIFY, .classes = 3, .pool = POOL_MEAN});
        else
            add(m, (struct layer_config){.kind = LAYER_OUTPUT});
    }
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    o.lr = 1e-2f;
    o.clip = 0.5f; /* small enough to clip: the split clipping is exercised */
    struct rng r;
    rng_seed(&r, 5);
    struct al_error err;
    ck_assert(model_set_threads(m, threads, &err) == AL_OK); /* before compile: kept */
    ck_assert_msg(model_compile(m, &o, B, &r, &err) == AL_OK, "%s", err.msg);
    ck_assert_int_eq(model_threads(m), threads);
    return m;
}

struct batch {
    int32_t x[B * T], y[B * T], lengths[B];
};

static void make_batch(struct batch *bt, struct rng *r, enum shape s)
{
    for (int k = 0; k < B * T; k++) {
        bt->x[k] = (int32_t)rng_below(r, V);
        bt->y[k] = (int32_t)rng_below(r, s == CLASSIFIER ? 3 : V);
    }
    for (int i = 0; i < B; i++)
        bt->lengths[i] = 1 + (int32_t)rng_below(r, T);
}

/* Trains STEPS steps of batch b; losses[k] receives each step's loss, norms[k] (if not NULL)
 * its gradient norm. */
static void train_norms(struct model *m, enum shape s, int b, double *losses, double *norms)
{
    struct rng data, drop;
    rng_seed(&data, 9);
    rng_seed(&drop, 3);
    struct batch bt;
    for (int k = 0; k < STEPS; k++) {
        make_batch(&bt, &data, s);
        struct step_stats st;
        struct al_error err;
        long before = heap_calls;
        enum al_status rc = model_train_step(m, bt.x, bt.y, s == CLASSIFIER ? bt.lengths : NULL, b,
                                             T, &drop, &st, &err);
        long during = heap_calls - before; /* read before Check, which allocates */
        ck_assert_msg(rc == AL_OK, "%s", err.msg);
        if (k > 0) /* the first step may let OpenBLAS allocate its buffers (once per thread) */
            ck_assert_int_eq(during, 0);
        losses[k] = st.loss;
        if (norms)
            norms[k] = st.grad_norm;
    }
}

static void train(struct model *m, enum shape s, int b, double *losses)
{
    train_norms(m, s, b, losses, NULL);
}

/* The same seed and thread count: the same bits, for every shape and 1, 2, 3 threads. */
START_TEST(test_bit_identical_per_thread_count)
{
    for (int s = 0; s < SHAPES; s++)
        for (int threads = 1; threads <= 3; threads++) {
            struct model *a = build(s, threads), *b = build(s, threads);
            double la[STEPS], lb[STEPS];
            train(a, s, B, la);
            train(b, s, B, lb);
            ck_assert_mem_eq(la, lb, sizeof la);
            ck_assert_mem_eq(a->values, b->values, a->param_floats * sizeof(float));
            model_free(a);
            model_free(b);
        }
}
END_TEST

static double max_rel_diff(const float *x, const float *y, size_t n)
{
    double worst = 0.0;
    for (size_t k = 0; k < n; k++) {
        double d = fabs((double)x[k] - y[k]) / (fabs(x[k]) + fabs(y[k]) + 1e-3);
        worst = d > worst ? d : worst;
    }
    return worst;
}

/* More threads compute what one computes: each step's loss and gradient norm agree to float
 * rounding, and the parameters after STEPS steps to far less than one update (Adam turns the
 * rounding of a near-zero gradient into up to lr); also with fewer batch rows than threads (a
 * rank with no rows). */
START_TEST(test_threads_agree_with_one)
{
    for (int s = 0; s < SHAPES; s++) {
        if (s == GPT_DROPOUT) /* each rank draws its own dropout masks */
            continue;
        for (int b = 2; b <= B; b += B - 2) {
            struct model *one = build(s, 1);
            double l1[STEPS], n1[STEPS];
            train_norms(one, s, b, l1, n1);
            for (int threads = 2; threads <= 3; threads++) {
                struct model *m = build(s, threads);
                double ln[STEPS], nn[STEPS];
                train_norms(m, s, b, ln, nn);
                for (int k = 0; k < STEPS; k++) {
                    ck_assert_msg(fabs(ln[k] - l1[k]) < 1e-5 * fabs(l1[k]),
                                  "shape %d batch %d threads %d step %d: loss %.9g vs %.9g", s, b,
                                  threads, k, ln[k], l1[k]);
                    ck_assert_msg(fabs(nn[k] - n1[k]) < 1e-4 * fabs(n1[k]),
                                  "shape %d batch %d threads %d step %d: norm %.9g vs %.9g", s, b,
                                  threads, k, nn[k], n1[k]);
                }
                double worst = 0.0;
                for (size_t k = 0; k < m->param_floats; k++)
                    worst = fmax(worst, fabs(m->values[k] - one->values[k]));
                ck_assert_msg(worst < 0.2 * 1e-2, "shape %d threads %d: parameters differ by %g", s,
                              threads, worst);
                model_free(m);
            }
            model_free(one);
        }
    }
}
END_TEST

/* A batched forward pass and an evaluation leave the whole batch's outputs and attention in
 * the model's buffers, as with one thread, and allocate nothing. */
START_TEST(test_forward_and_evaluate_agree)
{
    struct model *one = build(GPT, 1), *two = build(GPT, 2);
    struct rng r;
    rng_seed(&r, 4);
    struct batch bt;
    make_batch(&bt, &r, GPT);
    float *l1, *l2;
    struct al_error err;
    ck_assert(model_forward(two, bt.x, NULL, B, T, 0, NULL, &l2, &err) == AL_OK); /* warm-up */
    long before = heap_calls;
    int failures = model_forward(one, bt.x, NULL, B, T, 0, NULL, &l1, &err) != AL_OK;
    failures += model_forward(two, bt.x, NULL, B, T, 0, NULL, &l2, &err) != AL_OK;
    struct step_stats s1, s2;
    failures += model_evaluate(one, bt.x, bt.y, NULL, B, T, &s1, &err) != AL_OK;
    failures += model_evaluate(two, bt.x, bt.y, NULL, B, T, &s2, &err) != AL_OK;
    long during = heap_calls - before;
    ck_assert_int_eq(failures, 0);
    ck_assert_int_eq(during, 0);
    ck_assert(model_forward(one, bt.x, NULL, B, T, 0, NULL, &l1, &err) == AL_OK);
    ck_assert(model_forward(two, bt.x, NULL, B, T, 0, NULL, &l2, &err) == AL_OK);
    ck_assert_double_lt(max_rel_diff(l1, l2, (size_t)B * T * V), 1e-5);
    int h1, h2;
    const float *a1 = model_attention_probs(one, 2, &h1), *a2 = model_attention_probs(two, 2, &h2);
    ck_assert_ptr_nonnull(a2);
    ck_assert_int_eq(h1, h2);
    ck_assert_double_lt(max_rel_diff(a1, a2, (size_t)B * h1 * T * T), 1e-5);
    ck_assert(model_evaluate(one, bt.x, bt.y, NULL, B, T, &s1, &err) == AL_OK);
    ck_assert(model_evaluate(two, bt.x, bt.y, NULL, B, T, &s2, &err) == AL_OK);
    ck_assert_double_lt(fabs(s1.loss - s2.loss), 1e-5 * s1.loss);
    ck_assert(s1.accuracy == s2.accuracy);
    /* a bad token is refused before any rank runs */
    bt.x[7] = V;
    ck_assert_int_eq(model_evaluate(two, bt.x, bt.y, NULL, B, T, &s2, &err), AL_EINVAL);
    model_free(one);
    model_free(two);
}
END_TEST

/* Changing the thread count of a trained model keeps its parameters; a copy keeps the
 * count; bad counts are refused. */
START_TEST(test_set_threads_and_clone)
{
    struct model *m = build(LSTM, 2);
    double l[STEPS];
    train(m, LSTM, B, l);
    float *saved = malloc(m->param_floats * sizeof *saved);
    memcpy(saved, m->values, m->param_floats * sizeof *saved);
    struct al_error err;
    ck_assert(model_set_threads(m, 3, &err) == AL_OK);
    ck_assert_mem_eq(saved, m->values, m->param_floats * sizeof *saved);
    ck_assert(model_set_threads(m, 0, &err) == AL_EINVAL);
    ck_assert_int_eq(model_threads(m), 3);
    struct model *c = model_clone(m);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(model_threads(c), 3);
    double la[STEPS], lb[STEPS];
    train(m, LSTM, B, la);
    train(c, LSTM, B, lb);
    ck_assert_mem_eq(la, lb, sizeof la);
    ck_assert(model_memory_bytes(m) > m->arena.capacity);
    ck_assert(model_set_threads(m, 1, &err) == AL_OK);
    ck_assert(model_memory_bytes(m) == m->arena.capacity);
    free(saved);
    model_free(m);
    model_free(c);
}
END_TEST

/* One "process" of the world: its own model, trained on the same batches as the others. */
struct world_job {
    enum shape shape;
    struct replica_group *group;
    struct model *models[3];
    double losses[3][STEPS];
    struct step_stats eval[3];
    long heap[3]; /* heap calls during steps after the first */
    int failures;
};

static void world_rank(void *ctx, int rank, int size)
{
    (void)size;
    struct world_job *j = ctx;
    struct model *m = build(j->shape, 1);
    struct replica w = replica_of(j->group, rank);
    struct al_error err;
    if (model_set_world(m, &w, &err) != AL_OK)
        __atomic_add_fetch(&j->failures, 1, __ATOMIC_RELAXED);
    if (rank > 0) /* a process that drifted: the sync gives it rank 0's parameters */
        m->values[0] += 1.0f;
    model_world_sync(m);
    struct rng data, drop;
    rng_seed(&data, 9);
    rng_seed(&drop, 3);
    struct batch bt;
    int32_t *len = j->shape == CLASSIFIER ? bt.lengths : NULL;
    for (int k = 0; k < STEPS; k++) {
        make_batch(&bt, &data, j->shape);
        struct step_stats st;
        long before = heap_calls;
        if (model_train_step(m, bt.x, bt.y, len, B, T, &drop, &st, &err) != AL_OK)
            __atomic_add_fetch(&j->failures, 1, __ATOMIC_RELAXED);
        if (k > 0) /* heap_calls counts every thread's: only a sum is meaningful */
            __atomic_add_fetch(&j->heap[0], heap_calls - before, __ATOMIC_RELAXED);
        j->losses[rank][k] = st.loss;
    }
    if (model_evaluate(m, bt.x, bt.y, len, B, T, &j->eval[rank], &err) != AL_OK)
        __atomic_add_fetch(&j->failures, 1, __ATOMIC_RELAXED);
    j->models[rank] = m;
}

/* N processes of one thread each (here, N threads of an outer pool, each with its own model)
 * compute the bits of one process with N threads: every step's loss, the parameters, an
 * evaluation and its outputs (gathered from every process), for every shape, dropout
 * included; and a step allocates nothing. */
START_TEST(test_processes_equal_threads)
{
    for (int s = 0; s < SHAPES; s++)
        for (int n = 2; n <= 3; n++) {
            struct pool *p;
            struct world_job j = {.shape = s};
            struct al_error err;
            ck_assert(pool_new(n, &p, &err) == AL_OK);
            ck_assert(replica_group_local(p, &j.group, &err) == AL_OK);
            pool_run(p, world_rank, &j);
            ck_assert_int_eq(j.failures, 0);
            struct model *threads = build(s, n);
            double l[STEPS];
            train(threads, s, B, l);
            struct rng data;
            rng_seed(&data, 9);
            struct batch bt;
            for (int k = 0; k < STEPS; k++)
                make_batch(&bt, &data, s);
            struct step_stats ev;
            int32_t *len = s == CLASSIFIER ? bt.lengths : NULL;
            ck_assert(model_evaluate(threads, bt.x, bt.y, len, B, T, &ev, &err) == AL_OK);
            size_t out = (size_t)model_output_rows(threads, B, T) * model_output_width(threads);
            for (int r = 0; r < n; r++) {
                struct model *m = j.models[r];
                ck_assert_int_eq(model_world_size(m), n);
                ck_assert_mem_eq(j.losses[r], l, sizeof l);
                ck_assert_mem_eq(m->values, threads->values, m->param_floats * sizeof(float));
                ck_assert(j.eval[r].loss == ev.loss && j.eval[r].accuracy == ev.accuracy);
                ck_assert_mem_eq(m->layers[m->nlayers - 1].out,
                                 threads->layers[threads->nlayers - 1].out, out * sizeof(float));
                model_free(m);
            }
            ck_assert_int_eq(j.heap[0], 0);
            model_free(threads);
            replica_group_free(j.group);
            pool_free(p);
        }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("parallel_nn");
    TCase *tc = tcase_create("step");
    tcase_add_test(tc, test_bit_identical_per_thread_count);
    tcase_add_test(tc, test_threads_agree_with_one);
    tcase_add_test(tc, test_forward_and_evaluate_agree);
    tcase_add_test(tc, test_set_threads_and_clone);
    tcase_add_test(tc, test_processes_equal_threads);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
