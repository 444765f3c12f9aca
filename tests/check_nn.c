/* check_nn.c: every layer's gradients against finite differences, whole models too, the
 * optimizers against hand-computed updates, memorisation, reproducibility, and a training
 * step that allocates nothing. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"
#include "core/rng.h"
#include "data/batch.h"
#include "nn/explain.h"
#include "nn/gradcheck.h"
#include "nn/heads.h"
#include "nn/layer_kind.h"
#include "nn/layernorm.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/optim.h"

#include "testlib.h"

/* Heap calls made by the code under test (libattnlab.a is linked with --wrap=malloc...). */
static long heap_calls;
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t s);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
void *__wrap_malloc(size_t n)
{
    heap_calls++;
    return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t s)
{
    heap_calls++;
    return __real_calloc(n, s);
}
void *__wrap_realloc(void *p, size_t n)
{
    heap_calls++;
    return __real_realloc(p, n);
}
void *__wrap_aligned_alloc(size_t a, size_t n)
{
    heap_calls++;
    return __real_aligned_alloc(a, n);
}

enum { V = 7, T = 5, B = 3, WIDTH = 8 };

static struct layer_config layer(enum layer_kind kind)
{
    struct layer_config c = {
        .kind = kind, .units = 6, .heads = 2, .ff = 12, .rate = 0.3f, .classes = 3, .eps = 1e-5f};
    return c;
}

static void add(struct model *m, struct layer_config c)
{
    struct al_error err;
    ck_assert_msg(model_add(m, &c, &err) == AL_OK, "model_add: %s", err.msg);
}

/* Parameters drawn wider than the defaults so that every nonlinearity is exercised
 * (attention far from uniform, LSTM gates away from 0.5). */
static void randomise(struct model *m, struct rng *r)
{
    for (size_t k = 0; k < m->param_floats; k++)
        m->values[k] = 0.4f * rng_normal(r);
    for (int k = 0; k < m->nparams; k++)
        if (strstr(m->params[k].name, "ln") || strstr(m->params[k].name, "layernorm"))
            for (int j = 0; j < m->params[k].rows * m->params[k].cols; j++)
                if (strstr(m->params[k].name, ".w") || strstr(m->params[k].name, "weight"))
                    m->params[k].value[j] = 1.0f + 0.3f * rng_normal(r);
}

static void compile(struct model *m, struct rng *r, int batch)
{
    struct optim_config o;
    optim_config_default(&o, OPTIM_SGD);
    struct al_error err;
    ck_assert_msg(model_compile(m, &o, batch, r, &err) == AL_OK, "compile: %s", err.msg);
}

/* Checks every parameter of m (up to 24 entries each) on a random batch.
 * Tolerance: the five-point difference with h = 1e-2 in float32 has a truncation error of
 * order h⁴ and a round-off of order 1e-7·|L|/h ≈ 3e-5, so an entry passes when
 * |analytic − numeric| ≤ 2e-3·max|gradient of that parameter| + 2e-2·|numeric|.
 * A wrong factor, sign, transposition or missing term shows as an error of 100% of the
 * gradient, far outside. Returns the worst relative error seen. */
static double check_model(struct model *m, int training, int classes, const char *what)
{
    struct rng r;
    rng_seed(&r, 99);
    int32_t tokens[B * T], targets[B * T], lengths[B] = {T, 2, 4};
    for (int k = 0; k < B * T; k++) {
        tokens[k] = (int32_t)rng_below(&r, V);
        targets[k] = (int32_t)rng_below(&r, classes ? (uint32_t)classes : V);
    }
    struct gradcheck_batch batch = {tokens, targets, classes ? lengths : NULL, B, T, training, &r};
    double worst = 0.0;
    for (int p = 0; p < m->nparams; p++) {
        struct gradcheck_entry e[24];
        int n = 0;
        struct al_error err;
        ck_assert_msg(gradcheck_param(m, p, &batch, 1e-2f, e, 24, &n, &err) == AL_OK, "%s: %s",
                      what, err.msg);
        double scale = 0.0; /* the parameter's largest gradient entry, all entries */
        for (int k = 0; k < m->params[p].rows * m->params[p].cols; k++)
            scale = fmax(scale, fabs(m->params[p].grad[k]));
        for (int k = 0; k < n; k++) {
            double diff = fabs(e[k].analytic - e[k].numeric);
            double tol = 2e-3 * scale + 2e-2 * fabs(e[k].numeric);
            ck_assert_msg(diff <= tol, "%s: %s[%zu]: analytic %.6g numeric %.6g", what,
                          m->params[p].name, e[k].index, e[k].analytic, e[k].numeric);
            if (scale > 0)
                worst = fmax(worst, diff / scale);
        }
        ck_assert_msg(scale > 0.0 || strstr(m->params[p].name, "position") ||
                          strstr(m->params[p].name, "b_qkv"),
                      "%s: %s has an all-zero gradient", what, m->params[p].name);
    }
    return worst;
}

/* embedding(WIDTH) -> the layer under test -> output: the embedding weights' gradient is the
 * gradient with respect to the layer's input, so inputs and parameters are both checked. */
static void check_layer(struct layer_config c, int training)
{
    struct rng r;
    rng_seed(&r, 5);
    struct model *m = model_new(V, T);
    struct layer_config emb = {.kind = LAYER_EMBEDDING, .units = WIDTH};
    add(m, emb);
    add(m, c);
    int classes = c.kind == LAYER_CLASSIFY ? c.classes : 0;
    if (!classes)
        add(m, layer(LAYER_OUTPUT));
    compile(m, &r, B);
    randomise(m, &r);
    char what[64];
    snprintf(what, sizeof what, "%s", layer_kind_name(c.kind));
    check_model(m, training, classes, what);
    model_free(m);
}

START_TEST(test_grad_dense_activations)
{
    for (int a = 0; a < ACT_COUNT; a++) {
        struct layer_config c = layer(LAYER_DENSE);
        c.act = (enum activation)a;
        check_layer(c, 0);
    }
}
END_TEST

START_TEST(test_grad_layernorm)
{
    check_layer(layer(LAYER_LAYERNORM), 0);
}
END_TEST

START_TEST(test_grad_rmsnorm)
{
    check_layer(layer(LAYER_RMSNORM), 0);
}
END_TEST

/* A forward value worked out by hand: x = [3, 4], mean(x²) = 12.5, w = [1, 2]:
 * y = x / sqrt(12.5 + 1e-5) · w = [0.84852780, 2.26274081] (eps inside the root). */
START_TEST(test_rmsnorm_by_hand)
{
    struct model *m = model_new(1, 1);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 2});
    add(m, (struct layer_config){.kind = LAYER_RMSNORM});
    add(m, layer(LAYER_OUTPUT));
    struct rng r;
    rng_seed(&r, 1);
    compile(m, &r, 1);
    ck_assert_str_eq(m->params[1].name, "rmsnorm1.weight");
    ck_assert_float_eq(m->params[1].value[1], 1.0f); /* initialised to one */
    m->params[0].value[0] = 3.0f;
    m->params[0].value[1] = 4.0f;
    m->params[1].value[1] = 2.0f;
    int32_t tok = 0;
    struct al_error err;
    ck_assert(model_forward(m, &tok, NULL, 1, 1, 0, NULL, NULL, &err) == AL_OK);
    ck_assert_float_eq_tol(m->layers[1].out[0], 0.84852780f, 1e-6f);
    ck_assert_float_eq_tol(m->layers[1].out[1], 2.26274081f, 1e-6f);
    model_free(m);
}
END_TEST

/* The convention of nn/layer_kind.h: a backward overwrites its input gradient. */
START_TEST(test_layernorm_backward_overwrites)
{
    const float x[4] = {1, -2, 0.5f, 3}, w[4] = {1, 0.5f, 2, -1}, dy[4] = {0.3f, -1, 2, 0.1f};
    float mean[1], rstd[1], y[4], b[4] = {0}, dw[4] = {0}, db[4] = {0}, clean[4], dirty[4];
    layernorm_forward(y, mean, rstd, x, w, b, 1, 4, LAYERNORM_EPS);
    for (int j = 0; j < 4; j++) {
        clean[j] = 0.0f;
        dirty[j] = 1e3f;
    }
    layernorm_backward(clean, dw, db, dy, x, w, mean, rstd, 1, 4);
    layernorm_backward(dirty, dw, db, dy, x, w, mean, rstd, 1, 4);
    ck_assert_mem_eq(clean, dirty, sizeof clean);
    ck_assert_float_eq_tol(db[2], 4.0f, 1e-6f); /* parameter gradients accumulate: 2 + 2 */
}
END_TEST

/* A layer's configuration written as its layer line and read back, for every kind. */
START_TEST(test_layer_config_text)
{
    struct layer_config c = layer(LAYER_BLOCK);
    char text[128];
    layer_config_text(&c, text, sizeof text);
    ck_assert_str_eq(text, "block heads=2 ff=12 causal=on eps=1e-05");
    c = (struct layer_config){.kind = LAYER_DROPOUT, .rate = 0.1f};
    layer_config_text(&c, text, sizeof text);
    ck_assert_str_eq(text, "dropout 0.1");
    c = (struct layer_config){.kind = LAYER_CLASSIFY, .classes = 3, .pool = POOL_LAST};
    layer_config_text(&c, text, sizeof text);
    ck_assert_str_eq(text, "classify pool=last classes=3");
    for (int k = 0; k < LAYER_KIND_COUNT; k++) {
        struct layer_config a = layer((enum layer_kind)k), back;
        a.bidirectional = k % 2;
        a.act = ACT_TANH;
        a.position = POSITION_SINUSOID;
        layer_config_defaults(&back, (enum layer_kind)k); /* only the fields the kind reads */
        for (const struct layer_opt *o = layer_kinds[k]->opts; o && o->name; o++)
            layer_opt_store(&back, o, layer_opt_load(&a, o));
        layer_config_text(&back, text, sizeof text);
        struct layer_config parsed;
        struct al_error err;
        int repeat = 0;
        ck_assert_msg(layer_config_parse(text, &parsed, &repeat, &err) == AL_OK, "%s: %s", text,
                      err.msg);
        ck_assert_msg(memcmp(&parsed, &back, sizeof back) == 0, "%s does not read back", text);
        ck_assert_int_eq(repeat, 1);
    }
    int repeat;
    struct al_error err;
    ck_assert(layer_config_parse("block 3 heads=4", &c, &repeat, &err) == AL_OK);
    ck_assert_int_eq(repeat, 3);
    ck_assert_int_eq(c.heads, 4);
    ck_assert_int_eq(c.bidirectional, 0);
    ck_assert_int_eq(layer_config_parse("block heads=0", &c, NULL, &err), AL_EINVAL);
    ck_assert_int_eq(layer_config_parse("dense", &c, NULL, &err), AL_EINVAL); /* units */
    ck_assert_int_eq(layer_config_parse("dense 4 colour=red", &c, NULL, &err), AL_EINVAL);
    ck_assert_int_eq(layer_config_parse("conv 3", &c, NULL, &err), AL_EINVAL);
}
END_TEST

START_TEST(test_grad_attention)
{
    struct layer_config c = layer(LAYER_ATTENTION);
    check_layer(c, 0);
    c.bidirectional = 1;
    check_layer(c, 0);
}
END_TEST

START_TEST(test_grad_mlp)
{
    check_layer(layer(LAYER_MLP), 0);
}
END_TEST

START_TEST(test_grad_block)
{
    struct layer_config c = layer(LAYER_BLOCK);
    check_layer(c, 0);
    c.bidirectional = 1;
    check_layer(c, 0);
}
END_TEST

START_TEST(test_grad_lstm)
{
    check_layer(layer(LAYER_LSTM), 0);
}
END_TEST

START_TEST(test_grad_position)
{
    struct layer_config c = layer(LAYER_POSITION);
    c.position = POSITION_LEARNED;
    check_layer(c, 0);
    c.position = POSITION_SINUSOID;
    check_layer(c, 0);
}
END_TEST

START_TEST(test_grad_dropout)
{
    check_layer(layer(LAYER_DROPOUT), 1); /* the same mask for every evaluation */
}
END_TEST

START_TEST(test_grad_classify)
{
    struct layer_config c = layer(LAYER_CLASSIFY);
    c.pool = POOL_MEAN;
    check_layer(c, 0);
    c.pool = POOL_LAST;
    check_layer(c, 0);
}
END_TEST

START_TEST(test_grad_two_block_transformer)
{
    struct rng r;
    rng_seed(&r, 11);
    struct model *m = model_new(V, T);
    struct layer_config emb = {.kind = LAYER_EMBEDDING, .units = WIDTH};
    add(m, emb);
    struct layer_config pos = layer(LAYER_POSITION);
    add(m, pos);
    add(m, layer(LAYER_BLOCK));
    add(m, layer(LAYER_BLOCK));
    add(m, layer(LAYER_LAYERNORM));
    add(m, layer(LAYER_OUTPUT));
    compile(m, &r, B);
    randomise(m, &r);
    check_model(m, 0, 0, "2-block transformer");
    model_free(m);
}
END_TEST

/* GPT-2's layout: learned positions, blocks and a final LayerNorm with their own epsilon
 * (0.5, large enough that a forward/backward mismatch in it would show), and an output tied
 * to the embedding without a bias: the embedding's gradient sums both of its uses. */
START_TEST(test_grad_gpt2_layout)
{
    struct rng r;
    rng_seed(&r, 12);
    struct model *m = model_new(V, T);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
    struct layer_config pos = layer(LAYER_POSITION);
    add(m, pos);
    struct layer_config blk = layer(LAYER_BLOCK);
    blk.eps = 0.5f;
    add(m, blk);
    add(m, blk);
    struct layer_config ln = layer(LAYER_LAYERNORM);
    ln.eps = 0.5f;
    add(m, ln);
    struct layer_config out = layer(LAYER_OUTPUT);
    out.tie = 1;
    out.nobias = 1;
    add(m, out);
    ck_assert_int_eq(m->layers[m->nlayers - 1].nparams, 0);
    compile(m, &r, B);
    randomise(m, &r);
    check_model(m, 0, 0, "tied GPT-2 layout");
    model_free(m);
}
END_TEST

/* tie=on: logits = x·wteᵀ exactly, bias=on adds the bias; a width other than the
 * embedding's is refused. LayerNorm with eps 0.5 on x = [3, 4]: mean 3.5, variance 0.25,
 * y = ±0.5 / sqrt(0.75) = ±0.57735027. */
START_TEST(test_tied_output_and_eps_by_hand)
{
    struct rng r;
    rng_seed(&r, 3);
    struct model *m = model_new(3, 2);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 2});
    struct layer_config ln = layer(LAYER_LAYERNORM);
    ln.eps = 0.5f;
    add(m, ln);
    add(m, (struct layer_config){.kind = LAYER_OUTPUT, .tie = 1});
    ck_assert_str_eq(m->params[m->nparams - 1].name, "output.bias");
    compile(m, &r, 1);
    float *wte = m->params[0].value;
    const float e[6] = {3, 4, 1, 0, 0, 2};
    memcpy(wte, e, sizeof e);
    m->params[1].value[0] = m->params[1].value[1] = 1.0f; /* LayerNorm weight */
    m->params[2].value[0] = m->params[2].value[1] = 0.0f;
    float *bias = m->params[m->nparams - 1].value;
    bias[0] = 0.25f, bias[1] = 0, bias[2] = -1;
    int32_t tok[1] = {0};
    float *logits;
    struct al_error err;
    ck_assert(model_forward(m, tok, NULL, 1, 1, 0, NULL, &logits, &err) == AL_OK);
    float y = 0.5f / sqrtf(0.75f); /* normalised [3, 4] = [-y, y] */
    ck_assert_float_eq_tol(m->layers[1].out[0], -0.57735027f, 1e-6f);
    ck_assert_float_eq_tol(logits[0], -3 * y + 4 * y + 0.25f, 1e-6f);
    ck_assert_float_eq_tol(logits[1], -y, 1e-6f);
    ck_assert_float_eq_tol(logits[2], 2 * y - 1, 1e-6f);
    model_free(m);
    m = model_new(3, 2);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 2});
    add(m, (struct layer_config){.kind = LAYER_DENSE, .units = 4});
    struct layer_config out = {.kind = LAYER_OUTPUT, .tie = 1};
    ck_assert(model_add(m, &out, &err) == AL_ESHAPE);
    ck_assert_msg(strstr(err.msg, "tie=on") != NULL, "%s", err.msg);
    model_free(m);
}
END_TEST

/* Cached generation: feeding a sequence as a prompt of 3 and then one token at a time gives,
 * row for row, the logits of one ordinary pass over the whole sequence (within float
 * rounding: the same sums in another order), for every attention-bearing kind, also when only
 * the last row's scores are computed; greedy continuations through the cache equal uncached
 * ones token for token. */
START_TEST(test_cached_forward)
{
    for (int variant = 0; variant < 2; variant++) {
        struct rng r;
        rng_seed(&r, 21);
        enum { CT = 9 };
        struct model *m = model_new(V, CT);
        add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
        add(m, layer(LAYER_POSITION));
        add(m, layer(variant ? LAYER_ATTENTION : LAYER_BLOCK));
        add(m, layer(LAYER_BLOCK));
        add(m, layer(LAYER_LAYERNORM));
        add(m, (struct layer_config){.kind = LAYER_OUTPUT, .tie = variant});
        compile(m, &r, 2);
        randomise(m, &r);
        ck_assert(model_can_cache(m));
        int32_t seq[CT];
        for (int k = 0; k < CT; k++)
            seq[k] = (int32_t)rng_below(&r, V);
        float *full, *step, want[CT * V];
        struct al_error err;
        ck_assert(model_forward(m, seq, NULL, 1, CT, 0, NULL, &full, &err) == AL_OK);
        memcpy(want, full, sizeof want);
        ck_assert(model_forward_cached(m, seq, 3, 0, &step, &err) == AL_OK);
        for (int k = 0; k < 3 * V; k++)
            ck_assert_float_eq_tol(step[k], want[k], 1e-5f);
        for (int p = 3; p < CT; p++) {
            ck_assert_msg(model_forward_cached(m, seq + p, 1, p, &step, &err) == AL_OK, "%s",
                          err.msg);
            for (int k = 0; k < V; k++)
                ck_assert_float_eq_tol(step[k], want[p * V + k], 1e-5f);
        }
        ck_assert_int_eq(m->cache_len, CT);
        /* the next token's scores alone: the same last row, prompt and new positions */
        ck_assert(model_forward_cached_last(m, seq, 3, 0, &step, &err) == AL_OK);
        for (int k = 0; k < V; k++)
            ck_assert_float_eq_tol(step[k], want[2 * V + k], 1e-5f);
        for (int p = 3; p < CT; p++) {
            ck_assert(model_forward_cached_last(m, seq + p, 1, p, &step, &err) == AL_OK);
            for (int k = 0; k < V; k++)
                ck_assert_float_eq_tol(step[k], want[p * V + k], 1e-5f);
        }
        /* past the cache, or past the context: refused */
        ck_assert(model_forward_cached(m, seq, 1, CT + 1, &step, &err) == AL_EINVAL);
        ck_assert(model_forward_cached(m, seq, 1, CT, &step, &err) == AL_EINVAL);
        /* an ordinary pass drops the cache */
        ck_assert(model_forward(m, seq, NULL, 1, 2, 0, NULL, &full, &err) == AL_OK);
        ck_assert(model_forward_cached(m, seq, 1, 1, &step, &err) == AL_EINVAL);
        /* greedy: uncached (whole prefix every step) against cached (one position a step) */
        int32_t a[CT] = {seq[0], seq[1]}, b[CT] = {seq[0], seq[1]};
        for (int p = 2; p < CT; p++) {
            ck_assert(model_forward(m, a, NULL, 1, p, 0, NULL, &full, &err) == AL_OK);
            const float *row = full + (size_t)(p - 1) * V;
            int best = 0;
            for (int k = 1; k < V; k++)
                best = row[k] > row[best] ? k : best;
            a[p] = best;
        }
        ck_assert(model_forward_cached(m, b, 2, 0, &step, &err) == AL_OK);
        for (int p = 2; p < CT; p++) {
            const float *row = p == 2 ? step + V : step;
            int best = 0;
            for (int k = 1; k < V; k++)
                best = row[k] > row[best] ? k : best;
            b[p] = best;
            if (p + 1 < CT)
                ck_assert(model_forward_cached(m, b + p, 1, p, &step, &err) == AL_OK);
        }
        ck_assert_mem_eq(a, b, sizeof a);
        model_free(m);
    }
    struct model *m = model_new(V, T);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
    add(m, layer(LAYER_LSTM));
    add(m, layer(LAYER_OUTPUT));
    ck_assert(!model_can_cache(m));
    model_free(m);
}
END_TEST

/* heads_score on a head whose queries and keys are zero: attention is uniform over the
 * past, a[i][j] = 1/(i+1), so every score has a closed form: previous and first are the
 * mean of 1/(i+1) over i = 1..T-1; same is the mean of 1/(half+j+1) over the second copy;
 * induction the same over j < half-1. */
START_TEST(test_heads_uniform)
{
    struct rng r;
    rng_seed(&r, 4);
    struct model *m = model_new(V, 2 * V);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
    add(m, (struct layer_config){.kind = LAYER_ATTENTION, .heads = 2});
    add(m, layer(LAYER_OUTPUT));
    compile(m, &r, 1);
    randomise(m, &r);
    struct param *w = model_find_param(m, "attention1.w_qkv"),
                 *bq = model_find_param(m, "attention1.b_qkv");
    ck_assert(w && bq);
    memset(w->value, 0, sizeof(float) * 2 * WIDTH * WIDTH); /* the Q and K rows */
    memset(bq->value, 0, sizeof(float) * 2 * WIDTH);
    ck_assert_int_eq(heads_count(m), 2);
    struct heads_probe p;
    struct al_error err;
    ck_assert(heads_probe_make(&p, V + 1, V, 2 * V, &r, &err) == AL_EINVAL); /* > vocab */
    ck_assert(heads_probe_make(&p, V, V, 2 * V - 1, &r, &err) == AL_EINVAL); /* > context */
    ck_assert(heads_probe_make(&p, V, V, 2 * V, &r, &err) == AL_OK);
    for (int i = 0; i < V; i++) { /* distinct, then repeated */
        ck_assert_int_eq(p.tokens[V + i], p.tokens[i]);
        for (int j = 0; j < i; j++)
            ck_assert_int_ne(p.tokens[i], p.tokens[j]);
    }
    struct head_score sc[2];
    double l1, l2;
    float all[2 * 4 * V * V];
    ck_assert(heads_score(m, &p, sc, &l1, &l2, all, &err) == AL_OK);
    int t = 2 * V;
    double prev = 0, same = 0, ind = 0;
    for (int i = 1; i < t; i++)
        prev += 1.0 / (i + 1);
    for (int j = 0; j < V; j++) {
        same += 1.0 / (V + j + 1);
        if (j + 1 < V)
            ind += 1.0 / (V + j + 1);
    }
    for (int h = 0; h < 2; h++) {
        ck_assert_int_eq(sc[h].head, h);
        ck_assert_int_eq(sc[h].nth, 1);
        ck_assert_float_eq_tol(sc[h].score[HEAD_PREVIOUS], prev / (t - 1), 1e-5);
        ck_assert_float_eq_tol(sc[h].score[HEAD_FIRST], prev / (t - 1), 1e-5);
        ck_assert_float_eq_tol(sc[h].score[HEAD_SAME], same / V, 1e-5);
        ck_assert_float_eq_tol(sc[h].score[HEAD_INDUCTION], ind / (V - 1), 1e-5);
        ck_assert_float_eq_tol(all[(size_t)h * t * t + 3 * t + 1], 0.25f, 1e-6f);
    }
    ck_assert(l1 > 0 && l2 > 0);
    heads_probe_free(&p);
    model_free(m);
}
END_TEST

/* An inference compile: no gradients or optimizer state (a smaller arena), forward works,
 * training is refused with a reason; a later compile keeps the values and trains. */
START_TEST(test_compile_inference)
{
    struct rng r;
    rng_seed(&r, 8);
    struct model *m = model_new(V, T), *full = model_new(V, T);
    for (int k = 0; k < 2; k++) {
        struct model *x = k ? full : m;
        add(x, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
        add(x, layer(LAYER_BLOCK));
        add(x, layer(LAYER_LAYERNORM));
        add(x, layer(LAYER_OUTPUT));
    }
    struct al_error err;
    ck_assert(model_compile_inference(m, 1, 0, &r, &err) == AL_OK);
    compile(full, &r, 1);
    ck_assert(m->grads == NULL && m->m == NULL && m->v == NULL && m->inference);
    ck_assert_uint_le(m->arena.capacity + 3 * sizeof(float) * m->param_floats,
                      full->arena.capacity);
    int32_t tok[T] = {1, 2, 3, 4, 5}, tgt[T] = {2, 3, 4, 5, 6};
    float *logits;
    ck_assert(model_forward(m, tok, NULL, 1, T, 0, NULL, &logits, &err) == AL_OK);
    float first = logits[0];
    struct step_stats st;
    ck_assert(model_train_step(m, tok, tgt, NULL, 1, T, &r, &st, &err) == AL_ESTATE);
    ck_assert_msg(strstr(err.msg, "inference") != NULL, "%s", err.msg);
    double loss;
    ck_assert(model_backward(m, tgt, &loss, &err) == AL_ESTATE);
    compile(m, &r, 1);
    ck_assert(!m->inference && m->grads != NULL);
    ck_assert(model_forward(m, tok, NULL, 1, T, 0, NULL, &logits, &err) == AL_OK);
    ck_assert_float_eq(logits[0], first); /* the same values */
    ck_assert(model_train_step(m, tok, tgt, NULL, 1, T, &r, &st, &err) == AL_OK);
    model_free(m);
    model_free(full);
}
END_TEST

/* An inference compile holding 3 positions a pass (max_t) runs a 9-token sequence in three
 * cached pieces, with the logits of one ordinary pass of a model with the same values; an
 * ordinary pass longer than max_t is refused. */
START_TEST(test_inference_pieces)
{
    enum { CT = 9 };
    struct model *m[2];
    for (int k = 0; k < 2; k++) {
        struct rng r;
        rng_seed(&r, 30);
        m[k] = model_new(V, CT);
        add(m[k], (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
        add(m[k], layer(LAYER_POSITION));
        add(m[k], layer(LAYER_BLOCK));
        add(m[k], layer(LAYER_LAYERNORM));
        add(m[k], (struct layer_config){.kind = LAYER_OUTPUT, .tie = 1, .nobias = 1});
        struct al_error err;
        if (k)
            ck_assert(model_compile_inference(m[k], 1, 3, &r, &err) == AL_OK);
        else
            compile(m[k], &r, 1);
    }
    ck_assert_mem_eq(m[0]->values, m[1]->values, sizeof(float) * m[0]->param_floats);
    ck_assert_int_eq(m[1]->max_t, 3);
    ck_assert_uint_lt(m[1]->arena.capacity, m[0]->arena.capacity);
    int32_t seq[CT] = {1, 4, 2, 6, 0, 3, 5, 5, 2};
    float *full, *piece, want[CT * V];
    struct al_error err;
    ck_assert(model_forward(m[0], seq, NULL, 1, CT, 0, NULL, &full, &err) == AL_OK);
    memcpy(want, full, sizeof want);
    ck_assert(model_forward(m[1], seq, NULL, 1, 4, 0, NULL, &full, &err) == AL_EINVAL);
    for (int p = 0; p < CT; p += 3) {
        ck_assert(model_forward_cached(m[1], seq + p, 3, p, &piece, &err) == AL_OK);
        for (int k = 0; k < 3 * V; k++)
            ck_assert_float_eq_tol(piece[k], want[p * V + k], 1e-5f);
    }
    ck_assert(model_forward_cached(m[1], seq, 4, 0, &piece, &err) == AL_EINVAL);
    model_free(m[0]);
    model_free(m[1]);
}
END_TEST

START_TEST(test_grad_lstm_model)
{
    struct rng r;
    rng_seed(&r, 12);
    struct model *m = model_new(V, T);
    struct layer_config emb = {.kind = LAYER_EMBEDDING, .units = WIDTH};
    add(m, emb);
    add(m, layer(LAYER_LSTM));
    struct layer_config d = layer(LAYER_DENSE);
    d.act = ACT_TANH;
    add(m, d);
    add(m, layer(LAYER_OUTPUT));
    compile(m, &r, B);
    randomise(m, &r);
    check_model(m, 0, 0, "LSTM model");
    model_free(m);
}
END_TEST

/* p = [1, -2], the same gradient g = [0.5, 0.25] at both steps; values worked out by hand. */
static void run_optim(struct optim_config *o, float p[2], int steps)
{
    float g[2] = {0.5f, 0.25f}, m[2] = {0, 0}, v[2] = {0, 0};
    p[0] = 1.0f;
    p[1] = -2.0f;
    for (int s = 1; s <= steps; s++)
        optim_update(o, p, g, m, v, 2, s);
}

START_TEST(test_optimizers_by_hand)
{
    struct optim_config o;
    float p[2];
    /* SGD lr 0.1 momentum 0.9: buf1 = g, p = 1 - 0.05; buf2 = 0.9·0.5 + 0.5 = 0.95 */
    optim_config_default(&o, OPTIM_SGD);
    run_optim(&o, p, 2);
    ck_assert_float_eq_tol(p[0], 0.855f, 1e-6f);   /* 1 - 0.05 - 0.095 */
    ck_assert_float_eq_tol(p[1], -2.0725f, 1e-6f); /* -2 - 0.025 - 0.0475 */
    /* Adam lr 0.1: the first bias-corrected step is lr·sign(g) */
    optim_config_default(&o, OPTIM_ADAM);
    o.lr = 0.1f;
    run_optim(&o, p, 1);
    ck_assert_float_eq_tol(p[0], 0.9f, 1e-6f);
    ck_assert_float_eq_tol(p[1], -2.1f, 1e-6f);
    /* second step, same g: m = 0.095, m̂ = 0.095/0.19 = 0.5; v = 0.00049975,
     * v̂ = 0.00049975/0.001999 = 0.25: bias correction keeps the step at lr·sign(g) */
    run_optim(&o, p, 2);
    ck_assert_float_eq_tol(p[0], 0.8f, 2e-6f);
    ck_assert_float_eq_tol(p[1], -2.2f, 2e-6f);
    /* a gradient that changes: g1 = 0.5, g2 = -0.5 gives m = -0.005, m̂ = -0.02631579,
     * v̂ = 0.25, p = 0.9 + 0.1·0.02631579/0.5 = 0.90526316 */
    {
        float q = 1.0f, m1 = 0, v1 = 0, g1 = 0.5f, g2 = -0.5f;
        optim_update(&o, &q, &g1, &m1, &v1, 1, 1);
        optim_update(&o, &q, &g2, &m1, &v1, 1, 2);
        ck_assert_float_eq_tol(q, 0.90526316f, 2e-6f);
    }
    /* AdamW lr 0.1 wd 0.1: decay first, p = 1 - 0.01 = 0.99, then - 0.1 */
    optim_config_default(&o, OPTIM_ADAMW);
    o.lr = 0.1f;
    o.weight_decay = 0.1f;
    run_optim(&o, p, 1);
    ck_assert_float_eq_tol(p[0], 0.89f, 1e-6f);
    ck_assert_float_eq_tol(p[1], -2.08f, 1e-6f); /* -2 + 0.02 - 0.1 */
    /* SGD with L2 weight decay 0.5: g' = [1.0, -0.75], p = [0.9, -1.925] */
    optim_config_default(&o, OPTIM_SGD);
    o.weight_decay = 0.5f;
    run_optim(&o, p, 1);
    ck_assert_float_eq_tol(p[0], 0.9f, 1e-6f);
    ck_assert_float_eq_tol(p[1], -1.925f, 1e-6f);
}
END_TEST

START_TEST(test_clip_and_schedule)
{
    float g[2] = {3.0f, 4.0f};
    double norm = grad_global_norm(g, 2);
    ck_assert_double_eq_tol(norm, 5.0, 1e-12);
    grad_clip(g, 2, norm, 1.0f);
    ck_assert_float_eq_tol(g[0], 0.6f, 1e-6f);
    ck_assert_float_eq_tol(g[1], 0.8f, 1e-6f);
    ck_assert_float_eq(grad_clip(g, 2, 1.0, 2.0f), 1.0f); /* under the limit: untouched */
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    o.lr = 1.0f;
    ck_assert_float_eq(optim_lr_at(&o, 1234), 1.0f);
    o.schedule = SCHEDULE_COSINE;
    o.warmup = 10;
    o.decay_steps = 110;
    o.min_lr = 0.1f;
    ck_assert_float_eq_tol(optim_lr_at(&o, 5), 0.5f, 1e-6f);
    ck_assert_float_eq_tol(optim_lr_at(&o, 10), 1.0f, 1e-6f);
    ck_assert_float_eq_tol(optim_lr_at(&o, 60), 0.55f, 1e-6f); /* halfway: 0.1 + 0.45 */
    ck_assert_float_eq_tol(optim_lr_at(&o, 110), 0.1f, 1e-6f);
    ck_assert_float_eq_tol(optim_lr_at(&o, 500), 0.1f, 1e-6f);
}
END_TEST

static struct model *tiny_gpt(struct rng *r, int vocab, int context, float dropout)
{
    struct model *m = model_new(vocab, context);
    struct layer_config c = {.kind = LAYER_EMBEDDING, .units = 32};
    add(m, c);
    c = (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_LEARNED};
    add(m, c);
    c = (struct layer_config){.kind = LAYER_BLOCK, .heads = 4, .ff = 64};
    add(m, c);
    if (dropout > 0) {
        c = (struct layer_config){.kind = LAYER_DROPOUT, .rate = dropout};
        add(m, c);
    }
    c = (struct layer_config){.kind = LAYER_LAYERNORM};
    add(m, c);
    c = (struct layer_config){.kind = LAYER_OUTPUT};
    add(m, c);
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    o.lr = 1e-2f;
    o.clip = 1.0f;
    struct al_error err;
    ck_assert(model_compile(m, &o, 4, r, &err) == AL_OK);
    return m;
}

START_TEST(test_tiny_transformer_memorises)
{
    /* one sequence of 16 tokens, its next-token targets; the model must learn it by heart */
    enum { N = 16 };
    int32_t x[N], y[N];
    static const int seq[N + 1] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2};
    for (int k = 0; k < N; k++) {
        x[k] = seq[k];
        y[k] = seq[k + 1];
    }
    struct rng r;
    rng_seed(&r, 1);
    struct model *m = tiny_gpt(&r, 10, N, 0.0f);
    struct step_stats s = {0};
    struct al_error err;
    for (int step = 0; step < 300 && (step == 0 || s.loss >= 0.05); step++)
        ck_assert(model_train_step(m, x, y, NULL, 1, N, &r, &s, &err) == AL_OK);
    ck_assert_msg(s.loss < 0.05, "loss %g after %ld steps", s.loss, s.step);
    ck_assert_double_eq(s.accuracy, 1.0);
    model_free(m);
}
END_TEST

static void train_losses(uint64_t seed, double *losses, int steps)
{
    struct rng r;
    rng_seed(&r, seed);
    struct model *m = tiny_gpt(&r, 10, 8, 0.1f);
    int32_t x[4 * 8], y[4 * 8];
    struct al_error err;
    for (int s = 0; s < steps; s++) {
        for (int k = 0; k < 32; k++) {
            x[k] = (int32_t)rng_below(&r, 10);
            y[k] = (x[k] + 1) % 10;
        }
        struct step_stats st;
        ck_assert(model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err) == AL_OK);
        losses[s] = st.loss;
    }
    model_free(m);
}

START_TEST(test_same_seed_same_losses)
{
    double a[20], b[20], c[20];
    train_losses(42, a, 20);
    train_losses(42, b, 20);
    train_losses(43, c, 20);
    ck_assert_mem_eq(a, b, sizeof a); /* bit for bit */
    ck_assert(memcmp(a, c, sizeof a) != 0);
    ck_assert_double_lt(a[19], a[0]); /* and it learns */
    /* with two BLAS threads too (the same count for both runs) */
    int threads = blas_threads();
    blas_set_threads(2);
    train_losses(42, a, 20);
    train_losses(42, b, 20);
    blas_set_threads(threads);
    ck_assert_mem_eq(a, b, sizeof a);
}
END_TEST

START_TEST(test_training_step_allocates_nothing)
{
    struct rng r;
    rng_seed(&r, 3);
    struct model *m = tiny_gpt(&r, 10, 8, 0.1f);
    int32_t x[32], y[32];
    for (int k = 0; k < 32; k++)
        x[k] = y[k] = k % 10;
    struct step_stats st;
    struct al_error err;
    ck_assert(model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err) == AL_OK); /* warm-up */
    /* no ck_assert inside the counted region: Check itself allocates */
    long before = heap_calls;
    int failures = 0;
    for (int s = 0; s < 5; s++) {
        failures += model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err) != AL_OK;
        failures += model_train_step(m, x, y, NULL, 2, 5, &r, &st, &err) != AL_OK; /* smaller */
    }
    long during = heap_calls - before;
    ck_assert_int_eq(failures, 0);
    ck_assert_int_eq(during, 0);
    model_free(m);
    ck_assert_int_gt(heap_calls, 0); /* the counter does see the code's allocations */
}
END_TEST

/* The data side of a step (random windows, epoch windows) allocates nothing either. */
START_TEST(test_batches_allocate_nothing)
{
    int32_t tokens[200], x[4 * 8], y[4 * 8];
    for (int k = 0; k < 200; k++)
        tokens[k] = k % 7;
    struct rng r;
    rng_seed(&r, 4);
    struct epoch e;
    ck_assert_int_eq(epoch_init(&e, 200, 8, &r, NULL), AL_OK);
    long before = heap_calls;
    int failures = 0, rows = 0;
    for (int s = 0; s < 10; s++) {
        failures += batch_sample(tokens, 200, 4, 8, &r, x, y, NULL) != AL_OK;
        rows += epoch_next(&e, tokens, 4, x, y);
    }
    long during = heap_calls - before;
    epoch_free(&e);
    ck_assert_int_eq(failures, 0);
    ck_assert_int_gt(rows, 0);
    ck_assert_int_eq(during, 0);
}
END_TEST

/* A non-finite loss stops the step before the update: the parameters stay as they were. */
START_TEST(test_non_finite_loss_changes_nothing)
{
    struct rng r;
    rng_seed(&r, 6);
    struct model *m = tiny_gpt(&r, 10, 8, 0.0f);
    int32_t x[32], y[32];
    for (int k = 0; k < 32; k++)
        x[k] = y[k] = k % 10;
    m->params[0].value[3] = INFINITY; /* an embedding entry of token 0 */
    float *before = malloc(m->param_floats * sizeof *before);
    memcpy(before, m->values, m->param_floats * sizeof *before);
    struct step_stats st;
    struct al_error err;
    ck_assert_int_eq(model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err), AL_ENUMERIC);
    ck_assert_ptr_nonnull(strstr(err.msg, "non-finite"));
    ck_assert_mem_eq(m->values, before, m->param_floats * sizeof *before);
    ck_assert_int_eq(m->step, 0);
    free(before);
    model_free(m);
}
END_TEST

START_TEST(test_shape_errors_leave_model_unchanged)
{
    struct model *m = model_new(V, T);
    struct al_error err;
    struct layer_config c = layer(LAYER_BLOCK);
    ck_assert_int_eq(model_add(m, &c, &err), AL_ESHAPE); /* embedding must come first */
    ck_assert_int_eq(m->nlayers, 0);
    struct layer_config emb = {.kind = LAYER_EMBEDDING, .units = 10};
    add(m, emb);
    c.heads = 3; /* 3 does not divide 10 */
    ck_assert_int_eq(model_add(m, &c, &err), AL_ESHAPE);
    ck_assert_str_eq(err.msg, "block: heads=3 must divide the width 10");
    ck_assert_int_eq(m->nlayers, 1);
    ck_assert_int_eq(m->nparams, 1);
    struct rng r;
    rng_seed(&r, 1);
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAM);
    ck_assert_int_eq(model_compile(m, &o, 2, &r, &err), AL_ESTATE); /* no output layer */
    ck_assert_int_eq(m->compiled, 0);
    add(m, layer(LAYER_OUTPUT));
    ck_assert_int_eq(model_add(m, &emb, &err), AL_ESHAPE); /* nothing follows the output */
    ck_assert_str_eq(err.msg, "nothing can follow the output layer");
    ck_assert_int_eq(m->nlayers, 2);
    ck_assert_uint_eq(m->param_floats, V * 10 + V * 10 + V);
    ck_assert_uint_eq(model_layer_param_count(m, 1), V * 10 + V);
    ck_assert_int_eq(model_compile(m, &o, 2, &r, &err), AL_OK);
    ck_assert_int_eq(model_add(m, &c, &err), AL_ESTATE); /* a compiled model is closed */
    ck_assert_int_eq(m->nlayers, 2);
    model_free(m);
}
END_TEST

START_TEST(test_clone_continues_identically)
{
    struct rng r;
    rng_seed(&r, 8);
    struct model *a = tiny_gpt(&r, 10, 8, 0.0f);
    int32_t x[32], y[32];
    for (int k = 0; k < 32; k++) {
        x[k] = k % 10;
        y[k] = (k * 3) % 10;
    }
    struct step_stats sa, sb;
    struct al_error err;
    ck_assert(model_train_step(a, x, y, NULL, 4, 8, &r, &sa, &err) == AL_OK);
    struct model *b = model_clone(a);
    ck_assert_ptr_nonnull(b);
    for (int s = 0; s < 3; s++) {
        ck_assert(model_train_step(a, x, y, NULL, 4, 8, &r, &sa, &err) == AL_OK);
        ck_assert(model_train_step(b, x, y, NULL, 4, 8, &r, &sb, &err) == AL_OK);
        ck_assert_double_eq(sa.loss, sb.loss);
    }
    ck_assert_mem_eq(a->values, b->values, a->param_floats * sizeof(float));
    model_free(a);
    model_free(b);
}
END_TEST

START_TEST(test_recompile_keeps_parameters_and_steps)
{
    struct rng r;
    rng_seed(&r, 9);
    struct model *m = tiny_gpt(&r, 10, 8, 0.0f);
    int32_t x[32], y[32];
    for (int k = 0; k < 32; k++)
        x[k] = y[k] = k % 10;
    struct step_stats st;
    struct al_error err;
    for (int s = 0; s < 3; s++)
        ck_assert(model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err) == AL_OK);
    float *before = malloc(m->param_floats * sizeof *before);
    memcpy(before, m->values, m->param_floats * sizeof *before);
    struct optim_config o;
    optim_config_default(&o, OPTIM_SGD);
    ck_assert(model_compile(m, &o, 2, &r, &err) == AL_OK);
    ck_assert_mem_eq(m->values, before, m->param_floats * sizeof *before);
    ck_assert_int_eq(m->step, 3);
    ck_assert_int_eq(m->optim_step, 0);
    ck_assert_double_eq(vec_sumsq(m->m, m->param_floats), 0.0); /* fresh optimizer state */
    ck_assert(model_train_step(m, x, y, NULL, 2, 8, &r, &st, &err) == AL_OK);
    ck_assert_int_eq(st.step, 4);
    ck_assert_int_eq(m->optim_step, 1);
    ck_assert_int_eq(model_train_step(m, x, y, NULL, 4, 8, &r, &st, &err), AL_EINVAL); /* batch */
    free(before);
    model_free(m);
}
END_TEST

/* explain's long-hand recomputations give the model's own numbers: every attention row of
 * every head (probabilities and head outputs), every LSTM step (gates, cell, output), and
 * the loss of one prediction. */
START_TEST(test_explain_recomputes_the_model)
{
    struct rng r;
    rng_seed(&r, 11);
    struct model *m = tiny_gpt(&r, 13, 8, 0.0f);
    randomise(m, &r);
    int32_t tokens[8] = {1, 5, 2, 7, 3, 3, 9, 12};
    float *logits;
    struct al_error err;
    ck_assert(model_forward(m, tokens, NULL, 1, 8, 0, NULL, &logits, &err) == AL_OK);
    struct explain_attention_buffers b;
    ck_assert(!explain_attention_buffers(m, 0, &b));
    ck_assert(explain_attention_buffers(m, 2, &b));
    ck_assert_int_eq(b.t, 8);
    ck_assert_int_eq(b.heads, 4);
    int d = b.c / b.heads;
    double scores[8], scaled[8], probs[8], out[64];
    for (int h = 0; h < b.heads; h++)
        for (int q = 0; q < b.t; q++) {
            explain_attention_row(&b, h, q, scores, scaled, probs, out);
            double sum = 0.0;
            for (int j = 0; j < b.t; j++) {
                ck_assert_msg(fabs(probs[j] - b.att[((size_t)h * 8 + q) * 8 + j]) < 1e-5,
                              "head %d query %d key %d", h, q, j);
                ck_assert(fabs(scaled[j] * sqrt((double)d) - scores[j]) < 1e-9);
                sum += probs[j];
            }
            ck_assert(fabs(sum - 1.0) < 1e-9);
            ck_assert(probs[b.t - 1] == 0.0 || q == b.t - 1); /* causal: later keys hidden */
            for (int i = 0; i < d; i++)
                ck_assert(fabs(out[i] - b.y[(size_t)q * b.c + h * d + i]) < 1e-5);
        }
    /* the loss of the last position, as the training loss computes it */
    float probsf[13];
    int32_t target = 4;
    struct loss_result lr = cross_entropy_forward(probsf, logits + 7 * 13, &target, 1, 13);
    double max, lse, loss = explain_cross_entropy(logits + 7 * 13, 13, target, &max, &lse);
    ck_assert(fabs(loss - lr.loss) < 1e-5);
    ck_assert(fabs(lse - max -
                   log(1.0 / probsf[(int)target] * exp(logits[7 * 13 + target] - max))) < 1e-4);
    model_free(m);

    /* an LSTM */
    m = model_new(V, T);
    add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = WIDTH});
    add(m, (struct layer_config){.kind = LAYER_LSTM, .units = 6});
    add(m, layer(LAYER_OUTPUT));
    compile(m, &r, B);
    randomise(m, &r);
    int32_t seq[T];
    for (int i = 0; i < T; i++)
        seq[i] = (int32_t)(i * 3 % V);
    ck_assert(model_forward(m, seq, NULL, 1, T, 0, NULL, &logits, &err) == AL_OK);
    struct explain_lstm st;
    ck_assert(!explain_lstm_at(m, 1, T, &st));
    double z[24], gates[24], c[6], h[6];
    for (int p = 0; p < T; p++) {
        ck_assert(explain_lstm_at(m, 1, p, &st));
        explain_lstm_step(&st, z, gates, c, h);
        for (int u = 0; u < 24; u++)
            ck_assert_msg(fabs(gates[u] - st.gates[u]) < 1e-5, "step %d gate %d", p, u);
        for (int u = 0; u < 6; u++) {
            ck_assert(fabs(c[u] - st.c[u]) < 1e-5);
            ck_assert(fabs(h[u] - st.h[u]) < 1e-5);
        }
    }
    model_free(m);
}
END_TEST

static Suite *nn_suite(void)
{
    Suite *s = suite_create("nn");
    TCase *g = tcase_create("gradients");
    tcase_add_test(g, test_grad_dense_activations);
    tcase_add_test(g, test_grad_layernorm);
    tcase_add_test(g, test_grad_rmsnorm);
    tcase_add_test(g, test_grad_gpt2_layout);
    tcase_add_test(g, test_cached_forward);
    tcase_add_test(g, test_heads_uniform);
    tcase_add_test(g, test_compile_inference);
    tcase_add_test(g, test_inference_pieces);
    tcase_add_test(g, test_tied_output_and_eps_by_hand);
    tcase_add_test(g, test_rmsnorm_by_hand);
    tcase_add_test(g, test_layernorm_backward_overwrites);
    tcase_add_test(g, test_layer_config_text);
    tcase_add_test(g, test_grad_attention);
    tcase_add_test(g, test_grad_mlp);
    tcase_add_test(g, test_grad_block);
    tcase_add_test(g, test_grad_lstm);
    tcase_add_test(g, test_grad_position);
    tcase_add_test(g, test_grad_dropout);
    tcase_add_test(g, test_grad_classify);
    tcase_add_test(g, test_grad_two_block_transformer);
    tcase_add_test(g, test_grad_lstm_model);
    suite_add_tcase(s, g);
    TCase *t = tcase_create("training");
    tcase_add_test(t, test_optimizers_by_hand);
    tcase_add_test(t, test_clip_and_schedule);
    tcase_add_test(t, test_tiny_transformer_memorises);
    tcase_add_test(t, test_same_seed_same_losses);
    tcase_add_test(t, test_training_step_allocates_nothing);
    tcase_add_test(t, test_batches_allocate_nothing);
    tcase_add_test(t, test_non_finite_loss_changes_nothing);
    tcase_add_test(t, test_shape_errors_leave_model_unchanged);
    tcase_add_test(t, test_clone_continues_identically);
    tcase_add_test(t, test_recompile_keeps_parameters_and_steps);
    tcase_add_test(t, test_explain_recomputes_the_model);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){nn_suite, NULL});
}
