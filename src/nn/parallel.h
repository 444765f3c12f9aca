/* parallel.h: data-parallel training. With threads > 1 a compiled model splits each batch
 * (or, among processes, this process's share of it: model_set_world) over a pool of that
 * many threads (the caller is rank 0). Every rank runs forward and
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

/* Makes m this process's replica in world (its rank among world->size processes; size 1:
 * alone): every training step and evaluation then takes this process's share of the batch
 * (the same rows as the same rank of as many threads), and sums the gradients, losses and
 * counts over the processes; an evaluation also gathers every row's output, so that each
 * process holds the whole batch's, as with threads. Every process must run the same steps
 * on the same batches. Builds the replicas when m is compiled; on failure m stays as it was.
 * Forward passes alone (generation, attention) are not split: each process runs them whole. */
enum al_status model_set_world(struct model *m, const struct replica *world, struct al_error *err);
int model_world_size(const struct model *m);

/* Every process's parameters and optimizer state become rank 0's: a collective, called by
 * every process (a training command starts with it, so that no process trains from other
 * values than the others). */
void model_world_sync(struct model *m);

/* Bytes of memory the compiled model holds: its arena plus the replicas' gradients and
 * scratch. */
size_t model_memory_bytes(const struct model *m);

#endif
