/* cmd_session.c: the commands that shape the session itself: set, let, vars, echo, help,
 * run, quit. Each checks everything in its check phase (or in the table) before its exec
 * changes anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/matmul.h"
#include "core/strbuf.h"
#include "lang/commands.h"
#include "lang/diag.h"
#include "lang/script.h"
#include "lang/session.h"

/* ---- set ---- */

static const char *const colour_words[] = {"auto", "on", "off", NULL};
static const char *const glyph_words[] = {"auto", "unicode", "ascii", NULL};

static const struct opt_spec set_opts[] = {
    {"seed", VAL_INT, NULL, 0, 9007199254740991.0, NULL,
     "seed of the session's random numbers; restarts them", },
    {"threads", VAL_INT, NULL, 1, 256, NULL, "threads of the matrix products (OpenBLAS)"},
    {"colour", VAL_ENUM, NULL, 0, 0, colour_words, "colours in the output"},
    {"glyphs", VAL_ENUM, NULL, 0, 0, glyph_words, "characters that drawings use"},
    {"memory_limit", VAL_INT, NULL, 0, 16777216, NULL,
     "MB a model may take (0: no limit; at start: 3/4 of the free memory)"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
};

static void show_settings(struct cmd_ctx *c, const struct session *s)
{
    char limit[48] = "";
    if (s->settings.memory_limit_set) /* else it is measured, and differs between machines */
        snprintf(limit, sizeof limit, s->settings.memory_limit ? " memory_limit=%zu" : " memory_limit=0",
                 s->settings.memory_limit >> 20);
    cmd_printf(c, "seed=%lld threads=%d colour=%s glyphs=%s%s", s->settings.seed,
               s->settings.threads, session_colour_name(s->settings.colour),
               session_glyphs_name(s->settings.glyphs), limit);
}

/* Every value was validated against the table; nothing below can fail. */
static enum al_status set_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *seed = cmd_opt(c, "seed"), *threads = cmd_opt(c, "threads");
    const struct lang_value *colour = cmd_opt(c, "colour"), *glyphs = cmd_opt(c, "glyphs");
    const struct lang_value *memory = cmd_opt(c, "memory_limit");
    if (!seed->set && !threads->set && !colour->set && !glyphs->set && !memory->set) {
        show_settings(c, s);
        return AL_OK;
    }
    if (seed->set)
        session_apply_seed(s, seed->i);
    if (threads->set) {
        blas_set_threads((int)threads->i);
        s->settings.threads = (int)threads->i;
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
    {"name", VAL_WORD, NULL, 0, 0, NULL, "the variable's name"},
    {"value", VAL_ANY, NULL, 0, 0, NULL, "a number, a word, a string or another $variable"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
};

static enum al_status let_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *v = cmd_arg(c, 1);
    struct ast_value value = {.kind = v->kind, .text = (char *)v->s, .ival = v->i, .fval = v->f,
                              .pos = v->pos};
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
        const char *esc = *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : *p == '"' ? "\\\""
                          : *p == '\\' ? "\\\\" : NULL;
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
    {"text", VAL_ANY, NULL, 0, 0, NULL, "what to print; several values are joined by spaces"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
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
    {"name", VAL_WORD, NULL, 0, 0, NULL, "a command or a layer"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
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
    cmd_fail(c, &cmd_arg(c, 0)->pos, AL_EINVAL, "no help for '%s': not a command or a layer",
             name);
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
        const struct cmd_spec *spec = cmd_find(name);
        text = spec ? cmd_help_text(spec, NULL) : cmd_help_text(layer_find(name), "layer");
    }
    if (!text)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    cmd_emit_text(c, text);
    free(text);
    return AL_OK;
}

/* ---- run ---- */

static const struct opt_spec run_args[] = {
    {"file", VAL_STRING, NULL, 0, 0, NULL,
     "a script; a relative name is looked up beside the script that runs it"},
    {NULL, 0, NULL, 0, 0, NULL, NULL},
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

static enum al_status quit_exec(struct cmd_ctx *c, struct session *s)
{
    (void)c;
    s->quit = 1;
    return AL_OK;
}

const struct cmd_spec cmd_session_specs[] = {
    {"set", "Changes the session's settings, or shows them",
     "set [seed=INT] [threads=INT] [colour=auto|on|off] [glyphs=auto|unicode|ascii] "
     "[memory_limit=MB]",
     "Without options, shows the settings in a form that `set` reads back. Everything random\n"
     "(initialisation, dropout, batches, sampling) draws from the one seeded generator, so the\n"
     "same seed and thread count give the same numbers. memory_limit=MB caps what `compile` may\n"
     "allocate for a model (checked before allocating; 0: no limit); it starts at three\n"
     "quarters of the memory available (MemAvailable, ulimit -v, the cgroup's memory.max).",
     NULL, 0, 0, set_opts, NULL, set_exec},
    {"let", "Names a value: let lr = 3e-3, then lr=$lr", "let NAME = VALUE",
     "Variables are substituted where they are used, when the command runs.", let_args, 2, 2,
     NULL, NULL, let_exec},
    {"vars", "Lists the variables", "vars", NULL, NULL, 0, 0, NULL, NULL, vars_exec},
    {"echo", "Prints a text", "echo [VALUE]...", NULL, echo_args, 0, CMD_MAX_ARGS, NULL, NULL,
     echo_exec},
    {"help", "Lists the commands, or explains one", "help [NAME]", NULL, help_args, 0, 1, NULL,
     help_check, help_exec},
    {"run", "Runs the commands of a script file", "run \"FILE\"",
     "Scripts may run scripts, up to 16 deep. An error inside names the file's own line.",
     run_args, 1, 1, NULL, run_check, run_exec},
    {"quit", "Ends the session", "quit", NULL, NULL, 0, 0, NULL, NULL, quit_exec},
};
const size_t cmd_session_count = sizeof cmd_session_specs / sizeof cmd_session_specs[0];
