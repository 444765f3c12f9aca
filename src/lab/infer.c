/* infer.c: inference helpers for predict, generate, attention and the live panes. */
#include "lab/infer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "data/tokenizer.h"
#include "nn/model.h"

enum al_status infer_encode(const struct lab_model *m, const char *text, int32_t **ids, size_t *n,
                            struct al_error *err)
{
    return tok_encode(m->tok, text, strlen(text), ids, n, err);
}

enum al_status infer_last_logits(struct lab_model *m, const int32_t *ids, size_t n,
                                 const float **logits, struct al_error *err)
{
    struct model *net = m->net;
    if (!net->compiled)
        return al_fail(err, AL_ESTATE, "model '%s' is not compiled yet: run compile first",
                       m->name);
    if (n == 0)
        return al_fail(err, AL_EINVAL, "the text has no tokens");
    size_t t = n < (size_t)net->context ? n : (size_t)net->context;
    const int32_t *window = ids + (n - t);
    int32_t len = (int32_t)t;
    float *out;
    if (t > (size_t)net->max_t) { /* longer than one pass holds: through the cache */
        struct infer_cache cache = {0};
        return infer_next_logits(m, ids, n, &cache, logits, err);
    }
    enum al_status st = model_forward(net, window, &len, 1, (int)t, 0, NULL, &out, err);
    if (st != AL_OK)
        return st;
    int width = model_output_width(net);
    *logits = model_is_classifier(net) ? out : out + (t - 1) * (size_t)width;
    return AL_OK;
}

enum al_status infer_next_logits(struct lab_model *m, const int32_t *ids, size_t n,
                                 struct infer_cache *cache, const float **logits,
                                 struct al_error *err)
{
    struct model *net = m->net;
    if (cache->off || !net->compiled || n == 0 || !model_can_cache(net))
        return infer_last_logits(m, ids, n, logits, err);
    size_t t = n < (size_t)net->context ? n : (size_t)net->context, start = n - t;
    int reuse = cache->len > 0 && cache->start == start && cache->len + 1 == t &&
                (size_t)net->cache_len == cache->len;
    size_t from = reuse ? t - 1 : 0;
    float *out = NULL;
    enum al_status st = AL_OK;
    /* a fresh window runs in pieces of at most the positions one pass holds; only the last
     * position's scores are computed (a row of scores is a pass over the output's weight) */
    size_t piece = (size_t)net->max_t;
    while (st == AL_OK && t - from > piece) {
        st = model_forward_cached_last(net, ids + start + from, (int)piece, (int)from, &out, err);
        from += piece;
    }
    if (st == AL_OK)
        st = model_forward_cached_last(net, ids + start + from, (int)(t - from), (int)from, &out,
                                       err);
    if (st != AL_OK) {
        cache->len = 0;
        return st;
    }
    cache->start = start;
    cache->len = t;
    *logits = out;
    return AL_OK;
}

void infer_distribution(const float *logits, int v, float temperature, int top_k, float *probs)
{
    if (temperature <= 0.0f) {
        int best = 0;
        for (int k = 1; k < v; k++)
            if (logits[k] > logits[best])
                best = k;
        memset(probs, 0, sizeof *probs * (size_t)v);
        probs[best] = 1.0f;
        return;
    }
    float threshold = -INFINITY;
    if (top_k > 0 && top_k < v) {
        /* the k-th largest logit: partial selection on a copy in probs */
        memcpy(probs, logits, sizeof *probs * (size_t)v);
        for (int i = 0; i < top_k; i++)
            for (int j = i + 1; j < v; j++)
                if (probs[j] > probs[i]) {
                    float tmp = probs[i];
                    probs[i] = probs[j];
                    probs[j] = tmp;
                }
        threshold = probs[top_k - 1];
    }
    for (int k = 0; k < v; k++)
        probs[k] = logits[k] >= threshold ? logits[k] / temperature : -INFINITY;
    softmax_row(probs, v);
}

int infer_sample(const float *probs, int v, struct rng *r)
{
    float u = rng_uniform(r), acc = 0.0f;
    int last = 0;
    for (int k = 0; k < v; k++) {
        if (probs[k] <= 0.0f)
            continue;
        acc += probs[k];
        last = k;
        if (u < acc)
            return k;
    }
    return last; /* rounding left u above the sum */
}

char *infer_label(const struct lab_model *m, int32_t id)
{
    size_t len = 0;
    const char *piece = tok_piece(m->tok, id, &len);
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    if (piece)
        memcpy(s, piece, len);
    s[len] = '\0';
    return s;
}
