/* cmd_io.c: models as files, and the commands that keep a session's models from being lost:
 * save model, load model, export model, import model (safetensors), drop. The first four
 * are entries of save, load, export and import selected by their keyword, model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/tokenizer.h"
#include "io/model_io.h"
#include "lab/checkpoint.h"
#include "lab/safetensors_io.h"
#include "lang/cmd_common.h"
#include "lang/commands.h"
#include "lang/gpt2_load.h"
#include "lang/near_file.h"
#include "lang/session.h"
#include "nn/model.h"
#include "nn/parallel.h"

/* `save model [NAME] "FILE"`, `export model [NAME] "FILE"`: the model and the file. */
static const struct opt_spec name_file_args[] = {
    {.name = "target",
     .type = VAL_ANY,
     .help = "a model's name (default: the current model), then the file in double quotes"},
    CMD_OPTS_END,
};

static enum al_status model_and_file(struct cmd_ctx *c, const struct session *s,
                                     struct lab_model **m, const struct lang_value **file)
{
    const struct lang_value *a0 = cmd_arg(c, 0), *a1 = cmd_arg(c, 1);
    *file = c->nargs == 2 ? a1 : a0;
    if ((*file)->kind != AST_STRING)
        return cmd_fail(c, &(*file)->pos, AL_EINVAL,
                        "expected the file name in double quotes; "
                        "usage: %s",
                        c->spec->usage);
    if (c->nargs == 2) {
        if (a0->kind != AST_WORD)
            return cmd_fail(c, &a0->pos, AL_EINVAL, "expected a model's name before the file");
        if (!(*m = lab_find(&s->lab, a0->s)))
            return cmd_fail(c, &a0->pos, AL_EINVAL, "no model named '%s'", a0->s);
    } else if (cmd_need_model(c, s, m) != AL_OK) {
        return AL_ESTATE;
    }
    return AL_OK;
}

/* ---- save model ---- */

static enum al_status save_check(struct cmd_ctx *c, const struct session *s)
{
    struct lab_model *m;
    const struct lang_value *file;
    return model_and_file(c, s, &m, &file);
}

static enum al_status save_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m;
    const struct lang_value *file;
    if (model_and_file(c, s, &m, &file) != AL_OK)
        return AL_EINVAL;
    char *path = cmd_resolve_path(file);
    if (!path)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    size_t bytes = 0;
    struct al_error err;
    /* among processes rank 0 writes the file, and the others, silent, write nothing */
    enum al_status st =
        lab_writes_files(&s->lab) ? checkpoint_save(path, m, &s->rng, &bytes, &err) : AL_OK;
    free(path);
    if (st != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    m->saved_step = m->net->step;
    cmd_printf(c, "saved model %s (step %ld%s) to %s: %zu bytes", m->name, m->net->step,
               m->net->compiled ? "" : ", not compiled", file->s, bytes);
    return AL_OK;
}

/* ---- load model ---- */

static const struct opt_spec file_arg[] = {
    {.name = "file", .type = VAL_STRING, .help = "the file to read"},
    CMD_OPTS_END,
};
static const struct opt_spec load_opts[] = {
    {.name = "as",
     .type = VAL_WORD,
     .help = "the name it gets (default: the name it was saved with)"},
    CMD_OPTS_END,
};

struct load_plan {
    struct lab_model *m;
    struct rng rng;
};

static void load_plan_free(void *p)
{
    struct load_plan *plan = p;
    lab_model_free(plan->m);
    free(plan);
}

static enum al_status load_check(struct cmd_ctx *c, const struct session *s)
{
    (void)s;
    const struct lang_value *file = cmd_arg(c, 0), *as = cmd_opt(c, "as");
    struct load_plan *plan = calloc(1, sizeof *plan);
    char *path = cmd_resolve_path(file);
    if (!plan || !path) {
        free(plan);
        free(path);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    c->plan = plan;
    c->plan_free = load_plan_free;
    char *near = near_file(path, file->s);
    if (near) {
        free(path);
        cmd_fail(c, &file->pos, AL_EIO, "no such file '%s'; did you mean %s?", file->s, near);
        free(near);
        return AL_EIO;
    }
    struct al_error err;
    enum al_status st = checkpoint_load(path, 0, 0, &plan->m, &plan->rng, &err);
    free(path);
    if (st != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    if (as->set)
        snprintf(plan->m->name, sizeof plan->m->name, "%s", as->s);
    return AL_OK;
}

/* Installs m as the current model, keeping a model of the same name as NAME~k; says so. */
static enum al_status install(struct cmd_ctx *c, struct session *s, struct lab_model *m,
                              const char *verb, const char *file)
{
    char kept[sizeof m->name];
    struct al_error err;
    /* it trains with the session's threads, as a model defined in the session does; one
     * compiled for inference uses them in generation's products, or keeps one thread when
     * there is no memory for more */
    if (m->net->inference)
        model_set_threads(m->net, s->settings.threads, NULL);
    else if (model_set_threads(m->net, s->settings.threads, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    if (lab_add_model(&s->lab, m, 1, kept, &err) != AL_OK)
        return cmd_fail_error(c, NULL, &err);
    char note[224] = "";
    if (kept[0])
        snprintf(note, sizeof note, "; the model that was called %s is now %s", m->name, kept);
    cmd_printf(c, "%s model %s from %s: %d layers, %zu parameters, step %ld%s%s", verb, m->name,
               file, m->net->nlayers, m->net->param_floats, m->net->step,
               m->net->compiled ? "" : " (not compiled)", note);
    return AL_OK;
}

static enum al_status load_exec(struct cmd_ctx *c, struct session *s)
{
    struct load_plan *plan = c->plan;
    if (install(c, s, plan->m, "loaded", cmd_arg(c, 0)->s) != AL_OK)
        return AL_ENOMEM;
    plan->m = NULL;
    s->rng = plan->rng; /* training and sampling go on as if the session had not stopped */
    return AL_OK;
}

/* ---- export model, import model ---- */

static enum al_status export_exec(struct cmd_ctx *c, struct session *s)
{
    struct lab_model *m;
    const struct lang_value *file;
    if (model_and_file(c, s, &m, &file) != AL_OK)
        return AL_EINVAL;
    if (!m->net->compiled)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' has no parameters yet: compile it first",
                        m->name);
    char *path = cmd_resolve_path(file);
    if (!path)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    size_t bytes = 0;
    struct al_error err;
    enum al_status st = lab_writes_files(&s->lab) ? safetensors_save(path, m, &bytes, &err) : AL_OK;
    free(path);
    if (st != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    cmd_printf(c, "exported model %s (%d tensors, %zu parameters) to %s: %zu bytes", m->name,
               m->net->nparams, m->net->param_floats, file->s, bytes);
    return AL_OK;
}

static const struct opt_spec import_opts[] = {
    {.name = "as",
     .type = VAL_WORD,
     .help = "the new model's name (default: the name in the file)"},
    {.name = "into",
     .type = VAL_WORD,
     .help = "load the weights into this existing compiled model instead (same tensors and "
             "shapes)"},
    {.name = "tokenizer",
     .type = VAL_STRING,
     .help = "GPT-2: the folder of vocab.json + merges.txt or encoder.json + vocab.bpe "
             "(default: beside the weights)"},
    CMD_OPTS_END,
};

struct import_plan {
    struct lab_model *m; /* a new model, or NULL with into= */
    float *values;       /* into=: the values for that model */
    int gpt2;            /* m was read from GPT-2's published layout */
};

/* The memory an imported model may take: the session's memory_limit (measured at start, or
 * set), and never more than model files may ask for. */
static size_t import_budget(const struct session *s)
{
    size_t limit = s->settings.memory_limit;
    return limit && limit < MODEL_IO_MAX_ARENA ? limit : MODEL_IO_MAX_ARENA;
}

/* A GPT-2 model's default name: its folder's (gpt2, distilgpt2) when that is a plain word. */
static void gpt2_name(const char *path, char *out, size_t n)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path);
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
    const char *ext = strstr(dir, ".safetensors");
    if (ext && ext[12] == '\0') { /* a file: its folder's name */
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
    }
    const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    int word = *base && !(*base >= '0' && *base <= '9');
    for (const char *p = base; *p && word; p++)
        word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
               *p == '_' || *p == '-';
    snprintf(out, n, "%s", word && strlen(base) < 48 ? base : "gpt2");
}

static void import_plan_free(void *p)
{
    struct import_plan *plan = p;
    lab_model_free(plan->m);
    free(plan->values);
    free(plan);
}

static enum al_status import_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0), *as = cmd_opt(c, "as");
    const struct lang_value *into = cmd_opt(c, "into");
    struct lab_model *target = NULL;
    if (as->set && into->set)
        return cmd_fail(c, &into->pos, AL_EINVAL,
                        "give as= (a new model) or into= (an existing "
                        "one), not both");
    const struct lang_value *tokdir = cmd_opt(c, "tokenizer");
    if (tokdir->set && into->set)
        return cmd_fail(c, &tokdir->pos, AL_EINVAL,
                        "tokenizer= belongs to a GPT-2 import, not "
                        "into=");
    if (into->set) {
        if (!(target = lab_find(&s->lab, into->s)))
            return cmd_fail(c, &into->pos, AL_EINVAL, "no model named '%s'", into->s);
        if (!target->net->compiled)
            return cmd_fail(c, &into->pos, AL_ESTATE,
                            "model '%s' is not compiled yet: compile "
                            "it first",
                            into->s);
    }
    struct import_plan *plan = calloc(1, sizeof *plan);
    char *path = cmd_resolve_path(file);
    if (!plan || !path) {
        free(plan);
        free(path);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    c->plan = plan;
    c->plan_free = import_plan_free;
    struct al_error err;
    enum al_status st;
    if (!target && gpt2_load_applies(path)) {
        char name[64], *tpath = tokdir->set ? cmd_resolve_path(tokdir) : NULL;
        gpt2_name(path, name, sizeof name);
        plan->gpt2 = 1;
        st = tokdir->set && !tpath ? al_fail(&err, AL_ENOMEM, "out of memory")
                                   : gpt2_load(path, tpath, name, import_budget(s), &plan->m, &err);
        free(tpath);
    } else if (tokdir->set) {
        st = al_fail(&err, AL_EINVAL,
                     "tokenizer= is for GPT-2 checkpoints; %s is attnlab's own "
                     "export, which carries its tokenizer",
                     file->s);
    } else {
        st = target ? safetensors_load_into(path, target, &plan->values, &err)
                    : safetensors_load(path, &plan->m, &err);
    }
    free(path);
    if (st != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    if (as->set)
        snprintf(plan->m->name, sizeof plan->m->name, "%s", as->s);
    return AL_OK;
}

static enum al_status import_exec(struct cmd_ctx *c, struct session *s)
{
    struct import_plan *plan = c->plan;
    const char *file = cmd_arg(c, 0)->s;
    if (plan->m && plan->gpt2) {
        struct lab_model *m = plan->m;
        const struct tokenizer *data = lab_data_tokenizer(&s->lab);
        int differs = data && (tok_kind(data) != tok_kind(m->tok) ||
                               tok_vocab_size(data) != tok_vocab_size(m->tok));
        if (install(c, s, m, "imported", file) != AL_OK)
            return AL_ENOMEM;
        plan->m = NULL;
        cmd_printf(c,
                   "GPT-2: %d blocks of %d heads, width %d, context %d, %s tokenizer of %d "
                   "tokens; compiled for inference (no gradients or optimizer state: compile "
                   "to fine-tune)",
                   m->net->nlayers - 4, m->net->layers[2].cfg.heads, m->net->layers[0].out_width,
                   m->net->context, tok_kind_name(tok_kind(m->tok)), tok_vocab_size(m->tok));
        if (differs)
            cmd_printf(c,
                       "note: the loaded data is tokenized differently (%s, %d tokens): "
                       "training on it needs data tokenized as the model is",
                       tok_kind_name(tok_kind(data)), tok_vocab_size(data));
        return AL_OK;
    }
    if (plan->m) {
        if (install(c, s, plan->m, "imported", file) != AL_OK)
            return AL_ENOMEM;
        plan->m = NULL;
        cmd_printf(c, "it is compiled for adamw with lr=0.001 and batch 32: compile again to "
                      "train it otherwise");
        return AL_OK;
    }
    struct lab_model *m = lab_find(&s->lab, cmd_opt(c, "into")->s);
    memcpy(m->net->values, plan->values, sizeof(float) * m->net->param_floats);
    cmd_printf(c,
               "imported %zu parameters from %s into model %s (its optimizer state and "
               "step count are unchanged)",
               m->net->param_floats, file, m->name);
    return AL_OK;
}

/* ---- drop ---- */

static const struct opt_spec drop_args[] = {
    {.name = "name", .type = VAL_WORD, .help = "the model to remove"},
    CMD_OPTS_END,
};

static enum al_status drop_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *name = cmd_arg(c, 0);
    if (!lab_find(&s->lab, name->s))
        return cmd_fail(c, &name->pos, AL_EINVAL, "no model named '%s'", name->s);
    if (s->lab.run.running)
        return cmd_fail(c, NULL, AL_ESTATE, "a command is training; drop a model after it");
    return AL_OK;
}

static enum al_status drop_exec(struct cmd_ctx *c, struct session *s)
{
    const char *name = cmd_arg(c, 0)->s;
    int i = lab_index(&s->lab, name);
    const struct lab_model *m = s->lab.models[i];
    long unsaved = m->net->step - m->saved_step;
    char note[96] = "";
    if (unsaved > 0)
        snprintf(note, sizeof note, " (with %ld unsaved training steps)", unsaved);
    int was_current = i == s->lab.current;
    cmd_printf(c, "dropped model %s%s%s", name, note,
               was_current ? "; there is no current model now: 'use NAME' picks one" : "");
    lab_drop_model(&s->lab, i);
    return AL_OK;
}

const struct cmd_spec cmd_io_specs[] = {
    {
        .name = "save",
        .keyword = "model",
        .summary = "Writes a model to a checkpoint file, everything needed to carry on training",
        .usage = "save model [NAME] \"FILE.ckpt\"",
        .help = "The checkpoint keeps the layers, the tokenizer, the parameters, the optimizer "
                "with its state and step count, the loss history and the session's random "
                "numbers: load model in any later session resumes training exactly. The file is "
                "replaced atomically: a crash leaves the old file or the new one, never a mix. "
                "See doc/checkpoint.md.",
        .args = name_file_args,
        .min_args = 1,
        .max_args = 2,
        .check = save_check,
        .exec = save_exec,
    },
    {
        .name = "load",
        .keyword = "model",
        .summary = "Reads a checkpoint as a named model and makes it current",
        .usage = "load model \"FILE.ckpt\" [as=NAME]",
        .help = "The session's random numbers continue from where the saved session was. A "
                "model of the same name is kept under NAME~1. Training refuses data tokenized "
                "differently; generation uses the model's own tokenizer.",
        .args = file_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = load_opts,
        .check = load_check,
        .exec = load_exec,
    },
    {
        .name = "export",
        .keyword = "model",
        .summary = "Writes a model's parameters as safetensors (for PyTorch and others)",
        .usage = "export model [NAME] \"FILE.safetensors\"",
        .help = "Tensor names say what each is (block1.attn.w_qkv, ...); the header's "
                "__metadata__ keeps the layer stack and the tokenizer. doc/checkpoint.md shows "
                "the PyTorch side.",
        .args = name_file_args,
        .min_args = 1,
        .max_args = 2,
        .check = save_check,
        .exec = export_exec,
    },
    {
        .name = "import",
        .keyword = "model",
        .summary = "Reads safetensors written by export model, or a GPT-2 checkpoint",
        .usage = "import model \"FILE.safetensors\"|\"DIR\" [as=NAME] [into=NAME] "
                 "[tokenizer=\"DIR\"]",
        .help = "Without into=, builds a new model from the file's layer stack and tokenizer. "
                "With into=, loads the tensors into an existing compiled model of the same "
                "shapes. A folder, or a .safetensors file in GPT-2's layout (wte.weight, "
                "h.0.attn.c_attn.weight, ...), is read as Hugging Face publishes GPT-2 "
                "(gpt2, distilgpt2, gpt2-medium): config.json and the tokenizer files beside "
                "the weights (vocab.json + merges.txt or encoder.json + vocab.bpe), compiled "
                "for inference. See doc/gpt2.md.",
        .args = file_arg,
        .min_args = 1,
        .max_args = 1,
        .opts = import_opts,
        .check = import_check,
        .exec = import_exec,
    },
    {
        .name = "drop",
        .summary = "Removes a model from the session",
        .usage = "drop NAME",
        .args = drop_args,
        .min_args = 1,
        .max_args = 1,
        .check = drop_check,
        .exec = drop_exec,
    },
};
const size_t cmd_io_count = sizeof cmd_io_specs / sizeof cmd_io_specs[0];
