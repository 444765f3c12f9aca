/* viz.h: the options every drawing of src/viz shares (glyph tier and colours), and how they
 * are chosen from the environment. The choice is a pure function of strings the caller reads,
 * so it is testable; the UI reads getenv/nl_langinfo and may override the result. */
#ifndef ATTNLAB_VIZ_VIZ_H
#define ATTNLAB_VIZ_VIZ_H

struct viz_options {
    int ascii;  /* 1: draw ASCII glyphs only; 0: Unicode blocks, shades and braille */
    int colors; /* 0: no colour, 8: the basic eight, 256: the 256-colour palette */
};

/* The options for a terminal: term is $TERM (NULL or "" when unset), no_color is $NO_COLOR
 * (colour is off when it is set and not empty, as no-color.org says), utf8_locale is whether
 * the locale's codeset is UTF-8. TERM=dumb: ASCII, no colour. A non-UTF-8 locale: ASCII.
 * Colours: 256 when TERM names a 256-colour terminal (…256color, tmux…, xterm-kitty…),
 * otherwise 8 when TERM is set, none when TERM is unset. */
struct viz_options viz_auto_options(const char *term, const char *no_color, int utf8_locale);

/* The canvas_put_text flags (enum canvas_text_flags) for text drawn under o. */
unsigned viz_text_flags(const struct viz_options *o);
/* The canvas_render flags (enum canvas_render_flags) that match o. */
unsigned viz_render_flags(const struct viz_options *o);

#endif
