/* model_io.c: model and tokenizer sections of a checkpoint (model_io.h). */
#include "io/model_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/tokenizer.h"
#include "io/layer_text.h"

#define MAX_LAYERS 4096
#define MAX_CONTEXT 65536
#define MAX_BATCH 4096

static void write_modl(struct bytes_out *out, const struct model *net)
{
    size_t mark = ckpt_section_begin(out, "MODL");
    out_u32(out, (uint32_t)net->vocab);
    out_u32(out, (uint32_t)net->context);
    /* 0: not compiled; 1: compiled to train (PARM and OPTM follow); 2: compiled for
     * inference (PARM only), then the positions one pass holds */
    out_u32(out, (uint32_t)(!net->compiled ? 0 : net->inference ? 2 : 1));
    out_u32(out, (uint32_t)(net->compiled ? net->max_batch : 0));
    if (net->compiled && net->inference)
        out_u32(out, (uint32_t)net->max_t);
    out_u32(out, (uint32_t)net->nlayers);
    for (int i = 0; i < net->nlayers; i++) {
        char line[LAYER_TEXT_MAX];
        if (layer_text_write(&net->layers[i].cfg, line, sizeof line) != 0)
            out->failed = 1;
        out_str(out, line);
    }
    ckpt_section_end(out, mark);
}

static void write_parm(struct bytes_out *out, const struct model *net)
{
    size_t mark = ckpt_section_begin(out, "PARM");
    out_u32(out, (uint32_t)net->nparams);
    for (int k = 0; k < net->nparams; k++) {
        out_str(out, net->params[k].name);
        out_u32(out, (uint32_t)net->params[k].rows);
        out_u32(out, (uint32_t)net->params[k].cols);
    }
    out_u64(out, net->param_floats);
    out_f32s(out, net->values, net->param_floats);
    ckpt_section_end(out, mark);
}

static void write_optm(struct bytes_out *out, const struct model *net)
{
    const struct optim_config *o = &net->optim;
    size_t mark = ckpt_section_begin(out, "OPTM");
    out_str(out, optim_kind_name(o->kind));
    out_f32(out, o->lr);
    out_f32(out, o->beta1);
    out_f32(out, o->beta2);
    out_f32(out, o->eps);
    out_f32(out, o->momentum);
    out_f32(out, o->weight_decay);
    out_f32(out, o->clip);
    out_str(out, o->schedule < SCHEDULE_KIND_COUNT ? schedule_kind_words[o->schedule] : "?");
    out_u64(out, (uint64_t)o->warmup);
    out_u64(out, (uint64_t)o->decay_steps);
    out_f32(out, o->min_lr);
    out_u64(out, (uint64_t)net->step);
    out_u64(out, (uint64_t)net->optim_step);
    out_u64(out, net->param_floats);
    out_f32s(out, net->m, net->param_floats);
    out_f32s(out, net->v, net->param_floats);
    ckpt_section_end(out, mark);
}

void model_io_write(struct bytes_out *out, const struct model *net, const struct tokenizer *tok)
{
    write_modl(out, net);
    unsigned char *tb = NULL;
    size_t tlen = 0;
    if (tok_serialize(tok, &tb, &tlen, NULL) != AL_OK) {
        out->failed = 1;
        return;
    }
    size_t mark = ckpt_section_begin(out, "TOKN");
    out_bytes(out, tb, tlen);
    ckpt_section_end(out, mark);
    free(tb);
    if (net->compiled)
        write_parm(out, net);
    if (net->compiled && !net->inference) /* an inference compile has no optimizer state */
        write_optm(out, net);
}

/* ---- reading ---- */

static const struct ckpt_section *need(const struct ckpt_reader *r, const char *tag,
                                       struct al_error *err)
{
    const struct ckpt_section *s = ckpt_find(r, tag);
    if (!s)
        al_fail(err, AL_EFORMAT, "%s has no %s section", r->name, tag);
    return s;
}

double model_io_arena_estimate(const struct model *net, int b)
{
    double n = (double)b * net->context, t = net->context, per_layer = 0.0;
    for (int i = 0; i < net->nlayers; i++) {
        const struct layer *l = &net->layers[i];
        double w = l->in_width;
        if (l->out_width > w)
            w = l->out_width;
        if (4.0 * l->cfg.units > w)
            w = 4.0 * l->cfg.units;
        if (l->cfg.ff > w)
            w = l->cfg.ff;
        per_layer += n * w * 16.0 + (double)b * l->cfg.heads * t * t + t * w + 64.0;
    }
    double floats =
        4.0 * (double)net->param_floats + per_layer + n * (3.0 * net->vocab + 3.0 * 65536.0 / 64.0);
    return floats * 4.0 + 64.0 * (4.0 * net->nlayers + 16.0);
}

/* What MODL says of the compile: 0 none, 1 to train, 2 for inference; its batch and (for
 * inference) the positions one pass holds. */
struct modl_compile {
    int kind, batch, max_t;
};

static enum al_status read_modl(const struct ckpt_reader *r, struct model **out,
                                struct modl_compile *mc, int vocab, struct al_error *err)
{
    const struct ckpt_section *s = need(r, "MODL", err);
    if (!s)
        return AL_EFORMAT;
    struct bytes_in in;
    in_init(&in, s->data, s->len);
    uint32_t v = in_u32(&in), ctx = in_u32(&in), comp = in_u32(&in), b = in_u32(&in);
    uint32_t max_t = comp == 2 ? in_u32(&in) : 0;
    uint32_t nl = in_u32(&in);
    if (in.failed)
        return al_fail(err, AL_EFORMAT, "%s: the MODL section is too short", r->name);
    if (v != (uint32_t)vocab)
        return al_fail(err, AL_EFORMAT,
                       "%s: the layers are shaped for a vocabulary of %u "
                       "tokens, but its tokenizer has %d",
                       r->name, v, vocab);
    if (ctx < 1 || ctx > MAX_CONTEXT || comp > 2 || (comp && (b < 1 || b > MAX_BATCH)) ||
        (!comp && b != 0) || (comp == 2 && (max_t < 1 || max_t > ctx)) || nl < 1 || nl > MAX_LAYERS)
        return al_fail(err, AL_EFORMAT,
                       "%s: a model size is out of bounds (context %u, batch "
                       "%u, %u layers)",
                       r->name, ctx, b, nl);
    struct model *net = model_new(vocab, (int)ctx);
    if (!net)
        return al_fail(err, AL_ENOMEM, "out of memory reading %s", r->name);
    for (uint32_t i = 0; i < nl; i++) {
        char line[LAYER_TEXT_MAX];
        struct layer_config cfg;
        struct al_error e;
        in_str(&in, line, sizeof line);
        enum al_status st = in.failed ? al_fail(&e, AL_EFORMAT, "its line is cut or too long")
                                      : layer_text_parse(line, &cfg, &e);
        if (st == AL_OK && (st = model_add(net, &cfg, &e)) == AL_ENOMEM) {
            model_free(net);
            return al_fail(err, AL_ENOMEM, "out of memory reading %s", r->name);
        }
        if (st != AL_OK) {
            model_free(net);
            return al_fail(err, AL_EFORMAT, "%s: layer %u: %s", r->name, i + 1, e.msg);
        }
    }
    struct al_error e;
    if (in_left(&in) != 0 || model_check_complete(net, &e) != AL_OK) {
        model_free(net);
        return al_fail(err, AL_EFORMAT, "%s: the layer stack is malformed%s%s", r->name,
                       in_left(&in) ? " (bytes left over)" : ": ", in_left(&in) ? "" : e.msg);
    }
    *out = net;
    mc->kind = (int)comp;
    mc->batch = (int)b;
    mc->max_t = (int)max_t;
    return AL_OK;
}

/* Checks the PARM table against the parameters the layers made; leaves in at the values. */
static enum al_status read_parm_table(const struct ckpt_reader *r, const struct model *net,
                                      struct bytes_in *in, struct al_error *err)
{
    const struct ckpt_section *s = need(r, "PARM", err);
    if (!s)
        return AL_EFORMAT;
    in_init(in, s->data, s->len);
    uint32_t n = in_u32(in);
    if (in->failed || n != (uint32_t)net->nparams)
        return al_fail(err, AL_EFORMAT, "%s: %u parameter tensors stored; the layers have %d",
                       r->name, n, net->nparams);
    for (int k = 0; k < net->nparams; k++) {
        char name[64];
        in_str(in, name, sizeof name);
        uint32_t rows = in_u32(in), cols = in_u32(in);
        const struct param *p = &net->params[k];
        if (in->failed)
            return al_fail(err, AL_EFORMAT, "%s: the parameter table is cut short", r->name);
        if (strcmp(name, p->name) != 0 || rows != (uint32_t)p->rows || cols != (uint32_t)p->cols)
            return al_fail(err, AL_EFORMAT,
                           "%s: parameter %d is %s [%u,%u]; the layers make "
                           "%s [%d,%d]",
                           r->name, k + 1, name, rows, cols, p->name, p->rows, p->cols);
    }
    uint64_t count = in_u64(in);
    if (in->failed || count != net->param_floats || in_left(in) / 4 != count ||
        in_left(in) % 4 != 0)
        return al_fail(err, AL_EFORMAT,
                       "%s: the parameter values do not fill their section "
                       "(%zu floats expected)",
                       r->name, net->param_floats);
    return AL_OK;
}

static int enum_word(const char *w, const char *(*name)(int), int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(w, name(i)) == 0)
            return i;
    return -1;
}

static const char *optim_name_i(int k)
{
    return optim_kind_name((enum optim_kind)k);
}
static const char *sched_name_i(int k)
{
    return schedule_kind_words[k];
}

static int unit(float x)
{
    return x >= 0.0f && x < 1.0f;
}

/* The OPTM section up to the moments, which stay in in. */
static enum al_status read_optm_head(const struct ckpt_reader *r, const struct model *net,
                                     struct optim_config *o, long *step, long *ostep,
                                     struct bytes_in *in, struct al_error *err)
{
    const struct ckpt_section *s = need(r, "OPTM", err);
    if (!s)
        return AL_EFORMAT;
    in_init(in, s->data, s->len);
    char kind[16], sched[16];
    in_str(in, kind, sizeof kind);
    o->lr = in_f32(in);
    o->beta1 = in_f32(in);
    o->beta2 = in_f32(in);
    o->eps = in_f32(in);
    o->momentum = in_f32(in);
    o->weight_decay = in_f32(in);
    o->clip = in_f32(in);
    in_str(in, sched, sizeof sched);
    uint64_t warm = in_u64(in), decay = in_u64(in);
    o->min_lr = in_f32(in);
    uint64_t st = in_u64(in), ost = in_u64(in), count = in_u64(in);
    if (in->failed)
        return al_fail(err, AL_EFORMAT, "%s: the OPTM section is cut short", r->name);
    int k = enum_word(kind, optim_name_i, OPTIM_KIND_COUNT);
    int sc = enum_word(sched, sched_name_i, SCHEDULE_KIND_COUNT);
    const long big = 1L << 53;
    if (k < 0 || sc < 0 || !(o->lr > 0.0f && o->lr <= 10.0f) || !unit(o->beta1) ||
        !unit(o->beta2) || !(o->eps > 0.0f && o->eps <= 1.0f) || !unit(o->momentum) ||
        !(o->weight_decay >= 0.0f && o->weight_decay <= 1.0f) ||
        !(o->clip >= 0.0f && o->clip <= 1e6f) || !(o->min_lr >= 0.0f && o->min_lr <= 10.0f) ||
        warm > 100000000u || decay > 100000000u || st > (uint64_t)big || ost > st)
        return al_fail(err, AL_EFORMAT, "%s: an optimizer setting is out of its range", r->name);
    o->kind = (enum optim_kind)k;
    o->schedule = (enum schedule_kind)sc;
    o->warmup = (long)warm;
    o->decay_steps = (long)decay;
    *step = (long)st;
    *ostep = (long)ost;
    if (count != net->param_floats || in_left(in) % 8 != 0 || in_left(in) / 8 != count)
        return al_fail(err, AL_EFORMAT,
                       "%s: the optimizer state does not match the "
                       "parameters (%zu floats expected twice)",
                       r->name, net->param_floats);
    return AL_OK;
}

enum al_status model_io_read(const struct ckpt_reader *r, size_t max_arena, int want_batch,
                             int inference, struct model **out, struct tokenizer **tok_out,
                             struct al_error *err)
{
    const struct ckpt_section *ts = need(r, "TOKN", err);
    if (!ts)
        return AL_EFORMAT;
    struct tokenizer *tok = NULL;
    struct al_error e;
    enum al_status st = tok_deserialize(ts->data, ts->len, &tok, &e);
    if (st != AL_OK)
        return al_fail(err, st == AL_ENOMEM ? AL_ENOMEM : AL_EFORMAT,
                       "%s: its tokenizer is "
                       "malformed: %s",
                       r->name, e.msg);
    struct model *net = NULL;
    struct modl_compile mc = {0};
    st = read_modl(r, &net, &mc, tok_vocab_size(tok), err);
    struct bytes_in pin, oin;
    struct optim_config o;
    long step = 0, ostep = 0;
    int batch = mc.batch;
    if (st == AL_OK && mc.kind && want_batch > 0 && want_batch <= MAX_BATCH)
        batch = want_batch;
    /* a model saved for inference has no optimizer state: it loads for inference only */
    int infer = mc.kind == 2 || (mc.kind && inference);
    if (st == AL_OK && mc.kind) {
        st = read_parm_table(r, net, &pin, err);
        if (st == AL_OK && mc.kind == 1)
            st = read_optm_head(r, net, &o, &step, &ostep, &oin, err);
        else if (st == AL_OK && ckpt_find(r, "OPTM"))
            st = al_fail(err, AL_EFORMAT,
                         "%s: optimizer state stored for a model compiled for "
                         "inference",
                         r->name);
        if (st == AL_OK && !(model_io_arena_estimate(net, batch) <= (double)max_arena))
            st = al_fail(err, AL_EFORMAT,
                         "%s: the model would need more than %.0f MB to "
                         "compile for batch %d",
                         r->name, max_arena / 1048576.0, batch);
        /* no generator: every value is read below, so nothing is drawn at random */
        if (st == AL_OK) {
            st = infer ? model_compile_inference(net, batch, mc.max_t, NULL, &e)
                       : model_compile(net, &o, batch, NULL, &e);
            if (st != AL_OK)
                st = al_fail(err, st == AL_ENOMEM ? AL_ENOMEM : AL_EFORMAT, "%s: %s", r->name,
                             e.msg);
        }
        if (st == AL_OK) {
            in_f32s(&pin, net->values, net->param_floats);
            if (!infer) {
                in_f32s(&oin, net->m, net->param_floats);
                in_f32s(&oin, net->v, net->param_floats);
            }
            net->step = step;
            net->optim_step = infer ? 0 : ostep;
            if (infer && mc.kind == 1) /* the optimizer it would train on, for summary */
                net->optim = o;
        }
    } else if (st == AL_OK && (ckpt_find(r, "PARM") || ckpt_find(r, "OPTM"))) {
        st = al_fail(err, AL_EFORMAT, "%s: parameters stored for a model marked not compiled",
                     r->name);
    }
    if (st != AL_OK) {
        model_free(net);
        tok_free(tok);
        return st;
    }
    *out = net;
    *tok_out = tok;
    return AL_OK;
}
