/* live.c: the live panes' content, read from the session between training steps. */
#include "lang/live.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/draw.h"
#include "lang/picture.h"
#include "lang/session.h"
#include "nn/model.h"

void live_status(const struct session *s, struct live_status *out)
{
    memset(out, 0, sizeof *out);
    out->train_loss = out->val_loss = NAN;
    out->eta_s = -1;
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
    if (m->train.n)
        out->train_loss = m->train.loss[m->train.n - 1];
    if (m->val.n)
        out->val_loss = m->val.loss[m->val.n - 1];
}

int live_draw_loss(const struct session *s, struct canvas *c)
{
    if (s->lab.nmodels == 0)
        return 0;
    struct loss_request rq = {s->lab.models, s->lab.nmodels, 1, 0, 0.0f};
    struct viz_options vo = draw_viz(s);
    struct al_error err;
    return picture_loss(c, &rq, &vo, &err) == AL_OK;
}

int live_draw_attention(struct session *s, struct canvas *c)
{
    struct lab_watch *w = &s->lab.watch;
    struct lab_model *m = lab_current(&s->lab);
    if (!w->active || !m || !m->net->compiled || w->layer >= m->net->nlayers ||
        !model_attention_probs(m->net, w->layer, NULL))
        return 0;
    struct attention_request rq = {w->text, w->layer, w->head, 0};
    struct viz_options vo = draw_viz(s);
    struct al_error err;
    if (picture_attention(c, m, &rq, &vo, &err) != AL_OK)
        return 0;
    w->drawn_step = m->net->step;
    w->drawn_model = m;
    return 1;
}
