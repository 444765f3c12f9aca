/* embedding.c: token embedding forward and backward. */
#include "nn/embedding.h"

#include <string.h>

void embedding_forward(float *out, const int32_t *tokens, const float *wte, int n, int c)
{
    for (int i = 0; i < n; i++)
        memcpy(out + (size_t)i * c, wte + (size_t)tokens[i] * c, sizeof(float) * (size_t)c);
}

void embedding_backward(float *dwte, const float *dout, const int32_t *tokens, int n, int c)
{
    /* Repeated tokens accumulate; rows of absent tokens stay exactly zero. */
    for (int i = 0; i < n; i++) {
        float *row = dwte + (size_t)tokens[i] * c;
        const float *d = dout + (size_t)i * c;
        for (int j = 0; j < c; j++)
            row[j] += d[j];
    }
}
