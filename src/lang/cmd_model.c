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
#include "lang/keras.h"
#include "lang/session.h"
#include "nn/layer_kind.h"
#include "nn/model.h"
#include "nn/parallel.h"
#include "viz/table.h"

/* ---- layer lines ---- */

/* The lines a model block accepts, one per layer kind (but those marked LAYER_NO_LINE),
 * built once from nn's descriptors (nn/layer_kind.h): the checks, `help`, completion and
 * the reference all read these specs. */
struct layer_line {
    struct cmd_spec spec;
    enum layer_kind kind;
    struct opt_spec args[LAYER_MAX_OPTS + 1], opts[LAYER_MAX_OPTS + 1];
    const struct layer_opt *arg_of[LAYER_MAX_OPTS], *opt_of[LAYER_MAX_OPTS];
    char usage[200];
};

static struct layer_line lines[LAYER_KIND_COUNT];
static size_t nlines;

static const enum val_type val_types[] = {[LAYER_OPT_INT] = VAL_INT,
                                          [LAYER_OPT_FLOAT] = VAL_FLOAT,
                                          [LAYER_OPT_BOOL] = VAL_BOOL,
                                          [LAYER_OPT_ENUM] = VAL_ENUM};

static struct opt_spec spec_of(const struct layer_opt *o)
{
    return (struct opt_spec){.name = o->name,
                             .type = val_types[o->type],
                             .def = o->def,
                             .min = o->min,
                             .max = o->max,
                             .words = o->words,
                             .help = o->help};
}

/* "block [COUNT] [heads=INT] [ff=INT] [causal=on|off]" */
static void write_usage(struct layer_line *ll, int nargs, int nopts)
{
    size_t n = sizeof ll->usage, len = (size_t)snprintf(ll->usage, n, "%s", ll->spec.name);
    for (int k = 0; k < nargs + nopts && len < n; k++) {
        const struct opt_spec *o = k < nargs ? &ll->args[k] : &ll->opts[k - nargs];
        char type[160], upper[32];
        const char *t = cmd_type_name(o, type, sizeof type);
        size_t j = 0;
        for (; o->name[j] && j + 1 < sizeof upper; j++)
            upper[j] =
                (char)(o->name[j] >= 'a' && o->name[j] <= 'z' ? o->name[j] - 32 : o->name[j]);
        upper[j] = '\0';
        if (k >= nargs)
            len += (size_t)snprintf(ll->usage + len, n - len, " [%s=%s]", o->name, t);
        else if (k < ll->spec.min_args)
            len += (size_t)snprintf(ll->usage + len, n - len, " %s", upper);
        else
            len += (size_t)snprintf(ll->usage + len, n - len, " [%s]",
                                    o->type == VAL_ENUM ? t : upper);
    }
}

/* Keras ends a model with Dense(N, activation='softmax'); the dense line takes that word
 * too (see keras_output), after nn's activations and in their order. */
static const char *const *dense_words(void)
{
    static const char *words[ACT_COUNT + 2];
    if (!words[0]) {
        for (int k = 0; k < ACT_COUNT; k++)
            words[k] = activation_words[k];
        words[ACT_COUNT] = "softmax";
    }
    return words;
}
#define ACTIVATION_SOFTMAX ACT_COUNT

static void build_line(struct layer_line *ll, enum layer_kind kind)
{
    const struct layer_kind_desc *d = layer_kinds[kind];
    int nargs = 0, nopts = 0, required = 0;
    for (const struct layer_opt *o = d->opts; o && o->name; o++) {
        if (o->flags & LAYER_OPT_INTERNAL)
            continue;
        if (o->flags & LAYER_OPT_POSITIONAL) {
            required += (o->flags & LAYER_OPT_REQUIRED) != 0;
            ll->arg_of[nargs] = o;
            ll->args[nargs++] = spec_of(o);
        } else {
            ll->opt_of[nopts] = o;
            ll->opts[nopts++] = spec_of(o);
            if (kind == LAYER_DENSE && !strcmp(o->name, "activation")) {
                ll->opts[nopts - 1].words = dense_words();
                ll->opts[nopts - 1].help =
                    "applied after the product; softmax only on the last layer, as Keras "
                    "writes an output";
            }
        }
    }
    ll->kind = kind;
    ll->spec = (struct cmd_spec){.name = d->word,
                                 .summary = d->summary,
                                 .args = nargs ? ll->args : NULL,
                                 .min_args = required,
                                 .max_args = nargs,
                                 .opts = nopts ? ll->opts : NULL};
    write_usage(ll, nargs, nopts);
    ll->spec.usage = ll->usage;
    if (kind == LAYER_DENSE)
        ll->spec.help = "As the last layer, dense VOCAB activation=softmax (Keras's way) is the "
                        "output layer of a language model, and dense LABELS activation=softmax "
                        "a classifier's classify layer: the softmax belongs to the loss.";
}

static void build_lines(void)
{
    if (nlines)
        return;
    for (int k = 0; k < LAYER_KIND_COUNT; k++)
        if (!(layer_kinds[k]->flags & LAYER_NO_LINE))
            build_line(&lines[nlines++], (enum layer_kind)k);
}

static const struct layer_line *line_find(const char *word)
{
    build_lines();
    for (size_t i = 0; i < nlines; i++)
        if (strcmp(lines[i].spec.name, word) == 0)
            return &lines[i];
    return NULL;
}

const struct cmd_spec *layer_find(const char *name)
{
    const struct layer_line *ll = line_find(name);
    return ll ? &ll->spec : NULL;
}

size_t layer_names(const char **out, size_t max)
{
    build_lines();
    for (size_t i = 0; i < nlines && i < max; i++)
        out[i] = lines[i].spec.name;
    return nlines;
}

/* ---- model ---- */

static const struct opt_spec model_args[] = {
    {.name = "name",
     .type = VAL_WORD,
     .help = "the model's name (several models live in a session)"},
    CMD_OPTS_END,
};
static const struct opt_spec model_opts[] = {
    {.name = "context",
     .type = VAL_INT,
     .def = "64",
     .min = 1,
     .max = 65536,
     .help = "the longest sequence the model reads"},
    CMD_OPTS_END,
};

static enum al_status unknown_layer(struct cmd_ctx *c, const struct ast_line *l)
{
    const char *names[LAYER_KIND_COUNT];
    size_t n = layer_names(names, LAYER_KIND_COUNT);
    const char *keras = keras_hint(l->name, NULL);
    if (keras)
        return cmd_fail(c, &l->pos, AL_EINVAL, "unknown layer '%s': %s", l->name, keras);
    cmd_fail(c, &l->pos, AL_EINVAL, "unknown layer '%s'", l->name);
    const char *near = diag_nearest(l->name, names, n);
    if (near) {
        diag_suggest(c->diag, near);
        return AL_EINVAL;
    }
    char list[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    cmd_fail(c, &l->pos, AL_EINVAL, "unknown layer '%s'; expected one of %s", l->name, list);
    return AL_EINVAL;
}

static void lab_model_free_plan(void *p)
{
    lab_model_free(p);
}

/* Stores one written (or defaulted) value into cfg, or into *repeat. */
static void store_value(struct layer_config *cfg, int *repeat, const struct layer_opt *o,
                        const struct lang_value *v)
{
    if (!v->set)
        return;
    double x = o->type == LAYER_OPT_FLOAT ? v->f : (double)v->i;
    if (o->flags & LAYER_OPT_REPEAT)
        *repeat = (int)v->i;
    else
        layer_opt_store(cfg, o, x);
}

/* Keras ends a model with Dense(N, activation='softmax'). Here the softmax is part of the
 * loss (crossentropy takes the scores, the logits), so that last line means the output layer
 * of a language model (N = the vocabulary) or a classifier's classify (N = the labels; it
 * pools the sequence by its mean, as Keras's GlobalAveragePooling1D). Anywhere else, or
 * with another N, the error says what to write. */
static int keras_output(struct cmd_ctx *c, const struct model *net, const struct ast_line *line,
                        int units, int last, int nclasses, struct layer_config *cfg)
{
    if (!last) {
        cmd_fail(c, &line->pos, AL_EINVAL,
                 "activation=softmax belongs to the last layer (the softmax is part of the "
                 "loss); here use relu, tanh, sigmoid or gelu");
        return -1;
    }
    if (nclasses >= 2) {
        if (units != nclasses) {
            cmd_fail(c, &line->pos, AL_EINVAL,
                     "a classifier's last layer has one unit per label: the data has %d "
                     "labels; write dense %d activation=softmax (or classify)",
                     nclasses, nclasses);
            return -1;
        }
        layer_config_defaults(cfg, LAYER_CLASSIFY);
        cfg->classes = nclasses;
        cfg->pool = POOL_MEAN;
        return 0;
    }
    if (units != net->vocab) {
        cmd_fail(c, &line->pos, AL_EINVAL,
                 "a language model's last layer has one unit per token of the vocabulary: the "
                 "loaded data has %d; write dense %d activation=softmax (or output)",
                 net->vocab, net->vocab);
        return -1;
    }
    layer_config_defaults(cfg, LAYER_OUTPUT);
    return 0;
}

/* Whether the block ends on Keras's output line (dense N activation=softmax). */
static int ends_on_keras_output(const struct ast_cmd *m)
{
    if (m->nlayers == 0 || strcmp(m->layers[m->nlayers - 1].name, "dense") != 0)
        return 0;
    const struct ast_line *l = &m->layers[m->nlayers - 1];
    for (int i = 0; i < l->nopts; i++)
        if (!strcmp(l->opts[i].key, "activation") && l->opts[i].value.text &&
            !strcmp(l->opts[i].value.text, "softmax"))
            return 1;
    return 0;
}

/* Appends the layers of one validated line to net; returns how many layers it adds (-1 on
 * failure, reported at the line). */
static int add_line(struct cmd_ctx *c, struct model *net, const struct ast_line *line,
                    const struct layer_line *ll, struct lang_value *args, int nargs,
                    struct lang_value *opts, int nclasses, int last)
{
    struct layer_config cfg;
    layer_config_defaults(&cfg, ll->kind);
    int repeat = 1;
    for (int k = 0; ll->kind == LAYER_DENSE && ll->spec.opts && ll->spec.opts[k].name; k++)
        if (!strcmp(ll->spec.opts[k].name, "activation") && opts[k].i == ACTIVATION_SOFTMAX) {
            if (keras_output(c, net, line, nargs ? (int)args[0].i : 0, last, nclasses, &cfg) < 0)
                return -1;
            struct al_error err;
            if (model_add(net, &cfg, &err) != AL_OK) {
                cmd_fail_error(c, &line->pos, &err);
                return -1;
            }
            return 1;
        }
    for (int k = 0; k < nargs; k++)
        store_value(&cfg, &repeat, ll->arg_of[k], &args[k]);
    for (int k = 0; ll->spec.opts && ll->spec.opts[k].name; k++)
        store_value(&cfg, &repeat, ll->opt_of[k], &opts[k]);
    if (layer_kinds[ll->kind]->flags & LAYER_LABELS) {
        if (nclasses == 1) { /* a TSV is loaded, but every line has the same label */
            cmd_fail(c, &line->pos, AL_ESTATE,
                     "%s needs two classes or more, and the loaded TSV has one label",
                     ll->spec.name);
            return -1;
        }
        if (nclasses < 2) {
            cmd_fail(c, &line->pos, AL_ESTATE,
                     "%s needs labelled data: load a TSV file of label<TAB>text first",
                     ll->spec.name);
            return -1;
        }
        cfg.classes = nclasses;
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

static enum al_status build_layers(struct cmd_ctx *c, const struct session *s, struct model *net,
                                   int nclasses)
{
    const struct ast_cmd *m = c->ast;
    struct lang_value args[CMD_MAX_ARGS], opts[CMD_MAX_OPTS];
    for (int i = 0; i < m->nlayers; i++) {
        const struct layer_line *ll = line_find(m->layers[i].name);
        int nargs;
        if (eval_validate_line(s, &ll->spec, &m->layers[i], "layer", args, &nargs, opts, c->diag))
            return c->diag->status;
        if (add_line(c, net, &m->layers[i], ll, args, nargs, opts, nclasses, i == m->nlayers - 1) <
            0)
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
    const struct lab_model *old = lab_find(&s->lab, lm->name);
    long old_step = old ? old->net->step : 0;
    char kept[sizeof lm->name];
    struct al_error err;
    if (lab_add_model(&s->lab, lm, old_step > 0, kept, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    c->plan = NULL;
    char note[224] = "";
    if (kept[0])
        snprintf(note, sizeof note, " (the trained %s, at step %ld, is kept as %s)", lm->name,
                 old_step, kept);
    else if (old)
        snprintf(note, sizeof note, " (replaces the old one)");
    cmd_printf(c, "model %s: %d layers, %zu parameters%s; compile it next", lm->name,
               lm->net->nlayers, lm->net->param_floats, note);
    if (ends_on_keras_output(c->ast))
        cmd_printf(c,
                   "note: the last line, dense with activation=softmax, is the %s layer: "
                   "the softmax belongs to the loss, so the layer gives scores (logits), "
                   "and predict turns them into probabilities",
                   model_is_classifier(lm->net) ? "classify" : "output");
    return AL_OK;
}

/* ---- summary ---- */

static const struct opt_spec name_arg[] = {
    {.name = "name", .type = VAL_WORD, .help = "a model's name"},
    CMD_OPTS_END,
};

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
        cells[3 * i + 1] = layer_kinds[l->cfg.kind]->flags & LAYER_POOLS
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
    if (net->compiled && net->inference)
        cmd_printf(c,
                   "compiled for inference: %.0f MB, no gradients or optimizer state (compile "
                   "to train); %d positions a pass, longer texts through the cache",
                   net->arena.capacity / 1048576.0, net->max_t);
    else if (net->compiled) {
        char ranks[48] = "";
        if (model_world_size(net) > 1)
            snprintf(ranks, sizeof ranks, " in each of %d processes (MPI)", model_world_size(net));
        cmd_printf(c,
                   "optimizer %s, lr %g, %ld steps taken; optimizer state %zu parameters; "
                   "%d thread%s%s",
                   optim_kind_name(net->optim.kind), net->optim.lr, net->step,
                   net->optim.kind == OPTIM_SGD ? net->param_floats : 2 * net->param_floats,
                   model_threads(net), model_threads(net) == 1 ? "" : "s", ranks);
    }
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
        return cmd_fail(c, &name->pos, AL_EINVAL, "a model named '%s' exists already", name->s);
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
    if (lab_add_model(&s->lab, copy, 0, NULL, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    c->plan = NULL;
    cmd_printf(c,
               "%s is a copy of %s at step %ld (parameters, optimizer state, history); it is "
               "now the current model",
               copy->name, origin, copy->net->step);
    return AL_OK;
}

const struct cmd_spec cmd_model_specs[] = {
    {
        .name = "model",
        .summary = "Defines a named stack of layers, one a line, until 'end'",
        .usage = "model NAME [context=64]",
        .help = "  model tiny\n"
                "    embedding 64\n"
                "    position learned\n"
                "    block 2 heads=4 ff=256\n"
                "    layernorm\n"
                "    output\n"
                "  end\n"
                "\n"
                "The vocabulary comes from the loaded data. A language model ends "
                "with output, a classifier with classify. Type 'help LAYER' (for "
                "example 'help block') for a layer's options.",
        .args = model_args,
        .min_args = 1,
        .max_args = 1,
        .opts = model_opts,
        .check = model_check,
        .exec = model_exec,
    },
    {
        .name = "summary",
        .summary = "Shows a model's layers, output shapes and parameter counts",
        .usage = "summary [NAME]",
        .args = name_arg,
        .max_args = 1,
        .exec = summary_exec,
    },
    {
        .name = "models",
        .summary = "Lists the session's models; * marks the current one",
        .usage = "models",
        .exec = models_exec,
    },
    {
        .name = "use",
        .summary = "Makes another model the current one",
        .usage = "use NAME",
        .args = name_arg,
        .min_args = 1,
        .max_args = 1,
        .check = use_check,
        .exec = use_exec,
    },
    {
        .name = "fork",
        .summary = "Copies the current model, optimizer state and "
                   "history included, under a new name",
        .usage = "fork NAME",
        .help = "Train the copy with other settings and compare both curves with plot.",
        .args = name_arg,
        .min_args = 1,
        .max_args = 1,
        .check = fork_check,
        .exec = fork_exec,
    },
};
const size_t cmd_model_count = sizeof cmd_model_specs / sizeof cmd_model_specs[0];
