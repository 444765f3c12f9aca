/* bench_mpi.c: the baby GPT of bench/README trained among the processes of an MPI job, as
 * `mpirun -np N attnlab` trains it (built with configure --with-mpi). Every process builds
 * the model from the same seed and samples the same batches; each trains on its share of
 * the global batch (12 sequences of 64) and the gradients are summed over the processes
 * every step. Rank 0 prints one line in bench's format, the threads column saying
 * processes x threads, then the time of one all-reduce of the model's gradient vector
 * (818241 floats, 3.3 MB) through the world group alone, as a step calls it, and through
 * MPI_Allreduce for comparison.
 * Usage: mpirun -np N bench_mpi [--threads T] [--seconds S] [--reps R] [corpus.txt] */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "core/matmul.h"
#include "core/rng.h"
#include "core/world.h"
#include "data/batch.h"
#include "data/corpus.h"
#include "data/tokenizer.h"
#include "nn/parallel.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* rank 0's value of x on every process (the others pass anything) */
static double rank0(const struct replica *w, double x)
{
    double v = w->rank == 0 ? x : 0.0;
    replica_allreduce_sum_f64(w, &v, 1);
    return v;
}

static int train(const struct replica *w, int threads, double seconds, const struct corpus *c)
{
    const struct bench_config *cfg = &bench_gpt;
    struct model *m = bench_model(cfg, tok_vocab_size(c->tok));
    if (!m)
        return -1;
    struct rng r;
    rng_seed(&r, 1337);
    struct optim_config o;
    optim_config_default(&o, cfg->optim);
    o.lr = cfg->lr;
    struct al_error err;
    if (model_compile(m, &o, cfg->batch, &r, &err) != AL_OK ||
        model_set_threads(m, threads, &err) != AL_OK || model_set_world(m, w, &err) != AL_OK) {
        fprintf(stderr, "bench_mpi: %s\n", err.msg);
        model_free(m);
        return -1;
    }
    size_t ntrain;
    const int32_t *tokens = corpus_train(c, &ntrain);
    size_t n = (size_t)cfg->batch * cfg->seq;
    int32_t *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y)
        return -1;
    struct step_stats s = {0};
    double first = 0, start = 0, cpu_start = 0;
    long steps = 0;
    for (long k = 0;; k++) {
        if (k == 3) { /* three warm-up steps are not timed */
            start = bench_now();
            cpu_start = cpu_now();
        }
        if (batch_sample(tokens, ntrain, cfg->batch, cfg->seq, &r, x, y, &err) != AL_OK ||
            model_train_step(m, x, y, NULL, cfg->batch, cfg->seq, &r, &s, &err) != AL_OK) {
            fprintf(stderr, "bench_mpi: %s\n", err.msg);
            return -1;
        }
        if (k == 0)
            first = s.loss;
        /* every process stops after the same step: rank 0's clock decides */
        if (k >= 8 && rank0(w, bench_now() - start) >= seconds) {
            steps = k - 2;
            break;
        }
    }
    double elapsed = rank0(w, bench_now() - start), cpu = cpu_now() - cpu_start;
    replica_allreduce_sum_f64(w, &cpu, 1); /* every process's */
    if (w->rank == 0) {
        char procs[32];
        snprintf(procs, sizeof procs, "%dx%d", w->size, threads);
        printf("%-10s %9zu %4dx%-4d %7s %9.1f %10.0f %8s %7ld   %.3f -> %.3f\n", cfg->name,
               m->param_floats, cfg->batch, cfg->seq, procs, elapsed * 1000.0 / steps,
               (double)n * steps / elapsed, "-", steps + 3, first, s.loss);
        /* On a machine shared with other programs, CPU time says what the step costs (MPI
         * waits by polling: a process waiting for another is busy too). */
        printf("  cpu: %.0f tokens per CPU-second (%.2f cores busy)\n", (double)n * steps / cpu,
               cpu / elapsed);
    }
    free(x);
    free(y);
    model_free(m);
    return 0;
}

/* The all-reduce of the baby GPT's gradient vector, alone. */
static void allreduce(const struct replica *w, int reps)
{
    size_t n = 818241;
    float *v = malloc(n * sizeof *v);
    struct al_error err;
    if (!v || replica_reserve(w, n, &err) != AL_OK) {
        free(v);
        return;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = (float)((i * 7919u + (unsigned)w->rank) % 1000u) * 1e-6f;
    double ours = 0, mpi = 0;
    for (int k = 0; k < reps + 3; k++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = bench_now();
        replica_allreduce_sum(w, v, n);
        double t1 = bench_now();
        MPI_Barrier(MPI_COMM_WORLD);
        double t2 = bench_now();
        MPI_Allreduce(MPI_IN_PLACE, v, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        double t3 = bench_now();
        if (k >= 3) { /* three warm-up rounds */
            ours += t1 - t0;
            mpi += t3 - t2;
        }
        for (size_t i = 0; i < n; i += 4096) /* keep the values finite */
            v[i] = 0.0f;
    }
    ours = rank0(w, ours / reps);
    mpi = rank0(w, mpi / reps);
    if (w->rank == 0)
        printf("  all-reduce of %zu floats (%.2f MB) over %d process%s: %.2f ms (%s), "
               "%.2f ms (MPI_Allreduce)\n",
               n, n * 4 / 1e6, w->size, w->size == 1 ? "" : "es", ours * 1e3,
               w->size == 1   ? "nothing to sum"
               : w->size == 2 ? "attnlab's: MPI_Allreduce"
                              : "attnlab's, in rank order",
               mpi * 1e3);
    free(v);
}

int main(int argc, char **argv)
{
    struct replica w;
    struct al_error err;
    if (world_join(&argc, &argv, 1, &w, &err) != AL_OK) {
        fprintf(stderr, "bench_mpi: %s\n", err.msg);
        return 1;
    }
    double seconds = 5.0;
    int threads = 1, reps = 30;
    static const struct option longopts[] = {{"threads", required_argument, NULL, 't'},
                                             {"seconds", required_argument, NULL, 's'},
                                             {"reps", required_argument, NULL, 'r'},
                                             {NULL, 0, NULL, 0}};
    int c, bad = 0;
    while ((c = getopt_long(argc, argv, "t:s:r:", longopts, NULL)) != -1) {
        if (c == 't')
            threads = atoi(optarg);
        else if (c == 's')
            seconds = atof(optarg);
        else if (c == 'r')
            reps = atoi(optarg);
        else
            bad = 1;
    }
    if (bad || threads < 1 || threads > POOL_MAX_THREADS || reps < 1) {
        if (w.rank == 0)
            fprintf(stderr, "usage: mpirun -np N bench_mpi [--threads T] [--seconds S] "
                            "[--reps R] [corpus.txt]\n");
        world_leave(&w);
        return 2;
    }
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/../shared/data/tinyshakespeare.txt", top ? top : ".");
    if (optind < argc)
        snprintf(path, sizeof path, "%s", argv[optind]);
    else if (access(path, R_OK) != 0)
        snprintf(path, sizeof path, "%s/corpora/english.txt", top ? top : ".");
    struct corpus_options opt;
    corpus_options_default(&opt);
    struct corpus *corpus;
    if (corpus_load(path, &opt, &corpus, &err) != AL_OK) {
        fprintf(stderr, "bench_mpi: %s: %s\n", path, err.msg);
        world_abort(&w, 1);
        world_leave(&w);
        return 1;
    }
    blas_set_threads(1); /* as in a session: the pool is the only source of threads */
    int failed = train(&w, threads, seconds, corpus) != 0;
    if (failed)
        world_abort(&w, 1);
    allreduce(&w, reps);
    corpus_free(corpus);
    world_leave(&w);
    return failed;
}
