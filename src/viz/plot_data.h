/* plot_data.h: private to src/viz. A loss plot's series made ready to draw. */
#ifndef ATTNLAB_VIZ_PLOT_DATA_H
#define ATTNLAB_VIZ_PLOT_DATA_H

#include "viz/plot.h"

struct plot_prepared {
    int n;
    float *x, *y;      /* [n] steps, and smoothed values (log10 of them under log_y) */
    unsigned char *ok; /* [n] 1 where the point can be plotted */
    int nan, inf, nonpos;
    float last; /* last finite smoothed value (not in log10), NaN when none */
};

struct plot_data {
    int n;
    struct plot_prepared *p; /* [n] */
    void *mem;
    int any;       /* at least one plottable point */
    double x0, x1; /* x range, x0 < x1 */
    double y0, y1; /* y range (log10 under log_y), y0 < y1 */
};

/* Fills pd from the series (already validated). Free with plot_data_free, also on failure. */
enum al_status plot_data_prepare(struct plot_data *pd, const struct plot_series *series,
                                 int nseries, const struct plot_options *o, struct al_error *err);
void plot_data_free(struct plot_data *pd);

#endif
