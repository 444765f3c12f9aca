/* infer.h: running a model on a text: next-token probabilities, generation one token at a
 * time (greedy or sampled with temperature and top-k), and the attention of a text. */
#ifndef ATTNLAB_LANG_INFER_H
#define ATTNLAB_LANG_INFER_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"
#include "lang/lab.h"

/* Encodes text with the model's tokenizer into a heap array (*ids, *n; caller frees). */
enum al_status infer_encode(const struct lab_model *m, const char *text, int32_t **ids,
                            size_t *n, struct al_error *err);

/* Runs the model on the last (at most context) ids and returns its output row for the last
 * position (a language model: next-token logits [vocab]; a classifier: class logits). */
enum al_status infer_last_logits(struct lab_model *m, const int32_t *ids, size_t n,
                                 const float **logits, struct al_error *err);

/* probs[v] = softmax(logits / temperature) over the top_k largest (0: all); the rest 0.
 * temperature 0 puts probability 1 on the argmax. */
void infer_distribution(const float *logits, int v, float temperature, int top_k, float *probs);

/* Draws an index from probs[v] (which sum to 1) with r. */
int infer_sample(const float *probs, int v, struct rng *r);

/* A display label for token id: its piece, as a NUL-terminated heap string (caller frees). */
char *infer_label(const struct lab_model *m, int32_t id);

#endif
