/* checkpoint.c: the session's sections around io/model_io's (checkpoint.h):
 *   NAME  the model's name
 *   CLAS  a classifier's label names
 *   HIST  tokens seen, the training (step, loss) points, the validation points
 *   RNG.  the session generator's state */
#include "lab/checkpoint.h"

#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"
#include "data/text.h"
#include "data/tokenizer.h"
#include "io/bytes.h"
#include "io/container.h"
#include "io/model_io.h"
#include "nn/model.h"

static void write_history(struct bytes_out *out, const struct history *h)
{
    out_u32(out, (uint32_t)h->n);
    out_f32s(out, h->step, (size_t)h->n);
    out_f32s(out, h->loss, (size_t)h->n);
}

enum al_status checkpoint_encode(const struct lab_model *m, const struct rng *rng,
                                 unsigned char **buf, size_t *len, struct al_error *err)
{
    struct bytes_out out = {0};
    ckpt_begin(&out);
    size_t mark = ckpt_section_begin(&out, "NAME");
    out_str(&out, m->name);
    ckpt_section_end(&out, mark);
    model_io_write(&out, m->net, m->tok);
    if (m->nclasses) {
        mark = ckpt_section_begin(&out, "CLAS");
        out_u32(&out, (uint32_t)m->nclasses);
        for (int i = 0; i < m->nclasses; i++)
            out_str(&out, m->class_names[i]);
        ckpt_section_end(&out, mark);
    }
    mark = ckpt_section_begin(&out, "HIST");
    out_f64(&out, m->tokens_seen);
    write_history(&out, &m->train);
    write_history(&out, &m->val);
    ckpt_section_end(&out, mark);
    mark = ckpt_section_begin(&out, "RNG.");
    for (int i = 0; i < 4; i++)
        out_u32(&out, rng->s[i]);
    out_u32(&out, (uint32_t)rng->has_spare);
    out_f32(&out, rng->spare);
    ckpt_section_end(&out, mark);
    ckpt_finish(&out);
    if (out.failed) {
        out_free(&out);
        return al_fail(err, AL_ENOMEM, "out of memory writing the checkpoint");
    }
    *buf = out.p;
    *len = out.n;
    return AL_OK;
}

static enum al_status read_history(struct bytes_in *in, struct history *h, struct al_error *err)
{
    uint32_t n = in_u32(in);
    if (in->failed || n > in_left(in) / 8 || n > (uint32_t)1 << 30)
        return AL_EFORMAT;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *sp = in->p + in->off + 4 * (size_t)i;
        const unsigned char *lp = in->p + in->off + 4 * ((size_t)n + i);
        uint32_t su = le_u32(sp), lu = le_u32(lp);
        float step, loss;
        memcpy(&step, &su, 4);
        memcpy(&loss, &lu, 4);
        if (history_add(h, step, loss, err) != AL_OK)
            return AL_ENOMEM;
    }
    in_bytes(in, 8 * (size_t)n);
    return AL_OK;
}

static enum al_status read_session(const struct ckpt_reader *r, struct lab_model *m,
                                   struct rng *rng, struct al_error *err)
{
    const struct ckpt_section *s = ckpt_find(r, "HIST");
    struct bytes_in in;
    if (!s)
        return al_fail(err, AL_EFORMAT, "%s has no HIST section", r->name);
    in_init(&in, s->data, s->len);
    m->tokens_seen = in_f64(&in);
    enum al_status st = read_history(&in, &m->train, err);
    if (st == AL_OK)
        st = read_history(&in, &m->val, err);
    if (st == AL_ENOMEM)
        return AL_ENOMEM;
    if (st != AL_OK || in_left(&in) || !(m->tokens_seen >= 0.0 && m->tokens_seen < 1e300))
        return al_fail(err, AL_EFORMAT, "%s: the HIST section is malformed", r->name);
    if (!(s = ckpt_find(r, "RNG.")))
        return al_fail(err, AL_EFORMAT, "%s has no RNG. section", r->name);
    in_init(&in, s->data, s->len);
    for (int i = 0; i < 4; i++)
        rng->s[i] = in_u32(&in);
    uint32_t spare = in_u32(&in);
    rng->spare = in_f32(&in);
    rng->has_spare = spare == 1;
    if (in.failed || in_left(&in) || spare > 1 ||
        (!rng->s[0] && !rng->s[1] && !rng->s[2] && !rng->s[3]))
        return al_fail(err, AL_EFORMAT, "%s: the RNG. section is malformed", r->name);
    return AL_OK;
}

static enum al_status read_classes(const struct ckpt_reader *r, struct lab_model *m,
                                   struct al_error *err)
{
    const struct ckpt_section *s = ckpt_find(r, "CLAS");
    int want = model_is_classifier(m->net) ? model_output_width(m->net) : 0;
    if (!s && want == 0)
        return AL_OK;
    if (!s || want == 0)
        return al_fail(err, AL_EFORMAT, "%s: %s", r->name,
                       s ? "class names stored for a "
                           "language model"
                         : "a classifier without its class names");
    struct bytes_in in;
    in_init(&in, s->data, s->len);
    uint32_t n = in_u32(&in);
    if (n != (uint32_t)want)
        return al_fail(err, AL_EFORMAT, "%s: %u class names for a classifier of %d classes",
                       r->name, n, want);
    m->class_names = calloc((size_t)n, sizeof *m->class_names);
    if (!m->class_names)
        return al_fail(err, AL_ENOMEM, "out of memory");
    m->nclasses = (int)n;
    for (uint32_t i = 0; i < n; i++) {
        char name[256];
        in_str(&in, name, sizeof name);
        if (in.failed || !name[0])
            return al_fail(err, AL_EFORMAT, "%s: class name %u is malformed", r->name, i + 1);
        if (!(m->class_names[i] = strdup(name)))
            return al_fail(err, AL_ENOMEM, "out of memory");
    }
    if (in_left(&in))
        return al_fail(err, AL_EFORMAT, "%s: the CLAS section is malformed", r->name);
    return AL_OK;
}

enum al_status checkpoint_decode(const unsigned char *buf, size_t len, const char *name,
                                 size_t max_arena, int batch, int inference, struct lab_model **out,
                                 struct rng *rng, struct al_error *err)
{
    struct ckpt_reader r;
    enum al_status st = ckpt_read(&r, name, buf, len, err);
    if (st != AL_OK)
        return st;
    char model_name[64];
    const struct ckpt_section *ns = ckpt_find(&r, "NAME");
    struct bytes_in in;
    in_init(&in, ns ? ns->data : NULL, ns ? ns->len : 0);
    in_str(&in, model_name, sizeof model_name);
    if (!ns || in.failed || in_left(&in) || !model_name[0])
        return al_fail(err, AL_EFORMAT, "%s: the NAME section is %s", name,
                       ns ? "malformed" : "missing");
    struct model *net;
    struct tokenizer *tok;
    if ((st = model_io_read(&r, max_arena, batch, inference, &net, &tok, err)) != AL_OK)
        return st;
    struct lab_model *m = lab_model_new(model_name, net, NULL);
    if (!m) {
        model_free(net);
        tok_free(tok);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    m->tok = tok;
    m->batch = net->compiled ? net->max_batch : 0;
    struct rng saved;
    if ((st = read_classes(&r, m, err)) == AL_OK)
        st = read_session(&r, m, &saved, err);
    if (st != AL_OK) {
        lab_model_free(m);
        return st;
    }
    m->saved_step = net->step;
    *out = m;
    *rng = saved;
    return AL_OK;
}

enum al_status checkpoint_save(const char *path, const struct lab_model *m, const struct rng *rng,
                               size_t *bytes, struct al_error *err)
{
    unsigned char *buf;
    size_t len;
    enum al_status st = checkpoint_encode(m, rng, &buf, &len, err);
    if (st != AL_OK)
        return st;
    st = atomic_write_file(path, buf, len, err);
    free(buf);
    if (st == AL_OK && bytes)
        *bytes = len;
    return st;
}

enum al_status checkpoint_load(const char *path, int batch, int inference, struct lab_model **out,
                               struct rng *rng, struct al_error *err)
{
    struct text_map map;
    enum al_status st = text_map_bytes(path, CHECKPOINT_MAX_FILE, &map, err);
    if (st != AL_OK)
        return st;
    st = checkpoint_decode(map.bytes, map.len, path, MODEL_IO_MAX_ARENA, batch, inference, out, rng,
                           err);
    text_unmap(&map);
    return st;
}
