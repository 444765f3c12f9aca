/* attention.h: multi-head causal self-attention, softmax(QKᵀ/√d)·V, on a packed qkv.
 * The projections around it (qkv in, output out) are dense layers; see block.c. */
#ifndef ATTNLAB_NN_ATTENTION_H
#define ATTNLAB_NN_ATTENTION_H

/* causal: query i sees keys j <= i only (masked scores are -inf, probability exactly 0);
 * otherwise every key.
 * qkv [B,T,3C]: columns 0..C-1 are Q, C..2C-1 K, 2C..3C-1 V; head h owns columns
 * h·D..h·D+D-1 of each (D = C/H).
 * out: y [B,T,C] (heads concatenated), att [B,H,T,T] the probabilities (upper triangle 0),
 * kept for backward and for the heatmap. */
void attention_forward(float *y, float *att, const float *qkv, int b, int t, int c, int h,
                       int causal);
/* Cached (generation, batch 1): the t new rows of qkv [t,3C] sit at positions pos0..pos0+t-1;
 * their keys and values are stored into kc, vc [context,C] at those rows, which already hold
 * positions 0..pos0-1, and each new query attends causally to positions 0..its own.
 * y [t,C]; att [H,t,pos0+t]. */
void attention_forward_cached(float *y, float *att, const float *qkv, float *kc, float *vc, int t,
                              int pos0, int c, int h);
/* dqkv [B,T,3C] is overwritten; scratch holds T·T floats. */
void attention_backward(float *dqkv, float *scratch, const float *dy, const float *att,
                        const float *qkv, int b, int t, int c, int h, int causal);

#endif
