/* gpt2.h: GPT-2 checkpoints as Hugging Face publishes them (gpt2, gpt2-medium, distilgpt2,
 * ...): config.json and model.safetensors with GPT-2's tensor names, read into an ordinary
 * attnlab model:
 *   embedding C; position learned; block N heads=H ff=4C eps=E (x n_layer); layernorm eps=E;
 *   output tie=on bias=off
 * Tensors (an optional "transformer." prefix on every name): wte.weight [V,C],
 * wpe.weight [NPOS,C], h.N.ln_1.{weight,bias}, h.N.attn.c_attn.{weight [C,3C], bias},
 * h.N.attn.c_proj.{weight [C,C], bias}, h.N.ln_2.*, h.N.mlp.c_fc.{weight [C,4C], bias},
 * h.N.mlp.c_proj.{weight [4C,C], bias}, ln_f.{weight,bias}. Weights are stored [in,out]
 * (GPT-2's Conv1D) and transposed into attnlab's [out,in]. The causal-mask buffers
 * h.N.attn.bias and h.N.attn.masked_bias are ignored; lm_head.weight is accepted when it
 * equals wte.weight (the output is tied). Pure functions over bytes. */
#ifndef ATTNLAB_IO_GPT2_H
#define ATTNLAB_IO_GPT2_H

#include <stddef.h>

#include "core/status.h"
#include "io/safetensors.h"
#include "nn/model.h"

/* Positions one pass of an imported model holds: longer texts run through the cache of
 * keys and values in pieces of this many, which keeps GPT-2 small near its own 500 MB. */
#define GPT2_MAX_T 128

struct gpt2_config {
    int n_layer, n_head, n_embd, n_positions, vocab_size;
    float eps; /* layer_norm_epsilon */
};

/* Reads config.json's bytes: model_type "gpt2" when present, the five sizes (n_ctx accepted
 * for n_positions), layer_norm_epsilon (default 1e-5) and activation_function, which must be
 * GPT-2's tanh approximation of GELU (gelu_new or gelu_pytorch_tanh). AL_EFORMAT naming the
 * key for anything missing, out of range or contradictory. */
enum al_status gpt2_config_parse(const char *json, size_t len, struct gpt2_config *cfg,
                                 struct al_error *err);

/* Whether a safetensors file is in GPT-2's layout (it has wte.weight, prefixed or not). */
int gpt2_is_layout(const struct st_file *st);

/* Told of the bytes of st that gpt2_build has used and will not read again (each tensor once
 * copied, in pieces of at most 16 MB), so that a loader can give the pages of its mapping
 * back as it goes: the import then peaks at about the model's size, not the model's plus the
 * file's. */
struct gpt2_used {
    void (*fn)(void *ctx, const void *bytes, size_t n);
    void *ctx;
};

/* The model of cfg with every tensor of st checked (names, shapes, nothing unknown left
 * over, the config against the tensors, tok_vocab against wte) and copied in, compiled for
 * inference (model_compile_inference, batch 1, GPT2_MAX_T positions a pass) when the arena
 * fits max_bytes. used (may be NULL) hears of the bytes copied. On failure *out is untouched
 * and err says what is wrong (AL_EFORMAT, AL_ENOMEM). name: the file, for messages. */
enum al_status gpt2_build(const struct gpt2_config *cfg, const struct st_file *st, int tok_vocab,
                          size_t max_bytes, const char *name, const struct gpt2_used *used,
                          struct model **out, struct al_error *err);

#endif
