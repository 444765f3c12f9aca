/* layer_dense.c: the dense kind: a fully connected layer at every position, then an
 * activation. */
#include "nn/dense.h"
#include "nn/layer_kind.h"

enum { DENSE_WEIGHT, DENSE_BIAS };
enum { DENSE_PRE }; /* [n,units] before the activation */

static const struct layer_opt opts[] = {{.name = "units",
                                         .type = LAYER_OPT_INT,
                                         .min = 1,
                                         .max = 65536,
                                         .help = "number of outputs",
                                         .flags = LAYER_OPT_POSITIONAL | LAYER_OPT_REQUIRED,
                                         .field = offsetof(struct layer_config, units)},
                                        {.name = "activation",
                                         .type = LAYER_OPT_ENUM,
                                         .def = "none",
                                         .words = activation_words,
                                         .help = "applied after the product",
                                         .field = offsetof(struct layer_config, act)},
                                        {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    (void)in_width;
    return layer_check_units(cfg, err);
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)vocab;
    (void)context;
    layer_param_spec(&s[DENSE_WEIGHT], "weight", cfg->units, in_width, INIT_GLOROT, 0);
    layer_param_spec(&s[DENSE_BIAS], "bias", 1, cfg->units, INIT_ZERO, 0);
    return 2;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)context;
    sizes[DENSE_PRE] = (size_t)b * t * l->cfg.units;
    return 1;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    int n = ps->b * ps->t, u = l->cfg.units;
    dense_forward(l->buf[DENSE_PRE], in, p[DENSE_WEIGHT].value, p[DENSE_BIAS].value, n, l->in_width,
                  u);
    activation_forward(l->out, l->buf[DENSE_PRE], (long)n * u, l->cfg.act);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    int n = ps->b * ps->t, u = l->cfg.units;
    /* out = act(pre): the activation's gradient goes into dout's buffer in place */
    float *dpre = dout;
    activation_backward(dpre, dout, l->buf[DENSE_PRE], l->out, (long)n * u, l->cfg.act);
    dense_backward(din, p[DENSE_WEIGHT].grad, p[DENSE_BIAS].grad, dpre, in, p[DENSE_WEIGHT].value,
                   n, l->in_width, u);
}

static double flops(const struct layer *l, int b, int t)
{
    return 6.0 * ((double)b * t) * l->in_width * l->out_width;
}

const struct layer_kind_desc layer_dense = {
    .word = "dense",
    .summary = "A fully connected layer at every position",
    .opts = opts,
    .configure = configure,
    .out_width = layer_units_width,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
