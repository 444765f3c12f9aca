/* position.h: positional encodings, learned (a [T,C] table) or fixed sinusoidal. */
#ifndef ATTNLAB_NN_POSITION_H
#define ATTNLAB_NN_POSITION_H

/* out[B,T,C] = in[B,T,C] + table[t] (table [Tmax,C], Tmax >= T). */
void position_forward(float *out, const float *in, const float *table, int b, int t, int c);
/* din = dout; dtable[t] += sum over the batch of dout[b,t] (dtable NULL for fixed tables). */
void position_backward(float *din, float *dtable, const float *dout, int b, int t, int c);
/* The sinusoidal table of "Attention is all you need": sin on even, cos on odd features. */
void position_sinusoid_table(float *table, int tmax, int c);

#endif
