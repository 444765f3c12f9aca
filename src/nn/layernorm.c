/* layernorm.c: layer normalisation forward and backward. */
#include "nn/layernorm.h"

#include <math.h>
#include <stddef.h>

void layernorm_forward(float *out, float *mean, float *rstd, const float *in, const float *w,
                       const float *b, int n, int c)
{
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c;
        double m = 0.0;
        for (int j = 0; j < c; j++)
            m += x[j];
        m /= c;
        double v = 0.0;
        for (int j = 0; j < c; j++)
            v += (x[j] - m) * (x[j] - m);
        v /= c;
        float s = (float)(1.0 / sqrt(v + LAYERNORM_EPS));
        float *y = out + (size_t)r * c;
        for (int j = 0; j < c; j++)
            y[j] = ((float)(x[j] - m) * s) * w[j] + b[j];
        mean[r] = (float)m;
        rstd[r] = s;
    }
}

void layernorm_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                        const float *w, const float *mean, const float *rstd, int n, int c)
{
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c;
        const float *dy = dout + (size_t)r * c;
        float *dx = din + (size_t)r * c;
        /* norm = (x - mean) * rstd;  dnorm = dy * w;
         * dx = rstd * (dnorm - mean(dnorm) - norm * mean(dnorm * norm)) */
        double dnorm_mean = 0.0, dnorm_norm_mean = 0.0;
        for (int j = 0; j < c; j++) {
            float norm = (x[j] - mean[r]) * rstd[r];
            float dnorm = dy[j] * w[j];
            dnorm_mean += dnorm;
            dnorm_norm_mean += dnorm * norm;
        }
        dnorm_mean /= c;
        dnorm_norm_mean /= c;
        for (int j = 0; j < c; j++) {
            float norm = (x[j] - mean[r]) * rstd[r];
            float dnorm = dy[j] * w[j];
            db[j] += dy[j];
            dw[j] += norm * dy[j];
            dx[j] = rstd[r] * (dnorm - (float)dnorm_mean - norm * (float)dnorm_norm_mean);
        }
    }
}
