/* table.h: tables with aligned columns (model summary, metrics, confusion matrix), measured by
 * display width so wide characters keep the columns straight. */
#ifndef ATTNLAB_VIZ_TABLE_H
#define ATTNLAB_VIZ_TABLE_H

#include "core/status.h"
#include "viz/canvas.h"
#include "viz/viz.h"

enum table_align {
    TABLE_LEFT,
    TABLE_RIGHT,
};

struct table_column {
    const char *header;
    enum table_align align;
};

struct table_options {
    struct viz_options vo;
    const char *title; /* a first row, NULL for none */
};

/* The canvas size a table needs to show everything: *w columns, *h rows. cells is row-major
 * [nrows][ncols]; a NULL cell is empty. */
void table_measure(const struct table_column *cols, int ncols, const char *const *cells, int nrows,
                   const struct table_options *opt, int *w, int *h);

/* Draws the table onto the whole canvas c (blanked first): the title, the headers (bold), a
 * rule, the rows. Columns too wide for c are narrowed, widest first, and their cells cut with
 * an ellipsis; rows that do not fit are dropped and the last row shown says how many.
 * Fails with AL_EINVAL on ncols < 1, nrows < 0, or NULL cols or cells with rows. */
enum al_status table_draw(struct canvas *c, const struct table_column *cols, int ncols,
                          const char *const *cells, int nrows, const struct table_options *opt,
                          struct al_error *err);

#endif
