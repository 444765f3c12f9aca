/* layernorm.c: layer normalisation forward and backward. The row sums use the fixed lanes
 * of kernels.h, so that they vectorise and give the same bits at every vector width. */
#include "nn/layernorm.h"

#include <math.h>
#include <stddef.h>

#include "core/kernels.h"

/* Σ x[j] and Σ (x[j] - m)² in lanes. */
static inline float row_sum(const float *x, int c)
{
    float s[KERNEL_LANES] = {0};
    int j = 0;
    for (; j + KERNEL_LANES <= c; j += KERNEL_LANES)
        for (int l = 0; l < KERNEL_LANES; l++)
            s[l] += x[j + l];
    for (int l = 0; j + l < c; l++)
        s[l] += x[j + l];
    return lanes_sum(s);
}

static inline float row_sqdev(const float *x, float m, int c)
{
    float s[KERNEL_LANES] = {0};
    int j = 0;
    for (; j + KERNEL_LANES <= c; j += KERNEL_LANES)
        for (int l = 0; l < KERNEL_LANES; l++)
            s[l] += (x[j + l] - m) * (x[j + l] - m);
    for (int l = 0; j + l < c; l++)
        s[l] += (x[j + l] - m) * (x[j + l] - m);
    return lanes_sum(s);
}

KERNEL_CLONES
void layernorm_forward(float *out, float *mean, float *rstd, const float *in, const float *w,
                       const float *b, int n, int c, float eps)
{
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c;
        float m = row_sum(x, c) / (float)c;
        float v = row_sqdev(x, m, c) / (float)c;
        float s = 1.0f / sqrtf(v + eps);
        float *y = out + (size_t)r * c;
        for (int j = 0; j < c; j++)
            y[j] = ((x[j] - m) * s) * w[j] + b[j];
        mean[r] = m;
        rstd[r] = s;
    }
}

KERNEL_CLONES
void layernorm_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                        const float *w, const float *mean, const float *rstd, int n, int c)
{
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c;
        const float *dy = dout + (size_t)r * c;
        float *dx = din + (size_t)r * c;
        float m = mean[r], s = rstd[r];
        /* norm = (x - mean) * rstd;  dnorm = dy * w;
         * dx = rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)) */
        float sd[KERNEL_LANES] = {0}, sdn[KERNEL_LANES] = {0};
        int j = 0;
        for (; j + KERNEL_LANES <= c; j += KERNEL_LANES)
            for (int l = 0; l < KERNEL_LANES; l++) {
                float norm = (x[j + l] - m) * s, dnorm = dy[j + l] * w[j + l];
                sd[l] += dnorm;
                sdn[l] += dnorm * norm;
            }
        for (int l = 0; j + l < c; l++) {
            float norm = (x[j + l] - m) * s, dnorm = dy[j + l] * w[j + l];
            sd[l] += dnorm;
            sdn[l] += dnorm * norm;
        }
        float dnorm_mean = lanes_sum(sd) / (float)c;
        float dnorm_norm_mean = lanes_sum(sdn) / (float)c;
        /* two loops: one would need more run-time alias checks than GCC makes to vectorise */
        for (j = 0; j < c; j++) {
            float norm = (x[j] - m) * s;
            dx[j] = s * (dy[j] * w[j] - dnorm_mean - norm * dnorm_norm_mean);
        }
        for (j = 0; j < c; j++) {
            db[j] += dy[j];
            dw[j] += (x[j] - m) * s * dy[j];
        }
    }
}
