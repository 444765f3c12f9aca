/* plot.h: the loss plot. One or several series of (step, value) on one auto-scaled chart,
 * with a y axis of ticks and labels, an x axis in steps, optional log scale and smoothing,
 * and a legend. Braille (2x4 dots a cell) in Unicode mode, one mark a cell in ASCII. */
#ifndef ATTNLAB_VIZ_PLOT_H
#define ATTNLAB_VIZ_PLOT_H

#include "core/status.h"
#include "viz/canvas.h"
#include "viz/viz.h"

struct plot_series {
    const char *name;    /* legend text (UTF-8), NULL for none */
    const float *steps;  /* [n] x values, increasing; NULL means 0, 1, ..., n-1 */
    const float *values; /* [n] y values; NaN and ±inf are marked, not plotted */
    int n;
};

enum plot_smooth {
    PLOT_SMOOTH_NONE,
    PLOT_SMOOTH_EMA,  /* debiased exponential moving average, weight `smooth` on the past */
    PLOT_SMOOTH_MEAN, /* trailing moving average over the last `smooth` finite values */
};

struct plot_options {
    struct viz_options vo;
    const char *title;       /* first row; NULL for "loss" */
    int log_y;               /* log10 y axis; values <= 0 are then hidden and counted */
    enum plot_smooth smooth; /* applied to each series before scaling */
    float smooth_param;      /* EMA: weight in [0, 1), e.g. 0.9; MEAN: window, e.g. 20 */
    int legend;              /* 1: a legend row under the x axis (names only when the full
                                entries do not fit; kept down to 5 rows) */
    double marker;           /* an x value marked by a dotted line and a caret on the x axis
                                (e.g. the step of the attention frame shown); NaN: none */
};

/* Default options: title "loss", linear, no smoothing, legend on, no marker, under vo. */
struct plot_options plot_options_default(struct viz_options vo);

/* Draws the series onto the whole canvas c (blanked first). Readable from 40x10 up; below
 * 16x5 it writes a short "too small" note instead. Fails with AL_EINVAL on a NULL series array
 * with nseries > 0, a negative n, NULL values with n > 0, or a smoothing parameter out of its
 * domain; with AL_ENOMEM when scratch memory runs out. On failure c is left blank. */
enum al_status plot_loss(struct canvas *c, const struct plot_series *series, int nseries,
                         const struct plot_options *opt, struct al_error *err);

#endif
