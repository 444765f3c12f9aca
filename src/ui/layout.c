/* layout.c: the notebook's pane arithmetic (see layout.h). */
#include "ui/layout.h"

#include <string.h>

/* Below these sizes a live pane is not worth showing. */
enum {
    SIDE_MIN_COLS = 24,
    BELOW_MIN_ROWS = 8,
    NOTEBOOK_MIN_COLS = 40,
    NOTEBOOK_MIN_ROWS = 5,
    LOSS_MIN_ROWS = 8
};

void layout_state_init(struct layout_state *st)
{
    memset(st, 0, sizeof *st);
    st->focus = LAYOUT_NOTEBOOK;
    st->live_percent = 40;
}

static struct layout_rect rect(int x, int y, int w, int h)
{
    struct layout_rect r = {x, y, w, h};
    if (w <= 0 || h <= 0)
        r.w = r.h = 0;
    return r;
}

/* Splits a region between the shown live panes, stacked (vertical) or side by side. */
static void place_live(const struct layout_state *st, struct layout_rect area, int vertical,
                       struct layout *out)
{
    int shown[2] = {!st->hidden[LAYOUT_LOSS], !st->hidden[LAYOUT_ATTENTION]};
    int n = shown[0] + shown[1];
    if (n == 0)
        return;
    int total = vertical ? area.h : area.w;
    int first = n == 2 ? total / 2 : total;
    if (n == 2 && vertical && st->attn_rows > total - first) { /* the probe wants more rows */
        int keep = total * 3 / 10 > LOSS_MIN_ROWS ? total * 3 / 10 : LOSS_MIN_ROWS;
        int attn = st->attn_rows < total - keep ? st->attn_rows : total - keep;
        if (attn > total - first)
            first = total - attn;
    }
    int at = 0;
    for (int i = 0; i < 2; i++) {
        if (!shown[i])
            continue;
        int len = (n == 2 && at > 0) ? total - first : first;
        out->pane[LAYOUT_LOSS + i] = vertical ? rect(area.x, area.y + at, area.w, len)
                                              : rect(area.x + at, area.y, len, area.h);
        at += len;
    }
}

void layout_compute(const struct layout_state *st, int cols, int lines, int input_lines,
                    struct layout *out)
{
    memset(out, 0, sizeof *out);
    if (input_lines < 1)
        input_lines = 1;
    if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
        out->too_small = 1;
        return;
    }
    int body_h = lines - 1 - input_lines;
    if (body_h < NOTEBOOK_MIN_ROWS) { /* a long multi-line input keeps a few rows of body */
        input_lines = lines - 1 - NOTEBOOK_MIN_ROWS;
        body_h = NOTEBOOK_MIN_ROWS;
    }
    out->status = rect(0, lines - 1, cols, 1);
    out->input = rect(0, body_h, cols, input_lines);
    struct layout_rect body = rect(0, 0, cols, body_h);
    int live_shown = !st->hidden[LAYOUT_LOSS] || !st->hidden[LAYOUT_ATTENTION];
    if (st->zoomed && (st->focus == LAYOUT_NOTEBOOK || !st->hidden[st->focus])) {
        out->pane[st->focus] = body;
        return;
    }
    int side_w = cols * st->live_percent / 100;
    int below_h = body_h * st->live_percent / 100;
    if (live_shown && side_w >= SIDE_MIN_COLS && cols - side_w >= NOTEBOOK_MIN_COLS) {
        out->pane[LAYOUT_NOTEBOOK] = rect(0, 0, cols - side_w, body_h);
        place_live(st, rect(cols - side_w, 0, side_w, body_h), 1, out);
    } else if (live_shown && below_h >= BELOW_MIN_ROWS && body_h - below_h >= NOTEBOOK_MIN_ROWS) {
        out->pane[LAYOUT_NOTEBOOK] = rect(0, 0, cols, body_h - below_h);
        place_live(st, rect(0, body_h - below_h, cols, below_h), 0, out);
    } else {
        out->pane[LAYOUT_NOTEBOOK] = body;
    }
}

void layout_focus_next(struct layout_state *st, const struct layout *l)
{
    for (int i = 1; i <= LAYOUT_NPANES; i++) {
        int p = (st->focus + i) % LAYOUT_NPANES;
        if (l->pane[p].h > 0 || (st->zoomed && !st->hidden[p])) {
            st->focus = p;
            return;
        }
    }
}

void layout_resize_live(struct layout_state *st, int delta)
{
    st->live_percent += delta;
    if (st->live_percent < 20)
        st->live_percent = 20;
    if (st->live_percent > 75)
        st->live_percent = 75;
}
