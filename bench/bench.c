/* bench.c: trains the two reference configurations char-level and prints one line each:
 * tokens per second, milliseconds per step, achieved GFLOP/s (matrix products), threads.
 *   baby GPT:        4 blocks, 4 heads, width 128, MLP 512, context 64, batch 12, AdamW
 *   the seed's model: embedding 16, LSTM 64, dense to the vocabulary; seq 100, batch 64, Adam
 * Usage: bench [--threads N] [--seconds S] [corpus.txt]
 * The corpus defaults to ../shared/data/tinyshakespeare.txt beside the source tree, else
 * the bundled English corpus. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/matmul.h"
#include "core/rng.h"
#include "data/batch.h"
#include "data/corpus.h"
#include "nn/model.h"

struct config {
    const char *name;
    int batch, seq;
    enum optim_kind optim;
    float lr;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int add(struct model *m, struct layer_config c)
{
    struct al_error err;
    if (model_add(m, &c, &err) != AL_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static struct model *baby_gpt(int vocab, int context)
{
    struct model *m = model_new(vocab, context);
    if (!m)
        return NULL;
    int bad = add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 128});
    bad |= add(m, (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_LEARNED});
    for (int i = 0; i < 4; i++)
        bad |= add(m, (struct layer_config){.kind = LAYER_BLOCK, .heads = 4, .ff = 512});
    bad |= add(m, (struct layer_config){.kind = LAYER_LAYERNORM});
    bad |= add(m, (struct layer_config){.kind = LAYER_OUTPUT});
    if (bad) {
        model_free(m);
        return NULL;
    }
    return m;
}

static struct model *seed_lstm(int vocab, int context)
{
    struct model *m = model_new(vocab, context);
    if (!m)
        return NULL;
    int bad = add(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = 16});
    bad |= add(m, (struct layer_config){.kind = LAYER_LSTM, .units = 64});
    bad |= add(m, (struct layer_config){.kind = LAYER_OUTPUT});
    if (bad) {
        model_free(m);
        return NULL;
    }
    return m;
}

static int run(const struct config *cfg, struct model *m, const struct corpus *corpus,
               double seconds)
{
    struct rng r;
    rng_seed(&r, 1337);
    struct optim_config o;
    optim_config_default(&o, cfg->optim);
    o.lr = cfg->lr;
    struct al_error err;
    if (model_compile(m, &o, cfg->batch, &r, &err) != AL_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    size_t ntrain;
    const int32_t *train = corpus_train(corpus, &ntrain);
    size_t n = (size_t)cfg->batch * cfg->seq;
    int32_t *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y)
        return -1;
    struct step_stats s = {0};
    double first = 0, start = 0;
    long steps = 0;
    for (long k = 0;; k++) {
        if (k == 3) /* three warm-up steps are not timed */
            start = now();
        if (batch_sample(train, ntrain, cfg->batch, cfg->seq, &r, x, y, &err) != AL_OK ||
            model_train_step(m, x, y, NULL, cfg->batch, cfg->seq, &r, &s, &err) != AL_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return -1;
        }
        if (k == 0)
            first = s.loss;
        if (k >= 3 && (now() - start >= seconds && k - 3 >= 5)) {
            steps = k - 2;
            break;
        }
    }
    double elapsed = now() - start;
    double ms = elapsed * 1000.0 / steps;
    double tokens = (double)n * steps / elapsed;
    double gflops = model_train_flops(m, cfg->batch, cfg->seq) * steps / elapsed / 1e9;
    printf("%-10s %9zu %4dx%-4d %7d %9.1f %10.0f %8.2f %7ld   %.3f -> %.3f\n", cfg->name,
           m->param_floats, cfg->batch, cfg->seq, blas_threads(), ms, tokens, gflops, steps + 3,
           first, s.loss);
    free(x);
    free(y);
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

int main(int argc, char **argv)
{
    double seconds = 5.0;
    static const struct option longopts[] = {{"threads", required_argument, NULL, 't'},
                                             {"seconds", required_argument, NULL, 's'},
                                             {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "t:s:", longopts, NULL)) != -1) {
        if (c == 't')
            blas_set_threads(atoi(optarg));
        else if (c == 's')
            seconds = atof(optarg);
        else {
            fprintf(stderr, "usage: bench [--threads N] [--seconds S] [corpus.txt]\n");
            return 2;
        }
    }
    const char *path = optind < argc ? argv[optind] : default_corpus();
    struct corpus_options opt;
    corpus_options_default(&opt);
    struct corpus *corpus;
    struct al_error err;
    if (corpus_load(path, &opt, &corpus, &err) != AL_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, err.msg);
        return 1;
    }
    int vocab = tok_vocab_size(corpus->tok);
    printf("corpus %s: %zu tokens, vocabulary %d (char-level)\n", path, corpus->ntokens, vocab);
    printf("%-10s %9s %9s %7s %9s %10s %8s %7s   %s\n", "config", "params", "BxT", "threads",
           "ms/step", "tokens/s", "GFLOP/s", "steps", "loss first -> last");
    static const struct config gpt = {"baby-gpt", 12, 64, OPTIM_ADAMW, 1e-3f};
    static const struct config lstm = {"seed-lstm", 64, 100, OPTIM_ADAM, 1e-3f};
    struct model *m1 = baby_gpt(vocab, gpt.seq), *m2 = seed_lstm(vocab, lstm.seq);
    int bad = !m1 || !m2 || run(&gpt, m1, corpus, seconds) || run(&lstm, m2, corpus, seconds);
    model_free(m1);
    model_free(m2);
    corpus_free(corpus);
    return bad ? 1 : 0;
}
