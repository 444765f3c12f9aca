/* cmd_train.c: compile, step, fit and evaluate: the training commands of the current model.
 * Checks come first (model, data, shapes); training itself changes the model step by step
 * and stops, keeping every finished step, when interrupted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/labelled.h"
#include "data/metrics.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/session.h"
#include "lang/train.h"
#include "nn/model.h"
#include "viz/table.h"

#define END_OPTS {NULL, 0, NULL, 0, 0, NULL, NULL}

/* ---- compile ---- */

static const char *const optimizer_words[] = {"sgd", "adam", "adamw", NULL};
static const char *const schedule_words[] = {"constant", "cosine", NULL};
static const char *const loss_words[] = {"crossentropy", NULL};

static const struct opt_spec compile_opts[] = {
    {"optimizer", VAL_ENUM, "adamw", 0, 0, optimizer_words, "the update rule"},
    {"lr", VAL_FLOAT, NULL, 1e-9, 10, NULL, "learning rate (sgd 0.1, adam and adamw 1e-3)"},
    {"beta1", VAL_FLOAT, "0.9", 0, 0.999999, NULL, "adam: decay of the mean of gradients"},
    {"beta2", VAL_FLOAT, "0.999", 0, 0.999999, NULL, "adam: decay of the mean of squares"},
    {"eps", VAL_FLOAT, "1e-8", 1e-12, 1, NULL, "adam: added to the root of the squares"},
    {"weight_decay", VAL_FLOAT, NULL, 0, 1, NULL,
     "adamw: decoupled decay (default 0.01); sgd and adam: L2 (default 0)"},
    {"momentum", VAL_FLOAT, "0.9", 0, 0.999999, NULL, "sgd: momentum"},
    {"clip", VAL_FLOAT, "0", 0, 1e6, NULL, "largest global gradient norm (0: no clipping)"},
    {"schedule", VAL_ENUM, "constant", 0, 0, schedule_words,
     "learning rate over steps: constant, or linear warm-up then cosine decay"},
    {"warmup", VAL_INT, "0", 0, 100000000, NULL, "cosine: warm-up steps"},
    {"decay_steps", VAL_INT, "1000", 1, 100000000, NULL, "cosine: step where decay ends"},
    {"min_lr", VAL_FLOAT, "0", 0, 10, NULL, "cosine: the final learning rate"},
    {"loss", VAL_ENUM, "crossentropy", 0, 0, loss_words,
     "softmax cross-entropy over the vocabulary (or the classes)"},
    {"batch", VAL_INT, "32", 1, 4096, NULL, "largest batch the model will train on"},
    END_OPTS};

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
    if (model_compile_within(m->net, &o, batch, s->settings.memory_limit, &s->rng, &err) !=
        AL_OK)
        return cmd_fail_error(c, NULL, &err);
    m->batch = batch;
    size_t bytes = m->net->arena.capacity;
    cmd_printf(c, "compiled %s: %s lr=%g%s, batch up to %d, %.1f MB in one arena%s", m->name,
               optim_kind_name(o.kind), o.lr, o.schedule == SCHEDULE_COSINE ? " (cosine)" : "",
               batch, bytes / 1048576.0,
               first ? "" : "; parameters kept, optimizer state reset");
    return AL_OK;
}

/* ---- step and fit ---- */

static const struct opt_spec step_args[] = {
    {"count", VAL_INT, "1", 1, 100000000, NULL, "how many steps"}, END_OPTS};
static const struct opt_spec step_opts[] = {
    {"batch", VAL_INT, NULL, 1, 4096, NULL, "sequences a step (default: the compiled batch)"},
    {"seq", VAL_INT, NULL, 1, 1000000, NULL, "tokens a sequence (default: the model's context)"},
    {"eval_every", VAL_INT, "0", 0, 100000000, NULL,
     "validate every N steps (0: never during step)"},
    {"eval_batches", VAL_INT, "8", 0, 1000000, NULL, "validation batches each time (0: all)"},
    END_OPTS};
static const struct opt_spec fit_opts[] = {
    {"epochs", VAL_INT, "1", 1, 100000, NULL, "passes over every training window"},
    {"batch", VAL_INT, NULL, 1, 4096, NULL, "sequences a step (default: the compiled batch)"},
    {"seq", VAL_INT, NULL, 1, 1000000, NULL, "tokens a sequence (default: the model's context)"},
    {"eval_every", VAL_INT, "0", 0, 100000000, NULL,
     "validate every N steps (0: at the end of each epoch)"},
    {"eval_batches", VAL_INT, "0", 0, 1000000, NULL, "validation batches each time (0: all)"},
    END_OPTS};

static void request_from(const struct cmd_ctx *c, const struct lab_model *m,
                         struct train_request *rq)
{
    const struct lang_value *b = cmd_opt(c, "batch"), *q = cmd_opt(c, "seq");
    memset(rq, 0, sizeof *rq);
    rq->batch = b->set ? (int)b->i : m->batch;
    rq->seq = q->set ? (int)q->i : m->net->context;
    rq->eval_every = (int)cmd_opt(c, "eval_every")->i;
    rq->eval_batches = (int)cmd_opt(c, "eval_batches")->i;
    if (c->spec->name[0] == 'f')
        rq->epochs = (int)cmd_opt(c, "epochs")->i;
    else
        rq->steps = (long)cmd_arg(c, 0)->i;
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

static enum al_status train_check_cmd(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_model(c, s, &m) != AL_OK)
        return AL_ESTATE;
    struct train_request rq;
    request_from(c, m, &rq);
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
        rq.steps = left;
        cmd_printf(c, "carrying on: %ld steps left of the paused command", left);
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
        cmd_printf(c, "%s %s: steps %ld..%ld, loss %.4f (mean %.4f)%s, %.1fs, %.0f tokens/s",
                   m->name, r.interrupted ? "paused" : "trained", before + 1, m->net->step,
                   r.last_loss, r.mean_loss, val, r.seconds, r.tokens_per_s);
    if (r.interrupted && s->lab.run.paused_left > 0)
        cmd_printf(c, "paused with %ld steps left: 'step' carries on", s->lab.run.paused_left);
    }
    if (st != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    return AL_OK;
}

/* ---- evaluate ---- */

static const struct opt_spec evaluate_opts[] = {
    {"batches", VAL_INT, "0", 0, 1000000, NULL, "validation batches (0: all of them)"},
    {"seq", VAL_INT, NULL, 1, 1000000, NULL, "tokens a sequence (default: the model's context)"},
    END_OPTS};

static enum al_status evaluate_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    if (cmd_need_model(c, s, &m) != AL_OK)
        return AL_ESTATE;
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
static void class_table(struct cmd_ctx *c, const struct viz_options *vo,
                        const struct confusion *cm, char *const *names)
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
    cells[k * cols] = strdup("macro avg");
    snprintf(buf, sizeof buf, "%.3f", metric_macro_f1(cm));
    cells[k * cols + 3] = strdup(buf);
    cells[(k + 1) * cols] = strdup("weighted avg");
    snprintf(buf, sizeof buf, "%.3f", metric_weighted_f1(cm));
    cells[(k + 1) * cols + 3] = strdup(buf);
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
    if (train_evaluate(&s->lab, m, seq, (int)cmd_opt(c, "batches")->i, &r, &err) != AL_OK) {
        confusion_free(&r.confusion);
        return cmd_fail_error(c, NULL, &err);
    }
    int classifier = model_is_classifier(m->net);
    /* With no validation part (split=1, a tiny TSV) the labelled evaluation falls back on
     * the training examples: say so rather than call them validation. */
    int on_training = classifier && s->lab.labelled && s->lab.ntrain >= s->lab.labelled->n;
    cmd_printf(c, "%s after %ld steps, on %ld %s %s%s:\nloss        %.4f\n"
                  "perplexity  %.3f\naccuracy    %.4f%s",
               m->name, m->net->step, r.rows, on_training ? "training" : "validation",
               classifier ? "examples" : "tokens",
               on_training ? " (there is no validation split: lower split= or add examples)" : "",
               r.loss,
               r.perplexity, r.accuracy, classifier ? "" : " (top-1 next token)");
    if (classifier) {
        struct viz_options vo = draw_viz(s);
        class_table(c, &vo, &r.confusion, s->lab.labelled->label_names);
        confusion_table(c, &vo, &r.confusion, s->lab.labelled->label_names);
    }
    confusion_free(&r.confusion);
    return AL_OK;
}

const struct cmd_spec cmd_train_specs[] = {
    {"compile", "Sets the optimizer and allocates the model's memory",
     "compile [optimizer=adamw] [lr=NUMBER] [clip=NUMBER] [schedule=constant|cosine] ...",
     "The first compile initialises the parameters from the session's seed. Compiling again "
     "keeps the parameters and starts the optimizer afresh.",
     NULL, 0, 0, compile_opts, compile_check, compile_exec},
    {"step", "Trains the current model for N steps on random windows of the data",
     "step [N] [batch=N] [seq=N] [eval_every=N]",
     "Each step samples a batch of windows from the training split with the session's "
     "random numbers. Ctrl-C (or Esc in the notebook) pauses after the current step; 'step' "
     "without a count then carries on with the steps that were left.",
     step_args, 0, 1, step_opts, train_check_cmd, train_exec},
    {"fit", "Trains over every window of the training data, epoch by epoch",
     "fit [epochs=1] [batch=N] [seq=N]",
     "An epoch visits every non-overlapping window once, in an order shuffled by the seed, "
     "and ends with a validation loss.",
     NULL, 0, 0, fit_opts, train_check_cmd, train_exec},
    {"evaluate", "Measures the current model on the validation split",
     "evaluate [batches=N] [seq=N]",
     "A language model: loss, perplexity and next-token accuracy. A classifier: also "
     "precision, recall and F1 per class, their averages, and the confusion matrix.",
     NULL, 0, 0, evaluate_opts, evaluate_check, evaluate_exec},
};
const size_t cmd_train_count = sizeof cmd_train_specs / sizeof cmd_train_specs[0];
