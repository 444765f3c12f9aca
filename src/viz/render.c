/* render.c: a canvas serialised to UTF-8 text, with or without ANSI colour escapes.
 * The plain output sink prints this string; nothing here prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/canvas.h"

struct buf {
    char *s;
    size_t len, cap;
    int failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            b->failed = 1;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_utf8(struct buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_add(b, u, n);
}

/* One colour as SGR parameters: the 8 and 16 basic colours in their old forms, which
 * 8-colour terminals understand, and 38;5;N / 48;5;N beyond. */
static int sgr_colour(char *out, size_t cap, int base, int c)
{
    if (c < 8)
        return snprintf(out, cap, ";%d", base + c);
    if (c < 16)
        return snprintf(out, cap, ";%d", base + 60 + c - 8);
    return snprintf(out, cap, ";%d;5;%d", base + 8, c);
}

static void buf_style(struct buf *b, struct canvas_style st)
{
    char s[64] = "\x1b[0";
    size_t n = strlen(s);
    static const char *attrs[] = {";1", ";2", ";7", ";4"};
    for (int i = 0; i < 4; i++)
        if (st.attr & (1u << i))
            n += (size_t)snprintf(s + n, sizeof s - n, "%s", attrs[i]);
    if (st.fg >= 0)
        n += (size_t)sgr_colour(s + n, sizeof s - n, 30, st.fg);
    if (st.bg >= 0)
        n += (size_t)sgr_colour(s + n, sizeof s - n, 40, st.bg);
    snprintf(s + n, sizeof s - n, "m");
    buf_add(b, s, strlen(s));
}

static int same_style(struct canvas_style a, struct canvas_style b)
{
    return a.fg == b.fg && a.bg == b.bg && a.attr == b.attr;
}

static int is_blank(const struct canvas_cell *cell)
{
    return cell->glyph == ' ' && cell->style.bg < 0 &&
           !(cell->style.attr & (CANVAS_REVERSE | CANVAS_UNDERLINE));
}

static void render_row(struct buf *b, const struct canvas *c, int y, unsigned flags)
{
    int end = canvas_width(c);
    while (end > 0 && is_blank(canvas_cell(c, end - 1, y)))
        end--;
    struct canvas_style cur = canvas_style_plain();
    int colour = (flags & CANVAS_RENDER_COLOR) != 0;
    for (int x = 0; x < end; x++) {
        const struct canvas_cell *cell = canvas_cell(c, x, y);
        if (colour && !same_style(cell->style, cur)) {
            buf_style(b, cell->style);
            cur = cell->style;
        }
        if (cell->glyph == CANVAS_CONT) {
            if (flags & CANVAS_RENDER_ASCII)
                buf_add(b, "?", 1); /* the lead became one '?', keep the columns */
            continue;
        }
        if ((flags & CANVAS_RENDER_ASCII) && cell->glyph >= 0x80)
            buf_add(b, "?", 1);
        else
            buf_utf8(b, cell->glyph);
    }
    if (colour && !same_style(cur, canvas_style_plain()))
        buf_add(b, "\x1b[0m", 4);
    buf_add(b, "\n", 1);
}

char *canvas_render(const struct canvas *c, unsigned flags)
{
    struct buf b = {0};
    buf_add(&b, "", 0);
    for (int y = 0; y < canvas_height(c); y++)
        render_row(&b, c, y, flags);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
