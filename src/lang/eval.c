/* eval.c: validation of calls against the command table, and the check/commit driver. */
#include "lang/eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/keras.h"
#include "lang/session.h"

/* How a written value looks in a message: 'fast', "some text", 42. */
static void show_value(const struct ast_value *v, char *out, size_t n)
{
    if (v->kind == AST_STRING)
        snprintf(out, n, "\"%.40s%s\"", v->text, strlen(v->text) > 40 ? "..." : "");
    else
        snprintf(out, n, "'%.40s'", v->text);
}

static int opt_count(const struct cmd_spec *spec)
{
    int n = 0;
    while (spec->opts && spec->opts[n].name)
        n++;
    return n;
}

/* $name -> the variable's value, seen at the place where $name was written. */
static enum al_status substitute(const struct session *s, const struct ast_value *in,
                                 struct ast_value *tmp, const struct ast_value **out,
                                 struct lang_diag *d)
{
    *out = in;
    if (in->kind != AST_VAR)
        return AL_OK;
    const struct ast_value *v = session_var(s, in->text);
    if (!v) {
        const char *names[256];
        size_t n = session_var_names(s, names, 256);
        const char *near = diag_nearest(in->text, names, n);
        diag_set(d, &in->pos, AL_EINVAL, "unknown variable '$%s'", in->text);
        if (near) {
            size_t used = strlen(d->msg);
            snprintf(d->msg + used, sizeof d->msg - used, "; did you mean '$%s'?", near);
        } else if (n == 0) {
            size_t used = strlen(d->msg);
            snprintf(d->msg + used, sizeof d->msg - used, " (define it with 'let %s = ...')",
                     in->text);
        }
        return AL_EINVAL;
    }
    *tmp = *v;
    tmp->pos = in->pos;
    *out = tmp;
    return AL_OK;
}

static int bool_word(const char *w)
{
    static const char *const yes[] = {"on", "yes", "true"}, *const no[] = {"off", "no", "false"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(w, yes[i]) == 0)
            return 1;
        if (strcmp(w, no[i]) == 0)
            return 0;
    }
    return -1;
}

static enum al_status convert_enum(const struct opt_spec *o, const struct ast_value *v,
                                   struct lang_value *out, struct lang_diag *d)
{
    size_t n = 0;
    while (o->words[n])
        n++;
    for (size_t i = 0; i < n && v->kind == AST_WORD; i++)
        if (strcmp(v->text, o->words[i]) == 0) {
            out->i = (long long)i;
            return AL_OK;
        }
    char shown[64], list[200] = "";
    show_value(v, shown, sizeof shown);
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 o->words[i]);
    diag_set(d, &v->pos, AL_EINVAL, "unknown value %s for '%s'; expected one of %s", shown, o->name,
             list);
    if (v->kind == AST_WORD || v->kind == AST_STRING)
        diag_suggest(d, diag_nearest(v->text, o->words, n));
    return AL_EINVAL;
}

static enum al_status check_range(const struct opt_spec *o, const struct ast_value *v, double x,
                                  struct lang_diag *d)
{
    if (!(o->min < o->max) || (x >= o->min && x <= o->max))
        return AL_OK;
    char lo[40], hi[40];
    cmd_number_text(o->min, lo, sizeof lo);
    cmd_number_text(o->max, hi, sizeof hi);
    return diag_set(d, &v->pos, AL_EINVAL, "%s=%s is out of range; expected %s to %s", o->name,
                    v->text, lo, hi);
}

static enum al_status wrong_type(const struct opt_spec *o, const struct ast_value *v,
                                 const char *expected, struct lang_diag *d)
{
    char shown[64];
    show_value(v, shown, sizeof shown);
    return diag_set(d, &v->pos, AL_EINVAL, "expected %s for '%s', got %s", expected, o->name,
                    shown);
}

/* Converts a written value (variables already substituted) to o's type. */
static enum al_status convert(const struct opt_spec *o, const struct ast_value *v,
                              struct lang_value *out, struct lang_diag *d)
{
    out->type = o->type;
    out->kind = v->kind;
    out->s = v->text;
    out->i = v->ival;
    out->f = v->fval;
    out->pos = v->pos;
    out->set = out->given = 1;
    switch (o->type) {
    case VAL_INT:
        if (v->kind != AST_INT)
            return wrong_type(o, v, "an integer", d);
        return check_range(o, v, (double)v->ival, d);
    case VAL_FLOAT:
        if (v->kind != AST_INT && v->kind != AST_FLOAT)
            return wrong_type(o, v, "a number", d);
        if (!isfinite(v->fval))
            return wrong_type(o, v, "a finite number", d);
        return check_range(o, v, v->fval, d);
    case VAL_STRING:
        return v->kind == AST_STRING ? AL_OK : wrong_type(o, v, "a string in double quotes", d);
    case VAL_WORD: return v->kind == AST_WORD ? AL_OK : wrong_type(o, v, "a word", d);
    case VAL_BOOL:
        out->i = v->kind == AST_WORD                                    ? bool_word(v->text)
                 : v->kind == AST_INT && (v->ival == 0 || v->ival == 1) ? v->ival
                                                                        : -1;
        return out->i >= 0 ? AL_OK : wrong_type(o, v, "on or off", d);
    case VAL_ENUM: return convert_enum(o, v, out, d);
    case VAL_ANY: return AL_OK;
    }
    return AL_OK;
}

/* The default as a value of the option's type; the table's defaults are trusted text. */
static void default_value(const struct opt_spec *o, struct lang_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = o->type;
    if (!o->def)
        return;
    out->set = 1;
    out->s = o->def;
    out->f = strtod(o->def, NULL);
    out->i = strtoll(o->def, NULL, 10);
    if (o->type == VAL_BOOL)
        out->i = bool_word(o->def) == 1;
    for (size_t i = 0; o->type == VAL_ENUM && o->words[i]; i++)
        if (strcmp(o->words[i], o->def) == 0)
            out->i = (long long)i;
}

/* The written arguments from line->args[first] on (first is 1 after a keyword). */
static enum al_status validate_args(const struct session *s, const struct cmd_spec *spec,
                                    const struct ast_line *line, int first, struct lang_value *args,
                                    int *nargs, struct lang_diag *d)
{
    int given = line->nargs - first;
    char title[96];
    cmd_title(spec, title, sizeof title);
    if (given > spec->max_args) {
        const struct ast_value *extra = &line->args[first + spec->max_args];
        char shown[64];
        show_value(extra, shown, sizeof shown);
        if (spec->max_args == 0)
            return diag_set(d, &extra->pos, AL_EINVAL, "unexpected argument %s; '%s' takes none",
                            shown, title);
        return diag_set(d, &extra->pos, AL_EINVAL, "unexpected argument %s; '%s' takes at most %d",
                        shown, title, spec->max_args);
    }
    if (given < spec->min_args)
        return diag_set(d, &line->pos, AL_EINVAL, "missing %s for '%s'; usage: %s",
                        spec->args[given].name, title, spec->usage);
    int nspec = 0;
    while (spec->args && spec->args[nspec].name)
        nspec++;
    for (int i = 0; i < given; i++) {
        int k = i < nspec ? i : nspec - 1; /* the last spec repeats */
        struct ast_value tmp;
        const struct ast_value *v;
        if (substitute(s, &line->args[first + i], &tmp, &v, d) ||
            convert(&spec->args[k], v, &args[i], d))
            return d->status;
    }
    *nargs = given;
    return AL_OK;
}

static int find_opt(const struct cmd_spec *spec, const char *name)
{
    for (int i = 0; spec->opts && spec->opts[i].name; i++)
        if (strcmp(spec->opts[i].name, name) == 0)
            return i;
    return -1;
}

static enum al_status unknown_option(const struct cmd_spec *spec, const struct ast_option *o,
                                     const char *what, struct lang_diag *d)
{
    const char *names[CMD_MAX_OPTS];
    size_t n = cmd_option_names(spec, names, CMD_MAX_OPTS);
    char title[96];
    cmd_title(spec, title, sizeof title);
    const char *keras = keras_hint(spec->name, o->key);
    if (keras)
        return diag_set(d, &o->pos, AL_EINVAL, "unknown option '%s' for '%s': %s", o->key, title,
                        keras);
    if (n == 0)
        return diag_set(d, &o->pos, AL_EINVAL, "unknown option '%s': %s '%s' takes no options",
                        o->key, what, title);
    diag_set(d, &o->pos, AL_EINVAL, "unknown option '%s' for '%s'", o->key, title);
    diag_suggest(d, diag_nearest(o->key, names, n < CMD_MAX_OPTS ? n : CMD_MAX_OPTS));
    return AL_EINVAL;
}

static enum al_status validate_opts(const struct session *s, const struct cmd_spec *spec,
                                    const struct ast_line *line, const char *what,
                                    struct lang_value *opts, struct lang_diag *d)
{
    int n = opt_count(spec);
    for (int i = 0; i < n && i < CMD_MAX_OPTS; i++)
        default_value(&spec->opts[i], &opts[i]);
    for (int i = 0; i < line->nopts; i++) {
        const struct ast_option *o = &line->opts[i];
        int k = find_opt(spec, o->key);
        if (k < 0 || k >= CMD_MAX_OPTS)
            return unknown_option(spec, o, what, d);
        if (opts[k].given)
            return diag_set(d, &o->pos, AL_EINVAL, "option '%s' is given twice", o->key);
        struct ast_value tmp;
        const struct ast_value *v;
        if (substitute(s, &o->value, &tmp, &v, d) || convert(&spec->opts[k], v, &opts[k], d))
            return d->status;
    }
    return AL_OK;
}

static enum al_status validate_line(const struct session *s, const struct cmd_spec *spec,
                                    const struct ast_line *line, int first, const char *what,
                                    struct lang_value *args, int *nargs, struct lang_value *opts,
                                    struct lang_diag *diag)
{
    *nargs = 0;
    if (validate_args(s, spec, line, first, args, nargs, diag))
        return diag->status;
    return validate_opts(s, spec, line, what, opts, diag);
}

enum al_status eval_validate_line(const struct session *s, const struct cmd_spec *spec,
                                  const struct ast_line *line, const char *what,
                                  struct lang_value *args, int *nargs, struct lang_value *opts,
                                  struct lang_diag *diag)
{
    return validate_line(s, spec, line, 0, what, args, nargs, opts, diag);
}

static enum al_status unknown_command(const struct ast_cmd *cmd, struct lang_diag *d)
{
    const char *names[128];
    size_t n = cmd_names(names, 128);
    const char *keras = keras_hint(cmd->head.name, NULL);
    if (keras)
        return diag_set(d, &cmd->head.pos, AL_EINVAL, "unknown command '%s': %s", cmd->head.name,
                        keras);
    diag_set(d, &cmd->head.pos, AL_EINVAL, "unknown command '%s'", cmd->head.name);
    const char *near = diag_nearest(cmd->head.name, names, n < 128 ? n : 128);
    if (near)
        diag_suggest(d, near);
    else if (layer_find(cmd->head.name)) {
        size_t used = strlen(d->msg);
        snprintf(d->msg + used, sizeof d->msg - used,
                 "; '%s' is a layer: it goes inside a 'model' block", cmd->head.name);
    } else {
        size_t used = strlen(d->msg);
        snprintf(d->msg + used, sizeof d->msg - used, " (type 'help' for the list)");
    }
    return AL_EINVAL;
}

/* `save "x.lab"`: a file name where the keyword belongs. The keyword a file of that kind
 * needs is named when the extension says it (.lab: notebook; .ckpt, .safetensors: model). */
static enum al_status file_without_keyword(const struct ast_line *head, const struct ast_value *v,
                                           const char *shown, const char *const *words, size_t n,
                                           const char *list, struct lang_diag *d)
{
    static const struct {
        const char *ext, *keyword;
    } kinds[] = {{".lab", "notebook"}, {".ckpt", "model"}, {".safetensors", "model"}};
    const char *dot = strrchr(v->text, '.');
    for (size_t k = 0; dot && k < sizeof kinds / sizeof kinds[0]; k++) {
        if (strcmp(dot, kinds[k].ext) != 0)
            continue;
        for (size_t i = 0; i < n; i++)
            if (strcmp(words[i], kinds[k].keyword) == 0)
                return diag_set(d, &v->pos, AL_EINVAL,
                                "missing a keyword before the file name; write %s %s %s "
                                "('%s' takes one of %s)",
                                head->name, words[i], shown, head->name, list);
    }
    return diag_set(d, &v->pos, AL_EINVAL,
                    "missing a keyword before the file name %s; '%s' takes one of %s", shown,
                    head->name, list);
}

/* A command whose name has keywords but no default, called without one of them. */
static enum al_status unknown_keyword(const struct ast_line *head, struct lang_diag *d)
{
    const char *words[32];
    size_t n = cmd_keywords(head->name, words, 32);
    n = n < 32 ? n : 32;
    char list[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", words[i]);
    if (head->nargs == 0)
        return diag_set(d, &head->pos, AL_EINVAL,
                        "missing a keyword after '%s'; expected one of %s", head->name, list);
    const struct ast_value *v = &head->args[0];
    char shown[64];
    show_value(v, shown, sizeof shown);
    if (v->kind == AST_STRING)
        return file_without_keyword(head, v, shown, words, n, list, d);
    diag_set(d, &v->pos, AL_EINVAL, "unknown keyword %s for '%s'; expected one of %s", shown,
             head->name, list);
    if (v->kind == AST_WORD)
        diag_suggest(d, diag_nearest(v->text, words, n));
    return AL_EINVAL;
}

/* The entry that cmd calls, selected by the keyword after its name; *first is the index of
 * its first argument. A keyword is a bare word as written: never a $variable's value. NULL
 * when no entry fits, and also when the word would go to a default that cannot take a word
 * there (`export modle "x"` beside `export model`: a misspelt keyword, not a file name). */
static const struct cmd_spec *select_spec(const struct ast_line *head, int *first)
{
    const char *word =
        head->nargs > 0 && head->args[0].kind == AST_WORD ? head->args[0].text : NULL;
    const struct cmd_spec *spec = cmd_select(head->name, word, first);
    const char *any;
    if (spec && word && !*first && cmd_keywords(head->name, &any, 1) > 0) {
        enum val_type t = spec->max_args > 0 ? spec->args[0].type : VAL_INT;
        if (t != VAL_WORD && t != VAL_ANY && t != VAL_ENUM)
            return NULL;
    }
    return spec;
}

enum al_status eval_command(struct session *s, const struct ast_cmd *cmd, struct sink *sink,
                            struct lang_diag *diag)
{
    diag_clear(diag);
    if (!cmd_find(cmd->head.name))
        return unknown_command(cmd, diag);
    int first;
    const struct cmd_spec *spec = select_spec(&cmd->head, &first);
    if (!spec)
        return unknown_keyword(&cmd->head, diag);
    struct cmd_ctx *c = calloc(1, sizeof *c); /* ~5 KiB: keep it off the stack of nested runs */
    if (!c)
        return diag_set(diag, &cmd->head.pos, AL_ENOMEM, "out of memory");
    c->spec = spec;
    c->ast = cmd;
    c->sink = sink;
    c->diag = diag;
    enum al_status st =
        validate_line(s, spec, &cmd->head, first, "command", c->args, &c->nargs, c->opts, diag);
    if (!st && spec->check)
        st = spec->check(c, s);
    if (!st)
        st = spec->exec(c, s);
    if (st && diag->status == AL_OK) {
        char title[96];
        diag_set(diag, &cmd->head.pos, st, "%s failed: %s", cmd_title(spec, title, sizeof title),
                 al_strerror(st));
    }
    if (c->reported)
        diag->shown = 1;
    if (c->plan && c->plan_free)
        c->plan_free(c->plan);
    free(c);
    return st;
}
