/* dense.h: the fully connected layer y = x·Wᵀ + b with W stored [out,in] (PyTorch's
 * layout), and the elementwise activations that may follow it. */
#ifndef ATTNLAB_NN_DENSE_H
#define ATTNLAB_NN_DENSE_H

enum activation { ACT_NONE, ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_GELU, ACT_COUNT };

/* out[N,O] = in[N,I]·w[O,I]ᵀ + b[O] (b may be NULL). */
void dense_forward(float *out, const float *in, const float *w, const float *b, int n, int i,
                   int o);
/* din[N,I] = dout·w (overwritten; NULL skips it), dw[O,I] += doutᵀ·in, db[O] += Σ dout. */
void dense_backward(float *din, float *dw, float *db, const float *dout, const float *in,
                    const float *w, int n, int i, int o);

/* out = act(pre), n elements; out may equal pre only for ACT_NONE. */
void activation_forward(float *out, const float *pre, long n, enum activation act);
/* dpre = dout · act'(pre) (uses out where cheaper); dpre may alias dout. */
void activation_backward(float *dpre, const float *dout, const float *pre, const float *out, long n,
                         enum activation act);
/* The activations' words in enum order, "none", "relu", ..., NULL-terminated. */
extern const char *const activation_words[ACT_COUNT + 1];

#endif
