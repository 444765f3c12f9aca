/* live.c: the live panes' content (see live.h): status, snapshots and their drawings. */
#include "lang/live.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/picture.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/model.h"
#include "viz/plot.h"

static double last_of(const struct history *h)
{
    return h->n ? h->loss[h->n - 1] : NAN;
}

void live_status(const struct session *s, struct live_status *out)
{
    memset(out, 0, sizeof *out);
    out->train_loss = out->val_loss = out->lr = out->grad_norm = NAN;
    out->eta_s = -1;
    out->pace = s->lab.pace;
    const struct lab_run *run = &s->lab.run;
    out->running = run->running;
    out->elapsed_s = run->running ? lab_now() - run->started : run->elapsed;
    if (out->elapsed_s > 0)
        out->tokens_per_s = run->tokens / out->elapsed_s;
    if (run->running && run->done > 0 && run->total > 0)
        out->eta_s = out->elapsed_s / run->done * (run->total - run->done);
    const struct lab_model *m = lab_current(&s->lab);
    if (!m)
        return;
    snprintf(out->model, sizeof out->model, "%s", m->name);
    out->step = m->net->step;
    out->train_loss = last_of(&m->train);
    out->val_loss = last_of(&m->val);
    out->lr = last_of(&m->lr);
    out->grad_norm = last_of(&m->grad_norm);
}

void live_snapshot_init(struct live_snapshot *sn)
{
    memset(sn, 0, sizeof *sn);
    sn->replay_frame = -1;
}

void live_snapshot_free(struct live_snapshot *sn)
{
    free(sn->models);
    for (int i = 0; i < sn->cap_series; i++) {
        free(sn->series[i].step);
        free(sn->series[i].value);
    }
    free(sn->series);
    lab_frame_free(&sn->current);
    for (int i = 0; i < sn->nframes; i++)
        lab_frame_free(&sn->frames[i]);
    live_snapshot_init(sn);
}

/* Makes dst hold name and the n points; only those after dst's first `keep` are copied. */
static enum al_status series_sync(struct live_series *dst, const char *name, const float *step,
                                  const float *value, int n, int keep)
{
    if (keep > dst->n || keep > n || strcmp(dst->name, name) != 0)
        keep = 0;
    if (n > dst->cap) {
        int cap = dst->cap ? dst->cap : 256;
        while (cap < n)
            cap *= 2;
        float *s = realloc(dst->step, sizeof *s * (size_t)cap);
        if (s)
            dst->step = s;
        float *v = s ? realloc(dst->value, sizeof *v * (size_t)cap) : NULL;
        if (v)
            dst->value = v;
        if (!s || !v)
            return AL_ENOMEM;
        dst->cap = cap;
    }
    snprintf(dst->name, sizeof dst->name, "%s", name);
    if (n > keep) {
        memcpy(dst->step + keep, step + keep, sizeof *step * (size_t)(n - keep));
        memcpy(dst->value + keep, value + keep, sizeof *value * (size_t)(n - keep));
    }
    dst->n = n;
    return AL_OK;
}

static enum al_status reserve_series(struct live_snapshot *sn, int n)
{
    if (n <= sn->cap_series)
        return AL_OK;
    struct live_series *g = realloc(sn->series, sizeof *g * (size_t)n);
    if (!g)
        return AL_ENOMEM;
    memset(g + sn->cap_series, 0, sizeof *g * (size_t)(n - sn->cap_series));
    sn->series = g;
    sn->cap_series = n;
    return AL_OK;
}

static enum al_status reserve_models(struct live_snapshot *sn, int n)
{
    if (n <= sn->cap_models)
        return AL_OK;
    char(*g)[64] = realloc(sn->models, sizeof *g * (size_t)n);
    if (!g)
        return AL_ENOMEM;
    sn->models = g;
    sn->cap_models = n;
    return AL_OK;
}

static enum al_status stage_series(struct session *s, struct live_snapshot *st, int full)
{
    const struct lab *l = &s->lab;
    if (reserve_series(st, 2 * l->nmodels) || reserve_models(st, l->nmodels))
        return AL_ENOMEM;
    int n = 0;
    for (int i = 0; i < l->nmodels; i++) {
        const struct lab_model *m = l->models[i];
        snprintf(st->models[i], sizeof st->models[i], "%s", m->name);
        const struct history *h[2] = {&m->train, &m->val};
        for (int k = 0; k < 2; k++) {
            if (h[k]->n == 0)
                continue;
            char name[80];
            snprintf(name, sizeof name, "%s %s", m->name, k ? "val" : "train");
            struct live_series *d = &st->series[n++];
            if (series_sync(d, name, h[k]->step, h[k]->loss, h[k]->n, full ? 0 : d->n))
                return AL_ENOMEM;
        }
    }
    st->nmodels = l->nmodels;
    st->nseries = n;
    return AL_OK;
}

/* The probe's attention now, when it changed since the last capture. */
static void stage_current(struct session *s, struct live_snapshot *st)
{
    struct lab *l = &s->lab;
    struct lab_watch *w = &l->watch;
    struct lab_model *m = lab_current(l);
    if (!w->active || !m || !m->net->compiled || w->layer >= m->net->nlayers ||
        !model_attention_probs(m->net, w->layer, NULL)) {
        lab_frame_free(&st->current);
        st->current_model = NULL;
        return;
    }
    if (st->current.probs && st->current_model == m && st->current_step == m->net->step &&
        st->current_watch == w->gen)
        return;
    struct al_error err;
    if (picture_capture(&st->current, m, w->text, w->layer, &err) != AL_OK)
        lab_frame_free(&st->current);
    st->current_model = m;
    st->current_step = m->net->step;
    st->current_watch = w->gen;
}

static enum al_status copy_frames(struct live_snapshot *dst, const struct lab_frame *frames, int n,
                                  long gen)
{
    if (dst->timeline_gen == gen && dst->nframes == n)
        return AL_OK;
    for (int i = 0; i < dst->nframes; i++)
        lab_frame_free(&dst->frames[i]);
    dst->nframes = 0;
    for (int i = 0; i < n; i++) {
        if (lab_frame_copy(&dst->frames[i], &frames[i]) != AL_OK)
            return AL_ENOMEM;
        dst->nframes = i + 1;
    }
    dst->timeline_gen = gen;
    return AL_OK;
}

enum al_status live_stage(struct session *s, struct live_snapshot *st, int full, int capture)
{
    live_status(s, &st->status);
    st->vo = draw_viz(s);
    st->colour_off = s->settings.colour == SESSION_COLOUR_OFF;
    st->watch_head = s->lab.watch.head;
    st->watch_scale = s->lab.watch.scale;
    st->replay_frame = s->lab.replay_frame;
    st->replay_gen = s->lab.replay_gen;
    if (capture || full)
        stage_current(s, st);
    const struct lab_timeline *tl = &s->lab.timeline;
    enum al_status a = stage_series(s, st, full);
    enum al_status b = copy_frames(st, tl->frames, tl->n, tl->gen);
    return a != AL_OK ? a : b;
}

enum al_status live_snapshot_copy(struct live_snapshot *dst, const struct live_snapshot *src)
{
    dst->status = src->status;
    dst->vo = src->vo;
    dst->colour_off = src->colour_off;
    dst->watch_head = src->watch_head;
    dst->watch_scale = src->watch_scale;
    dst->replay_frame = src->replay_frame;
    dst->replay_gen = src->replay_gen;
    enum al_status st = AL_OK;
    if (reserve_series(dst, src->nseries) || reserve_models(dst, src->nmodels))
        return AL_ENOMEM;
    if (src->nmodels) /* models may be NULL when there are none */
        memcpy(dst->models, src->models, sizeof *src->models * (size_t)src->nmodels);
    dst->nmodels = src->nmodels;
    for (int i = 0; i < src->nseries && st == AL_OK; i++) {
        const struct live_series *a = &src->series[i];
        st = series_sync(&dst->series[i], a->name, a->step, a->value, a->n,
                         i < dst->nseries ? dst->series[i].n : 0);
    }
    dst->nseries = st == AL_OK ? src->nseries : 0;
    if (dst->current_model != src->current_model || dst->current_step != src->current_step ||
        dst->current_watch != src->current_watch || !dst->current.probs != !src->current.probs) {
        if (lab_frame_copy(&dst->current, &src->current) != AL_OK)
            st = AL_ENOMEM;
        dst->current_model = src->current_model;
        dst->current_step = src->current_step;
        dst->current_watch = src->current_watch;
    }
    if (copy_frames(dst, src->frames, src->nframes, src->timeline_gen) != AL_OK)
        st = AL_ENOMEM;
    return st;
}

int live_draw_loss(const struct live_snapshot *sn, struct canvas *c, double marker)
{
    if (sn->nseries == 0)
        return 0;
    struct plot_series series[64];
    int n = sn->nseries < 64 ? sn->nseries : 64;
    for (int i = 0; i < n; i++)
        series[i] = (struct plot_series){sn->series[i].name, sn->series[i].step,
                                         sn->series[i].value, sn->series[i].n};
    struct plot_options o = plot_options_default(sn->vo);
    o.marker = marker;
    struct al_error err;
    return plot_loss(c, series, n, &o, &err) == AL_OK;
}

static const struct lab_frame *frame_of(const struct live_snapshot *sn, int frame)
{
    return frame >= 0 && frame < sn->nframes ? &sn->frames[frame] : &sn->current;
}

int live_attention_rows(const struct live_snapshot *sn, int frame)
{
    return picture_frame_rows(frame_of(sn, frame), &sn->vo);
}

int live_draw_attention(const struct live_snapshot *sn, int frame, struct canvas *c, char *what,
                        size_t cap)
{
    const struct lab_frame *f = frame_of(sn, frame);
    if (!f->probs)
        return 0;
    int head = sn->watch_head < f->heads ? sn->watch_head : 0;
    struct al_error err;
    return picture_frame(c, f, head, sn->watch_scale, 0, 1, &sn->vo, what, cap, &err) == AL_OK;
}
