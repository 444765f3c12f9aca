/* check_gpt2_import.c: `import model` on ../shared/data/gpt2-tiny, a random 2-layer GPT-2 in
 * exactly the published layout (mask buffers included), against the reference outputs of its
 * README: logits within 1e-4, attention probabilities within 1e-5, the argmax and log-sum-exp
 * at every position, and the greedy continuation exact, with and without the cache. Then
 * every kind of malformed input, each a clear error with nothing returned. Skips (77) without
 * the shared data. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/kernels.h"
#include "data/text.h"
#include "data/tok_gpt2.h"
#include "lab/checkpoint.h"
#include "lab/infer.h"
#include "lang/gpt2_load.h"
#include "nn/model.h"
#include "nn/parallel.h"

static char tiny[1100], tokdir[1100], work[64];
static json_t *expected;

/* A folder holding links to the tiny model's files (all but skip) and the tokenizer's, and
 * config.json from `config` when not NULL. Returns its path (static). */
static const char *folder(const char *skip, const char *config)
{
    static char dir[128];
    snprintf(dir, sizeof dir, "%s/mXXXXXX", work); /* tests fork: no counter is shared */
    ck_assert(mkdtemp(dir) != NULL);
    const char *files[] = {"config.json", "model.safetensors"},
               *tok[] = {"encoder.json", "vocab.bpe"};
    char src[1300], dst[300];
    for (int i = 0; i < 2; i++) {
        snprintf(dst, sizeof dst, "%s/%s", dir, tok[i]);
        snprintf(src, sizeof src, "%s/%s", tokdir, tok[i]);
        ck_assert_int_eq(symlink(src, dst), 0);
        if ((skip && !strcmp(skip, files[i])) || (config && i == 0))
            continue;
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        snprintf(src, sizeof src, "%s/%s", tiny, files[i]);
        ck_assert_int_eq(symlink(src, dst), 0);
    }
    if (config) {
        snprintf(dst, sizeof dst, "%s/config.json", dir);
        FILE *f = fopen(dst, "w");
        fputs(config, f);
        fclose(f);
    }
    return dir;
}

static float *read_f32(const char *name, size_t count)
{
    char path[1300], *bytes;
    size_t len;
    snprintf(path, sizeof path, "%s/%s", tiny, name);
    struct al_error e;
    ck_assert_msg(text_read_file(path, &bytes, &len, &e) == AL_OK, "%s", e.msg);
    ck_assert_uint_eq(len, count * 4);
    return (float *)bytes;
}

static struct lab_model *import(const char *dir)
{
    struct lab_model *m = NULL;
    struct al_error e;
    ck_assert_msg(gpt2_load(dir, NULL, "tiny", (size_t)1 << 30, &m, &e) == AL_OK, "%s", e.msg);
    return m;
}

START_TEST(test_logits_and_attention)
{
    struct lab_model *m = import(folder(NULL, NULL));
    struct model *net = m->net;
    ck_assert(net->inference && net->grads == NULL);
    ck_assert_int_eq(net->vocab, 50257);
    json_t *ids = json_object_get(expected, "ids");
    int t = (int)json_array_size(ids);
    ck_assert_int_eq(t, 12);
    int32_t tok[12];
    for (int i = 0; i < t; i++)
        tok[i] = (int32_t)json_integer_value(json_array_get(ids, i));
    /* the prompt through the model's own tokenizer gives the same ids */
    int32_t *enc;
    size_t n;
    struct al_error e;
    ck_assert(infer_encode(m, json_string_value(json_object_get(expected, "prompt")), &enc, &n,
                           &e) == AL_OK);
    ck_assert_uint_eq(n, 12);
    ck_assert_mem_eq(enc, tok, sizeof tok);
    free(enc);
    float *logits;
    ck_assert(model_forward(net, tok, NULL, 1, t, 0, NULL, &logits, &e) == AL_OK);
    float *want = read_f32("logits.f32", (size_t)t * 50257);
    double worst = 0;
    for (size_t k = 0; k < (size_t)t * 50257; k++)
        worst = fmax(worst, fabs(logits[k] - want[k]));
    ck_assert_msg(worst <= 1e-4, "logits differ by %g", worst);
    json_t *am = json_object_get(expected, "argmax_per_position"),
           *lse = json_object_get(expected, "logsumexp_per_position");
    for (int i = 0; i < t; i++) {
        const float *row = logits + (size_t)i * 50257;
        int best = 0;
        for (int v = 1; v < 50257; v++)
            best = row[v] > row[best] ? v : best;
        ck_assert_int_eq(best, json_integer_value(json_array_get(am, i)));
        ck_assert_float_eq_tol(logsumexp_row(row, 50257), json_real_value(json_array_get(lse, i)),
                               1e-4);
    }
    free(want);
    want = read_f32("attention.f32", 2 * 2 * 144);
    worst = 0;
    for (int l = 0, nth = 0; l < net->nlayers; l++) {
        int h;
        const float *a = model_attention_probs(net, l, &h);
        if (!a)
            continue;
        ck_assert_int_eq(h, 2);
        for (size_t k = 0; k < (size_t)h * 144; k++)
            worst = fmax(worst, fabs(a[k] - want[(size_t)nth * h * 144 + k]));
        nth++;
    }
    ck_assert_msg(worst <= 1e-5, "attention differs by %g", worst);
    free(want);
    lab_model_free(m);
}
END_TEST

/* Greedy continuation: 8 tokens exactly as the reference, through the cache and without. */
START_TEST(test_greedy)
{
    struct lab_model *m = import(folder(NULL, NULL));
    json_t *ids = json_object_get(expected, "ids"), *g = json_object_get(expected, "greedy_8");
    for (int off = 0; off < 2; off++) {
        int32_t seq[20];
        size_t n = json_array_size(ids);
        for (size_t i = 0; i < n; i++)
            seq[i] = (int32_t)json_integer_value(json_array_get(ids, i));
        struct infer_cache cache = {.off = off};
        for (int k = 0; k < 8; k++) {
            const float *row;
            struct al_error e;
            ck_assert_msg(infer_next_logits(m, seq, n, &cache, &row, &e) == AL_OK, "%s", e.msg);
            int best = 0;
            for (int v = 1; v < 50257; v++)
                best = row[v] > row[best] ? v : best;
            ck_assert_msg(best == json_integer_value(json_array_get(g, k)),
                          "token %d (cache %s): %d", k, off ? "off" : "on", best);
            seq[n++] = best;
        }
    }
    lab_model_free(m);
}
END_TEST

/* Generation through the cache on 2 threads (the big products split over the pool) gives
 * the logits of 1 thread, bit for bit, prompt and new tokens alike. */
START_TEST(test_threads_same_logits)
{
    struct lab_model *m = import(folder(NULL, NULL));
    int32_t seq[6] = {464, 3290, 286, 50256, 11, 13};
    static float want[6][50257];
    struct al_error e;
    for (int threads = 1; threads <= 2; threads++) {
        ck_assert(model_set_threads(m->net, threads, &e) == AL_OK);
        float *out;
        ck_assert(model_forward_cached(m->net, seq, 3, 0, &out, &e) == AL_OK);
        for (int p = 3; p < 6; p++) {
            ck_assert(model_forward_cached(m->net, seq + p, 1, p, &out, &e) == AL_OK);
            if (threads == 1)
                memcpy(want[p], out, sizeof want[p]);
            else
                ck_assert_mem_eq(out, want[p], sizeof want[p]);
        }
    }
    lab_model_free(m);
}
END_TEST

/* `save model` of an imported model (compiled for inference: no optimizer state) writes a
 * checkpoint that loads back compiled for inference, with the same values and logits. */
START_TEST(test_checkpoint_of_import)
{
    struct lab_model *m = import(folder(NULL, NULL));
    struct rng r;
    rng_seed(&r, 1);
    unsigned char *buf;
    size_t len;
    struct al_error e;
    ck_assert_msg(checkpoint_encode(m, &r, &buf, &len, &e) == AL_OK, "%s", e.msg);
    struct lab_model *b = NULL;
    ck_assert_msg(checkpoint_decode(buf, len, "g.ckpt", (size_t)1 << 30, 0, 0, &b, &r, &e) == AL_OK,
                  "%s", e.msg);
    free(buf);
    ck_assert(b->net->inference && b->net->grads == NULL && b->net->m == NULL);
    ck_assert_int_eq(b->net->max_t, m->net->max_t);
    ck_assert_mem_eq(b->net->values, m->net->values, sizeof(float) * m->net->param_floats);
    int32_t tok[4] = {464, 3290, 286, 50256};
    float *la, *lb;
    ck_assert(model_forward(m->net, tok, NULL, 1, 4, 0, NULL, &la, &e) == AL_OK);
    ck_assert(model_forward(b->net, tok, NULL, 1, 4, 0, NULL, &lb, &e) == AL_OK);
    ck_assert_mem_eq(la, lb, sizeof(float) * 4 * 50257);
    lab_model_free(b);
    lab_model_free(m);
}
END_TEST

static void refused(const char *dir, const char *tokens, enum al_status want, const char *says)
{
    struct lab_model *m = NULL;
    struct al_error e = {0};
    enum al_status st = gpt2_load(dir, tokens, "bad", (size_t)1 << 30, &m, &e);
    ck_assert_msg(st == want, "%s: status %d (%s)", dir, st, e.msg);
    ck_assert_msg(strstr(e.msg, says) != NULL, "'%s' does not say '%s'", e.msg, says);
    ck_assert(m == NULL);
}

static const char *config(int layers, int embd, const char *act)
{
    static char text[400];
    snprintf(text, sizeof text,
             "{\"model_type\": \"gpt2\", \"n_layer\": %d, \"n_head\": 2, \"n_embd\": %d, "
             "\"n_positions\": 32, \"vocab_size\": 50257, \"activation_function\": \"%s\"}",
             layers, embd, act);
    return text;
}

START_TEST(test_malformed)
{
    refused(folder("config.json", NULL), NULL, AL_EIO, "config.json");
    refused(folder("model.safetensors", NULL), NULL, AL_EIO, "model.safetensors");
    refused(folder(NULL, config(3, 16, "gelu_new")), NULL, AL_EFORMAT,
            "h.2.ln_1.weight is "
            "missing");
    refused(folder(NULL, config(1, 16, "gelu_new")), NULL, AL_EFORMAT, "unexpected tensor h.1");
    refused(folder(NULL, config(2, 32, "gelu_new")), NULL, AL_EFORMAT, "n_embd 32");
    refused(folder(NULL, config(2, 16, "relu")), NULL, AL_EFORMAT, "activation_function");
    refused(folder(NULL, "{\"n_layer\": 2,"), NULL, AL_EFORMAT, "not valid JSON");
    refused(folder(NULL, "{\"model_type\": \"bert\"}"), NULL, AL_EFORMAT, "not \"gpt2\"");
    refused(folder(NULL, "{\"model_type\": \"gpt2\", \"n_layer\": 2}"), NULL, AL_EFORMAT,
            "\"n_head\" is missing");
    /* a tokenizer whose vocabulary is not wte's */
    char small[160], path[200];
    snprintf(small, sizeof small, "%s/tokXXXXXX", work);
    ck_assert(mkdtemp(small) != NULL);
    json_t *vocab = json_object(); /* the 256 bytes in GPT-2's alphabet, then "ab" */
    for (int b = 0; b < 256; b++) {
        unsigned cp = tok_gpt2_byte_char((unsigned char)b);
        char key[4] = {(char)cp, 0};
        if (cp >= 0x80)
            key[0] = (char)(0xC0 | cp >> 6), key[1] = (char)(0x80 | (cp & 63));
        json_object_set_new(vocab, key, json_integer(b));
    }
    json_object_set_new(vocab, "ab", json_integer(256));
    snprintf(path, sizeof path, "%s/vocab.json", small);
    ck_assert_int_eq(json_dump_file(vocab, path, 0), 0);
    json_decref(vocab);
    snprintf(path, sizeof path, "%s/merges.txt", small);
    FILE *f = fopen(path, "w");
    fputs("#version: 0.2\na b\n", f);
    fclose(f);
    refused(folder(NULL, NULL), small, AL_EFORMAT, "the tokenizer has 257 tokens");
    /* a truncated weights file */
    char cut[200];
    snprintf(cut, sizeof cut, "%s/cutXXXXXX", work);
    ck_assert(mkdtemp(cut) != NULL);
    char src[1300], *bytes;
    size_t len;
    struct al_error e;
    snprintf(src, sizeof src, "%s/model.safetensors", tiny);
    ck_assert(text_read_file(src, &bytes, &len, &e) == AL_OK);
    snprintf(path, sizeof path, "%s/model.safetensors", cut);
    f = fopen(path, "wb");
    fwrite(bytes, 1, len / 2, f);
    fclose(f);
    free(bytes);
    snprintf(path, sizeof path, "%s/config.json", cut);
    snprintf(src, sizeof src, "%s/config.json", tiny);
    ck_assert_int_eq(symlink(src, path), 0);
    struct lab_model *m = NULL;
    ck_assert(gpt2_load(cut, tokdir, "cut", (size_t)1 << 30, &m, &e) == AL_EFORMAT);
    ck_assert(m == NULL);
    /* not enough memory allowed: refused before allocating */
    ck_assert(gpt2_load(folder(NULL, NULL), NULL, "big", (size_t)1 << 20, &m, &e) == AL_ENOMEM);
    ck_assert_msg(strstr(e.msg, "MB for inference") != NULL, "%s", e.msg);
    ck_assert(m == NULL);
}
END_TEST

static void rm_tree(const char *dir)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *top = getenv("top_srcdir");
    snprintf(tiny, sizeof tiny, "%s/../shared/data/gpt2-tiny", top && *top ? top : ".");
    snprintf(tokdir, sizeof tokdir, "%s/../shared/data/gpt2-tokenizer", top && *top ? top : ".");
    char probe[1200];
    snprintf(probe, sizeof probe, "%s/expected.json", tiny);
    if (access(probe, R_OK) != 0 || access(tokdir, R_OK) != 0) {
        fprintf(stderr, "check_gpt2_import: SKIP: no gpt2-tiny or gpt2-tokenizer at %s\n", tiny);
        return 77;
    }
    if (tiny[0] != '/') { /* links must not depend on the current folder */
        char abs[1100];
        if (realpath(tiny, abs))
            snprintf(tiny, sizeof tiny, "%s", abs);
        if (realpath(tokdir, abs))
            snprintf(tokdir, sizeof tokdir, "%s", abs);
    }
    json_error_t je;
    expected = json_load_file(probe, 0, &je);
    snprintf(work, sizeof work, "/tmp/check_gpt2_XXXXXX");
    if (!expected || !mkdtemp(work)) {
        fprintf(stderr, "check_gpt2_import: cannot read expected.json or make a folder\n");
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("gpt2 import");
    TCase *tc = tcase_create("gpt2-tiny");
    tcase_add_test(tc, test_logits_and_attention);
    tcase_add_test(tc, test_greedy);
    tcase_add_test(tc, test_checkpoint_of_import);
    tcase_add_test(tc, test_threads_same_logits);
    tcase_add_test(tc, test_malformed);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    json_decref(expected);
    rm_tree(work);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
