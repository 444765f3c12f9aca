/* parallel.h: data-parallel training. With threads > 1 a compiled model splits each batch
 * over a pool of that many threads (the caller is rank 0). Every rank runs forward and
 * backward on its rows, reading the one set of parameters and writing its activations into
 * its rows of the model's own buffers (so that after the step they hold the whole batch, as
 * with one thread); the ranks' gradients are summed by a replica group in rank order, and
 * the clipping and the optimizer update are split over the ranks by ranges of parameters.
 * The same seed and thread count give bit-identical results; one thread runs the plain
 * single-threaded code. OpenBLAS runs single-threaded under the pool: the pool is the only
 * source of threads. A step allocates nothing: the replicas are built when the model is
 * compiled or its thread count changes. */
#ifndef ATTNLAB_NN_PARALLEL_H
#define ATTNLAB_NN_PARALLEL_H

#include <stddef.h>

#include "nn/model.h"

/* Sets the threads of m's training step, evaluation and batched forward passes
 * (1..POOL_MAX_THREADS); builds the replicas when m is compiled. On failure m keeps one
 * thread. */
enum al_status model_set_threads(struct model *m, int threads, struct al_error *err);
int model_threads(const struct model *m);

/* Bytes of memory the compiled model holds: its arena plus the replicas' gradients and
 * scratch. */
size_t model_memory_bytes(const struct model *m);

#endif
