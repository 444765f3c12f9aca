/* cmd_explain.c: `explain`, the numbers behind one value of the current model, step by step,
 * with the model's real numbers: an attention row (q·k, the scaling, the mask, the softmax,
 * the weighted sum), the loss of one prediction, a position's sinusoidal encoding, one LSTM
 * step, and a class's precision, recall and F1. Each recomputes the value the long way
 * (src/nn/explain.c) and ends by saying how far it is from the model's own. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "data/metrics.h"
#include "data/tokenizer.h"
#include "lab/infer.h"
#include "lab/picture.h"
#include "lab/train.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/explain.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/position.h"
#include "viz/canvas.h"
#include "viz/heatmap.h"

enum explain_what { EX_ATTENTION, EX_LOSS, EX_POSITION, EX_LSTM, EX_METRIC };
static const char *const what_words[] = {"attention", "loss", "position", "lstm", "metric", NULL};

static const struct opt_spec explain_args[] = {
    {.name = "what", .type = VAL_ENUM, .words = what_words, .help = "what to explain"},
    {.name = "text", .type = VAL_STRING, .help = "attention, loss, lstm: the text the model reads"},
    CMD_OPTS_END,
};
static const struct opt_spec explain_opts[] = {
    {.name = "layer",
     .type = VAL_INT,
     .def = "1",
     .min = 1,
     .max = 10000,
     .help = "attention: which attention layer (or block); lstm: which lstm layer; from 1"},
    {.name = "head",
     .type = VAL_INT,
     .def = "1",
     .min = 1,
     .max = 256,
     .help = "attention: which head, from 1"},
    {.name = "query",
     .type = VAL_INT,
     .min = 1,
     .max = 65536,
     .help = "attention: the query position, from 1 (default: the last)"},
    {.name = "position",
     .type = VAL_INT,
     .min = 0,
     .max = 65535,
     .help = "position: the position, from 0 (default 5); lstm: the step, from 1 (default: "
             "the last)"},
    {.name = "width",
     .type = VAL_INT,
     .def = "16",
     .min = 2,
     .max = 4096,
     .help = "position: the encoding's width when the model has no sinusoidal position layer"},
    {.name = "class", .type = VAL_ANY, .help = "metric: a label (default: each in turn)"},
    CMD_OPTS_END,
};

/* ---- shared ---- */

static char *label_of(const struct lab_model *m, int32_t id, int ascii)
{
    char *raw = infer_label(m, id), esc[96];
    tok_label(raw ? raw : "", raw ? strlen(raw) : 0, ascii, esc, sizeof esc);
    free(raw);
    return strdup(esc);
}

/* "[ 0.123 -0.456 ... ]" for up to max values of v, with how many were left out. */
static void vector_text(struct strbuf *b, const double *v, int n, int max)
{
    strbuf_puts(b, "[");
    for (int i = 0; i < n && i < max; i++)
        strbuf_printf(b, " %7.4f", v[i]);
    if (n > max)
        strbuf_printf(b, "  … %d more", n - max);
    strbuf_puts(b, " ]");
}

static void vector_text_f(struct strbuf *b, const float *v, int n, int max)
{
    double tmp[16];
    int k = n < max ? n : max;
    for (int i = 0; i < k && i < 16; i++)
        tmp[i] = v[i];
    strbuf_puts(b, "[");
    for (int i = 0; i < k && i < 16; i++)
        strbuf_printf(b, " %7.4f", tmp[i]);
    if (n > k)
        strbuf_printf(b, "  … %d more", n - k);
    strbuf_puts(b, " ]");
}

/* How many 8-column numbers fit after a label of lead columns. */
static int numbers_that_fit(const struct session *s, int lead)
{
    int w = s->lab.display_width > 0 ? s->lab.display_width : 100;
    int k = (w - lead - 16) / 8;
    return k < 4 ? 4 : k > 16 ? 16 : k;
}

static enum al_status need_text(struct cmd_ctx *c)
{
    if (!cmd_arg(c, 1)->set)
        return cmd_fail(c, NULL, AL_EINVAL, "explain %s needs a text: explain %s \"TEXT\"",
                        cmd_arg(c, 0)->s, cmd_arg(c, 0)->s);
    return AL_OK;
}

/* The index (into net->layers) of the nth layer of kind k, from 1; -1 when none. */
static int nth_layer(const struct model *net, enum layer_kind k, int nth, int *count)
{
    int seen = 0, found = -1;
    for (int i = 0; i < net->nlayers; i++)
        if (net->layers[i].cfg.kind == k && ++seen == nth)
            found = i;
    *count = seen;
    return found;
}

/* ---- explain attention ---- */

static enum al_status attention_check(struct cmd_ctx *c, const struct lab_model *m)
{
    if (need_text(c) != AL_OK)
        return AL_EINVAL;
    const struct lang_value *layer = cmd_opt(c, "layer"), *head = cmd_opt(c, "head");
    int count, at = picture_attention_layer(m, (int)layer->i, &count);
    if (count == 0)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' has no attention layer", m->name);
    if (at < 0)
        return cmd_fail(c, &layer->pos, AL_EINVAL,
                        "layer=%lld: model '%s' has %d attention layer%s (count from 1)", layer->i,
                        m->name, count, count == 1 ? "" : "s");
    if (head->i > m->net->layers[at].cfg.heads)
        return cmd_fail(c, &head->pos, AL_EINVAL, "head=%lld: %s has %d head%s", head->i,
                        m->net->layers[at].name, m->net->layers[at].cfg.heads,
                        m->net->layers[at].cfg.heads == 1 ? "" : "s");
    return AL_OK;
}

/* The heatmap row the explained probabilities make: the head's heatmap, from this query. */
static void heatmap_row(struct cmd_ctx *c, struct session *s, const struct lab_model *m,
                        const struct explain_attention_buffers *b, int head, int query,
                        char **labels)
{
    struct viz_options vo = draw_viz(s);
    struct heatmap_options o = heatmap_options_default(vo);
    char title[96];
    snprintf(title, sizeof title, "the heatmap's row %d (head %d)", query + 1, head + 1);
    o.title = title;
    o.causal = b->causal;
    o.row0 = query;
    int w = s->lab.display_width > 0 && s->lab.display_width < 100 ? s->lab.display_width : 100;
    struct canvas *cv = draw_canvas(c, w, 12); /* title, key labels, the row, legend */
    if (!cv)
        return;
    struct al_error err;
    const float *att = b->att + (size_t)head * b->t * b->t;
    if (heatmap_draw(cv, att, b->t, (const char *const *)labels, &o, &err) != AL_OK) {
        canvas_free(cv);
        return;
    }
    (void)m;
    draw_emit(c, draw_trim_rows(cv), NULL);
}

static enum al_status explain_attention(struct cmd_ctx *c, struct session *s, struct lab_model *m)
{
    int count, at = picture_attention_layer(m, (int)cmd_opt(c, "layer")->i, &count);
    int head = (int)cmd_opt(c, "head")->i - 1;
    int32_t *ids;
    size_t n;
    const float *logits;
    struct al_error err;
    if (infer_encode(m, cmd_arg(c, 1)->s, &ids, &n, &err) != AL_OK)
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    if (infer_last_logits(m, ids, n, &logits, &err) != AL_OK) {
        free(ids);
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    }
    struct explain_attention_buffers b;
    explain_attention_buffers(m->net, at, &b);
    const struct lang_value *qv = cmd_opt(c, "query");
    if (qv->set && qv->i > b.t) {
        free(ids);
        return cmd_fail(c, &qv->pos, AL_EINVAL, "query=%lld: the text has %d tokens", qv->i, b.t);
    }
    int query = qv->set ? (int)qv->i - 1 : b.t - 1, d = b.c / b.heads, ascii = draw_viz(s).ascii;
    const int32_t *window = ids + (n - (size_t)b.t);
    char **labels = calloc((size_t)b.t, sizeof *labels);
    double *scores = malloc(sizeof(double) * (size_t)(3 * b.t + d));
    if (!labels || !scores) {
        free(ids);
        free(labels);
        free(scores);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    for (int j = 0; j < b.t; j++)
        labels[j] = label_of(m, window[j], ascii);
    double *scaled = scores + b.t, *probs = scaled + b.t, *out = probs + b.t;
    explain_attention_row(&b, head, query, scores, scaled, probs, out);

    struct strbuf t = {0};
    int fit = numbers_that_fit(s, 8);
    strbuf_printf(&t,
                  "explain attention: model %s, %s, head %d of %d, query %d '%s', d = %d "
                  "(the head's width)\n",
                  m->name, m->net->layers[at].name, head + 1, b.heads, query + 1,
                  labels[query] ? labels[query] : "", d);
    const float *q = b.qkv + (size_t)query * 3 * b.c + head * d;
    strbuf_puts(&t, "q     = ");
    vector_text_f(&t, q, d, fit);
    strbuf_puts(&t, "   (the query's vector)\n\n");
    strbuf_printf(&t,
                  "1. score_j = q·k_j for every key j\n"
                  "2. divided by √d = √%d = %.4f, so that scores do not grow with d\n"
                  "3. %s\n"
                  "4. softmax: p_j = exp(s_j − max) / Σ exp(s_k − max)\n\n",
                  d, sqrt((double)d),
                  b.causal ? "the mask: a key after the query is hidden (causal attention)"
                           : "no mask: every key is seen (causal=off)");
    strbuf_puts(&t, " key  token      q·k_j     ÷√d   softmax p_j\n");
    for (int j = 0; j < b.t; j++) {
        char tok[40];
        int tw = canvas_text_width(labels[j] ? labels[j] : "", 0);
        snprintf(tok, sizeof tok, "%s%*s", labels[j] ? labels[j] : "", tw < 8 ? 8 - tw : 0, "");
        if (b.causal && j > query)
            strbuf_printf(&t, "%4d  %s %9.4f  masked   0\n", j + 1, tok, scores[j]);
        else
            strbuf_printf(&t, "%4d  %s %9.4f %7.4f   %.4f%s\n", j + 1, tok, scores[j], scaled[j],
                          probs[j], j == query ? "   (the query itself)" : "");
    }
    double sum = 0.0;
    for (int j = 0; j < b.t; j++)
        sum += probs[j];
    strbuf_printf(&t, "                               Σ p_j = %.4f\n\n", sum);
    strbuf_puts(&t, "5. the weighted sum of the values: y = Σ p_j·v_j\n");
    strbuf_puts(&t, "y     = ");
    vector_text(&t, out, d, fit);
    strbuf_puts(&t, "\n");
    /* the check: the model's own probabilities and output of this head */
    const float *row = b.att + ((size_t)head * b.t + query) * b.t;
    const float *y = b.y + (size_t)query * b.c + head * d;
    double dp = 0.0, dy = 0.0;
    for (int j = 0; j < b.t; j++)
        dp = fmax(dp, fabs(probs[j] - row[j]));
    for (int i = 0; i < d; i++)
        dy = fmax(dy, fabs(out[i] - y[i]));
    strbuf_printf(&t,
                  "check: the model's attention row differs by at most %.1e, its output "
                  "y by %.1e: %s",
                  dp, dy, dp < 1e-4 && dy < 1e-4 ? "the same numbers" : "NOT the same");
    enum al_status st = cmd_emit_strbuf(c, &t);
    if (st == AL_OK)
        heatmap_row(c, s, m, &b, head, query, labels);
    for (int j = 0; j < b.t; j++)
        free(labels[j]);
    free(labels);
    free(scores);
    free(ids);
    return st;
}

/* ---- explain loss ---- */

static enum al_status explain_loss(struct cmd_ctx *c, struct session *s, struct lab_model *m)
{
    if (model_is_classifier(m->net))
        return cmd_fail(c, NULL, AL_EINVAL,
                        "explain loss follows a language model's next "
                        "token; model '%s' classifies: try explain metric",
                        m->name);
    int32_t *ids;
    size_t n;
    const float *logits;
    struct al_error err;
    if (infer_encode(m, cmd_arg(c, 1)->s, &ids, &n, &err) != AL_OK)
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    if (n < 2) {
        free(ids);
        return cmd_fail(c, &cmd_arg(c, 1)->pos, AL_EINVAL,
                        "the text needs at least two tokens: the model reads all but the last "
                        "and is scored on the last");
    }
    if (infer_last_logits(m, ids, n - 1, &logits, &err) != AL_OK) {
        free(ids);
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    }
    int v = model_output_width(m->net), target = ids[n - 1], ascii = draw_viz(s).ascii;
    double max, lse, loss = explain_cross_entropy(logits, v, target, &max, &lse);
    /* the training loss function on the same row: the value the model produces */
    float *probs = malloc(sizeof *probs * (size_t)v);
    if (!probs) {
        free(ids);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    struct loss_result lr = cross_entropy_forward(probs, logits, &ids[n - 1], 1, v);
    char *tl = label_of(m, target, ascii);
    struct strbuf t = {0};
    strbuf_printf(&t,
                  "explain loss: model %s reads the text but its last token, and is scored "
                  "on predicting '%s' (id %d)\n\n",
                  m->name, tl ? tl : "", target);
    strbuf_puts(&t, "the output layer's scores (logits), the five largest and the target's:\n");
    int shown[5], ns = 0, target_shown = 0;
    for (int r = 0; r < 5 && r < v; r++) {
        int best = -1;
        for (int k = 0; k < v; k++) {
            int taken = 0;
            for (int j = 0; j < ns; j++)
                taken |= shown[j] == k;
            if (!taken && (best < 0 || logits[k] > logits[best]))
                best = k;
        }
        shown[ns++] = best;
    }
    for (int r = 0; r <= ns; r++) {
        int k = r < ns ? shown[r] : target;
        if (r == ns && target_shown)
            break;
        target_shown |= k == target;
        char *l = label_of(m, k, ascii);
        int w = canvas_text_width(l ? l : "", 0);
        strbuf_printf(&t, "  z('%s')%*s = %8.4f%s\n", l ? l : "", w < 6 ? 6 - w : 0, "", logits[k],
                      k == target ? "   <- the target" : "");
        free(l);
    }
    strbuf_printf(&t, "\n1. the largest logit:  max = %.4f\n", max);
    strbuf_printf(&t,
                  "2. log-sum-exp over all %d tokens: log Σ exp(z_j) = max + log Σ "
                  "exp(z_j − max) = %.4f + %.4f = %.4f\n",
                  v, max, lse - max, lse);
    strbuf_printf(&t, "3. the loss: log Σ exp(z_j) − z(target) = %.4f − %.4f = %.4f\n", lse,
                  (double)logits[target], loss);
    strbuf_printf(&t, "   the same as −log p(target): p('%s') = exp(−%.4f) = %.4f\n", tl ? tl : "",
                  loss, exp(-loss));
    strbuf_printf(&t,
                  "   (a model that knew nothing would give every token 1/%d: a loss of "
                  "ln %d = %.4f)\n",
                  v, v, log((double)v));
    strbuf_printf(&t, "check: the training loss on this prediction is %.4f: %s", lr.loss,
                  fabs(lr.loss - loss) < 1e-4 ? "the same number" : "NOT the same");
    free(tl);
    free(probs);
    free(ids);
    return cmd_emit_strbuf(c, &t);
}

/* ---- explain position ---- */

static enum al_status explain_position(struct cmd_ctx *c, struct session *s)
{
    const struct lab_model *m = lab_current(&s->lab);
    const float *model_table = NULL;
    int width = (int)cmd_opt(c, "width")->i, context = 0, learned = -1;
    for (int i = 0; m && i < m->net->nlayers; i++) {
        const struct layer *l = &m->net->layers[i];
        if (l->cfg.kind != LAYER_POSITION)
            continue;
        learned = l->cfg.position == POSITION_LEARNED;
        if (!learned && m->net->compiled) {
            model_table = explain_position_table(m->net, i);
            width = l->in_width;
            context = m->net->context;
        }
        break;
    }
    const struct lang_value *pv = cmd_opt(c, "position");
    int p = pv->set ? (int)pv->i : 5;
    if (model_table && p >= context)
        return cmd_fail(c, &pv->pos, AL_EINVAL, "position=%d: model '%s' reads positions 0 to %d",
                        p, m->name, context - 1);
    float *table = malloc(sizeof *table * (size_t)(p + 1) * width);
    if (!table)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    position_sinusoid_table(table, p + 1, width);
    const float *row = model_table ? model_table + (size_t)p * width : table + (size_t)p * width;
    struct strbuf t = {0};
    strbuf_printf(&t, "explain position: the sinusoidal encoding of position %d, width %d%s\n", p,
                  width,
                  model_table    ? " (model's own table)"
                  : learned == 1 ? " (model uses learned positions, so this is the formula "
                                   "only; its vectors are trained)"
                                 : "");
    strbuf_puts(&t, "each pair of features i turns at its own speed: a clock with hands from "
                    "fast to slow\n");
    strbuf_puts(&t, "  PE(p, 2i)   = sin(p / 10000^(2i/width))\n"
                    "  PE(p, 2i+1) = cos(p / 10000^(2i/width))\n\n");
    strbuf_puts(&t, "   i   10000^(2i/w)    angle p/…       sin       cos\n");
    double diff = 0.0;
    for (int i = 0; 2 * i < width; i++) {
        double div = pow(10000.0, 2.0 * i / width), angle = p / div;
        strbuf_printf(&t, "%4d %14.4f %13.4f %9.4f", i, div, angle, sin(angle));
        diff = fmax(diff, fabs(sin(angle) - row[2 * i]));
        if (2 * i + 1 < width) {
            strbuf_printf(&t, " %9.4f", cos(angle));
            diff = fmax(diff, fabs(cos(angle) - row[2 * i + 1]));
        }
        strbuf_puts(&t, "\n");
    }
    strbuf_printf(&t, "check: the %s differs by at most %.1e: %s",
                  model_table ? "model's position table" : "position layer's table function", diff,
                  diff < 1e-4 ? "the same numbers" : "NOT the same");
    free(table);
    return cmd_emit_strbuf(c, &t);
}

/* ---- explain lstm ---- */

static enum al_status lstm_check(struct cmd_ctx *c, const struct lab_model *m)
{
    if (need_text(c) != AL_OK)
        return AL_EINVAL;
    const struct lang_value *layer = cmd_opt(c, "layer");
    int count, at = nth_layer(m->net, LAYER_LSTM, (int)layer->i, &count);
    if (count == 0)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' has no lstm layer", m->name);
    if (at < 0)
        return cmd_fail(c, &layer->pos, AL_EINVAL, "layer=%lld: model '%s' has %d lstm layer%s",
                        layer->i, m->name, count, count == 1 ? "" : "s");
    return AL_OK;
}

static enum al_status explain_lstm(struct cmd_ctx *c, struct session *s, struct lab_model *m)
{
    int count, at = nth_layer(m->net, LAYER_LSTM, (int)cmd_opt(c, "layer")->i, &count);
    int32_t *ids;
    size_t n;
    const float *logits;
    struct al_error err;
    if (infer_encode(m, cmd_arg(c, 1)->s, &ids, &n, &err) != AL_OK)
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    if (infer_last_logits(m, ids, n, &logits, &err) != AL_OK) {
        free(ids);
        return cmd_fail_error(c, &cmd_arg(c, 1)->pos, &err);
    }
    int t = m->net->last_t, ascii = draw_viz(s).ascii;
    const struct lang_value *pv = cmd_opt(c, "position");
    if (pv->set && (pv->i < 1 || pv->i > t)) {
        free(ids);
        return cmd_fail(c, &pv->pos, AL_EINVAL, "position=%lld: the text has steps 1 to %d", pv->i,
                        t);
    }
    int pos = pv->set ? (int)pv->i - 1 : t - 1;
    struct explain_lstm st;
    explain_lstm_at(m->net, at, pos, &st);
    int h = st.hidden;
    double *z = malloc(sizeof *z * (size_t)(10 * h));
    if (!z) {
        free(ids);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    double *gates = z + 4 * h, *cs = gates + 4 * h, *hs = cs + h;
    explain_lstm_step(&st, z, gates, cs, hs);
    char *tl = label_of(m, ids[n - (size_t)t + (size_t)pos], ascii);
    struct strbuf b = {0};
    strbuf_printf(&b, "explain lstm: model %s, %s, step %d of %d (reading '%s'), %d units\n",
                  m->name, m->net->layers[at].name, pos + 1, t, tl ? tl : "", h);
    strbuf_puts(&b, "every gate looks at the input x and the last state h_prev:\n"
                    "  i = σ(W_i·x + U_i·h_prev + b_i)   input gate: how much new to write\n"
                    "  f = σ(W_f·x + U_f·h_prev + b_f)   forget gate: how much old to keep\n"
                    "  g = tanh(W_g·x + U_g·h_prev + b_g) the candidate to write\n"
                    "  o = σ(W_o·x + U_o·h_prev + b_o)   output gate: how much to show\n"
                    "  c = f·c_prev + i·g                the cell: the memory\n"
                    "  h = o·tanh(c)                     the output, and the next h_prev\n\n");
    int rows = h < 8 ? h : 8;
    strbuf_printf(&b, "unit       i       f       g       o  c_prev       c       h%s\n",
                  h > rows ? "" : "");
    double dg = 0.0, dc = 0.0, dh = 0.0;
    for (int u = 0; u < h; u++) {
        for (int k = 0; k < 4; k++)
            dg = fmax(dg, fabs(gates[k * h + u] - st.gates[k * h + u]));
        dc = fmax(dc, fabs(cs[u] - st.c[u]));
        dh = fmax(dh, fabs(hs[u] - st.h[u]));
        if (u >= rows)
            continue;
        strbuf_printf(&b, "%4d %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f\n", u + 1, gates[u],
                      gates[h + u], gates[2 * h + u], gates[3 * h + u],
                      st.c_prev ? st.c_prev[u] : 0.0, cs[u], hs[u]);
    }
    if (h > rows)
        strbuf_printf(&b, "(the first %d of %d units)\n", rows, h);
    strbuf_printf(&b, "unit 1: c = %.4f·%.4f + %.4f·%.4f = %.4f, h = %.4f·tanh(%.4f) = %.4f\n",
                  gates[h], st.c_prev ? st.c_prev[0] : 0.0, gates[0], gates[2 * h], cs[0],
                  gates[3 * h], cs[0], hs[0]);
    strbuf_printf(&b,
                  "check: the model's gates differ by at most %.1e, its c by %.1e, its h "
                  "by %.1e: %s",
                  dg, dc, dh,
                  dg < 1e-4 && dc < 1e-4 && dh < 1e-4 ? "the same numbers" : "NOT the same");
    free(tl);
    free(z);
    free(ids);
    return cmd_emit_strbuf(c, &b);
}

/* ---- explain metric ---- */

static enum al_status metric_check(struct cmd_ctx *c, const struct session *s,
                                   const struct lab_model *m)
{
    if (!model_is_classifier(m->net))
        return cmd_fail(c, NULL, AL_EINVAL,
                        "explain metric explains a classifier's precision, recall and F1; "
                        "model '%s' is a language model: try explain loss \"TEXT\"",
                        m->name);
    if (!s->lab.labelled)
        return cmd_fail(c, NULL, AL_ESTATE, "load the labelled data the model was built for");
    const struct lang_value *cl = cmd_opt(c, "class");
    if (!cl->set)
        return AL_OK;
    for (int k = 0; k < m->nclasses; k++)
        if (!strcmp(m->class_names[k], cl->s))
            return AL_OK;
    struct strbuf names = {0};
    for (int k = 0; k < m->nclasses; k++)
        strbuf_printf(&names, "%s%s", k ? ", " : "", m->class_names[k]);
    char *list = strbuf_take(&names);
    cmd_fail(c, &cl->pos, AL_EINVAL, "class=%s: the labels are %s", cl->s, list ? list : "");
    free(list);
    return AL_EINVAL;
}

static void explain_class(struct strbuf *b, const struct confusion *cm, char *const *names, int k,
                          double *diff)
{
    long long tp = cm->m[k * cm->k + k], fp = 0, fn = 0;
    for (int i = 0; i < cm->k; i++)
        if (i != k) {
            fp += cm->m[i * cm->k + k];
            fn += cm->m[k * cm->k + i];
        }
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
    double r = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    strbuf_printf(b, "class %s:\n", names[k]);
    strbuf_printf(b,
                  "  TP = %lld (%s, predicted %s)   FP = %lld (predicted %s, were not)   "
                  "FN = %lld (were %s, predicted otherwise)\n",
                  tp, names[k], names[k], fp, names[k], fn, names[k]);
    strbuf_printf(b,
                  "  precision = TP / (TP + FP) = %lld / %lld = %.4f   (of those called %s, "
                  "how many were)\n",
                  tp, tp + fp, p, names[k]);
    strbuf_printf(b,
                  "  recall    = TP / (TP + FN) = %lld / %lld = %.4f   (of the %s ones, how "
                  "many were found)\n",
                  tp, tp + fn, r, names[k]);
    strbuf_printf(b, "  F1        = 2·P·R / (P + R) = 2·%.4f·%.4f / %.4f = %.4f\n", p, r, p + r,
                  f1);
    struct class_metrics cl = metric_class(cm, k);
    *diff = fmax(*diff, fmax(fabs(cl.precision - p), fmax(fabs(cl.recall - r), fabs(cl.f1 - f1))));
}

static enum al_status explain_metric(struct cmd_ctx *c, struct session *s, struct lab_model *m)
{
    struct eval_result r;
    struct al_error err;
    if (train_evaluate(&s->lab, m, m->net->context, 0, &r, &err) != AL_OK) {
        confusion_free(&r.confusion);
        return cmd_fail_error(c, NULL, &err);
    }
    const struct confusion *cm = &r.confusion;
    char *const *names = m->class_names;
    struct strbuf b = {0};
    strbuf_printf(&b,
                  "explain metric: model %s on %lld validation examples; the confusion "
                  "counts (rows: the truth, columns: the prediction)\n",
                  m->name, (long long)cm->total);
    for (int i = 0; i < cm->k; i++) {
        strbuf_printf(&b, "  %-10s", names[i]);
        for (int j = 0; j < cm->k; j++)
            strbuf_printf(&b, " %6lld", (long long)cm->m[i * cm->k + j]);
        strbuf_puts(&b, "\n");
    }
    strbuf_puts(&b, "\n");
    const struct lang_value *cl = cmd_opt(c, "class");
    double diff = 0.0;
    for (int k = 0; k < cm->k; k++)
        if (!cl->set || !strcmp(names[k], cl->s))
            explain_class(&b, cm, names, k, &diff);
    if (!cl->set)
        strbuf_printf(&b,
                      "macro F1 = the plain mean of the classes' F1 = %.4f; weighted F1 "
                      "weighs each by its support = %.4f\n",
                      metric_macro_f1(cm), metric_weighted_f1(cm));
    strbuf_printf(&b, "accuracy = the diagonal / all = %.4f\n", metric_accuracy(cm));
    strbuf_printf(&b, "check: evaluate's table differs by at most %.1e: %s", diff,
                  diff < 1e-9 ? "the same numbers" : "NOT the same");
    confusion_free(&r.confusion);
    return cmd_emit_strbuf(c, &b);
}

/* ---- the command ---- */

static enum al_status explain_check(struct cmd_ctx *c, const struct session *s)
{
    enum explain_what w = (enum explain_what)cmd_arg(c, 0)->i;
    if (w == EX_POSITION)
        return AL_OK;
    struct lab_model *m;
    if (cmd_need_compiled(c, s, &m) != AL_OK)
        return AL_ESTATE;
    switch (w) {
    case EX_ATTENTION: return attention_check(c, m);
    case EX_LSTM: return lstm_check(c, m);
    case EX_LOSS: return need_text(c);
    case EX_METRIC: return metric_check(c, s, m);
    default: return AL_OK;
    }
}

static enum al_status explain_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    switch ((enum explain_what)cmd_arg(c, 0)->i) {
    case EX_ATTENTION: return explain_attention(c, s, m);
    case EX_LOSS: return explain_loss(c, s, m);
    case EX_POSITION: return explain_position(c, s);
    case EX_LSTM: return explain_lstm(c, s, m);
    case EX_METRIC: return explain_metric(c, s, m);
    }
    return AL_OK;
}

const struct cmd_spec cmd_explain_specs[] = {
    {
        .name = "explain",
        .summary = "Walks through one value of the model with its real numbers",
        .usage = "explain attention|loss|position|lstm|metric [\"TEXT\"] [layer=N] [head=N] "
                 "[query=N]",
        .help = "explain attention \"TEXT\" layer=L head=H query=Q: for one query, q·k for every "
                "key, the scaling by √d, the mask, the softmax and the weighted sum of the "
                "values, ending on the heatmap row they make. explain loss \"TEXT\": the "
                "cross-entropy of predicting the text's last token: the logits, log-sum-exp, "
                "the loss. explain position position=P: the sinusoidal formula and its values. "
                "explain lstm \"TEXT\" position=P: the gates of one step. explain metric "
                "[class=NAME]: precision, recall and F1 from the confusion counts. Each ends "
                "with a check: the same numbers recomputed by the model itself.",
        .args = explain_args,
        .min_args = 1,
        .max_args = 2,
        .opts = explain_opts,
        .check = explain_check,
        .exec = explain_exec,
    },
};
const size_t cmd_explain_count = sizeof cmd_explain_specs / sizeof cmd_explain_specs[0];
