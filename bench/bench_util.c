/* bench_util.c: the reference models and the product replay of bench_util.h. */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

const struct bench_config bench_gpt = {"baby-gpt", 12, 64, OPTIM_ADAMW, 1e-3f};
const struct bench_config bench_lstm = {"seed-lstm", 64, 100, OPTIM_ADAM, 1e-3f};

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int add(struct model *m, struct layer_config c)
{
    struct al_error err;
    if (model_add(m, &c, &err) != AL_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* baby GPT: 4 blocks, 4 heads, width 128, MLP 512, context 64; the seed's model: embedding
 * 16, LSTM 64, dense to the vocabulary. */
struct model *bench_model(const struct bench_config *cfg, int vocab)
{
    struct model *m = model_new(vocab, cfg->seq);
    if (!m)
        return NULL;
    int bad;
    if (cfg == &bench_gpt) {
        bad = add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 128});
        bad |= add(m, (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_LEARNED});
        for (int i = 0; i < 4; i++)
            bad |= add(m, (struct layer_config){.kind = LAYER_BLOCK, .heads = 4, .ff = 512});
        bad |= add(m, (struct layer_config){.kind = LAYER_LAYERNORM});
    } else {
        bad = add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 16});
        bad |= add(m, (struct layer_config){.kind = LAYER_LSTM, .units = 64});
    }
    bad |= add(m, (struct layer_config){.kind = LAYER_OUTPUT});
    if (bad) {
        model_free(m);
        return NULL;
    }
    return m;
}

static size_t rows_a(const struct mm_call *c)
{
    return (size_t)(c->ta == MM_N ? c->m : c->k) * c->lda;
}

static size_t rows_b(const struct mm_call *c)
{
    return (size_t)(c->tb == MM_N ? c->k : c->n) * c->ldb;
}

static float *random_floats(size_t n)
{
    float *x = malloc((n ? n : 1) * sizeof *x);
    for (size_t i = 0; x && i < n; i++)
        x[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
    return x;
}

int replay_alloc(struct replay_buffers *rb, const struct mm_trace *t)
{
    size_t na = 0, nb = 0, nc = 0;
    for (int i = 0; i < t->count; i++) {
        const struct mm_call *c = &t->calls[i];
        na = rows_a(c) > na ? rows_a(c) : na;
        nb = rows_b(c) > nb ? rows_b(c) : nb;
        nc = (size_t)c->m * c->ldc > nc ? (size_t)c->m * c->ldc : nc;
    }
    rb->a = random_floats(na);
    rb->b = random_floats(nb);
    rb->c = random_floats(nc);
    if (rb->a && rb->b && rb->c)
        return 0;
    replay_free(rb);
    return -1;
}

void replay_free(struct replay_buffers *rb)
{
    free(rb->a);
    free(rb->b);
    free(rb->c);
    rb->a = rb->b = rb->c = NULL;
}

void replay_run(const struct mm_trace *t, const struct replay_buffers *rb)
{
    for (int i = 0; i < t->count; i++) {
        const struct mm_call *c = &t->calls[i];
        mm(c->ta, c->tb, c->m, c->n, c->k, 1.0f, rb->a, c->lda, rb->b, c->ldb, c->beta, rb->c,
           c->ldc);
    }
}

double trace_flops(const struct mm_trace *t)
{
    double f = 0.0;
    for (int i = 0; i < t->count; i++)
        f += 2.0 * t->calls[i].m * t->calls[i].n * t->calls[i].k;
    return f;
}

int trace_init(struct mm_trace *t, int cap)
{
    t->calls = malloc((size_t)cap * sizeof *t->calls);
    t->cap = t->calls ? cap : 0;
    t->count = t->dropped = 0;
    return t->calls ? 0 : -1;
}

void trace_free(struct mm_trace *t)
{
    free(t->calls);
    t->calls = NULL;
    t->cap = t->count = 0;
}
