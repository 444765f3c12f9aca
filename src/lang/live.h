/* live.h: what the notebook's live panes show while work runs: the loss plot, the watched
 * attention heatmap and the status line, read from the session between training steps.
 * lang draws them (it knows the models and src/viz); the notebook only blits the canvases. */
#ifndef ATTNLAB_LANG_LIVE_H
#define ATTNLAB_LANG_LIVE_H

struct canvas;
struct session;

struct live_status {
    char model[64];      /* the current model's name, "" when none */
    long step;           /* optimizer steps taken */
    double train_loss;   /* last training loss, NaN when none */
    double val_loss;     /* last validation loss, NaN when none */
    double tokens_per_s; /* of the running (or last) training command, 0 when none */
    double elapsed_s;    /* of the running (or last) training command */
    double eta_s;        /* estimated time left of the running command, -1 unknown */
    int running;         /* 1 while a training or generation command runs */
};

void live_status(const struct session *s, struct live_status *out);

/* Draws the loss curves of the session's models onto c (cleared first). Returns 1 when it
 * drew something, 0 when there is nothing to show yet (the pane shows a hint). */
int live_draw_loss(const struct session *s, struct canvas *c);

/* Draws the attention heatmap of the `watch` probe onto c, recomputing it with the current
 * parameters when they changed since the last call. Returns 1 when drawn, 0 when no probe is
 * set or no model has attention. */
int live_draw_attention(struct session *s, struct canvas *c);

#endif
