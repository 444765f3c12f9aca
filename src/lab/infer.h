/* infer.h: running a model on a text: next-token probabilities, generation one token at a
 * time (greedy or sampled with temperature and top-k), and the attention of a text. */
#ifndef ATTNLAB_LANG_INFER_H
#define ATTNLAB_LANG_INFER_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"
#include "lab/lab.h"

/* Encodes text with the model's tokenizer into a heap array (*ids, *n; caller frees). */
enum al_status infer_encode(const struct lab_model *m, const char *text, int32_t **ids, size_t *n,
                            struct al_error *err);

/* Runs the model on the last (at most context) ids and returns its output row for the last
 * position (a language model: next-token logits [vocab]; a classifier: class logits). */
enum al_status infer_last_logits(struct lab_model *m, const int32_t *ids, size_t n,
                                 const float **logits, struct al_error *err);

/* What a generation's cache of keys and values holds: the model's positions 0..len-1 are
 * ids[start..start+len). Zero it before the first call. */
struct infer_cache {
    size_t start, len;
    int off; /* 1: never use the cache (cache=off) */
};

/* The next-token logits after ids[0..n) like infer_last_logits, but through the model's
 * cache of keys and values when it can (model_can_cache): when the cache holds ids up to
 * n-1 in the same window, only the newest token runs; otherwise the window runs afresh
 * and fills the cache. The logits are the same either way. */
enum al_status infer_next_logits(struct lab_model *m, const int32_t *ids, size_t n,
                                 struct infer_cache *cache, const float **logits,
                                 struct al_error *err);

/* probs[v] = softmax(logits / temperature) over the top_k largest (0: all); the rest 0.
 * temperature 0 puts probability 1 on the argmax. */
void infer_distribution(const float *logits, int v, float temperature, int top_k, float *probs);

/* Draws an index from probs[v] (which sum to 1) with r. */
int infer_sample(const float *probs, int v, struct rng *r);

/* A display label for token id: its piece, as a NUL-terminated heap string (caller frees). */
char *infer_label(const struct lab_model *m, int32_t id);

#endif
