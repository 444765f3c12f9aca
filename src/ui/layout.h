/* layout.h: where each pane of the notebook goes for a terminal size and the user's layout
 * choices (hidden panes, zoom, the live column's share). Pure arithmetic: knows nothing of
 * curses, so that it can be tested without a terminal. */
#ifndef ATTNLAB_UI_LAYOUT_H
#define ATTNLAB_UI_LAYOUT_H

enum layout_pane { LAYOUT_NOTEBOOK, LAYOUT_LOSS, LAYOUT_ATTENTION, LAYOUT_NPANES };

/* The smallest terminal the notebook draws into; below it a short message is shown. */
#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_LINES 10

struct layout_rect {
    int x, y, w, h; /* h == 0: not shown */
};

/* What the user chose with keys; survives resizes. */
struct layout_state {
    int hidden[LAYOUT_NPANES]; /* 1: hidden (the notebook pane cannot be hidden) */
    int zoomed;                /* 1: the focused pane takes the whole screen */
    int focus;                 /* enum layout_pane */
    int live_percent;          /* the live panes' share of the width (or height), 20..75 */
    int attn_rows; /* the height the attention pane's picture asks for, its title included
                      (the notebook sets it from the watched probe); 0: no wish. In the
                      right-hand column it gets that much, above half, while the loss pane
                      keeps 30% (at least 8 rows) */
};

struct layout {
    int too_small;                          /* 1: only a message fits */
    struct layout_rect pane[LAYOUT_NPANES]; /* each pane includes its one-row title */
    struct layout_rect input;               /* the prompt line(s) */
    struct layout_rect status;              /* the status line */
};

/* Defaults: everything shown, the notebook focused, live panes at 40%. */
void layout_state_init(struct layout_state *st);

/* Computes the panes for a cols x lines terminal. Wide terminals put the live panes in a
 * column on the right; narrow but tall ones put them side by side under the notebook; when
 * neither fits they are left out (h == 0). input_lines (>= 1) rows go to the prompt. */
void layout_compute(const struct layout_state *st, int cols, int lines, int input_lines,
                    struct layout *out);

/* Moves the focus to the next shown pane. */
void layout_focus_next(struct layout_state *st, const struct layout *l);

/* Grows (delta > 0) or shrinks the live panes' share by delta percent, kept in 20..75. */
void layout_resize_live(struct layout_state *st, int delta);

#endif
