/* dots.c: rasterising lines into braille dots (or one mark a cell), clipped to the grid. */
#include <stdlib.h>

#include "viz/dots.h"

uint32_t dots_braille(int col, int row)
{
    static const uint8_t bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    return bit[col & 1][row & 3];
}

int dots_init(struct dots *g, int w, int h, int ascii)
{
    g->w = w > 0 ? w : 0;
    g->h = h > 0 ? h : 0;
    g->sx = ascii ? 1 : 2;
    g->sy = ascii ? 1 : 4;
    size_t n = (size_t)g->w * g->h + 1;
    g->bits = calloc(n, 1);
    g->owner = malloc(n);
    if (!g->bits || !g->owner) {
        dots_free(g);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        g->owner[i] = -1;
    return 1;
}

void dots_free(struct dots *g)
{
    free(g->bits);
    free(g->owner);
    g->bits = NULL;
    g->owner = NULL;
}

static void set_dot(struct dots *g, int x, int y, int s, int dash)
{
    if (x < 0 || y < 0 || x >= g->w * g->sx || y >= g->h * g->sy)
        return;
    if (dash > 0 && (x / g->sx) % (dash + 1) != 0)
        return;
    size_t i = (size_t)(y / g->sy) * g->w + x / g->sx;
    g->bits[i] |= g->sx == 1 ? 1 : dots_braille(x % 2, y % 4);
    g->owner[i] = (int8_t)(s & 0x7F);
}

void dots_line(struct dots *g, int x0, int y0, int x1, int y1, int s, int dash)
{
    /* Bresenham; far-off endpoints are only ever a plot's own width away, so no overflow */
    int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    int stx = x0 < x1 ? 1 : -1, sty = y0 < y1 ? 1 : -1, e = dx + dy;
    for (;;) {
        set_dot(g, x0, y0, s, dash);
        if (x0 == x1 && y0 == y1)
            return;
        int e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += stx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += sty;
        }
    }
}

void dots_blit(const struct dots *g, struct canvas *c, int x, int y, const char *marks,
               const int *colours)
{
    for (int j = 0; j < g->h; j++)
        for (int i = 0; i < g->w; i++) {
            size_t k = (size_t)j * g->w + i;
            if (!g->bits[k])
                continue;
            int s = g->owner[k];
            struct canvas_style st = canvas_style_fg(colours ? colours[s] : -1, 0);
            uint32_t glyph = g->sx == 1 ? (uint32_t)marks[s % 8] : 0x2800u + g->bits[k];
            canvas_put(c, x + i, y + j, glyph, st);
        }
}
