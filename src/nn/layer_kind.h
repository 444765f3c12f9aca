/* layer_kind.h: what a layer kind is. Each kind is one descriptor, struct layer_kind_desc,
 * defined in its own file (src/nn/layer_WORD.c) and listed once in nn/layer_kinds.h: its
 * word, the options of its layer line, its parameters, its buffers, its forward and backward
 * passes and its FLOP count. The model (model.c, model_run.c), the language's layer lines,
 * `help`, the summary and the configuration text all read the descriptor; nothing keeps a
 * parallel list.
 *
 * The conventions every kind follows (and the kernels under them):
 *  - forward writes all of l->out: [n,out_width] with n = B·T, or [B,out_width] for a kind
 *    with LAYER_POOLS. in is the previous layer's output [n,in_width] (NULL for the kind
 *    that reads tokens).
 *  - backward OVERWRITES din [n,in_width] (NULL for the first layer: tokens have no
 *    gradient) and ACCUMULATES into its parameters' gradients (the model zeroes them once per
 *    step). It may use dout as scratch: dout is the model's ping-pong buffer.
 *  - Nothing allocates: every buffer was carved at compile time for the largest batch. */
#ifndef ATTNLAB_NN_LAYER_KIND_H
#define ATTNLAB_NN_LAYER_KIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"
#include "nn/model.h"

#define LAYER_MAX_PARAMS 12
#define LAYER_MAX_OPTS 8

/* One parameter tensor of a kind: the model names it LAYERNAME.name ("block1.ln1.w"). */
struct param_spec {
    char name[32];
    int rows, cols;
    enum init_kind init;
    float init_scale;
};

#define LAYER_INIT_STD 0.02f /* GPT-2's initial standard deviation */

enum layer_opt_type { LAYER_OPT_INT, LAYER_OPT_FLOAT, LAYER_OPT_BOOL, LAYER_OPT_ENUM };

enum {
    LAYER_OPT_POSITIONAL = 1, /* written without key=, in the order of the list */
    LAYER_OPT_REQUIRED = 2,   /* a positional argument that must be written */
    LAYER_OPT_REPEAT = 4,     /* no field: how many copies of the layer the line adds */
    LAYER_OPT_NEGATE = 8,     /* a bool stored negated (causal=on is bidirectional = 0) */
    LAYER_OPT_INTERNAL = 16   /* set by the program, not written on a layer line */
};

/* One argument or option of a kind's layer line ("block 2 heads=4"), stored in one field of
 * struct layer_config: an int (INT, BOOL as 0/1, ENUM as the index of its word) or a float. */
struct layer_opt {
    const char *name;
    enum layer_opt_type type;
    const char *def;          /* the default as written; NULL: none (the field stays 0) */
    double min, max;          /* range of INT and FLOAT, used when min < max */
    const char *const *words; /* ENUM: the words, NULL-terminated, in the enum's order */
    const char *help;
    unsigned flags; /* LAYER_OPT_* */
    size_t field;   /* offsetof(struct layer_config, ...) */
};

enum {
    LAYER_READS_TOKENS = 1, /* the first layer of every model */
    LAYER_ONCE = 2,         /* at most one per model */
    LAYER_ENDS = 4,         /* the last layer: the loss scores its output */
    LAYER_POOLS = 8,        /* one output row per sequence ([B,out]), not one per position */
    LAYER_LABELS = 16,      /* cfg.classes is the number of labels of the data */
    LAYER_NO_LINE = 32,     /* built by programs only: no layer line in the language */
    LAYER_RECURRENT = 64    /* a position depends on earlier ones through state that cached
                               generation does not keep (LSTM): such a model runs uncached */
};

/* What forward and backward receive besides the layer: the batch [b,t] of the pass. */
struct layer_pass {
    int b, t;
    int training; /* dropout on, drawing from rng */
    struct rng *rng;
    const int32_t *tokens;         /* [b,t] */
    const int32_t *lengths;        /* [b] true lengths for pooling; NULL: all t */
    const struct param *embedding; /* the embedding's weight [vocab,C], for a tied output */
    /* Cached generation (model_forward_cached): b = 1 and the t rows are positions pos0..;
     * attention keeps keys and values across calls. pos0 is 0 in an ordinary pass. */
    int cached, pos0;
    /* The first row the model's last layer must compute (the rows before it are left as they
     * were): 0 in every pass but generation's, which needs the last position's scores only. */
    int first_out;
};

struct layer_kind_desc {
    const char *word;             /* "embedding", "block", ... */
    const char *summary;          /* one line for help, no final period */
    const struct layer_opt *opts; /* terminated by a NULL name; NULL: none */
    unsigned flags;               /* LAYER_READS_TOKENS ... */
    /* Checks the configuration's own numbers and its fit to the input width, and fills in
     * defaults that depend on the width. NULL: nothing to check. */
    enum al_status (*configure)(struct layer_config *cfg, int in_width, struct al_error *err);
    /* Features per position after the layer; NULL: in_width. */
    int (*out_width)(const struct layer_config *cfg, int in_width, int vocab);
    /* Fills specs with its parameters, in the order of the kind's index enum; returns how
     * many. NULL: none. */
    int (*params)(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec specs[LAYER_MAX_PARAMS]);
    /* Fills sizes (floats) of its buffers for batches up to [b,t]; returns how many
     * (at most LAYER_MAX_BUFFERS). NULL: none. */
    int (*buffers)(const struct layer *l, int b, int t, int context, size_t *sizes);
    /* After compile: fills the buffers that stay constant (a sinusoid table). NULL: none. */
    void (*init)(struct layer *l, int context);
    /* p = the layer's parameters (model->params + l->param0), indexed by the kind's enum. */
    void (*forward)(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps);
    void (*backward)(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps);
    /* FLOPs of its matrix products (and attention) in one training step, forward and
     * backward. NULL: 0 (elementwise work is not counted). */
    double (*flops)(const struct layer *l, int b, int t);
    /* The attention probabilities [B,H,T,T] kept by forward. NULL: none. */
    const float *(*attention)(const struct layer *l);
};

/* Every kind's descriptor, layer_embedding, layer_block, ... */
#define LAYER_KIND_DECLARE(NAME, word) extern const struct layer_kind_desc layer_##word;
LAYER_KIND_LIST(LAYER_KIND_DECLARE)
#undef LAYER_KIND_DECLARE

/* The registry, indexed by enum layer_kind. */
extern const struct layer_kind_desc *const layer_kinds[LAYER_KIND_COUNT];

/* The descriptor of kind k; NULL when k is not a kind. */
const struct layer_kind_desc *layer_kind(enum layer_kind k);
/* The kind spelled word; -1 when none. */
int layer_kind_find(const char *word);

/* Fills one parameter spec. */
void layer_param_spec(struct param_spec *s, const char *name, int rows, int cols,
                      enum init_kind init, float scale);
/* For kinds whose width is cfg->units: the check (1..65536) and the output width. */
enum al_status layer_check_units(const struct layer_config *cfg, struct al_error *err);
int layer_units_width(const struct layer_config *cfg, int in_width, int vocab);

/* An option's value in cfg (an enum as its index, a bool as 0/1 before negation) and
 * storing one. A LAYER_OPT_REPEAT option has no field: load gives 1, store does nothing. */
double layer_opt_load(const struct layer_config *cfg, const struct layer_opt *o);
void layer_opt_store(struct layer_config *cfg, const struct layer_opt *o, double value);

/* Resets cfg to kind k with every option at its default. */
void layer_config_defaults(struct layer_config *cfg, enum layer_kind k);

/* Writes cfg as a layer line, every option spelled out and repeats left out ("block
 * heads=4 ff=256 causal=on", "classify pool=mean classes=3"), into buf (n bytes, always
 * terminated). Returns the length it needed, like snprintf. */
size_t layer_config_text(const struct layer_config *cfg, char *buf, size_t n);
/* Parses such a line (internal options accepted, defaults filled in) into cfg; *repeat
 * (may be NULL) receives its repeat count. */
enum al_status layer_config_parse(const char *text, struct layer_config *cfg, int *repeat,
                                  struct al_error *err);

#endif
