/* model_run.c: the forward pass, the backward pass in exactly the reverse order, and the
 * training step. Nothing here allocates: every buffer was carved at compile time. */
#include "nn/model.h"

#include <math.h>
#include <string.h>

#include "core/kernels.h"
#include "core/matmul.h"
#include "nn/layer_kind.h"
#include "nn/loss.h"
#include "nn/model_internal.h"

enum al_status model_check_batch(const struct model *m, const int32_t *tokens, int b, int t,
                                 struct al_error *err)
{
    if (!m->compiled)
        return al_fail(err, AL_ESTATE, "the model is not compiled");
    if (b < 1 || b > m->max_batch)
        return al_fail(err, AL_EINVAL, "batch %d is outside 1..%d (the compiled batch)", b,
                       m->max_batch);
    if (t < 1 || t > m->max_t)
        return al_fail(err, AL_EINVAL, "sequence length %d is outside 1..%d (%s)", t, m->max_t,
                       m->max_t < m->context ? "the positions one pass of this inference "
                                               "compile holds"
                                             : "the context");
    for (long k = 0; k < (long)b * t; k++)
        if (tokens[k] < 0 || tokens[k] >= m->vocab)
            return al_fail(err, AL_EINVAL, "token id %d is outside the vocabulary (0..%d)",
                           tokens[k], m->vocab - 1);
    return AL_OK;
}

/* The check of model_check_outputs on the n floats at out. */
static enum al_status check_values(const float *out, size_t n, struct al_error *err)
{
    float largest = 0.0f;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(out[i]))
            return al_fail(err, AL_ENUMERIC,
                           "the model has diverged: its outputs are not "
                           "finite (NaN or inf); " MODEL_DIVERGED_ADVICE);
        largest = fabsf(out[i]) > largest ? fabsf(out[i]) : largest;
    }
    if (largest > MODEL_OUTPUT_LIMIT)
        return al_fail(err, AL_ENUMERIC,
                       "the model has diverged: its outputs reach %.3g, too "
                       "large to mean anything; " MODEL_DIVERGED_ADVICE,
                       largest);
    return AL_OK;
}

enum al_status model_check_outputs(const struct model *m, int rows, struct al_error *err)
{
    return check_values(m->layers[m->nlayers - 1].out, (size_t)rows * model_output_width(m), err);
}

enum al_status model_forward(struct model *m, const int32_t *tokens, const int32_t *lengths, int b,
                             int t, int training, struct rng *rng, float **logits,
                             struct al_error *err)
{
    enum al_status st = model_check_batch(m, tokens, b, t, err);
    if (st != AL_OK)
        return st;
    m->cache_len = 0; /* the attention layers' buffers no longer hold the cached positions */
    if (parallel_batches(m) && m->threads > 1 && b > 1)
        parallel_forward(m, tokens, lengths, b, t, training, rng);
    else
        model_forward_unchecked(m, tokens, lengths, b, t, training, rng);
    if (logits)
        *logits = m->layers[m->nlayers - 1].out;
    return model_check_outputs(m, model_output_rows(m, b, t), err);
}

void model_forward_unchecked(struct model *m, const int32_t *tokens, const int32_t *lengths, int b,
                             int t, int training, struct rng *rng)
{
    m->last_tokens = tokens;
    m->last_lengths = lengths;
    m->last_b = b;
    m->last_t = t;
    struct layer_pass ps = {.b = b,
                            .t = t,
                            .training = training,
                            .rng = rng,
                            .tokens = tokens,
                            .lengths = lengths,
                            .embedding = &m->params[m->layers[0].param0]};
    const float *in = NULL;
    for (int i = 0; i < m->nlayers; i++) {
        struct layer *l = &m->layers[i];
        layer_kinds[l->cfg.kind]->forward(l, &m->params[l->param0], in, &ps);
        in = l->out;
    }
}

int model_can_cache(const struct model *m)
{
    if (model_is_classifier(m))
        return 0;
    for (int i = 0; i < m->nlayers; i++) {
        const struct layer_kind_desc *d = layer_kinds[m->layers[i].cfg.kind];
        if ((d->flags & LAYER_RECURRENT) || (d->attention && m->layers[i].cfg.bidirectional))
            return 0;
    }
    return 1;
}

/* Positions pos0..pos0+n-1 through the cache; the last layer computes rows first_out.. */
static enum al_status forward_cached(struct model *m, const int32_t *tokens, int n, int pos0,
                                     int first_out, struct al_error *err)
{
    if (!model_can_cache(m))
        return al_fail(err, AL_ESTATE,
                       "this model cannot generate with a cache (an LSTM or "
                       "bidirectional attention sees more than the past)");
    if (pos0 < 0 || pos0 > m->cache_len)
        return al_fail(err, AL_EINVAL, "position %d is past the %d cached positions", pos0,
                       m->cache_len);
    if (n < 1 || pos0 + n > m->context || n > m->max_t)
        return al_fail(err, AL_EINVAL,
                       "%d new tokens after %d do not fit the context of %d "
                       "(at most %d at once)",
                       n, pos0, m->context, m->max_t);
    enum al_status st = model_check_batch(m, tokens, 1, n, err);
    if (st != AL_OK)
        return st;
    struct layer_pass ps = {.b = 1,
                            .t = n,
                            .tokens = tokens,
                            .cached = 1,
                            .pos0 = pos0,
                            .first_out = first_out,
                            .embedding = &m->params[m->layers[0].param0]};
    const float *in = NULL;
    /* one sequence: no batch to split, but the big products of one position are split by
     * output columns over the model's threads */
    mm_set_pool(parallel_pool(m));
    for (int i = 0; i < m->nlayers; i++) {
        struct layer *l = &m->layers[i];
        layer_kinds[l->cfg.kind]->forward(l, &m->params[l->param0], in, &ps);
        in = l->out;
    }
    mm_set_pool(NULL);
    m->cache_len = pos0 + n;
    m->last_b = 0; /* no backward after this pass */
    return AL_OK;
}

enum al_status model_forward_cached(struct model *m, const int32_t *tokens, int n, int pos0,
                                    float **logits, struct al_error *err)
{
    enum al_status st = forward_cached(m, tokens, n, pos0, 0, err);
    if (st != AL_OK)
        return st;
    *logits = m->layers[m->nlayers - 1].out;
    return model_check_outputs(m, n, err); /* generation's divergence check, as uncached */
}

enum al_status model_forward_cached_last(struct model *m, const int32_t *tokens, int n, int pos0,
                                         float **logits, struct al_error *err)
{
    enum al_status st = forward_cached(m, tokens, n, pos0, n - 1, err);
    if (st != AL_OK)
        return st;
    *logits = m->layers[m->nlayers - 1].out + (size_t)(n - 1) * model_output_width(m);
    return check_values(*logits, (size_t)model_output_width(m), err);
}

enum al_status model_check_targets(const struct model *m, const int32_t *targets, int rows,
                                   struct al_error *err)
{
    int width = model_output_width(m);
    for (int k = 0; k < rows; k++)
        if (targets[k] < 0 || targets[k] >= width)
            return al_fail(err, AL_EINVAL, "target %d is outside 0..%d", targets[k], width - 1);
    return AL_OK;
}

struct loss_result model_loss_backward(struct model *m, const int32_t *targets, int total_rows)
{
    int b = m->last_b, t = m->last_t;
    struct layer_pass ps = {.b = b,
                            .t = t,
                            .tokens = m->last_tokens,
                            .lengths = m->last_lengths,
                            .embedding = &m->params[m->layers[0].param0]};
    int rows = model_output_rows(m, b, t), width = model_output_width(m);
    const float *logits = m->layers[m->nlayers - 1].out;
    struct loss_result r = cross_entropy_forward(m->probs, logits, targets, rows, width);
    vec_zero(m->grads, m->param_floats);
    int cur = 0;
    cross_entropy_backward_part(m->dbuf[cur], m->probs, targets, rows, width, total_rows);
    for (int i = m->nlayers - 1; i >= 0; i--) {
        struct layer *l = &m->layers[i];
        const float *in = i > 0 ? m->layers[i - 1].out : NULL;
        float *din = i > 0 ? m->dbuf[1 - cur] : NULL;
        if (i == 0)
            m->input_grad = m->dbuf[cur];
        layer_kinds[l->cfg.kind]->backward(l, &m->params[l->param0], din, m->dbuf[cur], in, &ps);
        cur = 1 - cur;
    }
    return r;
}

enum al_status model_backward(struct model *m, const int32_t *targets, double *loss,
                              struct al_error *err)
{
    if (m->inference)
        return al_fail(err, AL_ESTATE,
                       "the model was compiled for inference only (no "
                       "gradients): compile it to train");
    if (!m->compiled || m->last_b == 0)
        return al_fail(err, AL_ESTATE, "backward needs a forward pass first");
    enum al_status st =
        model_check_targets(m, targets, model_output_rows(m, m->last_b, m->last_t), err);
    if (st != AL_OK)
        return st;
    struct loss_result r =
        model_loss_backward(m, targets, model_output_rows(m, m->last_b, m->last_t));
    if (loss)
        *loss = r.loss;
    return AL_OK;
}

enum al_status model_train_step(struct model *m, const int32_t *tokens, const int32_t *targets,
                                const int32_t *lengths, int b, int t, struct rng *rng,
                                struct step_stats *stats, struct al_error *err)
{
    if (m->inference)
        return al_fail(err, AL_ESTATE,
                       "the model was compiled for inference only (no "
                       "gradients or optimizer state): compile it to train");
    enum al_status st = model_check_batch(m, tokens, b, t, err);
    int rows = model_output_rows(m, b, t);
    if (st == AL_OK)
        st = model_check_targets(m, targets, rows, err);
    if (st != AL_OK)
        return st;
    if (parallel_batches(m) && b > 1)
        return parallel_train_step(m, tokens, targets, lengths, b, t, rng, stats, err);
    model_forward_unchecked(m, tokens, lengths, b, t, 1, rng);
    struct loss_result r = model_loss_backward(m, targets, rows);
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
    enum al_status st = model_check_batch(m, tokens, b, t, err);
    int rows = model_output_rows(m, b, t), width = model_output_width(m);
    if (st == AL_OK)
        st = model_check_targets(m, targets, rows, err);
    if (st != AL_OK)
        return st;
    struct loss_result r;
    if (parallel_batches(m) && b > 1) {
        r = parallel_evaluate(m, tokens, targets, lengths, b, t);
    } else {
        model_forward_unchecked(m, tokens, lengths, b, t, 0, NULL);
        r = cross_entropy_forward(m->probs, m->layers[m->nlayers - 1].out, targets, rows, width);
    }
    if ((st = model_check_outputs(m, rows, err)) != AL_OK)
        return st;
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
    const struct layer_kind_desc *d = layer_kinds[l->cfg.kind];
    return d->attention ? d->attention(l) : NULL;
}
