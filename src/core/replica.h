/* replica.h: a group of model replicas that train on shares of one batch and combine their
 * gradients. Each replica knows its rank and the group's size; the one collective a training
 * step needs is an all-reduce: every rank passes its own vector, and on return every rank's
 * vector holds the element-wise sum over the ranks, added in rank order (((v0 + v1) + v2)
 * ...), so that a given group size always gives bit-identical results.
 *
 * Two groups fit this interface: the in-process group below, whose ranks are the ranks of
 * one pool_run, and the world (core/world.h), whose ranks are the processes of an MPI job,
 * one replica each (core/replica_mpi.c, built with configure --with-mpi). */
#ifndef ATTNLAB_CORE_REPLICA_H
#define ATTNLAB_CORE_REPLICA_H

#include <stddef.h>

#include "core/pool.h"
#include "core/status.h"

struct replica_group;

/* What every process said at a vote (core/world.h). */
struct replica_vote {
    int answered;     /* 0: not every process voted within the time allowed */
    int failed;       /* processes whose last command failed */
    int first_failed; /* the lowest of their ranks (-1: none) */
    int leaving;      /* processes that are about to exit */
};

struct replica_ops {
    /* All ranks call each collective with the same n, every one of them. */
    void (*allreduce_f32)(struct replica_group *g, int rank, float *data, size_t n);
    void (*allreduce_f64)(struct replica_group *g, int rank, double *data, size_t n);
    void (*barrier)(struct replica_group *g, int rank);
    void (*free)(struct replica_group *g);
    /* data[0..n) of rank 0 to every rank. */
    void (*broadcast_f32)(struct replica_group *g, int rank, float *data, size_t n);
    /* data is [rows][row_floats]; each rank has filled its share of the rows (pool_share of
     * rows over the ranks); on return every rank's data holds every row. */
    void (*allgather_rows)(struct replica_group *g, int rank, float *data, long rows,
                           size_t row_floats);
    /* Makes room for all-reduces of up to n floats, so that a training step allocates
     * nothing. NULL: no room needed. */
    enum al_status (*reserve)(struct replica_group *g, size_t n, struct al_error *err);
    /* The world's control (NULL in a group of threads, which fail and stop together). */
    struct replica_vote (*vote)(struct replica_group *g, int failed, int leaving, double timeout);
    void (*abort)(struct replica_group *g, int status);
};

struct replica_group {
    const struct replica_ops *ops;
    int size;
};

/* One rank's handle on its group. A process alone has group NULL, rank 0, size 1. */
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
    return (struct replica){g, rank, g ? g->size : 1};
}

/* data[0..n) of every rank becomes the sum over ranks, in rank order. */
static inline void replica_allreduce_sum(const struct replica *r, float *data, size_t n)
{
    if (r->size > 1)
        r->group->ops->allreduce_f32(r->group, r->rank, data, n);
}

/* The same for a few doubles (losses, counts). */
static inline void replica_allreduce_sum_f64(const struct replica *r, double *data, size_t n)
{
    if (r->size > 1)
        r->group->ops->allreduce_f64(r->group, r->rank, data, n);
}

static inline void replica_barrier(const struct replica *r)
{
    if (r->size > 1)
        r->group->ops->barrier(r->group, r->rank);
}

static inline void replica_broadcast(const struct replica *r, float *data, size_t n)
{
    if (r->size > 1)
        r->group->ops->broadcast_f32(r->group, r->rank, data, n);
}

static inline void replica_allgather_rows(const struct replica *r, float *data, long rows,
                                          size_t row_floats)
{
    if (r->size > 1)
        r->group->ops->allgather_rows(r->group, r->rank, data, rows, row_floats);
}

static inline enum al_status replica_reserve(const struct replica *r, size_t n,
                                             struct al_error *err)
{
    return r->size > 1 && r->group->ops->reserve ? r->group->ops->reserve(r->group, n, err) : AL_OK;
}

#endif
