/* layer_text.c: a layer's configuration as the text of its layer line and back, through its
 * kind's options: what a checkpoint stores and reads (the language parses its own lines,
 * with positions and suggestions, in lang/cmd_model.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/layer_kind.h"

/* A value written as text, by the option's type; 0 on success. */
static int value_of(const struct layer_opt *o, const char *text, double *out)
{
    char *end;
    switch (o->type) {
    case LAYER_OPT_INT: {
        long v = strtol(text, &end, 10);
        *out = (double)v;
        return *text == '\0' || *end != '\0';
    }
    case LAYER_OPT_FLOAT:
        *out = strtod(text, &end);
        return *text == '\0' || *end != '\0' || !isfinite(*out);
    case LAYER_OPT_BOOL: {
        static const char *const on[] = {"on", "yes", "true", "1"};
        static const char *const off[] = {"off", "no", "false", "0"};
        for (int k = 0; k < 4; k++)
            if (!strcmp(text, on[k]) || !strcmp(text, off[k])) {
                *out = !strcmp(text, on[k]);
                return 0;
            }
        return 1;
    }
    case LAYER_OPT_ENUM:
        for (int k = 0; o->words[k]; k++)
            if (!strcmp(text, o->words[k])) {
                *out = k;
                return 0;
            }
        return 1;
    }
    return 1;
}

void layer_config_defaults(struct layer_config *cfg, enum layer_kind k)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->kind = k;
    const struct layer_kind_desc *d = layer_kind(k);
    for (const struct layer_opt *o = d ? d->opts : NULL; o && o->name; o++) {
        double v;
        if (o->def && value_of(o, o->def, &v) == 0)
            layer_opt_store(cfg, o, v);
    }
}

/* The shortest text that reads back as the same float. */
static void float_text(float f, char *buf, size_t n)
{
    for (int digits = 6; digits <= 9; digits++) {
        snprintf(buf, n, "%.*g", digits, (double)f);
        if (strtof(buf, NULL) == f)
            return;
    }
}

static void value_text(const struct layer_config *cfg, const struct layer_opt *o, char *buf,
                       size_t n)
{
    double v = layer_opt_load(cfg, o);
    switch (o->type) {
    case LAYER_OPT_FLOAT: float_text((float)v, buf, n); break;
    case LAYER_OPT_BOOL: snprintf(buf, n, "%s", v ? "on" : "off"); break;
    case LAYER_OPT_ENUM: {
        int count = 0;
        while (o->words[count])
            count++;
        snprintf(buf, n, "%s", v >= 0 && v < count ? o->words[(int)v] : "?");
        break;
    }
    default: snprintf(buf, n, "%d", (int)v);
    }
}

size_t layer_config_text(const struct layer_config *cfg, char *buf, size_t n)
{
    const struct layer_kind_desc *d = layer_kind(cfg->kind);
    size_t len = (size_t)snprintf(buf, n, "%s", d ? d->word : "?");
    for (int pass = 0; d && d->opts && pass < 2; pass++) /* positionals first */
        for (const struct layer_opt *o = d->opts; o->name; o++) {
            if ((o->flags & LAYER_OPT_REPEAT) || ((o->flags & LAYER_OPT_POSITIONAL) == 0) != pass)
                continue;
            char value[64];
            value_text(cfg, o, value, sizeof value);
            char *at = len < n ? buf + len : NULL;
            size_t room = len < n ? n - len : 0;
            len += (size_t)(pass ? snprintf(at, room, " %s=%s", o->name, value)
                                 : snprintf(at, room, " %s", value));
        }
    return len;
}

/* One word of a layer line: a positional value, or key=value. */
static enum al_status parse_word(const struct layer_kind_desc *d, char *word, int *positional,
                                 struct layer_config *cfg, int *repeat, struct al_error *err)
{
    const struct layer_opt *o = NULL;
    char *eq = strchr(word, '='), *text = word;
    if (eq) {
        *eq = '\0';
        text = eq + 1;
    }
    int seen = 0;
    for (const struct layer_opt *p = d->opts; p && p->name && !o; p++) {
        int pos = (p->flags & LAYER_OPT_POSITIONAL) != 0;
        if (eq ? !strcmp(p->name, word) : pos && seen++ == *positional)
            o = p;
    }
    if (!o)
        return eq ? al_fail(err, AL_EINVAL, "%s: unknown option '%s'", d->word, word)
                  : al_fail(err, AL_EINVAL, "%s: too many arguments at '%s'", d->word, word);
    if (!eq)
        (*positional)++;
    double v;
    if (value_of(o, text, &v) != 0)
        return al_fail(err, AL_EINVAL, "%s: '%s' is not a valid %s", d->word, text, o->name);
    if (o->min < o->max && (v < o->min || v > o->max))
        return al_fail(err, AL_EINVAL, "%s: %s=%s is outside %g to %g", d->word, o->name, text,
                       o->min, o->max);
    if (o->flags & LAYER_OPT_REPEAT) {
        if (repeat)
            *repeat = (int)v;
    } else {
        layer_opt_store(cfg, o, v);
    }
    return AL_OK;
}

enum al_status layer_config_parse(const char *text, struct layer_config *cfg, int *repeat,
                                  struct al_error *err)
{
    char line[256];
    if (strlen(text) >= sizeof line)
        return al_fail(err, AL_EINVAL, "layer line too long");
    snprintf(line, sizeof line, "%s", text);
    char *save = NULL, *word = strtok_r(line, " \t\n", &save);
    int k = word ? layer_kind_find(word) : -1;
    if (k < 0)
        return al_fail(err, AL_EINVAL, "unknown layer '%s'", word ? word : "");
    const struct layer_kind_desc *d = layer_kinds[k];
    struct layer_config c;
    layer_config_defaults(&c, (enum layer_kind)k);
    int positional = 0, rep = 1;
    while ((word = strtok_r(NULL, " \t\n", &save))) {
        enum al_status st = parse_word(d, word, &positional, &c, &rep, err);
        if (st != AL_OK)
            return st;
    }
    int required = 0;
    for (const struct layer_opt *o = d->opts; o && o->name; o++)
        required += (o->flags & LAYER_OPT_REQUIRED) != 0;
    if (positional < required)
        return al_fail(err, AL_EINVAL, "%s: %d argument%s expected", d->word, required,
                       required == 1 ? "" : "s");
    *cfg = c;
    if (repeat)
        *repeat = rep;
    return AL_OK;
}
