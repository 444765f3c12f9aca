/* layer_text.h: a layer's configuration as one line, the way a checkpoint and a safetensors
 * header keep it: the language's layer line with every option spelled out ("embedding 64",
 * "block heads=4 ff=256 causal=on"), written and read by nn's layer descriptors, so that a
 * file depends neither on defaults nor on the order of fields in struct layer_config. */
#ifndef ATTNLAB_IO_LAYER_TEXT_H
#define ATTNLAB_IO_LAYER_TEXT_H

#include <stddef.h>

#include "core/status.h"
#include "nn/model.h"

#define LAYER_TEXT_MAX 160

/* Writes cfg's line into out (capacity cap); returns 0, or -1 if it did not fit. */
int layer_text_write(const struct layer_config *cfg, char *out, size_t cap);
/* Parses a line written by layer_text_write into *cfg: the kind's word, then its options,
 * each known to that kind and in range (a repeat count is refused: a file holds one line
 * per layer). AL_EFORMAT with a message saying which option is wrong. */
enum al_status layer_text_parse(const char *text, struct layer_config *cfg, struct al_error *err);

#endif
