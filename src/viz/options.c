/* options.c: choosing the glyph tier and colours from the terminal's environment. */
#include <string.h>

#include "viz/canvas.h"
#include "viz/viz.h"

static int has_256(const char *term)
{
    return strstr(term, "256color") || strncmp(term, "tmux", 4) == 0 ||
           strncmp(term, "xterm-kitty", 11) == 0 || strstr(term, "direct");
}

struct viz_options viz_auto_options(const char *term, const char *no_color, int utf8_locale)
{
    struct viz_options o = {0, 0};
    int dumb = term && strcmp(term, "dumb") == 0;
    o.ascii = dumb || !utf8_locale;
    if (term && *term && !dumb && !(no_color && *no_color))
        o.colors = has_256(term) ? 256 : 8;
    return o;
}

unsigned viz_text_flags(const struct viz_options *o)
{
    return o && o->ascii ? CANVAS_TEXT_ASCII : 0;
}

unsigned viz_render_flags(const struct viz_options *o)
{
    unsigned f = 0;
    if (o && o->ascii)
        f |= CANVAS_RENDER_ASCII;
    if (o && o->colors)
        f |= CANVAS_RENDER_COLOR;
    return f;
}
