/* optim.h: optimizers (SGD with momentum, Adam, AdamW, both with bias correction),
 * gradient clipping by global norm, and learning-rate schedules. They act on one flat
 * array of parameters and gradients: a compiled model keeps them contiguous. */
#ifndef ATTNLAB_NN_OPTIM_H
#define ATTNLAB_NN_OPTIM_H

#include <stddef.h>

enum optim_kind { OPTIM_SGD, OPTIM_ADAM, OPTIM_ADAMW, OPTIM_KIND_COUNT };
enum schedule_kind { SCHEDULE_CONSTANT, SCHEDULE_COSINE, SCHEDULE_KIND_COUNT };

struct optim_config {
    enum optim_kind kind;
    float lr;
    float beta1, beta2, eps; /* Adam, AdamW */
    float momentum;          /* SGD */
    float weight_decay;      /* AdamW: decoupled; SGD and Adam: added to the gradient (L2) */
    float clip;              /* maximum global gradient norm; 0 turns clipping off */
    enum schedule_kind schedule;
    long warmup;      /* steps of linear warm-up (cosine schedule) */
    long decay_steps; /* the step at which cosine decay reaches min_lr */
    float min_lr;
};

/* Defaults of each kind (torch.optim's): lr 1e-3, betas 0.9/0.999, eps 1e-8, AdamW decay
 * 0.01, SGD lr 0.1 momentum 0.9; no clipping; constant schedule. */
void optim_config_default(struct optim_config *c, enum optim_kind kind);
/* The words of each kind, indexed by the enum and NULL-terminated: "sgd", "adam", "adamw";
 * "constant", "cosine". The command language takes its choices from them. */
extern const char *const optim_kind_words[];
extern const char *const schedule_kind_words[];
/* optim_kind_words[k], or "?" outside the enum. */
const char *optim_kind_name(enum optim_kind k);

/* The learning rate of step `step` (counted from 1). Cosine: linear warm-up from lr/warmup to
 * lr over `warmup` steps, then cosine decay to min_lr at decay_steps, min_lr after. */
float optim_lr_at(const struct optim_config *c, long step);

/* sqrt(sum g²) in double precision. */
double grad_global_norm(const float *grads, size_t n);
/* Scales grads so that their norm is at most max_norm; returns the factor applied (1 if none). */
float grad_clip(float *grads, size_t n, double norm, float max_norm);

/* One update of every parameter. m and v hold the optimizer state (n floats each; v unused
 * by SGD); step is the number of this update, counted from 1. */
void optim_update(const struct optim_config *c, float *params, const float *grads, float *m,
                  float *v, size_t n, long step);

#endif
