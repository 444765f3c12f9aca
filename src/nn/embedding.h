/* embedding.h: token embedding, a table lookup. */
#ifndef ATTNLAB_NN_EMBEDDING_H
#define ATTNLAB_NN_EMBEDDING_H

#include <stdint.h>

/* out[N,C] = wte[tokens[n]] for n < N. tokens are checked by the caller (0 <= t < V). */
void embedding_forward(float *out, const int32_t *tokens, const float *wte, int n, int c);
/* dwte[V,C] += dout rows, scattered to their tokens' rows. */
void embedding_backward(float *dwte, const float *dout, const int32_t *tokens, int n, int c);

#endif
