/* gpt2_load.h: `import model` for GPT-2 checkpoints as Hugging Face publishes them: a folder
 * (config.json, model.safetensors, and vocab.json + merges.txt or encoder.json + vocab.bpe)
 * or the .safetensors file with those beside it. The weights file is mapped, not read, so
 * that importing GPT-2 small costs about its own 500 MB; the model is compiled for inference
 * (no gradients or optimizer state until `compile`). */
#ifndef ATTNLAB_LANG_GPT2_LOAD_H
#define ATTNLAB_LANG_GPT2_LOAD_H

#include <stddef.h>

#include "core/rng.h"
#include "core/status.h"
#include "lab/lab.h"

/* Whether path is a GPT-2 checkpoint to import this way: a folder, or a .safetensors file
 * whose tensors are in GPT-2's layout (wte.weight). 0 for attnlab's own exports. */
int gpt2_load_applies(const char *path);

/* Reads the checkpoint at path (tokdir: the tokenizer's folder, NULL: the model's) into a
 * new model named name, allowing at most max_bytes for its arena. Every malformed input is
 * an error naming the file and the fault; *out is untouched then. */
enum al_status gpt2_load(const char *path, const char *tokdir, const char *name, size_t max_bytes,
                         struct lab_model **out, struct al_error *err);

#endif
