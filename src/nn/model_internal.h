/* model_internal.h: the pieces of model_run.c that the data-parallel step (parallel.c) runs
 * on each replica. Not for use outside src/nn. */
#ifndef ATTNLAB_NN_MODEL_INTERNAL_H
#define ATTNLAB_NN_MODEL_INTERNAL_H

#include "nn/loss.h"
#include "nn/model.h"

enum al_status model_check_batch(const struct model *m, const int32_t *tokens, int b, int t,
                                 struct al_error *err);
enum al_status model_check_targets(const struct model *m, const int32_t *targets, int rows,
                                   struct al_error *err);
/* model_forward without the checks. */
void model_forward_unchecked(struct model *m, const int32_t *tokens, const int32_t *lengths, int b,
                             int t, int training, struct rng *rng);
/* The loss of the last forward pass and its gradient, back-propagated into m->grads (zeroed
 * first); the loss gradient is divided by total_rows (the rows of the whole batch). */
struct loss_result model_loss_backward(struct model *m, const int32_t *targets, int total_rows);

/* nn/parallel.c: with m->threads > 1, after the checks. */
enum al_status parallel_train_step(struct model *m, const int32_t *tokens, const int32_t *targets,
                                   const int32_t *lengths, int b, int t, struct rng *rng,
                                   struct step_stats *stats, struct al_error *err);
struct loss_result parallel_evaluate(struct model *m, const int32_t *tokens, const int32_t *targets,
                                     const int32_t *lengths, int b, int t);
void parallel_forward(struct model *m, const int32_t *tokens, const int32_t *lengths, int b, int t,
                      int training, struct rng *rng);
/* Builds (or, with 1 thread, frees) the replicas for m's current layout; a model compiled
 * for inference gets the pool alone. */
enum al_status parallel_rebuild(struct model *m, struct al_error *err);
void parallel_free(struct model *m);
/* The pool of m's threads (NULL with one thread). */
struct pool *parallel_pool(const struct model *m);
/* Whether m has replicas to split a batch over. */
int parallel_batches(const struct model *m);

#endif
