/* transformer.c: attention sublayer, MLP and the pre-LayerNorm block, composed from the
 * dense, attention and layernorm kernels. Backward runs the forward lines in reverse. */
#include "nn/transformer.h"

#include <stdio.h>
#include <string.h>

#include "core/kernels.h"
#include "nn/attention.h"
#include "nn/dense.h"
#include "nn/layer_kind.h"
#include "nn/layernorm.h"

static void named_spec(struct param_spec *s, const char *prefix, const char *name, int rows,
                       int cols, enum init_kind init, float scale)
{
    char full[32];
    snprintf(full, sizeof full, "%s%s", prefix, name);
    layer_param_spec(s, full, rows, cols, init, scale);
}

void attn_param_specs(struct param_spec *s, const char *prefix, int c)
{
    named_spec(&s[ATTN_W_QKV], prefix, "w_qkv", 3 * c, c, INIT_NORMAL, LAYER_INIT_STD);
    named_spec(&s[ATTN_B_QKV], prefix, "b_qkv", 1, 3 * c, INIT_ZERO, 0);
    named_spec(&s[ATTN_W_O], prefix, "w_o", c, c, INIT_NORMAL, LAYER_INIT_STD);
    named_spec(&s[ATTN_B_O], prefix, "b_o", 1, c, INIT_ZERO, 0);
}

struct attn_params attn_params_from(const struct param *p)
{
    return (struct attn_params){.w_qkv = p[ATTN_W_QKV].value,
                                .b_qkv = p[ATTN_B_QKV].value,
                                .w_o = p[ATTN_W_O].value,
                                .b_o = p[ATTN_B_O].value,
                                .dw_qkv = p[ATTN_W_QKV].grad,
                                .db_qkv = p[ATTN_B_QKV].grad,
                                .dw_o = p[ATTN_W_O].grad,
                                .db_o = p[ATTN_B_O].grad};
}

void attn_buffer_sizes(size_t *sizes, int b, int t, int c, int h, int context, int inference)
{
    size_t n = (size_t)b * t;
    sizes[ATTN_QKV] = n * 3 * c;
    /* an ordinary pass keeps [B,h,t,t]; a cached one [h,t',pos0+t'] with pos0 + t' <= context
     * and t' <= t: within [B,h,t,t] when t is the context (training compiles), else the
     * inference compile (batch 1, t < context) widens it. Linear in b: parallel.c slices it
     * per sequence. */
    sizes[ATTN_ATT] = (size_t)b * h * t * (inference ? (size_t)context : (size_t)t);
    sizes[ATTN_Y] = n * c;
    sizes[ATTN_DQKV] = inference ? 0 : n * 3 * c;
    sizes[ATTN_DY] = inference ? 0 : n * c;
    sizes[ATTN_SCRATCH] = inference ? 0 : (size_t)t * t;
    sizes[ATTN_KCACHE] = sizes[ATTN_VCACHE] = (size_t)context * c;
}

struct attn_buffers attn_buffers_from(float *const *buf)
{
    return (struct attn_buffers){.qkv = buf[ATTN_QKV],
                                 .att = buf[ATTN_ATT],
                                 .y = buf[ATTN_Y],
                                 .dqkv = buf[ATTN_DQKV],
                                 .dy = buf[ATTN_DY],
                                 .scratch = buf[ATTN_SCRATCH],
                                 .kc = buf[ATTN_KCACHE],
                                 .vc = buf[ATTN_VCACHE]};
}

void mlp_param_specs(struct param_spec *s, const char *prefix, int c, int f)
{
    named_spec(&s[MLP_W_FC], prefix, "w_fc", f, c, INIT_NORMAL, LAYER_INIT_STD);
    named_spec(&s[MLP_B_FC], prefix, "b_fc", 1, f, INIT_ZERO, 0);
    named_spec(&s[MLP_W_PROJ], prefix, "w_proj", c, f, INIT_NORMAL, LAYER_INIT_STD);
    named_spec(&s[MLP_B_PROJ], prefix, "b_proj", 1, c, INIT_ZERO, 0);
}

struct mlp_params mlp_params_from(const struct param *p)
{
    return (struct mlp_params){.w_fc = p[MLP_W_FC].value,
                               .b_fc = p[MLP_B_FC].value,
                               .w_proj = p[MLP_W_PROJ].value,
                               .b_proj = p[MLP_B_PROJ].value,
                               .dw_fc = p[MLP_W_FC].grad,
                               .db_fc = p[MLP_B_FC].grad,
                               .dw_proj = p[MLP_W_PROJ].grad,
                               .db_proj = p[MLP_B_PROJ].grad};
}

void mlp_buffer_sizes(size_t *sizes, int n, int f, int inference)
{
    sizes[MLP_PRE] = sizes[MLP_ACT] = (size_t)n * f;
    sizes[MLP_DACT] = inference ? 0 : (size_t)n * f;
}

struct mlp_buffers mlp_buffers_from(float *const *buf)
{
    return (struct mlp_buffers){.pre = buf[MLP_PRE], .act = buf[MLP_ACT], .dact = buf[MLP_DACT]};
}

void attn_layer_forward(float *out, const struct attn_buffers *bf, const struct attn_params *p,
                        const float *in, int b, int t, int c, int h, int causal, int pos0)
{
    int n = b * t;
    dense_forward(bf->qkv, in, p->w_qkv, p->b_qkv, n, c, 3 * c);
    if (pos0 >= 0)
        attention_forward_cached(bf->y, bf->att, bf->qkv, bf->kc, bf->vc, t, pos0, c, h);
    else
        attention_forward(bf->y, bf->att, bf->qkv, b, t, c, h, causal);
    dense_forward(out, bf->y, p->w_o, p->b_o, n, c, c);
}

void attn_layer_backward(float *din, const struct attn_buffers *bf, const struct attn_params *p,
                         const float *dout, const float *in, int b, int t, int c, int h, int causal)
{
    int n = b * t;
    /* out = y·w_oᵀ + b_o */
    dense_backward(bf->dy, p->dw_o, p->db_o, dout, bf->y, p->w_o, n, c, c);
    /* y = attention(qkv) */
    attention_backward(bf->dqkv, bf->scratch, bf->dy, bf->att, bf->qkv, b, t, c, h, causal);
    /* qkv = in·w_qkvᵀ + b_qkv */
    dense_backward(din, p->dw_qkv, p->db_qkv, bf->dqkv, in, p->w_qkv, n, c, 3 * c);
}

void mlp_forward(float *out, const struct mlp_buffers *bf, const struct mlp_params *p,
                 const float *in, int n, int c, int f)
{
    dense_forward(bf->pre, in, p->w_fc, p->b_fc, n, c, f);
    activation_forward(bf->act, bf->pre, (long)n * f, ACT_GELU);
    dense_forward(out, bf->act, p->w_proj, p->b_proj, n, f, c);
}

void mlp_backward(float *din, const struct mlp_buffers *bf, const struct mlp_params *p,
                  const float *dout, const float *in, int n, int c, int f)
{
    dense_backward(bf->dact, p->dw_proj, p->db_proj, dout, bf->act, p->w_proj, n, f, c);
    activation_backward(bf->dact, bf->dact, bf->pre, bf->act, (long)n * f, ACT_GELU);
    dense_backward(din, p->dw_fc, p->db_fc, bf->dact, in, p->w_fc, n, c, f);
}

void block_forward(float *out, const struct block_buffers *bf, const struct block_params *p,
                   const float *in, int b, int t, int c, int h, int f, int causal, float eps,
                   int pos0)
{
    int n = b * t;
    size_t size = (size_t)n * c;
    layernorm_forward(bf->ln1, bf->ln1_mean, bf->ln1_rstd, in, p->ln1_w, p->ln1_b, n, c, eps);
    attn_layer_forward(bf->sub, &bf->attn, &p->attn, bf->ln1, b, t, c, h, causal, pos0);
    for (size_t k = 0; k < size; k++)
        bf->x1[k] = in[k] + bf->sub[k];
    layernorm_forward(bf->ln2, bf->ln2_mean, bf->ln2_rstd, bf->x1, p->ln2_w, p->ln2_b, n, c, eps);
    mlp_forward(bf->sub, &bf->mlp, &p->mlp, bf->ln2, n, c, f);
    for (size_t k = 0; k < size; k++)
        out[k] = bf->x1[k] + bf->sub[k];
}

void block_backward(float *din, const struct block_buffers *bf, const struct block_params *p,
                    const float *dout, const float *in, int b, int t, int c, int h, int f,
                    int causal)
{
    int n = b * t;
    size_t size = (size_t)n * c;
    /* out = x1 + MLP(LN2(x1)): the residual passes dout through to x1 */
    mlp_backward(bf->dln, &bf->mlp, &p->mlp, dout, bf->ln2, n, c, f);
    layernorm_backward(bf->dx1, p->dln2_w, p->dln2_b, bf->dln, bf->x1, p->ln2_w, bf->ln2_mean,
                       bf->ln2_rstd, n, c);
    vec_add(bf->dx1, dout, size);
    /* x1 = in + Attn(LN1(in)) */
    attn_layer_backward(bf->dln, &bf->attn, &p->attn, bf->dx1, bf->ln1, b, t, c, h, causal);
    layernorm_backward(din, p->dln1_w, p->dln1_b, bf->dln, in, p->ln1_w, bf->ln1_mean, bf->ln1_rstd,
                       n, c);
    vec_add(din, bf->dx1, size);
}
