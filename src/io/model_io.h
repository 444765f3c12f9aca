/* model_io.h: a model and its tokenizer as checkpoint sections, and back (doc/checkpoint.md):
 *   MODL  vocabulary, context, compiled flag and batch, one layer_text line per layer
 *   TOKN  the tokenizer (data's tok_serialize)
 *   PARM  each parameter's name and shape, then every value as float32
 *   OPTM  the optimizer, its hyperparameters and schedule, the step counts, and Adam's (or
 *         momentum's) state (not for a model compiled for inference, which has none)
 * Pure functions over bytes: no files, no session. */
#ifndef ATTNLAB_IO_MODEL_IO_H
#define ATTNLAB_IO_MODEL_IO_H

#include <stddef.h>

#include "core/status.h"
#include "io/bytes.h"
#include "io/container.h"
#include "nn/model.h"

struct tokenizer;

/* The most memory a model read from a file may ask for when it is compiled (arena bytes,
 * a generous upper estimate): a file cannot make attnlab allocate without bound. */
#define MODEL_IO_MAX_ARENA ((size_t)1 << 36)

/* Appends the four sections for net (compiled or not) and tok. */
void model_io_write(struct bytes_out *out, const struct model *net, const struct tokenizer *tok);

/* Rebuilds the model and its tokenizer from a checked container: every layer through
 * model_add (so every shape rule applies), the tokenizer's vocabulary against the layer
 * shapes, each parameter's name and shape against what the layers make, lengths against
 * the section sizes, hyperparameters against their ranges. A compiled model is compiled
 * again (for its batch) and gets its values, optimizer state and step counts back; the
 * result then trains on exactly as the saved one would have. max_arena limits the memory a
 * compile may take; batch > 0 compiles for that batch instead of the saved one (a command-line
 * generation needs 1: a far smaller arena, the same numbers). inference compiles it for
 * inference only (model_compile_inference: no gradients, and the optimizer state is checked
 * but not kept), as a model saved while compiled for inference always is. Nothing is drawn
 * at random: every value comes from the file. On failure nothing is returned and err
 * (AL_EFORMAT, or AL_ENOMEM) names r->name and what is wrong. */
enum al_status model_io_read(const struct ckpt_reader *r, size_t max_arena, int batch,
                             int inference, struct model **net, struct tokenizer **tok,
                             struct al_error *err);

/* A generous upper bound, in bytes, of the arena model_compile would allocate for net with
 * batches of b; +inf when beyond size_t. */
double model_io_arena_estimate(const struct model *net, int b);

#endif
