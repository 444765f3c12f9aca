/* safetensors_io.c: a session's model as safetensors (safetensors_io.h). */
#include "lab/safetensors_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"
#include "core/strbuf.h"
#include "data/text.h"
#include "data/tokenizer.h"
#include "io/base64.h"
#include "io/layer_text.h"
#include "io/model_io.h"
#include "io/safetensors.h"
#include "lab/checkpoint.h"
#include "nn/model.h"

#define META_MAX 8

enum al_status safetensors_encode(const struct lab_model *m, unsigned char **buf, size_t *len,
                                  struct al_error *err)
{
    const struct model *net = m->net;
    struct st_out *t = calloc((size_t)net->nparams + 1, sizeof *t);
    struct strbuf layers = {0}, classes = {0};
    char vocab[16], context[16], *tok64 = NULL, *layer_text = NULL, *class_text = NULL;
    unsigned char *tb = NULL;
    size_t tlen;
    enum al_status st = t ? AL_OK : AL_ENOMEM;
    for (int k = 0; st == AL_OK && k < net->nparams; k++) {
        const struct param *p = &net->params[k];
        t[k] = (struct st_out){p->name, p->rows == 1 ? 0 : p->rows, p->cols, p->value};
    }
    for (int i = 0; st == AL_OK && i < net->nlayers; i++) {
        char line[LAYER_TEXT_MAX];
        layer_text_write(&net->layers[i].cfg, line, sizeof line);
        strbuf_printf(&layers, "%s%s", i ? "\n" : "", line);
    }
    for (int i = 0; i < m->nclasses; i++)
        strbuf_printf(&classes, "%s%s", i ? "\n" : "", m->class_names[i]);
    if (st == AL_OK && tok_serialize(m->tok, &tb, &tlen, NULL) != AL_OK)
        st = AL_ENOMEM;
    if (st == AL_OK && !(tok64 = base64_encode(tb, tlen)))
        st = AL_ENOMEM;
    layer_text = strbuf_take(&layers);
    class_text = strbuf_take(&classes);
    if (st == AL_OK && (!layer_text || (m->nclasses && !class_text)))
        st = AL_ENOMEM;
    if (st != AL_OK) {
        al_fail(err, AL_ENOMEM, "out of memory");
    } else {
        snprintf(vocab, sizeof vocab, "%d", net->vocab);
        snprintf(context, sizeof context, "%d", net->context);
        const char *keys[META_MAX] = {
            "format",          "attnlab.format", "attnlab.name",      "attnlab.vocab",
            "attnlab.context", "attnlab.layers", "attnlab.tokenizer", "attnlab.classes"};
        const char *vals[META_MAX] = {"pt",    "1",        m->name, vocab,
                                      context, layer_text, tok64,   class_text};
        struct bytes_out out = {0};
        st = st_write(&out, t, net->nparams, keys, vals, m->nclasses ? 8 : 7, err);
        if (st == AL_OK) {
            *buf = out.p;
            *len = out.n;
        } else {
            out_free(&out);
        }
    }
    free(t);
    free(tb);
    free(tok64);
    free(layer_text);
    free(class_text);
    return st;
}

/* Checks that the file's tensors are exactly the parameters of net, and copies them. */
static enum al_status take_tensors(const struct st_file *f, const struct model *net,
                                   const char *name, float *values, struct al_error *err)
{
    if (f->n != net->nparams)
        return al_fail(err, AL_EFORMAT, "%s holds %d tensors; the model has %d parameters", name,
                       f->n, net->nparams);
    for (int k = 0; k < net->nparams; k++) {
        const struct param *p = &net->params[k];
        const struct st_tensor *t = st_find(f, p->name);
        if (!t)
            return al_fail(err, AL_EFORMAT, "%s has no tensor %s", name, p->name);
        int vector_ok = p->rows == 1 && t->ndim == 1 && t->shape[0] == p->cols;
        int matrix_ok = t->ndim == 2 && t->shape[0] == p->rows && t->shape[1] == p->cols;
        if (!vector_ok && !matrix_ok) {
            char shape[96] = "";
            for (int d = 0; d < t->ndim && strlen(shape) < 60; d++)
                snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%s%lld",
                         d ? ", " : "", (long long)t->shape[d]);
            return al_fail(err, AL_EFORMAT,
                           "%s: tensor %s has shape [%s]; the model needs "
                           "[%d, %d]",
                           name, p->name, shape, p->rows, p->cols);
        }
        st_values(t, values + p->offset);
    }
    return AL_OK;
}

static long meta_int(const struct st_file *f, const char *key, long lo, long hi)
{
    const char *v = st_meta(f, key);
    char *end;
    long x = v ? strtol(v, &end, 10) : -1;
    return v && *v && !*end && x >= lo && x <= hi ? x : -1;
}

/* The model the metadata describes, not compiled. */
static enum al_status build_from_meta(const struct st_file *f, const char *name, struct model **out,
                                      struct tokenizer **tok_out, struct al_error *err)
{
    const char *layers = st_meta(f, "attnlab.layers"), *tok64 = st_meta(f, "attnlab.tokenizer");
    long vocab = meta_int(f, "attnlab.vocab", 1, 1 << 24);
    long context = meta_int(f, "attnlab.context", 1, 65536);
    if (!layers || !tok64 || vocab < 0 || context < 0)
        return al_fail(err, AL_EFORMAT,
                       "%s lacks attnlab's metadata (layers, tokenizer, "
                       "vocab, context): to read tensors from elsewhere, define and compile the "
                       "model, then import model \"FILE\" into=NAME",
                       name);
    unsigned char *tb;
    size_t tlen;
    if (base64_decode(tok64, &tb, &tlen) != 0)
        return al_fail(err, AL_EFORMAT, "%s: the tokenizer in the metadata is not base64", name);
    struct tokenizer *tok = NULL;
    struct al_error e;
    enum al_status st = tok_deserialize(tb, tlen, &tok, &e);
    free(tb);
    if (st != AL_OK)
        return al_fail(err, AL_EFORMAT, "%s: its tokenizer is malformed: %s", name, e.msg);
    int32_t tv = tok_vocab_size(tok);
    if (tv != vocab) {
        tok_free(tok);
        return al_fail(err, AL_EFORMAT,
                       "%s: the layers are shaped for a vocabulary of %ld "
                       "tokens, but its tokenizer has %d",
                       name, vocab, tv);
    }
    struct model *net = model_new((int)vocab, (int)context);
    st = net ? AL_OK : al_fail(err, AL_ENOMEM, "out of memory");
    int i = 0;
    for (const char *p = layers; st == AL_OK && *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[LAYER_TEXT_MAX];
        struct layer_config cfg;
        if (n >= sizeof line || i >= 4096) {
            st = al_fail(err, AL_EFORMAT, "%s: layer %d is malformed", name, i + 1);
            break;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        if ((st = layer_text_parse(line, &cfg, &e)) == AL_OK)
            st = model_add(net, &cfg, &e);
        if (st != AL_OK)
            st = al_fail(err, st == AL_ENOMEM ? AL_ENOMEM : AL_EFORMAT, "%s: layer %d: %s", name,
                         i + 1, e.msg);
        p += n + (nl != NULL);
    }
    if (st == AL_OK && model_check_complete(net, &e) != AL_OK)
        st = al_fail(err, AL_EFORMAT, "%s: %s", name, e.msg);
    if (st != AL_OK) {
        model_free(net);
        tok_free(tok);
        return st;
    }
    *out = net;
    *tok_out = tok;
    return AL_OK;
}

static enum al_status class_names(const struct st_file *f, struct lab_model *m, const char *name,
                                  struct al_error *err)
{
    int want = model_is_classifier(m->net) ? model_output_width(m->net) : 0;
    const char *text = st_meta(f, "attnlab.classes");
    if (!want)
        return AL_OK;
    if (!text)
        return al_fail(err, AL_EFORMAT, "%s: a classifier without attnlab.classes", name);
    m->class_names = calloc((size_t)want, sizeof *m->class_names);
    if (!m->class_names)
        return al_fail(err, AL_ENOMEM, "out of memory");
    m->nclasses = want;
    const char *p = text;
    for (int i = 0; i < want; i++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == 0 || (i < want - 1) != (nl != NULL))
            return al_fail(err, AL_EFORMAT, "%s: attnlab.classes does not name %d classes", name,
                           want);
        if (!(m->class_names[i] = strndup(p, n)))
            return al_fail(err, AL_ENOMEM, "out of memory");
        p += n + 1;
    }
    return AL_OK;
}

enum al_status safetensors_decode(const unsigned char *buf, size_t len, const char *name,
                                  size_t max_arena, struct lab_model **out, struct al_error *err)
{
    struct st_file f;
    enum al_status st = st_parse(buf, len, name, &f, err);
    if (st != AL_OK)
        return st;
    struct model *net = NULL;
    struct tokenizer *tok = NULL;
    struct lab_model *m = NULL;
    if ((st = build_from_meta(&f, name, &net, &tok, err)) != AL_OK) {
        st_free(&f);
        return st;
    }
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    struct al_error e;
    const char *mname = st_meta(&f, "attnlab.name");
    if (!(model_io_arena_estimate(net, 32) <= (double)max_arena))
        st = al_fail(err, AL_EFORMAT, "%s: the model would need more than %.0f MB", name,
                     max_arena / 1048576.0);
    else if ((st = model_compile(net, &o, 32, NULL, &e)) != AL_OK) /* every value is read */
        st = al_fail(err, st, "%s: %s", name, e.msg);
    else if (!(m = lab_model_new(mname && *mname && strlen(mname) < 64 ? mname : "imported", net,
                                 NULL)))
        st = al_fail(err, AL_ENOMEM, "out of memory");
    if (st == AL_OK) {
        m->tok = tok;
        tok = NULL;
        m->batch = 32;
        st = take_tensors(&f, net, name, net->values, err);
        if (st == AL_OK)
            st = class_names(&f, m, name, err);
    }
    st_free(&f);
    tok_free(tok);
    if (st != AL_OK) {
        if (m)
            lab_model_free(m);
        else
            model_free(net);
        return st;
    }
    *out = m;
    return AL_OK;
}

enum al_status safetensors_save(const char *path, const struct lab_model *m, size_t *bytes,
                                struct al_error *err)
{
    unsigned char *buf;
    size_t len;
    enum al_status st = safetensors_encode(m, &buf, &len, err);
    if (st != AL_OK)
        return st;
    st = atomic_write_file(path, buf, len, err);
    free(buf);
    if (st == AL_OK && bytes)
        *bytes = len;
    return st;
}

enum al_status safetensors_load(const char *path, struct lab_model **out, struct al_error *err)
{
    struct text_map map;
    enum al_status st = text_map_bytes(path, CHECKPOINT_MAX_FILE, &map, err);
    if (st != AL_OK)
        return st;
    st = safetensors_decode(map.bytes, map.len, path, MODEL_IO_MAX_ARENA, out, err);
    text_unmap(&map);
    return st;
}

enum al_status safetensors_load_into(const char *path, const struct lab_model *into, float **values,
                                     struct al_error *err)
{
    struct text_map map;
    enum al_status st = text_map_bytes(path, CHECKPOINT_MAX_FILE, &map, err);
    if (st != AL_OK)
        return st;
    struct st_file f;
    st = st_parse(map.bytes, map.len, path, &f, err);
    float *v = NULL;
    if (st == AL_OK &&
        !(v = malloc(sizeof *v * (into->net->param_floats ? into->net->param_floats : 1))))
        st = al_fail(err, AL_ENOMEM, "out of memory");
    if (st == AL_OK)
        st = take_tensors(&f, into->net, path, v, err);
    if (st == AL_OK && tok_vocab_size(into->tok) != into->net->vocab)
        st = al_fail(err, AL_ESTATE, "model '%s' has no matching tokenizer", into->name);
    st_free(&f);
    text_unmap(&map);
    if (st != AL_OK) {
        free(v);
        return st;
    }
    *values = v;
    return AL_OK;
}
