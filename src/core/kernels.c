/* kernels.c: softmax, GELU and friends. */
#include "core/kernels.h"

#include <math.h>
#include <string.h>

KERNEL_CLONES
float row_max(const float *x, int n)
{
    float s[KERNEL_LANES];
    for (int l = 0; l < KERNEL_LANES; l++)
        s[l] = -INFINITY;
    int i = 0;
    for (; i + KERNEL_LANES <= n; i += KERNEL_LANES)
        for (int l = 0; l < KERNEL_LANES; l++)
            s[l] = x[i + l] > s[l] ? x[i + l] : s[l];
    for (int l = 0; i + l < n; l++)
        s[l] = x[i + l] > s[l] ? x[i + l] : s[l];
    float max = s[0];
    for (int l = 1; l < KERNEL_LANES; l++)
        max = s[l] > max ? s[l] : max;
    return max;
}

/* exp_fast never returns 0 (it clamps at e^-87), so lower entries, -INFINITY among them,
 * are set to 0 explicitly: their true share of a sum that holds e^0 = 1 is below 2^-125.
 * The lanes add in float (which vectorises twice as wide) over chunks of EXP_CHUNK entries,
 * at most 16 terms a lane, then into double lanes, so long rows (a 50257-token vocabulary)
 * keep a sum as accurate as a double one. */
#define EXP_CHUNK (16 * KERNEL_LANES)

KERNEL_CLONES
double exp_shift_sum(float *x, float max, int n)
{
    double total[KERNEL_LANES] = {0};
    for (int i0 = 0; i0 < n; i0 += EXP_CHUNK) {
        int end = n - i0 < EXP_CHUNK ? n : i0 + EXP_CHUNK, i = i0;
        float s[KERNEL_LANES] = {0};
        for (; i + KERNEL_LANES <= end; i += KERNEL_LANES)
            for (int l = 0; l < KERNEL_LANES; l++) {
                float d = x[i + l] - max;
                x[i + l] = d < -87.0f ? 0.0f : exp_fast(d);
                s[l] += x[i + l];
            }
        for (int l = 0; i + l < end; l++) {
            float d = x[i + l] - max;
            x[i + l] = d < -87.0f ? 0.0f : exp_fast(d);
            s[l] += x[i + l];
        }
        for (int l = 0; l < KERNEL_LANES; l++)
            total[l] += s[l];
    }
    return lanes_sum_d(total);
}

void softmax_row(float *x, int n)
{
    float max = row_max(x, n);
    if (max == -INFINITY) { /* everything masked: leave a row of zeros, not NaN */
        memset(x, 0, (size_t)n * sizeof *x);
        return;
    }
    float inv = (float)(1.0 / exp_shift_sum(x, max, n));
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
