/* replica_mpi.c: the world of world.h over MPI (built with configure --with-mpi): one
 * replica per process of the job, collectives over a duplicate of MPI_COMM_WORLD, and the
 * votes after each command over a second duplicate, so that a vote can never be matched with
 * a collective of a training step that another process is still waiting in.
 *
 * The all-reduce keeps replica.h's promise, sums added in rank order: with two processes
 * MPI_Allreduce does (each element is one addition, and a + b == b + a); with more, each
 * process receives one range of every process's vector (MPI_Alltoallv), sums it in rank
 * order, and the ranges are gathered back (MPI_Allgatherv): the same bytes on the wire as a
 * ring all-reduce, and the same bits as the in-process group of as many threads.
 *
 * Only the thread that called MPI_Init calls MPI (MPI_THREAD_FUNNELED): the pool's rank 0. */
#include "core/world.h"

#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Floats per MPI call: counts are ints. */
#define CALL_FLOATS ((size_t)1 << 30)
/* Doubles one allreduce_f64 may carry. */
#define F64_MAX 16

struct mpi_group {
    struct replica_group base; /* first: a struct replica_group * is a struct mpi_group * */
    MPI_Comm data, ctl;
    int rank;
    float *scratch; /* ordered all-reduce: this rank's range of every rank's vector */
    size_t scratch_floats;
    int *counts, *displs, *rcounts, *rdispls; /* [size] each */
    double *f64;                              /* [size][F64_MAX] */
    int *words;                               /* [size]: the votes */
};

static struct mpi_group *mg(struct replica_group *g)
{
    return (struct mpi_group *)g;
}

/* Range of rank r over n elements (as pool_share). */
static void share(size_t n, int r, int size, size_t *b, size_t *e)
{
    long lb, le;
    pool_share((long)n, r, size, &lb, &le);
    *b = (size_t)lb;
    *e = (size_t)le;
}

static void ordered_sum(struct mpi_group *g, float *data, size_t n)
{
    int size = g->base.size;
    size_t b, e;
    share(n, g->rank, size, &b, &e);
    size_t len = e - b;
    for (int r = 0; r < size; r++) {
        size_t rb, re;
        share(n, r, size, &rb, &re);
        g->counts[r] = (int)(re - rb);
        g->displs[r] = (int)rb;
        g->rcounts[r] = (int)len;
        g->rdispls[r] = (int)(len * (size_t)r);
    }
    MPI_Alltoallv(data, g->counts, g->displs, MPI_FLOAT, g->scratch, g->rcounts, g->rdispls,
                  MPI_FLOAT, g->data);
    float *sum = data + b;
    memcpy(sum, g->scratch, len * sizeof *sum);
    for (int r = 1; r < size; r++) {
        const float *x = g->scratch + len * (size_t)r;
        for (size_t i = 0; i < len; i++)
            sum[i] += x[i];
    }
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, data, g->counts, g->displs, MPI_FLOAT,
                   g->data);
}

static void mpi_allreduce_f32(struct replica_group *base, int rank, float *data, size_t n)
{
    (void)rank;
    struct mpi_group *g = mg(base);
    for (size_t at = 0; at < n; at += CALL_FLOATS) {
        size_t k = n - at < CALL_FLOATS ? n - at : CALL_FLOATS;
        if (base->size == 2)
            MPI_Allreduce(MPI_IN_PLACE, data + at, (int)k, MPI_FLOAT, MPI_SUM, g->data);
        else
            ordered_sum(g, data + at, k);
    }
}

/* A few numbers: every rank gathers all ranks' and sums them in rank order. */
static void mpi_allreduce_f64(struct replica_group *base, int rank, double *data, size_t n)
{
    (void)rank;
    struct mpi_group *g = mg(base);
    for (size_t at = 0; at < n; at += F64_MAX) {
        size_t k = n - at < F64_MAX ? n - at : F64_MAX;
        MPI_Allgather(data + at, (int)k, MPI_DOUBLE, g->f64, (int)k, MPI_DOUBLE, g->data);
        for (size_t i = 0; i < k; i++) {
            double s = g->f64[i];
            for (int r = 1; r < base->size; r++)
                s += g->f64[(size_t)r * k + i];
            data[at + i] = s;
        }
    }
}

static void mpi_barrier(struct replica_group *base, int rank)
{
    (void)rank;
    MPI_Barrier(mg(base)->data);
}

static void mpi_broadcast_f32(struct replica_group *base, int rank, float *data, size_t n)
{
    (void)rank;
    for (size_t at = 0; at < n; at += CALL_FLOATS) {
        size_t k = n - at < CALL_FLOATS ? n - at : CALL_FLOATS;
        MPI_Bcast(data + at, (int)k, MPI_FLOAT, 0, mg(base)->data);
    }
}

/* Each rank's rows, broadcast by their rank: an evaluation's outputs, once a batch (rows of
 * any length, with no type to build). */
static void mpi_allgather_rows(struct replica_group *base, int rank, float *data, long rows,
                               size_t row_floats)
{
    (void)rank;
    for (int r = 0; r < base->size; r++) {
        size_t b, e;
        share((size_t)rows, r, base->size, &b, &e);
        size_t n = (e - b) * row_floats;
        for (size_t at = 0; at < n; at += CALL_FLOATS) {
            size_t k = n - at < CALL_FLOATS ? n - at : CALL_FLOATS;
            MPI_Bcast(data + b * row_floats + at, (int)k, MPI_FLOAT, r, mg(base)->data);
        }
    }
}

static enum al_status mpi_reserve(struct replica_group *base, size_t n, struct al_error *err)
{
    struct mpi_group *g = mg(base);
    size_t size = (size_t)base->size;
    if (n > CALL_FLOATS)
        n = CALL_FLOATS;
    /* the longest range is ceil(n / size) floats, received from each of size ranks */
    size_t need = base->size > 2 ? (n + size - 1) / size * size : 0;
    if (need <= g->scratch_floats)
        return AL_OK;
    float *grown = realloc(g->scratch, need * sizeof *grown);
    if (!grown)
        return al_fail(err, AL_ENOMEM, "out of memory for the all-reduce of %zu floats", n);
    g->scratch = grown;
    g->scratch_floats = need;
    return AL_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static struct replica_vote mpi_vote(struct replica_group *base, int failed, int leaving,
                                    double timeout)
{
    struct mpi_group *g = mg(base);
    struct replica_vote v = {0, 0, -1, 0};
    int word = (failed ? 1 : 0) | (leaving ? 2 : 0);
    MPI_Request req;
    MPI_Iallgather(&word, 1, MPI_INT, g->words, 1, MPI_INT, g->ctl, &req);
    /* Polled with short sleeps: the others may be busy for long (rank 0 writing a file),
     * and a process waiting here should leave the cores to them. */
    double deadline = timeout > 0 ? now() + timeout : 0;
    for (int spins = 0;; spins++) {
        int done = 0;
        MPI_Test(&req, &done, MPI_STATUS_IGNORE);
        if (done)
            break;
        if (deadline > 0 && now() > deadline)
            return v; /* the request stays pending: the caller aborts */
        if (spins > 100)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    v.answered = 1;
    for (int r = 0; r < base->size; r++) {
        if (g->words[r] & 1) {
            v.failed++;
            if (v.first_failed < 0)
                v.first_failed = r;
        }
        v.leaving += (g->words[r] & 2) != 0;
    }
    return v;
}

static void mpi_abort(struct replica_group *base, int status)
{
    (void)base;
    MPI_Abort(MPI_COMM_WORLD, status);
}

static void group_release(struct mpi_group *g)
{
    free(g->scratch);
    free(g->counts);
    free(g->displs);
    free(g->rcounts);
    free(g->rdispls);
    free(g->f64);
    free(g->words);
    free(g);
}

static void mpi_free(struct replica_group *base)
{
    struct mpi_group *g = mg(base);
    MPI_Comm_free(&g->data);
    MPI_Comm_free(&g->ctl);
    group_release(g);
}

static const struct replica_ops mpi_ops = {
    .allreduce_f32 = mpi_allreduce_f32,
    .allreduce_f64 = mpi_allreduce_f64,
    .barrier = mpi_barrier,
    .free = mpi_free,
    .broadcast_f32 = mpi_broadcast_f32,
    .allgather_rows = mpi_allgather_rows,
    .reserve = mpi_reserve,
    .vote = mpi_vote,
    .abort = mpi_abort,
};

/* A launcher of MPI processes left its mark in the environment. */
static int launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", NULL};
    for (int i = 0; vars[i]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

enum al_status world_join(int *argc, char ***argv, int asked, struct replica *out,
                          struct al_error *err)
{
    *out = (struct replica){NULL, 0, 1};
    if (!asked && !launched())
        return AL_OK;
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return al_fail(err, AL_EIO, "MPI failed to start (MPI_Init_thread)");
    struct mpi_group *g = calloc(1, sizeof *g);
    int size, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    size_t n = (size_t)size;
    if (g) {
        g->counts = malloc(n * sizeof *g->counts);
        g->displs = malloc(n * sizeof *g->displs);
        g->rcounts = malloc(n * sizeof *g->rcounts);
        g->rdispls = malloc(n * sizeof *g->rdispls);
        g->f64 = malloc(n * F64_MAX * sizeof *g->f64);
        g->words = malloc(n * sizeof *g->words);
    }
    if (!g || !g->counts || !g->displs || !g->rcounts || !g->rdispls || !g->f64 || !g->words) {
        if (g)
            group_release(g);
        MPI_Finalize();
        return al_fail(err, AL_ENOMEM, "out of memory for a group of %d processes", size);
    }
    g->base.ops = &mpi_ops;
    g->base.size = size;
    g->rank = rank;
    MPI_Comm_dup(MPI_COMM_WORLD, &g->data);
    MPI_Comm_dup(MPI_COMM_WORLD, &g->ctl);
    *out = (struct replica){&g->base, rank, size};
    return AL_OK;
}

void world_leave(struct replica *w)
{
    if (w->group) {
        replica_group_free(w->group);
        MPI_Finalize();
    }
    *w = (struct replica){NULL, 0, 1};
}

const char *world_library(void)
{
    static char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    MPI_Get_library_version(version, &len);
    char *nl = strchr(version, '\n');
    if (nl)
        *nl = '\0';
    return version;
}
