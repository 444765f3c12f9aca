/* layer_rmsnorm.c: the rmsnorm kind: root-mean-square normalisation of each token's vector,
 * y = x / sqrt(mean(x²) + eps) · w, with a learned weight and no bias (no mean is
 * subtracted). Its kernels live here: nothing else uses them. */
#include <math.h>

#include "nn/layer_kind.h"

#define RMSNORM_EPS 1e-5f

enum { RMSNORM_WEIGHT };
enum { RMSNORM_RSTD }; /* [n] 1 / sqrt(mean(x²) + eps) per row */

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)cfg;
    (void)vocab;
    (void)context;
    layer_param_spec(&s[RMSNORM_WEIGHT], "weight", 1, in_width, INIT_ONE, 0);
    return 1;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)l;
    (void)context;
    sizes[RMSNORM_RSTD] = (size_t)b * t;
    return 1;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    int n = ps->b * ps->t, c = l->in_width;
    const float *w = p[RMSNORM_WEIGHT].value;
    float *rstd = l->buf[RMSNORM_RSTD];
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c;
        float *y = l->out + (size_t)r * c;
        double ms = 0.0;
        for (int j = 0; j < c; j++)
            ms += (double)x[j] * x[j];
        float s = (float)(1.0 / sqrt(ms / c + RMSNORM_EPS));
        for (int j = 0; j < c; j++)
            y[j] = (x[j] * s) * w[j];
        rstd[r] = s;
    }
}

/* norm = x·s, dnorm = dy·w: dx = s·(dnorm − norm·mean(dnorm·norm)), dw += norm·dy. */
static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    int n = ps->b * ps->t, c = l->in_width;
    const float *w = p[RMSNORM_WEIGHT].value, *rstd = l->buf[RMSNORM_RSTD];
    float *dw = p[RMSNORM_WEIGHT].grad;
    for (int r = 0; r < n; r++) {
        const float *x = in + (size_t)r * c, *dy = dout + (size_t)r * c;
        float *dx = din + (size_t)r * c, s = rstd[r];
        double dot = 0.0;
        for (int j = 0; j < c; j++)
            dot += (double)(dy[j] * w[j]) * (x[j] * s);
        float mean = (float)(dot / c);
        for (int j = 0; j < c; j++) {
            float norm = x[j] * s;
            dw[j] += norm * dy[j];
            dx[j] = s * (dy[j] * w[j] - norm * mean);
        }
    }
}

const struct layer_kind_desc layer_rmsnorm = {
    .word = "rmsnorm",
    .summary = "RMS normalisation of each token's vector (a learned scale, no bias)",
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
};
