/* cmd_model.c: the `model NAME ... end` block and the table of layer lines it accepts.
 * This round checks a block completely (layer names, arguments, options) and then stops:
 * building the stack is wired in once src/nn exists (see model_exec). */
#include <stddef.h>

#include "lang/commands.h"
#include "lang/eval.h"
#include "lang/session.h"

#define END_OPTS {NULL, 0, NULL, 0, 0, NULL, NULL}

static const struct opt_spec width_arg[] = {
    {"width", VAL_INT, NULL, 1, 65536, NULL, "size of each token's vector"}, END_OPTS};
static const struct opt_spec units_arg[] = {
    {"units", VAL_INT, NULL, 1, 65536, NULL, "number of outputs"}, END_OPTS};
static const char *const position_kinds[] = {"learned", "sinusoidal", NULL};
static const struct opt_spec position_arg[] = {
    {"kind", VAL_ENUM, "learned", 0, 0, position_kinds, "learned vectors or fixed sinusoids"},
    END_OPTS};
static const struct opt_spec count_arg[] = {
    {"count", VAL_INT, "1", 1, 64, NULL, "how many blocks in a row"}, END_OPTS};
static const struct opt_spec rate_arg[] = {
    {"rate", VAL_FLOAT, NULL, 0, 0.99, NULL, "fraction of values zeroed while training"},
    END_OPTS};

static const struct opt_spec attention_opts[] = {
    {"heads", VAL_INT, "1", 1, 256, NULL, "attention heads; must divide the width"},
    {"causal", VAL_BOOL, "on", 0, 0, NULL, "a token sees only the tokens before it"},
    END_OPTS};
static const struct opt_spec block_opts[] = {
    {"heads", VAL_INT, "1", 1, 256, NULL, "attention heads; must divide the width"},
    {"ff", VAL_INT, NULL, 1, 262144, NULL, "width of the feed-forward layer (default 4 x width)"},
    {"dropout", VAL_FLOAT, "0", 0, 0.99, NULL, "dropout rate inside the block"},
    END_OPTS};
static const char *const activations[] = {"none", "relu", "gelu", "tanh", "sigmoid", NULL};
static const struct opt_spec dense_opts[] = {
    {"activation", VAL_ENUM, "none", 0, 0, activations, "applied after the product"},
    END_OPTS};
static const struct opt_spec lstm_opts[] = {
    {"layers", VAL_INT, "1", 1, 16, NULL, "stacked LSTM layers"}, END_OPTS};
static const struct opt_spec output_opts[] = {
    {"tied", VAL_BOOL, "off", 0, 0, NULL, "reuse the embedding matrix for the output"},
    END_OPTS};

const struct cmd_spec layer_table[] = {
    {"embedding", "A learned vector per token", "embedding WIDTH", NULL, width_arg, 1, 1, NULL,
     NULL, NULL},
    {"position", "Adds position information", "position [learned|sinusoidal]", NULL,
     position_arg, 0, 1, NULL, NULL, NULL},
    {"attention", "Multi-head self-attention", "attention [heads=INT] [causal=on|off]", NULL,
     NULL, 0, 0, attention_opts, NULL, NULL},
    {"block", "Transformer blocks: attention and feed-forward, with residuals and layer norm",
     "block [COUNT] [heads=INT] [ff=INT] [dropout=NUMBER]", NULL, count_arg, 0, 1, block_opts,
     NULL, NULL},
    {"lstm", "A long short-term memory layer", "lstm UNITS [layers=INT]", NULL, units_arg, 1, 1,
     lstm_opts, NULL, NULL},
    {"dense", "A fully connected layer", "dense UNITS [activation=none|relu|gelu|tanh|sigmoid]",
     NULL, units_arg, 1, 1, dense_opts, NULL, NULL},
    {"dropout", "Zeroes a fraction of values while training", "dropout RATE", NULL, rate_arg, 1,
     1, NULL, NULL, NULL},
    {"layernorm", "Layer normalisation", "layernorm", NULL, NULL, 0, 0, NULL, NULL, NULL},
    {"output", "Projects to one score per vocabulary entry", "output [tied=on|off]", NULL, NULL,
     0, 0, output_opts, NULL, NULL},
};
const size_t layer_table_count = sizeof layer_table / sizeof layer_table[0];

/* ---- model ---- */

static const struct opt_spec model_args[] = {
    {"name", VAL_WORD, NULL, 0, 0, NULL, "the model's name (several models live in a session)"},
    END_OPTS};

static enum al_status unknown_layer(struct cmd_ctx *c, const struct ast_line *l)
{
    const char *names[64];
    size_t n = layer_names(names, 64);
    cmd_fail(c, &l->pos, AL_EINVAL, "unknown layer '%s'", l->name);
    const char *near = diag_nearest(l->name, names, n < 64 ? n : 64);
    if (near)
        diag_suggest(c->diag, near);
    else
        cmd_fail(c, &l->pos, AL_EINVAL, "unknown layer '%s'; expected one of embedding, "
                 "position, attention, block, lstm, dense, dropout, layernorm, output", l->name);
    return AL_EINVAL;
}

static enum al_status model_check(struct cmd_ctx *c, const struct session *s)
{
    const struct ast_cmd *m = c->ast;
    if (m->nlayers == 0)
        return cmd_fail(c, &m->end_pos, AL_EINVAL,
                        "model '%s' has no layers; expected layer lines before 'end'",
                        cmd_arg(c, 0)->s);
    struct lang_value args[CMD_MAX_ARGS], opts[CMD_MAX_OPTS];
    for (int i = 0; i < m->nlayers; i++) {
        const struct cmd_spec *spec = layer_find(m->layers[i].name);
        if (!spec)
            return unknown_layer(c, &m->layers[i]);
        int nargs;
        if (eval_validate_line(s, spec, &m->layers[i], "layer", args, &nargs, opts, c->diag))
            return c->diag->status;
    }
    return AL_OK;
}

/* Second round: build the stack from the layer lines (in check, as a plan) and install it
 * here. Until then a checked block stops with a clear message. */
static enum al_status model_exec(struct cmd_ctx *c, struct session *s)
{
    (void)s;
    return cmd_fail(c, NULL, AL_ESTATE,
                    "model '%s' is well formed, but this build cannot build models yet",
                    cmd_arg(c, 0)->s);
}

const struct cmd_spec cmd_model_specs[] = {
    {"model", "Defines a named stack of layers, one a line, until 'end'", "model NAME",
     "  model tiny\n    embedding 64\n    position learned\n    block 2 heads=4 ff=256\n"
     "    output\n  end\n\nType 'help LAYER' (for example 'help block') for a layer's options.",
     model_args, 1, 1, NULL, model_check, model_exec},
};
const size_t cmd_model_count = sizeof cmd_model_specs / sizeof cmd_model_specs[0];
