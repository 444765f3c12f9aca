/* draw.c: canvases for commands. */
#include "lang/draw.h"

#include "lang/session.h"
#include "viz/table.h"

void draw_size(const struct cmd_ctx *c, const struct session *s, int def_w, int def_h, int *w,
               int *h)
{
    const struct lang_value *ow = cmd_opt(c, "width"), *oh = cmd_opt(c, "height");
    int fit = s->lab.display_width;
    if (fit >= 20 && fit < def_w)
        def_w = fit;
    *w = ow->set ? (int)ow->i : def_w;
    *h = oh->set ? (int)oh->i : def_h;
}

struct canvas *draw_canvas(struct cmd_ctx *c, int w, int h)
{
    struct canvas *canvas = canvas_new(w, h);
    if (!canvas)
        cmd_fail(c, NULL, AL_ENOMEM, "out of memory for a drawing of %dx%d", w, h);
    return canvas;
}

void draw_emit(struct cmd_ctx *c, struct canvas *canvas, const char *title)
{
    struct block b = {.kind = BLOCK_CANVAS, .text = title, .canvas = canvas};
    cmd_emit(c, &b);
    canvas_free(canvas);
}

void draw_emit_overview(struct cmd_ctx *c, struct canvas *canvas, const struct lab_frame *frames,
                        int n)
{
    struct block b = {.kind = BLOCK_CANVAS, .canvas = canvas, .frames = frames, .nframes = n};
    cmd_emit(c, &b);
    canvas_free(canvas);
}

void draw_table(struct cmd_ctx *c, const struct viz_options *vo, const struct table_column *cols,
                int ncols, const char *const *cells, int nrows, const char *title, int max_w)
{
    struct table_options o = {.vo = *vo, .title = title};
    int w, h;
    table_measure(cols, ncols, cells, nrows, &o, &w, &h);
    struct canvas *canvas = draw_canvas(c, w < max_w ? w : max_w, h);
    if (!canvas)
        return;
    struct al_error err;
    if (table_draw(canvas, cols, ncols, cells, nrows, &o, &err) != AL_OK) {
        canvas_free(canvas);
        cmd_fail_error(c, NULL, &err);
        return;
    }
    draw_emit(c, canvas, NULL);
}

struct viz_options draw_viz(const struct session *s)
{
    struct viz_options vo = s->lab.viz;
    if (s->settings.glyphs != SESSION_GLYPHS_AUTO)
        vo.ascii = s->settings.glyphs == SESSION_GLYPHS_ASCII;
    if (s->settings.colour == SESSION_COLOUR_OFF)
        vo.colors = 0;
    else if (s->settings.colour == SESSION_COLOUR_ON && vo.colors == 0)
        vo.colors = 256;
    return vo;
}

static int row_blank(const struct canvas *c, int y)
{
    for (int x = 0; x < canvas_width(c); x++) {
        const struct canvas_cell *cell = canvas_cell(c, x, y);
        if (cell->glyph != ' ' && cell->glyph != 0)
            return 0;
    }
    return 1;
}

struct canvas *draw_trim_rows(struct canvas *canvas)
{
    int h = canvas_height(canvas);
    while (h > 1 && row_blank(canvas, h - 1))
        h--;
    if (h == canvas_height(canvas))
        return canvas;
    struct canvas *trimmed = canvas_new(canvas_width(canvas), h);
    if (!trimmed)
        return canvas;
    canvas_blit(trimmed, 0, 0, canvas);
    canvas_free(canvas);
    return trimmed;
}
