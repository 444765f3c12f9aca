/* dots.h: private to src/viz. A grid of sub-cell dots for line plots: 2x4 braille dots a cell
 * in Unicode mode, one dot a cell in ASCII mode, each cell remembering the series that drew
 * in it last (for its colour or ASCII mark). */
#ifndef ATTNLAB_VIZ_DOTS_H
#define ATTNLAB_VIZ_DOTS_H

#include <stdint.h>

#include "viz/canvas.h"

struct dots {
    int w, h;      /* cells */
    int sx, sy;    /* dots a cell: 2x4 or 1x1 */
    uint8_t *bits; /* [h][w] braille bits, or 1 when a 1x1 cell is set */
    int8_t *owner; /* [h][w] series that drew last, -1 none */
};

/* A grid of w x h cells, braille unless ascii. Returns 0 when memory runs out. */
int dots_init(struct dots *g, int w, int h, int ascii);
void dots_free(struct dots *g);
/* A line in dot coordinates (clipped), drawn for series s. dash 0 draws solid; dash k > 0
 * draws one cell's width of dots and leaves k cells' width out, so series differ without
 * colour. */
void dots_line(struct dots *g, int x0, int y0, int x1, int y1, int s, int dash);
/* Puts the grid on c at (x, y): braille glyphs, or marks[owner] in ASCII, coloured by
 * colours[owner] (NULL for none). */
void dots_blit(const struct dots *g, struct canvas *c, int x, int y, const char *marks,
               const int *colours);
/* The braille glyph of the dots in one cell: col 0..1, row 0..3. */
uint32_t dots_braille(int col, int row);

#endif
