/* heatmap_cells.h: private to src/viz. What heatmap_draw and heatmap_heads share: the ramp,
 * the value range, the cells, the row labels and the legend. */
#ifndef ATTNLAB_VIZ_HEATMAP_CELLS_H
#define ATTNLAB_VIZ_HEATMAP_CELLS_H

#include "viz/heatmap.h"

struct hm_ctx {
    const struct heatmap_options *o;
    const float *m; /* [T][T] */
    int T;
    float lo, hi; /* the ramp's range, lo < hi */
    int cw;       /* columns a cell */
    unsigned tf;  /* text flags */
};

/* A window onto the matrix. */
struct hm_win {
    int r0, nr, c0, nc;
};

/* Sets lo/hi from the options or the data of m [n]. */
void hm_range(struct hm_ctx *h, const float *m, size_t n);
/* Draws the cells of window w with top-left corner (x, y). */
void hm_cells(struct canvas *c, const struct hm_ctx *h, const float *m, struct hm_win w, int x,
              int y);
/* Row labels of window w from column x: the token right-aligned in lw columns, a space, the
 * position in iw columns, then the left border. Returns the column where cells start. */
int hm_row_labels(struct canvas *c, const struct hm_ctx *h, const char *const *labels,
                  struct hm_win w, int x, int y, int lw, int iw);
/* Width of the row-label margin for labels [T]: token width capped at 8. */
void hm_margin(const struct hm_ctx *h, const char *const *labels, int *lw, int *iw);
/* The legend row: what each shade means, blank = masked, ! = NaN/inf. */
void hm_legend(struct canvas *c, const struct hm_ctx *h, int y);
/* The "rows a-b, cols c-d of T" note, or "" when everything is shown. */
void hm_window_note(char *out, size_t cap, struct hm_win w, int T);
/* The title row: title, extra (e.g. " | 4 heads"), the axes, the window note; the axes are
 * dropped when the row is too narrow. */
void hm_title(struct canvas *c, const struct hm_ctx *h, struct hm_win w, const char *extra);
int hm_digits(int n);
/* Rows of key labels (the options' key_rows, or what the longest label needs) and of the
 * whole column header (labels and position digits). heatmap.c. */
int hm_key_rows(const struct hm_ctx *h, const char *const *labels);
int hm_header_rows(const struct hm_ctx *h, const char *const *labels);
/* The glyphs of a label (escaped), at most max, for a vertical key header. */
int hm_label_glyphs(const char *label, unsigned tf, uint32_t *g, int max);

#endif
