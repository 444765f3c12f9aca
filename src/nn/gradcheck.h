/* gradcheck.h: analytic gradients against central finite differences, for tests and for
 * teaching backpropagation (the `gradcheck` command shows the entries side by side). */
#ifndef ATTNLAB_NN_GRADCHECK_H
#define ATTNLAB_NN_GRADCHECK_H

#include "nn/model.h"

struct gradcheck_entry {
    size_t index;    /* flat index inside the parameter */
    double analytic; /* from backpropagation */
    double numeric;  /* five-point central difference of the loss (see gradcheck.c) */
};

/* A batch for the check. The rng, when training (dropout), is copied for every forward
 * pass so that each sees the same dropout mask. */
struct gradcheck_batch {
    const int32_t *tokens, *targets, *lengths;
    int b, t;
    int training;
    const struct rng *rng;
};

/* Checks up to `count` entries of parameter `param`, spread evenly over it (every entry
 * when it has at most count). Parameters end as they started. Returns how many entries it
 * filled in *filled. */
enum al_status gradcheck_param(struct model *m, int param, const struct gradcheck_batch *batch,
                               float eps, struct gradcheck_entry *entries, int count, int *filled,
                               struct al_error *err);

/* The loss of one forward pass (training as in batch). */
enum al_status gradcheck_loss(struct model *m, const struct gradcheck_batch *batch, double *loss,
                              struct al_error *err);

#endif
