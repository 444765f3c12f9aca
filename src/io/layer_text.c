/* layer_text.c: a layer's configuration as named fields and back (layer_text.h). */
#include "io/layer_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const act_words[ACT_COUNT] = {"none", "relu", "sigmoid", "tanh", "gelu"};
static const char *const pos_words[] = {"learned", "sinusoidal"};
static const char *const pool_words[] = {"mean", "last"};

/* The fields each kind writes, in order. */
enum field { F_UNITS, F_HEADS, F_FF, F_CAUSAL, F_ACT, F_KIND, F_RATE, F_CLASSES, F_POOL,
             F_COUNT };
static const char *const field_names[F_COUNT] = {"units", "heads", "ff", "causal",
                                                 "activation", "kind", "rate", "classes",
                                                 "pool"};

static unsigned fields_of(enum layer_kind k)
{
    switch (k) {
    case LAYER_EMBEDDING: case LAYER_LSTM: case LAYER_MLP: return 1u << F_UNITS;
    case LAYER_DENSE: return 1u << F_UNITS | 1u << F_ACT;
    case LAYER_POSITION: return 1u << F_KIND;
    case LAYER_ATTENTION: return 1u << F_HEADS | 1u << F_CAUSAL;
    case LAYER_BLOCK: return 1u << F_HEADS | 1u << F_FF | 1u << F_CAUSAL;
    case LAYER_DROPOUT: return 1u << F_RATE;
    case LAYER_CLASSIFY: return 1u << F_CLASSES | 1u << F_POOL;
    default: return 0;
    }
}

int layer_text_write(const struct layer_config *cfg, char *out, size_t cap)
{
    if (cfg->kind >= LAYER_KIND_COUNT || cfg->act >= ACT_COUNT)
        return -1;
    size_t n = (size_t)snprintf(out, cap, "%s", layer_kind_name(cfg->kind));
    unsigned f = fields_of(cfg->kind);
    for (int i = 0; i < F_COUNT && n < cap; i++) {
        if (!(f & 1u << i))
            continue;
        char v[32];
        switch ((enum field)i) {
        case F_UNITS: snprintf(v, sizeof v, "%d", cfg->units); break;
        case F_HEADS: snprintf(v, sizeof v, "%d", cfg->heads); break;
        case F_FF: snprintf(v, sizeof v, "%d", cfg->ff); break;
        case F_CAUSAL: snprintf(v, sizeof v, "%s", cfg->bidirectional ? "off" : "on"); break;
        case F_ACT: snprintf(v, sizeof v, "%s", act_words[cfg->act]); break;
        case F_KIND: snprintf(v, sizeof v, "%s", pos_words[cfg->position == POSITION_SINUSOID]);
            break;
        case F_RATE: snprintf(v, sizeof v, "%.9g", cfg->rate); break;
        case F_CLASSES: snprintf(v, sizeof v, "%d", cfg->classes); break;
        case F_POOL: snprintf(v, sizeof v, "%s", pool_words[cfg->pool == POOL_LAST]); break;
        case F_COUNT: break;
        }
        n += (size_t)snprintf(out + n, cap - n, " %s=%s", field_names[i], v);
    }
    return n < cap ? 0 : -1;
}

static int word_index(const char *w, const char *const *words, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(w, words[i]) == 0)
            return i;
    return -1;
}

static enum al_status int_field(const char *v, long lo, long hi, int *out, const char *key,
                                struct al_error *err)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        return al_fail(err, AL_EFORMAT, "layer field %s=%.20s is not a number in %ld..%ld", key,
                       v, lo, hi);
    *out = (int)x;
    return AL_OK;
}

static enum al_status set_field(enum field f, const char *v, struct layer_config *cfg,
                                struct al_error *err)
{
    const char *key = field_names[f];
    int i;
    switch (f) {
    case F_UNITS: return int_field(v, 1, 65536, &cfg->units, key, err);
    case F_HEADS: return int_field(v, 1, 65536, &cfg->heads, key, err);
    case F_FF: return int_field(v, 1, 262144, &cfg->ff, key, err);
    case F_CLASSES: return int_field(v, 2, 65536, &cfg->classes, key, err);
    case F_CAUSAL:
        if ((i = word_index(v, (const char *const[]){"off", "on"}, 2)) < 0)
            break;
        cfg->bidirectional = !i;
        return AL_OK;
    case F_ACT:
        if ((i = word_index(v, act_words, ACT_COUNT)) < 0)
            break;
        cfg->act = (enum activation)i;
        return AL_OK;
    case F_KIND:
        if ((i = word_index(v, pos_words, 2)) < 0)
            break;
        cfg->position = i ? POSITION_SINUSOID : POSITION_LEARNED;
        return AL_OK;
    case F_POOL:
        if ((i = word_index(v, pool_words, 2)) < 0)
            break;
        cfg->pool = i ? POOL_LAST : POOL_MEAN;
        return AL_OK;
    case F_RATE: {
        char *end;
        double r = strtod(v, &end);
        if (end == v || *end || !(r >= 0.0 && r < 1.0))
            break;
        cfg->rate = (float)r;
        return AL_OK;
    }
    case F_COUNT:
        break;
    }
    return al_fail(err, AL_EFORMAT, "layer field %s=%.20s has a value out of its domain", key,
                   v);
}

enum al_status layer_text_parse(const char *text, struct layer_config *cfg,
                                struct al_error *err)
{
    char buf[LAYER_TEXT_MAX];
    if (strlen(text) >= sizeof buf)
        return al_fail(err, AL_EFORMAT, "a layer line is too long");
    memcpy(buf, text, strlen(text) + 1);
    memset(cfg, 0, sizeof *cfg);
    char *save = NULL, *word = strtok_r(buf, " ", &save);
    int kind = -1;
    for (int k = 0; word && k < LAYER_KIND_COUNT; k++)
        if (strcmp(word, layer_kind_name((enum layer_kind)k)) == 0)
            kind = k;
    if (kind < 0)
        return al_fail(err, AL_EFORMAT, "unknown layer kind '%.20s'", word ? word : "");
    cfg->kind = (enum layer_kind)kind;
    unsigned want = fields_of(cfg->kind), seen = 0;
    for (char *tok; (tok = strtok_r(NULL, " ", &save));) {
        char *eq = strchr(tok, '=');
        if (!eq)
            return al_fail(err, AL_EFORMAT, "layer %s: '%.20s' is not key=value", word, tok);
        *eq = '\0';
        int f = word_index(tok, field_names, F_COUNT);
        if (f < 0 || !(want & 1u << f))
            return al_fail(err, AL_EFORMAT, "layer %s has no field '%.20s'", word, tok);
        if (seen & 1u << f)
            return al_fail(err, AL_EFORMAT, "layer %s: field %s appears twice", word, tok);
        seen |= 1u << f;
        if (set_field((enum field)f, eq + 1, cfg, err) != AL_OK)
            return AL_EFORMAT;
    }
    if (seen != want)
        return al_fail(err, AL_EFORMAT, "layer %s lacks some of its fields", word);
    return AL_OK;
}
