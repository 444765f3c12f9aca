/* render.c: a canvas serialised to UTF-8 text, with or without ANSI colour escapes.
 * The plain output sink prints this string; nothing here prints. */
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "viz/canvas.h"

/* A glyph that is not a character (none should reach here) is left out rather than
 * written as invalid UTF-8. */
static void add_glyph(struct strbuf *b, uint32_t cp)
{
    unsigned char u[UTF8_MAX];
    strbuf_add(b, u, (size_t)utf8_encode(cp, u));
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

static void buf_style(struct strbuf *b, struct canvas_style st)
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
    strbuf_add(b, s, strlen(s));
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

static void render_row(struct strbuf *b, const struct canvas *c, int y, unsigned flags)
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
                strbuf_add(b, "?", 1); /* the lead became one '?', keep the columns */
            continue;
        }
        if ((flags & CANVAS_RENDER_ASCII) && cell->glyph >= 0x80)
            strbuf_add(b, "?", 1);
        else
            add_glyph(b, cell->glyph);
    }
    if (colour && !same_style(cur, canvas_style_plain()))
        strbuf_add(b, "\x1b[0m", 4);
    strbuf_add(b, "\n", 1);
}

char *canvas_render(const struct canvas *c, unsigned flags)
{
    struct strbuf b = {0};
    for (int y = 0; y < canvas_height(c); y++)
        render_row(&b, c, y, flags);
    return strbuf_take(&b);
}
