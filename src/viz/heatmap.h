/* heatmap.h: attention heatmaps. A TxT matrix for one layer and head: query tokens down the
 * rows, key tokens along the columns, a shade ramp with a legend of values, the masked upper
 * triangle of causal attention left blank (distinct from 0), an optional mode printing the
 * numbers, a window onto long sequences, small multiples of all heads, head aggregates. */
#ifndef ATTNLAB_VIZ_HEATMAP_H
#define ATTNLAB_VIZ_HEATMAP_H

#include "core/status.h"
#include "viz/canvas.h"
#include "viz/viz.h"

struct heatmap_options {
    struct viz_options vo;
    const char *title; /* first row; NULL for "attention" */
    int causal;        /* cells with key > query are masked: drawn blank, never shaded */
    int numbers;       /* print each value (4 columns a cell) instead of a shade */
    int row0, col0;    /* first query row and first key column shown, counted from 0 */
    float vmin, vmax;  /* the ramp's range; when vmin >= vmax: 0..1 if every finite value
                          is in [0, 1], else the finite data's min..max */
    int annotate;      /* heatmap_draw: per row, the argmax key and its value, when room */
    enum heatmap_scale {
        HEATMAP_SCALE_FIXED, /* vmin..vmax, or the automatic range above (0..1 for
                                probabilities) */
        HEATMAP_SCALE_AUTO,  /* 0..the largest value of the picture: faint patterns show */
        HEATMAP_SCALE_ROW,   /* each row from 0 to its own largest value */
    } scale;
    int narrow;             /* 1: one column a cell even when two would fit */
    int key_rows;           /* rows of key labels above the cells: 0 none, 1..3; -1: as many as
                               the longest label needs (at most 3) */
    int key_digits;         /* 1: the key positions under the labels, one digit a row */
    int untitled;           /* 1: no title row (the caller shows what is drawn elsewhere) */
    int fold;               /* heatmap_draw: the rows in two halves side by side (the first half on
                               the left, each with its own labels) when that shows every row and the
                               unfolded picture would not; the legend under both */
    int mark_row, mark_col; /* heatmap_grid: the panel (layer, head; from 0) drawn framed,
                               its labels reversed; -1: none */
};

/* What a drawing shows (a window of rows and columns); heads == 1 for one matrix. */
struct heatmap_shown {
    int r0, nr, c0, nc, T;
    int folded; /* the rows were drawn in two halves side by side */
};

enum heatmap_agg {
    HEATMAP_MEAN,
    HEATMAP_MAX,
};

/* Defaults under vo: causal, shades, window at 0, automatic range, annotations on, no panel
 * marked. */
struct heatmap_options heatmap_options_default(struct viz_options vo);

/* Draws m [T][T] (row = query, column = key) onto the whole canvas c (blanked first). labels
 * [T] are the tokens (UTF-8; NULL or a NULL entry draws the position only), escaped and cut
 * to fit. Rows and columns that do not fit are left out and the title says which are shown;
 * row0/col0 beyond T are clamped. Fails with AL_EINVAL on T < 1 or a NULL m or options. */
enum al_status heatmap_draw(struct canvas *c, const float *m, int T, const char *const *labels,
                            const struct heatmap_options *opt, struct al_error *err);
/* As heatmap_draw, and *shown (when not NULL) receives the window drawn. */
enum al_status heatmap_draw_shown(struct canvas *c, const float *m, int T,
                                  const char *const *labels, const struct heatmap_options *opt,
                                  struct heatmap_shown *shown, struct al_error *err);

/* The rows heatmap_draw needs to show all T rows under o (title, key header, the rows, the
 * legend), folding aside. */
int heatmap_rows(int T, const char *const *labels, const struct heatmap_options *o);

/* Small multiples: m [H][T][T], one panel a head, side by side and wrapped into bands when
 * they do not fit, with one shared ramp and legend. Heads are numbered from 1. Fails as
 * heatmap_draw, and on H < 1. */
enum al_status heatmap_heads(struct canvas *c, const float *m, int H, int T,
                             const char *const *labels, const struct heatmap_options *opt,
                             struct al_error *err);
enum al_status heatmap_heads_shown(struct canvas *c, const float *m, int H, int T,
                                   const char *const *labels, const struct heatmap_options *opt,
                                   struct heatmap_shown *shown, struct al_error *err);

/* The all-heads overview: m [L][H][T][T] as L rows by H columns of panels sized to fill the
 * canvas (readable for 12 x 12 heads at 160 x 50), each cell the largest value of the block
 * it covers, one shared ramp and legend; title heads the first row; the panel
 * (o->mark_row, o->mark_col) framed. NaN heads (a layer with fewer) are blank. AL_EINVAL
 * when the panels would be narrower than 2 columns. */
enum al_status heatmap_grid(struct canvas *c, const float *m, int L, int H, int T,
                            const char *title, const struct heatmap_options *opt,
                            struct al_error *err);

/* out [T][T] = the mean or max over heads of m [H][T][T]. A NaN in any head gives NaN.
 * Fails with AL_EINVAL on H < 1, T < 1 or NULL pointers. */
enum al_status heatmap_aggregate(float *out, const float *m, int H, int T, enum heatmap_agg agg,
                                 struct al_error *err);

#endif
