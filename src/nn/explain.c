/* explain.c: one value of a model recomputed the long way, for `explain`. */
#include "nn/explain.h"

#include <math.h>
#include <stddef.h>

#include "nn/transformer.h"

/* The buffers explain reads, by their index in the kind's descriptor: attention and block
 * put transformer.h's ATTN_* first; layer_lstm.c's LSTM_GATES, LSTM_C and layer_position.c's
 * POSITION_TABLE are private there, so they are mirrored here (check_nn's explain test fails
 * if they drift). */
enum { EXPLAIN_LSTM_GATES = 0, EXPLAIN_LSTM_C = 1, EXPLAIN_POSITION_TABLE = 0 };

int explain_attention_buffers(const struct model *m, int layer, struct explain_attention_buffers *b)
{
    if (!m->compiled || layer < 0 || layer >= m->nlayers || m->last_t < 1)
        return 0;
    const struct layer *l = &m->layers[layer];
    if (l->cfg.kind != LAYER_ATTENTION && l->cfg.kind != LAYER_BLOCK)
        return 0;
    *b = (struct explain_attention_buffers){
        l->buf[ATTN_QKV], l->buf[ATTN_ATT], l->buf[ATTN_Y],       m->last_t,
        l->in_width,      l->cfg.heads,     !l->cfg.bidirectional};
    return 1;
}

void explain_attention_row(const struct explain_attention_buffers *b, int head, int query,
                           double *scores, double *scaled, double *probs, double *out)
{
    int c = b->c, d = c / b->heads, ld = 3 * c;
    const float *q = b->qkv + (size_t)query * ld + head * d;
    double max = -INFINITY, sum = 0.0;
    for (int j = 0; j < b->t; j++) {
        const float *k = b->qkv + (size_t)j * ld + c + head * d;
        double dot = 0.0;
        for (int i = 0; i < d; i++)
            dot += (double)q[i] * k[i];
        scores[j] = dot;
        scaled[j] = dot / sqrt((double)d);
        if (!(b->causal && j > query) && scaled[j] > max)
            max = scaled[j];
    }
    for (int j = 0; j < b->t; j++) {
        probs[j] = b->causal && j > query ? 0.0 : exp(scaled[j] - max);
        sum += probs[j];
    }
    for (int j = 0; j < b->t; j++)
        probs[j] /= sum;
    for (int i = 0; i < d; i++) {
        double acc = 0.0;
        for (int j = 0; j < b->t; j++)
            acc += probs[j] * b->qkv[(size_t)j * ld + 2 * c + head * d + i];
        out[i] = acc;
    }
}

static const float *param(const struct model *m, const struct layer *l, int k)
{
    return m->params[l->param0 + k].value;
}

int explain_lstm_at(const struct model *m, int layer, int pos, struct explain_lstm *s)
{
    if (!m->compiled || layer < 1 || layer >= m->nlayers || pos < 0 || pos >= m->last_t)
        return 0;
    const struct layer *l = &m->layers[layer];
    if (l->cfg.kind != LAYER_LSTM)
        return 0;
    int e = l->in_width, h = l->cfg.units;
    const float *x = m->layers[layer - 1].out;
    *s = (struct explain_lstm){.x = x + (size_t)pos * e,
                               .h_prev = pos > 0 ? l->out + (size_t)(pos - 1) * h : NULL,
                               .c_prev =
                                   pos > 0 ? l->buf[EXPLAIN_LSTM_C] + (size_t)(pos - 1) * h : NULL,
                               .w_x = param(m, l, 0),
                               .w_h = param(m, l, 1),
                               .b = param(m, l, 2),
                               .h = l->out + (size_t)pos * h,
                               .c = l->buf[EXPLAIN_LSTM_C] + (size_t)pos * h,
                               .gates = l->buf[EXPLAIN_LSTM_GATES] + (size_t)pos * 4 * h,
                               .e = e,
                               .hidden = h};
    return 1;
}

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

void explain_lstm_step(const struct explain_lstm *s, double *z, double *gates, double *c, double *h)
{
    int e = s->e, n = s->hidden;
    for (int r = 0; r < 4 * n; r++) {
        double acc = s->b[r];
        for (int i = 0; i < e; i++)
            acc += (double)s->w_x[(size_t)r * e + i] * s->x[i];
        for (int i = 0; s->h_prev && i < n; i++)
            acc += (double)s->w_h[(size_t)r * n + i] * s->h_prev[i];
        z[r] = acc;
        gates[r] = r / n == 2 ? tanh(acc) : sigmoid(acc); /* i, f, g, o */
    }
    for (int u = 0; u < n; u++) {
        double prev = s->c_prev ? s->c_prev[u] : 0.0;
        c[u] = gates[n + u] * prev + gates[u] * gates[2 * n + u];
        h[u] = gates[3 * n + u] * tanh(c[u]);
    }
}

double explain_cross_entropy(const float *logits, int v, int target, double *max, double *lse)
{
    double mx = -INFINITY, sum = 0.0;
    for (int j = 0; j < v; j++)
        if (logits[j] > mx)
            mx = logits[j];
    for (int j = 0; j < v; j++)
        sum += exp(logits[j] - mx);
    *max = mx;
    *lse = mx + log(sum);
    return *lse - logits[target];
}

const float *explain_position_table(const struct model *m, int layer)
{
    if (!m->compiled || layer < 0 || layer >= m->nlayers)
        return NULL;
    const struct layer *l = &m->layers[layer];
    if (l->cfg.kind != LAYER_POSITION || l->cfg.position != POSITION_SINUSOID)
        return NULL;
    return l->buf[EXPLAIN_POSITION_TABLE];
}
