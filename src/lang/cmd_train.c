/* cmd_train.c: compile, step, fit and evaluate: the training commands of the current model.
 * Checks come first (model, data, shapes); training itself changes the model step by step
 * and stops, keeping every finished step, when interrupted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/labelled.h"
#include "data/metrics.h"
#include "lab/eval_file.h"
#include "lab/train.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "nn/model.h"
#include "nn/optim.h"
#include "nn/parallel.h"
#include "viz/table.h"

/* ---- compile ---- */

/* Keras's two names of the same loss are accepted: attnlab's targets are token (or label)
 * ids, which Keras calls sparse; its one-hot "categorical" form computes the same number. */
static const char *const loss_words[] = {"crossentropy", "categorical_crossentropy",
                                         "sparse_categorical_crossentropy", NULL};
static const char *const metric_words[] = {"accuracy", NULL};

static const struct opt_spec compile_opts[] = {
    {.name = "optimizer",
     .type = VAL_ENUM,
     .def = "adamw",
     .words = optim_kind_words,
     .help = "the update rule"},
    {.name = "lr",
     .type = VAL_FLOAT,
     .min = 1e-9,
     .max = 10,
     .help = "learning rate (sgd 0.1, adam and adamw 1e-3)"},
    {.name = "beta1",
     .type = VAL_FLOAT,
     .def = "0.9",
     .min = 0,
     .max = 0.999999,
     .help = "adam: decay of the mean of gradients"},
    {.name = "beta2",
     .type = VAL_FLOAT,
     .def = "0.999",
     .min = 0,
     .max = 0.999999,
     .help = "adam: decay of the mean of squares"},
    {.name = "eps",
     .type = VAL_FLOAT,
     .def = "1e-8",
     .min = 1e-12,
     .max = 1,
     .help = "adam: added to the root of the squares"},
    {.name = "weight_decay",
     .type = VAL_FLOAT,
     .min = 0,
     .max = 1,
     .help = "adamw: decoupled decay (default 0.01); sgd and adam: L2 (default 0)"},
    {.name = "momentum",
     .type = VAL_FLOAT,
     .def = "0.9",
     .min = 0,
     .max = 0.999999,
     .help = "sgd: momentum"},
    {.name = "clip",
     .type = VAL_FLOAT,
     .def = "0",
     .min = 0,
     .max = 1e6,
     .help = "largest global gradient norm (0: no clipping)"},
    {.name = "schedule",
     .type = VAL_ENUM,
     .def = "constant",
     .words = schedule_kind_words,
     .help = "learning rate over steps: constant, or linear warm-up then cosine decay"},
    {.name = "warmup",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 100000000,
     .help = "cosine: warm-up steps"},
    {.name = "decay_steps",
     .type = VAL_INT,
     .def = "1000",
     .min = 1,
     .max = 100000000,
     .help = "cosine: step where decay ends"},
    {.name = "min_lr",
     .type = VAL_FLOAT,
     .def = "0",
     .min = 0,
     .max = 10,
     .help = "cosine: the final learning rate"},
    {.name = "loss",
     .type = VAL_ENUM,
     .def = "crossentropy",
     .words = loss_words,
     .help = "softmax cross-entropy over the vocabulary (or the classes); Keras's names mean "
             "the same"},
    {.name = "metrics",
     .type = VAL_ENUM,
     .def = "accuracy",
     .words = metric_words,
     .help = "accuracy is always measured (accepted for Keras programs)"},
    {.name = "batch",
     .type = VAL_INT,
     .def = "32",
     .min = 1,
     .max = 4096,
     .help = "largest batch the model will train on"},
    CMD_OPTS_END,
};

static enum al_status compile_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_model(c, s, &m) != AL_OK)
        return AL_ESTATE;
    const struct lang_value *sched = cmd_opt(c, "schedule"), *warm = cmd_opt(c, "warmup");
    const char *const cosine_only[] = {"warmup", "decay_steps", "min_lr"};
    for (int i = 0; i < 3 && sched->i != SCHEDULE_COSINE; i++)
        if (cmd_opt(c, cosine_only[i])->given)
            return cmd_fail(c, &cmd_opt(c, cosine_only[i])->pos, AL_EINVAL,
                            "%s belongs to the cosine schedule: add schedule=cosine",
                            cosine_only[i]);
    if (sched->i == SCHEDULE_COSINE && warm->i >= cmd_opt(c, "decay_steps")->i)
        return cmd_fail(c, &warm->pos, AL_EINVAL, "warmup must be shorter than decay_steps");
    return AL_OK;
}

static enum al_status compile_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    struct optim_config o;
    optim_config_default(&o, (enum optim_kind)cmd_opt(c, "optimizer")->i);
    if (cmd_opt(c, "lr")->set)
        o.lr = (float)cmd_opt(c, "lr")->f;
    if (cmd_opt(c, "weight_decay")->set)
        o.weight_decay = (float)cmd_opt(c, "weight_decay")->f;
    o.beta1 = (float)cmd_opt(c, "beta1")->f;
    o.beta2 = (float)cmd_opt(c, "beta2")->f;
    o.eps = (float)cmd_opt(c, "eps")->f;
    if (o.kind == OPTIM_SGD)
        o.momentum = (float)cmd_opt(c, "momentum")->f;
    o.clip = (float)cmd_opt(c, "clip")->f;
    o.schedule = (enum schedule_kind)cmd_opt(c, "schedule")->i;
    o.warmup = (long)cmd_opt(c, "warmup")->i;
    o.decay_steps = (long)cmd_opt(c, "decay_steps")->i;
    o.min_lr = (float)cmd_opt(c, "min_lr")->f;
    int batch = (int)cmd_opt(c, "batch")->i;
    int first = !m->net->compiled;
    struct al_error err;
    if (model_set_threads(m->net, s->settings.threads, &err) != AL_OK ||
        model_compile_within(m->net, &o, batch, s->settings.memory_limit, &s->rng, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    m->batch = batch;
    size_t bytes = m->net->arena.capacity;
    cmd_printf(c, "compiled %s: %s lr=%g%s, batch up to %d, %.1f MB in one arena%s", m->name,
               optim_kind_name(o.kind), o.lr, o.schedule == SCHEDULE_COSINE ? " (cosine)" : "",
               batch, bytes / 1048576.0, first ? "" : "; parameters kept, optimizer state reset");
    if (cmd_opt(c, "loss")->given && cmd_opt(c, "loss")->i > 0)
        cmd_printf(c,
                   "note: %s is attnlab's crossentropy: the softmax and the loss in one, "
                   "on target ids (one-hot targets give the same number)",
                   cmd_opt(c, "loss")->s);
    return AL_OK;
}

/* ---- step and fit ---- */

static const struct opt_spec step_args[] = {
    {.name = "count",
     .type = VAL_INT,
     .def = "1",
     .min = 1,
     .max = 100000000,
     .help = "how many steps"},
    CMD_OPTS_END,
};
static const struct opt_spec step_opts[] = {
    {.name = "batch",
     .type = VAL_INT,
     .min = 1,
     .max = 4096,
     .help = "sequences a step (default: the compiled batch)"},
    {.name = "seq",
     .type = VAL_INT,
     .min = 1,
     .max = 1000000,
     .help = "tokens a sequence (default: the model's context)"},
    {.name = "eval_every",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 100000000,
     .help = "validate every N steps (0: never during step)"},
    {.name = "eval_batches",
     .type = VAL_INT,
     .def = "8",
     .min = 0,
     .max = 1000000,
     .help = "validation batches each time (0: all)"},
    CMD_OPTS_END,
};
static const struct opt_spec fit_opts[] = {
    {.name = "epochs",
     .type = VAL_INT,
     .def = "1",
     .min = 1,
     .max = 100000,
     .help = "passes over every training window"},
    {.name = "batch",
     .type = VAL_INT,
     .min = 1,
     .max = 4096,
     .help = "sequences a step (default: the compiled batch)"},
    {.name = "seq",
     .type = VAL_INT,
     .min = 1,
     .max = 1000000,
     .help = "tokens a sequence (default: the model's context)"},
    {.name = "stride",
     .type = VAL_INT,
     .min = 1,
     .max = 1000000,
     .help = "text: a window starts every N tokens (default: seq, each token a target once an "
             "epoch)"},
    {.name = "metrics",
     .type = VAL_ENUM,
     .def = "accuracy",
     .words = metric_words,
     .help = "accuracy is always reported (accepted for Keras programs)"},
    {.name = "eval_every",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 100000000,
     .help = "validate every N steps (0: at the end of each epoch)"},
    {.name = "eval_batches",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 1000000,
     .help = "validation batches each time (0: all)"},
    CMD_OPTS_END,
};

static void request_from(const struct cmd_ctx *c, const struct lab_model *m,
                         struct train_request *rq)
{
    const struct lang_value *b = cmd_opt(c, "batch"), *q = cmd_opt(c, "seq");
    memset(rq, 0, sizeof *rq);
    rq->batch = b->set ? (int)b->i : m->batch;
    rq->seq = q->set ? (int)q->i : m->net->context;
    rq->eval_every = (int)cmd_opt(c, "eval_every")->i;
    rq->eval_batches = (int)cmd_opt(c, "eval_batches")->i;
    if (c->spec->name[0] == 'f') {
        rq->epochs = (int)cmd_opt(c, "epochs")->i;
        rq->stride = cmd_opt(c, "stride")->set ? (int)cmd_opt(c, "stride")->i : 0;
    } else {
        rq->steps = (long)cmd_arg(c, 0)->i;
    }
}

/* `step` without a count after a paused `step` of the same model carries on with the
 * steps that were left. */
static long paused_steps(const struct cmd_ctx *c, const struct session *s,
                         const struct lab_model *m)
{
    const struct lab_run *run = &s->lab.run;
    if (c->spec->name[0] != 's' || cmd_arg(c, 0)->given || run->paused_model != m)
        return 0;
    return run->paused_left;
}

/* Carrying on after a pause, the options that are not written again are those of the
 * paused command (its batch, seq and validation rhythm), not the defaults. */
static void resume_options(const struct cmd_ctx *c, const struct lab_run *run,
                           struct train_request *rq)
{
    if (!cmd_opt(c, "batch")->given)
        rq->batch = run->paused.batch;
    if (!cmd_opt(c, "seq")->given)
        rq->seq = run->paused.seq;
    if (!cmd_opt(c, "eval_every")->given)
        rq->eval_every = run->paused.eval_every;
    if (!cmd_opt(c, "eval_batches")->given)
        rq->eval_batches = run->paused.eval_batches;
}

static enum al_status train_check_cmd(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_model(c, s, &m) != AL_OK)
        return AL_ESTATE;
    struct train_request rq;
    request_from(c, m, &rq);
    if (paused_steps(c, s, m) > 0)
        resume_options(c, &s->lab.run, &rq);
    const struct lang_value *stride = cmd_opt(c, "stride");
    if (stride->given && s->lab.labelled)
        return cmd_fail(c, &stride->pos, AL_EINVAL,
                        "stride is for text: an epoch of labelled data visits each example once");
    if (stride->given && stride->i > rq.seq)
        return cmd_fail(c, &stride->pos, AL_EINVAL,
                        "stride=%lld is longer than seq=%d: tokens between windows would never "
                        "be trained; use at most %d",
                        stride->i, rq.seq, rq.seq);
    int ranks = s->lab.world.size;
    if (ranks > 1 && rq.batch % ranks != 0) {
        const struct lang_value *b = cmd_opt(c, "batch");
        return cmd_fail(c, b->given ? &b->pos : NULL, AL_EINVAL,
                        "batch=%d does not divide over the %d processes of this MPI run: batch= "
                        "is the whole batch, of which each process takes an equal share; use a "
                        "multiple of %d",
                        rq.batch, ranks, ranks);
    }
    struct al_error err;
    if (train_check(&s->lab, m, &rq, &err) != AL_OK) {
        /* point at the option the complaint is about, when it is one */
        const struct lang_value *b = cmd_opt(c, "batch"), *q = cmd_opt(c, "seq");
        const struct lang_pos *at = !strncmp(err.msg, "batch=", 6) && b->given ? &b->pos
                                    : !strncmp(err.msg, "seq=", 4) && q->given ? &q->pos
                                                                               : NULL;
        return cmd_fail_error(c, at, &err);
    }
    return AL_OK;
}

static enum al_status train_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    struct train_request rq;
    request_from(c, m, &rq);
    long left = paused_steps(c, s, m);
    if (left > 0) {
        resume_options(c, &s->lab.run, &rq);
        rq.steps = left;
        cmd_printf(c,
                   "carrying on: %ld steps left of the paused command (batch=%d seq=%d "
                   "eval_every=%d)",
                   left, rq.batch, rq.seq, rq.eval_every);
    }
    struct train_result r;
    struct al_error err;
    long before = m->net->step;
    enum al_status st = train_run(&s->lab, m, &s->rng, &rq, c->sink, &r, &err);
    if (r.steps > 0) {
        const struct history *v = &m->val;
        char val[48] = "";
        if (v->n > 0 && v->step[v->n - 1] > (float)before)
            snprintf(val, sizeof val, ", validation %.4f", v->loss[v->n - 1]);
        /* among processes the tokens are those of the whole batch: all processes' */
        char over[48] = "";
        if (s->lab.world.size > 1)
            snprintf(over, sizeof over, " over %d processes", s->lab.world.size);
        cmd_printf(c, "%s %s: steps %ld..%ld, loss %.4f (mean %.4f)%s, %.1fs, %.0f tokens/s%s",
                   m->name, r.interrupted ? "paused" : "trained", before + 1, m->net->step,
                   r.last_loss, r.mean_loss, val, r.seconds, r.tokens_per_s, over);
        if (r.interrupted && s->lab.run.paused_left > 0)
            cmd_printf(c, "paused with %ld steps left: 'step' carries on", s->lab.run.paused_left);
    }
    if (st != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    return AL_OK;
}

/* ---- evaluate ---- */

static const struct opt_spec evaluate_opts[] = {
    {.name = "batches",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 1000000,
     .help = "validation batches (0: all of them)"},
    {.name = "seq",
     .type = VAL_INT,
     .min = 1,
     .max = 1000000,
     .help = "tokens a sequence (default: the model's context)"},
    CMD_OPTS_END,
};

static const struct opt_spec evaluate_args[] = {
    {.name = "file",
     .type = VAL_STRING,
     .help = "measure on this whole file instead (text, or label<TAB>text for a classifier), "
             "read with the model's own tokenizer"},
    CMD_OPTS_END,
};

static enum al_status evaluate_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_model(c, s, &m) != AL_OK)
        return AL_ESTATE;
    if (c->nargs > 0) { /* a file: the loaded data does not matter */
        const struct lang_value *q = cmd_opt(c, "seq");
        if (!m->batch)
            return cmd_fail(c, NULL, AL_ESTATE,
                            "model '%s' is not compiled yet: run compile "
                            "first",
                            m->name);
        if (q->set && q->i > m->net->context)
            return cmd_fail(c, &q->pos, AL_EINVAL,
                            "seq=%lld is outside 1..%d (the model's "
                            "context)",
                            q->i, m->net->context);
        return AL_OK;
    }
    struct train_request rq;
    memset(&rq, 0, sizeof rq);
    rq.batch = m->batch ? m->batch : 1;
    const struct lang_value *q = cmd_opt(c, "seq");
    rq.seq = q->set ? (int)q->i : m->net->context;
    struct al_error err;
    if (train_check(&s->lab, m, &rq, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    return AL_OK;
}

/* Precision, recall, F1 and support per class, then the macro and weighted F1. */
static void class_table(struct cmd_ctx *c, const struct viz_options *vo, const struct confusion *cm,
                        char *const *names)
{
    int k = cm->k, cols = 5;
    char **cells = calloc((size_t)(k + 2) * cols, sizeof *cells);
    if (!cells)
        return;
    char buf[32];
    for (int i = 0; i < k; i++) {
        struct class_metrics cl = metric_class(cm, i);
        double v[3] = {cl.precision, cl.recall, cl.f1};
        cells[i * cols] = strdup(names[i]);
        for (int j = 0; j < 3; j++) {
            snprintf(buf, sizeof buf, "%.3f", v[j]);
            cells[i * cols + 1 + j] = strdup(buf);
        }
        snprintf(buf, sizeof buf, "%lld", (long long)cl.support);
        cells[i * cols + 4] = strdup(buf);
    }
    /* the averages of precision, recall and F1: plain (macro) and weighted by support */
    double macro[3] = {0}, weighted[3] = {0}, total = 0;
    for (int i = 0; i < k; i++) {
        struct class_metrics cl = metric_class(cm, i);
        double v[3] = {cl.precision, cl.recall, cl.f1};
        for (int j = 0; j < 3; j++) {
            macro[j] += v[j] / k;
            weighted[j] += v[j] * (double)cl.support;
        }
        total += (double)cl.support;
    }
    cells[k * cols] = strdup("macro avg");
    cells[(k + 1) * cols] = strdup("weighted avg");
    for (int j = 0; j < 3; j++) {
        snprintf(buf, sizeof buf, "%.3f", j == 2 ? metric_macro_f1(cm) : macro[j]);
        cells[k * cols + 1 + j] = strdup(buf);
        snprintf(buf, sizeof buf, "%.3f",
                 j == 2      ? metric_weighted_f1(cm)
                 : total > 0 ? weighted[j] / total
                             : 0.0);
        cells[(k + 1) * cols + 1 + j] = strdup(buf);
    }
    snprintf(buf, sizeof buf, "%lld", (long long)total);
    cells[k * cols + 4] = strdup(buf);
    cells[(k + 1) * cols + 4] = strdup(buf);
    static const struct table_column head[] = {{"class", TABLE_LEFT},
                                               {"precision", TABLE_RIGHT},
                                               {"recall", TABLE_RIGHT},
                                               {"F1", TABLE_RIGHT},
                                               {"support", TABLE_RIGHT}};
    draw_table(c, vo, head, cols, (const char *const *)cells, k + 2, NULL, 100);
    for (int i = 0; i < (k + 2) * cols; i++)
        free(cells[i]);
    free(cells);
}

/* The confusion matrix: rows are the truth, columns the prediction. */
static void confusion_table(struct cmd_ctx *c, const struct viz_options *vo,
                            const struct confusion *cm, char *const *names)
{
    int k = cm->k, w = k + 1;
    struct table_column *head = calloc((size_t)w, sizeof *head);
    char **cells = calloc((size_t)k * w, sizeof *cells);
    for (int j = 0; head && cells && j < w; j++) {
        head[j].header = j == 0 ? "truth \\ predicted" : names[j - 1];
        head[j].align = j == 0 ? TABLE_LEFT : TABLE_RIGHT;
    }
    for (int i = 0; head && cells && i < k; i++) {
        cells[i * w] = strdup(names[i]);
        for (int j = 0; j < k; j++) {
            char buf[24];
            snprintf(buf, sizeof buf, "%lld", (long long)cm->m[i * k + j]);
            cells[i * w + 1 + j] = strdup(buf);
        }
    }
    if (head && cells)
        draw_table(c, vo, head, w, (const char *const *)cells, k, "confusion matrix", 120);
    for (int i = 0; cells && i < k * w; i++)
        free(cells[i]);
    free(cells);
    free(head);
}

static enum al_status evaluate_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m = lab_current(&s->lab);
    const struct lang_value *q = cmd_opt(c, "seq");
    int seq = q->set ? (int)q->i : m->net->context;
    struct eval_result r;
    struct al_error err;
    const struct lang_value *file = cmd_arg(c, 0);
    char *path = file->set ? cmd_resolve_path(file) : NULL;
    if (file->set && !path)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    enum al_status st =
        path ? eval_file(m, path, seq, &r, &err)
             : train_evaluate(&s->lab, m, seq, (int)cmd_opt(c, "batches")->i, &r, &err);
    free(path);
    if (st != AL_OK) {
        confusion_free(&r.confusion);
        return cmd_fail_error(c, file->set ? &file->pos : NULL, &err);
    }
    int classifier = model_is_classifier(m->net);
    /* With no validation part (split=1, a tiny TSV) the labelled evaluation falls back on
     * the training examples: say so rather than call them validation. */
    int on_training =
        !file->set && classifier && s->lab.labelled && s->lab.ntrain >= s->lab.labelled->n;
    const char *unit = classifier ? "examples" : "tokens";
    char where[320];
    if (file->set)
        snprintf(where, sizeof where, "%s of %s", unit, file->s);
    else
        snprintf(where, sizeof where, "%s %s%s", on_training ? "training" : "validation", unit,
                 on_training ? " (there is no validation split: lower split= or add examples)"
                             : "");
    /* perplexity is a language model's measure (the number of equally likely next tokens it
     * is as unsure as); a classifier's is its accuracy and the table below */
    if (classifier)
        cmd_printf(c, "%s after %ld steps, on %ld %s:\nloss        %.4f\naccuracy    %.4f", m->name,
                   m->net->step, r.rows, where, r.loss, r.accuracy);
    else
        cmd_printf(c,
                   "%s after %ld steps, on %ld %s:\nloss        %.4f\n"
                   "perplexity  %.3f\naccuracy    %.4f (top-1 next token)",
                   m->name, m->net->step, r.rows, where, r.loss, r.perplexity, r.accuracy);
    if (classifier) {
        struct viz_options vo = draw_viz(s);
        char *const *names = file->set ? m->class_names : s->lab.labelled->label_names;
        class_table(c, &vo, &r.confusion, names);
        confusion_table(c, &vo, &r.confusion, names);
    }
    confusion_free(&r.confusion);
    return AL_OK;
}

const struct cmd_spec cmd_train_specs[] = {
    {
        .name = "compile",
        .summary = "Sets the optimizer and allocates the model's memory",
        .usage = "compile [optimizer=adamw] [lr=NUMBER] "
                 "[clip=NUMBER] [schedule=constant|cosine] ...",
        .help = "The first compile initialises the parameters from the session's seed. "
                "Compiling again keeps the parameters and starts the optimizer afresh.",
        .opts = compile_opts,
        .check = compile_check,
        .exec = compile_exec,
    },
    {
        .name = "step",
        .summary = "Trains the current model for N steps on random windows of the data",
        .usage = "step [N] [batch=N] [seq=N] [eval_every=N]",
        .help = "Each step samples a batch of windows from the training split with the session's "
                "random numbers. Ctrl-C (or Esc in the notebook) pauses after the current step; "
                "'step' without a count then carries on with the steps that were left.",
        .args = step_args,
        .max_args = 1,
        .opts = step_opts,
        .check = train_check_cmd,
        .exec = train_exec,
    },
    {
        .name = "fit",
        .summary = "Trains over every window of the training data, epoch by epoch",
        .usage = "fit [epochs=1] [batch=N] [seq=N] [stride=N]",
        .help = "An epoch visits every window of the training split once, in an order shuffled "
                "by the seed, and prints one line: the epoch's mean loss and accuracy, the "
                "validation loss and accuracy on the split the data was loaded with (Keras's "
                "val_loss and val_accuracy), its steps and time. On text, windows start every "
                "stride tokens; the default stride is seq, non-overlapping windows, because "
                "every position of a window is a prediction: each token is then a target once "
                "an epoch, as in a Keras epoch over one-step sequences. stride=1 is Keras's "
                "sliding windows: seq times the steps.",
        .opts = fit_opts,
        .check = train_check_cmd,
        .exec = train_exec,
    },
    {
        .name = "evaluate",
        .summary = "Measures the current model on the validation split, or on a file",
        .usage = "evaluate [\"FILE\"] [batches=N] [seq=N]",
        .help = "A language model: loss, perplexity and next-token accuracy. A classifier: "
                "loss, accuracy, precision, recall and F1 per class with their macro and "
                "weighted averages, and the confusion matrix (no perplexity: it measures a "
                "language model). With a file, the whole file is measured, read with the "
                "model's own tokenizer (and class names), whatever data is loaded.",
        .args = evaluate_args,
        .min_args = 0,
        .max_args = 1,
        .opts = evaluate_opts,
        .check = evaluate_check,
        .exec = evaluate_exec,
    },
};
const size_t cmd_train_count = sizeof cmd_train_specs / sizeof cmd_train_specs[0];
