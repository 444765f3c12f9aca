/* transformer.h: the composite layers of a transformer: the attention sublayer (qkv
 * projection, multi-head causal attention, output projection), the position-wise MLP, and
 * the pre-LayerNorm block x + Attn(LN1(x)), then x + MLP(LN2(x)). Each names its buffers;
 * sizes are for n = B·T rows of width c, h heads, MLP width f. */
#ifndef ATTNLAB_NN_TRANSFORMER_H
#define ATTNLAB_NN_TRANSFORMER_H

#include <stddef.h>

#include "core/status.h"

struct param;
struct param_spec;
struct layer;
struct layer_config;

struct attn_buffers {
    float *qkv;     /* [n,3c] */
    float *att;     /* [B,h,T,T] probabilities, kept for the heatmap */
    float *y;       /* [n,c] heads concatenated, before the output projection */
    float *dqkv;    /* [n,3c] scratch */
    float *dy;      /* [n,c] scratch */
    float *scratch; /* [T,T] scratch */
    float *kc, *vc; /* [T,c] keys and values of the positions run so far (cached generation) */
};

struct attn_params {
    const float *w_qkv, *b_qkv, *w_o, *b_o;
    float *dw_qkv, *db_qkv, *dw_o, *db_o;
};

/* The attention sublayer's parameters and buffers, in order, wherever it appears (the
 * attention kind, or inside a block from some first index). */
enum { ATTN_W_QKV, ATTN_B_QKV, ATTN_W_O, ATTN_B_O, ATTN_NPARAMS };
enum {
    ATTN_QKV,
    ATTN_ATT,
    ATTN_Y,
    ATTN_DQKV,
    ATTN_DY,
    ATTN_SCRATCH,
    ATTN_KCACHE,
    ATTN_VCACHE,
    ATTN_NBUFFERS
};

/* Fills ATTN_NPARAMS specs named prefix + "w_qkv", ... for width c. */
void attn_param_specs(struct param_spec *specs, const char *prefix, int c);
/* The sublayer's parameters from its first one, p[ATTN_W_QKV]. */
struct attn_params attn_params_from(const struct param *p);
/* Sizes of its ATTN_NBUFFERS buffers for a batch [b,t], width c, h heads, keys and values
 * kept for `context` positions; inference: no backward scratch. */
void attn_buffer_sizes(size_t *sizes, int b, int t, int c, int h, int context, int inference);
struct attn_buffers attn_buffers_from(float *const *buf);

/* For the attention and block kinds: heads at least 1 and dividing the width; the FLOPs of
 * the projections and the attention. */
enum al_status attention_configure(struct layer_config *cfg, int in_width, struct al_error *err);
double attention_flops(const struct layer *l, int b, int t);

/* out[n,c] = Attn(in) (no residual). pos0 >= 0: cached generation (b = 1, causal): the t
 * rows are positions pos0.. and attend to the keys and values kept from earlier calls;
 * pos0 < 0: an ordinary pass. */
void attn_layer_forward(float *out, const struct attn_buffers *bf, const struct attn_params *p,
                        const float *in, int b, int t, int c, int h, int causal, int pos0);
/* din[n,c] overwritten; parameter gradients accumulate. */
void attn_layer_backward(float *din, const struct attn_buffers *bf, const struct attn_params *p,
                         const float *dout, const float *in, int b, int t, int c, int h,
                         int causal);

struct mlp_buffers {
    float *pre;  /* [n,f] before GELU */
    float *act;  /* [n,f] after GELU */
    float *dact; /* [n,f] scratch */
};

struct mlp_params {
    const float *w_fc, *b_fc, *w_proj, *b_proj;
    float *dw_fc, *db_fc, *dw_proj, *db_proj;
};

enum { MLP_W_FC, MLP_B_FC, MLP_W_PROJ, MLP_B_PROJ, MLP_NPARAMS };
enum { MLP_PRE, MLP_ACT, MLP_DACT, MLP_NBUFFERS };

void mlp_param_specs(struct param_spec *specs, const char *prefix, int c, int f);
struct mlp_params mlp_params_from(const struct param *p);
void mlp_buffer_sizes(size_t *sizes, int n, int f, int inference);
struct mlp_buffers mlp_buffers_from(float *const *buf);

void mlp_forward(float *out, const struct mlp_buffers *bf, const struct mlp_params *p,
                 const float *in, int n, int c, int f);
void mlp_backward(float *din, const struct mlp_buffers *bf, const struct mlp_params *p,
                  const float *dout, const float *in, int n, int c, int f);

struct block_buffers {
    float *ln1, *ln1_mean, *ln1_rstd; /* [n,c], [n], [n] */
    struct attn_buffers attn;
    float *x1; /* [n,c] x + Attn(LN1(x)) */
    float *ln2, *ln2_mean, *ln2_rstd;
    struct mlp_buffers mlp;
    float *sub;       /* [n,c] a sublayer's output, forward scratch */
    float *dx1, *dln; /* [n,c] backward scratch */
};

struct block_params {
    const float *ln1_w, *ln1_b, *ln2_w, *ln2_b;
    float *dln1_w, *dln1_b, *dln2_w, *dln2_b;
    struct attn_params attn;
    struct mlp_params mlp;
};

/* eps: the LayerNorms' epsilon; pos0 as for attn_layer_forward. */
void block_forward(float *out, const struct block_buffers *bf, const struct block_params *p,
                   const float *in, int b, int t, int c, int h, int f, int causal, float eps,
                   int pos0);
/* din[n,c] overwritten. */
void block_backward(float *din, const struct block_buffers *bf, const struct block_params *p,
                    const float *dout, const float *in, int b, int t, int c, int h, int f,
                    int causal);

#endif
