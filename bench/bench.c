/* bench.c: trains the two reference configurations char-level and prints one line each:
 * tokens per second, milliseconds per step, achieved GFLOP/s (matrix products), threads.
 *   baby GPT:        4 blocks, 4 heads, width 128, MLP 512, context 64, batch 12, AdamW
 *   the seed's model: embedding 16, LSTM 64, dense to the vocabulary; seq 100, batch 64, Adam
 * After each line, with --sgemm: the same step's matrix products (recorded from one step)
 * replayed alone, as the step calls them, so that the step's efficiency shows; with --memory:
 * peak resident memory against the model's arena.
 * Usage: bench [--threads N] [--seconds S] [--config baby-gpt|seed-lstm] [--sgemm] [--memory]
 *              [corpus.txt]
 * The corpus defaults to ../shared/data/tinyshakespeare.txt beside the source tree, else
 * the bundled English corpus. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "core/pool.h"
#include "core/rng.h"
#include "data/batch.h"
#include "data/corpus.h"
#include "nn/parallel.h"

#define TRACE_CAP 20000

static int threads = 0; /* 0: the default */
static int want_sgemm, want_memory, first_config = 1;

/* Resident memory now, from /proc/self/statm, in bytes (0 when unreadable). */
static double rss_now(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size, resident;
    int ok = f && fscanf(f, "%ld %ld", &size, &resident) == 2;
    if (f)
        fclose(f);
    return ok ? (double)resident * sysconf(_SC_PAGESIZE) : 0.0;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double rss_peak(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024.0;
}

struct replay_job {
    struct mm_trace *traces;
    struct replay_buffers *bufs;
    long reps;
};

static void replay_fn(void *ctx, int rank, int size)
{
    (void)size;
    struct replay_job *j = ctx;
    for (long r = 0; r < j->reps; r++)
        replay_run(&j->traces[rank], &j->bufs[rank]);
}

/* The step's products alone: records one training step's products per rank, then replays
 * every rank's list at once (a pool of as many ranks as recorded some) until `seconds` have
 * passed. Returns the time of one replay of the step, in seconds (< 0 on failure). */
static double sgemm_alone(struct model *m, const int32_t *x, const int32_t *y, int b, int t,
                          struct rng *r, double seconds, int *products)
{
    static struct mm_trace traces[POOL_MAX_THREADS];
    static struct replay_buffers bufs[POOL_MAX_THREADS];
    int ranks = 0;
    for (int k = 0; k < POOL_MAX_THREADS; k++)
        if (trace_init(&traces[k], TRACE_CAP))
            return -1;
    struct step_stats s;
    struct al_error err;
    mm_trace_set_ranks(traces, POOL_MAX_THREADS);
    enum al_status st = model_train_step(m, x, y, NULL, b, t, r, &s, &err);
    mm_trace_set_ranks(NULL, 0);
    *products = 0;
    for (int k = 0; k < POOL_MAX_THREADS; k++) {
        if (traces[k].count > 0)
            ranks = k + 1;
        *products += traces[k].count;
    }
    double per_step = -1;
    struct pool *p = NULL;
    if (st == AL_OK && ranks > 0 && pool_new(ranks, &p, &err) == AL_OK) {
        int ok = 1;
        for (int k = 0; k < ranks; k++)
            ok &= replay_alloc(&bufs[k], &traces[k]) == 0 && traces[k].dropped == 0;
        struct replay_job j = {traces, bufs, 1};
        if (ok) {
            pool_run(p, replay_fn, &j); /* warm-up */
            long total = 0;
            double start = bench_now(), elapsed;
            do {
                pool_run(p, replay_fn, &j);
                total += j.reps;
                elapsed = bench_now() - start;
                if (elapsed < seconds / 8)
                    j.reps *= 2;
            } while (elapsed < seconds);
            per_step = elapsed / total;
        }
        for (int k = 0; k < ranks; k++)
            replay_free(&bufs[k]);
        pool_free(p);
    }
    for (int k = 0; k < POOL_MAX_THREADS; k++)
        trace_free(&traces[k]);
    return per_step;
}

static int run(const struct bench_config *cfg, int vocab, const struct corpus *corpus,
               double seconds)
{
    double rss_before = rss_now();
    struct model *m = bench_model(cfg, vocab);
    if (!m)
        return -1;
    struct rng r;
    rng_seed(&r, 1337);
    struct optim_config o;
    optim_config_default(&o, cfg->optim);
    o.lr = cfg->lr;
    struct al_error err;
    if (model_compile(m, &o, cfg->batch, &r, &err) != AL_OK ||
        (threads > 0 && model_set_threads(m, threads, &err) != AL_OK)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        model_free(m);
        return -1;
    }
    size_t ntrain;
    const int32_t *train = corpus_train(corpus, &ntrain);
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
        if (batch_sample(train, ntrain, cfg->batch, cfg->seq, &r, x, y, &err) != AL_OK ||
            model_train_step(m, x, y, NULL, cfg->batch, cfg->seq, &r, &s, &err) != AL_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return -1;
        }
        if (k == 0)
            first = s.loss;
        if (k >= 3 && (bench_now() - start >= seconds && k - 3 >= 5)) {
            steps = k - 2;
            break;
        }
    }
    double elapsed = bench_now() - start, cpu = cpu_now() - cpu_start;
    double ms = elapsed * 1000.0 / steps;
    double tokens = (double)n * steps / elapsed;
    double flops = model_train_flops(m, cfg->batch, cfg->seq);
    double gflops = flops * steps / elapsed / 1e9;
    printf("%-10s %9zu %4dx%-4d %7d %9.1f %10.0f %8.2f %7ld   %.3f -> %.3f\n", cfg->name,
           m->param_floats, cfg->batch, cfg->seq, model_threads(m), ms, tokens, gflops, steps + 3,
           first, s.loss);
    /* On a machine shared with other programs, CPU time says what the step costs. */
    printf("  cpu: %.0f tokens per CPU-second (%.2f cores busy)\n", (double)n * steps / cpu,
           cpu / elapsed);
    if (want_sgemm) {
        int products;
        double alone = sgemm_alone(m, x, y, cfg->batch, cfg->seq, &r, seconds / 2, &products);
        if (alone > 0)
            printf("  sgemm alone: the step's %d products, as the step calls them, %.2f ms: "
                   "%.2f GFLOP/s; the step reaches %.0f%% of it\n",
                   products, alone * 1000.0, flops / alone / 1e9, 100.0 * alone * steps / elapsed);
        else
            printf("  sgemm alone: could not record or replay the step's products\n");
    }
    if (want_memory && first_config) { /* peak RSS is the process's: one configuration only */
        double peak = rss_peak(), arena = (double)model_memory_bytes(m);
        printf("  memory: peak RSS %.1f MB = %.2f x the arena (%.1f MB: parameters, gradients, "
               "optimizer state, activations) + %.1f MB resident before the model (program, "
               "libraries, corpus)\n",
               peak / 1e6, (peak - rss_before) / arena, arena / 1e6, rss_before / 1e6);
    }
    first_config = 0;
    fflush(stdout);
    free(x);
    free(y);
    model_free(m);
    return 0;
}

static const char *default_corpus(void)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/../shared/data/tinyshakespeare.txt", top ? top : ".");
    if (access(path, R_OK) == 0)
        return path;
    snprintf(path, sizeof path, "%s/corpora/english.txt", top ? top : ".");
    return path;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench [--threads N] [--seconds S] [--config baby-gpt|seed-lstm] "
                    "[--sgemm] [--memory] [corpus.txt]\n");
    return 2;
}

int main(int argc, char **argv)
{
    double seconds = 5.0;
    const char *only = NULL;
    static const struct option longopts[] = {
        {"threads", required_argument, NULL, 't'}, {"seconds", required_argument, NULL, 's'},
        {"config", required_argument, NULL, 'c'},  {"sgemm", no_argument, NULL, 'g'},
        {"memory", no_argument, NULL, 'm'},        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "t:s:c:gm", longopts, NULL)) != -1) {
        if (c == 't')
            threads = atoi(optarg);
        else if (c == 's')
            seconds = atof(optarg);
        else if (c == 'c')
            only = optarg;
        else if (c == 'g')
            want_sgemm = 1;
        else if (c == 'm')
            want_memory = 1;
        else
            return usage();
    }
    if (threads < 0 || threads > POOL_MAX_THREADS ||
        (only && strcmp(only, bench_gpt.name) && strcmp(only, bench_lstm.name)))
        return usage();
    const char *path = optind < argc ? argv[optind] : default_corpus();
    struct corpus_options opt;
    corpus_options_default(&opt);
    struct corpus *corpus;
    struct al_error err;
    if (corpus_load(path, &opt, &corpus, &err) != AL_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, err.msg);
        return 1;
    }
    /* As in a session: attnlab's pool is the only source of threads (nn/parallel.h), so
     * OpenBLAS runs on one; left at its default, a "1 thread" run would use every core. */
    blas_set_threads(1);
    int vocab = tok_vocab_size(corpus->tok);
    printf("corpus %s: %zu tokens, vocabulary %d (char-level)\n", path, corpus->ntokens, vocab);
    printf("%-10s %9s %9s %7s %9s %10s %8s %7s   %s\n", "config", "params", "BxT", "threads",
           "ms/step", "tokens/s", "GFLOP/s", "steps", "loss first -> last");
    int bad = 0;
    if (!only || !strcmp(only, bench_gpt.name))
        bad |= run(&bench_gpt, vocab, corpus, seconds);
    if (!only || !strcmp(only, bench_lstm.name))
        bad |= run(&bench_lstm, vocab, corpus, seconds);
    corpus_free(corpus);
    return bad ? 1 : 0;
}
