/* layer_text.h: a layer's configuration as one line of named fields, the way a checkpoint
 * and a safetensors header keep it ("block heads=4 ff=256 causal=on"). The words are those
 * of the language's layer lines, with every field written out, so that a file does not
 * depend on defaults or on the order of fields in struct layer_config. */
#ifndef ATTNLAB_IO_LAYER_TEXT_H
#define ATTNLAB_IO_LAYER_TEXT_H

#include <stddef.h>

#include "core/status.h"
#include "nn/model.h"

#define LAYER_TEXT_MAX 160

/* Writes cfg's line into out (capacity cap); returns 0, or -1 if it did not fit. */
int layer_text_write(const struct layer_config *cfg, char *out, size_t cap);
/* Parses a line written by layer_text_write into *cfg: the kind's word, then key=value
 * fields, each known to that kind, each present once, numbers in range. AL_EFORMAT with a
 * message saying which field is wrong. */
enum al_status layer_text_parse(const char *text, struct layer_config *cfg,
                                struct al_error *err);

#endif
