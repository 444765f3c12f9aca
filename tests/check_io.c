/* check_io.c: the checkpoint format (write and read back; every corruption class: truncation
 * at every byte, a flipped byte in each section, bad magic, a newer version, absurd sizes,
 * a vocabulary that does not fit the layers), exact round trips of the model and of the
 * session's part, safetensors (round trip and hostile headers), layer lines and base64. The atomic
 * writer they save with is tested in check_core.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "data/tokenizer.h"
#include "io/base64.h"
#include "io/bytes.h"
#include "io/container.h"
#include "io/layer_text.h"
#include "io/model_io.h"
#include "io/safetensors.h"
#include "lab/checkpoint.h"
#include "lab/lab.h"
#include "lab/safetensors_io.h"
#include "nn/model.h"

static const char text[] = "to be or not to be, that is the question";

/* A small compiled model, trained a few steps so that Adam's moments are not zero. */
static struct lab_model *small_model(int lstm, int classify)
{
    struct tok_options o;
    tok_options_default(&o);
    struct tokenizer *tok;
    struct al_error err;
    ck_assert(tok_train(&o, text, strlen(text), &tok, &err) == AL_OK);
    int v = tok_vocab_size(tok);
    struct model *net = model_new(v, 8);
    struct layer_config layers[5] = {{.kind = LAYER_EMBEDDING, .units = 8}};
    int n = 1;
    if (lstm) {
        layers[n++] = (struct layer_config){.kind = LAYER_LSTM, .units = 6};
    } else {
        layers[n++] = (struct layer_config){.kind = LAYER_POSITION};
        layers[n++] = (struct layer_config){.kind = LAYER_BLOCK, .heads = 2, .ff = 16};
        layers[n++] = (struct layer_config){.kind = LAYER_LAYERNORM};
    }
    layers[n++] = classify ? (struct layer_config){.kind = LAYER_CLASSIFY, .classes = 2}
                           : (struct layer_config){.kind = LAYER_OUTPUT};
    for (int i = 0; i < n; i++)
        ck_assert_msg(model_add(net, &layers[i], &err) == AL_OK, "%s", err.msg);
    struct optim_config oc;
    optim_config_default(&oc, OPTIM_ADAMW);
    struct rng r;
    rng_seed(&r, 3);
    ck_assert(model_compile(net, &oc, 2, &r, &err) == AL_OK);
    int32_t x[16], y[16], len[2] = {8, 5};
    for (int i = 0; i < 16; i++) {
        x[i] = (int32_t)rng_below(&r, (uint32_t)v);
        y[i] = classify ? i % 2 : (int32_t)rng_below(&r, (uint32_t)v);
    }
    struct step_stats st;
    for (int k = 0; k < 3; k++)
        ck_assert(model_train_step(net, x, y, classify ? len : NULL, 2, 8, &r, &st, &err) == AL_OK);
    struct lab_model *m = lab_model_new("tiny", net, tok);
    tok_free(tok);
    m->batch = 2;
    history_add(&m->train, 1, 3.5f, &err);
    history_add(&m->train, 2, 3.25f, &err);
    history_add(&m->val, 2, 3.375f, &err);
    m->tokens_seen = 48;
    if (classify) {
        m->nclasses = 2;
        m->class_names = calloc(2, sizeof *m->class_names);
        m->class_names[0] = strdup("negative");
        m->class_names[1] = strdup("positive");
    }
    return m;
}

static void encode(const struct lab_model *m, unsigned char **buf, size_t *len)
{
    struct rng r;
    rng_seed(&r, 99);
    rng_normal(&r); /* a spare normal waits: it must survive too */
    struct al_error err;
    ck_assert(checkpoint_encode(m, &r, buf, len, &err) == AL_OK);
}

static enum al_status decode(const unsigned char *buf, size_t len, struct al_error *err)
{
    struct lab_model *m = NULL;
    struct rng r;
    enum al_status st = checkpoint_decode(buf, len, "t.ckpt", (size_t)1 << 30, 0, 0, &m, &r, err);
    if (st == AL_OK)
        lab_model_free(m);
    else
        ck_assert_ptr_null(m);
    return st;
}

START_TEST(test_roundtrip_exact)
{
    for (int kind = 0; kind < 3; kind++) {
        struct lab_model *a = small_model(kind == 1, kind == 2);
        unsigned char *buf;
        size_t len;
        encode(a, &buf, &len);
        struct lab_model *b = NULL;
        struct rng r, want;
        rng_seed(&want, 99);
        rng_normal(&want);
        struct al_error err;
        ck_assert_msg(checkpoint_decode(buf, len, "t.ckpt", (size_t)1 << 30, 0, 0, &b, &r, &err) ==
                          AL_OK,
                      "%s", err.msg);
        ck_assert_str_eq(b->name, "tiny");
        ck_assert_int_eq(b->net->nlayers, a->net->nlayers);
        ck_assert_uint_eq(b->net->param_floats, a->net->param_floats);
        size_t bytes = sizeof(float) * a->net->param_floats;
        ck_assert(memcmp(a->net->values, b->net->values, bytes) == 0);
        ck_assert(memcmp(a->net->m, b->net->m, bytes) == 0);
        ck_assert(memcmp(a->net->v, b->net->v, bytes) == 0);
        ck_assert_int_eq(b->net->step, 3);
        ck_assert_int_eq(b->net->optim_step, 3);
        ck_assert_int_eq(b->net->max_batch, 2);
        ck_assert_int_eq(b->batch, 2);
        const struct optim_config *oa = &a->net->optim, *ob = &b->net->optim;
        ck_assert(oa->kind == ob->kind && oa->lr == ob->lr && oa->beta1 == ob->beta1 &&
                  oa->beta2 == ob->beta2 && oa->eps == ob->eps && oa->momentum == ob->momentum &&
                  oa->weight_decay == ob->weight_decay && oa->clip == ob->clip &&
                  oa->schedule == ob->schedule && oa->warmup == ob->warmup &&
                  oa->decay_steps == ob->decay_steps && oa->min_lr == ob->min_lr);
        ck_assert(memcmp(&r, &want, sizeof r) == 0);
        ck_assert_int_eq(b->train.n, 2);
        ck_assert(b->train.loss[1] == 3.25f && b->val.loss[0] == 3.375f);
        ck_assert(b->tokens_seen == 48.0);
        ck_assert_int_eq(b->saved_step, 3);
        ck_assert(lab_same_tokens(a->tok, b->tok));
        ck_assert_int_eq(b->nclasses, kind == 2 ? 2 : 0);
        if (kind == 2)
            ck_assert_str_eq(b->class_names[1], "positive");
        /* the copy trains on exactly as the original */
        int32_t x[16], y[16], l[2] = {8, 8};
        for (int i = 0; i < 16; i++)
            x[i] = y[i] = i % a->net->vocab;
        if (kind == 2)
            y[0] = 1, y[1] = 0;
        struct step_stats sa, sb;
        struct rng ra = r, rb = r;
        ck_assert(model_train_step(a->net, x, y, l, 2, 8, &ra, &sa, &err) == AL_OK);
        ck_assert(model_train_step(b->net, x, y, l, 2, 8, &rb, &sb, &err) == AL_OK);
        ck_assert(sa.loss == sb.loss);
        ck_assert(memcmp(a->net->values, b->net->values, bytes) == 0);
        /* and encoding the copy gives the same bytes */
        unsigned char *buf2;
        size_t len2;
        lab_model_free(a);
        lab_model_free(b);
        a = small_model(kind == 1, kind == 2);
        encode(a, &buf2, &len2);
        ck_assert_uint_eq(len, len2);
        ck_assert(memcmp(buf, buf2, len) == 0);
        free(buf2);
        free(buf);
        lab_model_free(a);
    }
}
END_TEST

START_TEST(test_uncompiled_roundtrip)
{
    struct lab_model *a = small_model(0, 0);
    struct model *bare = model_new(a->net->vocab, 8);
    struct al_error err;
    for (int i = 0; i < a->net->nlayers; i++)
        ck_assert(model_add(bare, &a->net->layers[i].cfg, &err) == AL_OK);
    struct lab_model *u = lab_model_new("bare", bare, a->tok);
    unsigned char *buf;
    size_t len;
    encode(u, &buf, &len);
    struct lab_model *b;
    struct rng r;
    ck_assert(checkpoint_decode(buf, len, "u", (size_t)1 << 30, 0, 0, &b, &r, &err) == AL_OK);
    ck_assert(!b->net->compiled);
    ck_assert_int_eq(b->batch, 0);
    ck_assert_uint_eq(b->net->param_floats, a->net->param_floats);
    lab_model_free(b);
    lab_model_free(u);
    lab_model_free(a);
    free(buf);
}
END_TEST

/* Read for inference (as `attnlab generate` does), a checkpoint gives the same values and
 * outputs with no gradients or optimizer state; a model compiled for inference saves without
 * an OPTM section and loads back compiled for inference, positions a pass included. */
START_TEST(test_inference_read)
{
    struct lab_model *a = small_model(0, 0);
    unsigned char *buf;
    size_t len;
    encode(a, &buf, &len);
    struct lab_model *b = NULL;
    struct rng r;
    struct al_error err;
    ck_assert_msg(checkpoint_decode(buf, len, "t.ckpt", (size_t)1 << 30, 1, 1, &b, &r, &err) ==
                      AL_OK,
                  "%s", err.msg);
    free(buf);
    ck_assert(b->net->compiled && b->net->inference);
    ck_assert(b->net->grads == NULL && b->net->m == NULL && b->net->v == NULL);
    ck_assert_int_eq(b->net->max_batch, 1);
    ck_assert_int_eq(b->net->step, 3);
    size_t bytes = sizeof(float) * a->net->param_floats;
    ck_assert(memcmp(a->net->values, b->net->values, bytes) == 0);
    int32_t x[8] = {1, 2, 3, 4, 5, 6, 7, 0};
    float *la, *lb;
    ck_assert(model_forward(a->net, x, NULL, 1, 8, 0, NULL, &la, &err) == AL_OK);
    ck_assert(model_forward(b->net, x, NULL, 1, 8, 0, NULL, &lb, &err) == AL_OK);
    ck_assert(memcmp(la, lb, sizeof(float) * 8 * (size_t)a->net->vocab) == 0);
    ck_assert(model_train_step(b->net, x, x, NULL, 1, 8, &r, NULL, &err) == AL_ESTATE);
    /* saved as it is: compiled for inference, 3 positions a pass */
    struct model *net = model_new(a->net->vocab, 8);
    for (int i = 0; i < a->net->nlayers; i++)
        ck_assert(model_add(net, &a->net->layers[i].cfg, &err) == AL_OK);
    ck_assert(model_compile_inference(net, 1, 3, NULL, &err) == AL_OK);
    memcpy(net->values, a->net->values, bytes);
    struct lab_model *c = lab_model_new("infer", net, a->tok);
    c->batch = 1;
    encode(c, &buf, &len);
    struct ckpt_reader rd;
    ck_assert(ckpt_read(&rd, "i.ckpt", buf, len, &err) == AL_OK);
    ck_assert_ptr_nonnull(ckpt_find(&rd, "PARM"));
    ck_assert_ptr_null(ckpt_find(&rd, "OPTM"));
    struct lab_model *d = NULL;
    ck_assert_msg(checkpoint_decode(buf, len, "i.ckpt", (size_t)1 << 30, 0, 0, &d, &r, &err) ==
                      AL_OK,
                  "%s", err.msg);
    ck_assert(d->net->inference && d->net->grads == NULL);
    ck_assert_int_eq(d->net->max_t, 3);
    ck_assert(memcmp(d->net->values, a->net->values, bytes) == 0);
    /* every prefix of it is refused too */
    for (size_t cut = 0; cut < len; cut++)
        ck_assert(decode(buf, cut, &err) == AL_EFORMAT);
    free(buf);
    lab_model_free(d);
    lab_model_free(c);
    lab_model_free(b);
    lab_model_free(a);
}
END_TEST

/* Every prefix of a checkpoint is refused with a message naming the file. */
START_TEST(test_truncation_everywhere)
{
    struct lab_model *a = small_model(1, 0);
    unsigned char *buf;
    size_t len;
    encode(a, &buf, &len);
    for (size_t n = 0; n < len; n++) {
        struct al_error err;
        unsigned char *copy = malloc(n ? n : 1); /* exact size: ASan sees any overread */
        memcpy(copy, buf, n);
        ck_assert_int_eq(decode(copy, n, &err), AL_EFORMAT);
        ck_assert_msg(strstr(err.msg, "t.ckpt") != NULL, "%zu: %s", n, err.msg);
        free(copy);
    }
    struct al_error err;
    ck_assert_int_eq(decode(buf, len, &err), AL_OK);
    free(buf);
    lab_model_free(a);
}
END_TEST

/* The sections of a checkpoint, by offset. */
static int sections(const unsigned char *buf, size_t len, size_t *off, char tags[][5], int max)
{
    int n = 0;
    for (size_t at = CKPT_HEADER_LEN; at < len && n < max; n++) {
        off[n] = at;
        memcpy(tags[n], buf + at, 4);
        tags[n][4] = '\0';
        at += CKPT_SECTION_OVERHEAD + (size_t)le_u64(buf + at + 4);
    }
    return n;
}

START_TEST(test_flipped_byte_each_section)
{
    struct lab_model *a = small_model(0, 1); /* a classifier: every kind of section */
    unsigned char *buf;
    size_t len;
    encode(a, &buf, &len);
    size_t off[32];
    char tags[32][5];
    int n = sections(buf, len, off, tags, 32);
    ck_assert_int_eq(n, 9); /* NAME MODL TOKN PARM OPTM CLAS HIST RNG. END. */
    for (int s = 0; s < n; s++) {
        size_t end = s + 1 < n ? off[s + 1] : len;
        /* a byte of the payload, of the tag, of the length, and of the CRC */
        size_t where[4] = {off[s] + 12 + (end - off[s] - 16) / 2, off[s] + 1, off[s] + 6, end - 2};
        for (int w = 0; w < 4; w++) {
            buf[where[w]] ^= 0x10;
            struct al_error err;
            ck_assert_int_eq(decode(buf, len, &err), AL_EFORMAT);
            ck_assert_msg(strstr(err.msg, "t.ckpt"), "%s", err.msg);
            if (w == 0)
                ck_assert_msg(strstr(err.msg, "CRC-32") && strstr(err.msg, tags[s]),
                              "section %s: %s", tags[s], err.msg);
            buf[where[w]] ^= 0x10;
        }
    }
    struct al_error err;
    ck_assert_int_eq(decode(buf, len, &err), AL_OK);
    free(buf);
    lab_model_free(a);
}
END_TEST

START_TEST(test_foreign_and_newer)
{
    struct al_error err;
    const char *passwd = "root:x:0:0:root:/root:/bin/bash\n";
    ck_assert_int_eq(decode((const unsigned char *)passwd, strlen(passwd), &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "not an attnlab checkpoint"), "%s", err.msg);
    ck_assert_int_eq(decode((const unsigned char *)"", 0, &err), AL_EFORMAT);

    struct lab_model *a = small_model(0, 0);
    unsigned char *buf;
    size_t len;
    encode(a, &buf, &len);
    buf[8] = 2; /* version 2 */
    ck_assert_int_eq(decode(buf, len, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "version 2") && strstr(err.msg, "newer"), "%s", err.msg);
    buf[8] = 0;
    ck_assert_int_eq(decode(buf, len, &err), AL_EFORMAT);
    buf[8] = 1;
    buf[0] = 'X';
    ck_assert_int_eq(decode(buf, len, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "magic"), "%s", err.msg);
    buf[0] = 'A';
    /* bytes after END */
    unsigned char *longer = malloc(len + 1);
    memcpy(longer, buf, len);
    longer[len] = 0;
    ck_assert_int_eq(decode(longer, len + 1, &err), AL_EFORMAT);
    free(longer);
    free(buf);
    lab_model_free(a);
}
END_TEST

/* A checkpoint whose sections are well formed (right CRCs) but whose contents lie. */
struct forged {
    const char *modl_layers[4];
    uint32_t vocab, context, compiled, batch, nlayers;
    uint64_t parm_count; /* floats claimed */
    uint32_t nparams;
    uint32_t hist_n;
};

static enum al_status forge(const struct forged *f, struct al_error *err)
{
    struct tok_options o;
    tok_options_default(&o);
    struct tokenizer *tok;
    ck_assert(tok_train(&o, text, strlen(text), &tok, err) == AL_OK);
    unsigned char *tb;
    size_t tlen;
    ck_assert(tok_serialize(tok, &tb, &tlen, err) == AL_OK);
    struct bytes_out out = {0};
    ckpt_begin(&out);
    size_t mk = ckpt_section_begin(&out, "NAME");
    out_str(&out, "forged");
    ckpt_section_end(&out, mk);
    mk = ckpt_section_begin(&out, "MODL");
    out_u32(&out, f->vocab ? f->vocab : (uint32_t)tok_vocab_size(tok));
    out_u32(&out, f->context);
    out_u32(&out, f->compiled);
    out_u32(&out, f->batch);
    out_u32(&out, f->nlayers);
    for (int i = 0; i < 4 && f->modl_layers[i]; i++)
        out_str(&out, f->modl_layers[i]);
    ckpt_section_end(&out, mk);
    mk = ckpt_section_begin(&out, "TOKN");
    out_bytes(&out, tb, tlen);
    ckpt_section_end(&out, mk);
    if (f->compiled) {
        mk = ckpt_section_begin(&out, "PARM");
        out_u32(&out, f->nparams);
        out_u64(&out, f->parm_count);
        ckpt_section_end(&out, mk);
    }
    mk = ckpt_section_begin(&out, "HIST");
    out_f64(&out, 0);
    out_u32(&out, f->hist_n);
    out_u32(&out, 0);
    ckpt_section_end(&out, mk);
    mk = ckpt_section_begin(&out, "RNG.");
    for (int i = 0; i < 6; i++)
        out_u32(&out, 1);
    ckpt_section_end(&out, mk);
    ckpt_finish(&out);
    enum al_status st = decode(out.p, out.n, err);
    out_free(&out);
    free(tb);
    tok_free(tok);
    return st;
}

START_TEST(test_absurd_sizes)
{
    struct al_error err;
    const struct forged ok = {{"embedding 4", "output"}, 0, 8, 0, 0, 2, 0, 0, 0};
    ck_assert_msg(forge(&ok, &err) == AL_OK, "%s", err.msg);
    struct forged f = ok;
    f.context = 1u << 30;
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "out of bounds"), "%s", err.msg);
    f = ok;
    f.nlayers = 0xffffffffu;
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f = ok;
    f.nlayers = 3; /* claims more layers than are there */
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f = ok;
    f.modl_layers[0] = "embedding 99999999";
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "layer 1"), "%s", err.msg);
    f = ok;
    f.modl_layers[1] = "block heads=3 ff=8 causal=on"; /* 3 does not divide 4; no output */
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f = ok;
    f.vocab = 1000; /* the layers' vocabulary is not the tokenizer's */
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "vocabulary"), "%s", err.msg);
    f = ok;
    f.compiled = 1;
    f.batch = 2;
    f.nparams = 4;
    f.parm_count = (uint64_t)1 << 62; /* values claimed, not there */
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f.nparams = 0x7fffffff;
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f = ok;
    f.compiled = 1;
    f.batch = 1u << 20;
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    f = ok;
    f.hist_n = 0x40000000u; /* a history longer than its section */
    ck_assert_int_eq(forge(&f, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "HIST"), "%s", err.msg);
}
END_TEST

START_TEST(test_section_length_lies)
{
    struct lab_model *a = small_model(0, 0);
    unsigned char *buf;
    size_t len;
    encode(a, &buf, &len);
    size_t off[32];
    char tags[32][5];
    int n = sections(buf, len, off, tags, 32);
    struct al_error err;
    for (int s = 0; s < n; s++) {
        unsigned char saved[8];
        memcpy(saved, buf + off[s] + 4, 8);
        const uint64_t lies[] = {~(uint64_t)0, (uint64_t)1 << 63, len, 0};
        for (int k = 0; k < 4; k++) {
            for (int b = 0; b < 8; b++)
                buf[off[s] + 4 + b] = (unsigned char)(lies[k] >> (8 * b));
            ck_assert_int_eq(decode(buf, len, &err), AL_EFORMAT);
        }
        memcpy(buf + off[s] + 4, saved, 8);
    }
    ck_assert_int_eq(decode(buf, len, &err), AL_OK);
    free(buf);
    lab_model_free(a);
}
END_TEST

START_TEST(test_layer_text_roundtrip)
{
    struct layer_config all[] = {
        {.kind = LAYER_EMBEDDING, .units = 12},
        {.kind = LAYER_POSITION, .position = POSITION_SINUSOID},
        {.kind = LAYER_DENSE, .units = 5, .act = ACT_GELU},
        {.kind = LAYER_LAYERNORM},
        {.kind = LAYER_ATTENTION, .heads = 4, .bidirectional = 1},
        {.kind = LAYER_MLP, .units = 9},
        {.kind = LAYER_BLOCK, .heads = 2, .ff = 33},
        {.kind = LAYER_LSTM, .units = 64},
        {.kind = LAYER_DROPOUT, .rate = 0.1f},
        {.kind = LAYER_OUTPUT},
        {.kind = LAYER_CLASSIFY, .classes = 3, .pool = POOL_LAST},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char line[LAYER_TEXT_MAX];
        ck_assert_int_eq(layer_text_write(&all[i], line, sizeof line), 0);
        struct layer_config back;
        struct al_error err;
        ck_assert_msg(layer_text_parse(line, &back, &err) == AL_OK, "%s: %s", line, err.msg);
        ck_assert_msg(memcmp(&back, &all[i], sizeof back) == 0, "%s", line);
    }
    const char *bad[] = {"",
                         "blob",
                         "dense 5 activation=swish",
                         "dropout 1",
                         "lstm 0",
                         "block heads=2 ff=3 causal=maybe",
                         "output units=3",
                         "embedding 4x",
                         "embedding =4",
                         "block 2 heads=2 ff=8",
                         "dense"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct layer_config c;
        struct al_error err;
        ck_assert_msg(layer_text_parse(bad[i], &c, &err) == AL_EFORMAT, "%s", bad[i]);
    }
}
END_TEST

START_TEST(test_base64)
{
    const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; i++) {
        char *e = base64_encode((const unsigned char *)in[i], strlen(in[i]));
        ck_assert_str_eq(e, out[i]);
        unsigned char *d;
        size_t n;
        ck_assert_int_eq(base64_decode(e, &d, &n), 0);
        ck_assert_uint_eq(n, strlen(in[i]));
        ck_assert(memcmp(d, in[i], n) == 0);
        free(d);
        free(e);
    }
    unsigned char *d;
    size_t n;
    ck_assert_int_eq(base64_decode("Zm9", &d, &n), -1);
    ck_assert_int_eq(base64_decode("Z===", &d, &n), -1);
    ck_assert_int_eq(base64_decode("Zm9v!A==", &d, &n), -1);
}
END_TEST

static enum al_status st_decode(const unsigned char *buf, size_t len, struct al_error *err)
{
    struct lab_model *m = NULL;
    enum al_status st = safetensors_decode(buf, len, "t.safetensors", (size_t)1 << 30, &m, err);
    lab_model_free(m);
    return st;
}

START_TEST(test_safetensors_roundtrip)
{
    for (int kind = 0; kind < 3; kind++) {
        struct lab_model *a = small_model(kind == 1, kind == 2);
        unsigned char *buf;
        size_t len;
        struct al_error err;
        ck_assert(safetensors_encode(a, &buf, &len, &err) == AL_OK);
        ck_assert_uint_eq(le_u64(buf) % 8, 0);
        ck_assert(buf[8] == '{');
        struct lab_model *b = NULL;
        ck_assert_msg(safetensors_decode(buf, len, "t", (size_t)1 << 30, &b, &err) == AL_OK, "%s",
                      err.msg);
        ck_assert_str_eq(b->name, "tiny");
        ck_assert(memcmp(a->net->values, b->net->values, sizeof(float) * a->net->param_floats) ==
                  0);
        ck_assert(lab_same_tokens(a->tok, b->tok));
        ck_assert_int_eq(b->nclasses, a->nclasses);
        /* every prefix is refused */
        for (size_t n = 0; n < len; n += (n < 64 ? 1 : 7)) {
            unsigned char *copy = malloc(n ? n : 1);
            memcpy(copy, buf, n);
            ck_assert_int_eq(st_decode(copy, n, &err), AL_EFORMAT);
            free(copy);
        }
        free(buf);
        lab_model_free(a);
        lab_model_free(b);
    }
}
END_TEST

/* A safetensors file from a header text and n data bytes. */
static enum al_status st_with_header(const char *header, size_t data, struct al_error *err)
{
    size_t h = strlen(header), len = 8 + h + data;
    unsigned char *buf = calloc(1, len);
    for (int b = 0; b < 8; b++)
        buf[b] = (unsigned char)((uint64_t)h >> (8 * b));
    memcpy(buf + 8, header, h);
    struct st_file f;
    enum al_status st = st_parse(buf, len, "h.safetensors", &f, err);
    if (st == AL_OK)
        st_free(&f);
    free(buf);
    return st;
}

START_TEST(test_safetensors_hostile)
{
    struct al_error err;
    ck_assert_int_eq(st_with_header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                                    "\"data_offsets\":[0,8]}}",
                                    8, &err),
                     AL_OK);
    const char *bad[] = {
        "[1,2]",
        "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],"
        "\"data_offsets\":[0,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        "{\"__metadata__\":{\"k\":1}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(st_with_header(bad[i], 8, &err) == AL_EFORMAT, "%s", bad[i]);
    /* a header length beyond the file */
    unsigned char buf[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, '{', '}'};
    struct st_file f;
    ck_assert_int_eq(st_parse(buf, sizeof buf, "x", &f, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "header length"), "%s", err.msg);
    /* valid safetensors without attnlab's metadata: a clear message */
    const char *plain = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    size_t h = strlen(plain);
    unsigned char *file = calloc(1, 8 + h + 8);
    file[0] = (unsigned char)h;
    memcpy(file + 8, plain, h);
    ck_assert_int_eq(st_decode(file, 8 + h + 8, &err), AL_EFORMAT);
    ck_assert_msg(strstr(err.msg, "into="), "%s", err.msg);
    free(file);
}
END_TEST

static Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("checkpoint");
    tcase_add_test(tc, test_roundtrip_exact);
    tcase_add_test(tc, test_uncompiled_roundtrip);
    tcase_add_test(tc, test_inference_read);
    tcase_add_test(tc, test_truncation_everywhere);
    tcase_add_test(tc, test_flipped_byte_each_section);
    tcase_add_test(tc, test_foreign_and_newer);
    tcase_add_test(tc, test_absurd_sizes);
    tcase_add_test(tc, test_section_length_lies);
    tcase_add_test(tc, test_layer_text_roundtrip);
    suite_add_tcase(s, tc);
    tc = tcase_create("safetensors");
    tcase_add_test(tc, test_base64);
    tcase_add_test(tc, test_safetensors_roundtrip);
    tcase_add_test(tc, test_safetensors_hostile);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(io_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
