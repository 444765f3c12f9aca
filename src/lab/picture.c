/* picture.c: loss curves and attention heatmaps of the session's models. */
#include "lab/picture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/infer.h"
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

/* Layer `layer`'s attention from the last pass (t tokens, labelled by ids[0..t)) into *f. */
static enum al_status frame_of_layer(struct lab_frame *f, struct lab_model *m, int layer,
                                     const int32_t *ids, struct al_error *err)
{
    int heads = 0, t = m->net->last_t;
    const float *att = model_attention_probs(m->net, layer, &heads);
    if (!att)
        return al_fail(err, AL_EINVAL, "layer %s has no attention", m->net->layers[layer].name);
    size_t cells = (size_t)heads * t * t;
    struct lab_frame fr = {.step = m->net->step,
                           .heads = heads,
                           .t = t,
                           .causal = !m->net->layers[layer].cfg.bidirectional};
    fr.probs = malloc(sizeof *fr.probs * cells);
    fr.labels = labels_of(m, ids, t);
    if (!fr.probs || !fr.labels) {
        lab_frame_free(&fr);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    memcpy(fr.probs, att, sizeof *fr.probs * cells);
    snprintf(fr.title, sizeof fr.title, "%s %s", m->name, m->net->layers[layer].name);
    *f = fr;
    return AL_OK;
}

/* Runs m on text (the latest max_t tokens: what one pass holds) and keeps the attention of
 * each layer in layers[n] into frames[n]. */
static enum al_status capture(struct lab_frame *frames, struct lab_model *m, const char *text,
                              const int *layers, int n, struct al_error *err)
{
    int32_t *ids;
    size_t len;
    enum al_status st = infer_encode(m, text, &ids, &len, err);
    if (st != AL_OK)
        return st;
    const float *logits;
    size_t keep = len < (size_t)m->net->max_t ? len : (size_t)m->net->max_t;
    st = infer_last_logits(m, ids + (len - keep), keep, &logits, err);
    for (int i = 0; i < n && st == AL_OK; i++)
        st = frame_of_layer(&frames[i], m, layers[i], ids + (len - (size_t)m->net->last_t), err);
    free(ids);
    if (st != AL_OK)
        for (int i = 0; i < n; i++)
            lab_frame_free(&frames[i]);
    return st;
}

enum al_status picture_capture(struct lab_frame *f, struct lab_model *m, const char *text,
                               int layer, struct al_error *err)
{
    lab_frame_free(f);
    return capture(f, m, text, &layer, 1, err);
}

enum al_status picture_capture_all(struct lab_frame **frames, int *n, struct lab_model *m,
                                   const char *text, struct al_error *err)
{
    *frames = NULL;
    *n = 0;
    int count;
    picture_attention_layer(m, 1, &count);
    if (count == 0)
        return al_fail(err, AL_ESTATE, "model '%s' has no attention layer", m->name);
    int *layers = malloc(sizeof *layers * (size_t)count);
    struct lab_frame *f = calloc((size_t)count, sizeof *f);
    if (!layers || !f) {
        free(layers);
        free(f);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    for (int i = 0; i < count; i++)
        layers[i] = picture_attention_layer(m, i + 1, NULL);
    enum al_status st = capture(f, m, text, layers, count, err);
    free(layers);
    if (st != AL_OK) {
        free(f);
        return st;
    }
    *frames = f;
    *n = count;
    return AL_OK;
}

void picture_frames_free(struct lab_frame *frames, int n)
{
    for (int i = 0; frames && i < n; i++)
        lab_frame_free(&frames[i]);
    free(frames);
}

enum al_status picture_overview(struct canvas *c, const struct lab_frame *frames, int n,
                                const char *title, int mark_layer, int mark_head,
                                const struct viz_options *vo, struct al_error *err)
{
    if (n < 1 || !frames[0].probs)
        return al_fail(err, AL_EINVAL, "no attention was captured");
    int t = frames[0].t, hmax = 0;
    for (int i = 0; i < n; i++)
        hmax = frames[i].heads > hmax ? frames[i].heads : hmax;
    size_t tt = (size_t)t * t;
    float *grid = malloc(sizeof *grid * (size_t)n * hmax * tt);
    if (!grid)
        return al_fail(err, AL_ENOMEM, "out of memory for the overview");
    for (size_t k = 0; k < (size_t)n * hmax * tt; k++)
        grid[k] = NAN; /* heads a layer lacks: blank */
    for (int i = 0; i < n; i++)
        memcpy(grid + (size_t)i * hmax * tt, frames[i].probs,
               sizeof *grid * tt * (size_t)frames[i].heads);
    struct heatmap_options o = heatmap_options_default(*vo);
    o.causal = frames[0].causal;
    o.mark_row = mark_layer;
    o.mark_col = mark_head;
    enum al_status st = heatmap_grid(c, grid, n, hmax, t, title, &o, err);
    free(grid);
    return st;
}

/* "head 2", "all heads", "mean over heads"; fitted panes say how many were averaged. */
static void head_words(char *out, size_t cap, int head, int heads, int fit)
{
    const char *agg = head == PICTURE_HEAD_MAX ? "max" : "mean";
    if (head >= 0)
        snprintf(out, cap, "head %d", head + 1);
    else if (head == PICTURE_HEAD_ALL)
        snprintf(out, cap, "all heads");
    else if (fit)
        snprintf(out, cap, "%s of %d heads", agg, heads);
    else
        snprintf(out, cap, "%s over heads", agg);
}

/* One try at drawing: every head, one head, or an aggregate (into agg). */
static enum al_status draw_try(struct canvas *c, const struct lab_frame *f, int head, float *agg,
                               struct heatmap_options *o, struct heatmap_shown *shown,
                               struct al_error *err)
{
    const char *const *lab = (const char *const *)f->labels;
    size_t n = (size_t)f->t * f->t;
    if (head == PICTURE_HEAD_ALL)
        return heatmap_heads_shown(c, f->probs, f->heads, f->t, lab, o, shown, err);
    if (head >= 0)
        return heatmap_draw_shown(c, f->probs + (size_t)head * n, f->t, lab, o, shown, err);
    enum al_status st = heatmap_aggregate(
        agg, f->probs, f->heads, f->t, head == PICTURE_HEAD_MAX ? HEATMAP_MAX : HEATMAP_MEAN, err);
    return st == AL_OK ? heatmap_draw_shown(c, agg, f->t, lab, o, shown, err) : st;
}

static int all_shown(const struct heatmap_shown *s)
{
    return s->nr == s->T && s->nc == s->T && s->r0 == 0 && s->c0 == 0;
}

/* The ladder a fitted picture climbs until every row shows: as asked; narrow cells, header
 * rows as the labels need, no per-row notes; no key positions; the rows in two halves side
 * by side (wide cells, then narrow, then without positions). All heads try the rungs that
 * do not fold, then the mean climbs the whole ladder; the last resort is the last rows. */
static const struct rung {
    int narrow, compact, digits, fold;
} ladder[] = {
    {0, 0, 1, 0}, {1, 1, 1, 0}, {1, 1, 0, 0}, {0, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 0, 1},
};
#define NRUNGS ((int)(sizeof ladder / sizeof ladder[0]))

static void climb(struct heatmap_options *o, const struct heatmap_options *asked,
                  const struct rung *r)
{
    *o = *asked;
    if (r->compact) {
        o->key_rows = -1;
        o->annotate = 0;
    }
    o->narrow = r->narrow;
    o->key_digits = r->digits;
    o->fold = r->fold;
}

static void fitted_options(struct heatmap_options *o, const struct lab_frame *f, int scale,
                           int numbers, int fit, const struct viz_options *vo, char *title)
{
    *o = heatmap_options_default(*vo);
    o->causal = f->causal;
    o->numbers = numbers;
    o->scale = (enum heatmap_scale)scale;
    o->title = title;
    o->untitled = fit; /* fitted into a pane: its title says what is shown */
}

int picture_frame_rows(const struct lab_frame *f, const struct viz_options *vo)
{
    if (!f->probs)
        return 0;
    struct heatmap_options o, asked;
    fitted_options(&asked, f, 0, 0, 1, vo, NULL);
    climb(&o, &asked, &ladder[1]);
    return heatmap_rows(f->t, (const char *const *)f->labels, &o);
}

enum al_status picture_frame(struct canvas *c, const struct lab_frame *f, int head, int scale,
                             int numbers, int fit, const struct viz_options *vo, char *what,
                             size_t cap, struct al_error *err)
{
    if (!f->probs)
        return al_fail(err, AL_EINVAL, "no attention was captured");
    if (head >= f->heads)
        return al_fail(err, AL_EINVAL, "head %d does not exist: the layer has %d heads", head + 1,
                       f->heads);
    float *agg = malloc(sizeof *agg * (size_t)f->t * f->t);
    if (!agg)
        return al_fail(err, AL_ENOMEM, "out of memory");
    char which[48], title[192];
    struct heatmap_options asked, o;
    fitted_options(&asked, f, scale, numbers, fit, vo, title);
    struct heatmap_shown sh;
    enum al_status st = AL_OK;
    int done = 0;
    for (int pass = 0; pass < 2 && !done && st == AL_OK; pass++) {
        if (pass == 1 && (!fit || head != PICTURE_HEAD_ALL))
            break;
        if (pass == 1)
            head = PICTURE_HEAD_MEAN;
        head_words(which, sizeof which, head, f->heads, fit);
        snprintf(title, sizeof title, "%s, %s, step %ld", f->title, which, f->step);
        for (int r = 0; r < (fit ? NRUNGS : 1) && !done && st == AL_OK; r++) {
            if (head == PICTURE_HEAD_ALL && ladder[r].fold)
                continue; /* small multiples do not fold */
            if (fit)
                climb(&o, &asked, &ladder[r]);
            else
                o = asked;
            st = draw_try(c, f, head, agg, &o, &sh, err);
            done = st == AL_OK && (!fit || all_shown(&sh));
        }
    }
    if (!done && st == AL_OK) { /* the last rows (and columns): where the newest tokens attend */
        climb(&o, &asked, &ladder[2]);
        st = draw_try(c, f, head, agg, &o, &sh, err);
        if (st == AL_OK && !all_shown(&sh)) {
            o.row0 = sh.nr > 0 ? f->t - sh.nr : 0;
            o.col0 = sh.nc > 0 && sh.nc < f->t ? f->t - sh.nc : 0;
            st = draw_try(c, f, head, agg, &o, &sh, err);
        }
    }
    if (what && cap) {
        char rows[64];
        if (st == AL_OK && sh.nr == 0)
            snprintf(rows, sizeof rows, "too small to show");
        else if (st == AL_OK && !all_shown(&sh))
            snprintf(rows, sizeof rows, "%s %d of %d rows", sh.r0 > 0 ? "last" : "first", sh.nr,
                     f->t);
        else
            snprintf(rows, sizeof rows, "%d tokens%s", f->t, sh.folded ? " in two halves" : "");
        snprintf(what, cap, "%s, %s, step %ld, %s", f->title, which, f->step, rows);
    }
    free(agg);
    return st;
}

enum al_status picture_attention(struct canvas *c, struct lab_model *m,
                                 const struct attention_request *rq, const struct viz_options *vo,
                                 struct al_error *err)
{
    struct lab_frame f = {0};
    enum al_status st = picture_capture(&f, m, rq->text, rq->layer, err);
    if (st == AL_OK && rq->head >= f.heads)
        st = al_fail(err, AL_EINVAL, "head %d does not exist: %s has %d heads", rq->head + 1,
                     m->net->layers[rq->layer].name, f.heads);
    if (st == AL_OK)
        st = picture_frame(c, &f, rq->head, rq->scale, rq->numbers, 0, vo, NULL, 0, err);
    lab_frame_free(&f);
    return st;
}

const char *const picture_series_names[PICTURE_NSERIES + 1] = {
    "loss", "val", "accuracy", "val_accuracy", "grad_norm", "lr", NULL};

static const struct history *series_of(const struct lab_model *m, int k)
{
    const struct history *h[PICTURE_NSERIES] = {&m->train,        &m->val,       &m->accuracy,
                                                &m->val_accuracy, &m->grad_norm, &m->lr};
    return h[k];
}

enum al_status picture_loss(struct canvas *c, const struct loss_request *rq,
                            const struct viz_options *vo, struct al_error *err)
{
    unsigned want = rq->series ? rq->series : PICTURE_LOSS | (rq->val ? PICTURE_VAL : 0);
    size_t most = (size_t)rq->nmodels * PICTURE_NSERIES;
    struct plot_series *series = calloc(most ? most : 1, sizeof *series);
    char(*names)[80] = calloc(most ? most : 1, sizeof *names);
    int n = 0;
    for (int i = 0; series && names && i < rq->nmodels; i++) {
        const struct lab_model *m = rq->models[i];
        for (int k = 0; k < PICTURE_NSERIES; k++) {
            const struct history *h = series_of(m, k);
            if (!(want & (1u << k)) || h->n == 0)
                continue;
            snprintf(names[n], sizeof names[n], "%s %s", m->name,
                     k == 0 ? "train" : picture_series_names[k]);
            series[n] = (struct plot_series){names[n], h->step, h->loss, h->n};
            n++;
        }
    }
    char title[128] = "";
    size_t tn = 0;
    if (want & ~(unsigned)(PICTURE_LOSS | PICTURE_VAL))
        for (int k = 0; k < PICTURE_NSERIES && tn < sizeof title; k++)
            if (want & (1u << k))
                tn += (size_t)snprintf(title + tn, sizeof title - tn, "%s%s", tn ? ", " : "",
                                       picture_series_names[k]);
    enum al_status st;
    if (!series || !names)
        st = al_fail(err, AL_ENOMEM, "out of memory");
    else if (n == 0)
        st = al_fail(err, AL_EINVAL, "nothing to plot yet: train with step or fit first");
    else {
        struct plot_options o = plot_options_default(*vo);
        o.log_y = rq->log_y;
        o.marker = rq->marker;
        if (title[0])
            o.title = title;
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
