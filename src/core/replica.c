/* replica.c: the in-process replica group. Ranks publish their vectors, then each rank sums
 * one contiguous range of elements over all ranks (in rank order) and writes the sum back to
 * every rank's vector: the work of the reduction is split over the ranks too, and which rank
 * sums which range does not change any result. */
#include "core/replica.h"

#include <stdlib.h>
#include <string.h>

struct local_group {
    struct replica_group base; /* first: a struct replica_group * is a struct local_group * */
    struct pool *pool;
    float *f32[POOL_MAX_THREADS]; /* each rank's vector of the current collective */
    double *f64[POOL_MAX_THREADS];
};

/* Ranges start on 64-byte boundaries so that two ranks never write one cache line. */
#define LINE_FLOATS 16

static void local_allreduce_f32(struct replica_group *g, int rank, float *data, size_t n)
{
    struct local_group *lg = (struct local_group *)g;
    int size = g->size;
    if (size == 1)
        return;
    lg->f32[rank] = data;
    pool_barrier(lg->pool);
    long lines = (long)((n + LINE_FLOATS - 1) / LINE_FLOATS), b, e;
    pool_share(lines, rank, size, &b, &e);
    size_t begin = (size_t)b * LINE_FLOATS, end = (size_t)e * LINE_FLOATS;
    if (end > n)
        end = n;
    if (begin < end) {
        float *sum = lg->f32[0];
        for (int r = 1; r < size; r++) {
            const float *x = lg->f32[r];
            for (size_t i = begin; i < end; i++)
                sum[i] += x[i];
        }
        for (int r = 1; r < size; r++)
            memcpy(lg->f32[r] + begin, sum + begin, (end - begin) * sizeof(float));
    }
    pool_barrier(lg->pool);
}

static void local_allreduce_f64(struct replica_group *g, int rank, double *data, size_t n)
{
    struct local_group *lg = (struct local_group *)g;
    int size = g->size;
    if (size == 1)
        return;
    lg->f64[rank] = data;
    pool_barrier(lg->pool);
    if (rank == 0) /* a few numbers: one rank sums them */
        for (size_t i = 0; i < n; i++) {
            for (int r = 1; r < size; r++)
                data[i] += lg->f64[r][i];
            for (int r = 1; r < size; r++)
                lg->f64[r][i] = data[i];
        }
    pool_barrier(lg->pool);
}

static void local_barrier(struct replica_group *g, int rank)
{
    (void)rank;
    pool_barrier(((struct local_group *)g)->pool);
}

static void local_free(struct replica_group *g)
{
    free(g);
}

static void local_broadcast_f32(struct replica_group *g, int rank, float *data, size_t n)
{
    struct local_group *lg = (struct local_group *)g;
    lg->f32[rank] = data;
    pool_barrier(lg->pool);
    if (rank > 0 && data != lg->f32[0])
        memcpy(data, lg->f32[0], n * sizeof *data);
    pool_barrier(lg->pool);
}

static void local_allgather_rows(struct replica_group *g, int rank, float *data, long rows,
                                 size_t row_floats)
{
    struct local_group *lg = (struct local_group *)g;
    lg->f32[rank] = data;
    pool_barrier(lg->pool);
    for (int r = 0; r < g->size; r++) {
        long b, e;
        pool_share(rows, r, g->size, &b, &e);
        if (r != rank && lg->f32[r] != data && e > b)
            memcpy(data + (size_t)b * row_floats, lg->f32[r] + (size_t)b * row_floats,
                   (size_t)(e - b) * row_floats * sizeof *data);
    }
    pool_barrier(lg->pool);
}

static const struct replica_ops local_ops = {
    .allreduce_f32 = local_allreduce_f32,
    .allreduce_f64 = local_allreduce_f64,
    .barrier = local_barrier,
    .free = local_free,
    .broadcast_f32 = local_broadcast_f32,
    .allgather_rows = local_allgather_rows,
};

enum al_status replica_group_local(struct pool *p, struct replica_group **out, struct al_error *err)
{
    struct local_group *lg = calloc(1, sizeof *lg);
    if (!lg)
        return al_fail(err, AL_ENOMEM, "out of memory for a replica group");
    lg->base.ops = &local_ops;
    lg->base.size = pool_size(p);
    lg->pool = p;
    *out = &lg->base;
    return AL_OK;
}

void replica_group_free(struct replica_group *g)
{
    if (g)
        g->ops->free(g);
}
