/* layer_embedding.c: the embedding kind: a learned vector per token, always the first layer. */
#include "nn/embedding.h"
#include "nn/layer_kind.h"

enum { EMBEDDING_WEIGHT };

static const struct layer_opt opts[] = {{.name = "width",
                                         .type = LAYER_OPT_INT,
                                         .min = 1,
                                         .max = 65536,
                                         .help = "size of each token's vector",
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
    (void)in_width;
    (void)context;
    layer_param_spec(&s[EMBEDDING_WEIGHT], "weight", vocab, cfg->units, INIT_NORMAL,
                     LAYER_INIT_STD);
    return 1;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    (void)in;
    embedding_forward(l->out, ps->tokens, p[EMBEDDING_WEIGHT].value, ps->b * ps->t, l->out_width);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    (void)din;
    (void)in;
    embedding_backward(p[EMBEDDING_WEIGHT].grad, dout, ps->tokens, ps->b * ps->t, l->out_width);
}

const struct layer_kind_desc layer_embedding = {
    .word = "embedding",
    .summary = "A learned vector per token (always the first layer)",
    .opts = opts,
    .flags = LAYER_READS_TOKENS,
    .configure = configure,
    .out_width = layer_units_width,
    .params = params,
    .forward = forward,
    .backward = backward,
};
