/* text.h: private to src/viz. Text is turned into "units": either one printable glyph, or
 * the ASCII spelling of an escape (\n, \xNN, \uXXXX), each unit drawn whole or not at all. */
#ifndef ATTNLAB_VIZ_TEXT_H
#define ATTNLAB_VIZ_TEXT_H

#include <stdint.h>

struct text_unit {
    uint32_t glyph[12];
    int n;     /* glyphs in glyph[] */
    int width; /* display columns of the unit */
};

/* Reads the next unit of *p under flags (enum canvas_text_flags) and advances *p. Returns the
 * number of glyphs (0 at the end of the string). */
int text_next_unit(const char **p, unsigned flags, struct text_unit *u);

#endif
