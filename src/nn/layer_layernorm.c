/* layer_layernorm.c: the layernorm kind: layer normalisation of each token's vector. */
#include "nn/layer_kind.h"
#include "nn/layernorm.h"

enum { LAYERNORM_WEIGHT, LAYERNORM_BIAS };
enum { LAYERNORM_MEAN, LAYERNORM_RSTD }; /* [n] each */

static const struct layer_opt opts[] = {
    {.name = "eps",
     .type = LAYER_OPT_FLOAT,
     .def = "1e-05",
     .min = 0,
     .max = 1,
     .help = "added to the variance before its square root (GPT-2: 1e-5; 0 means 1e-5)",
     .field = offsetof(struct layer_config, eps)},
    {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    (void)in_width;
    (void)err;
    if (cfg->eps == 0)
        cfg->eps = LAYERNORM_EPS;
    return AL_OK;
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)cfg;
    (void)vocab;
    (void)context;
    layer_param_spec(&s[LAYERNORM_WEIGHT], "weight", 1, in_width, INIT_ONE, 0);
    layer_param_spec(&s[LAYERNORM_BIAS], "bias", 1, in_width, INIT_ZERO, 0);
    return 2;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)l;
    (void)context;
    sizes[LAYERNORM_MEAN] = sizes[LAYERNORM_RSTD] = (size_t)b * t;
    return 2;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    layernorm_forward(l->out, l->buf[LAYERNORM_MEAN], l->buf[LAYERNORM_RSTD], in,
                      p[LAYERNORM_WEIGHT].value, p[LAYERNORM_BIAS].value, ps->b * ps->t,
                      l->in_width, layernorm_eps(l->cfg.eps));
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    layernorm_backward(din, p[LAYERNORM_WEIGHT].grad, p[LAYERNORM_BIAS].grad, dout, in,
                       p[LAYERNORM_WEIGHT].value, l->buf[LAYERNORM_MEAN], l->buf[LAYERNORM_RSTD],
                       ps->b * ps->t, l->in_width);
}

const struct layer_kind_desc layer_layernorm = {
    .word = "layernorm",
    .summary = "Layer normalisation of each token's vector",
    .opts = opts,
    .configure = configure,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
};
