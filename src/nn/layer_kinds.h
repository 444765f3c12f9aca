/* layer_kinds.h: the list of layer kinds, one line each. A kind is its own file,
 * src/nn/layer_WORD.c, defining `const struct layer_kind_desc layer_WORD` (see
 * nn/layer_kind.h), plus its line here: the line gives it its enum value LAYER_NAME and
 * its place in the registry. The order is the order of `help` and of the reference. */
#ifndef ATTNLAB_NN_LAYER_KINDS_H
#define ATTNLAB_NN_LAYER_KINDS_H

#define LAYER_KIND_LIST(X)                                                                         \
    X(EMBEDDING, embedding)                                                                        \
    X(POSITION, position)                                                                          \
    X(ATTENTION, attention)                                                                        \
    X(BLOCK, block)                                                                                \
    X(LSTM, lstm)                                                                                  \
    X(DENSE, dense)                                                                                \
    X(DROPOUT, dropout)                                                                            \
    X(LAYERNORM, layernorm)                                                                        \
    X(RMSNORM, rmsnorm)                                                                            \
    X(OUTPUT, output)                                                                              \
    X(CLASSIFY, classify)                                                                          \
    X(MLP, mlp)

#endif
