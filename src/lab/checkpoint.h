/* checkpoint.h: a session's model as a checkpoint file (doc/checkpoint.md): what
 * io/model_io.h keeps (layers, tokenizer, parameters, optimizer), plus the session's part:
 * the model's name, its class names, its loss and validation histories, and the session's
 * random generator, so that training resumes exactly where it stopped. */
#ifndef ATTNLAB_LANG_CHECKPOINT_H
#define ATTNLAB_LANG_CHECKPOINT_H

#include <stddef.h>

#include "core/rng.h"
#include "core/status.h"
#include "lab/lab.h"

/* The checkpoint of m with the generator rng, in a heap buffer (*buf, *len; caller frees). */
enum al_status checkpoint_encode(const struct lab_model *m, const struct rng *rng,
                                 unsigned char **buf, size_t *len, struct al_error *err);

/* Rebuilds a model and the saved generator from buf[0..len). name (the file) appears in
 * every message; max_arena, batch (0: as saved) and inference as in model_io_read. On failure
 * nothing is returned. */
enum al_status checkpoint_decode(const unsigned char *buf, size_t len, const char *name,
                                 size_t max_arena, int batch, int inference, struct lab_model **out,
                                 struct rng *rng, struct al_error *err);

/* The two above through a file: written atomically and durably (core/atomic_file.h); read
 * whole with a size limit (text_read_bytes). */
enum al_status checkpoint_save(const char *path, const struct lab_model *m, const struct rng *rng,
                               size_t *bytes, struct al_error *err);
enum al_status checkpoint_load(const char *path, int batch, int inference, struct lab_model **out,
                               struct rng *rng, struct al_error *err);

/* The largest checkpoint file that is read (bytes). */
#define CHECKPOINT_MAX_FILE ((size_t)1 << 34)

#endif
