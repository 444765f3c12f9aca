/* layer_block.c: the block kind: a pre-LayerNorm transformer block with residual
 * connections, x + Attn(LN1(x)), then x + MLP(LN2(x)) (transformer.c). */
#include "nn/layer_kind.h"
#include "nn/layernorm.h"
#include "nn/transformer.h"

/* Parameters: ln1.w ln1.b attn.(4) ln2.w ln2.b mlp.(4). */
enum {
    BLOCK_LN1_W,
    BLOCK_LN1_B,
    BLOCK_ATTN,
    BLOCK_LN2_W = BLOCK_ATTN + ATTN_NPARAMS,
    BLOCK_LN2_B,
    BLOCK_MLP,
    BLOCK_NPARAMS = BLOCK_MLP + MLP_NPARAMS
};

/* Buffers: the attention sublayer's first, then the block's own ([n,c] unless noted). */
enum {
    BLOCK_LN1 = ATTN_NBUFFERS,
    BLOCK_LN1_MEAN, /* [n] */
    BLOCK_LN1_RSTD, /* [n] */
    BLOCK_X1,       /* x + Attn(LN1(x)) */
    BLOCK_LN2,
    BLOCK_LN2_MEAN,
    BLOCK_LN2_RSTD,
    BLOCK_MLP_BUF,                            /* MLP_NBUFFERS of [n,ff] */
    BLOCK_SUB = BLOCK_MLP_BUF + MLP_NBUFFERS, /* a sublayer's output, forward scratch */
    BLOCK_DX1,                                /* backward scratch */
    BLOCK_DLN,                                /* backward scratch */
    BLOCK_NBUFFERS
};
_Static_assert(BLOCK_NBUFFERS <= LAYER_MAX_BUFFERS, "LAYER_MAX_BUFFERS is too small");
_Static_assert(BLOCK_NPARAMS <= LAYER_MAX_PARAMS, "LAYER_MAX_PARAMS is too small");

static const struct layer_opt opts[] = {
    {.name = "count",
     .type = LAYER_OPT_INT,
     .def = "1",
     .min = 1,
     .max = 64,
     .help = "how many blocks in a row",
     .flags = LAYER_OPT_POSITIONAL | LAYER_OPT_REPEAT},
    {.name = "heads",
     .type = LAYER_OPT_INT,
     .def = "1",
     .min = 1,
     .max = 256,
     .help = "attention heads; must divide the width",
     .field = offsetof(struct layer_config, heads)},
    {.name = "ff",
     .type = LAYER_OPT_INT,
     .min = 1,
     .max = 262144,
     .help = "width of the feed-forward layer (default 4 x width)",
     .field = offsetof(struct layer_config, ff)},
    {.name = "causal",
     .type = LAYER_OPT_BOOL,
     .def = "on",
     .help = "a token sees only the tokens before it",
     .flags = LAYER_OPT_NEGATE,
     .field = offsetof(struct layer_config, bidirectional)},
    {.name = "eps",
     .type = LAYER_OPT_FLOAT,
     .def = "1e-05",
     .min = 0,
     .max = 1,
     .help = "the LayerNorms' epsilon (GPT-2: 1e-5; 0 means 1e-5)",
     .field = offsetof(struct layer_config, eps)},
    {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    if (cfg->ff == 0)
        cfg->ff = 4 * in_width;
    if (cfg->eps == 0)
        cfg->eps = LAYERNORM_EPS;
    if (cfg->heads < 1)
        return al_fail(err, AL_EINVAL, "block: heads must be at least 1");
    if (cfg->ff < 1 || cfg->ff > 262144)
        return al_fail(err, AL_EINVAL, "block: ff must be between 1 and 262144, not %d", cfg->ff);
    return attention_configure(cfg, in_width, err);
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)vocab;
    (void)context;
    int c = in_width;
    layer_param_spec(&s[BLOCK_LN1_W], "ln1.w", 1, c, INIT_ONE, 0);
    layer_param_spec(&s[BLOCK_LN1_B], "ln1.b", 1, c, INIT_ZERO, 0);
    attn_param_specs(&s[BLOCK_ATTN], "attn.", c);
    layer_param_spec(&s[BLOCK_LN2_W], "ln2.w", 1, c, INIT_ONE, 0);
    layer_param_spec(&s[BLOCK_LN2_B], "ln2.b", 1, c, INIT_ZERO, 0);
    mlp_param_specs(&s[BLOCK_MLP], "mlp.", c, cfg->ff);
    return BLOCK_NPARAMS;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    size_t n = (size_t)b * t, c = (size_t)l->in_width;
    attn_buffer_sizes(sizes, b, t, l->in_width, l->cfg.heads, context, l->inference);
    sizes[BLOCK_LN1] = sizes[BLOCK_X1] = sizes[BLOCK_LN2] = n * c;
    sizes[BLOCK_LN1_MEAN] = sizes[BLOCK_LN1_RSTD] = sizes[BLOCK_LN2_MEAN] = sizes[BLOCK_LN2_RSTD] =
        n;
    mlp_buffer_sizes(&sizes[BLOCK_MLP_BUF], b * t, l->cfg.ff, l->inference);
    sizes[BLOCK_SUB] = n * c;
    sizes[BLOCK_DX1] = sizes[BLOCK_DLN] = l->inference ? 0 : n * c;
    return BLOCK_NBUFFERS;
}

static struct block_params block_params_from(const struct param *p)
{
    return (struct block_params){.ln1_w = p[BLOCK_LN1_W].value,
                                 .ln1_b = p[BLOCK_LN1_B].value,
                                 .dln1_w = p[BLOCK_LN1_W].grad,
                                 .dln1_b = p[BLOCK_LN1_B].grad,
                                 .attn = attn_params_from(&p[BLOCK_ATTN]),
                                 .ln2_w = p[BLOCK_LN2_W].value,
                                 .ln2_b = p[BLOCK_LN2_B].value,
                                 .dln2_w = p[BLOCK_LN2_W].grad,
                                 .dln2_b = p[BLOCK_LN2_B].grad,
                                 .mlp = mlp_params_from(&p[BLOCK_MLP])};
}

static struct block_buffers block_buffers_from(float *const *buf)
{
    return (struct block_buffers){.ln1 = buf[BLOCK_LN1],
                                  .ln1_mean = buf[BLOCK_LN1_MEAN],
                                  .ln1_rstd = buf[BLOCK_LN1_RSTD],
                                  .attn = attn_buffers_from(buf),
                                  .x1 = buf[BLOCK_X1],
                                  .ln2 = buf[BLOCK_LN2],
                                  .ln2_mean = buf[BLOCK_LN2_MEAN],
                                  .ln2_rstd = buf[BLOCK_LN2_RSTD],
                                  .mlp = mlp_buffers_from(&buf[BLOCK_MLP_BUF]),
                                  .sub = buf[BLOCK_SUB],
                                  .dx1 = buf[BLOCK_DX1],
                                  .dln = buf[BLOCK_DLN]};
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    struct block_params bp = block_params_from(p);
    struct block_buffers bf = block_buffers_from(l->buf);
    block_forward(l->out, &bf, &bp, in, ps->b, ps->t, l->in_width, l->cfg.heads, l->cfg.ff,
                  !l->cfg.bidirectional, layernorm_eps(l->cfg.eps), ps->cached ? ps->pos0 : -1);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    struct block_params bp = block_params_from(p);
    struct block_buffers bf = block_buffers_from(l->buf);
    block_backward(din, &bf, &bp, dout, in, ps->b, ps->t, l->in_width, l->cfg.heads, l->cfg.ff,
                   !l->cfg.bidirectional);
}

static double flops(const struct layer *l, int b, int t)
{
    return attention_flops(l, b, t) + 12.0 * ((double)b * t) * l->in_width * l->cfg.ff;
}

static const float *attention(const struct layer *l)
{
    return l->buf[ATTN_ATT];
}

const struct layer_kind_desc layer_block = {
    .word = "block",
    .summary = "Transformer blocks: pre-LayerNorm attention and MLP, with residuals",
    .opts = opts,
    .configure = configure,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = flops,
    .attention = attention,
};
