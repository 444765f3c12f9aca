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
            mm(MM_N, MM_T, b, g4, hidden, 1.0f, h + (size_t)(step - 1) * hidden, t * hidden, w_h,
               hidden, 1.0f, z + (size_t)step * g4, t * g4);
        for (int i = 0; i < b; i++)
            lstm_cell_forward(h, cache, (size_t)i * t + step, step > 0, hidden);
    }
}

/* One cell of one step backwards: from dh (the output's gradient plus the one coming back
 * from the next step, dh_next) and dc_next, the gate pre-activation gradients dz and the new
 * dc_next. Simple loops over restrict pointers, so that they vectorise. */
KERNEL_CLONES
static void lstm_cell_backward(float *restrict dz, float *restrict dc_next,
                               const float *restrict gates, const float *restrict tanh_c,
                               const float *restrict cprev, const float *restrict dout,
                               const float *restrict dh_next, int hidden)
{
    const float *ig = gates, *fg = gates + hidden, *gg = gates + 2 * hidden;
    const float *og = gates + 3 * hidden;
    float *dzi = dz, *dzf = dz + hidden, *dzg = dz + 2 * hidden, *dzo = dz + 3 * hidden;
    for (int k = 0; k < hidden; k++) {
        float dht = dout[k] + dh_next[k];
        float dc = dc_next[k] + dht * og[k] * (1.0f - tanh_c[k] * tanh_c[k]);
        dzi[k] = dc * gg[k] * ig[k] * (1.0f - ig[k]);
        dzg[k] = dc * ig[k] * (1.0f - gg[k] * gg[k]);
        dzo[k] = dht * tanh_c[k] * og[k] * (1.0f - og[k]);
        dc_next[k] = dc; /* dc for now; times f below */
    }
    if (cprev)
        for (int k = 0; k < hidden; k++)
            dzf[k] = dc_next[k] * cprev[k] * fg[k] * (1.0f - fg[k]);
    else
        for (int k = 0; k < hidden; k++)
            dzf[k] = 0.0f;
    for (int k = 0; k < hidden; k++)
        dc_next[k] *= fg[k];
}

/* The gate derivatives of one step for every batch row. */
static void lstm_step_backward(const struct lstm_scratch *s, const float *dh,
                               const struct lstm_cache *cache, int b, int t, int step, int hidden)
{
    int g4 = 4 * hidden;
    for (int i = 0; i < b; i++) {
        size_t row = (size_t)i * t + step;
        lstm_cell_backward(s->dz + row * g4, s->dc_next + (size_t)i * hidden,
                           cache->gates + row * g4, cache->tanh_c + row * hidden,
                           step > 0 ? cache->c + (row - 1) * hidden : NULL, dh + row * hidden,
                           s->dh_next + (size_t)i * hidden, hidden);
    }
}

void lstm_backward(float *dx, float *dw_x, float *dw_h, float *dbias, const struct lstm_scratch *s,
                   const float *dh, const float *h, const struct lstm_cache *cache, const float *x,
                   const float *w_x, const float *w_h, int b, int t, int e, int hidden)
{
    int g4 = 4 * hidden;
    memset(s->dh_next, 0, sizeof(float) * (size_t)b * hidden);
    memset(s->dc_next, 0, sizeof(float) * (size_t)b * hidden);
    for (int step = t - 1; step >= 0; step--) {
        lstm_step_backward(s, dh, cache, b, t, step, hidden);
        const float *dz = s->dz + (size_t)step * g4;
        /* the recurrent input h_{t-1} feeds z_t: dh_{t-1} = dz_t·w_h, dw_h += dz_tᵀ·h_{t-1} */
        if (step > 0) {
            mm(MM_N, MM_N, b, hidden, g4, 1.0f, dz, t * g4, w_h, hidden, 0.0f, s->dh_next, hidden);
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
