/* transformer.c: attention sublayer, MLP and the pre-LayerNorm block, composed from the
 * dense, attention and layernorm kernels. Backward runs the forward lines in reverse. */
#include "nn/transformer.h"

#include <string.h>

#include "core/kernels.h"
#include "nn/attention.h"
#include "nn/dense.h"
#include "nn/layernorm.h"

void attn_layer_forward(float *out, const struct attn_buffers *bf, const struct attn_params *p,
                        const float *in, int b, int t, int c, int h, int causal)
{
    int n = b * t;
    dense_forward(bf->qkv, in, p->w_qkv, p->b_qkv, n, c, 3 * c);
    attention_forward(bf->y, bf->att, bf->qkv, b, t, c, h, causal);
    dense_forward(out, bf->y, p->w_o, p->b_o, n, c, c);
}

void attn_layer_backward(float *din, const struct attn_buffers *bf, const struct attn_params *p,
                         const float *dout, const float *in, int b, int t, int c, int h,
                         int causal)
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
                   const float *in, int b, int t, int c, int h, int f, int causal)
{
    int n = b * t;
    size_t size = (size_t)n * c;
    layernorm_forward(bf->ln1, bf->ln1_mean, bf->ln1_rstd, in, p->ln1_w, p->ln1_b, n, c);
    attn_layer_forward(bf->sub, &bf->attn, &p->attn, bf->ln1, b, t, c, h, causal);
    for (size_t k = 0; k < size; k++)
        bf->x1[k] = in[k] + bf->sub[k];
    layernorm_forward(bf->ln2, bf->ln2_mean, bf->ln2_rstd, bf->x1, p->ln2_w, p->ln2_b, n, c);
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
    memcpy(bf->dx1, dout, size * sizeof(float));
    mlp_backward(bf->dln, &bf->mlp, &p->mlp, dout, bf->ln2, n, c, f);
    layernorm_backward(bf->dx1, p->dln2_w, p->dln2_b, bf->dln, bf->x1, p->ln2_w, bf->ln2_mean,
                       bf->ln2_rstd, n, c);
    /* x1 = in + Attn(LN1(in)) */
    memcpy(din, bf->dx1, size * sizeof(float));
    attn_layer_backward(bf->dln, &bf->attn, &p->attn, bf->dx1, bf->ln1, b, t, c, h, causal);
    layernorm_backward(din, p->dln1_w, p->dln1_b, bf->dln, in, p->ln1_w, bf->ln1_mean,
                       bf->ln1_rstd, n, c);
}
