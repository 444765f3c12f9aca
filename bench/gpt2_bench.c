/* gpt2_bench.c: GPT-2 small's import time, time to the first token and greedy generation
 * speed (tokens/s through the cache of keys and values) at 1 thread and at all threads, on a
 * random model of GPT-2 small's shapes (12 layers, 12 heads, width 768, 1,024 positions,
 * 50,257 tokens) that it first writes in the published layout (config.json and
 * model.safetensors with GPT-2's names, weights [in,out]) beside GPT-2's tokenizer files.
 * bench/gpt2_torch.py reads the same folder and prints the same line for PyTorch.
 * Usage: gpt2_bench [--dir DIR] [--tokens N] [--layers L] */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/matmul.h"
#include "core/rng.h"
#include "data/tokenizer.h"
#include "io/bytes.h"
#include "io/safetensors.h"
#include "lab/infer.h"
#include "lang/gpt2_load.h"
#include "nn/model.h"
#include "nn/parallel.h"

enum { C = 768, H = 12, NPOS = 1024, V = 50257 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(p, 1, n, f) == n;
    if (f)
        ok &= fclose(f) == 0;
    return ok ? 0 : -1;
}

/* The random model in GPT-2's layout: N(0, 0.02) weights, LayerNorm weights 1, biases 0. */
static int write_model(const char *dir, int layers)
{
    enum { PER = 12 };
    int n = 2 + PER * layers + 2;
    struct st_out *t = calloc((size_t)n, sizeof *t);
    char(*names)[64] = calloc((size_t)n, sizeof *names);
    if (!t || !names)
        return -1;
    struct rng r;
    rng_seed(&r, 2019);
    int k = 0;
#define TENSOR(NAME, R, CC, FILL)                                                                  \
    do {                                                                                           \
        snprintf(names[k], sizeof names[k], "%s", NAME);                                           \
        int rows_ = (R), cols_ = (CC), fill_ = (FILL);                                             \
        size_t cnt = (size_t)(rows_ ? rows_ : 1) * cols_;                                          \
        float *v = malloc(sizeof *v * cnt);                                                        \
        if (!v)                                                                                    \
            return -1;                                                                             \
        for (size_t e_ = 0; e_ < cnt; e_++)                                                        \
            v[e_] = fill_ == 2 ? 0.02f * rng_normal(&r) : (float)fill_;                            \
        t[k] = (struct st_out){names[k], rows_, cols_, v};                                         \
        k++;                                                                                       \
    } while (0)
    TENSOR("wte.weight", V, C, 2);
    TENSOR("wpe.weight", NPOS, C, 2);
    char nm[64];
    for (int l = 0; l < layers; l++) {
        static const struct {
            const char *name;
            int rows, cols, fill;
        } per[PER] = {{"ln_1.weight", 0, 1, 1},        {"ln_1.bias", 0, 1, 0},
                      {"attn.c_attn.weight", 1, 3, 2}, {"attn.c_attn.bias", 0, 3, 0},
                      {"attn.c_proj.weight", 1, 1, 2}, {"attn.c_proj.bias", 0, 1, 0},
                      {"ln_2.weight", 0, 1, 1},        {"ln_2.bias", 0, 1, 0},
                      {"mlp.c_fc.weight", 1, 4, 2},    {"mlp.c_fc.bias", 0, 4, 0},
                      {"mlp.c_proj.weight", 4, 1, 2},  {"mlp.c_proj.bias", 0, 1, 0}};
        for (int q = 0; q < PER; q++) {
            snprintf(nm, sizeof nm, "h.%d.%s", l, per[q].name);
            TENSOR(nm, per[q].rows * C, per[q].cols * C, per[q].fill);
        }
    }
    TENSOR("ln_f.weight", 0, C, 1);
    TENSOR("ln_f.bias", 0, C, 0);
#undef TENSOR
    struct bytes_out out = {0};
    struct al_error err;
    int bad = st_write(&out, t, n, NULL, NULL, 0, &err) != AL_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    bad = bad || write_file(path, out.p, out.n);
    out_free(&out);
    for (int q = 0; q < k; q++)
        free((void *)t[q].values);
    free(t);
    free(names);
    char cfg[512];
    int len = snprintf(cfg, sizeof cfg,
                       "{\"model_type\": \"gpt2\", \"n_layer\": %d, \"n_head\": %d, \"n_embd\": "
                       "%d, \"n_positions\": %d, \"vocab_size\": %d, \"layer_norm_epsilon\": "
                       "1e-05, \"activation_function\": \"gelu_new\"}\n",
                       layers, H, C, NPOS, V);
    snprintf(path, sizeof path, "%s/config.json", dir);
    return bad || write_file(path, cfg, (size_t)len) ? -1 : 0;
}

static int link_tokenizer(const char *dir)
{
    const char *top = getenv("top_srcdir");
    char src[4200], dst[4200], abs[4200];
    for (int i = 0; i < 2; i++) {
        const char *f = i ? "vocab.bpe" : "encoder.json";
        snprintf(src, sizeof src, "%s/../shared/data/gpt2-tokenizer/%s", top ? top : ".", f);
        if (!realpath(src, abs)) {
            fprintf(stderr, "gpt2_bench: GPT-2's tokenizer files are not at %s\n", src);
            return -1;
        }
        snprintf(dst, sizeof dst, "%s/%s", dir, f);
        unlink(dst);
        if (symlink(abs, dst) != 0)
            return -1;
    }
    return 0;
}

/* write_model in a child process, so that the peak RSS printed is the import's alone */
static int write_model_apart(const char *dir, int layers)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(write_model(dir, layers) == 0 ? 0 : 1);
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
                   WEXITSTATUS(status) == 0
               ? 0
               : -1;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static int argmax(const float *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        best = v[i] > v[best] ? i : best;
    return best;
}

/* One run at `threads`: import, first token, then `tokens` greedy tokens. */
static int run(const char *dir, int threads, int tokens, double *imp, double *imp_cpu,
               double *first, double *tps, double *cores)
{
    struct al_error err;
    struct lab_model *m = NULL;
    double t0 = now(), c0 = cpu_now();
    if (gpt2_load(dir, NULL, "gpt2", (size_t)8 << 30, &m, &err) != AL_OK ||
        model_set_threads(m->net, threads, &err) != AL_OK) { /* as `import model` does */
        fprintf(stderr, "gpt2_bench: %s\n", err.msg);
        return -1;
    }
    double t1 = now();
    *imp_cpu = cpu_now() - c0;
    int32_t *ids;
    size_t n;
    const char *prompt = "The meaning of attention is";
    if (infer_encode(m, prompt, &ids, &n, &err) != AL_OK)
        return -1;
    ids = realloc(ids, sizeof *ids * (n + (size_t)tokens + 1));
    struct infer_cache cache = {0};
    const float *logits;
    if (infer_next_logits(m, ids, n, &cache, &logits, &err) != AL_OK) {
        fprintf(stderr, "gpt2_bench: %s\n", err.msg);
        return -1;
    }
    ids[n++] = argmax(logits, V);
    double t2 = now(), c2 = cpu_now();
    for (int k = 0; k < tokens; k++) {
        if (infer_next_logits(m, ids, n, &cache, &logits, &err) != AL_OK)
            return -1;
        ids[n++] = argmax(logits, V);
    }
    double t3 = now(), c3 = cpu_now();
    *imp = t1 - t0;
    *first = t2 - t1;
    *tps = tokens / (t3 - t2);
    *cores = (c3 - c2) / (t3 - t2);
    free(ids);
    lab_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = "/tmp/attnlab-gpt2-bench";
    int tokens = 64, layers = 12;
    static const struct option longs[] = {{"dir", required_argument, NULL, 'd'},
                                          {"tokens", required_argument, NULL, 'n'},
                                          {"layers", required_argument, NULL, 'l'},
                                          {NULL, 0, NULL, 0}};
    for (int c; (c = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        if (c == 'd')
            dir = optarg;
        else if (c == 'n')
            tokens = atoi(optarg);
        else if (c == 'l')
            layers = atoi(optarg);
        else
            return 2;
    }
    blas_set_threads(1); /* as a session does: attnlab's pool is the only source of threads */
    mkdir(dir, 0755);
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/model.safetensors", dir);
    struct stat sb;
    double tw = now();
    if (stat(probe, &sb) != 0 && write_model_apart(dir, layers) != 0) {
        fprintf(stderr, "gpt2_bench: cannot write the model into %s\n", dir);
        return 1;
    }
    if (link_tokenizer(dir) != 0)
        return 77;
    fprintf(stderr, "gpt2_bench: model in %s (written in %.1f s)\n", dir, now() - tw);
    int all = (int)sysconf(_SC_NPROCESSORS_ONLN);
    int counts[2] = {1, all > 1 ? all : 1};
    printf("attnlab gpt2-small (random, %d layers):", layers);
    for (int i = 0; i < (all > 1 ? 2 : 1); i++) {
        double imp, imp_cpu, first, tps, cores;
        if (run(dir, counts[i], tokens, &imp, &imp_cpu, &first, &tps, &cores) != 0)
            return 1;
        printf(" %d thread%s: import %.2f s (CPU %.2f s), first token %.2f s, %.1f tokens/s "
               "(%.2f cores busy);",
               counts[i], counts[i] > 1 ? "s" : "", imp, imp_cpu, first, tps, cores);
    }
    printf(" peak RSS %ld MB\n", rss_mb());
    return 0;
}
