/* kernels.c: softmax, GELU and friends. */
#include "core/kernels.h"

#include <math.h>
#include <string.h>

void softmax_row(float *x, int n)
{
    float max = -INFINITY;
    for (int i = 0; i < n; i++)
        if (x[i] > max)
            max = x[i];
    if (max == -INFINITY) { /* everything masked: leave a row of zeros, not NaN */
        memset(x, 0, (size_t)n * sizeof *x);
        return;
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        x[i] = expf(x[i] - max);
        sum += x[i];
    }
    float inv = (float)(1.0 / sum);
    for (int i = 0; i < n; i++)
        x[i] *= inv;
}

void softmax_row_prefix(float *x, int live, int n)
{
    softmax_row(x, live);
    memset(x + live, 0, (size_t)(n - live) * sizeof *x);
}

float logsumexp_row(const float *x, int n)
{
    float max = -INFINITY;
    for (int i = 0; i < n; i++)
        if (x[i] > max)
            max = x[i];
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp((double)x[i] - max);
    return max + (float)log(sum);
}

void vec_add(float *y, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        y[i] += x[i];
}

void vec_zero(float *x, size_t n)
{
    memset(x, 0, n * sizeof *x);
}

double vec_sumsq(const float *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)x[i] * x[i];
    return s;
}
