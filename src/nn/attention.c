/* attention.c: the core of multi-head causal self-attention. Each (batch row, head) pair is
 * three small matrix products through the BLAS door, with strided views into qkv. */
#include "nn/attention.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"

void attention_forward(float *y, float *att, const float *qkv, int b, int t, int c, int h,
                       int causal)
{
    int d = c / h, ld = 3 * c;
    float scale = 1.0f / sqrtf((float)d);
    for (int i = 0; i < b; i++)
        for (int hh = 0; hh < h; hh++) {
            const float *q = qkv + (size_t)i * t * ld + hh * d;
            const float *k = q + c, *v = q + 2 * c;
            float *a = att + ((size_t)i * h + hh) * t * t;
            /* scores[T,T] = Q·Kᵀ/√d, then masked causal softmax row by row */
            mm(MM_N, MM_T, t, t, d, scale, q, ld, k, ld, 0.0f, a, t);
            for (int r = 0; r < t; r++)
                softmax_row_prefix(a + (size_t)r * t, causal ? r + 1 : t, t);
            /* y_h[T,D] = att·V_h, written into the head's columns of y */
            mm(MM_N, MM_N, t, d, t, 1.0f, a, t, v, ld, 0.0f, y + (size_t)i * t * c + hh * d, c);
        }
}

void attention_forward_cached(float *y, float *att, const float *qkv, float *kc, float *vc, int t,
                              int pos0, int c, int h)
{
    int d = c / h, ld = 3 * c, len = pos0 + t;
    float scale = 1.0f / sqrtf((float)d);
    for (int r = 0; r < t; r++) {
        memcpy(kc + (size_t)(pos0 + r) * c, qkv + (size_t)r * ld + c, sizeof(float) * (size_t)c);
        memcpy(vc + (size_t)(pos0 + r) * c, qkv + (size_t)r * ld + 2 * c,
               sizeof(float) * (size_t)c);
    }
    for (int hh = 0; hh < h; hh++) {
        float *a = att + (size_t)hh * t * len;
        /* scores[t,len] = Q·Kᵀ/√d over every cached key, masked past each query's position */
        mm(MM_N, MM_T, t, len, d, scale, qkv + hh * d, ld, kc + hh * d, c, 0.0f, a, len);
        for (int r = 0; r < t; r++)
            softmax_row_prefix(a + (size_t)r * len, pos0 + r + 1, len);
        mm(MM_N, MM_N, t, d, len, 1.0f, a, len, vc + hh * d, c, 0.0f, y + hh * d, c);
    }
}

void attention_backward(float *dqkv, float *scratch, const float *dy, const float *att,
                        const float *qkv, int b, int t, int c, int h, int causal)
{
    int d = c / h, ld = 3 * c;
    float scale = 1.0f / sqrtf((float)d);
    for (int i = 0; i < b; i++)
        for (int hh = 0; hh < h; hh++) {
            const float *q = qkv + (size_t)i * t * ld + hh * d;
            const float *k = q + c, *v = q + 2 * c;
            float *dq = dqkv + (size_t)i * t * ld + hh * d;
            float *dk = dq + c, *dv = dq + 2 * c;
            const float *a = att + ((size_t)i * h + hh) * t * t;
            const float *dyh = dy + (size_t)i * t * c + hh * d;
            float *ds = scratch;
            /* y = att·V: datt = dy·Vᵀ, dV = attᵀ·dy */
            mm(MM_N, MM_T, t, t, d, 1.0f, dyh, c, v, ld, 0.0f, ds, t);
            mm(MM_T, MM_N, t, d, t, 1.0f, a, t, dyh, c, 0.0f, dv, ld);
            /* softmax backward: ds = att ⊙ (datt − Σ_j att·datt); masked entries have att 0 */
            for (int r = 0; r < t; r++)
                softmax_backward_row(ds + (size_t)r * t, a + (size_t)r * t, causal ? r + 1 : t, t);
            /* scores = Q·Kᵀ·scale: dQ = ds·K·scale, dK = dsᵀ·Q·scale */
            mm(MM_N, MM_N, t, d, t, scale, ds, t, k, ld, 0.0f, dq, ld);
            mm(MM_T, MM_N, t, d, t, scale, ds, t, q, ld, 0.0f, dk, ld);
        }
}
