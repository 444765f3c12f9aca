/* explain.h: the numbers behind one value a model computed, recomputed step by step in plain
 * loops (no BLAS) from its parameters and what its last forward pass kept (batch row 0), so
 * that `explain` can show each step and check that they give the model's own value. */
#ifndef ATTNLAB_NN_EXPLAIN_H
#define ATTNLAB_NN_EXPLAIN_H

#include "nn/model.h"

/* What an attention (or block) layer kept from the last forward pass, batch row 0. */
struct explain_attention_buffers {
    const float *qkv; /* [T,3C]: Q, K, V; head h owns columns h·D .. h·D+D-1 of each */
    const float *att; /* [H,T,T] the probabilities */
    const float *y;   /* [T,C] the heads' outputs (before the output projection) */
    int t, c, heads, causal;
};

/* Fills b for layer (an attention or block layer) after a forward pass; 0 when the layer
 * has no attention or nothing ran yet. */
int explain_attention_buffers(const struct model *m, int layer,
                              struct explain_attention_buffers *b);

/* One query row of one head: scores[j] = q·k_j, scaled[j] = scores[j]/√D, masked keys
 * (causal, j > query) get probs[j] = 0, the others softmax(scaled); out[D] = Σ_j probs[j]·v_j.
 * scores, scaled, probs hold T floats, out D. */
void explain_attention_row(const struct explain_attention_buffers *b, int head, int query,
                           double *scores, double *scaled, double *probs, double *out);

/* One step of an LSTM layer at position pos (batch row 0) after a forward pass. */
struct explain_lstm {
    const float *x;               /* [E] the input at pos */
    const float *h_prev, *c_prev; /* [H] the state before (NULL at pos 0: zeros) */
    const float *w_x, *w_h, *b;   /* [4H,E], [4H,H], [4H]; gates i, f, g, o */
    const float *h, *c;           /* [H] the model's new state at pos */
    const float *gates;           /* [4H] the model's gate values at pos */
    int e, hidden;
};

/* Fills s for layer (an LSTM layer) at pos; 0 when it is not one or pos is outside the
 * last forward pass. */
int explain_lstm_at(const struct model *m, int layer, int pos, struct explain_lstm *s);

/* Recomputes the step: z[4H] = W_x·x + W_h·h_prev + b, gates[4H] = σ(z_i), σ(z_f), tanh(z_g),
 * σ(z_o), c[H] = f·c_prev + i·g, h[H] = o·tanh(c). */
void explain_lstm_step(const struct explain_lstm *s, double *z, double *gates, double *c,
                       double *h);

/* The sinusoid table [context, width] of a sinusoidal position layer; NULL otherwise. */
const float *explain_position_table(const struct model *m, int layer);

/* Cross-entropy of one row of logits [v] against target: *max = the largest logit, *lse =
 * log Σ exp(z) (computed as max + log Σ exp(z - max)); returns lse - z[target]. */
double explain_cross_entropy(const float *logits, int v, int target, double *max, double *lse);

#endif
