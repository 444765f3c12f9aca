/* model.h: the layer stack. A model is built layer by layer (each addition checks shapes),
 * then compiled: one arena receives parameters, gradients, optimizer state and the
 * activations of the largest batch, so that a training step allocates nothing.
 *
 * Tensor layout everywhere: [B,T,C] row-major (batch row, position, feature). */
#ifndef ATTNLAB_NN_MODEL_H
#define ATTNLAB_NN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/replica.h"
#include "core/rng.h"
#include "core/status.h"
#include "nn/dense.h"
#include "nn/layer_kinds.h"
#include "nn/optim.h"

/* LAYER_EMBEDDING, LAYER_POSITION, ...: one per line of nn/layer_kinds.h, in its order. */
#define LAYER_KIND_ENUM(NAME, word) LAYER_##NAME,
enum layer_kind { LAYER_KIND_LIST(LAYER_KIND_ENUM) LAYER_KIND_COUNT };
#undef LAYER_KIND_ENUM

enum position_kind { POSITION_LEARNED, POSITION_SINUSOID };
enum pool_kind { POOL_MEAN, POOL_LAST };

/* A layer's configuration: plain fields, the same for every kind (a kind reads the ones it
 * needs; see its descriptor's options). layer_config_text writes it as a layer line. */
struct layer_config {
    enum layer_kind kind;
    int units;           /* embedding width, dense units, LSTM hidden size, MLP width */
    int heads;           /* attention, block */
    int bidirectional;   /* attention, block: 1 lets a token see later tokens too (not causal) */
    int ff;              /* block: MLP width (0 when added: 4 x width) */
    enum activation act; /* dense */
    enum position_kind position;
    float rate;          /* dropout */
    int classes;         /* classify */
    enum pool_kind pool; /* classify */
    float eps;           /* layernorm, block: LayerNorm's epsilon (0: LAYERNORM_EPS, 1e-5) */
    int tie;             /* output: the weight is the embedding's (no weight of its own) */
    int nobias;          /* output: no bias (bias=off) */
};

enum init_kind { INIT_ZERO, INIT_ONE, INIT_NORMAL, INIT_GLOROT, INIT_FORGET_BIAS };

/* One parameter tensor: its name, shape and where it lives once compiled. */
struct param {
    char name[64];  /* "block1.attn.w_qkv" */
    int rows, cols; /* a vector has rows = 1 */
    size_t offset;  /* into the flat parameter (and gradient, m, v) arrays */
    enum init_kind init;
    float init_scale;    /* standard deviation of INIT_NORMAL */
    int layer;           /* index of the owning layer */
    float *value, *grad; /* set by compile */
};

#define LAYER_MAX_BUFFERS 24

struct layer {
    struct layer_config cfg;
    char name[24];
    int in_width, out_width;       /* features per position (classify: out_width = classes) */
    int param0, nparams;           /* its parameters: model->params[param0 .. param0+nparams) */
    float *out;                    /* [B,T,out_width] ([B,classes] for classify) */
    int inference;                 /* compiled for inference: a kind may leave out its backward
                                      scratch (those buffers get 0 floats) */
    float *buf[LAYER_MAX_BUFFERS]; /* its caches and scratch, carved at compile time in the
                                      order of its descriptor's buffers(); named by an enum
                                      in the kind's file */
};

/* Totals from the last training step or evaluation batch. */
struct step_stats {
    double loss;
    double accuracy;  /* top-1, over the rows of the batch */
    double grad_norm; /* before clipping */
    float lr;
    long step; /* the optimizer step just taken */
};

struct model {
    int vocab;   /* token ids are < vocab; also the width of an output layer */
    int context; /* the longest sequence T */
    int nlayers, layer_cap;
    struct layer *layers;
    int nparams, param_cap;
    struct param *params;
    size_t param_floats; /* total number of parameters */

    /* set by compile */
    int compiled;
    int max_batch;
    struct arena arena;
    float *values, *grads, *m, *v; /* [param_floats] each */
    float *probs;                  /* softmax of the last layer's output */
    float *dbuf[2];                /* gradients flowing between layers */
    struct optim_config optim;
    long step;                  /* training steps taken, over every compile */
    long optim_step;            /* steps since the last compile: Adam's bias correction
                                   and the schedule count these */
    int last_b, last_t;         /* shape of the last forward pass */
    const int32_t *last_tokens; /* its inputs, needed by backward */
    const int32_t *last_lengths;
    const float *input_grad; /* after backward: d loss / d embedding output [B,T,C] */
    int cache_len;           /* positions kept by model_forward_cached (0: none) */
    int inference;           /* compiled by model_compile_inference: no gradients,
                                no optimizer state (grads, m, v, dbuf NULL) */
    int max_t;               /* positions one pass holds (the arena's T): the context,
                                or less for an inference compile; longer texts run
                                through model_forward_cached in pieces */

    /* Data-parallel training (nn/parallel.h): the batch is split over the processes of
     * `world`, and each process's share over `threads` ranks. */
    int threads;                /* 1 (the default): no pool, no replicas */
    struct replica world;       /* this process's place among processes; size 1: alone */
    struct model_parallel *par; /* the pool and the replicas; NULL with 1 thread alone */
};

/* A new empty model for token ids below vocab and sequences up to context. NULL when out
 * of memory. Free with model_free. */
struct model *model_new(int vocab, int context);
void model_free(struct model *m);

/* Appends a layer after checking that it fits the stack (widths, heads dividing the
 * width, embedding first, nothing after the output layer...). On failure the model is
 * unchanged. */
enum al_status model_add(struct model *m, const struct layer_config *cfg, struct al_error *err);

/* Checks that the stack is complete (starts with an embedding, ends with an output or
 * classify layer). */
enum al_status model_check_complete(const struct model *m, struct al_error *err);

/* Number of parameters of one layer and of the whole model. */
size_t model_layer_param_count(const struct model *m, int layer);
/* The layer's word as the language spells it ("embedding", "block", ...). */
const char *layer_kind_name(enum layer_kind k);

/* Allocates the arena for batches up to max_batch of up to `context` positions and sets the
 * optimizer. The first compile initialises the parameters from rng; a later compile keeps
 * their values and the step count, and starts the optimizer (state and schedule) afresh. On
 * failure the model is unchanged. */
enum al_status model_compile(struct model *m, const struct optim_config *opt, int max_batch,
                             struct rng *rng, struct al_error *err);
/* The same, refusing (AL_ENOMEM, the sizes in the message) an arena of more than limit
 * bytes before allocating it; limit 0 means none. */
enum al_status model_compile_within(struct model *m, const struct optim_config *opt, int max_batch,
                                    size_t limit, struct rng *rng, struct al_error *err);

/* Compiles for inference only (an imported model that is not trained yet; rng NULL leaves
 * the parameters at 0 for the caller to set, saving the random draws): parameters,
 * the activations of batches up to max_batch of up to max_t positions (0: the context) and
 * the cache of keys and values for the whole context, but no gradients, no optimizer state
 * and no backward scratch, so a model takes little more than its parameters. Training and
 * backward refuse it until model_compile, which keeps the values. As model_compile
 * otherwise. */
enum al_status model_compile_inference(struct model *m, int max_batch, int max_t, struct rng *rng,
                                       struct al_error *err);

/* The bytes model_compile (inference 0) or model_compile_inference (1) would allocate for
 * batches up to max_batch, measured without allocating; +inf when out of memory. */
double model_arena_bytes(const struct model *m, int max_batch, int inference, int max_t);

/* After a blow-up (a learning rate far too high) the parameters may be huge or NaN, and the
 * outputs with them: sampling from NaN, or from scores of 1e35 where a float's spacing is
 * larger than any difference that matters, would print garbage. A sane model's scores stay
 * within tens; past 1e7 a float cannot even tell x from x + 1. */
#define MODEL_OUTPUT_LIMIT 1e7f
#define MODEL_DIVERGED_ADVICE "lower lr= or clip=, or load a saved model"

/* AL_ENUMERIC, "the model has diverged: ...", when any of the first rows rows of the last
 * forward pass's output is NaN, infinite or beyond MODEL_OUTPUT_LIMIT. model_forward and
 * model_evaluate call it: the one check that generate, predict, attention, watch, explain
 * and evaluate (in a session or deployed) go through. */
enum al_status model_check_outputs(const struct model *m, int rows, struct al_error *err);

/* Forward pass over tokens [B,T] (B <= max_batch, T <= context, ids < vocab: checked).
 * training turns dropout on (drawing from rng). lengths [B] (classification; NULL: all T)
 * tell a pooling layer where each sequence ends. Returns the last layer's output (also when
 * it is not finite: then AL_ENUMERIC, see model_check_outputs). */
enum al_status model_forward(struct model *m, const int32_t *tokens, const int32_t *lengths, int b,
                             int t, int training, struct rng *rng, float **logits,
                             struct al_error *err);

/* Whether the model can generate with a cache of keys and values: a causal language model
 * whose layers are position-wise or causal attention (no LSTM, no bidirectional attention). */
int model_can_cache(const struct model *m);

/* Cached forward pass for generation (batch 1): runs n new tokens at positions
 * pos0..pos0+n-1, attending to the keys and values that earlier calls kept for positions
 * 0..pos0-1, so that each new token costs one position, not the whole prefix. pos0 = 0
 * starts afresh; pos0 must not exceed the positions kept (m->cache_len), and pos0 + n must
 * fit the context. *logits receives the n rows of output [n,vocab]. Ordinary passes
 * (model_forward, training) drop the cache. */
enum al_status model_forward_cached(struct model *m, const int32_t *tokens, int n, int pos0,
                                    float **logits, struct al_error *err);

/* The same for the next token only: the output layer computes the scores of the last of the
 * n positions alone (one pass over its weight instead of n; the other rows of the output are
 * left as they were), and *logits receives that row [vocab]. What generation needs. */
enum al_status model_forward_cached_last(struct model *m, const int32_t *tokens, int n, int pos0,
                                         float **logits, struct al_error *err);

/* One training step: forward, loss against targets ([B,T] for a language model, [B] for a
 * classifier), backward, clipping, optimizer update. Allocates nothing. A non-finite loss
 * or gradient returns AL_ENUMERIC before any parameter changes. */
enum al_status model_train_step(struct model *m, const int32_t *tokens, const int32_t *targets,
                                const int32_t *lengths, int b, int t, struct rng *rng,
                                struct step_stats *stats, struct al_error *err);

/* Loss and accuracy of one batch without training (no dropout, no gradients); AL_ENUMERIC
 * when the outputs are not finite. */
enum al_status model_evaluate(struct model *m, const int32_t *tokens, const int32_t *targets,
                              const int32_t *lengths, int b, int t, struct step_stats *stats,
                              struct al_error *err);

/* Computes the loss of the last forward pass and its gradient, then back-propagates into
 * the gradients (which it zeroes first). For gradient checks and step-by-step teaching. */
enum al_status model_backward(struct model *m, const int32_t *targets, double *loss,
                              struct al_error *err);

/* The gradient of the loss with respect to the embedding layer's output, [B,T,C], as left by
 * the last model_backward or model_train_step; NULL before. */
const float *model_input_grad(const struct model *m);

/* Floating-point operations of the matrix products (and attention) of one training step
 * (forward and backward) on a batch [B,T]: 6·rows·in·out per dense product, 12·B·T²·C per
 * attention. Elementwise work is not counted. */
double model_train_flops(const struct model *m, int b, int t);

/* Rows of the output layer: b*t for a language model, b for a classifier. */
int model_output_rows(const struct model *m, int b, int t);
int model_output_width(const struct model *m);
int model_is_classifier(const struct model *m);

/* The attention probabilities [B,H,T,T] kept from the last forward pass by layer `layer`
 * (an attention or block layer); NULL otherwise. *heads receives H. */
const float *model_attention_probs(const struct model *m, int layer, int *heads);

/* A deep copy, compiled state and optimizer state included. NULL when out of memory. */
struct model *model_clone(const struct model *m);

/* Finds a parameter by name; NULL when absent. */
struct param *model_find_param(struct model *m, const char *name);

#endif
