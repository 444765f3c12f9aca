/* layer_dropout.c: the dropout kind: zeroes a fraction of values while training. */
#include <string.h>

#include "nn/dropout.h"
#include "nn/layer_kind.h"

enum { DROPOUT_MASK }; /* [n,c] */

static const struct layer_opt opts[] = {{.name = "rate",
                                         .type = LAYER_OPT_FLOAT,
                                         .min = 0,
                                         .max = 0.99,
                                         .help = "fraction of values zeroed while training",
                                         .flags = LAYER_OPT_POSITIONAL | LAYER_OPT_REQUIRED,
                                         .field = offsetof(struct layer_config, rate)},
                                        {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    (void)in_width;
    if (!(cfg->rate >= 0.0f && cfg->rate < 1.0f))
        return al_fail(err, AL_EINVAL, "dropout: the rate must be in [0, 1), not %g", cfg->rate);
    return AL_OK;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)context;
    sizes[DROPOUT_MASK] = (size_t)b * t * l->in_width;
    return 1;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    (void)p;
    long n = (long)ps->b * ps->t * l->in_width;
    float *mask = l->buf[DROPOUT_MASK];
    if (ps->training && l->cfg.rate > 0.0f) {
        dropout_forward(l->out, mask, in, n, l->cfg.rate, ps->rng);
        return;
    }
    /* identity, and a mask of ones for a backward pass without training */
    memcpy(l->out, in, sizeof(float) * (size_t)n);
    for (long k = 0; k < n; k++)
        mask[k] = 1.0f;
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    (void)p;
    (void)in;
    dropout_backward(din, dout, l->buf[DROPOUT_MASK], (long)ps->b * ps->t * l->in_width);
}

const struct layer_kind_desc layer_dropout = {
    .word = "dropout",
    .summary = "Zeroes a fraction of values while training",
    .opts = opts,
    .configure = configure,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
};
