/* bars.h: horizontal bars for the top-k next-token probabilities, and histograms of weights
 * or gradients with their summary statistics. */
#ifndef ATTNLAB_VIZ_BARS_H
#define ATTNLAB_VIZ_BARS_H

#include "core/status.h"
#include "viz/canvas.h"
#include "viz/viz.h"

struct bars_options {
    struct viz_options vo;
    const char *title; /* first row; NULL for "top k of n" */
    int mark;          /* index (into probs) of the token picked, marked with > or ▶; -1 none */
};

struct hist_options {
    struct viz_options vo;
    const char *title; /* first row; NULL for "histogram" */
    int bins;          /* 0: one bin a column; more bins than columns are cut to the columns */
};

struct bars_options bars_options_default(struct viz_options vo);
struct hist_options hist_options_default(struct viz_options vo);

/* The k largest of probs [n] (NaN ranks last, shown "nan"), one row each, largest first: the
 * label (escaped, cut to 12 columns), a bar, the value. Bars share one scale: 0..1 when every
 * finite value is in [0, 1], else 0..the largest. Draws onto the whole canvas c (blanked
 * first); rows that do not fit are left out. labels may be NULL (positions are shown).
 * Fails with AL_EINVAL on NULL probs with n > 0, n < 0 or k < 0. */
enum al_status bars_topk(struct canvas *c, const char *const *labels, const float *probs, int n,
                         int k, const struct bars_options *opt, struct al_error *err);

/* A histogram of the finite values among values [n] over their min..max, with the count axis,
 * the value range under it and a row of statistics (n, mean, std, and how many were NaN or
 * infinite). Bins with a count but under one row still show a mark. Fails with AL_EINVAL on
 * NULL values with n > 0, n < 0 or bins < 0. */
enum al_status hist_draw(struct canvas *c, const float *values, int n,
                         const struct hist_options *opt, struct al_error *err);

#endif
