/* layernorm.h: layer normalisation over the last axis (biased variance, eps 1e-5). */
#ifndef ATTNLAB_NN_LAYERNORM_H
#define ATTNLAB_NN_LAYERNORM_H

#define LAYERNORM_EPS 1e-5f

/* out[N,C] = (in - mean) * rstd * w + b; keeps mean[N] and rstd[N] for backward. */
void layernorm_forward(float *out, float *mean, float *rstd, const float *in, const float *w,
                       const float *b, int n, int c);
/* din[N,C] = ... (overwritten), dw[C] += ..., db[C] += ... (accumulate). */
void layernorm_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                        const float *w, const float *mean, const float *rstd, int n, int c);

#endif
