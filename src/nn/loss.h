/* loss.h: softmax cross-entropy over the vocabulary (or the classes), averaged over rows,
 * with top-1 accuracy. */
#ifndef ATTNLAB_NN_LOSS_H
#define ATTNLAB_NN_LOSS_H

#include <stdint.h>

struct loss_result {
    double loss;  /* mean cross-entropy over the rows */
    long correct; /* rows whose argmax equals the target */
    long rows;
};

/* probs[N,V] = softmax(logits); returns the mean of -log probs[target]. */
struct loss_result cross_entropy_forward(float *probs, const float *logits, const int32_t *targets,
                                         int n, int v);
/* dlogits[N,V] = (probs - onehot(target)) / N. */
void cross_entropy_backward(float *dlogits, const float *probs, const int32_t *targets, int n,
                            int v);
/* The same for n rows that are part of a batch of `total` rows: divides by total. */
void cross_entropy_backward_part(float *dlogits, const float *probs, const int32_t *targets, int n,
                                 int v, int total);

#endif
