/* notebook_overview.c: the zoom into an all-heads overview. A cell of `attention "..."
 * layer=all` or `heads view=grid` keeps the attention behind its drawing (one frame a
 * layer); F4 from the notebook pane opens it over the body, redrawn to the whole screen:
 * every layer by every head, the chosen head framed; arrows choose another, Enter shows the
 * chosen head alone as a full heatmap with its token labels (fitted like the attention pane),
 * Esc goes back, then closes. Keys go to this view while it is open. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "lab/picture.h"
#include "lang/live.h"
#include "ui/notebook_internal.h"
#include "ui/tty.h"
#include "viz/canvas.h"

/* The open view's block, or NULL (the cell went: the view closes). */
static const struct nb_block *view_block(struct notebook *nb)
{
    int i = nb_cells_find(&nb->cells, nb->ov.cell_id);
    if (i < 0 || nb->ov.block >= nb->cells.cells[i].nblocks)
        return NULL;
    const struct nb_block *b = &nb->cells.cells[i].blocks[nb->ov.block];
    return b->frames && b->nframes > 0 ? b : NULL;
}

int nb_overview_open(struct notebook *nb)
{
    int i = nb->selected, j = -1;
    if (i >= 0 && i < nb->cells.n)
        j = nb_cell_overview(&nb->cells.cells[i]);
    else
        for (i = nb->cells.n - 1; i >= 0 && j < 0; i--)
            if ((j = nb_cell_overview(&nb->cells.cells[i])) >= 0)
                break;
    if (i < 0 || j < 0)
        return 0;
    nb->ov.open = 1;
    nb->ov.cell_id = nb->cells.cells[i].id;
    nb->ov.block = j;
    nb->ov.layer = nb->ov.head = 0;
    nb->ov.single = 0;
    return 1;
}

/* Moves the chosen head by (dl, dh) within the layers and that layer's heads. */
static void choose(struct notebook *nb, const struct nb_block *b, int dl, int dh)
{
    int l = nb->ov.layer + dl, h = nb->ov.head + dh;
    l = l < 0 ? 0 : l >= b->nframes ? b->nframes - 1 : l;
    int heads = b->frames[l].heads;
    h = h < 0 ? 0 : h >= heads ? heads - 1 : h;
    nb->ov.layer = l;
    nb->ov.head = h;
}

void nb_overview_key(struct notebook *nb, int is_code, unsigned key)
{
    const struct nb_block *b = view_block(nb);
    if (!b) {
        nb->ov.open = 0;
        return;
    }
    if (is_code) {
        switch (key) {
        case KEY_LEFT: choose(nb, b, 0, -1); return;
        case KEY_RIGHT: choose(nb, b, 0, 1); return;
        case KEY_UP: choose(nb, b, -1, 0); return;
        case KEY_DOWN: choose(nb, b, 1, 0); return;
        case KEY_ENTER: nb->ov.single = 1; return;
        case KEY_BACKSPACE: break; /* back, below */
        default:
            if (key == (unsigned)KEY_F(4) && !nb->ov.single) {
                nb->ov.single = 1;
                return;
            }
            if (key != (unsigned)KEY_F(4))
                return;
        }
    } else {
        switch (key) {
        case 'h': choose(nb, b, 0, -1); return;
        case 'l': choose(nb, b, 0, 1); return;
        case 'k': choose(nb, b, -1, 0); return;
        case 'j': choose(nb, b, 1, 0); return;
        case '\r':
        case '\n': nb->ov.single = 1; return;
        case 'q': nb->ov.open = 0; return;
        case 27:
        case 127:
        case 8: break;
        default: return;
        }
    }
    /* Esc, Backspace, F4 in the single view: one level back */
    if (nb->ov.single)
        nb->ov.single = 0;
    else
        nb->ov.open = 0;
}

static void draw_message(struct canvas *c, const char *msg)
{
    canvas_clear(c);
    canvas_put_text(c, 1, 1, msg, canvas_width(c) - 2, canvas_style_plain(), 0);
}

void nb_overview_draw(struct notebook *nb)
{
    const struct nb_block *b = view_block(nb);
    int w = nb->cols, h = nb->lay.input.y; /* the body: every pane's rows */
    if (!b) {
        nb->ov.open = 0;
        return;
    }
    choose(nb, b, 0, 0); /* a layer with fewer heads */
    if (h < 2)
        return;
    canvas_free(nb->ov_canvas);
    nb->ov_canvas = canvas_new(w, h - 1);
    if (!nb->ov_canvas)
        return;
    const struct lab_frame *f = &b->frames[nb->ov.layer];
    struct viz_options vo = nb->be.front.vo;
    struct al_error err;
    char title[256], what[160] = "";
    enum al_status st;
    if (nb->ov.single) {
        st = picture_frame(nb->ov_canvas, f, nb->ov.head, 0, 0, 1, &vo, what, sizeof what, &err);
        snprintf(title, sizeof title,
                 "Layer %d head %d: %s | arrows: the next head, Esc: every head", nb->ov.layer + 1,
                 nb->ov.head + 1, what);
    } else {
        char head[128], model[96];
        snprintf(model, sizeof model, "%s", b->frames[0].title);
        char *space = strrchr(model, ' '); /* "model layer": the model's name */
        if (space)
            *space = 0;
        snprintf(head, sizeof head, "%s, step %ld: every head", model, f->step);
        st = picture_overview(nb->ov_canvas, b->frames, b->nframes, head, nb->ov.layer, nb->ov.head,
                              &vo, &err);
        snprintf(title, sizeof title,
                 "Every head: layer %d head %d chosen | arrows choose, Enter zooms in, Esc closes",
                 nb->ov.layer + 1, nb->ov.head + 1);
    }
    if (st != AL_OK)
        draw_message(nb->ov_canvas, err.msg);
    nb_title_row(0, 0, w, title, 1);
    tty_blit(nb->ov_canvas, 0, 0, 1, 0, w, h - 1);
}
