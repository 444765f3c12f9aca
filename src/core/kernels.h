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

/* y[i] += x[i] */
void vec_add(float *y, const float *x, size_t n);
void vec_zero(float *x, size_t n);
/* Sum of squares, in double. */
double vec_sumsq(const float *x, size_t n);

#endif
