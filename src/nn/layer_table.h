/* layer_table.h: what each layer kind owns (see layer_table.c). */
#ifndef ATTNLAB_NN_LAYER_TABLE_H
#define ATTNLAB_NN_LAYER_TABLE_H

#include "nn/model.h"

#define LAYER_MAX_PARAMS 12

struct param_spec {
    char name[32];
    int rows, cols;
    enum init_kind init;
    float init_scale;
};

/* Fills specs with the parameters of a layer of this configuration and input width, in
 * their canonical order; returns how many. */
int layer_param_specs(const struct layer_config *cfg, int in_width, int vocab, int context,
                      struct param_spec specs[LAYER_MAX_PARAMS]);
/* Features per position after the layer. */
int layer_out_width(const struct layer_config *cfg, int in_width, int vocab);

#endif
