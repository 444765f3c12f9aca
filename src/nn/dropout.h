/* dropout.h: inverted dropout; at evaluation the layer is the identity. */
#ifndef ATTNLAB_NN_DROPOUT_H
#define ATTNLAB_NN_DROPOUT_H

#include "core/rng.h"

/* Training: mask[k] = 0 with probability rate, else 1/(1-rate); out = in·mask. */
void dropout_forward(float *out, float *mask, const float *in, long n, float rate, struct rng *rng);
/* din = dout·mask. */
void dropout_backward(float *din, const float *dout, const float *mask, long n);

#endif
