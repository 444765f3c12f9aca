/* cmd_show.c: the commands that look inside: attention (a heatmap of a text), watch (the
 * probe the notebook's attention pane follows), plot (loss curves), gradcheck (analytic
 * against numerical gradients) and histogram (weights or gradients of a layer). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/batch.h"
#include "data/corpus.h"
#include "data/labelled.h"
#include "data/tokenizer.h"
#include "lab/picture.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/gradcheck.h"
#include "nn/model.h"
#include "viz/bars.h"
#include "viz/table.h"

/* ---- attention and watch ---- */

static const char *const scale_words[] = {"fixed", "auto", "row", NULL};
static const struct opt_spec text_arg[] = {
    {.name = "text", .type = VAL_STRING, .help = "the text the model reads"},
    CMD_OPTS_END,
};
static const struct opt_spec attention_opts[] = {
    {.name = "layer",
     .type = VAL_ANY,
     .def = "1",
     .help = "which attention layer (or block), from 1; all: every layer by every head, small "
             "multiples (attention only)"},
    {.name = "head", .type = VAL_ANY, .def = "1", .help = "a head from 1, or all, mean or max"},
    {.name = "numbers",
     .type = VAL_BOOL,
     .def = "off",
     .help = "print the probabilities instead of shades"},
    {.name = "scale",
     .type = VAL_ENUM,
     .def = "fixed",
     .words = scale_words,
     .help = "shades: fixed 0..1, auto (0..the largest value), row (each row its own)"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

/* A head number written as digits, or 0. */
static int head_number(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    return end != s && *end == '\0' && n > 0 && n < 100000 ? (int)n : 0;
}

/* Resolves layer= and head= against m into rq (text not set). layer=all (rq->layer -1, head
 * all) is for the overview; only `attention` allows it (all_ok). */
static enum al_status resolve_attention(struct cmd_ctx *c, struct lab_model *m,
                                        struct attention_request *rq, int all_ok)
{
    const struct lang_value *layer = cmd_opt(c, "layer"), *head = cmd_opt(c, "head");
    int count, nth = head_number(layer->s);
    picture_attention_layer(m, 1, &count);
    if (count == 0)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' has no attention layer", m->name);
    rq->numbers = (int)cmd_opt(c, "numbers")->i;
    rq->scale = (int)cmd_opt(c, "scale")->i;
    if (!strcmp(layer->s, "all")) {
        if (!all_ok)
            return cmd_fail(c, &layer->pos, AL_EINVAL,
                            "layer=all: watch follows one layer (attention \"...\" layer=all "
                            "draws them all)");
        if (head->given && strcmp(head->s, "all"))
            return cmd_fail(c, &head->pos, AL_EINVAL,
                            "head=%s: layer=all draws every head of every layer (head=all)",
                            head->s);
        rq->layer = -1;
        rq->head = PICTURE_HEAD_ALL;
        return AL_OK;
    }
    rq->layer = nth ? picture_attention_layer(m, nth, NULL) : -1;
    if (!nth)
        return cmd_fail(c, &layer->pos, AL_EINVAL,
                        "layer=%s: expected an attention layer from 1 to %d, or all", layer->s,
                        count);
    if (rq->layer < 0)
        return cmd_fail(c, &layer->pos, AL_EINVAL,
                        "layer=%d: model '%s' has %d attention layer%s (count from 1)", nth,
                        m->name, count, count == 1 ? "" : "s");
    int heads = m->net->layers[rq->layer].cfg.heads;
    if (!strcmp(head->s, "all"))
        rq->head = PICTURE_HEAD_ALL;
    else if (!strcmp(head->s, "mean"))
        rq->head = PICTURE_HEAD_MEAN;
    else if (!strcmp(head->s, "max"))
        rq->head = PICTURE_HEAD_MAX;
    else if (head_number(head->s) >= 1 && head_number(head->s) <= heads)
        rq->head = head_number(head->s) - 1; /* written, or the default "1" */
    else
        return cmd_fail(c, &head->pos, AL_EINVAL,
                        "head=%s: expected a head from 1 to %d, or all, mean or max", head->s,
                        heads);
    return AL_OK;
}

static enum al_status check_attention(struct cmd_ctx *c, const struct session *s, int all_ok)
{
    struct lab_model *m;
    struct attention_request rq;
    if (cmd_need_compiled(c, s, &m) != AL_OK || resolve_attention(c, m, &rq, all_ok) != AL_OK)
        return AL_EINVAL;
    return AL_OK;
}

static enum al_status attention_check(struct cmd_ctx *c, const struct session *s)
{
    return check_attention(c, s, 1);
}

/* layer=all: every layer by every head of the text, small multiples, with the attention
 * behind them in the block (the notebook zooms into one head). */
static void show_overview(struct cmd_ctx *c, struct session *s, struct lab_model *m,
                          const char *text)
{
    struct lab_frame *frames;
    int n;
    struct al_error err;
    if (picture_capture_all(&frames, &n, m, text, &err) != AL_OK) {
        cmd_fail_error(c, &cmd_arg(c, 0)->pos, &err);
        return;
    }
    int w, h;
    draw_size(c, s, 160, 50, &w, &h);
    struct canvas *canvas = draw_canvas(c, w, h);
    struct viz_options vo = draw_viz(s);
    char title[160];
    snprintf(title, sizeof title, "%s, step %ld: every head", m->name, m->net->step);
    if (canvas && picture_overview(canvas, frames, n, title, -1, -1, &vo, &err) != AL_OK) {
        canvas_free(canvas);
        cmd_fail_error(c, NULL, &err);
    } else if (canvas) {
        draw_emit_overview(c, draw_trim_rows(canvas), frames, n);
    }
    picture_frames_free(frames, n);
}

static void show_attention(struct cmd_ctx *c, struct session *s, struct lab_model *m,
                           const struct attention_request *rq)
{
    int heads = m->net->layers[rq->layer].cfg.heads;
    int t = m->net->context < 24 ? m->net->context : 24;
    int w, h;
    draw_size(c, s, 100, rq->head == PICTURE_HEAD_ALL ? (t + 8) * heads : t + 10, &w, &h);
    struct canvas *canvas = draw_canvas(c, w, h);
    if (!canvas)
        return;
    struct viz_options vo = draw_viz(s);
    struct al_error err;
    if (picture_attention(canvas, m, rq, &vo, &err) != AL_OK) {
        canvas_free(canvas);
        cmd_fail_error(c, &cmd_arg(c, 0)->pos, &err);
        return;
    }
    draw_emit(c, draw_trim_rows(canvas), NULL);
}

static enum al_status attention_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    struct attention_request rq;
    resolve_attention(c, m, &rq, 1);
    rq.text = cmd_arg(c, 0)->s;
    if (rq.layer < 0)
        show_overview(c, s, m, rq.text);
    else
        show_attention(c, s, m, &rq);
    return c->diag->status;
}

static const struct opt_spec watch_arg[] = {
    {.name = "text", .type = VAL_ANY, .help = "the probe text, or off"},
    CMD_OPTS_END,
};

static enum al_status watch_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *text = cmd_arg(c, 0);
    if (text->kind == AST_WORD && !strcmp(text->s, "off"))
        return AL_OK;
    if (text->kind != AST_STRING)
        return cmd_fail(c, &text->pos, AL_EINVAL, "expected a text in double quotes, or off");
    return check_attention(c, s, 0);
}

static enum al_status watch_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_watch *w = &s->lab.watch;
    const struct lang_value *text = cmd_arg(c, 0);
    long gen = w->gen + 1;
    lab_timeline_clear(&s->lab.timeline); /* the frames were of the old probe */
    if (text->kind == AST_WORD) {
        free(w->text);
        memset(w, 0, sizeof *w);
        w->gen = gen;
        cmd_emit_text(c, "watch is off");
        return AL_OK;
    }
    char *copy = strdup(text->s);
    if (!copy)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    struct lab_model *m = lab_current(&s->lab);
    struct attention_request rq;
    resolve_attention(c, m, &rq, 0);
    free(w->text);
    *w = (struct lab_watch){.active = 1,
                            .text = copy,
                            .layer = rq.layer,
                            .head = rq.head,
                            .drawn_step = -1,
                            .gen = gen,
                            .scale = rq.scale};
    rq.text = copy;
    show_attention(c, s, m, &rq);
    return AL_OK;
}

/* ---- replay ---- */

static const struct opt_spec replay_opts[] = {
    {.name = "speed",
     .type = VAL_FLOAT,
     .def = "4",
     .min = 0.1,
     .max = 100,
     .help = "frames a second (the notebook)"},
    {.name = "from", .type = VAL_INT, .min = 0, .max = 1e15, .help = "the first step to show"},
    {.name = "to", .type = VAL_INT, .min = 0, .max = 1e15, .help = "the last step to show"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

/* The frames [*first, *last] of the timeline inside from= and to=; 0 when none. */
static int replay_range(const struct cmd_ctx *c, const struct lab_timeline *tl, int *first,
                        int *last)
{
    const struct lang_value *from = cmd_opt(c, "from"), *to = cmd_opt(c, "to");
    *first = 0;
    *last = tl->n - 1;
    while (*first < tl->n && from->set && tl->frames[*first].step < from->i)
        (*first)++;
    while (*last >= 0 && to->set && tl->frames[*last].step > to->i)
        (*last)--;
    return *first <= *last;
}

static enum al_status replay_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lab_timeline *tl = &s->lab.timeline;
    int first, last;
    if (tl->n == 0)
        return cmd_fail(c, NULL, AL_ESTATE,
                        "nothing recorded yet: watch a probe (watch \"TEXT\"), then train");
    if (!replay_range(c, tl, &first, &last))
        return cmd_fail(c, NULL, AL_EINVAL, "no frame between from= and to= (steps %ld..%ld)",
                        tl->frames[0].step, tl->frames[tl->n - 1].step);
    return AL_OK;
}

static enum al_status replay_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab *l = &s->lab;
    int first, last, shown = 0;
    replay_range(c, &l->timeline, &first, &last);
    struct viz_options vo = draw_viz(s);
    double every = 1.0 / cmd_opt(c, "speed")->f, next = lab_now();
    for (int i = first; i <= last && c->diag->status == AL_OK; i++, shown++) {
        const struct lab_frame *f = &l->timeline.frames[i];
        if (!s->ui.ctx) { /* a script: the frames as drawings, one after the other */
            int w, h;
            draw_size(c, s, 100, f->t + 10, &w, &h);
            struct canvas *canvas = draw_canvas(c, w, h);
            struct al_error err;
            if (canvas && picture_frame(canvas, f, l->watch.head, l->watch.scale, 0, 0, &vo, NULL,
                                        0, &err) != AL_OK) {
                canvas_free(canvas);
                return cmd_fail_error(c, NULL, &err);
            }
            if (canvas)
                draw_emit(c, draw_trim_rows(canvas), NULL);
            continue;
        }
        l->replay_frame = i; /* the notebook shows it when the sink is next asked */
        l->replay_gen++;
        int stop = sink_interrupted(c->sink);
        for (next += every; !stop && lab_now() < next;) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
            stop = sink_interrupted(c->sink);
        }
        if (stop)
            break;
    }
    l->replay_frame = -1;
    l->replay_gen++;
    cmd_printf(c, "replayed %d frame%s, steps %ld..%ld", shown, shown == 1 ? "" : "s",
               l->timeline.frames[first].step,
               l->timeline.frames[first + (shown ? shown - 1 : 0)].step);
    return c->diag->status;
}

/* ---- plot ---- */

static const struct opt_spec plot_args[] = {
    {.name = "what",
     .type = VAL_WORD,
     .help = "series (loss, val, accuracy, val_accuracy, grad_norm, lr), then model names"},
    CMD_OPTS_END,
};
static const struct opt_spec plot_opts[] = {
    {.name = "val", .type = VAL_BOOL, .def = "on", .help = "include the validation curves"},
    {.name = "log", .type = VAL_BOOL, .def = "off", .help = "a logarithmic loss axis"},
    {.name = "smooth",
     .type = VAL_FLOAT,
     .def = "0",
     .min = 0,
     .max = 0.999,
     .help = "exponential smoothing weight (0: none)"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

struct plot_plan {
    int n;
    unsigned series;            /* enum picture_series bits; 0: loss and val */
    struct lab_model *models[]; /* room for every model named, or every model */
};

/* The bit of a series name, 0 when the word is not one. */
static unsigned series_bit(const char *word)
{
    for (int k = 0; picture_series_names[k]; k++)
        if (!strcmp(word, picture_series_names[k]))
            return 1u << k;
    return 0;
}

static void plot_plan_free(void *p)
{
    free(p);
}

static enum al_status plot_check(struct cmd_ctx *c, const struct session *s)
{
    int room = c->nargs ? c->nargs : s->lab.nmodels;
    struct plot_plan *plan = calloc(1, sizeof *plan + sizeof plan->models[0] * (size_t)room);
    if (!plan)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    c->plan = plan;
    c->plan_free = plot_plan_free;
    int first = 0;
    while (first < c->nargs && series_bit(cmd_arg(c, first)->s))
        plan->series |= series_bit(cmd_arg(c, first++)->s);
    if (plan->series == PICTURE_LOSS)
        plan->series = 0; /* `plot loss`: the loss curves, validation too unless val=off */
    for (int i = first; i < c->nargs; i++) {
        const struct lang_value *name = cmd_arg(c, i);
        if (!(plan->models[plan->n++] = lab_find(&s->lab, name->s)))
            return cmd_fail(c, &name->pos, AL_EINVAL, "no model named '%s'", name->s);
    }
    for (int i = 0; first == c->nargs && i < s->lab.nmodels; i++)
        plan->models[plan->n++] = s->lab.models[i];
    if (plan->n == 0)
        return cmd_fail(c, NULL, AL_ESTATE, "no models yet: define one with model NAME ... end");
    return AL_OK;
}

static enum al_status plot_exec(struct cmd_ctx *c, struct session *s)
{
    struct plot_plan *plan = c->plan;
    struct loss_request rq = {plan->models,
                              plan->n,
                              (int)cmd_opt(c, "val")->i,
                              (int)cmd_opt(c, "log")->i,
                              (float)cmd_opt(c, "smooth")->f,
                              NAN,
                              plan->series};
    int w, h;
    draw_size(c, s, 72, 18, &w, &h);
    struct canvas *canvas = draw_canvas(c, w, h);
    if (!canvas)
        return AL_ENOMEM;
    struct viz_options vo = draw_viz(s);
    struct al_error err;
    if (picture_loss(canvas, &rq, &vo, &err) != AL_OK) {
        canvas_free(canvas);
        return cmd_fail_error(c, NULL, &err);
    }
    draw_emit(c, canvas, NULL);
    return AL_OK;
}

/* ---- gradcheck ---- */

static const struct opt_spec gradcheck_opts[] = {
    {.name = "layer",
     .type = VAL_INT,
     .min = 1,
     .max = 10000,
     .help = "which layer, from 1 as summary lists them (all)"},
    {.name = "entries",
     .type = VAL_INT,
     .def = "3",
     .min = 1,
     .max = 100,
     .help = "entries checked in each parameter"},
    {.name = "eps",
     .type = VAL_FLOAT,
     .def = "1e-2",
     .min = 1e-6,
     .max = 1,
     .help = "the step h of the central difference"},
    CMD_OPTS_END,
};

/* A small batch from the data, drawn with a copy of the session's RNG (which stays as it
 * was): 2 sequences of at most 8 tokens. */
static enum al_status gradcheck_batch_from(const struct session *s, const struct lab_model *m,
                                           int32_t *x, int32_t *y, int32_t *len, int *b, int *t)
{
    struct rng r = s->rng;
    *b = 2;
    *t = m->net->context < 8 ? m->net->context : 8;
    if (s->lab.labelled) {
        size_t rows[2] = {s->lab.order[0], s->lab.order[s->lab.labelled->n > 1]};
        int32_t pad = tok_pad_id(s->lab.labelled->tok);
        labelled_batch(s->lab.labelled, rows, 2, *t, pad < 0 ? 0 : pad, x, len, y);
        return AL_OK;
    }
    size_t n;
    const int32_t *tokens = corpus_train(s->lab.corpus, &n);
    if (n < (size_t)*t + 1)
        *t = (int)n - 1;
    return *t >= 1 ? batch_sample(tokens, n, 2, *t, &r, x, y, NULL) : AL_EINVAL;
}

/* A compiled current model, and layer= (when given) one of its layers. */
static enum al_status need_layer(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_compiled(c, s, &m) != AL_OK)
        return AL_ESTATE;
    const struct lang_value *layer = cmd_opt(c, "layer");
    if (layer->set && layer->i > m->net->nlayers)
        return cmd_fail(c, &layer->pos, AL_EINVAL, "layer=%lld: model '%s' has %d layers", layer->i,
                        m->name, m->net->nlayers);
    return AL_OK;
}

static enum al_status gradcheck_check(struct cmd_ctx *c, const struct session *s)
{
    if (need_layer(c, s) != AL_OK)
        return AL_EINVAL;
    if (!lab_data_tokenizer(&s->lab))
        return cmd_fail(c, NULL, AL_ESTATE, "no data is loaded: gradcheck needs a batch");
    return AL_OK;
}

/* Rows of one parameter; differences are relative to its largest gradient entry (all of
 * them, not only those checked), as the tolerance of a float32 check must be. */
static void gradcheck_rows(struct lab_model *m, int p, const struct gradcheck_entry *e, int n,
                           char **cells, int *row)
{
    const struct param *par = &m->net->params[p];
    double scale = 0.0;
    for (int k = 0; k < par->rows * par->cols; k++)
        scale = fmax(scale, fabs(par->grad[k]));
    for (int k = 0; k < n; k++, (*row)++) {
        char buf[4][32];
        snprintf(buf[0], 32, "%zu", e[k].index);
        snprintf(buf[1], 32, "%+.6f", e[k].analytic);
        snprintf(buf[2], 32, "%+.6f", e[k].numeric);
        snprintf(buf[3], 32, "%.1e", fabs(e[k].analytic - e[k].numeric) / fmax(scale, 1e-12));
        cells[*row * 5] = strdup(k == 0 ? m->net->params[p].name : "");
        for (int j = 0; j < 4; j++)
            cells[*row * 5 + 1 + j] = strdup(buf[j]);
    }
}

static enum al_status gradcheck_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    int32_t x[16], y[16], len[2];
    int b, t;
    if (gradcheck_batch_from(s, m, x, y, len, &b, &t) != AL_OK)
        return cmd_fail(c, NULL, AL_EINVAL, "the data is too short for a batch");
    const struct lang_value *layer = cmd_opt(c, "layer");
    int entries = (int)cmd_opt(c, "entries")->i;
    struct gradcheck_batch batch = {x, y, s->lab.labelled ? len : NULL, b, t, 0, NULL};
    char **cells = calloc((size_t)m->net->nparams * entries * 5, sizeof *cells);
    struct gradcheck_entry *e = calloc((size_t)entries, sizeof *e);
    int row = 0;
    struct al_error err;
    enum al_status st = cells && e ? AL_OK : al_fail(&err, AL_ENOMEM, "out of memory");
    for (int p = 0; st == AL_OK && p < m->net->nparams; p++) {
        if (layer->set && m->net->params[p].layer != layer->i - 1)
            continue;
        int n;
        st = gradcheck_param(m->net, p, &batch, (float)cmd_opt(c, "eps")->f, e, entries, &n, &err);
        if (st == AL_OK)
            gradcheck_rows(m, p, e, n, cells, &row);
    }
    if (st == AL_OK && row == 0)
        cmd_printf(c, "layer %lld has no parameters", layer->i);
    else if (st == AL_OK) {
        static const struct table_column cols[] = {{"parameter", TABLE_LEFT},
                                                   {"entry", TABLE_RIGHT},
                                                   {"backprop", TABLE_RIGHT},
                                                   {"numerical", TABLE_RIGHT},
                                                   {"|diff|/max", TABLE_RIGHT}};
        char title[128];
        snprintf(title, sizeof title,
                 "gradients on a %dx%d batch: backprop vs "
                 "(8(L(p+h)-L(p-h)) - (L(p+2h)-L(p-2h)))/12h",
                 b, t);
        struct viz_options vo = draw_viz(s);
        draw_table(c, &vo, cols, 5, (const char *const *)cells, row, title, 110);
    }
    for (int i = 0; cells && i < row * 5; i++)
        free(cells[i]);
    free(cells);
    free(e);
    return st == AL_OK ? AL_OK : cmd_fail_error(c, NULL, &err);
}

/* ---- histogram ---- */

static const char *const hist_of[] = {"weights", "grads", NULL};
static const struct opt_spec histogram_opts[] = {
    {.name = "layer",
     .type = VAL_INT,
     .min = 1,
     .max = 10000,
     .help = "which layer, from 1 (default: every layer)"},
    {.name = "of",
     .type = VAL_ENUM,
     .def = "weights",
     .words = hist_of,
     .help = "the parameters, or their last gradients"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

static enum al_status histogram_check(struct cmd_ctx *c, const struct session *s)
{
    if (need_layer(c, s) != AL_OK)
        return AL_EINVAL;
    const struct lab_model *m = lab_current(&s->lab);
    if (cmd_opt(c, "of")->i == 1 && m->net->inference)
        return cmd_fail(c, &cmd_opt(c, "of")->pos, AL_ESTATE,
                        "model '%s' has no gradients: it "
                        "was compiled for inference only (compile it to train)",
                        m->name);
    return AL_OK;
}

static enum al_status histogram_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    const struct lang_value *layer = cmd_opt(c, "layer");
    int grads = (int)cmd_opt(c, "of")->i;
    struct viz_options vo = draw_viz(s);
    int w, h, shown = 0;
    draw_size(c, s, 60, 10, &w, &h);
    for (int i = 0; i < m->net->nlayers; i++) {
        const struct layer *l = &m->net->layers[i];
        if ((layer->set && i != layer->i - 1) || l->nparams == 0)
            continue;
        const struct param *p0 = &m->net->params[l->param0];
        size_t n = model_layer_param_count(m->net, i);
        const float *values = grads ? p0->grad : p0->value;
        char title[96];
        snprintf(title, sizeof title, "%s: %s of its %zu parameters", l->name,
                 grads ? "last gradients" : "values", n);
        struct hist_options o = hist_options_default(vo);
        o.title = title;
        struct canvas *canvas = draw_canvas(c, w, h);
        struct al_error err;
        if (!canvas)
            return AL_ENOMEM;
        if (hist_draw(canvas, values, (int)n, &o, &err) != AL_OK) {
            canvas_free(canvas);
            return cmd_fail_error(c, NULL, &err);
        }
        draw_emit(c, canvas, NULL);
        shown++;
    }
    if (!shown)
        cmd_printf(c, "layer %lld has no parameters", layer->i);
    return AL_OK;
}

const struct cmd_spec cmd_show_specs[] = {
    {
        .name = "attention",
        .summary = "Draws the attention of a text in one layer (one head, all, or their mean), "
                   "or every head of every layer",
        .usage = "attention \"TEXT\" [layer=1|all] [head=1|all|mean|max] [numbers=on|off] "
                 "[scale=fixed|auto|row]",
        .help = "Rows are the query tokens, columns the key tokens they attend to; "
                "each row sums to 1. In a causal layer the upper triangle is masked "
                "(blank): a token cannot see the future. layer=all draws the overview: every "
                "layer by every head as small multiples (12 x 12 for GPT-2 small, readable at "
                "160x50), each cell the largest value of the block of the map it covers; in the "
                "notebook F4 on it zooms into any one head.",
        .args = text_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = attention_opts,
        .check = attention_check,
        .exec = attention_exec,
    },
    {
        .name = "watch",
        .summary = "Sets the text whose attention the notebook redraws while training",
        .usage = "watch \"TEXT\" [layer=1] [head=1|all|mean|max] [scale=fixed|auto|row] | "
                 "watch off",
        .help = "The attention pane of the notebook recomputes this heatmap as the model trains, "
                "so the pattern can be seen forming. In a script it is drawn once. Training "
                "records it every few steps (at most 64 frames, evenly spread): `replay` plays "
                "them back.",
        .args = watch_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = attention_opts,
        .check = watch_check,
        .exec = watch_exec,
    },
    {
        .name = "replay",
        .summary = "Plays back the attention frames recorded while the watched probe trained",
        .usage = "replay [speed=4] [from=STEP] [to=STEP]",
        .help = "In the notebook the attention pane shows each frame in turn (speed frames a "
                "second), with a marker on the loss plot at the frame's step; Esc stops. In a "
                "script each frame is drawn. Keys [ and ] on an empty line scrub through the "
                "frames by hand.",
        .opts = replay_opts,
        .check = replay_check,
        .exec = replay_exec,
    },
    {
        .name = "plot",
        .summary = "Plots what training recorded (loss by default) for models, on one chart",
        .usage = "plot [loss|val|accuracy|val_accuracy|grad_norm|lr...] [MODEL...] [val=on|off] "
                 "[log=on|off] [smooth=0.9]",
        .help = "Several series and several models share one chart (all models by default); "
                "training records every series as it goes.",
        .args = plot_args,
        .max_args = CMD_MAX_ARGS,
        .opts = plot_opts,
        .check = plot_check,
        .exec = plot_exec,
    },
    {
        .name = "gradcheck",
        .summary = "Compares backpropagated gradients with numerical ones, entry by entry",
        .usage = "gradcheck [layer=N] [entries=3] [eps=1e-2]",
        .help = "For a few entries of each parameter, the loss is computed with the entry nudged "
                "up and down by h and 2h; the slope (8(L(p+h) - L(p-h)) - (L(p+2h) - L(p-2h))) / "
                "12h (a central difference accurate to h^4) should match backpropagation. The last "
                "column is the difference over the parameter's largest gradient entry: in float32, "
                "agreement to about 1e-3 of it is expected.",
        .opts = gradcheck_opts,
        .check = gradcheck_check,
        .exec = gradcheck_exec,
    },
    {
        .name = "histogram",
        .summary = "Histograms of a layer's weights or of their last gradients",
        .usage = "histogram [layer=N] [of=weights|grads]",
        .opts = histogram_opts,
        .check = histogram_check,
        .exec = histogram_exec,
    },
};
const size_t cmd_show_count = sizeof cmd_show_specs / sizeof cmd_show_specs[0];
