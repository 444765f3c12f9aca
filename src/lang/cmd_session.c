/* cmd_session.c: the commands that shape the session itself: set, let, vars, echo, help,
 * run, quit. Each checks everything in its check phase (or in the table) before its exec
 * changes anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.h"
#include "core/strbuf.h"
#include "lang/commands.h"
#include "lang/diag.h"
#include "lang/near_file.h"
#include "lang/script.h"
#include "lang/session.h"
#include "nn/model.h"
#include "nn/parallel.h"

/* ---- set ---- */

static const char *const colour_words[] = {"auto", "on", "off", NULL};
static const char *const glyph_words[] = {"auto", "unicode", "ascii", NULL};

static const struct opt_spec set_opts[] = {
    {.name = "seed",
     .type = VAL_INT,
     .min = 0,
     .max = 9007199254740991.0,
     .help = "seed of the session's random numbers; restarts them"},
    {.name = "threads",
     .type = VAL_INT,
     .min = 1,
     .max = POOL_MAX_THREADS,
     .help = "threads that split each batch of training and evaluation (default: the cores)"},
    {.name = "colour", .type = VAL_ENUM, .words = colour_words, .help = "colours in the output"},
    {.name = "glyphs",
     .type = VAL_ENUM,
     .words = glyph_words,
     .help = "characters that drawings use"},
    {.name = "pace",
     .type = VAL_ANY,
     .help = "training steps a second at most (0.1..1000), or off"},
    {.name = "memory_limit",
     .type = VAL_INT,
     .min = 0,
     .max = 16777216,
     .help = "MB a model may take (0: no limit; at start: 3/4 of the free memory)"},
    CMD_OPTS_END,
};

/* pace=N or pace=off: the steps a second, 0 for off; -1 when neither. */
static double pace_value(const struct lang_value *v)
{
    if (v->kind == AST_WORD && !strcmp(v->s, "off"))
        return 0;
    if ((v->kind == AST_INT || v->kind == AST_FLOAT) && v->f >= 0.1 && v->f <= 1000)
        return v->f;
    return -1;
}

static enum al_status set_check(struct cmd_ctx *c, const struct session *s)
{
    (void)s;
    const struct lang_value *pace = cmd_opt(c, "pace");
    if (pace->set && pace_value(pace) < 0)
        return cmd_fail(c, &pace->pos, AL_EINVAL,
                        "pace=%s: expected steps a second from 0.1 to 1000, or off", pace->s);
    return AL_OK;
}

static void show_settings(struct cmd_ctx *c, const struct session *s)
{
    char pace[32] = "", limit[48] = "", ranks[32] = "";
    if (s->lab.world.size > 1) /* the processes of an MPI run, each with its threads */
        snprintf(ranks, sizeof ranks, " ranks=%d", s->lab.world.size);
    if (s->lab.pace > 0)
        snprintf(pace, sizeof pace, " pace=%g", s->lab.pace);
    if (s->settings.memory_limit_set) /* else it is measured, and differs between machines */
        snprintf(limit, sizeof limit, " memory_limit=%zu", s->settings.memory_limit >> 20);
    cmd_printf(c, "seed=%lld threads=%d%s colour=%s glyphs=%s%s%s", s->settings.seed,
               s->settings.threads, ranks, session_colour_name(s->settings.colour),
               session_glyphs_name(s->settings.glyphs), pace, limit);
}

/* Every value was validated against the table; nothing below can fail. */
static enum al_status set_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *seed = cmd_opt(c, "seed"), *threads = cmd_opt(c, "threads");
    const struct lang_value *colour = cmd_opt(c, "colour"), *glyphs = cmd_opt(c, "glyphs");
    const struct lang_value *pace = cmd_opt(c, "pace");
    const struct lang_value *memory = cmd_opt(c, "memory_limit");
    if (pace->set)
        s->lab.pace = pace_value(pace);
    if (!seed->set && !threads->set && !colour->set && !glyphs->set && !pace->set && !memory->set) {
        show_settings(c, s);
        return AL_OK;
    }
    if (seed->set)
        session_apply_seed(s, seed->i);
    if (threads->set) {
        s->settings.threads = (int)threads->i;
        for (int i = 0; i < s->lab.nmodels; i++) {
            struct al_error err;
            if (model_set_threads(s->lab.models[i]->net, (int)threads->i, &err) != AL_OK)
                return cmd_fail_error(c, NULL, &err);
        }
    }
    if (colour->set)
        s->settings.colour = (enum session_colour)colour->i;
    if (glyphs->set)
        s->settings.glyphs = (enum session_glyphs)glyphs->i;
    if (memory->set) {
        s->settings.memory_limit = (size_t)memory->i << 20;
        s->settings.memory_limit_set = 1;
    }
    return AL_OK;
}

/* ---- let and vars ---- */

static const struct opt_spec let_args[] = {
    {.name = "name", .type = VAL_WORD, .help = "the variable's name"},
    {.name = "value", .type = VAL_ANY, .help = "a number, a word, a string or another $variable"},
    CMD_OPTS_END,
};

static enum al_status let_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *v = cmd_arg(c, 1);
    struct ast_value value = {
        .kind = v->kind, .text = (char *)v->s, .ival = v->i, .fval = v->f, .pos = v->pos};
    struct al_error err;
    if (session_set_var(s, cmd_arg(c, 0)->s, &value, &err))
        return cmd_fail_error(c, NULL, &err);
    return AL_OK;
}

/* A value as it would be written back: strings quoted and escaped. */
static void write_value(struct strbuf *b, const struct ast_value *v)
{
    if (v->kind != AST_STRING) {
        strbuf_puts(b, v->text);
        return;
    }
    strbuf_puts(b, "\"");
    for (const char *p = v->text; *p; p++) {
        const char *esc = *p == '\n'   ? "\\n"
                          : *p == '\t' ? "\\t"
                          : *p == '"'  ? "\\\""
                          : *p == '\\' ? "\\\\"
                                       : NULL;
        if (esc)
            strbuf_puts(b, esc);
        else
            strbuf_add(b, p, 1);
    }
    strbuf_puts(b, "\"");
}

static enum al_status vars_exec(struct cmd_ctx *c, struct session *s)
{
    if (s->nvars == 0) {
        cmd_emit_text(c, "no variables");
        return AL_OK;
    }
    struct strbuf b = {0};
    for (int i = 0; i < s->nvars; i++) {
        strbuf_printf(&b, "%s = ", s->vars[i].name);
        write_value(&b, &s->vars[i].value);
        strbuf_puts(&b, "\n");
    }
    return cmd_emit_strbuf(c, &b);
}

/* ---- echo ---- */

static const struct opt_spec echo_args[] = {
    {.name = "text", .type = VAL_ANY, .help = "what to print; several values are joined by spaces"},
    CMD_OPTS_END,
};

static enum al_status echo_exec(struct cmd_ctx *c, struct session *s)
{
    (void)s;
    struct strbuf b = {0};
    for (int i = 0; i < c->nargs; i++)
        strbuf_printf(&b, "%s%s", i ? " " : "", cmd_arg(c, i)->s);
    return cmd_emit_strbuf(c, &b);
}

/* ---- help ---- */

static const struct opt_spec help_args[] = {
    {.name = "name", .type = VAL_WORD, .help = "a command or a layer"},
    CMD_OPTS_END,
};

static enum al_status help_check(struct cmd_ctx *c, const struct session *s)
{
    (void)s;
    if (c->nargs == 0)
        return AL_OK;
    const char *name = cmd_arg(c, 0)->s;
    if (cmd_find(name) || layer_find(name))
        return AL_OK;
    const char *names[192];
    size_t n = cmd_names(names, 128);
    n = n < 128 ? n : 128;
    size_t m = layer_names(names + n, 64);
    cmd_fail(c, &cmd_arg(c, 0)->pos, AL_EINVAL, "no help for '%s': not a command or a layer", name);
    diag_suggest(c->diag, diag_nearest(name, names, n + (m < 64 ? m : 64)));
    return AL_EINVAL;
}

static enum al_status help_exec(struct cmd_ctx *c, struct session *s)
{
    (void)s;
    char *text;
    if (c->nargs == 0) {
        text = cmd_help_index();
    } else {
        const char *name = cmd_arg(c, 0)->s;
        text = cmd_find(name) ? cmd_help_named(name) : cmd_help_text(layer_find(name), "layer");
    }
    if (!text)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    cmd_emit_text(c, text);
    free(text);
    return AL_OK;
}

/* ---- run ---- */

static const struct opt_spec run_args[] = {
    {.name = "file",
     .type = VAL_STRING,
     .help = "a script; a relative name is looked up beside the script that runs it"},
    CMD_OPTS_END,
};

/* What check read, for exec to run. */
struct run_plan {
    char *path;
    char *text;
    size_t len;
};

static void run_plan_free(void *p)
{
    struct run_plan *plan = p;
    free(plan->path);
    free(plan->text);
    free(plan);
}

static enum al_status run_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0);
    if (s->run_depth >= SESSION_MAX_RUN_DEPTH)
        return cmd_fail(c, &file->pos, AL_ESTATE,
                        "'run' nested too deeply (limit %d); does a script run itself?",
                        SESSION_MAX_RUN_DEPTH);
    struct run_plan *plan = calloc(1, sizeof *plan);
    if (!plan || !(plan->path = cmd_resolve_path(file))) {
        free(plan);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    c->plan = plan;
    c->plan_free = run_plan_free;
    char *near = near_file(plan->path, file->s);
    if (near) {
        cmd_fail(c, &file->pos, AL_EIO, "no such file '%s'; did you mean %s?", file->s, near);
        free(near);
        return AL_EIO;
    }
    struct al_error err;
    if (script_read_file(plan->path, &plan->text, &plan->len, &err))
        return cmd_fail_error(c, &file->pos, &err);
    return AL_OK;
}

/* The one command whose commit is not all-or-nothing: the file's commands that ran before
 * an error keep their effects, as they would have typed one by one. */
static enum al_status run_exec(struct cmd_ctx *c, struct session *s)
{
    struct run_plan *plan = c->plan;
    s->run_depth++;
    enum al_status st = script_run_text(s, plan->path, plan->text, plan->len, 1, c->sink);
    s->run_depth--;
    if (st == AL_OK || s->keep_going)
        return AL_OK;
    c->reported = 1; /* the file's own error was shown, with its position */
    return cmd_fail(c, NULL, st, "'%s' failed", plan->path);
}

/* ---- quit ---- */

/* Interactively, trained steps that no file holds would be lost: the first `quit` says so
 * and stays; the second goes. Scripts (--batch) never ask. */
static enum al_status quit_exec(struct cmd_ctx *c, struct session *s)
{
    int first = -1, n = lab_unsaved_models(&s->lab, &first);
    if (s->confirm_quit && !s->quit_warned && n > 0) {
        const struct lab_model *m = s->lab.models[first];
        s->quit_warned = 1;
        cmd_printf(c,
                   "%s has %ld training steps that are not saved%s: save model %s\"%s.ckpt\" "
                   "keeps them; quit again to leave without saving",
                   m->name, m->net->step - m->saved_step,
                   n > 1 ? " (and other models too: see 'models')" : "", m->name, m->name);
        return AL_OK;
    }
    s->quit = 1;
    return AL_OK;
}

const struct cmd_spec cmd_session_specs[] = {
    {
        .name = "set",
        .summary = "Changes the session's settings, or shows them",
        .usage = "set [seed=INT] [threads=INT] [colour=auto|on|off] [glyphs=auto|unicode|ascii] "
                 "[pace=N|off] [memory_limit=MB]",
        .help = "Without options, shows the settings in a form that `set` reads back. Everything "
                "random\n(initialisation, dropout, batches, sampling) draws from the one seeded "
                "generator, so the\nsame seed and thread count give the same numbers. pace=N "
                "slows training to at most N\nsteps a second, so that a class can watch the "
                "attention form (off by default).",
        .opts = set_opts,
        .check = set_check,
        .exec = set_exec,
    },
    {
        .name = "let",
        .summary = "Names a value: let lr = 3e-3, then lr=$lr",
        .usage = "let NAME = VALUE",
        .help = "Variables are substituted where they are used, when the command runs.",
        .args = let_args,
        .min_args = 2,
        .max_args = 2,
        .exec = let_exec,
    },
    {
        .name = "vars",
        .summary = "Lists the variables",
        .usage = "vars",
        .exec = vars_exec,
    },
    {
        .name = "echo",
        .summary = "Prints a text",
        .usage = "echo [VALUE]...",
        .args = echo_args,
        .max_args = CMD_MAX_ARGS,
        .exec = echo_exec,
    },
    {
        .name = "help",
        .summary = "Lists the commands, or explains one",
        .usage = "help [NAME]",
        .args = help_args,
        .max_args = 1,
        .check = help_check,
        .exec = help_exec,
    },
    {
        .name = "run",
        .summary = "Runs the commands of a script file",
        .usage = "run \"FILE\"",
        .help = "Scripts may run scripts, up to 16 deep. An error "
                "inside names the file's own line.",
        .args = run_args,
        .min_args = 1,
        .max_args = 1,
        .check = run_check,
        .exec = run_exec,
    },
    {
        .name = "quit",
        .summary = "Ends the session",
        .usage = "quit",
        .exec = quit_exec,
    },
};
const size_t cmd_session_count = sizeof cmd_session_specs / sizeof cmd_session_specs[0];
