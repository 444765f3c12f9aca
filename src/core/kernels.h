/* kernels.h: small elementwise and row kernels shared by the layers. */
#ifndef ATTNLAB_CORE_KERNELS_H
#define ATTNLAB_CORE_KERNELS_H

#include <stddef.h>

/* In place: x[0..n) becomes softmax(x). Entries equal to -INFINITY become exactly 0. */
void softmax_row(float *x, int n);
/* log(sum(exp(x))) computed stably. */
float logsumexp_row(const float *x, int n);

/* GELU, tanh approximation, and its derivative. */
float gelu(float u);
float gelu_grad(float u);
float sigmoidf(float u);
/* tanh within a few float ulps, without glibc tanhf's expm1f (the hot spot of LSTM and GELU
 * layers): a Taylor series near 0, 1 - 2/(e^2x + 1) elsewhere. */
float tanh_fast(float x);

/* y[i] += x[i] */
void vec_add(float *y, const float *x, size_t n);
void vec_zero(float *x, size_t n);
/* Sum of squares, in double. */
double vec_sumsq(const float *x, size_t n);

#endif
