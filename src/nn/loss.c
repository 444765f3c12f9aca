/* loss.c: softmax cross-entropy and accuracy. */
#include "nn/loss.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"

/* One row: probs = softmax(z), returns -log probs[target] = log Σ exp(z - max) + max - z[t],
 * from one pass of exponentials; *best receives the argmax (the first, on ties). */
static double row_cross_entropy(float *p, const float *z, int target, int v, int *best)
{
    float max = row_max(z, v);
    int arg = 0;
    while (arg < v - 1 && !(z[arg] == max))
        arg++;
    if (!(z[arg] == max)) /* no number in the row: the loss is NaN anyway */
        arg = 0, max = z[0];
    memcpy(p, z, sizeof(float) * (size_t)v);
    double sum = exp_shift_sum(p, max, v);
    float inv = (float)(1.0 / sum);
    for (int k = 0; k < v; k++)
        p[k] *= inv;
    *best = arg;
    return log(sum) + max - z[target];
}

struct loss_result cross_entropy_forward(float *probs, const float *logits, const int32_t *targets,
                                         int n, int v)
{
    struct loss_result res = {0.0, 0, n};
    for (int r = 0; r < n; r++) {
        int best;
        res.loss +=
            row_cross_entropy(probs + (size_t)r * v, logits + (size_t)r * v, targets[r], v, &best);
        res.correct += best == targets[r];
    }
    if (n > 0)
        res.loss /= n;
    return res;
}

void cross_entropy_backward(float *dlogits, const float *probs, const int32_t *targets, int n,
                            int v)
{
    cross_entropy_backward_part(dlogits, probs, targets, n, v, n);
}

void cross_entropy_backward_part(float *dlogits, const float *probs, const int32_t *targets, int n,
                                 int v, int total)
{
    float inv = 1.0f / (float)total;
    for (int r = 0; r < n; r++) {
        const float *p = probs + (size_t)r * v;
        float *d = dlogits + (size_t)r * v;
        for (int k = 0; k < v; k++)
            d[k] = p[k] * inv;
        d[targets[r]] -= inv;
    }
}
