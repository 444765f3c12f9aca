/* model.c: building a layer stack and compiling it into one arena. The forward and backward
 * passes live in model_run.c. */
#include "nn/model.h"

#include "core/memory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/layer_kind.h"
#include "nn/model_internal.h"

struct model *model_new(int vocab, int context)
{
    if (vocab < 1 || context < 1)
        return NULL;
    struct model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->vocab = vocab;
    m->context = context;
    m->max_t = context;
    m->threads = 1;
    m->world = replica_of(NULL, 0);
    return m;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    parallel_free(m);
    arena_free(&m->arena);
    free(m->layers);
    free(m->params);
    free(m);
}

static int count_kind(const struct model *m, enum layer_kind k)
{
    int n = 0;
    for (int i = 0; i < m->nlayers; i++)
        n += m->layers[i].cfg.kind == k;
    return n;
}

/* The checks of model_add that depend on the layer's place in the stack, then the kind's. */
static enum al_status check_placement(const struct model *m, struct layer_config *cfg, int in_width,
                                      struct al_error *err)
{
    const struct layer_kind_desc *d = layer_kind(cfg->kind);
    if (!d)
        return al_fail(err, AL_EINVAL, "unknown layer kind");
    if (m->nlayers > 0) {
        enum layer_kind last = m->layers[m->nlayers - 1].cfg.kind;
        if (layer_kinds[last]->flags & LAYER_ENDS)
            return al_fail(err, AL_ESHAPE, "nothing can follow the %s layer",
                           layer_kind_name(last));
    }
    if ((d->flags & LAYER_READS_TOKENS) && m->nlayers > 0)
        return al_fail(err, AL_ESHAPE, "an %s layer must come first", d->word);
    if (!(d->flags & LAYER_READS_TOKENS) && m->nlayers == 0)
        return al_fail(err, AL_ESHAPE,
                       "the first layer must be an embedding (it reads tokens), "
                       "not %s",
                       d->word);
    if ((d->flags & LAYER_ONCE) && count_kind(m, cfg->kind) > 0)
        return al_fail(err, AL_ESHAPE, "the model has a %s layer already", d->word);
    if (cfg->tie && m->nlayers > 0 && m->layers[0].out_width != in_width)
        return al_fail(err, AL_ESHAPE,
                       "tie=on uses the embedding's weight, of width %d, but "
                       "the %s layer's input has width %d",
                       m->layers[0].out_width, d->word, in_width);
    return d->configure ? d->configure(cfg, in_width, err) : AL_OK;
}

static enum al_status grow(void **array, int *cap, int need, size_t elem, struct al_error *err)
{
    if (need <= *cap)
        return AL_OK;
    int ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *p = realloc(*array, (size_t)ncap * elem);
    if (!p)
        return al_fail(err, AL_ENOMEM, "out of memory while adding a layer");
    *array = p;
    *cap = ncap;
    return AL_OK;
}

enum al_status model_add(struct model *m, const struct layer_config *cfg, struct al_error *err)
{
    if (m->compiled)
        return al_fail(err, AL_ESTATE, "the model is compiled; layers can no longer be added");
    int in_width = m->nlayers ? m->layers[m->nlayers - 1].out_width : 0;
    struct layer_config c = *cfg; /* the kind may fill in defaults */
    enum al_status st = check_placement(m, &c, in_width, err);
    if (st != AL_OK)
        return st;
    const struct layer_kind_desc *d = layer_kinds[c.kind];
    struct param_spec specs[LAYER_MAX_PARAMS];
    int nspecs = d->params ? d->params(&c, in_width, m->vocab, m->context, specs) : 0;
    if (grow((void **)&m->layers, &m->layer_cap, m->nlayers + 1, sizeof *m->layers, err) ||
        grow((void **)&m->params, &m->param_cap, m->nparams + nspecs, sizeof *m->params, err))
        return AL_ENOMEM;

    struct layer *l = &m->layers[m->nlayers];
    memset(l, 0, sizeof *l);
    l->cfg = c;
    l->in_width = in_width;
    l->out_width = d->out_width ? d->out_width(&c, in_width, m->vocab) : in_width;
    l->param0 = m->nparams;
    l->nparams = nspecs;
    /* a kind there is one of is named by its word alone: "embedding", but "block2" */
    if (d->flags & (LAYER_READS_TOKENS | LAYER_ONCE | LAYER_ENDS))
        snprintf(l->name, sizeof l->name, "%s", d->word);
    else
        snprintf(l->name, sizeof l->name, "%s%d", d->word, count_kind(m, c.kind) + 1);
    for (int k = 0; k < nspecs; k++) {
        struct param *p = &m->params[m->nparams++];
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "%.23s.%.31s", l->name, specs[k].name);
        p->rows = specs[k].rows;
        p->cols = specs[k].cols;
        p->init = specs[k].init;
        p->init_scale = specs[k].init_scale;
        p->layer = m->nlayers;
        p->offset = m->param_floats;
        m->param_floats += (size_t)p->rows * p->cols;
    }
    m->nlayers++;
    return AL_OK;
}

enum al_status model_check_complete(const struct model *m, struct al_error *err)
{
    if (m->nlayers == 0)
        return al_fail(err, AL_ESTATE, "the model has no layers");
    enum layer_kind last = m->layers[m->nlayers - 1].cfg.kind;
    if (!(layer_kinds[last]->flags & LAYER_ENDS))
        return al_fail(err, AL_ESTATE,
                       "the model must end with an output layer (or classify), not %s",
                       layer_kind_name(last));
    return AL_OK;
}

size_t model_layer_param_count(const struct model *m, int layer)
{
    const struct layer *l = &m->layers[layer];
    size_t n = 0;
    for (int k = 0; k < l->nparams; k++)
        n += (size_t)m->params[l->param0 + k].rows * m->params[l->param0 + k].cols;
    return n;
}

int model_is_classifier(const struct model *m)
{
    return m->nlayers > 0 &&
           (layer_kinds[m->layers[m->nlayers - 1].cfg.kind]->flags & LAYER_POOLS) != 0;
}

int model_output_rows(const struct model *m, int b, int t)
{
    return model_is_classifier(m) ? b : b * t;
}

int model_output_width(const struct model *m)
{
    return m->nlayers ? m->layers[m->nlayers - 1].out_width : 0;
}

/* Carves a layer's output and buffers for batches up to [b,t]; with a measuring arena, only
 * counts. */
static void carve_layer(struct layer *l, struct arena *a, int b, int t, int context)
{
    const struct layer_kind_desc *d = layer_kinds[l->cfg.kind];
    size_t rows = d->flags & LAYER_POOLS ? (size_t)b : (size_t)b * t;
    l->out = arena_floats(a, rows * l->out_width);
    size_t sizes[LAYER_MAX_BUFFERS];
    int n = d->buffers ? d->buffers(l, b, t, context, sizes) : 0;
    for (int k = 0; k < n; k++)
        l->buf[k] = arena_floats(a, sizes[k]);
}

/* Lays out the whole compiled model in a (measuring or real) arena. */
static void layout(struct model *m, struct arena *a, int b)
{
    int t = m->max_t;
    size_t pf = m->param_floats;
    m->values = arena_floats(a, pf);
    m->grads = m->inference ? NULL : arena_floats(a, pf);
    m->m = m->inference ? NULL : arena_floats(a, pf);
    m->v = m->inference ? NULL : arena_floats(a, pf);
    int widest = 1;
    for (int i = 0; i < m->nlayers; i++) {
        struct layer *l = &m->layers[i];
        if (l->out_width > widest)
            widest = l->out_width;
        if (l->in_width > widest)
            widest = l->in_width;
        l->inference = m->inference;
        carve_layer(l, a, b, t, m->context);
    }
    m->probs = arena_floats(a, (size_t)b * t * model_output_width(m));
    m->dbuf[0] = m->inference ? NULL : arena_floats(a, (size_t)b * t * widest);
    m->dbuf[1] = m->inference ? NULL : arena_floats(a, (size_t)b * t * widest);
}

double model_arena_bytes(const struct model *m, int max_batch, int inference, int max_t)
{
    struct layer *layers = malloc(sizeof *layers * (size_t)(m->nlayers ? m->nlayers : 1));
    if (!layers)
        return INFINITY;
    memcpy(layers, m->layers, sizeof *layers * (size_t)m->nlayers);
    struct model trial = *m;
    trial.layers = layers;
    trial.inference = inference;
    trial.max_t = max_t > 0 && max_t < m->context ? max_t : m->context;
    struct arena a;
    arena_init_measure(&a);
    layout(&trial, &a, max_batch);
    free(layers);
    return (double)a.used;
}

static void init_param(struct param *p, struct rng *rng)
{
    size_t n = (size_t)p->rows * p->cols;
    float limit = sqrtf(6.0f / (float)(p->rows + p->cols));
    for (size_t k = 0; k < n; k++) {
        switch (p->init) {
        case INIT_ZERO: p->value[k] = 0.0f; break;
        case INIT_ONE: p->value[k] = 1.0f; break;
        case INIT_NORMAL: p->value[k] = p->init_scale * rng_normal(rng); break;
        case INIT_GLOROT: p->value[k] = (2.0f * rng_uniform(rng) - 1.0f) * limit; break;
        case INIT_FORGET_BIAS: /* gates i,f,g,o: the forget gate starts open (Keras) */
            p->value[k] = k >= n / 4 && k < n / 2 ? 1.0f : 0.0f;
            break;
        }
    }
}

static void bind_params(struct model *m)
{
    for (int k = 0; k < m->nparams; k++) {
        m->params[k].value = m->values + m->params[k].offset;
        m->params[k].grad = m->grads ? m->grads + m->params[k].offset : NULL;
    }
}

static enum al_status compile(struct model *m, const struct optim_config *opt, int max_batch,
                              int inference, int max_t, size_t limit, struct rng *rng,
                              struct al_error *err)
{
    enum al_status st = model_check_complete(m, err);
    if (st != AL_OK)
        return st;
    if (max_batch < 1 || max_batch > 1 << 16)
        return al_fail(err, AL_EINVAL, "batch must be between 1 and 65536, not %d", max_batch);
    if (!(opt->lr > 0.0f) || !isfinite(opt->lr))
        return al_fail(err, AL_EINVAL, "the learning rate must be positive");
    /* Lay out into scratch copies of the layers so that a failure changes nothing. */
    struct layer *layers = malloc(sizeof *layers * (size_t)m->nlayers);
    if (!layers)
        return al_fail(err, AL_ENOMEM, "out of memory");
    memcpy(layers, m->layers, sizeof *layers * (size_t)m->nlayers);
    struct model trial = *m;
    trial.layers = layers;
    trial.inference = inference;
    trial.max_t = max_t > 0 && max_t < m->context ? max_t : m->context;
    struct arena a;
    arena_init_measure(&a);
    layout(&trial, &a, max_batch);
    if (limit && a.used > limit) { /* before the arena exists: nothing is touched yet */
        free(layers);
        char need[32], have[32];
        memory_format(a.used, need, sizeof need);
        memory_format(limit, have, sizeof have);
        return al_fail(err, AL_ENOMEM,
                       "the model needs %s for batches of %d, more than the memory limit of %s "
                       "(a smaller batch or model, or set memory_limit=MB)",
                       need, max_batch, have);
    }
    if (arena_init(&a, a.used, err) != AL_OK) {
        free(layers);
        return AL_ENOMEM;
    }
    layout(&trial, &a, max_batch);
    /* every float of the parameters is written (by initialisation or a loader) and a
     * training step walks the whole arena, activations included; inference touches only part
     * of its caches (advising them cost GPT-2 small 145 MB of resident memory) */
    if (inference)
        memory_advise_dense(trial.values, sizeof(float) * m->param_floats);
    else
        memory_advise_dense(a.base, a.used);
    if (m->compiled)
        memcpy(trial.values, m->values, sizeof(float) * m->param_floats);
    /* commit */
    arena_free(&m->arena);
    free(m->layers);
    *m = trial;
    m->arena = a;
    bind_params(m);
    if (!m->compiled && rng) /* no rng: the caller sets every value (an importer) */
        for (int k = 0; k < m->nparams; k++)
            init_param(&m->params[k], rng);
    for (int i = 0; i < m->nlayers; i++)
        if (layer_kinds[m->layers[i].cfg.kind]->init)
            layer_kinds[m->layers[i].cfg.kind]->init(&m->layers[i], m->context);
    m->compiled = 1;
    m->max_batch = max_batch;
    m->optim = *opt;
    m->optim_step = 0;
    m->last_b = m->last_t = 0;
    m->input_grad = NULL;
    m->cache_len = 0;
    /* the replicas follow the new layout (an inference compile trains nothing: the pool
     * alone); without memory for them, one thread */
    st = parallel_rebuild(m, err);
    if (st != AL_OK)
        m->threads = 1;
    return st;
}

enum al_status model_compile_within(struct model *m, const struct optim_config *opt, int max_batch,
                                    size_t limit, struct rng *rng, struct al_error *err)
{
    return compile(m, opt, max_batch, 0, 0, limit, rng, err);
}

enum al_status model_compile(struct model *m, const struct optim_config *opt, int max_batch,
                             struct rng *rng, struct al_error *err)
{
    return compile(m, opt, max_batch, 0, 0, 0, rng, err);
}

enum al_status model_compile_inference(struct model *m, int max_batch, int max_t, struct rng *rng,
                                       struct al_error *err)
{
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    return compile(m, &o, max_batch, 1, max_t, 0, rng, err);
}

struct param *model_find_param(struct model *m, const char *name)
{
    for (int k = 0; k < m->nparams; k++)
        if (strcmp(m->params[k].name, name) == 0)
            return &m->params[k];
    return NULL;
}

/* Rebases every pointer into the arena from one base address to another. */
static float *rebase(float *p, const unsigned char *from, unsigned char *to)
{
    return p ? (float *)(to + ((const unsigned char *)p - from)) : NULL;
}

struct model *model_clone(const struct model *src)
{
    struct model *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    *m = *src;
    m->layers = malloc(sizeof *m->layers * (size_t)(src->layer_cap ? src->layer_cap : 1));
    m->params = malloc(sizeof *m->params * (size_t)(src->param_cap ? src->param_cap : 1));
    memset(&m->arena, 0, sizeof m->arena);
    if (!m->layers || !m->params ||
        (src->compiled && arena_init(&m->arena, src->arena.capacity, NULL) != AL_OK)) {
        free(m->layers);
        free(m->params);
        free(m);
        return NULL;
    }
    memcpy(m->layers, src->layers, sizeof *m->layers * (size_t)src->nlayers);
    memcpy(m->params, src->params, sizeof *m->params * (size_t)src->nparams);
    m->last_tokens = m->last_lengths = NULL;
    m->input_grad = NULL;
    m->par = NULL; /* the copy builds its own replicas below */
    if (!src->compiled)
        return m;
    const unsigned char *from = src->arena.base;
    unsigned char *to = m->arena.base;
    memcpy(to, from, src->arena.used);
    m->arena.used = src->arena.used;
    /* Every float pointer of the model and its layers lies in the arena: rebase them all. */
    m->values = rebase(src->values, from, to);
    m->grads = rebase(src->grads, from, to);
    m->m = rebase(src->m, from, to);
    m->v = rebase(src->v, from, to);
    m->probs = rebase(src->probs, from, to);
    m->dbuf[0] = rebase(src->dbuf[0], from, to);
    m->dbuf[1] = rebase(src->dbuf[1], from, to);
    for (int i = 0; i < m->nlayers; i++) {
        struct layer *l = &m->layers[i];
        l->out = rebase(l->out, from, to);
        for (int k = 0; k < LAYER_MAX_BUFFERS; k++)
            l->buf[k] = rebase(l->buf[k], from, to);
    }
    bind_params(m);
    if (parallel_rebuild(m, NULL) != AL_OK) {
        model_free(m);
        return NULL;
    }
    return m;
}

double model_train_flops(const struct model *m, int b, int t)
{
    double flops = 0.0;
    for (int i = 0; i < m->nlayers; i++) {
        const struct layer *l = &m->layers[i];
        const struct layer_kind_desc *d = layer_kinds[l->cfg.kind];
        if (d->flops)
            flops += d->flops(l, b, t);
    }
    return flops;
}
