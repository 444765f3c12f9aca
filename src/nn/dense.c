/* dense.c: fully connected layer and activations. */
#include "nn/dense.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"

void dense_forward(float *out, const float *in, const float *w, const float *b, int n, int i, int o)
{
    if (b) {
        for (int r = 0; r < n; r++)
            memcpy(out + (size_t)r * o, b, sizeof(float) * (size_t)o);
    }
    mm_abt(out, in, w, n, o, i, b != NULL);
}

void dense_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                    const float *w, int n, int i, int o)
{
    if (din)
        mm_ab(din, dout, w, n, i, o, 0);
    mm_atb(dw, dout, in, o, i, n, 1);
    if (db)
        for (int r = 0; r < n; r++) {
            const float *d = dout + (size_t)r * o;
            for (int k = 0; k < o; k++)
                db[k] += d[k];
        }
}

KERNEL_CLONES
void activation_forward(float *out, const float *pre, long n, enum activation act)
{
    switch (act) {
    case ACT_NONE:
        if (out != pre)
            memcpy(out, pre, sizeof(float) * (size_t)n);
        break;
    case ACT_RELU:
        for (long k = 0; k < n; k++)
            out[k] = pre[k] > 0.0f ? pre[k] : 0.0f;
        break;
    case ACT_SIGMOID:
        for (long k = 0; k < n; k++)
            out[k] = sigmoidf(pre[k]);
        break;
    case ACT_TANH:
        for (long k = 0; k < n; k++)
            out[k] = tanh_fast(pre[k]);
        break;
    case ACT_GELU:
        for (long k = 0; k < n; k++)
            out[k] = gelu(pre[k]);
        break;
    case ACT_COUNT: break;
    }
}

KERNEL_CLONES
void activation_backward(float *dpre, const float *dout, const float *pre, const float *out, long n,
                         enum activation act)
{
    switch (act) {
    case ACT_NONE:
        if (dpre != dout)
            memcpy(dpre, dout, sizeof(float) * (size_t)n);
        break;
    case ACT_RELU:
        for (long k = 0; k < n; k++)
            dpre[k] = pre[k] > 0.0f ? dout[k] : 0.0f;
        break;
    case ACT_SIGMOID:
        for (long k = 0; k < n; k++)
            dpre[k] = dout[k] * out[k] * (1.0f - out[k]);
        break;
    case ACT_TANH:
        for (long k = 0; k < n; k++)
            dpre[k] = dout[k] * (1.0f - out[k] * out[k]);
        break;
    case ACT_GELU:
        for (long k = 0; k < n; k++)
            dpre[k] = dout[k] * gelu_grad_from_output(pre[k], out[k]);
        break;
    case ACT_COUNT: break;
    }
}

const char *const activation_words[ACT_COUNT + 1] = {"none", "relu", "sigmoid",
                                                     "tanh", "gelu", NULL};
