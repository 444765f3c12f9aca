/* cmd_heads.c: `heads`, what every attention head of the current model does. The probe is
 * a random token sequence repeated twice (nn/heads.h): each head is scored by its attention
 * to the previous token, to the first token (a sink), to the same token earlier, and by
 * induction (from each token of the second copy to the token that followed it in the first);
 * the loss on each copy shows whether the model copies in context. view=grid draws every
 * layer by every head as small multiples of the probe's attention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "lab/infer.h"
#include "lab/picture.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/heads.h"
#include "nn/model.h"
#include "viz/heatmap.h"

static const char *const kind_words[] = {"all", "previous", "first", "same", "induction", NULL};
static const char *const view_words[] = {"table", "grid", NULL};

static const struct opt_spec heads_opts[] = {
    {.name = "kind",
     .type = VAL_ENUM,
     .def = "all",
     .words = kind_words,
     .help = "rank by one score (previous, first, same, induction); all: by each head's best"},
    {.name = "top",
     .type = VAL_INT,
     .min = 1,
     .max = 100000,
     .help = "list the best N heads (default: 10 for one kind, every head for all)"},
    {.name = "length",
     .type = VAL_INT,
     .def = "32",
     .min = 2,
     .max = 100000,
     .help = "random tokens in the probe, which is repeated once (capped to half the context)"},
    {.name = "seed",
     .type = VAL_INT,
     .def = "1",
     .min = 0,
     .max = 9007199254740991.0,
     .help = "the probe's random tokens (the session's random numbers are left alone)"},
    {.name = "draw",
     .type = VAL_BOOL,
     .def = "off",
     .help = "after the table, the attention of the first head listed on the probe (the "
             "stripe of an induction head sits one token right of the diagonal of the "
             "repeat)"},
    {.name = "view",
     .type = VAL_ENUM,
     .def = "table",
     .words = view_words,
     .help = "table: the ranked scores; grid: every layer by every head, small multiples"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

static int probe_half(const struct model *net, const struct cmd_ctx *c)
{
    int half = (int)cmd_opt(c, "length")->i;
    if (half > net->max_t / 2)
        half = net->max_t / 2;
    return half > net->vocab ? net->vocab : half;
}

static enum al_status heads_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_compiled(c, s, &m) != AL_OK)
        return AL_ESTATE;
    if (model_is_classifier(m->net))
        return cmd_fail(c, NULL, AL_ESTATE,
                        "model '%s' classifies texts; heads probes a "
                        "language model",
                        m->name);
    if (heads_count(m->net) == 0)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' has no attention layer", m->name);
    if (probe_half(m->net, c) < 2)
        return cmd_fail(c, NULL, AL_ESTATE,
                        "model '%s' runs %d positions at once: too few for "
                        "a probe of 2 tokens twice",
                        m->name, m->net->max_t);
    return AL_OK;
}

/* The rank key of a score line: its best kind's score (kind=all) or the asked kind's. */
static float key_of(const struct head_score *s, int kind, int *best)
{
    *best = 0;
    for (int k = 1; k < HEAD_KINDS; k++)
        if (s->score[k] > s->score[*best])
            *best = k;
    return kind < 0 ? s->score[*best] : s->score[kind];
}

static int rank_kind; /* qsort's context: -1 for all */

static int by_score(const void *a, const void *b)
{
    int ba, bb;
    float ka = key_of(a, rank_kind, &ba), kb = key_of(b, rank_kind, &bb);
    if (ka != kb)
        return ka < kb ? 1 : -1;
    const struct head_score *x = a, *y = b; /* ties: layer then head order */
    return x->nth != y->nth ? x->nth - y->nth : x->head - y->head;
}

static void emit_table(struct cmd_ctx *c, const struct lab_model *m, struct head_score *sc, int n,
                       int kind, int top, int half, double l1, double l2)
{
    struct strbuf b = {0};
    strbuf_printf(&b, "%s: %d heads on %d random tokens repeated (seed %lld)\n", m->name, n, half,
                  cmd_opt(c, "seed")->i);
    strbuf_printf(&b, "loss %.3f on the first copy, %.3f on the second%s\n", l1, l2,
                  l1 - l2 > 0.5 ? ": the model copies what it has seen (induction)" : "");
    rank_kind = kind;
    qsort(sc, (size_t)n, sizeof *sc, by_score);
    strbuf_printf(&b, "rank  layer  head  previous  first   same  induction  role\n");
    for (int i = 0; i < n && i < top; i++) {
        int best;
        float key = key_of(&sc[i], -1, &best);
        strbuf_printf(&b, "%4d  %5d  %4d  %8.3f  %5.3f  %5.3f  %9.3f  %s\n", i + 1, sc[i].nth,
                      sc[i].head + 1, sc[i].score[HEAD_PREVIOUS], sc[i].score[HEAD_FIRST],
                      sc[i].score[HEAD_SAME], sc[i].score[HEAD_INDUCTION],
                      key >= 0.3f ? head_kind_name((enum head_kind)best) : "-");
    }
    if (top < n)
        strbuf_printf(&b, "(%d more; top=%d shows more)\n", n - top, n);
    strbuf_printf(&b, "role: the highest score when at least 0.3. attention \"...\" layer=L "
                      "head=H on a repeated text shows one head.");
    cmd_emit_strbuf(c, &b);
}

/* The attention of the head listed first, on the probe, labelled with its tokens. */
static void emit_best(struct cmd_ctx *c, struct session *s, const struct lab_model *m,
                      const struct head_score *best, const struct heads_probe *p)
{
    int t = 2 * p->half, heads;
    const float *att = model_attention_probs(m->net, best->layer, &heads);
    char **labels = calloc((size_t)t, sizeof *labels);
    int w, h;
    draw_size(c, s, 100, t + 10, &w, &h);
    struct canvas *canvas = labels ? draw_canvas(c, w, h) : NULL;
    if (!canvas) {
        free(labels);
        if (!c->diag->status)
            cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
        return;
    }
    for (int i = 0; i < t; i++)
        labels[i] = infer_label(m, p->tokens[i]);
    struct heatmap_options o = heatmap_options_default(draw_viz(s));
    char title[128];
    snprintf(title, sizeof title, "layer %d head %d on the probe", best->nth, best->head + 1);
    o.title = title;
    struct al_error err;
    if (heatmap_draw(canvas, att + (size_t)best->head * t * t, t, (const char *const *)labels, &o,
                     &err) != AL_OK) {
        canvas_free(canvas);
        cmd_fail_error(c, NULL, &err);
    } else {
        draw_emit(c, draw_trim_rows(canvas), NULL);
    }
    for (int i = 0; i < t; i++)
        free(labels[i]);
    free(labels);
}

/* Every layer by every head, small multiples of the probe's attention, with the attention
 * behind them in the block (one frame a layer: the notebook zooms into one head). */
static void emit_grid(struct cmd_ctx *c, struct session *s, const struct lab_model *m,
                      const struct head_score *sc, int n, const float *all,
                      const struct heads_probe *p)
{
    int layers = sc[n - 1].nth, t = 2 * p->half;
    size_t tt = (size_t)t * t;
    struct lab_frame *frames = calloc((size_t)layers, sizeof *frames);
    int bad = !frames;
    for (int i = 0, first = 0; !bad && i < n; i++) { /* sc is in layer then head order */
        if (i + 1 < n && sc[i + 1].nth == sc[i].nth)
            continue;
        struct lab_frame *f = &frames[sc[i].nth - 1];
        *f = (struct lab_frame){.step = m->net->step, .heads = i + 1 - first, .t = t};
        f->causal = !m->net->layers[sc[i].layer].cfg.bidirectional;
        snprintf(f->title, sizeof f->title, "%s %s", m->name, m->net->layers[sc[i].layer].name);
        f->probs = malloc(sizeof *f->probs * tt * (size_t)f->heads);
        f->labels = calloc((size_t)t, sizeof *f->labels);
        bad = !f->probs || !f->labels;
        for (int k = 0; !bad && k < t; k++)
            bad = !(f->labels[k] = infer_label(m, p->tokens[k]));
        if (!bad)
            memcpy(f->probs, all + (size_t)first * tt, sizeof *f->probs * tt * (size_t)f->heads);
        first = i + 1;
    }
    int w, h;
    draw_size(c, s, 160, 50, &w, &h);
    struct canvas *canvas = bad ? NULL : draw_canvas(c, w, h);
    if (bad)
        cmd_fail(c, NULL, AL_ENOMEM, "out of memory for the overview");
    struct viz_options vo = draw_viz(s);
    char title[160];
    snprintf(title, sizeof title, "%s: every head on a repeated random probe", m->name);
    struct al_error err;
    if (canvas && picture_overview(canvas, frames, layers, title, -1, -1, &vo, &err) != AL_OK) {
        canvas_free(canvas);
        cmd_fail_error(c, NULL, &err);
    } else if (canvas) {
        draw_emit_overview(c, draw_trim_rows(canvas), frames, layers);
    }
    picture_frames_free(frames, frames ? layers : 0);
}

static enum al_status heads_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    struct model *net = m->net;
    int half = probe_half(net, c), n = heads_count(net), t = 2 * half;
    int kind = (int)cmd_opt(c, "kind")->i - 1, grid = cmd_opt(c, "view")->i == 1;
    int top = cmd_opt(c, "top")->set ? (int)cmd_opt(c, "top")->i : kind < 0 ? n : 10;
    struct rng r;
    rng_seed(&r, (uint64_t)cmd_opt(c, "seed")->i);
    struct heads_probe p;
    struct al_error err;
    if (heads_probe_make(&p, half, net->vocab, net->max_t, &r, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    struct head_score *sc = malloc(sizeof *sc * (size_t)n);
    float *all = grid ? malloc(sizeof *all * (size_t)n * t * t) : NULL;
    double l1, l2;
    if (!sc || (grid && !all))
        cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    else if (heads_score(net, &p, sc, &l1, &l2, all, &err) != AL_OK)
        cmd_fail_error(c, NULL, &err);
    else if (grid)
        emit_grid(c, s, m, sc, n, all, &p);
    else
        emit_table(c, m, sc, n, kind, top, half, l1, l2);
    if (!grid && cmd_opt(c, "draw")->i && !c->diag->status)
        emit_best(c, s, m, &sc[0], &p); /* sc is ranked now */
    free(sc);
    free(all);
    heads_probe_free(&p);
    return c->diag->status;
}

const struct cmd_spec cmd_heads_specs[] = {
    {.name = "heads",
     .summary = "Ranks every attention head by what it does: previous token, first token, same "
                "token, induction",
     .usage = "heads [kind=all|previous|first|same|induction] [top=N] [length=32] [seed=1] "
              "[draw=on|off] [view=table|grid]",
     .help =
         "The probe is a sequence of random tokens repeated twice. previous: the mean attention "
         "from each token to the one before it. first: to the first token (an attention sink). "
         "same: from each token of the second copy to the same token in the first. induction: from "
         "each token of the second copy to the token that followed it in the first copy, which is "
         "how a model continues a pattern it has seen (the loss on the second copy drops). "
         "view=grid draws every layer by every head, small multiples of the probe's attention "
         "(each cell the largest value of the block it covers).",
     .opts = heads_opts,
     .check = heads_check,
     .exec = heads_exec},
};
const size_t cmd_heads_count = sizeof cmd_heads_specs / sizeof cmd_heads_specs[0];
