/* model_run.c: the forward pass, the backward pass in exactly the reverse order, and the
 * training step. Nothing here allocates: every buffer was carved at compile time. */
#include "nn/model.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "nn/dropout.h"
#include "nn/embedding.h"
#include "nn/layernorm.h"
#include "nn/loss.h"
#include "nn/position.h"

_Static_assert(sizeof(union layer_buffers) % sizeof(float *) == 0,
               "layer buffers must be float pointers only (model_clone rebases them)");

static float *pv(const struct model *m, const struct layer *l, int k)
{
    return m->params[l->param0 + k].value;
}

static float *pg(const struct model *m, const struct layer *l, int k)
{
    return m->params[l->param0 + k].grad;
}

static struct attn_params attn_params_at(const struct model *m, const struct layer *l, int k0)
{
    return (struct attn_params){pv(m, l, k0), pv(m, l, k0 + 1), pv(m, l, k0 + 2),
                                pv(m, l, k0 + 3), pg(m, l, k0), pg(m, l, k0 + 1),
                                pg(m, l, k0 + 2), pg(m, l, k0 + 3)};
}

static struct mlp_params mlp_params_at(const struct model *m, const struct layer *l, int k0)
{
    return (struct mlp_params){pv(m, l, k0), pv(m, l, k0 + 1), pv(m, l, k0 + 2),
                               pv(m, l, k0 + 3), pg(m, l, k0), pg(m, l, k0 + 1),
                               pg(m, l, k0 + 2), pg(m, l, k0 + 3)};
}

/* Block parameters in the order of layer_table.c: ln1.w ln1.b attn(4) ln2.w ln2.b mlp(4). */
static struct block_params block_params_at(const struct model *m, const struct layer *l)
{
    return (struct block_params){
        .ln1_w = pv(m, l, 0), .ln1_b = pv(m, l, 1), .dln1_w = pg(m, l, 0),
        .dln1_b = pg(m, l, 1), .attn = attn_params_at(m, l, 2), .ln2_w = pv(m, l, 6),
        .ln2_b = pv(m, l, 7), .dln2_w = pg(m, l, 6), .dln2_b = pg(m, l, 7),
        .mlp = mlp_params_at(m, l, 8)};
}

/* Sequence end (exclusive) of batch row i for pooling. */
static int seq_len(const struct model *m, int i, int t)
{
    if (!m->last_lengths)
        return t;
    int n = m->last_lengths[i];
    return n < 1 ? 1 : n > t ? t : n;
}

static void classify_forward(struct model *m, struct layer *l, const float *in, int b, int t)
{
    int c = l->in_width;
    float *pooled = l->bf.classify.pooled;
    for (int i = 0; i < b; i++) {
        int n = seq_len(m, i, t);
        float *p = pooled + (size_t)i * c;
        const float *x = in + (size_t)i * t * c;
        if (l->cfg.pool == POOL_LAST) {
            memcpy(p, x + (size_t)(n - 1) * c, sizeof(float) * (size_t)c);
            continue;
        }
        vec_zero(p, (size_t)c);
        for (int s = 0; s < n; s++)
            vec_add(p, x + (size_t)s * c, (size_t)c);
        for (int j = 0; j < c; j++)
            p[j] /= (float)n;
    }
    dense_forward(l->out, pooled, pv(m, l, 0), pv(m, l, 1), b, c, l->out_width);
}

static void classify_backward(struct model *m, struct layer *l, float *din, const float *dout,
                              int b, int t)
{
    int c = l->in_width;
    float *dp = l->bf.classify.dpooled;
    dense_backward(dp, pg(m, l, 0), pg(m, l, 1), dout, l->bf.classify.pooled, pv(m, l, 0), b, c,
                   l->out_width);
    if (!din)
        return;
    vec_zero(din, (size_t)b * t * c);
    for (int i = 0; i < b; i++) {
        int n = seq_len(m, i, t);
        const float *d = dp + (size_t)i * c;
        float *x = din + (size_t)i * t * c;
        if (l->cfg.pool == POOL_LAST) {
            memcpy(x + (size_t)(n - 1) * c, d, sizeof(float) * (size_t)c);
            continue;
        }
        for (int s = 0; s < n; s++)
            for (int j = 0; j < c; j++)
                x[(size_t)s * c + j] = d[j] / (float)n;
    }
}

static void layer_forward(struct model *m, struct layer *l, const float *in, int b, int t,
                          int training, struct rng *rng)
{
    int n = b * t, c = l->in_width, u = l->cfg.units;
    union layer_buffers *bf = &l->bf;
    switch (l->cfg.kind) {
    case LAYER_EMBEDDING:
        embedding_forward(l->out, m->last_tokens, pv(m, l, 0), n, l->out_width);
        break;
    case LAYER_POSITION: {
        const float *table =
            l->cfg.position == POSITION_LEARNED ? pv(m, l, 0) : bf->position.table;
        position_forward(l->out, in, table, b, t, c);
        break;
    }
    case LAYER_DENSE:
        dense_forward(bf->dense.pre, in, pv(m, l, 0), pv(m, l, 1), n, c, u);
        activation_forward(l->out, bf->dense.pre, (long)n * u, l->cfg.act);
        break;
    case LAYER_LAYERNORM:
        layernorm_forward(l->out, bf->norm.mean, bf->norm.rstd, in, pv(m, l, 0), pv(m, l, 1), n,
                          c);
        break;
    case LAYER_ATTENTION: {
        struct attn_params p = attn_params_at(m, l, 0);
        attn_layer_forward(l->out, &bf->attn, &p, in, b, t, c, l->cfg.heads,
                           !l->cfg.bidirectional);
        break;
    }
    case LAYER_MLP: {
        struct mlp_params p = mlp_params_at(m, l, 0);
        mlp_forward(l->out, &bf->mlp, &p, in, n, c, u);
        break;
    }
    case LAYER_BLOCK: {
        struct block_params p = block_params_at(m, l);
        block_forward(l->out, &bf->block, &p, in, b, t, c, l->cfg.heads, l->cfg.ff,
                      !l->cfg.bidirectional);
        break;
    }
    case LAYER_LSTM:
        lstm_forward(l->out, &bf->lstm.cache, in, pv(m, l, 0), pv(m, l, 1), pv(m, l, 2), b, t, c,
                     u);
        break;
    case LAYER_DROPOUT:
        if (training && l->cfg.rate > 0.0f)
            dropout_forward(l->out, bf->dropout.mask, in, (long)n * c, l->cfg.rate, rng);
        else { /* identity, and a mask of ones for a backward pass without training */
            memcpy(l->out, in, sizeof(float) * (size_t)n * c);
            for (long k = 0; k < (long)n * c; k++)
                bf->dropout.mask[k] = 1.0f;
        }
        break;
    case LAYER_OUTPUT:
        dense_forward(l->out, in, pv(m, l, 0), pv(m, l, 1), n, c, l->out_width);
        break;
    case LAYER_CLASSIFY:
        classify_forward(m, l, in, b, t);
        break;
    case LAYER_KIND_COUNT:
        break;
    }
}

/* din is NULL for the first layer after the embedding's input (tokens have no gradient). */
static void layer_backward(struct model *m, struct layer *l, float *din, const float *dout,
                           const float *in, int b, int t)
{
    int n = b * t, c = l->in_width, u = l->cfg.units;
    union layer_buffers *bf = &l->bf;
    switch (l->cfg.kind) {
    case LAYER_EMBEDDING:
        embedding_backward(pg(m, l, 0), dout, m->last_tokens, n, l->out_width);
        break;
    case LAYER_POSITION:
        position_backward(din, l->cfg.position == POSITION_LEARNED ? pg(m, l, 0) : NULL, dout, b,
                          t, c);
        break;
    case LAYER_DENSE: {
        /* out = act(pre): the activation's gradient goes into dout's buffer in place */
        float *dpre = (float *)dout;
        activation_backward(dpre, dout, bf->dense.pre, l->out, (long)n * u, l->cfg.act);
        dense_backward(din, pg(m, l, 0), pg(m, l, 1), dpre, in, pv(m, l, 0), n, c, u);
        break;
    }
    case LAYER_LAYERNORM:
        vec_zero(din, (size_t)n * c);
        layernorm_backward(din, pg(m, l, 0), pg(m, l, 1), dout, in, pv(m, l, 0), bf->norm.mean,
                           bf->norm.rstd, n, c);
        break;
    case LAYER_ATTENTION: {
        struct attn_params p = attn_params_at(m, l, 0);
        attn_layer_backward(din, &bf->attn, &p, dout, in, b, t, c, l->cfg.heads,
                            !l->cfg.bidirectional);
        break;
    }
    case LAYER_MLP: {
        struct mlp_params p = mlp_params_at(m, l, 0);
        mlp_backward(din, &bf->mlp, &p, dout, in, n, c, u);
        break;
    }
    case LAYER_BLOCK: {
        struct block_params p = block_params_at(m, l);
        block_backward(din, &bf->block, &p, dout, in, b, t, c, l->cfg.heads, l->cfg.ff,
                       !l->cfg.bidirectional);
        break;
    }
    case LAYER_LSTM:
        lstm_backward(din, pg(m, l, 0), pg(m, l, 1), pg(m, l, 2), &bf->lstm.scratch, dout,
                      l->out, &bf->lstm.cache, in, pv(m, l, 0), pv(m, l, 1), b, t, c, u);
        break;
    case LAYER_DROPOUT:
        dropout_backward(din, dout, bf->dropout.mask, (long)n * c);
        break;
    case LAYER_OUTPUT:
        dense_backward(din, pg(m, l, 0), pg(m, l, 1), dout, in, pv(m, l, 0), n, c, l->out_width);
        break;
    case LAYER_CLASSIFY:
        classify_backward(m, l, din, dout, b, t);
        break;
    case LAYER_KIND_COUNT:
        break;
    }
}

static enum al_status check_batch(const struct model *m, const int32_t *tokens, int b, int t,
                                  struct al_error *err)
{
    if (!m->compiled)
        return al_fail(err, AL_ESTATE, "the model is not compiled");
    if (b < 1 || b > m->max_batch)
        return al_fail(err, AL_EINVAL, "batch %d is outside 1..%d (the compiled batch)", b,
                       m->max_batch);
    if (t < 1 || t > m->context)
        return al_fail(err, AL_EINVAL, "sequence length %d is outside 1..%d (the context)", t,
                       m->context);
    for (long k = 0; k < (long)b * t; k++)
        if (tokens[k] < 0 || tokens[k] >= m->vocab)
            return al_fail(err, AL_EINVAL, "token id %d is outside the vocabulary (0..%d)",
                           tokens[k], m->vocab - 1);
    return AL_OK;
}

enum al_status model_forward(struct model *m, const int32_t *tokens, const int32_t *lengths,
                             int b, int t, int training, struct rng *rng, float **logits,
                             struct al_error *err)
{
    enum al_status st = check_batch(m, tokens, b, t, err);
    if (st != AL_OK)
        return st;
    m->last_tokens = tokens;
    m->last_lengths = lengths;
    m->last_b = b;
    m->last_t = t;
    const float *in = NULL;
    for (int i = 0; i < m->nlayers; i++) {
        layer_forward(m, &m->layers[i], in, b, t, training, rng);
        in = m->layers[i].out;
    }
    if (logits)
        *logits = m->layers[m->nlayers - 1].out;
    return AL_OK;
}

static enum al_status check_targets(const struct model *m, const int32_t *targets, int rows,
                                    struct al_error *err)
{
    int width = model_output_width(m);
    for (int k = 0; k < rows; k++)
        if (targets[k] < 0 || targets[k] >= width)
            return al_fail(err, AL_EINVAL, "target %d is outside 0..%d", targets[k], width - 1);
    return AL_OK;
}

/* The loss of the last forward pass and its gradient, back-propagated into every layer. */
static struct loss_result loss_and_backward(struct model *m, const int32_t *targets)
{
    int b = m->last_b, t = m->last_t;
    int rows = model_output_rows(m, b, t), width = model_output_width(m);
    const float *logits = m->layers[m->nlayers - 1].out;
    struct loss_result r = cross_entropy_forward(m->probs, logits, targets, rows, width);
    vec_zero(m->grads, m->param_floats);
    int cur = 0;
    cross_entropy_backward(m->dbuf[cur], m->probs, targets, rows, width);
    for (int i = m->nlayers - 1; i >= 0; i--) {
        struct layer *l = &m->layers[i];
        const float *in = i > 0 ? m->layers[i - 1].out : NULL;
        float *din = i > 0 ? m->dbuf[1 - cur] : NULL;
        if (i == 0)
            m->input_grad = m->dbuf[cur];
        layer_backward(m, l, din, m->dbuf[cur], in, b, t);
        cur = 1 - cur;
    }
    return r;
}

enum al_status model_backward(struct model *m, const int32_t *targets, double *loss,
                              struct al_error *err)
{
    if (!m->compiled || m->last_b == 0)
        return al_fail(err, AL_ESTATE, "backward needs a forward pass first");
    enum al_status st =
        check_targets(m, targets, model_output_rows(m, m->last_b, m->last_t), err);
    if (st != AL_OK)
        return st;
    struct loss_result r = loss_and_backward(m, targets);
    if (loss)
        *loss = r.loss;
    return AL_OK;
}

enum al_status model_train_step(struct model *m, const int32_t *tokens, const int32_t *targets,
                                const int32_t *lengths, int b, int t, struct rng *rng,
                                struct step_stats *stats, struct al_error *err)
{
    enum al_status st = model_forward(m, tokens, lengths, b, t, 1, rng, NULL, err);
    if (st != AL_OK)
        return st;
    int rows = model_output_rows(m, b, t);
    st = check_targets(m, targets, rows, err);
    if (st != AL_OK)
        return st;
    struct loss_result r = loss_and_backward(m, targets);
    double loss = r.loss;
    double norm = grad_global_norm(m->grads, m->param_floats);
    if (!isfinite(loss) || !isfinite(norm))
        return al_fail(err, AL_ENUMERIC,
                       "non-finite %s at step %ld (loss %g, gradient norm %g); the parameters "
                       "were left as they were",
                       isfinite(loss) ? "gradient" : "loss", m->step + 1, loss, norm);
    grad_clip(m->grads, m->param_floats, norm, m->optim.clip);
    m->step++;
    m->optim_step++;
    optim_update(&m->optim, m->values, m->grads, m->m, m->v, m->param_floats, m->optim_step);
    if (stats) {
        stats->loss = loss;
        stats->accuracy = (double)r.correct / rows;
        stats->grad_norm = norm;
        stats->lr = optim_lr_at(&m->optim, m->optim_step);
        stats->step = m->step;
    }
    return AL_OK;
}

enum al_status model_evaluate(struct model *m, const int32_t *tokens, const int32_t *targets,
                              const int32_t *lengths, int b, int t, struct step_stats *stats,
                              struct al_error *err)
{
    float *logits;
    enum al_status st = model_forward(m, tokens, lengths, b, t, 0, NULL, &logits, err);
    if (st != AL_OK)
        return st;
    int rows = model_output_rows(m, b, t), width = model_output_width(m);
    st = check_targets(m, targets, rows, err);
    if (st != AL_OK)
        return st;
    struct loss_result r = cross_entropy_forward(m->probs, logits, targets, rows, width);
    memset(stats, 0, sizeof *stats);
    stats->loss = r.loss;
    stats->accuracy = (double)r.correct / rows;
    stats->step = m->step;
    return AL_OK;
}

const float *model_input_grad(const struct model *m)
{
    return m->input_grad;
}

const float *model_attention_probs(const struct model *m, int layer, int *heads)
{
    if (layer < 0 || layer >= m->nlayers || !m->compiled)
        return NULL;
    const struct layer *l = &m->layers[layer];
    if (heads)
        *heads = l->cfg.heads;
    if (l->cfg.kind == LAYER_ATTENTION)
        return l->bf.attn.att;
    if (l->cfg.kind == LAYER_BLOCK)
        return l->bf.block.attn.att;
    return NULL;
}
