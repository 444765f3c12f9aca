/* layer_table.c: for each layer kind, its word and its parameters (name, shape,
 * initialisation), derived from the layer's configuration and input width. Sizes, the arena
 * layout, summary and checkpoints all come from here; nothing keeps a parallel list. */
#include "nn/layer_table.h"

#include <stdio.h>

static const char *const kind_names[LAYER_KIND_COUNT] = {
    [LAYER_EMBEDDING] = "embedding", [LAYER_POSITION] = "position", [LAYER_DENSE] = "dense",
    [LAYER_LAYERNORM] = "layernorm", [LAYER_ATTENTION] = "attention", [LAYER_MLP] = "mlp",
    [LAYER_BLOCK] = "block",         [LAYER_LSTM] = "lstm",         [LAYER_DROPOUT] = "dropout",
    [LAYER_OUTPUT] = "output",       [LAYER_CLASSIFY] = "classify",
};

const char *layer_kind_name(enum layer_kind k)
{
    return k < LAYER_KIND_COUNT ? kind_names[k] : "?";
}

static void spec(struct param_spec *s, int *n, const char *name, int rows, int cols,
                 enum init_kind init, float scale)
{
    struct param_spec *p = &s[(*n)++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->rows = rows;
    p->cols = cols;
    p->init = init;
    p->init_scale = scale;
}

#define STD 0.02f /* GPT-2's initial standard deviation */

static void attention_specs(struct param_spec *s, int *n, const char *prefix, int c)
{
    char name[32];
    snprintf(name, sizeof name, "%sw_qkv", prefix);
    spec(s, n, name, 3 * c, c, INIT_NORMAL, STD);
    snprintf(name, sizeof name, "%sb_qkv", prefix);
    spec(s, n, name, 1, 3 * c, INIT_ZERO, 0);
    snprintf(name, sizeof name, "%sw_o", prefix);
    spec(s, n, name, c, c, INIT_NORMAL, STD);
    snprintf(name, sizeof name, "%sb_o", prefix);
    spec(s, n, name, 1, c, INIT_ZERO, 0);
}

static void mlp_specs(struct param_spec *s, int *n, const char *prefix, int c, int f)
{
    char name[32];
    snprintf(name, sizeof name, "%sw_fc", prefix);
    spec(s, n, name, f, c, INIT_NORMAL, STD);
    snprintf(name, sizeof name, "%sb_fc", prefix);
    spec(s, n, name, 1, f, INIT_ZERO, 0);
    snprintf(name, sizeof name, "%sw_proj", prefix);
    spec(s, n, name, c, f, INIT_NORMAL, STD);
    snprintf(name, sizeof name, "%sb_proj", prefix);
    spec(s, n, name, 1, c, INIT_ZERO, 0);
}

int layer_param_specs(const struct layer_config *cfg, int in_width, int vocab, int context,
                      struct param_spec specs[LAYER_MAX_PARAMS])
{
    int n = 0, c = in_width;
    switch (cfg->kind) {
    case LAYER_EMBEDDING:
        spec(specs, &n, "weight", vocab, cfg->units, INIT_NORMAL, STD);
        break;
    case LAYER_POSITION:
        if (cfg->position == POSITION_LEARNED)
            spec(specs, &n, "weight", context, c, INIT_NORMAL, STD);
        break;
    case LAYER_DENSE:
        spec(specs, &n, "weight", cfg->units, c, INIT_GLOROT, 0);
        spec(specs, &n, "bias", 1, cfg->units, INIT_ZERO, 0);
        break;
    case LAYER_LAYERNORM:
        spec(specs, &n, "weight", 1, c, INIT_ONE, 0);
        spec(specs, &n, "bias", 1, c, INIT_ZERO, 0);
        break;
    case LAYER_ATTENTION:
        attention_specs(specs, &n, "", c);
        break;
    case LAYER_MLP:
        mlp_specs(specs, &n, "", c, cfg->units);
        break;
    case LAYER_BLOCK:
        spec(specs, &n, "ln1.w", 1, c, INIT_ONE, 0);
        spec(specs, &n, "ln1.b", 1, c, INIT_ZERO, 0);
        attention_specs(specs, &n, "attn.", c);
        spec(specs, &n, "ln2.w", 1, c, INIT_ONE, 0);
        spec(specs, &n, "ln2.b", 1, c, INIT_ZERO, 0);
        mlp_specs(specs, &n, "mlp.", c, cfg->ff);
        break;
    case LAYER_LSTM:
        spec(specs, &n, "w_x", 4 * cfg->units, c, INIT_GLOROT, 0);
        spec(specs, &n, "w_h", 4 * cfg->units, cfg->units, INIT_GLOROT, 0);
        spec(specs, &n, "b", 1, 4 * cfg->units, INIT_FORGET_BIAS, 0);
        break;
    case LAYER_DROPOUT:
        break;
    case LAYER_OUTPUT:
        spec(specs, &n, "weight", vocab, c, INIT_NORMAL, STD);
        spec(specs, &n, "bias", 1, vocab, INIT_ZERO, 0);
        break;
    case LAYER_CLASSIFY:
        spec(specs, &n, "weight", cfg->classes, c, INIT_NORMAL, STD);
        spec(specs, &n, "bias", 1, cfg->classes, INIT_ZERO, 0);
        break;
    case LAYER_KIND_COUNT:
        break;
    }
    return n;
}

int layer_out_width(const struct layer_config *cfg, int in_width, int vocab)
{
    switch (cfg->kind) {
    case LAYER_EMBEDDING:
    case LAYER_DENSE:
    case LAYER_LSTM:
        return cfg->units;
    case LAYER_OUTPUT:
        return vocab;
    case LAYER_CLASSIFY:
        return cfg->classes;
    default:
        return in_width;
    }
}
