/* picture.h: the drawings of a session's state that both commands and the live panes make:
 * the loss curves of models, and the attention of a text in one of a model's layers. */
#ifndef ATTNLAB_LANG_PICTURE_H
#define ATTNLAB_LANG_PICTURE_H

#include "core/status.h"
#include "lab/lab.h"
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
    int scale;   /* enum heatmap_scale: fixed, auto, row */
};

/* Runs m on the text and draws the attention onto c. */
enum al_status picture_attention(struct canvas *c, struct lab_model *m,
                                 const struct attention_request *rq, const struct viz_options *vo,
                                 struct al_error *err);

/* Runs m on text and keeps the attention of layer (every head) in *f (freed first). */
enum al_status picture_capture(struct lab_frame *f, struct lab_model *m, const char *text,
                               int layer, struct al_error *err);

/* Runs m on text once and keeps the attention of every attention-bearing layer: *frames
 * receives *n frames, the nth layer's at [n-1] (free with picture_frames_free). */
enum al_status picture_capture_all(struct lab_frame **frames, int *n, struct lab_model *m,
                                   const char *text, struct al_error *err);
void picture_frames_free(struct lab_frame *frames, int n);

/* The all-heads overview of frames[n] (one a layer, as picture_capture_all makes them): every
 * layer by every head as small multiples onto c, title heading it. The panel of layer
 * mark_layer and head mark_head (from 0) is framed, so that a viewer can show which one it
 * will zoom into; -1: none. */
enum al_status picture_overview(struct canvas *c, const struct lab_frame *frames, int n,
                                const char *title, int mark_layer, int mark_head,
                                const struct viz_options *vo, struct al_error *err);

/* Draws frame f (head: 0-based or enum picture_head) onto c. With fit, the picture adapts to
 * c: narrower cells, fewer header rows, the rows in two halves side by side, the mean instead
 * of all heads, then the last rows that fit; *what (when not NULL, cap bytes) receives a short
 * honest description of what is shown ("tiny block1, mean of 4 heads, step 340, last 12 of 22
 * rows", "..., 22 tokens in two halves"). */
enum al_status picture_frame(struct canvas *c, const struct lab_frame *f, int head, int scale,
                             int numbers, int fit, const struct viz_options *vo, char *what,
                             size_t cap, struct al_error *err);

/* The rows a fitted picture of f needs to show every row without folding (narrow cells, the
 * key header, the legend; no title): what the notebook's attention pane asks of the layout.
 * 0 when f holds nothing. */
int picture_frame_rows(const struct lab_frame *f, const struct viz_options *vo);

/* The series a model records while it trains (bits of loss_request.series). */
enum picture_series {
    PICTURE_LOSS = 1,
    PICTURE_VAL = 2,
    PICTURE_ACCURACY = 4,
    PICTURE_VAL_ACCURACY = 8,
    PICTURE_GRAD_NORM = 16,
    PICTURE_LR = 32,
};
#define PICTURE_NSERIES 6
/* The series' names as `plot` takes them ("loss", "val", ...), indexed by bit number. */
extern const char *const picture_series_names[PICTURE_NSERIES + 1];

struct loss_request {
    struct lab_model *const *models;
    int nmodels;
    int val; /* include validation curves (when series is 0) */
    int log_y;
    float smooth;    /* EMA weight in [0, 1); 0: none */
    double marker;   /* a step marked on the x axis (the replayed frame's), NaN: none */
    unsigned series; /* enum picture_series bits; 0: loss, and val when val is set */
};

/* Draws the loss curves onto c. Returns AL_EINVAL (nothing to plot) when no model has a
 * history yet. */
enum al_status picture_loss(struct canvas *c, const struct loss_request *rq,
                            const struct viz_options *vo, struct al_error *err);

#endif
