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
 * keep a sum as accurate as a double one. Entries from live on go through the same loops as
 * zeros, so that a short prefix (early rows of causal attention) needs no scalar tail. */
#define EXP_CHUNK (16 * KERNEL_LANES)

KERNEL_CLONES
static double exp_shift_sum_masked(float *x, float max, int live, int n)
{
    double total[KERNEL_LANES] = {0};
    for (int i0 = 0; i0 < n; i0 += EXP_CHUNK) {
        int end = n - i0 < EXP_CHUNK ? n : i0 + EXP_CHUNK, i = i0;
        float s[KERNEL_LANES] = {0};
        for (; i + KERNEL_LANES <= end; i += KERNEL_LANES)
            for (int l = 0; l < KERNEL_LANES; l++) {
                float d = x[i + l] - max;
                x[i + l] = d < -87.0f || i + l >= live ? 0.0f : exp_fast(d);
                s[l] += x[i + l];
            }
        for (int l = 0; i + l < end; l++) {
            float d = x[i + l] - max;
            x[i + l] = d < -87.0f || i + l >= live ? 0.0f : exp_fast(d);
            s[l] += x[i + l];
        }
        for (int l = 0; l < KERNEL_LANES; l++)
            total[l] += s[l];
    }
    return lanes_sum_d(total);
}

double exp_shift_sum(float *x, float max, int n)
{
    return exp_shift_sum_masked(x, max, n, n);
}

/* Softmax over x[0..live), zeros from there to n. */
static void softmax_masked(float *x, int live, int n)
{
    float max = row_max(x, live);
    if (max == -INFINITY) { /* everything masked: leave a row of zeros, not NaN */
        memset(x, 0, (size_t)n * sizeof *x);
        return;
    }
    /* past live, only up to the end of the last block of lanes: the rest are plain zeros */
    int upto = (live + KERNEL_LANES - 1) / KERNEL_LANES * KERNEL_LANES;
    upto = upto < n ? upto : n;
    float inv = (float)(1.0 / exp_shift_sum_masked(x, max, live, upto));
    for (int i = 0; i < live; i++)
        x[i] *= inv;
    memset(x + upto, 0, (size_t)(n - upto) * sizeof *x);
}

void softmax_row(float *x, int n)
{
    softmax_masked(x, n, n);
}

void softmax_row_prefix(float *x, int live, int n)
{
    softmax_masked(x, live, n);
}

KERNEL_CLONES
void softmax_backward_row(float *d, const float *a, int live, int n)
{
    float s[KERNEL_LANES] = {0};
    int i = 0;
    for (; i + KERNEL_LANES <= live; i += KERNEL_LANES)
        for (int l = 0; l < KERNEL_LANES; l++)
            s[l] += a[i + l] * d[i + l];
    for (int l = 0; i + l < live; l++)
        s[l] += a[i + l] * d[i + l];
    float dot = lanes_sum(s);
    for (i = 0; i < live; i++)
        d[i] = a[i] * (d[i] - dot);
    memset(d + live, 0, (size_t)(n - live) * sizeof *d);
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

/* In double lanes: it feeds the gradient norm, summed over every parameter. */
KERNEL_CLONES
double vec_sumsq(const float *x, size_t n)
{
    double s[KERNEL_LANES] = {0};
    size_t i = 0;
    for (; i + KERNEL_LANES <= n; i += KERNEL_LANES)
        for (int l = 0; l < KERNEL_LANES; l++)
            s[l] += (double)x[i + l] * x[i + l];
    for (int l = 0; i + l < n; l++)
        s[l] += (double)x[i + l] * x[i + l];
    return lanes_sum_d(s);
}
