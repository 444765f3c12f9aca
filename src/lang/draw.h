/* draw.h: the glue between commands and src/viz: a canvas of the session's drawing size,
 * emitted as a block and freed. */
#ifndef ATTNLAB_LANG_DRAW_H
#define ATTNLAB_LANG_DRAW_H

#include "lang/commands.h"
#include "viz/canvas.h"
#include "viz/viz.h"

struct session;
struct lab_frame;

/* The drawing size: width= and height= when given, else the defaults, the width narrowed to
 * the output's when the UI has said how wide it is (s->lab.display_width). */
void draw_size(const struct cmd_ctx *c, const struct session *s, int def_w, int def_h, int *w,
               int *h);

/* A new canvas of w x h, or NULL after failing the command (out of memory). */
struct canvas *draw_canvas(struct cmd_ctx *c, int w, int h);

/* A copy of canvas without its trailing blank rows (the canvas itself when none are blank or
 * memory runs out); frees canvas when it returns a copy. */
struct canvas *draw_trim_rows(struct canvas *canvas);

/* Emits canvas (with title, may be NULL) and frees it. */
void draw_emit(struct cmd_ctx *c, struct canvas *canvas, const char *title);
/* The same for an all-heads overview, with the attention behind it (frames[n], one a layer:
 * block.frames), which stays the caller's. */
void draw_emit_overview(struct cmd_ctx *c, struct canvas *canvas, const struct lab_frame *frames,
                        int n);

struct table_column;

/* The drawing options of the session: what the terminal supports (s->lab.viz, set by the
 * UI at start) overridden by `set glyphs=` and `set colour=`. */
struct viz_options draw_viz(const struct session *s);

/* Draws a table (cells row-major [nrows][ncols], NULL cells empty) at its natural size, at
 * most max_w columns wide, and emits it. */
void draw_table(struct cmd_ctx *c, const struct viz_options *vo, const struct table_column *cols,
                int ncols, const char *const *cells, int nrows, const char *title, int max_w);

/* The options width= and height= that drawing commands share. */
/* (clang-format would spread the braces of this macro over several lines) */
/* clang-format off */
#define DRAW_SIZE_OPTS                                                                         \
    {.name = "width", .type = VAL_INT, .min = 8, .max = 1000,                                  \
     .help = "columns of the drawing"},                                                        \
    {.name = "height", .type = VAL_INT, .min = 3, .max = 500, .help = "rows of the drawing"}
/* clang-format on */

#endif
