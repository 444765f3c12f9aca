/* commands.c: the list of command groups, lookups over it, the helpers that command code
 * calls (values, errors, output), and the help texts derived from the table. */
#include "lang/commands.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* Each group file defines its table and its count. */
extern const struct cmd_spec cmd_session_specs[];
extern const size_t cmd_session_count;
extern const struct cmd_spec cmd_model_specs[];
extern const size_t cmd_model_count;
extern const struct cmd_spec cmd_data_specs[];
extern const size_t cmd_data_count;
extern const struct cmd_spec cmd_train_specs[];
extern const size_t cmd_train_count;
extern const struct cmd_spec cmd_infer_specs[];
extern const size_t cmd_infer_count;
extern const struct cmd_spec cmd_show_specs[];
extern const size_t cmd_show_count;
extern const struct cmd_spec cmd_explain_specs[];
extern const size_t cmd_explain_count;
extern const struct cmd_spec cmd_io_specs[];
extern const size_t cmd_io_count;
extern const struct cmd_spec cmd_heads_specs[];
extern const size_t cmd_heads_count;
extern const struct cmd_spec cmd_notebook_specs[];
extern const size_t cmd_notebook_count;

static const struct cmd_group groups[] = {
    {"Session", cmd_session_specs, &cmd_session_count},
    {"Data", cmd_data_specs, &cmd_data_count},
    {"Models", cmd_model_specs, &cmd_model_count},
    {"Training", cmd_train_specs, &cmd_train_count},
    {"Using a model", cmd_infer_specs, &cmd_infer_count},
    {"Looking inside", cmd_show_specs, &cmd_show_count},
    {"Explaining", cmd_explain_specs, &cmd_explain_count},
    {"Models as files", cmd_io_specs, &cmd_io_count},
    {"Attention heads", cmd_heads_specs, &cmd_heads_count},
    {"Notebook", cmd_notebook_specs, &cmd_notebook_count},
};

const struct cmd_group *cmd_groups(size_t *n)
{
    *n = sizeof groups / sizeof groups[0];
    return groups;
}

size_t cmd_find_all(const char *name, const struct cmd_spec **out, size_t max)
{
    size_t n = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (size_t i = 0; i < *groups[g].count; i++)
            if (strcmp(groups[g].specs[i].name, name) == 0 && n++ < max)
                out[n - 1] = &groups[g].specs[i];
    return n;
}

const struct cmd_spec *cmd_find(const char *name)
{
    const struct cmd_spec *first;
    return cmd_find_all(name, &first, 1) ? first : NULL;
}

/* More entries of one name than this would be a table no one could read. */
#define MAX_NAMESAKES 16

const struct cmd_spec *cmd_select(const char *name, const char *word, int *consumed)
{
    const struct cmd_spec *all[MAX_NAMESAKES], *fallback = NULL;
    size_t n = cmd_find_all(name, all, MAX_NAMESAKES);
    *consumed = 0;
    for (size_t i = 0; i < n && i < MAX_NAMESAKES; i++) {
        if (word && all[i]->keyword && strcmp(all[i]->keyword, word) == 0) {
            *consumed = 1;
            return all[i];
        }
        if (!fallback && !all[i]->keyword)
            fallback = all[i];
    }
    return fallback;
}

size_t cmd_keywords(const char *name, const char **out, size_t max)
{
    const struct cmd_spec *all[MAX_NAMESAKES];
    size_t n = cmd_find_all(name, all, MAX_NAMESAKES), k = 0;
    for (size_t i = 0; i < n && i < MAX_NAMESAKES; i++)
        if (all[i]->keyword && k++ < max)
            out[k - 1] = all[i]->keyword;
    return k;
}

const char *cmd_title(const struct cmd_spec *spec, char *buf, size_t n)
{
    if (spec->keyword)
        snprintf(buf, n, "%s %s", spec->name, spec->keyword);
    else
        snprintf(buf, n, "%s", spec->name);
    return buf;
}

size_t cmd_names(const char **out, size_t max)
{
    size_t n = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (size_t i = 0; i < *groups[g].count; i++) {
            const struct cmd_spec *spec = &groups[g].specs[i];
            if (cmd_find(spec->name) == spec && n++ < max) /* each name once */
                out[n - 1] = spec->name;
        }
    return n;
}

size_t cmd_option_names(const struct cmd_spec *spec, const char **out, size_t max)
{
    size_t n = 0;
    for (; spec->opts && spec->opts[n].name; n++)
        if (n < max)
            out[n] = spec->opts[n].name;
    return n;
}

/* ---- helpers for command code ---- */

static const struct lang_value unset_value;

const struct lang_value *cmd_opt(const struct cmd_ctx *c, const char *name)
{
    for (int i = 0; c->spec->opts && c->spec->opts[i].name && i < CMD_MAX_OPTS; i++)
        if (strcmp(c->spec->opts[i].name, name) == 0)
            return &c->opts[i];
    return &unset_value;
}

const struct lang_value *cmd_arg(const struct cmd_ctx *c, int i)
{
    return i >= 0 && i < c->nargs ? &c->args[i] : &unset_value;
}

enum al_status cmd_fail(struct cmd_ctx *c, const struct lang_pos *pos, enum al_status status,
                        const char *fmt, ...)
{
    char msg[sizeof c->diag->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_set(c->diag, pos ? pos : &c->ast->head.pos, status, "%s", msg);
}

enum al_status cmd_fail_error(struct cmd_ctx *c, const struct lang_pos *pos,
                              const struct al_error *err)
{
    enum al_status st = err->status ? err->status : AL_EINVAL;
    return cmd_fail(c, pos, st, "%s", err->msg[0] ? err->msg : al_strerror(st));
}

void cmd_emit(struct cmd_ctx *c, const struct block *b)
{
    sink_emit(c->sink, b);
}

void cmd_emit_text(struct cmd_ctx *c, const char *text)
{
    struct block b = {.kind = BLOCK_TEXT, .text = text};
    sink_emit(c->sink, &b);
}

void cmd_printf(struct cmd_ctx *c, const char *fmt, ...)
{
    struct strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *text = strbuf_take(&b);
    if (text)
        cmd_emit_text(c, text);
    free(text);
}

/* ---- help texts ---- */

void cmd_number_text(double x, char *out, size_t n)
{
    if (x == floor(x) && fabs(x) < 1e16)
        snprintf(out, n, "%.0f", x);
    else
        snprintf(out, n, "%g", x);
}

const char *cmd_type_name(const struct opt_spec *o, char *buf, size_t n)
{
    switch (o->type) {
    case VAL_INT: return "INT";
    case VAL_FLOAT: return "NUMBER";
    case VAL_STRING: return "\"TEXT\"";
    case VAL_WORD: return "WORD";
    case VAL_BOOL: return "on|off";
    case VAL_ANY: return "VALUE";
    case VAL_ENUM: break;
    }
    buf[0] = '\0';
    for (size_t i = 0; o->words[i]; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? "|" : "", o->words[i]);
    return buf;
}

/* "(1 to 256; default 1)" or "(default auto)" or "" */
static void describe_limits(const struct opt_spec *o, char *out, size_t n)
{
    out[0] = '\0';
    if (o->min < o->max) {
        char lo[40], hi[40];
        cmd_number_text(o->min, lo, sizeof lo);
        cmd_number_text(o->max, hi, sizeof hi);
        snprintf(out, n, "%s to %s", lo, hi);
    }
    if (o->def)
        snprintf(out + strlen(out), n - strlen(out), "%sdefault %s", out[0] ? "; " : "", o->def);
}

static void add_entries(struct strbuf *b, const char *title, const struct opt_spec *list,
                        int as_option)
{
    if (!list || !list[0].name)
        return;
    strbuf_printf(b, "\n%s:\n", title);
    int width = 0;
    for (int i = 0; list[i].name; i++) {
        char type[200];
        int w =
            (int)(strlen(list[i].name) + 3 + strlen(cmd_type_name(&list[i], type, sizeof type)));
        width = w > width ? w : width;
    }
    for (int i = 0; list[i].name; i++) {
        char type[200], lhs[260], limits[200];
        const char *t = cmd_type_name(&list[i], type, sizeof type);
        if (as_option)
            snprintf(lhs, sizeof lhs, "%s=%s", list[i].name, t);
        else
            snprintf(lhs, sizeof lhs, "%s (%s)", list[i].name, t);
        describe_limits(&list[i], limits, sizeof limits);
        strbuf_printf(b, "  %-*s  %s", width, lhs, list[i].help ? list[i].help : "");
        if (limits[0])
            strbuf_printf(b, " (%s)", limits);
        strbuf_puts(b, "\n");
    }
}

char *cmd_help_text(const struct cmd_spec *spec, const char *kind)
{
    struct strbuf b = {0};
    strbuf_printf(&b, "%s%s%s\n  %s.\n", kind ? kind : "", kind ? ": " : "", spec->usage,
                  spec->summary);
    if (spec->help)
        strbuf_printf(&b, "\n%s\n", spec->help);
    add_entries(&b, "Arguments", spec->args, 0);
    add_entries(&b, "Options", spec->opts, 1);
    return strbuf_take(&b);
}

char *cmd_help_named(const char *name)
{
    const struct cmd_spec *all[MAX_NAMESAKES];
    size_t n = cmd_find_all(name, all, MAX_NAMESAKES);
    struct strbuf b = {0};
    for (size_t i = 0; i < n && i < MAX_NAMESAKES; i++) {
        char *text = cmd_help_text(all[i], NULL);
        if (!text) {
            free(strbuf_take(&b));
            return NULL;
        }
        strbuf_printf(&b, "%s%s", i ? "\n" : "", text);
        free(text);
    }
    return n ? strbuf_take(&b) : NULL;
}

char *cmd_help_index(void)
{
    struct strbuf b = {0};
    char title[96];
    int width = 10; /* the longest title sets the column of the summaries */
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (size_t i = 0; i < *groups[g].count; i++) {
            int w = (int)strlen(cmd_title(&groups[g].specs[i], title, sizeof title));
            width = w > width ? w : width;
        }
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        strbuf_printf(&b, "%s%s:\n", g ? "\n" : "", groups[g].title);
        for (size_t i = 0; i < *groups[g].count; i++)
            strbuf_printf(&b, "  %-*s %s\n", width,
                          cmd_title(&groups[g].specs[i], title, sizeof title),
                          groups[g].specs[i].summary);
    }
    strbuf_puts(&b, "\nLayers (inside a model block):\n ");
    const char *layers[64];
    size_t nlayers = layer_names(layers, 64);
    for (size_t i = 0; i < nlayers && i < 64; i++)
        strbuf_printf(&b, " %s", layers[i]);
    strbuf_puts(&b, "\n\nType 'help NAME' for a command's usage and options.\n");
    return strbuf_take(&b);
}

static void markdown_entries(struct strbuf *b, const char *title, const struct opt_spec *list)
{
    if (!list || !list[0].name)
        return;
    strbuf_printf(
        b, "\n| %s | type | default | range | meaning |\n| --- | --- | --- | --- | --- |\n", title);
    for (int i = 0; list[i].name; i++) {
        char type[200], range[100] = "";
        const char *t = cmd_type_name(&list[i], type, sizeof type);
        if (list[i].min < list[i].max) {
            char lo[40], hi[40];
            cmd_number_text(list[i].min, lo, sizeof lo);
            cmd_number_text(list[i].max, hi, sizeof hi);
            snprintf(range, sizeof range, "%s to %s", lo, hi);
        }
        strbuf_printf(b, "| `%s` | `%s` | %s | %s | %s |\n", list[i].name, t,
                      list[i].def ? list[i].def : "", range, list[i].help ? list[i].help : "");
    }
}

static void markdown_spec(struct strbuf *b, const struct cmd_spec *spec)
{
    char title[96];
    strbuf_printf(b, "\n#### %s\n\n```\n%s\n```\n\n%s.\n", cmd_title(spec, title, sizeof title),
                  spec->usage, spec->summary);
    if (spec->help)
        strbuf_printf(b, "\n%s\n", spec->help);
    markdown_entries(b, "argument", spec->args);
    markdown_entries(b, "option", spec->opts);
}

char *cmd_reference_markdown(void)
{
    struct strbuf b = {0};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        strbuf_printf(&b, "\n### %s\n", groups[g].title);
        for (size_t i = 0; i < *groups[g].count; i++)
            markdown_spec(&b, &groups[g].specs[i]);
    }
    strbuf_puts(&b, "\n### Layers\n\nLayer lines go between `model NAME` and `end`.\n");
    const char *layers[64];
    size_t nlayers = layer_names(layers, 64);
    for (size_t i = 0; i < nlayers && i < 64; i++)
        markdown_spec(&b, layer_find(layers[i]));
    return strbuf_take(&b);
}

/* "dir/of/lesson.lab" + "part.lab" -> "dir/of/part.lab"; absolute names stay. */
char *cmd_resolve_path(const struct lang_value *file)
{
    const char *name = file->s;
    const struct lang_source *src = file->pos.src;
    const char *slash = src ? strrchr(src->name, '/') : NULL;
    if (name[0] == '/' || !slash || src->name[0] == '<')
        return strdup(name);
    size_t dir = (size_t)(slash - src->name) + 1;
    char *path = malloc(dir + strlen(name) + 1);
    if (path) {
        memcpy(path, src->name, dir);
        strcpy(path + dir, name);
    }
    return path;
}

enum al_status cmd_emit_strbuf(struct cmd_ctx *c, struct strbuf *b)
{
    char *text = strbuf_take(b);
    if (!text)
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    cmd_emit_text(c, text);
    free(text);
    return AL_OK;
}
