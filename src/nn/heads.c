/* heads.c: scoring what attention heads do on a repeated random sequence (see heads.h). */
#include "nn/heads.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "nn/layer_kind.h"

const char *head_kind_name(enum head_kind k)
{
    static const char *const names[HEAD_KINDS] = {"previous", "first", "same", "induction"};
    return k < HEAD_KINDS ? names[k] : "?";
}

enum al_status heads_probe_make(struct heads_probe *p, int half, int vocab, int context,
                                struct rng *rng, struct al_error *err)
{
    if (half < 2 || half > vocab || 2 * half > context)
        return al_fail(err, AL_EINVAL,
                       "a probe of %d tokens twice needs 2 to %d tokens (the "
                       "vocabulary is %d, the context %d)",
                       half, vocab < context / 2 ? vocab : context / 2, vocab, context);
    p->tokens = malloc(sizeof *p->tokens * 2 * (size_t)half);
    if (!p->tokens)
        return al_fail(err, AL_ENOMEM, "out of memory for the probe");
    p->half = half;
    for (int i = 0; i < half; i++) { /* distinct ids: redraw a repeat */
        int32_t id;
        int again;
        do {
            id = (int32_t)rng_below(rng, (uint32_t)vocab);
            again = 0;
            for (int j = 0; j < i && !again; j++)
                again = p->tokens[j] == id;
        } while (again);
        p->tokens[i] = p->tokens[half + i] = id;
    }
    return AL_OK;
}

void heads_probe_free(struct heads_probe *p)
{
    free(p->tokens);
    p->tokens = NULL;
}

int heads_count(const struct model *m)
{
    int n = 0;
    for (int i = 0; i < m->nlayers; i++)
        if (layer_kinds[m->layers[i].cfg.kind]->attention)
            n += m->layers[i].cfg.heads;
    return n;
}

/* The four scores of one head's attention a [T][T], T = 2·half. */
static void score_head(const float *a, int half, float *s)
{
    int t = 2 * half;
    double prev = 0, first = 0, same = 0, ind = 0;
    for (int i = 1; i < t; i++) {
        prev += a[(size_t)i * t + i - 1];
        first += a[(size_t)i * t];
    }
    for (int j = 0; j < half; j++) {
        same += a[(size_t)(half + j) * t + j];
        if (j + 1 < half)
            ind += a[(size_t)(half + j) * t + j + 1];
    }
    s[HEAD_PREVIOUS] = (float)(prev / (t - 1));
    s[HEAD_FIRST] = (float)(first / (t - 1));
    s[HEAD_SAME] = (float)(same / half);
    s[HEAD_INDUCTION] = (float)(ind / (half - 1));
}

/* Mean cross-entropy of predicting tokens[from+1 .. to) from rows from .. to-2. */
static double copy_loss(const float *logits, int v, const int32_t *tokens, int from, int to)
{
    double sum = 0;
    for (int i = from; i + 1 < to; i++) {
        const float *row = logits + (size_t)i * v;
        sum += logsumexp_row(row, v) - row[tokens[i + 1]];
    }
    return sum / (to - from - 1);
}

enum al_status heads_score(struct model *m, const struct heads_probe *p, struct head_score *scores,
                           double *loss_first, double *loss_second, float *all,
                           struct al_error *err)
{
    int t = 2 * p->half;
    float *logits;
    enum al_status st = model_forward(m, p->tokens, NULL, 1, t, 0, NULL, &logits, err);
    if (st != AL_OK)
        return st;
    int v = model_output_width(m), k = 0, nth = 0;
    *loss_first = copy_loss(logits, v, p->tokens, 0, p->half);
    *loss_second = copy_loss(logits, v, p->tokens, p->half, t);
    for (int i = 0; i < m->nlayers; i++) {
        int h;
        const float *att = model_attention_probs(m, i, &h);
        if (!att)
            continue;
        nth++;
        for (int hh = 0; hh < h; hh++, k++) {
            const float *a = att + (size_t)hh * t * t; /* batch 1: [H,T,T] */
            scores[k].layer = i;
            scores[k].nth = nth;
            scores[k].head = hh;
            score_head(a, p->half, scores[k].score);
            if (all)
                memcpy(all + (size_t)k * t * t, a, sizeof *a * (size_t)t * t);
        }
    }
    return AL_OK;
}
