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

float tanh_fast(float x)
{
    float ax = fabsf(x);
    if (ax < 0.25f) { /* Taylor series to x⁷: the next term is below 1e-7·|x| here */
        float x2 = x * x;
        return x * (1.0f + x2 * (-1.0f / 3.0f + x2 * (2.0f / 15.0f + x2 * (-17.0f / 315.0f))));
    }
    if (ax > 9.0f) /* tanh is 1 to float precision */
        return copysignf(1.0f, x);
    float t = 1.0f - 2.0f / (expf(2.0f * ax) + 1.0f);
    return copysignf(t, x);
}

#define GELU_SCALE 0.7978845608028654f /* sqrt(2/pi) */

float gelu(float u)
{
    float inner = GELU_SCALE * (u + 0.044715f * u * u * u);
    return 0.5f * u * (1.0f + tanh_fast(inner));
}

float gelu_grad(float u)
{
    float inner = GELU_SCALE * (u + 0.044715f * u * u * u);
    float t = tanh_fast(inner);
    float sech2 = 1.0f - t * t;
    return 0.5f * (1.0f + t) + 0.5f * u * sech2 * GELU_SCALE * (1.0f + 3.0f * 0.044715f * u * u);
}

float sigmoidf(float u)
{
    return 1.0f / (1.0f + expf(-u));
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
