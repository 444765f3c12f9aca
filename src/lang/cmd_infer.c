/* cmd_infer.c: predict (the top candidates for the next token, or the class of a text) and
 * generate (text one token at a time; greedy at temperature 0). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "data/tokenizer.h"
#include "lab/infer.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/model.h"
#include "viz/bars.h"
#include "viz/canvas.h"
#include "viz/table.h"

/* Encodes the text argument, failing the command at its position. */
static enum al_status encode_arg(struct cmd_ctx *c, const struct lab_model *m, int32_t **ids,
                                 size_t *n)
{
    const struct lang_value *text = cmd_arg(c, 0);
    struct al_error err;
    if (infer_encode(m, text->s, ids, n, &err) != AL_OK)
        return cmd_fail_error(c, &text->pos, &err);
    if (*n == 0) {
        free(*ids);
        return cmd_fail(c, &text->pos, AL_EINVAL, "the text has no tokens");
    }
    return AL_OK;
}

/* ---- predict ---- */

static const struct opt_spec text_arg[] = {
    {.name = "text", .type = VAL_STRING, .help = "the text the model reads"},
    CMD_OPTS_END,
};
static const struct opt_spec predict_opts[] = {
    {.name = "top",
     .type = VAL_INT,
     .def = "10",
     .min = 1,
     .max = 1000,
     .help = "how many candidates to show"},
    {.name = "temperature",
     .type = VAL_FLOAT,
     .def = "1",
     .min = 0.01,
     .max = 100,
     .help = "divides the scores before the softmax"},
    DRAW_SIZE_OPTS,
    CMD_OPTS_END,
};

static enum al_status predict_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m;
    if (cmd_need_compiled(c, s, &m) != AL_OK)
        return AL_ESTATE;
    int32_t *ids;
    size_t n;
    if (encode_arg(c, m, &ids, &n) != AL_OK)
        return AL_EINVAL;
    const float *logits;
    struct al_error err;
    enum al_status st = infer_last_logits(m, ids, n, &logits, &err);
    free(ids);
    if (st != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    int v = model_output_width(m->net), k = (int)cmd_opt(c, "top")->i;
    float *probs = malloc(sizeof *probs * (size_t)v);
    char **labels = calloc((size_t)v, sizeof *labels);
    if (!probs || !labels) {
        free(probs);
        free(labels);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    infer_distribution(logits, v, (float)cmd_opt(c, "temperature")->f, 0, probs);
    for (int i = 0; i < v; i++)
        labels[i] = m->class_names ? strdup(m->class_names[i]) : infer_label(m, i);
    char title[160];
    snprintf(title, sizeof title, "%s: %s after %zu tokens", m->name,
             m->class_names ? "class probabilities" : "next token", n);
    struct bars_options o = bars_options_default(draw_viz(s));
    o.title = title;
    o.mark = -1;
    int w, h, rows = k < v ? k : v;
    draw_size(c, s, 60, rows + 1, &w, &h);
    struct canvas *canvas = draw_canvas(c, w, h);
    if (canvas && bars_topk(canvas, (const char *const *)labels, probs, v, k, &o, &err) == AL_OK)
        draw_emit(c, canvas, NULL);
    else if (canvas) {
        canvas_free(canvas);
        cmd_fail_error(c, NULL, &err);
    }
    for (int i = 0; i < v; i++)
        free(labels[i]);
    free(labels);
    free(probs);
    return c->diag->status;
}

/* ---- generate ---- */

static const struct opt_spec prompt_arg[] = {
    {.name = "prompt", .type = VAL_STRING, .help = "the text to continue"},
    CMD_OPTS_END,
};
static const struct opt_spec generate_opts[] = {
    {.name = "length",
     .type = VAL_INT,
     .def = "200",
     .min = 1,
     .max = 100000,
     .help = "how many tokens to generate"},
    {.name = "temperature",
     .type = VAL_FLOAT,
     .def = "1",
     .min = 0,
     .max = 100,
     .help = "0 always picks the most likely token (greedy); higher is more adventurous"},
    {.name = "top_k",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 100000,
     .help = "sample among the k most likely only (0: all)"},
    {.name = "seed",
     .type = VAL_INT,
     .min = 0,
     .max = 9007199254740991.0,
     .help = "sample from this seed, leaving the session's random numbers alone"},
    {.name = "show",
     .type = VAL_BOOL,
     .def = "off",
     .help = "a table of the top candidates at every step, with the one picked"},
    {.name = "cache",
     .type = VAL_BOOL,
     .def = "on",
     .help = "keep the keys and values of earlier positions, so each new token costs one "
             "position (off: rerun the whole window every step; the tokens are the same)"},
    CMD_OPTS_END,
};

static enum al_status generate_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_compiled(c, s, &m) != AL_OK)
        return AL_ESTATE;
    if (model_is_classifier(m->net))
        return cmd_fail(c, NULL, AL_ESTATE,
                        "model '%s' classifies texts; generate needs a language model (predict "
                        "shows its classes)",
                        m->name);
    return AL_OK;
}

/* One row of the show=on table: the step, the pick, the top candidates. */
static void show_step(struct strbuf *b, const struct lab_model *m, int step, int pick,
                      const float *probs, int v, int ascii)
{
    char esc[64], *label = infer_label(m, pick);
    tok_label(label ? label : "", label ? strlen(label) : 0, ascii, esc, sizeof esc);
    int w = canvas_text_width(esc, 0); /* '·' is two bytes and one column */
    strbuf_printf(b, "%4d  %s%*s %5.3f |", step, esc, w < 8 ? 8 - w : 0, "", probs[pick]);
    free(label);
    int shown[5], nshown = 0;
    for (int r = 0; r < 5 && r < v; r++) {
        int best = -1;
        for (int k = 0; k < v; k++) {
            int taken = 0;
            for (int j = 0; j < nshown; j++)
                taken |= shown[j] == k;
            if (!taken && (best < 0 || probs[k] > probs[best]))
                best = k;
        }
        if (best < 0 || probs[best] <= 0.0f)
            break;
        shown[nshown++] = best;
        label = infer_label(m, best);
        tok_label(label ? label : "", label ? strlen(label) : 0, ascii, esc, sizeof esc);
        strbuf_printf(b, " %s%s %.3f", best == pick ? ">" : " ", esc, probs[best]);
        free(label);
    }
    strbuf_puts(b, "\n");
}

static void emit_generated(struct cmd_ctx *c, const struct lab_model *m, const int32_t *ids,
                           size_t n)
{
    char *text = NULL;
    size_t len;
    if (tok_decode(m->tok, ids, n, &text, &len, NULL) == AL_OK)
        cmd_emit_text(c, text);
    free(text);
}

/* The next token: sampled from softmax(logits / temperature) among the top_k, or at
 * temperature 0 the argmax, drawing nothing from r. probs receives the distribution shown
 * by show=on (the model's own, temperature 1, when greedy). */
static int pick_next(const float *logits, int v, float temperature, int top_k, struct rng *r,
                     float *probs)
{
    infer_distribution(logits, v, temperature > 0.0f ? temperature : 1.0f, top_k, probs);
    if (temperature > 0.0f)
        return infer_sample(probs, v, r);
    int best = 0;
    for (int i = 1; i < v; i++)
        if (probs[i] > probs[best])
            best = i;
    return best;
}

static void emit_progress(struct cmd_ctx *c, const struct lab_model *m, long done, long total)
{
    char line[160];
    snprintf(line, sizeof line, "%s: generated %ld/%ld tokens", m->name, done, total);
    struct block b = {.kind = BLOCK_PROGRESS, .text = line, .done = done, .total = total};
    cmd_emit(c, &b);
}

static enum al_status generate_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    int32_t *prompt;
    size_t n;
    if (encode_arg(c, m, &prompt, &n) != AL_OK)
        return AL_EINVAL;
    long length = (long)cmd_opt(c, "length")->i;
    float temperature = (float)cmd_opt(c, "temperature")->f;
    int top_k = (int)cmd_opt(c, "top_k")->i, show = (int)cmd_opt(c, "show")->i;
    int v = model_output_width(m->net);
    int32_t *ids = realloc(prompt, sizeof *ids * (n + (size_t)length));
    float *probs = malloc(sizeof *probs * (size_t)v);
    if (!ids || !probs) {
        free(ids ? ids : prompt);
        free(probs);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    struct rng local, *r = &s->rng;
    if (cmd_opt(c, "seed")->set) {
        rng_seed(&local, (uint64_t)cmd_opt(c, "seed")->i);
        r = &local;
    }
    struct strbuf table = {0};
    if (show)
        strbuf_puts(&table, "step  picked   prob  | top candidates (> marks the pick)\n");
    double last_emit = lab_now();
    struct al_error err;
    enum al_status st = AL_OK;
    struct infer_cache cache = {.off = !cmd_opt(c, "cache")->i};
    struct lab_run *run = &s->lab.run; /* a paused `step` stays paused */
    run->running = 1;
    run->started = last_emit;
    run->done = 0;
    run->total = length;
    run->tokens = 0;
    for (long k = 0; k < length; k++) {
        const float *logits;
        if ((st = infer_next_logits(m, ids, n, &cache, &logits, &err)) != AL_OK)
            break;
        int pick = pick_next(logits, v, temperature, top_k, r, probs);
        if (show)
            show_step(&table, m, (int)k + 1, pick, probs, v, draw_viz(s).ascii);
        ids[n++] = pick;
        run->done = k + 1;
        if (lab_now() - last_emit >= 1.0) { /* long generation: say how far it is */
            emit_progress(c, m, k + 1, length);
            last_emit = lab_now();
        }
        if (sink_interrupted(c->sink))
            break;
    }
    run->running = 0;
    run->elapsed = lab_now() - run->started;
    if (st == AL_OK) {
        emit_generated(c, m, ids, n);
        char *t = show ? strbuf_take(&table) : NULL;
        if (t)
            cmd_emit_text(c, t);
        free(t);
    } else {
        free(strbuf_take(&table));
        cmd_fail_error(c, NULL, &err);
    }
    free(ids);
    free(probs);
    return st;
}

const struct cmd_spec cmd_infer_specs[] = {
    {
        .name = "predict",
        .summary = "Shows the most likely next tokens after a text (or a classifier's classes)",
        .usage = "predict \"TEXT\" [top=10] [temperature=1]",
        .args = text_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = predict_opts,
        .exec = predict_exec,
    },
    {
        .name = "generate",
        .summary = "Continues a prompt one token at a time",
        .usage = "generate \"PROMPT\" [length=200] [temperature=1] "
                 "[top_k=0] [seed=N] [show=on|off] [cache=on|off]",
        .help = "At temperature 0 every step takes the most likely token (greedy, as the classic "
                "Keras example does); otherwise it samples from the softmax of the scores divided "
                "by the temperature, among the top_k most likely when top_k is set. The model "
                "reads at most its context of the latest tokens.",
        .args = prompt_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = generate_opts,
        .check = generate_check,
        .exec = generate_exec,
    },
};
const size_t cmd_infer_count = sizeof cmd_infer_specs / sizeof cmd_infer_specs[0];
