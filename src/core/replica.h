/* replica.h: a group of model replicas that train on shares of one batch and combine their
 * gradients. Each replica knows its rank and the group's size; the one collective a training
 * step needs is an all-reduce: every rank passes its own vector, and on return every rank's
 * vector holds the element-wise sum over the ranks, added in rank order (((v0 + v1) + v2)
 * ...), so that a given group size always gives bit-identical results.
 *
 * The in-process group below runs its replicas as the ranks of one pool_run. A group over MPI
 * (one replica per process) fits the same interface: the ops table is the seam. */
#ifndef ATTNLAB_CORE_REPLICA_H
#define ATTNLAB_CORE_REPLICA_H

#include <stddef.h>

#include "core/pool.h"
#include "core/status.h"

struct replica_group;

struct replica_ops {
    /* All ranks call each collective with the same n, every one of them. */
    void (*allreduce_f32)(struct replica_group *g, int rank, float *data, size_t n);
    void (*allreduce_f64)(struct replica_group *g, int rank, double *data, size_t n);
    void (*barrier)(struct replica_group *g, int rank);
    void (*free)(struct replica_group *g);
};

struct replica_group {
    const struct replica_ops *ops;
    int size;
};

/* One rank's handle on its group. */
struct replica {
    struct replica_group *group;
    int rank, size;
};

/* A group whose ranks are the ranks of pool p (size pool_size(p)); its collectives may only
 * be called from inside pool_run(p, ...), by every rank. */
enum al_status replica_group_local(struct pool *p, struct replica_group **out,
                                   struct al_error *err);
void replica_group_free(struct replica_group *g);

static inline struct replica replica_of(struct replica_group *g, int rank)
{
    return (struct replica){g, rank, g->size};
}

/* data[0..n) of every rank becomes the sum over ranks, in rank order. */
static inline void replica_allreduce_sum(const struct replica *r, float *data, size_t n)
{
    r->group->ops->allreduce_f32(r->group, r->rank, data, n);
}

/* The same for a few doubles (losses, counts). */
static inline void replica_allreduce_sum_f64(const struct replica *r, double *data, size_t n)
{
    r->group->ops->allreduce_f64(r->group, r->rank, data, n);
}

static inline void replica_barrier(const struct replica *r)
{
    r->group->ops->barrier(r->group, r->rank);
}

#endif
