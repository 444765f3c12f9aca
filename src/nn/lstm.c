/* lstm.c: LSTM forward over all steps and backpropagation through time.
 * The input projection of every step is one matrix product; only the recurrent part
 * h_{t-1}·w_hᵀ runs step by step, on strided rows of the [B,T,·] buffers. */
#include "nn/lstm.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"

/* One cell of one step: the gates' nonlinearities in place (i, f, o sigmoid; g tanh), then
 * c_t = f·c_{t-1} + i·g and h_t = o·tanh(c_t). Simple loops, so that they vectorise. */
KERNEL_CLONES
static void lstm_cell_forward(float *h, const struct lstm_cache *cache, size_t row, int has_prev,
                              int hidden)
{
    float *z = cache->gates + row * 4 * hidden;
    for (int k = 0; k < 2 * hidden; k++)
        z[k] = sigmoidf(z[k]);
    for (int k = 2 * hidden; k < 3 * hidden; k++)
        z[k] = tanh_fast(z[k]);
    for (int k = 3 * hidden; k < 4 * hidden; k++)
        z[k] = sigmoidf(z[k]);
    const float *ig = z, *fg = z + hidden, *gg = z + 2 * hidden, *og = z + 3 * hidden;
    float *c = cache->c + row * hidden, *tc = cache->tanh_c + row * hidden;
    float *hr = h + row * hidden;
    if (has_prev) {
        const float *cprev = c - hidden;
        for (int k = 0; k < hidden; k++)
            c[k] = fg[k] * cprev[k] + ig[k] * gg[k];
    } else {
        for (int k = 0; k < hidden; k++)
            c[k] = ig[k] * gg[k];
    }
    for (int k = 0; k < hidden; k++) {
        tc[k] = tanh_fast(c[k]);
        hr[k] = og[k] * tc[k];
    }
}

void lstm_forward(float *h, const struct lstm_cache *cache, const float *x, const float *w_x,
                  const float *w_h, const float *bias, int b, int t, int e, int hidden)
{
    int g4 = 4 * hidden;
    float *z = cache->gates; /* pre-activations first, replaced by gate values */
    for (long r = 0; r < (long)b * t; r++)
        memcpy(z + r * g4, bias, sizeof(float) * (size_t)g4);
    mm_abt(z, x, w_x, b * t, g4, e, 1);
    for (int step = 0; step < t; step++) {
        if (step > 0) /* z_t += h_{t-1}·w_hᵀ, rows strided by T */
            mm(MM_N, MM_T, b, g4, hidden, 1.0f, h + (size_t)(step - 1) * hidden, t * hidden,
               w_h, hidden, 1.0f, z + (size_t)step * g4, t * g4);
        for (int i = 0; i < b; i++)
            lstm_cell_forward(h, cache, (size_t)i * t + step, step > 0, hidden);
    }
}

/* The gate derivatives of one step for every batch row, given dh (already including the
 * gradient from the step after) and dc_next; writes dz_t and the new dc_next. */
static void lstm_step_backward(const struct lstm_scratch *s, const float *dh,
                               const struct lstm_cache *cache, int b, int t, int step, int hidden)
{
    int g4 = 4 * hidden;
    for (int i = 0; i < b; i++) {
        size_t row = (size_t)i * t + step;
        const float *gr = cache->gates + row * g4;
        const float *tc = cache->tanh_c + row * hidden;
        const float *cprev = step > 0 ? cache->c + (row - 1) * hidden : NULL;
        float *dz = s->dz + row * g4;
        float *dcn = s->dc_next + (size_t)i * hidden;
        const float *dhr = s->dh_next + (size_t)i * hidden;
        const float *dout = dh + row * hidden;
        for (int k = 0; k < hidden; k++) {
            float ig = gr[k], fg = gr[hidden + k], gg = gr[2 * hidden + k];
            float og = gr[3 * hidden + k];
            float dht = dout[k] + dhr[k];
            float dc = dcn[k] + dht * og * (1.0f - tc[k] * tc[k]);
            dz[k] = dc * gg * ig * (1.0f - ig);
            dz[hidden + k] = cprev ? dc * cprev[k] * fg * (1.0f - fg) : 0.0f;
            dz[2 * hidden + k] = dc * ig * (1.0f - gg * gg);
            dz[3 * hidden + k] = dht * tc[k] * og * (1.0f - og);
            dcn[k] = dc * fg;
        }
    }
}

void lstm_backward(float *dx, float *dw_x, float *dw_h, float *dbias,
                   const struct lstm_scratch *s, const float *dh, const float *h,
                   const struct lstm_cache *cache, const float *x, const float *w_x,
                   const float *w_h, int b, int t, int e, int hidden)
{
    int g4 = 4 * hidden;
    memset(s->dh_next, 0, sizeof(float) * (size_t)b * hidden);
    memset(s->dc_next, 0, sizeof(float) * (size_t)b * hidden);
    for (int step = t - 1; step >= 0; step--) {
        lstm_step_backward(s, dh, cache, b, t, step, hidden);
        const float *dz = s->dz + (size_t)step * g4;
        /* the recurrent input h_{t-1} feeds z_t: dh_{t-1} = dz_t·w_h, dw_h += dz_tᵀ·h_{t-1} */
        if (step > 0) {
            mm(MM_N, MM_N, b, hidden, g4, 1.0f, dz, t * g4, w_h, hidden, 0.0f, s->dh_next,
               hidden);
            mm(MM_T, MM_N, g4, hidden, b, 1.0f, dz, t * g4, h + (size_t)(step - 1) * hidden,
               t * hidden, 1.0f, dw_h, hidden);
        }
    }
    mm_atb(dw_x, s->dz, x, g4, e, b * t, 1);
    for (long r = 0; r < (long)b * t; r++)
        vec_add(dbias, s->dz + r * g4, (size_t)g4);
    if (dx)
        mm_ab(dx, s->dz, w_x, b * t, e, g4, 0);
}
