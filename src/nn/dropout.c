/* dropout.c: inverted dropout drawing from the session's RNG. */
#include "nn/dropout.h"

void dropout_forward(float *out, float *mask, const float *in, long n, float rate, struct rng *rng)
{
    float keep = 1.0f / (1.0f - rate);
    for (long k = 0; k < n; k++) {
        mask[k] = rng_uniform(rng) < rate ? 0.0f : keep;
        out[k] = in[k] * mask[k];
    }
}

void dropout_backward(float *din, const float *dout, const float *mask, long n)
{
    for (long k = 0; k < n; k++)
        din[k] = dout[k] * mask[k];
}
