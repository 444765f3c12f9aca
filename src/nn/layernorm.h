/* layernorm.h: layer normalisation over the last axis (biased variance, eps 1e-5 unless a
 * layer sets its own). */
#ifndef ATTNLAB_NN_LAYERNORM_H
#define ATTNLAB_NN_LAYERNORM_H

#define LAYERNORM_EPS 1e-5f

/* A layer's epsilon: its own when set (> 0), else LAYERNORM_EPS. */
static inline float layernorm_eps(float eps)
{
    return eps > 0 ? eps : LAYERNORM_EPS;
}

/* out[N,C] = (in - mean) * rstd * w + b with rstd = 1/sqrt(var + eps); keeps mean[N] and
 * rstd[N] for backward (which therefore needs no eps). */
void layernorm_forward(float *out, float *mean, float *rstd, const float *in, const float *w,
                       const float *b, int n, int c, float eps);
/* din[N,C] = ... (overwritten), dw[C] += ..., db[C] += ... (accumulate). */
void layernorm_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                        const float *w, const float *mean, const float *rstd, int n, int c);

#endif
