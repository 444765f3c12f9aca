/* layer_attention.c: the attention kind: multi-head self-attention with its projections,
 * no residual (transformer.c's attention sublayer on its own). */
#include "nn/layer_kind.h"
#include "nn/transformer.h"

/* Parameters and buffers: transformer.h's ATTN_* from index 0. */

static const struct layer_opt opts[] = {{.name = "heads",
                                         .type = LAYER_OPT_INT,
                                         .def = "1",
                                         .min = 1,
                                         .max = 256,
                                         .help = "attention heads; must divide the width",
                                         .field = offsetof(struct layer_config, heads)},
                                        {.name = "causal",
                                         .type = LAYER_OPT_BOOL,
                                         .def = "on",
                                         .help = "a token sees only the tokens before it",
                                         .flags = LAYER_OPT_NEGATE,
                                         .field = offsetof(struct layer_config, bidirectional)},
                                        {0}};

/* Shared with the block kind. */
enum al_status attention_configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    const char *word = layer_kind_name(cfg->kind);
    if (cfg->heads < 1)
        return al_fail(err, AL_EINVAL, "%s: heads must be at least 1", word);
    if (in_width % cfg->heads != 0)
        return al_fail(err, AL_ESHAPE, "%s: heads=%d must divide the width %d", word, cfg->heads,
                       in_width);
    return AL_OK;
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)cfg;
    (void)vocab;
    (void)context;
    attn_param_specs(s, "", in_width);
    return ATTN_NPARAMS;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    attn_buffer_sizes(sizes, b, t, l->in_width, l->cfg.heads, context, l->inference);
    return ATTN_NBUFFERS;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    struct attn_params ap = attn_params_from(p);
    struct attn_buffers bf = attn_buffers_from(l->buf);
    attn_layer_forward(l->out, &bf, &ap, in, ps->b, ps->t, l->in_width, l->cfg.heads,
                       !l->cfg.bidirectional, ps->cached ? ps->pos0 : -1);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    struct attn_params ap = attn_params_from(p);
    struct attn_buffers bf = attn_buffers_from(l->buf);
    attn_layer_backward(din, &bf, &ap, dout, in, ps->b, ps->t, l->in_width, l->cfg.heads,
                        !l->cfg.bidirectional);
}

/* Shared with the block kind: the projections and the attention itself. */
double attention_flops(const struct layer *l, int b, int t)
{
    double n = (double)b * t, c = l->in_width;
    return 6.0 * n * c * 4.0 * c + 12.0 * b * (double)t * t * c;
}

static const float *attention(const struct layer *l)
{
    return l->buf[ATTN_ATT];
}

const struct layer_kind_desc layer_attention = {
    .word = "attention",
    .summary = "Multi-head self-attention with its projections (no residual)",
    .opts = opts,
    .configure = attention_configure,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = attention_flops,
    .attention = attention,
};
