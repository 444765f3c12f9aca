/* heads.h: what each attention head of a model does, measured on a probe: a random token
 * sequence repeated twice (the classic probe for induction heads). For every head of every
 * attention-bearing layer:
 *   previous   mean attention from position i to i-1 (i >= 1)
 *   first      mean attention from position i to position 0 (i >= 1): an attention sink
 *   same       mean attention from each position of the second copy to the same token in
 *              the first copy (a duplicate-token head)
 *   induction  mean attention from each position of the second copy to the token that
 *              followed that token's first occurrence
 * and, for the model as a whole, the loss on each copy: a model that copies in context
 * predicts the second copy far better than the first. Nothing here prints. */
#ifndef ATTNLAB_NN_HEADS_H
#define ATTNLAB_NN_HEADS_H

#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"
#include "nn/model.h"

enum head_kind { HEAD_PREVIOUS, HEAD_FIRST, HEAD_SAME, HEAD_INDUCTION, HEAD_KINDS };

/* "previous", "first", "same", "induction". */
const char *head_kind_name(enum head_kind k);

struct head_score {
    int layer; /* index into model->layers */
    int nth;   /* its place among the attention-bearing layers, from 1 */
    int head;  /* from 0 */
    float score[HEAD_KINDS];
};

struct heads_probe {
    int32_t *tokens; /* [2 * half]: half distinct random ids, then the same again */
    int half;
};

/* Draws a probe of `half` distinct ids below vocab (half <= vocab, 2·half <= context) from
 * rng into p (free with heads_probe_free). AL_EINVAL when it does not fit. */
enum al_status heads_probe_make(struct heads_probe *p, int half, int vocab, int context,
                                struct rng *rng, struct al_error *err);
void heads_probe_free(struct heads_probe *p);

/* The number of heads over all attention-bearing layers. */
int heads_count(const struct model *m);

/* Runs the probe through m (compiled, batch 1) and fills scores[heads_count(m)] in layer
 * then head order, and the mean loss (nats) of predicting each copy's tokens from the ones
 * before (the first token of each copy excluded). If all is not NULL, it receives every
 * head's attention [heads_count][T][T] (T = 2·half), for the all-heads overview. */
enum al_status heads_score(struct model *m, const struct heads_probe *p, struct head_score *scores,
                           double *loss_first, double *loss_second, float *all,
                           struct al_error *err);

#endif
