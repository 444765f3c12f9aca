/* live.h: what the notebook's live panes show while work runs: the loss plot, the watched
 * attention heatmap, the timeline of recorded frames and the status line.
 *
 * The notebook runs commands on a backend thread, so its screen never reads the session:
 * the backend brings a snapshot up to date after each step (live_stage, on the backend, with
 * the session quiet) and copies it under the notebook's lock into the copy the screen reads
 * (live_snapshot_copy). Everything a live pane draws comes from such a copy. */
#ifndef ATTNLAB_LANG_LIVE_H
#define ATTNLAB_LANG_LIVE_H

#include "lab/lab.h"
#include "viz/viz.h"

struct canvas;
struct session;

struct live_status {
    char model[64];      /* the current model's name, "" when none */
    long step;           /* optimizer steps taken */
    double train_loss;   /* last training loss, NaN when none */
    double val_loss;     /* last validation loss, NaN when none */
    double lr;           /* learning rate of the last step, NaN when none */
    double grad_norm;    /* gradient norm (before clipping) of the last step, NaN when none */
    double tokens_per_s; /* of the running (or last) training command, 0 when none */
    double elapsed_s;    /* of the running (or last) training command */
    double eta_s;        /* estimated time left of the running command, -1 unknown */
    double pace;         /* `set pace=`: steps a second, 0 when off */
    int running;         /* 1 while a training or generation command runs */
};

void live_status(const struct session *s, struct live_status *out);

/* A copy of one recorded series (a model's training or validation loss). */
struct live_series {
    char name[80];
    float *step, *value;
    int n, cap;
};

struct live_snapshot {
    struct live_status status;
    struct viz_options vo; /* how the session draws (glyphs, colours) */
    int colour_off;        /* `set colour=off` */
    char (*models)[64];    /* model names, for completion */
    int nmodels, cap_models;
    struct live_series *series; /* each model's train then val loss */
    int nseries, cap_series;
    struct lab_frame current; /* the watched probe now (probs NULL: nothing to show) */
    const void *current_model;
    long current_step, current_watch;
    int watch_head, watch_scale;               /* how the probe is to be drawn */
    struct lab_frame frames[LAB_TIMELINE_MAX]; /* the timeline */
    int nframes;
    long timeline_gen;
    int replay_frame; /* the frame `replay` shows, -1 none */
    long replay_gen;  /* changes with each frame `replay` shows */
};

void live_snapshot_init(struct live_snapshot *sn);
void live_snapshot_free(struct live_snapshot *sn);

/* Backend side: brings stage up to date with the session. full: recopy every series (the
 * model list may have changed: after each command); else only the points added since the
 * last call (between the steps of one command). capture: recompute the probe's attention
 * when the model, its step or the probe changed since the last capture (a forward pass:
 * the caller paces it). Returns AL_ENOMEM when a copy failed (the stage stays usable). */
enum al_status live_stage(struct session *s, struct live_snapshot *stage, int full, int capture);

/* Copies src into dst (the series incrementally, the frames when they changed). */
enum al_status live_snapshot_copy(struct live_snapshot *dst, const struct live_snapshot *src);

/* Draws the loss curves onto c (cleared first), with a marker at step marker (NaN: none).
 * Returns 1 when drawn, 0 when nothing was recorded yet (the pane shows a hint). */
int live_draw_loss(const struct live_snapshot *sn, struct canvas *c, double marker);

/* Draws the probe's attention (frame < 0: now, else the timeline's frame) fitted to c.
 * *what receives what is shown, for the pane's title. Returns 1 when drawn, 0 when there is
 * nothing to show. */
int live_draw_attention(const struct live_snapshot *sn, int frame, struct canvas *c, char *what,
                        size_t cap);

/* The rows the attention pane's picture (frame < 0: now) needs to show every row, without
 * its title; 0 when there is nothing to show. */
int live_attention_rows(const struct live_snapshot *sn, int frame);

#endif
