/* table.c: column widths by display width, narrowing to fit, and the drawing of a table. */
#include <stdio.h>
#include <stdlib.h>

#include "viz/table.h"

static int col_width(const struct table_column *col, const char *const *cells, int j, int ncols,
                     int nrows, unsigned tf)
{
    int w = canvas_text_width(col->header, tf);
    for (int i = 0; i < nrows; i++) {
        int cw = canvas_text_width(cells[(size_t)i * ncols + j], tf);
        w = cw > w ? cw : w;
    }
    return w;
}

void table_measure(const struct table_column *cols, int ncols, const char *const *cells, int nrows,
                   const struct table_options *o, int *w, int *h)
{
    unsigned tf = viz_text_flags(o ? &o->vo : NULL);
    *w = ncols > 0 ? 3 * (ncols - 1) : 0;
    for (int j = 0; j < ncols; j++)
        *w += col_width(&cols[j], cells, j, ncols, nrows, tf);
    *h = 2 + nrows + (o && o->title ? 1 : 0);
    if (o && o->title) {
        int tw = canvas_text_width(o->title, tf);
        *w = tw > *w ? tw : *w;
    }
}

/* Narrows the widest column one step at a time until the table fits in W (or cannot shrink). */
static void narrow(int *width, int ncols, int W)
{
    int total = 3 * (ncols - 1);
    for (int j = 0; j < ncols; j++)
        total += width[j];
    while (total > W) {
        int widest = 0;
        for (int j = 1; j < ncols; j++)
            widest = width[j] > width[widest] ? j : widest;
        if (width[widest] <= 1)
            return;
        width[widest]--;
        total--;
    }
}

static void row(struct canvas *c, int y, const struct table_column *cols, const char *const *text,
                const int *width, int ncols, struct canvas_style st, unsigned tf)
{
    for (int j = 0, x = 0; j < ncols; x += width[j] + 3, j++) {
        if (j > 0)
            canvas_put(c, x - 2, y, tf & CANVAS_TEXT_ASCII ? '|' : 0x2502, canvas_style_plain());
        const char *s = text[j] ? text[j] : "";
        if (cols[j].align == TABLE_RIGHT)
            canvas_put_text_right(c, x, y, s, width[j], st, tf);
        else
            canvas_put_text(c, x, y, s, width[j], st, tf);
    }
}

static void rule(struct canvas *c, int y, const int *width, int ncols, unsigned tf)
{
    int ascii = (tf & CANVAS_TEXT_ASCII) != 0;
    for (int j = 0, x = 0; j < ncols; x += width[j] + 3, j++) {
        canvas_fill(c, x - (j > 0), y, width[j] + (j > 0) + (j < ncols - 1), 1,
                    ascii ? '-' : 0x2500, canvas_style_plain());
        if (j > 0)
            canvas_put(c, x - 2, y, ascii ? '+' : 0x253C, canvas_style_plain());
    }
}

enum al_status table_draw(struct canvas *c, const struct table_column *cols, int ncols,
                          const char *const *cells, int nrows, const struct table_options *o,
                          struct al_error *err)
{
    canvas_clear(c);
    if (!o || !cols || ncols < 1 || nrows < 0 || (nrows > 0 && !cells))
        return al_fail(err, AL_EINVAL, "table: needs options, columns and cells");
    unsigned tf = viz_text_flags(&o->vo);
    int *width = malloc(sizeof(int) * (size_t)ncols);
    const char **heads = malloc(sizeof(char *) * (size_t)ncols);
    if (!width || !heads) {
        free(width);
        free(heads);
        return al_fail(err, AL_ENOMEM, "table: no memory for %d columns", ncols);
    }
    for (int j = 0; j < ncols; j++) {
        width[j] = col_width(&cols[j], cells, j, ncols, nrows, tf);
        heads[j] = cols[j].header;
    }
    narrow(width, ncols, canvas_width(c));
    int y = 0, H = canvas_height(c);
    if (o->title)
        canvas_put_text(c, 0, y++, o->title, canvas_width(c), canvas_style_fg(-1, CANVAS_BOLD), tf);
    row(c, y++, cols, heads, width, ncols, canvas_style_fg(-1, CANVAS_BOLD), tf);
    rule(c, y++, width, ncols, tf);
    for (int i = 0; i < nrows && y < H; i++, y++) {
        if (y == H - 1 && i < nrows - 1) {
            char more[48];
            snprintf(more, sizeof more, "(%d more rows)", nrows - i);
            canvas_put_text(c, 0, y, more, canvas_width(c), canvas_style_fg(-1, CANVAS_DIM), tf);
            break;
        }
        row(c, y, cols, cells + (size_t)i * ncols, width, ncols, canvas_style_plain(), tf);
    }
    free(width);
    free(heads);
    return AL_OK;
}
