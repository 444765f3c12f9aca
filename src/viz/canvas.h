/* canvas.h: a grid of cells (a glyph and a style) that every drawing of src/viz draws on.
 * The plain sink prints canvas_render()'s string; the curses notebook reads the cells directly.
 * Knows nothing of models, curses or stdout. */
#ifndef ATTNLAB_VIZ_CANVAS_H
#define ATTNLAB_VIZ_CANVAS_H

#include <stdint.h>

/* A cell's colour is a 256-colour index, or CANVAS_COLOR_DEFAULT for the terminal's own
 * (curses' -1 after use_default_colors()). */
#define CANVAS_COLOR_DEFAULT (-1)

/* The cell right of a double-width glyph holds this marker instead of a glyph. */
#define CANVAS_CONT 0x110000u

enum canvas_attr {
    CANVAS_BOLD = 1,
    CANVAS_DIM = 2,
    CANVAS_REVERSE = 4,
    CANVAS_UNDERLINE = 8,
};

struct canvas_style {
    int16_t fg, bg; /* 0..255 or CANVAS_COLOR_DEFAULT */
    uint8_t attr;   /* enum canvas_attr bits */
};

struct canvas_cell {
    uint32_t glyph; /* a Unicode code point, or CANVAS_CONT */
    struct canvas_style style;
};

/* How text is turned into glyphs by canvas_put_text (bits). */
enum canvas_text_flags {
    CANVAS_TEXT_ASCII = 1, /* non-ASCII shown as \uXXXX, so the canvas holds ASCII only */
    CANVAS_TEXT_LABEL = 2, /* a token label: spaces become a visible glyph (· or _) */
};

/* How canvas_render serialises (bits). */
enum canvas_render_flags {
    CANVAS_RENDER_ASCII = 1, /* any non-ASCII glyph becomes '?' (a safety net) */
    CANVAS_RENDER_COLOR = 2, /* ANSI SGR escapes for colours and attributes */
};

struct canvas;

/* The default style: terminal colours, no attributes. */
struct canvas_style canvas_style_plain(void);
/* A style with foreground fg (or CANVAS_COLOR_DEFAULT) and attributes attr. */
struct canvas_style canvas_style_fg(int fg, unsigned attr);

/* A new blank canvas of w columns and h rows (both >= 1). Returns NULL when w or h is below 1
 * or memory runs out. Free with canvas_free. */
struct canvas *canvas_new(int w, int h);
void canvas_free(struct canvas *c);
int canvas_width(const struct canvas *c);
int canvas_height(const struct canvas *c);
/* The cell at (x, y), or NULL outside the canvas. Valid until the canvas is freed. */
const struct canvas_cell *canvas_cell(const struct canvas *c, int x, int y);
/* Blanks every cell. */
void canvas_clear(struct canvas *c);

/* Puts one glyph at (x, y); outside the canvas nothing happens. A double-width glyph takes
 * (x, y) and (x+1, y); if x+1 is outside, a space goes at x instead. Overwriting half of a
 * wide glyph blanks its other half, so the grid never holds an orphan continuation. */
void canvas_put(struct canvas *c, int x, int y, uint32_t glyph, struct canvas_style st);
/* Sets the style of cells [x, x+n) of row y, keeping their glyphs (clipped). */
void canvas_restyle(struct canvas *c, int x, int y, int n, struct canvas_style st);
/* Fills the rectangle with glyph (clipped). */
void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t glyph,
                 struct canvas_style st);

/* Display width of utf8 once escaped by the rules of flags (enum canvas_text_flags):
 * control characters as \n \t \xNN, invalid bytes as \xNN, zero-width code points as \uXXXX,
 * East Asian wide characters 2. NULL counts as "". */
int canvas_text_width(const char *utf8, unsigned flags);
/* Draws utf8 from (x, y) in at most maxw columns (and never past the right edge). Text that
 * does not fit is cut by display width and ends with an ellipsis (… or ~). Returns the
 * columns used. */
int canvas_put_text(struct canvas *c, int x, int y, const char *utf8, int maxw,
                    struct canvas_style st, unsigned flags);
/* As canvas_put_text, right-aligned so that the text ends at column x + w - 1. */
int canvas_put_text_right(struct canvas *c, int x, int y, const char *utf8, int w,
                          struct canvas_style st, unsigned flags);
/* Copies src onto dst with its top-left corner at (x, y), clipped. */
void canvas_blit(struct canvas *dst, int x, int y, const struct canvas *src);

/* The canvas as UTF-8 text, one line per row ending in '\n', trailing blanks of each row
 * dropped. flags: enum canvas_render_flags. Returns a heap string the caller frees, or NULL
 * when memory runs out. */
char *canvas_render(const struct canvas *c, unsigned flags);

/* Display columns of one code point: 0 (combining, zero-width), 1, or 2 (East Asian wide and
 * fullwidth, most emoji), -1 for control characters. Independent of the locale. */
int viz_wcwidth(uint32_t cp);

#endif
