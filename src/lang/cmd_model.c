/* cmd_model.c: the `model NAME ... end` block and the table of layer lines it accepts, and
 * the commands over the session's models: summary, models, use, fork. A model block is
 * checked and built completely in the check phase (into a plan); exec only installs it. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/labelled.h"
#include "data/tokenizer.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/eval.h"
#include "lang/session.h"
#include "nn/model.h"
#include "viz/table.h"

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
    {"causal", VAL_BOOL, "on", 0, 0, NULL, "a token sees only the tokens before it"},
    END_OPTS};
static const char *const activations[] = {"none", "relu", "sigmoid", "tanh", "gelu", NULL};
static const struct opt_spec dense_opts[] = {
    {"activation", VAL_ENUM, "none", 0, 0, activations, "applied after the product"},
    END_OPTS};
static const struct opt_spec lstm_opts[] = {
    {"layers", VAL_INT, "1", 1, 16, NULL, "stacked LSTM layers"}, END_OPTS};
static const char *const pool_kinds[] = {"mean", "last", NULL};
static const struct opt_spec classify_opts[] = {
    {"pool", VAL_ENUM, "mean", 0, 0, pool_kinds,
     "how the sequence becomes one vector: the mean over its tokens, or its last token"},
    END_OPTS};

/* The order of activations[] is enum activation's (nn/dense.h). */
const struct cmd_spec layer_table[] = {
    {"embedding", "A learned vector per token (always the first layer)", "embedding WIDTH",
     NULL, width_arg, 1, 1, NULL, NULL, NULL},
    {"position", "Adds position information to each token's vector",
     "position [learned|sinusoidal]", NULL, position_arg, 0, 1, NULL, NULL, NULL},
    {"attention", "Multi-head self-attention with its projections (no residual)",
     "attention [heads=INT] [causal=on|off]", NULL, NULL, 0, 0, attention_opts, NULL, NULL},
    {"block", "Transformer blocks: pre-LayerNorm attention and MLP, with residuals",
     "block [COUNT] [heads=INT] [ff=INT] [causal=on|off]", NULL, count_arg, 0, 1, block_opts,
     NULL, NULL},
    {"lstm", "A long short-term memory layer, returning every step", "lstm UNITS [layers=INT]",
     NULL, units_arg, 1, 1, lstm_opts, NULL, NULL},
    {"dense", "A fully connected layer at every position",
     "dense UNITS [activation=none|relu|sigmoid|tanh|gelu]", NULL, units_arg, 1, 1, dense_opts,
     NULL, NULL},
    {"dropout", "Zeroes a fraction of values while training", "dropout RATE", NULL, rate_arg, 1,
     1, NULL, NULL, NULL},
    {"layernorm", "Layer normalisation of each token's vector", "layernorm", NULL, NULL, 0, 0,
     NULL, NULL, NULL},
    {"output", "Projects to one score per vocabulary entry (a language model's last layer)",
     "output", NULL, NULL, 0, 0, NULL, NULL, NULL},
    {"classify", "Pools the sequence and scores each label (a classifier's last layer)",
     "classify [pool=mean|last]", NULL, NULL, 0, 0, classify_opts, NULL, NULL},
};
const size_t layer_table_count = sizeof layer_table / sizeof layer_table[0];

/* ---- model ---- */

static const struct opt_spec model_args[] = {
    {"name", VAL_WORD, NULL, 0, 0, NULL, "the model's name (several models live in a session)"},
    END_OPTS};
static const struct opt_spec model_opts[] = {
    {"context", VAL_INT, "64", 1, 65536, NULL, "the longest sequence the model reads"},
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
                 "position, attention, block, lstm, dense, dropout, layernorm, output, classify",
                 l->name);
    return AL_EINVAL;
}

static void lab_model_free_plan(void *p)
{
    lab_model_free(p);
}

static const struct lang_value *opt_of(const struct cmd_spec *spec, struct lang_value *opts,
                                       const char *name)
{
    for (int k = 0; spec->opts && spec->opts[k].name; k++)
        if (strcmp(spec->opts[k].name, name) == 0)
            return &opts[k];
    return NULL;
}

/* Appends the layers of one validated line to net; returns how many layers it adds (-1 on
 * failure, reported at the line). */
static int add_line(struct cmd_ctx *c, struct model *net, const struct ast_line *line,
                    const struct cmd_spec *spec, struct lang_value *args, int nargs,
                    struct lang_value *opts, int nclasses)
{
    struct layer_config cfg = {0};
    int repeat = 1;
    const char *w = spec->name;
    long long a0 = nargs > 0 ? args[0].i : 0;
    if (!strcmp(w, "embedding")) {
        cfg = (struct layer_config){.kind = LAYER_EMBEDDING, .units = (int)a0};
    } else if (!strcmp(w, "position")) {
        cfg = (struct layer_config){.kind = LAYER_POSITION,
                                    .position = nargs && a0 == 1 ? POSITION_SINUSOID
                                                                 : POSITION_LEARNED};
    } else if (!strcmp(w, "attention") || !strcmp(w, "block")) {
        int width = net->nlayers ? net->layers[net->nlayers - 1].out_width : 0;
        const struct lang_value *ff = opt_of(spec, opts, "ff");
        cfg = (struct layer_config){
            .kind = w[0] == 'a' ? LAYER_ATTENTION : LAYER_BLOCK,
            .heads = (int)opt_of(spec, opts, "heads")->i,
            .bidirectional = !opt_of(spec, opts, "causal")->i,
            .ff = ff && ff->set ? (int)ff->i : 4 * width};
        repeat = w[0] == 'b' && nargs ? (int)a0 : 1;
    } else if (!strcmp(w, "lstm")) {
        cfg = (struct layer_config){.kind = LAYER_LSTM, .units = (int)a0};
        repeat = (int)opt_of(spec, opts, "layers")->i;
    } else if (!strcmp(w, "dense")) {
        cfg = (struct layer_config){.kind = LAYER_DENSE, .units = (int)a0,
                                    .act = (enum activation)opt_of(spec, opts, "activation")->i};
    } else if (!strcmp(w, "dropout")) {
        cfg = (struct layer_config){.kind = LAYER_DROPOUT, .rate = (float)args[0].f};
    } else if (!strcmp(w, "layernorm")) {
        cfg = (struct layer_config){.kind = LAYER_LAYERNORM};
    } else if (!strcmp(w, "output")) {
        cfg = (struct layer_config){.kind = LAYER_OUTPUT};
    } else {
        if (nclasses == 1) { /* a TSV is loaded, but every line has the same label */
            cmd_fail(c, &line->pos, AL_ESTATE,
                     "classify needs two classes or more, and the loaded TSV has one label");
            return -1;
        }
        if (nclasses < 2) {
            cmd_fail(c, &line->pos, AL_ESTATE,
                     "classify needs labelled data: load a TSV file of label<TAB>text first");
            return -1;
        }
        cfg = (struct layer_config){.kind = LAYER_CLASSIFY, .classes = nclasses,
                                    .pool = (enum pool_kind)opt_of(spec, opts, "pool")->i};
    }
    for (int r = 0; r < repeat; r++) {
        struct al_error err;
        if (model_add(net, &cfg, &err) != AL_OK) {
            cmd_fail_error(c, &line->pos, &err);
            return -1;
        }
    }
    return repeat;
}

/* Every layer line against its spec, before anything is built: a typo is reported
 * whether or not data is loaded. */
static enum al_status validate_lines(struct cmd_ctx *c, const struct session *s)
{
    const struct ast_cmd *m = c->ast;
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

static enum al_status build_layers(struct cmd_ctx *c, const struct session *s,
                                   struct model *net, int nclasses)
{
    const struct ast_cmd *m = c->ast;
    struct lang_value args[CMD_MAX_ARGS], opts[CMD_MAX_OPTS];
    for (int i = 0; i < m->nlayers; i++) {
        const struct cmd_spec *spec = layer_find(m->layers[i].name);
        int nargs;
        if (eval_validate_line(s, spec, &m->layers[i], "layer", args, &nargs, opts, c->diag))
            return c->diag->status;
        if (add_line(c, net, &m->layers[i], spec, args, nargs, opts, nclasses) < 0)
            return AL_EINVAL;
    }
    struct al_error err;
    if (model_check_complete(net, &err) != AL_OK)
        return cmd_fail(c, &m->end_pos, AL_EINVAL, "%s", err.msg);
    return AL_OK;
}

static enum al_status copy_class_names(struct cmd_ctx *c, const struct session *s,
                                       struct lab_model *lm, int nclasses)
{
    lm->class_names = calloc((size_t)nclasses, sizeof *lm->class_names);
    if (!lm->class_names)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    lm->nclasses = nclasses;
    for (int k = 0; k < nclasses; k++)
        if (!(lm->class_names[k] = strdup(s->lab.labelled->label_names[k])))
            return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    return AL_OK;
}

static enum al_status model_check(struct cmd_ctx *c, const struct session *s)
{
    const struct ast_cmd *m = c->ast;
    if (m->nlayers == 0)
        return cmd_fail(c, &m->end_pos, AL_EINVAL,
                        "model '%s' has no layers; expected layer lines before 'end'",
                        cmd_arg(c, 0)->s);
    if (validate_lines(c, s) != AL_OK)
        return AL_EINVAL;
    const struct tokenizer *tok = lab_data_tokenizer(&s->lab);
    if (!tok)
        return cmd_fail(c, NULL, AL_ESTATE,
                        "no data is loaded: the model's vocabulary comes from it (load first)");
    int nclasses = s->lab.labelled ? s->lab.labelled->nlabels : 0;
    struct model *net = model_new(tok_vocab_size(tok), (int)cmd_opt(c, "context")->i);
    struct lab_model *lm = net ? lab_model_new(cmd_arg(c, 0)->s, net, tok) : NULL;
    if (!lm) {
        model_free(net);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    c->plan = lm;
    c->plan_free = lab_model_free_plan;
    if (build_layers(c, s, net, nclasses) != AL_OK)
        return AL_EINVAL;
    if (model_is_classifier(net))
        return copy_class_names(c, s, lm, nclasses);
    return AL_OK;
}

static enum al_status model_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *lm = c->plan;
    int replaced = lab_find(&s->lab, lm->name) != NULL;
    struct al_error err;
    if (lab_add_model(&s->lab, lm, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    c->plan = NULL;
    cmd_printf(c, "model %s: %d layers, %zu parameters%s; compile it next", lm->name,
               lm->net->nlayers, lm->net->param_floats, replaced ? " (replaces the old one)" : "");
    return AL_OK;
}

/* ---- summary ---- */

static const struct opt_spec name_arg[] = {
    {"name", VAL_WORD, NULL, 0, 0, NULL, "a model's name"}, END_OPTS};

static enum al_status find_model(struct cmd_ctx *c, const struct session *s, int optional,
                                 struct lab_model **out)
{
    const struct lang_value *name = cmd_arg(c, 0);
    if (name->set) {
        *out = lab_find(&s->lab, name->s);
        if (!*out)
            return cmd_fail(c, &name->pos, AL_EINVAL, "no model named '%s'", name->s);
        return AL_OK;
    }
    *out = lab_current(&s->lab);
    if (!*out && !optional)
        return cmd_fail(c, NULL, AL_ESTATE, "no model yet: define one with model NAME ... end");
    return AL_OK;
}

static char *cell_printf(const char *fmt, long long a, long long b)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, a, b);
    return strdup(buf);
}

static enum al_status summary_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *lm;
    if (find_model(c, s, 0, &lm) != AL_OK)
        return AL_EINVAL;
    const struct model *net = lm->net;
    int rows = net->nlayers;
    char **cells = calloc((size_t)(rows + 1) * 3, sizeof *cells);
    if (!cells)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    for (int i = 0; i < rows; i++) {
        const struct layer *l = &net->layers[i];
        char name[64];
        snprintf(name, sizeof name, "%s (%s)", l->name, layer_kind_name(l->cfg.kind));
        cells[3 * i] = strdup(name);
        cells[3 * i + 1] = l->cfg.kind == LAYER_CLASSIFY
                               ? cell_printf("(batch, %lld)", l->out_width, 0)
                               : cell_printf("(batch, %lld, %lld)", net->context, l->out_width);
        cells[3 * i + 2] = cell_printf("%lld", (long long)model_layer_param_count(net, i), 0);
    }
    cells[3 * rows] = strdup("Total");
    cells[3 * rows + 2] = cell_printf("%lld", (long long)net->param_floats, 0);
    struct viz_options vo = draw_viz(s);
    static const struct table_column cols[] = {
        {"Layer (type)", TABLE_LEFT}, {"Output shape", TABLE_LEFT}, {"Param #", TABLE_RIGHT}};
    char title[160];
    snprintf(title, sizeof title, "model %s: vocabulary %d, context %d%s", lm->name, net->vocab,
             net->context, net->compiled ? "" : " (not compiled)");
    draw_table(c, &vo, cols, 3, (const char *const *)cells, rows + 1, title, 100);
    for (int i = 0; i < 3 * (rows + 1); i++)
        free(cells[i]);
    free(cells);
    if (net->compiled)
        cmd_printf(c, "optimizer %s, lr %g, %ld steps taken; optimizer state %zu parameters",
                   optim_kind_name(net->optim.kind), net->optim.lr, net->step,
                   net->optim.kind == OPTIM_SGD ? net->param_floats : 2 * net->param_floats);
    return AL_OK;
}

/* ---- models, use, fork ---- */

static enum al_status models_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lab *l = &s->lab;
    if (l->nmodels == 0) {
        cmd_emit_text(c, "no models yet: define one with model NAME ... end");
        return AL_OK;
    }
    char **cells = calloc((size_t)l->nmodels * 5, sizeof *cells);
    if (!cells)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    for (int i = 0; i < l->nmodels; i++) {
        const struct lab_model *m = l->models[i];
        char name[80], loss[32] = "-";
        snprintf(name, sizeof name, "%s%s", i == l->current ? "* " : "  ", m->name);
        if (m->train.n)
            snprintf(loss, sizeof loss, "%.4f", m->train.loss[m->train.n - 1]);
        cells[5 * i] = strdup(name);
        cells[5 * i + 1] = cell_printf("%lld", m->net->nlayers, 0);
        cells[5 * i + 2] = cell_printf("%lld", (long long)m->net->param_floats, 0);
        cells[5 * i + 3] = cell_printf("%lld", m->net->step, 0);
        cells[5 * i + 4] = strdup(loss);
    }
    struct viz_options vo = draw_viz(s);
    static const struct table_column cols[] = {{"model", TABLE_LEFT},
                                               {"layers", TABLE_RIGHT},
                                               {"params", TABLE_RIGHT},
                                               {"steps", TABLE_RIGHT},
                                               {"last loss", TABLE_RIGHT}};
    draw_table(c, &vo, cols, 5, (const char *const *)cells, l->nmodels, NULL, 100);
    for (int i = 0; i < 5 * l->nmodels; i++)
        free(cells[i]);
    free(cells);
    return AL_OK;
}

static enum al_status use_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    return find_model(c, s, 0, &m);
}

static enum al_status use_exec(struct cmd_ctx *c, struct session *s)
{
    s->lab.current = lab_index(&s->lab, cmd_arg(c, 0)->s);
    cmd_printf(c, "current model: %s", cmd_arg(c, 0)->s);
    return AL_OK;
}

static enum al_status fork_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *name = cmd_arg(c, 0);
    if (!lab_current(&s->lab))
        return cmd_fail(c, NULL, AL_ESTATE, "no model to fork yet");
    if (lab_find(&s->lab, name->s))
        return cmd_fail(c, &name->pos, AL_EINVAL, "a model named '%s' exists already",
                        name->s);
    struct lab_model *copy = lab_model_clone(lab_current(&s->lab), name->s);
    if (!copy)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    c->plan = copy;
    c->plan_free = lab_model_free_plan;
    return AL_OK;
}

static enum al_status fork_exec(struct cmd_ctx *c, struct session *s)
{
    const char *from = lab_current(&s->lab)->name;
    struct lab_model *copy = c->plan;
    char origin[64];
    snprintf(origin, sizeof origin, "%s", from);
    struct al_error err;
    if (lab_add_model(&s->lab, copy, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    c->plan = NULL;
    cmd_printf(c, "%s is a copy of %s at step %ld (parameters, optimizer state, history); it is "
                  "now the current model",
               copy->name, origin, copy->net->step);
    return AL_OK;
}

const struct cmd_spec cmd_model_specs[] = {
    {"model", "Defines a named stack of layers, one a line, until 'end'",
     "model NAME [context=64]",
     "  model tiny\n    embedding 64\n    position learned\n    block 2 heads=4 ff=256\n"
     "    layernorm\n    output\n  end\n\nThe vocabulary comes from the loaded data. A language "
     "model ends with output, a classifier with classify. Type 'help LAYER' (for example "
     "'help block') for a layer's options.",
     model_args, 1, 1, model_opts, model_check, model_exec},
    {"summary", "Shows a model's layers, output shapes and parameter counts", "summary [NAME]",
     NULL, name_arg, 0, 1, NULL, NULL, summary_exec},
    {"models", "Lists the session's models; * marks the current one", "models", NULL, NULL, 0,
     0, NULL, NULL, models_exec},
    {"use", "Makes another model the current one", "use NAME", NULL, name_arg, 1, 1, NULL,
     use_check, use_exec},
    {"fork", "Copies the current model, optimizer state and history included, under a new name",
     "fork NAME",
     "Train the copy with other settings and compare both curves with plot.", name_arg, 1, 1,
     NULL, fork_check, fork_exec},
};
const size_t cmd_model_count = sizeof cmd_model_specs / sizeof cmd_model_specs[0];
