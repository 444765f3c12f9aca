/* layer_kinds.c: the registry of layer kinds (built from the list in nn/layer_kinds.h) and
 * what kinds share: parameter specs, the width check, options stored in a configuration. */
#include "nn/layer_kind.h"

#include <stdio.h>
#include <string.h>

#define LAYER_KIND_ENTRY(NAME, word) [LAYER_##NAME] = &layer_##word,
const struct layer_kind_desc *const layer_kinds[LAYER_KIND_COUNT] = {
    LAYER_KIND_LIST(LAYER_KIND_ENTRY)};
#undef LAYER_KIND_ENTRY

const struct layer_kind_desc *layer_kind(enum layer_kind k)
{
    return (unsigned)k < LAYER_KIND_COUNT ? layer_kinds[k] : NULL;
}

int layer_kind_find(const char *word)
{
    for (int k = 0; k < LAYER_KIND_COUNT; k++)
        if (strcmp(layer_kinds[k]->word, word) == 0)
            return k;
    return -1;
}

const char *layer_kind_name(enum layer_kind k)
{
    return (unsigned)k < LAYER_KIND_COUNT ? layer_kinds[k]->word : "?";
}

void layer_param_spec(struct param_spec *s, const char *name, int rows, int cols,
                      enum init_kind init, float scale)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    s->rows = rows;
    s->cols = cols;
    s->init = init;
    s->init_scale = scale;
}

enum al_status layer_check_units(const struct layer_config *cfg, struct al_error *err)
{
    if (cfg->units < 1 || cfg->units > 65536)
        return al_fail(err, AL_EINVAL, "%s: the width must be between 1 and 65536, not %d",
                       layer_kind_name(cfg->kind), cfg->units);
    return AL_OK;
}

int layer_units_width(const struct layer_config *cfg, int in_width, int vocab)
{
    (void)in_width;
    (void)vocab;
    return cfg->units;
}

/* The enum fields of struct layer_config are stored as ints. */
_Static_assert(sizeof(enum activation) == sizeof(int) &&
                   sizeof(enum position_kind) == sizeof(int) &&
                   sizeof(enum pool_kind) == sizeof(int),
               "layer options store enums as int");

double layer_opt_load(const struct layer_config *cfg, const struct layer_opt *o)
{
    const char *field = (const char *)cfg + o->field;
    if (o->flags & LAYER_OPT_REPEAT)
        return 1;
    if (o->type == LAYER_OPT_FLOAT) {
        float f;
        memcpy(&f, field, sizeof f);
        return f;
    }
    int i;
    memcpy(&i, field, sizeof i);
    return (o->flags & LAYER_OPT_NEGATE) ? !i : i;
}

void layer_opt_store(struct layer_config *cfg, const struct layer_opt *o, double value)
{
    char *field = (char *)cfg + o->field;
    if (o->flags & LAYER_OPT_REPEAT)
        return;
    if (o->type == LAYER_OPT_FLOAT) {
        float f = (float)value;
        memcpy(field, &f, sizeof f);
        return;
    }
    int i = (int)value;
    if (o->flags & LAYER_OPT_NEGATE)
        i = !i;
    memcpy(field, &i, sizeof i);
}
