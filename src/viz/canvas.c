/* canvas.c: the cell grid, clipped drawing of glyphs and text, and rendering to UTF-8.
 * Every write goes through put_cell, which is the one place that clips and keeps wide glyphs
 * whole; nothing else indexes the cell array for writing. */
#include <stdlib.h>
#include <string.h>

#include "viz/canvas.h"
#include "viz/text.h"

struct canvas {
    int w, h;
    struct canvas_cell *cells; /* [h][w] */
};

struct canvas_style canvas_style_plain(void)
{
    struct canvas_style st = {CANVAS_COLOR_DEFAULT, CANVAS_COLOR_DEFAULT, 0};
    return st;
}

struct canvas_style canvas_style_fg(int fg, unsigned attr)
{
    struct canvas_style st = {(int16_t)fg, CANVAS_COLOR_DEFAULT, (uint8_t)attr};
    return st;
}

struct canvas *canvas_new(int w, int h)
{
    if (w < 1 || h < 1 || (size_t)w > ((size_t)1 << 30) / (size_t)h)
        return NULL;
    struct canvas *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->cells = malloc(sizeof(struct canvas_cell) * (size_t)w * (size_t)h);
    if (!c->cells) {
        free(c);
        return NULL;
    }
    c->w = w;
    c->h = h;
    canvas_clear(c);
    return c;
}

void canvas_free(struct canvas *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c);
}

int canvas_width(const struct canvas *c)
{
    return c->w;
}

int canvas_height(const struct canvas *c)
{
    return c->h;
}

const struct canvas_cell *canvas_cell(const struct canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[(size_t)y * c->w + x];
}

static struct canvas_cell *cell_at(struct canvas *c, int x, int y)
{
    return (struct canvas_cell *)canvas_cell(c, x, y);
}

void canvas_clear(struct canvas *c)
{
    struct canvas_cell blank = {' ', canvas_style_plain()};
    for (size_t i = 0; i < (size_t)c->w * c->h; i++)
        c->cells[i] = blank;
}

/* Writes one cell, first blanking the other half of any wide glyph it cuts through. */
static void put_cell(struct canvas *c, int x, int y, uint32_t glyph, struct canvas_style st)
{
    struct canvas_cell *cell = cell_at(c, x, y);
    if (!cell)
        return;
    struct canvas_cell *left = cell_at(c, x - 1, y), *right = cell_at(c, x + 1, y);
    if (cell->glyph == CANVAS_CONT && left)
        left->glyph = ' ';
    if (right && right->glyph == CANVAS_CONT)
        right->glyph = ' ';
    cell->glyph = glyph;
    cell->style = st;
}

void canvas_put(struct canvas *c, int x, int y, uint32_t glyph, struct canvas_style st)
{
    if (y < 0 || y >= c->h)
        return;
    if (glyph == CANVAS_CONT)
        glyph = ' ';
    if (viz_wcwidth(glyph) == 2) {
        if (x + 1 >= c->w || x + 1 < 0) {
            put_cell(c, x, y, ' ', st);
            return;
        }
        if (x < 0) { /* left half clipped: keep the visible half blank */
            put_cell(c, x + 1, y, ' ', st);
            return;
        }
        put_cell(c, x, y, glyph, st);
        put_cell(c, x + 1, y, ' ', st);
        cell_at(c, x + 1, y)->glyph = CANVAS_CONT;
        return;
    }
    put_cell(c, x, y, glyph, st);
}

void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t glyph,
                 struct canvas_style st)
{
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
            canvas_put(c, x + i, y + j, glyph, st);
}

int canvas_text_width(const char *utf8, unsigned flags)
{
    struct text_unit u;
    int w = 0;
    const char *p = utf8 ? utf8 : "";
    while (text_next_unit(&p, flags, &u))
        w += u.width;
    return w;
}

static void put_unit(struct canvas *c, int x, int y, const struct text_unit *u,
                     struct canvas_style st)
{
    for (int i = 0, dx = 0; i < u->n; i++) {
        canvas_put(c, x + dx, y, u->glyph[i], st);
        dx += u->n == 1 ? u->width : 1;
    }
}

/* Walks utf8 as canvas_put_text would in maxw columns, drawing when c is not NULL. Returns the
 * columns used. */
static int text_walk(struct canvas *c, int x, int y, const char *utf8, int maxw,
                     struct canvas_style st, unsigned flags)
{
    if (maxw <= 0 || !utf8)
        return 0;
    int total = canvas_text_width(utf8, flags);
    int budget = total <= maxw ? maxw : maxw - 1; /* keep a column for the ellipsis */
    struct text_unit u;
    const char *p = utf8;
    int used = 0;
    while (text_next_unit(&p, flags, &u) && used + u.width <= budget) {
        if (c)
            put_unit(c, x + used, y, &u, st);
        used += u.width;
    }
    if (total > maxw) {
        if (c)
            canvas_put(c, x + used, y, (flags & CANVAS_TEXT_ASCII) ? '~' : 0x2026, st);
        used++;
    }
    return used;
}

int canvas_put_text(struct canvas *c, int x, int y, const char *utf8, int maxw,
                    struct canvas_style st, unsigned flags)
{
    if (x < c->w && c->w - x < maxw)
        maxw = c->w - x;
    return text_walk(c, x, y, utf8, maxw, st, flags);
}

int canvas_put_text_right(struct canvas *c, int x, int y, const char *utf8, int w,
                          struct canvas_style st, unsigned flags)
{
    int tw = text_walk(NULL, 0, 0, utf8, w, st, flags);
    return canvas_put_text(c, x + w - tw, y, utf8, tw, st, flags);
}

void canvas_blit(struct canvas *dst, int x, int y, const struct canvas *src)
{
    for (int j = 0; j < src->h; j++)
        for (int i = 0; i < src->w; i++) {
            const struct canvas_cell *s = canvas_cell(src, i, j);
            if (s->glyph != CANVAS_CONT)
                canvas_put(dst, x + i, y + j, s->glyph, s->style);
        }
}
