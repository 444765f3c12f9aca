/* safetensors_io.h: a session's model as safetensors (doc/checkpoint.md): one F32 tensor per
 * parameter under its attnlab name, and in __metadata__ what rebuilds the model: the layer
 * stack (one line a layer), vocabulary, context, the tokenizer (base64 of its serialised
 * bytes) and a classifier's class names. No optimizer state: that is what checkpoints are
 * for. */
#ifndef ATTNLAB_LANG_SAFETENSORS_IO_H
#define ATTNLAB_LANG_SAFETENSORS_IO_H

#include <stddef.h>

#include "core/status.h"
#include "lab/lab.h"

/* The file's bytes for a compiled model m (heap buffer; caller frees). */
enum al_status safetensors_encode(const struct lab_model *m, unsigned char **buf, size_t *len,
                                  struct al_error *err);
/* A new model built from the bytes: the layer stack and tokenizer of the metadata, compiled
 * for adamw (lr 1e-3) with batch 32, and every tensor, each checked against the parameter
 * of that name (shape [rows, cols], or [n] for a vector); a tensor missing or left over is an
 * error. name is the file, for messages; max_arena as in model_io_read. */
enum al_status safetensors_decode(const unsigned char *buf, size_t len, const char *name,
                                  size_t max_arena, struct lab_model **out, struct al_error *err);

/* Writes m atomically to path. */
enum al_status safetensors_save(const char *path, const struct lab_model *m, size_t *bytes,
                                struct al_error *err);
/* Reads path into a new model (as safetensors_decode). */
enum al_status safetensors_load(const char *path, struct lab_model **out, struct al_error *err);
/* Reads path's tensors for the parameters of into (same names and shapes, nothing left over)
 * into a heap array *values of into->net->param_floats floats; into is not changed. */
enum al_status safetensors_load_into(const char *path, const struct lab_model *into, float **values,
                                     struct al_error *err);

#endif
