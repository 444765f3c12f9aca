/* optim.c: parameter updates, clipping and schedules. */
#include "nn/optim.h"

#include <math.h>

#include "core/kernels.h"

void optim_config_default(struct optim_config *c, enum optim_kind kind)
{
    *c = (struct optim_config){
        .kind = kind,
        .lr = kind == OPTIM_SGD ? 0.1f : 1e-3f,
        .beta1 = 0.9f,
        .beta2 = 0.999f,
        .eps = 1e-8f,
        .momentum = kind == OPTIM_SGD ? 0.9f : 0.0f,
        .weight_decay = kind == OPTIM_ADAMW ? 0.01f : 0.0f,
        .clip = 0.0f,
        .schedule = SCHEDULE_CONSTANT,
        .warmup = 0,
        .decay_steps = 0,
        .min_lr = 0.0f,
    };
}

const char *const optim_kind_words[] = {
    [OPTIM_SGD] = "sgd", [OPTIM_ADAM] = "adam", [OPTIM_ADAMW] = "adamw", [OPTIM_KIND_COUNT] = NULL};
_Static_assert(sizeof optim_kind_words / sizeof optim_kind_words[0] == OPTIM_KIND_COUNT + 1,
               "one word per optimizer kind");

const char *const schedule_kind_words[] = {
    [SCHEDULE_CONSTANT] = "constant", [SCHEDULE_COSINE] = "cosine", [SCHEDULE_KIND_COUNT] = NULL};
_Static_assert(sizeof schedule_kind_words / sizeof schedule_kind_words[0] ==
                   SCHEDULE_KIND_COUNT + 1,
               "one word per schedule kind");

const char *optim_kind_name(enum optim_kind k)
{
    return (unsigned)k < OPTIM_KIND_COUNT ? optim_kind_words[k] : "?";
}

float optim_lr_at(const struct optim_config *c, long step)
{
    if (c->schedule == SCHEDULE_CONSTANT)
        return c->lr;
    if (step <= c->warmup)
        return c->lr * (float)step / (float)c->warmup;
    if (step >= c->decay_steps)
        return c->min_lr;
    double progress = (double)(step - c->warmup) / (double)(c->decay_steps - c->warmup);
    double cosine = 0.5 * (1.0 + cos(M_PI * progress));
    return (float)(c->min_lr + cosine * (c->lr - c->min_lr));
}

double grad_global_norm(const float *grads, size_t n)
{
    return sqrt(vec_sumsq(grads, n));
}

float grad_clip(float *grads, size_t n, double norm, float max_norm)
{
    if (max_norm <= 0.0f || norm <= max_norm)
        return 1.0f;
    float scale = (float)(max_norm / (norm + 1e-6));
    for (size_t k = 0; k < n; k++)
        grads[k] *= scale;
    return scale;
}

static void sgd_update(const struct optim_config *c, float lr, float *p, const float *g, float *buf,
                       size_t n)
{
    for (size_t k = 0; k < n; k++) {
        float grad = g[k] + c->weight_decay * p[k];
        buf[k] = c->momentum * buf[k] + grad; /* buf starts at 0, so buf_1 = g_1 */
        p[k] -= lr * buf[k];
    }
}

KERNEL_CLONES
static void adam_update(const struct optim_config *c, float lr, float *p, const float *g, float *m,
                        float *v, size_t n, long step, int decoupled)
{
    float c1 = 1.0f - powf(c->beta1, (float)step);
    float c2 = 1.0f - powf(c->beta2, (float)step);
    for (size_t k = 0; k < n; k++) {
        float grad = g[k];
        if (decoupled)
            p[k] -= lr * c->weight_decay * p[k];
        else
            grad += c->weight_decay * p[k];
        m[k] = c->beta1 * m[k] + (1.0f - c->beta1) * grad;
        v[k] = c->beta2 * v[k] + (1.0f - c->beta2) * grad * grad;
        float mhat = m[k] / c1, vhat = v[k] / c2;
        p[k] -= lr * mhat / (sqrtf(vhat) + c->eps);
    }
}

void optim_update(const struct optim_config *c, float *params, const float *grads, float *m,
                  float *v, size_t n, long step)
{
    float lr = optim_lr_at(c, step);
    switch (c->kind) {
    case OPTIM_SGD: sgd_update(c, lr, params, grads, m, n); break;
    case OPTIM_ADAM: adam_update(c, lr, params, grads, m, v, n, step, 0); break;
    case OPTIM_ADAMW: adam_update(c, lr, params, grads, m, v, n, step, 1); break;
    case OPTIM_KIND_COUNT: break;
    }
}
