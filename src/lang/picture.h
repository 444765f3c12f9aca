/* picture.h: the drawings of a session's state that both commands and the live panes make:
 * the loss curves of models, and the attention of a text in one of a model's layers. */
#ifndef ATTNLAB_LANG_PICTURE_H
#define ATTNLAB_LANG_PICTURE_H

#include "core/status.h"
#include "lang/lab.h"
#include "viz/canvas.h"
#include "viz/viz.h"

/* The index (into net->layers) of the nth attention-bearing layer (attention or block),
 * counted from 1; -1 when there is none. *count receives how many there are. */
int picture_attention_layer(const struct lab_model *m, int nth, int *count);

enum picture_head { PICTURE_HEAD_ALL = -1, PICTURE_HEAD_MEAN = -2, PICTURE_HEAD_MAX = -3 };

struct attention_request {
    const char *text;
    int layer;   /* index into net->layers (an attention or block layer) */
    int head;    /* 0-based, or enum picture_head */
    int numbers; /* print values instead of shades */
};

/* Runs m on the text and draws the attention onto c. */
enum al_status picture_attention(struct canvas *c, struct lab_model *m,
                                 const struct attention_request *rq,
                                 const struct viz_options *vo, struct al_error *err);

struct loss_request {
    struct lab_model *const *models;
    int nmodels;
    int val;    /* include validation curves */
    int log_y;
    float smooth; /* EMA weight in [0, 1); 0: none */
};

/* Draws the loss curves onto c. Returns AL_EINVAL (nothing to plot) when no model has a
 * history yet. */
enum al_status picture_loss(struct canvas *c, const struct loss_request *rq,
                            const struct viz_options *vo, struct al_error *err);

#endif
