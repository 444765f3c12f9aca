/* parallel.c: the data-parallel step of parallel.h.
 *
 * A replica is a shallow copy of the model (struct model) whose layers and parameter list are
 * its own: its parameters' values are the model's, their gradients the rank's own (rank 0:
 * the model's), and each layer buffer is one of three things, decided from the sizes the
 * layer's kind asks for (buffers() at batches 1 and 2):
 *   slice    proportional to the batch ([B,...] row-major): the rank's rows of the model's
 *            buffer, at the offset of its first batch row for the pass's T;
 *   shared   independent of the batch and filled once at compile time (a sinusoid table);
 *   private  anything else (per-pass scratch such as a [T,T] matrix): a copy per rank.
 * The gradients flowing between layers (dbuf) are sliced at the widest layer's stride, so
 * that ranks never overlap; after a parallel step model_input_grad is NULL.
 *
 * Among processes (model_set_world), each process takes the rows of its rank, which its
 * threads share out, and rows stay at their place in the batch: the model's buffers have
 * room for all of them, and this process's rows are where they would be in one process. The
 * pool's rank 0 (the thread that called MPI) sums over the processes after the threads have
 * summed, while the others wait at the pool's barrier. */
#include "nn/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"
#include "core/pool.h"
#include "core/replica.h"
#include "nn/layer_kind.h"
#include "nn/model_internal.h"

/* Floats per partial sum of squares of the gradient norm: a fixed split, summed in order,
 * so that the norm does not depend on how the chunks were shared out. */
#define NORM_CHUNK 16384
/* Parameter ranges of the update start on 64-byte lines: no two ranks write one line. */
#define LINE_FLOATS 16

enum buf_use { BUF_SLICE, BUF_SHARED, BUF_PRIVATE };
enum job_kind { JOB_FORWARD, JOB_EVALUATE, JOB_TRAIN, JOB_UPDATE };

struct model_parallel {
    int threads;
    struct pool *pool;
    struct replica_group *group;
    struct arena arena;   /* ranks >= 1: gradients and private buffers; the partial norms */
    struct model *reps;   /* [threads] */
    struct layer *layers; /* [threads][nlayers] */
    struct param *params; /* [threads][nparams] */
    unsigned char *use;   /* [nlayers][LAYER_MAX_BUFFERS], enum buf_use */
    float **priv;         /* [threads][nlayers][LAYER_MAX_BUFFERS] (rank 0: the model's) */
    size_t *per_seq;      /* [nlayers][LAYER_MAX_BUFFERS]: floats per batch row at this T */
    float *grads[POOL_MAX_THREADS];
    double *partial; /* [nchunks] */
    size_t nchunks;
    int widest;
    struct rng rngs[POOL_MAX_THREADS];
    /* the job of the current pool_run */
    struct model *model;
    enum job_kind kind;
    const int32_t *tokens, *targets, *lengths;
    int b, t, training;
    struct replica world; /* the processes that share this job (alone: a forward pass) */
    long first, last;     /* this process's rows [first, last) of the batch */
    double sums[POOL_MAX_THREADS][2]; /* loss·rows and correct rows, per rank, then summed */
    double norm;
};

static int rows_per_seq(const struct model *m, int t)
{
    return model_is_classifier(m) ? 1 : t;
}

/* Points replica `rank` at its rows [b0, ...) of a pass of length t. */
static struct model *bind(struct model_parallel *par, struct model *m, int rank, long b0, int t)
{
    struct model *rep = &par->reps[rank];
    struct layer *layers = par->layers + (size_t)rank * m->nlayers;
    struct param *params = par->params + (size_t)rank * m->nparams;
    *rep = *m;
    rep->layers = layers;
    rep->params = params;
    rep->par = NULL;
    rep->threads = 1;
    rep->grads = par->grads[rank];
    size_t out_rows = (size_t)b0 * rows_per_seq(m, t);
    rep->probs = m->probs + out_rows * model_output_width(m);
    for (int j = 0; j < 2; j++)
        rep->dbuf[j] = m->dbuf[j] + (size_t)b0 * t * par->widest;
    for (int i = 0; i < m->nlayers; i++) {
        const struct layer *src = &m->layers[i];
        struct layer *l = &layers[i];
        *l = *src;
        int pools = layer_kinds[src->cfg.kind]->flags & LAYER_POOLS;
        l->out = src->out + (size_t)b0 * (pools ? 1 : t) * src->out_width;
        for (int k = 0; k < LAYER_MAX_BUFFERS; k++) {
            size_t at = (size_t)i * LAYER_MAX_BUFFERS + k;
            if (!src->buf[k] || par->use[at] == BUF_SHARED)
                continue;
            if (par->use[at] == BUF_SLICE)
                l->buf[k] = src->buf[k] + (size_t)b0 * par->per_seq[at];
            else
                l->buf[k] = par->priv[(size_t)rank * m->nlayers * LAYER_MAX_BUFFERS + at];
        }
    }
    for (int k = 0; k < m->nparams; k++) {
        params[k] = m->params[k];
        params[k].grad = rep->grads + m->params[k].offset;
    }
    return rep;
}

/* Sizes of layer l's buffers for batch b at length t; returns how many. */
static int buffer_sizes(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    const struct layer_kind_desc *d = layer_kinds[l->cfg.kind];
    return d->buffers ? d->buffers(l, b, t, context, sizes) : 0;
}

/* per_seq for a pass of length t. */
static void measure_slices(struct model_parallel *par, const struct model *m, int t)
{
    for (int i = 0; i < m->nlayers; i++) {
        size_t s1[LAYER_MAX_BUFFERS], s2[LAYER_MAX_BUFFERS];
        int n = buffer_sizes(&m->layers[i], 1, t, m->context, s1);
        buffer_sizes(&m->layers[i], 2, t, m->context, s2);
        for (int k = 0; k < n; k++)
            par->per_seq[(size_t)i * LAYER_MAX_BUFFERS + k] = s2[k] - s1[k];
    }
}

static void rank_job(void *ctx, int rank, int size)
{
    struct model_parallel *par = ctx;
    struct model *m = par->model;
    struct replica rr = replica_of(par->group, rank);
    if (par->kind == JOB_UPDATE) {
        long lines = (long)((m->param_floats + LINE_FLOATS - 1) / LINE_FLOATS), a, e;
        pool_share(lines, rank, size, &a, &e);
        size_t from = (size_t)a * LINE_FLOATS, to = (size_t)e * LINE_FLOATS;
        to = to > m->param_floats ? m->param_floats : to;
        if (from >= to)
            return;
        grad_clip(m->grads + from, to - from, par->norm, m->optim.clip);
        optim_update(&m->optim, m->values + from, m->grads + from, m->m + from, m->v + from,
                     to - from, m->optim_step);
        return;
    }
    long b0, b1;
    pool_share(par->last - par->first, rank, size, &b0, &b1);
    b0 += par->first;
    b1 += par->first;
    int nb = (int)(b1 - b0), t = par->t;
    struct model *rep = bind(par, m, rank, b0, t);
    double *sums = par->sums[rank];
    sums[0] = sums[1] = 0.0;
    int out_rows = rows_per_seq(m, t), width = model_output_width(m);
    if (nb > 0)
        model_forward_unchecked(rep, par->tokens + b0 * t, par->lengths ? par->lengths + b0 : NULL,
                                nb, t, par->training, &par->rngs[rank]);
    if (par->kind == JOB_FORWARD)
        return;
    const int32_t *targets = par->targets + b0 * out_rows;
    if (par->kind == JOB_EVALUATE) {
        if (nb > 0) {
            struct loss_result r = cross_entropy_forward(
                rep->probs, rep->layers[m->nlayers - 1].out, targets, nb * out_rows, width);
            sums[0] = r.loss * r.rows;
            sums[1] = (double)r.correct;
        }
        replica_allreduce_sum_f64(&rr, sums, 2);
        if (rank == 0)
            replica_allreduce_sum_f64(&par->world, sums, 2);
        return;
    }
    if (nb > 0) {
        struct loss_result r = model_loss_backward(rep, targets, par->b * out_rows);
        sums[0] = r.loss * r.rows;
        sums[1] = (double)r.correct;
    } else {
        vec_zero(rep->grads, m->param_floats);
    }
    replica_allreduce_sum(&rr, rep->grads, m->param_floats);
    replica_allreduce_sum_f64(&rr, sums, 2);
    if (par->world.size > 1) { /* rank 0's gradients are the model's */
        if (rank == 0) {
            replica_allreduce_sum(&par->world, rep->grads, m->param_floats);
            replica_allreduce_sum_f64(&par->world, sums, 2);
        }
        pool_barrier(par->pool);
    }
    long c0, c1;
    pool_share((long)par->nchunks, rank, size, &c0, &c1);
    for (long c = c0; c < c1; c++) {
        size_t from = (size_t)c * NORM_CHUNK;
        size_t n = m->param_floats - from < NORM_CHUNK ? m->param_floats - from : NORM_CHUNK;
        par->partial[c] = vec_sumsq(m->grads + from, n);
    }
}

/* Runs one job over the pool for a pass [b,t]. */
static void run_job(struct model *m, enum job_kind kind, const int32_t *tokens,
                    const int32_t *targets, const int32_t *lengths, int b, int t, int training,
                    struct rng *rng)
{
    struct model_parallel *par = m->par;
    if (blas_threads() != 1) /* the pool's threads are the only ones */
        blas_set_threads(1);
    measure_slices(par, m, t);
    /* a forward pass alone is not split among processes, nor is a model compiled for
     * inference */
    struct replica w = kind == JOB_FORWARD || m->inference ? replica_of(NULL, 0) : m->world;
    par->world = w;
    if (training && rng) /* one stream per replica of all the processes, drawn by each */
        for (int r = 0; r < par->threads * w.size; r++) {
            uint64_t hi = rng_u32(rng), seed = hi << 32 | rng_u32(rng);
            int mine = r - w.rank * par->threads;
            if (mine >= 0 && mine < par->threads)
                rng_seed(&par->rngs[mine], seed);
        }
    pool_share(b, w.rank, w.size, &par->first, &par->last);
    par->model = m;
    par->kind = kind;
    par->tokens = tokens;
    par->targets = targets;
    par->lengths = lengths;
    par->b = b;
    par->t = t;
    par->training = training;
    pool_run(par->pool, rank_job, par);
    m->last_tokens = tokens;
    m->last_lengths = lengths;
    m->last_b = b;
    m->last_t = t;
    m->input_grad = NULL;
}

void parallel_forward(struct model *m, const int32_t *tokens, const int32_t *lengths, int b, int t,
                      int training, struct rng *rng)
{
    run_job(m, JOB_FORWARD, tokens, NULL, lengths, b, t, training, rng);
}

struct loss_result parallel_evaluate(struct model *m, const int32_t *tokens, const int32_t *targets,
                                     const int32_t *lengths, int b, int t)
{
    run_job(m, JOB_EVALUATE, tokens, targets, lengths, b, t, 0, NULL);
    /* every process holds every row's output, as after an evaluation on threads */
    replica_allgather_rows(&m->par->world, m->layers[m->nlayers - 1].out, b,
                           (size_t)rows_per_seq(m, t) * model_output_width(m));
    int rows = model_output_rows(m, b, t);
    return (struct loss_result){m->par->sums[0][0] / rows, (long)m->par->sums[0][1], rows};
}

enum al_status parallel_train_step(struct model *m, const int32_t *tokens, const int32_t *targets,
                                   const int32_t *lengths, int b, int t, struct rng *rng,
                                   struct step_stats *stats, struct al_error *err)
{
    struct model_parallel *par = m->par;
    run_job(m, JOB_TRAIN, tokens, targets, lengths, b, t, 1, rng);
    int rows = model_output_rows(m, b, t);
    double loss = par->sums[0][0] / rows, sq = 0.0;
    for (size_t c = 0; c < par->nchunks; c++)
        sq += par->partial[c];
    double norm = sqrt(sq);
    if (!isfinite(loss) || !isfinite(norm))
        return al_fail(err, AL_ENUMERIC,
                       "non-finite %s at step %ld (loss %g, gradient norm %g); the parameters "
                       "were left as they were",
                       isfinite(loss) ? "gradient" : "loss", m->step + 1, loss, norm);
    m->step++;
    m->optim_step++;
    par->norm = norm;
    par->kind = JOB_UPDATE;
    pool_run(par->pool, rank_job, par);
    if (stats) {
        stats->loss = loss;
        stats->accuracy = par->sums[0][1] / rows;
        stats->grad_norm = norm;
        stats->lr = optim_lr_at(&m->optim, m->optim_step);
        stats->step = m->step;
    }
    return AL_OK;
}

struct pool *parallel_pool(const struct model *m)
{
    return m->par ? m->par->pool : NULL;
}

int parallel_batches(const struct model *m)
{
    return m->par && m->par->reps;
}

void parallel_free(struct model *m)
{
    struct model_parallel *par = m->par;
    if (!par)
        return;
    replica_group_free(par->group);
    pool_free(par->pool);
    arena_free(&par->arena);
    free(par->reps);
    free(par->layers);
    free(par->params);
    free(par->use);
    free(par->priv);
    free(par->per_seq);
    free(par);
    m->par = NULL;
}

/* Decides each buffer's use and lays out the ranks' own memory (measuring or for real). */
static void layout_ranks(struct model_parallel *par, const struct model *m, struct arena *a)
{
    int share = (m->max_batch + par->threads - 1) / par->threads;
    size_t nb = (size_t)m->nlayers * LAYER_MAX_BUFFERS;
    for (int r = 1; r < par->threads; r++)
        par->grads[r] = arena_floats(a, m->param_floats);
    par->grads[0] = m->grads;
    for (int i = 0; i < m->nlayers; i++) {
        const struct layer *l = &m->layers[i];
        size_t s1[LAYER_MAX_BUFFERS], s2[LAYER_MAX_BUFFERS], sm[LAYER_MAX_BUFFERS];
        int n = buffer_sizes(l, 1, m->context, m->context, s1);
        buffer_sizes(l, 2, m->context, m->context, s2);
        buffer_sizes(l, share, m->context, m->context, sm);
        for (int k = 0; k < n; k++) {
            size_t at = (size_t)i * LAYER_MAX_BUFFERS + k, f = s2[k] - s1[k], g = s1[k] - f;
            par->use[at] = f > 0 && g == 0                            ? BUF_SLICE
                           : f == 0 && layer_kinds[l->cfg.kind]->init ? BUF_SHARED
                                                                      : BUF_PRIVATE;
            par->priv[at] = l->buf[k];
            for (int r = 1; r < par->threads; r++)
                par->priv[r * nb + at] =
                    par->use[at] == BUF_PRIVATE ? arena_floats(a, sm[k]) : NULL;
        }
    }
    par->nchunks = (m->param_floats + NORM_CHUNK - 1) / NORM_CHUNK;
    par->partial = arena_bytes(a, (par->nchunks ? par->nchunks : 1) * sizeof(double));
}

enum al_status parallel_rebuild(struct model *m, struct al_error *err)
{
    parallel_free(m);
    /* a model compiled for inference trains nothing: among processes, each evaluates it
     * whole (its threads, if any, share the batch) */
    if ((m->threads <= 1 && (m->world.size <= 1 || m->inference)) || !m->compiled)
        return AL_OK;
    enum al_status st = replica_reserve(&m->world, m->param_floats, err);
    if (st != AL_OK)
        return st;
    struct model_parallel *par = calloc(1, sizeof *par);
    size_t nb = (size_t)m->nlayers * LAYER_MAX_BUFFERS, n = (size_t)m->threads;
    if (!par)
        return al_fail(err, AL_ENOMEM, "out of memory for %d threads", m->threads);
    m->par = par;
    par->threads = m->threads;
    if (m->inference) { /* nothing to train: the pool alone, for generation's products */
        enum al_status st = pool_new(par->threads, &par->pool, err);
        if (st != AL_OK)
            parallel_free(m);
        return st;
    }
    par->reps = calloc(n, sizeof *par->reps);
    par->layers = calloc(n * (size_t)m->nlayers, sizeof *par->layers);
    par->params = calloc(n * (size_t)(m->nparams ? m->nparams : 1), sizeof *par->params);
    par->use = calloc(nb, 1);
    par->priv = calloc(n * nb, sizeof *par->priv);
    par->per_seq = calloc(nb, sizeof *par->per_seq);
    for (int i = 0; i < m->nlayers; i++)
        if (m->layers[i].out_width > par->widest || m->layers[i].in_width > par->widest)
            par->widest = m->layers[i].out_width > m->layers[i].in_width ? m->layers[i].out_width
                                                                         : m->layers[i].in_width;
    if (par->widest < 1)
        par->widest = 1;
    st = AL_ENOMEM;
    if (par->reps && par->layers && par->params && par->use && par->priv && par->per_seq) {
        struct arena a;
        arena_init_measure(&a);
        layout_ranks(par, m, &a);
        st = arena_init(&par->arena, a.used, err);
        if (st == AL_OK) {
            layout_ranks(par, m, &par->arena);
            st = pool_new(par->threads, &par->pool, err);
        }
        if (st == AL_OK)
            st = replica_group_local(par->pool, &par->group, err);
    } else {
        al_fail(err, AL_ENOMEM, "out of memory for %d threads", m->threads);
    }
    if (st != AL_OK)
        parallel_free(m);
    return st;
}

enum al_status model_set_threads(struct model *m, int threads, struct al_error *err)
{
    if (threads < 1 || threads > POOL_MAX_THREADS)
        return al_fail(err, AL_EINVAL, "threads must be in 1..%d, not %d", POOL_MAX_THREADS,
                       threads);
    if (threads == m->threads && (threads == 1 || m->par || !m->compiled))
        return AL_OK;
    m->threads = threads;
    enum al_status st = parallel_rebuild(m, err);
    if (st != AL_OK)
        m->threads = 1;
    return st;
}

int model_threads(const struct model *m)
{
    return m->threads;
}

enum al_status model_set_world(struct model *m, const struct replica *world, struct al_error *err)
{
    struct replica w = world && world->size > 1 ? *world : replica_of(NULL, 0);
    if (w.group == m->world.group && w.rank == m->world.rank && w.size == m->world.size)
        return AL_OK;
    struct replica old = m->world;
    m->world = w;
    enum al_status st = parallel_rebuild(m, err);
    if (st != AL_OK) {
        m->world = old;
        m->threads = 1;
        parallel_rebuild(m, NULL);
    }
    return st;
}

int model_world_size(const struct model *m)
{
    return m->world.size;
}

void model_world_sync(struct model *m)
{
    if (m->world.size <= 1 || !m->compiled)
        return;
    replica_broadcast(&m->world, m->values, m->param_floats);
    if (m->m)
        replica_broadcast(&m->world, m->m, m->param_floats);
    if (m->v)
        replica_broadcast(&m->world, m->v, m->param_floats);
}

size_t model_memory_bytes(const struct model *m)
{
    return m->arena.capacity + (m->par ? m->par->arena.capacity : 0);
}
