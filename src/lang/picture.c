/* picture.c: loss curves and attention heatmaps of the session's models. */
#include "lang/picture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/infer.h"
#include "nn/model.h"
#include "viz/heatmap.h"
#include "viz/plot.h"

int picture_attention_layer(const struct lab_model *m, int nth, int *count)
{
    int seen = 0, found = -1;
    for (int i = 0; i < m->net->nlayers; i++) {
        enum layer_kind k = m->net->layers[i].cfg.kind;
        if (k != LAYER_ATTENTION && k != LAYER_BLOCK)
            continue;
        if (++seen == nth)
            found = i;
    }
    if (count)
        *count = seen;
    return found;
}

static char **labels_of(const struct lab_model *m, const int32_t *ids, int t)
{
    char **labels = calloc((size_t)t, sizeof *labels);
    for (int i = 0; labels && i < t; i++)
        labels[i] = infer_label(m, ids[i]);
    return labels;
}

static void free_labels(char **labels, int t)
{
    for (int i = 0; labels && i < t; i++)
        free(labels[i]);
    free(labels);
}

static enum al_status draw_heads(struct canvas *c, const float *att, int heads, int t,
                                 char **labels, const struct attention_request *rq,
                                 struct heatmap_options *o, struct al_error *err)
{
    const char *const *lab = (const char *const *)labels;
    if (rq->head == PICTURE_HEAD_ALL)
        return heatmap_heads(c, att, heads, t, lab, o, err);
    if (rq->head >= 0)
        return heatmap_draw(c, att + (size_t)rq->head * t * t, t, lab, o, err);
    float *agg = malloc(sizeof *agg * (size_t)t * t);
    if (!agg)
        return al_fail(err, AL_ENOMEM, "out of memory");
    enum al_status st = heatmap_aggregate(
        agg, att, heads, t, rq->head == PICTURE_HEAD_MAX ? HEATMAP_MAX : HEATMAP_MEAN, err);
    if (st == AL_OK)
        st = heatmap_draw(c, agg, t, lab, o, err);
    free(agg);
    return st;
}

enum al_status picture_attention(struct canvas *c, struct lab_model *m,
                                 const struct attention_request *rq,
                                 const struct viz_options *vo, struct al_error *err)
{
    int32_t *ids;
    size_t n;
    enum al_status st = infer_encode(m, rq->text, &ids, &n, err);
    if (st != AL_OK)
        return st;
    const float *logits;
    st = infer_last_logits(m, ids, n, &logits, err);
    int heads = 0;
    const float *att = st == AL_OK ? model_attention_probs(m->net, rq->layer, &heads) : NULL;
    if (st == AL_OK && !att)
        st = al_fail(err, AL_EINVAL, "layer %s has no attention", m->net->layers[rq->layer].name);
    if (st == AL_OK && rq->head >= heads)
        st = al_fail(err, AL_EINVAL, "head %d does not exist: %s has %d heads", rq->head + 1,
                     m->net->layers[rq->layer].name, heads);
    if (st != AL_OK) {
        free(ids);
        return st;
    }
    int t = m->net->last_t;
    const int32_t *window = ids + (n - (size_t)t);
    char **labels = labels_of(m, window, t);
    char title[160], which[24];
    if (rq->head >= 0)
        snprintf(which, sizeof which, "head %d", rq->head + 1);
    else
        snprintf(which, sizeof which, "%s", rq->head == PICTURE_HEAD_ALL  ? "all heads"
                                            : rq->head == PICTURE_HEAD_MAX ? "max over heads"
                                                                           : "mean over heads");
    snprintf(title, sizeof title, "%s %s, %s, step %ld",
             m->name, m->net->layers[rq->layer].name, which, m->net->step);
    struct heatmap_options o = heatmap_options_default(*vo);
    o.title = title;
    o.causal = !m->net->layers[rq->layer].cfg.bidirectional;
    o.numbers = rq->numbers;
    st = labels ? draw_heads(c, att, heads, t, labels, rq, &o, err)
                : al_fail(err, AL_ENOMEM, "out of memory");
    free_labels(labels, t);
    free(ids);
    return st;
}

enum al_status picture_loss(struct canvas *c, const struct loss_request *rq,
                            const struct viz_options *vo, struct al_error *err)
{
    struct plot_series *series = calloc((size_t)rq->nmodels * 2, sizeof *series);
    char(*names)[80] = calloc((size_t)rq->nmodels * 2, sizeof *names);
    int n = 0;
    for (int i = 0; series && names && i < rq->nmodels; i++) {
        const struct lab_model *m = rq->models[i];
        const struct history *h[2] = {&m->train, &m->val};
        for (int k = 0; k < (rq->val ? 2 : 1); k++) {
            if (h[k]->n == 0)
                continue;
            snprintf(names[n], sizeof names[n], "%s %s", m->name, k ? "val" : "train");
            series[n] = (struct plot_series){names[n], h[k]->step, h[k]->loss, h[k]->n};
            n++;
        }
    }
    enum al_status st;
    if (!series || !names)
        st = al_fail(err, AL_ENOMEM, "out of memory");
    else if (n == 0)
        st = al_fail(err, AL_EINVAL, "nothing to plot yet: train with step or fit first");
    else {
        struct plot_options o = plot_options_default(*vo);
        o.log_y = rq->log_y;
        if (rq->smooth > 0) {
            o.smooth = PLOT_SMOOTH_EMA;
            o.smooth_param = rq->smooth;
        }
        st = plot_loss(c, series, n, &o, err);
    }
    free(series);
    free(names);
    return st;
}
