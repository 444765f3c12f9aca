/* layer_mlp.c: the mlp kind: position-wise dense(units) -> GELU -> dense(width), the MLP of
 * a block on its own. Built by programs (tests), not by a layer line. */
#include "nn/layer_kind.h"
#include "nn/transformer.h"

/* Parameters and buffers: transformer.h's MLP_* from index 0. */

static const struct layer_opt opts[] = {{.name = "units",
                                         .type = LAYER_OPT_INT,
                                         .min = 1,
                                         .max = 65536,
                                         .help = "width of the hidden layer",
                                         .flags = LAYER_OPT_POSITIONAL | LAYER_OPT_REQUIRED,
                                         .field = offsetof(struct layer_config, units)},
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
    mlp_param_specs(s, "", in_width, cfg->units);
    return MLP_NPARAMS;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)context;
    mlp_buffer_sizes(sizes, b * t, l->cfg.units, l->inference);
    return MLP_NBUFFERS;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    struct mlp_params mp = mlp_params_from(p);
    struct mlp_buffers bf = mlp_buffers_from(l->buf);
    mlp_forward(l->out, &bf, &mp, in, ps->b * ps->t, l->in_width, l->cfg.units);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    struct mlp_params mp = mlp_params_from(p);
    struct mlp_buffers bf = mlp_buffers_from(l->buf);
    mlp_backward(din, &bf, &mp, dout, in, ps->b * ps->t, l->in_width, l->cfg.units);
}

static double flops(const struct layer *l, int b, int t)
{
    return 12.0 * ((double)b * t) * l->in_width * l->cfg.units;
}

const struct layer_kind_desc layer_mlp = {
    .word = "mlp",
    .summary = "A position-wise MLP: dense, GELU, dense back to the width",
    .opts = opts,
    .flags = LAYER_NO_LINE,
    .configure = configure,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
