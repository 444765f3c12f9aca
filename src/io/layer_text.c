/* layer_text.c: a layer's configuration as one line (layer_text.h), through nn's layer
 * descriptors: the line is the language's own layer line with every option spelled out. */
#include "io/layer_text.h"

#include <string.h>

#include "nn/layer_kind.h"

int layer_text_write(const struct layer_config *cfg, char *out, size_t cap)
{
    return layer_config_text(cfg, out, cap) < cap ? 0 : -1;
}

enum al_status layer_text_parse(const char *text, struct layer_config *cfg, struct al_error *err)
{
    int repeat = 1;
    struct al_error e;
    if (strlen(text) >= LAYER_TEXT_MAX)
        return al_fail(err, AL_EFORMAT, "a layer line is too long");
    if (layer_config_parse(text, cfg, &repeat, &e) != AL_OK)
        return al_fail(err, AL_EFORMAT, "%s", e.msg);
    if (repeat != 1) /* a file holds one line per layer, repeats already expanded */
        return al_fail(err, AL_EFORMAT, "a layer line with a repeat count (%d)", repeat);
    return AL_OK;
}
