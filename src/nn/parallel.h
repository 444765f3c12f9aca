/* parallel.h: how many threads a model's training step uses. */
#ifndef ATTNLAB_NN_PARALLEL_H
#define ATTNLAB_NN_PARALLEL_H

#include "nn/model.h"

/* Sets the threads of m's training step and evaluation (1..POOL_MAX_THREADS). */
enum al_status model_set_threads(struct model *m, int threads, struct al_error *err);
int model_threads(const struct model *m);

#endif
