/* loss.c: softmax cross-entropy and accuracy. */
#include "nn/loss.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"

struct loss_result cross_entropy_forward(float *probs, const float *logits,
                                         const int32_t *targets, int n, int v)
{
    struct loss_result res = {0.0, 0, n};
    for (int r = 0; r < n; r++) {
        const float *z = logits + (size_t)r * v;
        float *p = probs + (size_t)r * v;
        /* loss from logsumexp, not log(p): no log(0) when a probability underflows */
        res.loss += (double)logsumexp_row(z, v) - z[targets[r]];
        memcpy(p, z, sizeof(float) * (size_t)v);
        softmax_row(p, v);
        int best = 0;
        for (int k = 1; k < v; k++)
            if (z[k] > z[best])
                best = k;
        res.correct += best == targets[r];
    }
    if (n > 0)
        res.loss /= n;
    return res;
}

void cross_entropy_backward(float *dlogits, const float *probs, const int32_t *targets, int n,
                            int v)
{
    float inv = 1.0f / (float)n;
    for (int r = 0; r < n; r++) {
        const float *p = probs + (size_t)r * v;
        float *d = dlogits + (size_t)r * v;
        for (int k = 0; k < v; k++)
            d[k] = p[k] * inv;
        d[targets[r]] -= inv;
    }
}
