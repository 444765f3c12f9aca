/* lstm.h: one LSTM layer over a whole sequence, returning every step, with
 * backpropagation through time. Gate order i, f, g, o (PyTorch's and Keras's); one bias. */
#ifndef ATTNLAB_NN_LSTM_H
#define ATTNLAB_NN_LSTM_H

/* Buffers of one LSTM layer for a batch [B,T]: */
struct lstm_cache {
    float *gates;  /* [B,T,4H] gate values after their nonlinearity: i, f, g, o */
    float *c;      /* [B,T,H] cell states */
    float *tanh_c; /* [B,T,H] tanh(c) */
};

/* h [B,T,H] = the hidden states h_t for input x [B,T,E]; the initial state is zero.
 * w_x [4H,E], w_h [4H,H], bias [4H]. */
void lstm_forward(float *h, const struct lstm_cache *cache, const float *x, const float *w_x,
                  const float *w_h, const float *bias, int b, int t, int e, int hidden);

/* Scratch for backward: dz [B,T,4H], dh_next [B,H], dc_next [B,H]. */
struct lstm_scratch {
    float *dz, *dh_next, *dc_next;
};

/* dx [B,T,E] overwritten (NULL skips it); dw_x, dw_h, dbias accumulate. */
void lstm_backward(float *dx, float *dw_x, float *dw_h, float *dbias, const struct lstm_scratch *s,
                   const float *dh, const float *h, const struct lstm_cache *cache, const float *x,
                   const float *w_x, const float *w_h, int b, int t, int e, int hidden);

#endif
