/* notebook_draw.c: everything the notebook puts on screen: the cells pane, the live loss
 * and attention panes (content drawn by lang/live.c onto canvases, blitted here), the input
 * line with readline's prompt, the status line, the help screen and the too-small message.
 * The screen is redrawn whole into curses' buffer; curses sends only what changed. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "lang/live.h"
#include "lang/session.h"
#include "ui/keys.h"
#include "ui/notebook_internal.h"
#include "ui/tty.h"
#include "viz/canvas.h"

/* Live panes are redrawn from the snapshot at most 10 times a second; the screen follows the
 * backend's publications at most 20 times a second. */
#define LIVE_MIN_INTERVAL 0.1
#define SCREEN_INTERVAL 0.05

static struct canvas_style style(int fg, unsigned attr)
{
    return canvas_style_fg(tty_has_colour() ? fg : CANVAS_COLOR_DEFAULT, attr);
}

/* Draws len bytes of UTF-8 from (y, x), skipping the first skip columns and stopping at
 * maxw columns. Returns the columns drawn. */
static int draw_text(int y, int x, int maxw, const char *s, size_t len, int skip,
                     struct canvas_style st)
{
    int col = 0, used = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n < 1) {
            cp = '?';
            n = 1;
        }
        i += (size_t)n;
        if (cp == '\t')
            cp = ' ';
        int w = viz_wcwidth(cp);
        if (w < 0) {
            cp = '?';
            w = 1;
        }
        if (w == 0)
            continue;
        if (col >= skip) {
            if (used + w > maxw)
                break;
            tty_put(y, x + used, cp, st);
            used += w;
        }
        col += w;
    }
    return used;
}

static int text_width(const char *s, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        i += n < 1 ? 1 : (size_t)n;
        int cw = n < 1 ? 1 : viz_wcwidth(cp);
        w += cw < 0 ? 1 : cw;
    }
    return w;
}

static void fill_row(int y, int x, int w, struct canvas_style st)
{
    for (int i = 0; i < w; i++)
        tty_put(y, x + i, ' ', st);
}

/* Text cut to maxw columns with an ellipsis when it does not fit, at the end of a word when
 * one ends in the second half (never in the middle of a word if it can be helped). */
static size_t fitting_bytes(const char *s, size_t len, int width);

static int draw_text_cut(int y, int x, int maxw, const char *s, struct canvas_style st)
{
    size_t len = strlen(s);
    if (maxw < 1)
        return 0;
    if (text_width(s, len) <= maxw)
        return draw_text(y, x, maxw, s, len, 0, st);
    size_t fit = fitting_bytes(s, len, maxw - 1), cut = fit;
    while (cut > fit / 2 && s[cut] != ' ' && s[cut - 1] != ' ' && s[cut - 1] != ',')
        cut--;
    if (cut <= fit / 2)
        cut = fit;
    while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ','))
        cut--;
    int used = draw_text(y, x, maxw - 1, s, cut, 0, st);
    tty_put(y, x + used, tty_utf8() ? 0x2026 : '~', st);
    return used + 1;
}

void nb_title_row(int y, int x, int w, const char *title, int focus)
{
    struct canvas_style st =
        style(focus ? 4 : 8, focus ? CANVAS_REVERSE | CANVAS_BOLD : CANVAS_REVERSE);
    fill_row(y, x, w, st);
    char buf[256];
    snprintf(buf, sizeof buf, " %s", title);
    draw_text_cut(y, x + 1, w - 2, buf, st);
}

static void draw_title(struct notebook *nb, int pane, const char *title)
{
    struct layout_rect r = nb->lay.pane[pane];
    int focus = nb->lst.focus == pane;
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", title, focus ? " *" : "");
    nb_title_row(r.y, r.x, r.w, buf, focus);
}

/* ---- the cells pane: a list of rows, counted first, then drawn from the scroll offset ---- */

struct rows {
    struct layout_rect r; /* the rows area (below the title) */
    int top, row, draw;
};

static int row_visible(struct rows *rs)
{
    return rs->draw && rs->row >= rs->top && rs->row < rs->top + rs->r.h;
}

static void row_text(struct rows *rs, const char *prefix, struct canvas_style pst, const char *s,
                     size_t len, struct canvas_style st)
{
    if (row_visible(rs)) {
        int y = rs->r.y + rs->row - rs->top;
        int used = draw_text(y, rs->r.x, rs->r.w, prefix, strlen(prefix), 0, pst);
        draw_text(y, rs->r.x + used, rs->r.w - used, s, len, 0, st);
    }
    rs->row++;
}

/* How many bytes of s[0..len) fit in width columns (at least one character, so that a
 * line always advances). */
static size_t fitting_bytes(const char *s, size_t len, int width)
{
    size_t used = 0;
    int cols = 0;
    while (used < len) {
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)s + used, len - used, &cp);
        int w = n < 1 ? 1 : viz_wcwidth(cp) < 0 ? 1 : viz_wcwidth(cp);
        if (n < 1)
            n = 1;
        if (cols + w > width && used > 0)
            break;
        cols += w;
        used += (size_t)n;
    }
    return used;
}

/* Lines of text, each wrapped at the pane's width: nothing is cut off. */
static void rows_lines(struct rows *rs, const char *first, const char *cont,
                       struct canvas_style pst, const char *text, struct canvas_style st)
{
    const char *p = text ? text : "";
    int n = 0, width = rs->r.w - (int)strlen(cont);
    do {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (nl && !nl[1] && n > 0 && len == 0)
            break;
        size_t done = 0;
        do {
            size_t part = width > 0 ? fitting_bytes(p + done, len - done, width) : len - done;
            if (done + part < len && p[done + part] != ' ') /* break after a space if one */
                for (size_t k = part; k > part / 2; k--)
                    if (p[done + k - 1] == ' ') {
                        part = k;
                        break;
                    }
            row_text(rs, n++ ? cont : first, pst, p + done, part, st);
            done += part;
        } while (done < len);
        p = nl ? nl + 1 : NULL;
    } while (p && *p);
}

/* A drawing, scrolled left by the notebook's hscroll when wider than the pane. */
static void rows_canvas(struct notebook *nb, struct rows *rs, const struct canvas *c)
{
    int over = canvas_width(c) - rs->r.w, cx = 0;
    if (over > 0) {
        cx = nb->hscroll < over ? nb->hscroll : over;
        if (rs->draw)
            nb->wide = 1;
    }
    for (int y = 0; y < canvas_height(c); y++) {
        if (row_visible(rs))
            tty_blit(c, cx, y, rs->r.y + rs->row - rs->top, rs->r.x, rs->r.w, 1);
        rs->row++;
    }
}

static void rows_block(struct notebook *nb, struct rows *rs, const struct nb_block *b)
{
    struct canvas_style plain = canvas_style_plain();
    switch (b->kind) {
    case BLOCK_TEXT: rows_lines(rs, "", "", plain, b->text, plain); break;
    case BLOCK_ERROR: rows_lines(rs, "", "", plain, b->text, style(1, CANVAS_BOLD)); break;
    case BLOCK_PROGRESS: rows_lines(rs, "", "", plain, b->text, style(3, 0)); break;
    case BLOCK_CANVAS:
        if (b->text)
            rows_lines(rs, "", "", plain, b->text, style(CANVAS_COLOR_DEFAULT, CANVAS_BOLD));
        if (b->canvas)
            rows_canvas(nb, rs, b->canvas);
        if (b->frames) /* the notebook's own note: not part of the output (nor of exports) */
            rows_lines(rs, "", "", plain,
                       "F4: zoom into one head (of the latest overview, or of the selected cell's)",
                       style(8, CANVAS_DIM));
        break;
    }
}

static void rows_cell(struct notebook *nb, struct rows *rs, int i)
{
    const struct nb_cell *cell = &nb->cells.cells[i];
    char first[32], cont[32];
    int pending = cell->state == NB_CELL_PENDING;
    int is_next = pending && i == nb_cells_next_pending(&nb->cells, nb->insert_at);
    if (pending)
        snprintf(first, sizeof first, "%s", is_next ? "Next>: " : "In [ ]: ");
    else if (cell->state == NB_CELL_QUEUED)
        snprintf(first, sizeof first, "In [q]: ");
    else if (cell->state == NB_CELL_RUNNING)
        snprintf(first, sizeof first, "In [*]: ");
    else
        snprintf(first, sizeof first, "In [%d]: ", cell->number);
    snprintf(cont, sizeof cont, "%*s", (int)strlen(first), "");
    unsigned pattr =
        (i == nb->selected ? CANVAS_REVERSE : 0) | (pending ? CANVAS_DIM : CANVAS_BOLD);
    struct canvas_style pst = style(is_next ? 2 : 4, is_next ? CANVAS_BOLD | pattr : pattr);
    struct canvas_style tst =
        pending && !is_next ? style(CANVAS_COLOR_DEFAULT, CANVAS_DIM) : canvas_style_plain();
    if (cell->state == NB_CELL_QUEUED)
        tst = style(CANVAS_COLOR_DEFAULT, CANVAS_DIM);
    rows_lines(rs, first, cont, pst, cell->text, tst);
    if (cell->state == NB_CELL_QUEUED)
        row_text(rs, cont, pst, "(queued: Delete takes it out when selected)", 43,
                 style(8, CANVAS_DIM));
    for (int j = 0; j < cell->nblocks; j++)
        rows_block(nb, rs, &cell->blocks[j]);
    rs->row++; /* a blank row between cells */
}

static void draw_cells(struct notebook *nb)
{
    struct layout_rect r = nb->lay.pane[LAYOUT_NOTEBOOK];
    if (r.h == 0)
        return;
    struct rows rs = {{r.x, r.y + 1, r.w, r.h - 1}, 0, 0, 0};
    int next = nb_cells_next_pending(&nb->cells, nb->insert_at), next_end = 0;
    for (int i = 0; i < nb->cells.n; i++) {
        rows_cell(nb, &rs, i);
        if (i == next)
            next_end = rs.row;
    }
    int total = rs.row, max_scroll = total > rs.r.h ? total - rs.r.h : 0;
    if (nb->scroll > max_scroll)
        nb->scroll = max_scroll;
    rs.top = max_scroll - nb->scroll;
    /* Following a lesson: the view ends with the cell that runs next (what just ran sits
     * above it), not with the lesson's last cells. */
    if (nb->scroll == 0 && next >= 0 && next_end < total)
        rs.top = next_end > rs.r.h ? next_end - rs.r.h : 0;
    rs.row = 0;
    rs.draw = 1;
    nb->wide = 0;
    for (int i = 0; i < nb->cells.n; i++)
        rows_cell(nb, &rs, i);
    char title[128];
    int queued = 0;
    for (int i = 0; i < nb->cells.n; i++)
        queued += nb->cells.cells[i].state == NB_CELL_QUEUED;
    if (nb->cells.n == 0)
        snprintf(title, sizeof title, "Notebook: type a command, or F1 for help");
    else
        snprintf(title, sizeof title, "Notebook%s%s%.0d%s%s", nb->scroll ? " (scrolled: End)" : "",
                 queued ? ", " : "", queued, queued ? " queued" : "",
                 nb->wide ? (nb->hscroll ? ", wide drawing: Shift-Left/Right"
                                         : ", wider drawing: Shift-Right")
                          : "");
    draw_title(nb, LAYOUT_NOTEBOOK, title);
}

/* ---- the live panes ---- */

static void ensure_canvas(struct canvas **c, int w, int h)
{
    if (*c && canvas_width(*c) == w && canvas_height(*c) == h)
        return;
    canvas_free(*c);
    *c = w > 0 && h > 0 ? canvas_new(w, h) : NULL;
}

/* The live panes from the snapshot (the lock is held). The loss plot marks the step of
 * the timeline frame shown. */
static void recompute_live(struct notebook *nb)
{
    const struct live_snapshot *sn = &nb->be.front;
    struct layout_rect l = nb->lay.pane[LAYOUT_LOSS], a = nb->lay.pane[LAYOUT_ATTENTION];
    if (nb->frame >= sn->nframes)
        nb->frame = -1;
    ensure_canvas(&nb->loss, l.w, l.h - 1);
    ensure_canvas(&nb->attn, a.w, a.h - 1);
    double marker = nb->frame >= 0 ? (double)sn->frames[nb->frame].step : NAN;
    if (nb->loss) {
        canvas_clear(nb->loss);
        nb->loss_ok = live_draw_loss(sn, nb->loss, marker);
    }
    nb->attn_what[0] = 0;
    if (nb->attn) {
        canvas_clear(nb->attn);
        nb->attn_ok =
            live_draw_attention(sn, nb->frame, nb->attn, nb->attn_what, sizeof nb->attn_what);
    }
    nb->next_live = nb_now() + LIVE_MIN_INTERVAL;
}

static void draw_hint(struct layout_rect r, const char *const *lines)
{
    for (int i = 0; lines[i] && i + 2 < r.h; i++)
        draw_text(r.y + 2 + i, r.x + 1, r.w - 2, lines[i], strlen(lines[i]), 0,
                  style(8, CANVAS_DIM));
}

static void draw_live(struct notebook *nb, int pane, const struct canvas *c, int ok,
                      const char *title, const char *const *hint)
{
    struct layout_rect r = nb->lay.pane[pane];
    if (r.h == 0)
        return;
    draw_title(nb, pane, title);
    if (ok && c)
        tty_blit(c, 0, 0, r.y + 1, r.x, r.w, r.h - 1);
    else
        draw_hint(r, hint);
}

/* ---- input, status, help ---- */

static void draw_input(struct notebook *nb)
{
    struct layout_rect r = nb->lay.input;
    const char *list = rlb_completions();
    if (list && r.h > 1)
        draw_text(r.y, r.x, r.w, list, strlen(list), 0, style(6, 0));
    int y = r.y + r.h - 1;
    size_t point;
    const char *prompt = rlb_prompt(), *line = rlb_line(&point);
    int pw = text_width(prompt, strlen(prompt));
    int cursor = pw + text_width(line, point);
    int skip = cursor >= r.w - 1 ? cursor - (r.w - 1) + r.w / 4 : 0; /* scroll long lines */
    struct canvas_style pst = style(nb->running >= 0 ? 8 : 2, CANVAS_BOLD);
    int used = draw_text(y, r.x, r.w, prompt, strlen(prompt), skip, pst);
    int skip_line = skip > pw ? skip - pw : 0;
    draw_text(y, r.x + used, r.w - used, line, strlen(line), skip_line, canvas_style_plain());
    move(y, r.x + cursor - skip);
}

static void format_time(double s, char *out, size_t n)
{
    if (!(s >= 0))
        snprintf(out, n, "--:--");
    else
        snprintf(out, n, "%02ld:%02ld", (long)s / 60, (long)s % 60);
}

/* The status line's fields, in the order shown; when the line is too narrow the field with
 * the highest drop rank goes first (help, speed, gradient, time, ...), the step, the loss
 * and what runs last. */
enum { STATUS_FIELDS = 12 };
struct status_field {
    char text[64];
    int drop; /* 0: never dropped */
};

static void draw_status(struct notebook *nb)
{
    const struct live_status *ls = &nb->be.front.status;
    struct status_field f[STATUS_FIELDS];
    memset(f, 0, sizeof f);
    char el[24], eta[24];
    format_time(ls->elapsed_s, el, sizeof el);
    format_time(ls->eta_s, eta, sizeof eta);
    snprintf(f[0].text, sizeof f[0].text, "%s", ls->model[0] ? ls->model : "no model");
    f[0].drop = 6;
    snprintf(f[1].text, sizeof f[1].text, "step %ld", ls->step);
    if (!isnan(ls->train_loss))
        snprintf(f[2].text, sizeof f[2].text, "train %.4f", ls->train_loss);
    if (!isnan(ls->val_loss))
        snprintf(f[3].text, sizeof f[3].text, "val %.4f", ls->val_loss);
    f[3].drop = 7;
    if (!isnan(ls->lr))
        snprintf(f[4].text, sizeof f[4].text, "lr %.2g", ls->lr);
    f[4].drop = 9;
    if (!isnan(ls->grad_norm))
        snprintf(f[5].text, sizeof f[5].text, "grad %.3g", ls->grad_norm);
    f[5].drop = 10;
    if (ls->tokens_per_s > 0)
        snprintf(f[6].text, sizeof f[6].text, "%.0f tok/s", ls->tokens_per_s);
    f[6].drop = 11;
    snprintf(f[7].text, sizeof f[7].text, "%s eta %s", el, eta);
    f[7].drop = 5;
    if (ls->pace > 0)
        snprintf(f[8].text, sizeof f[8].text, "paced %g/s", ls->pace);
    f[8].drop = 4;
    if (nb->frame >= 0 && nb->frame < nb->be.front.nframes)
        snprintf(f[9].text, sizeof f[9].text, "frame %d/%d", nb->frame + 1, nb->be.front.nframes);
    f[9].drop = 3;
    if (nb->running >= 0)
        snprintf(f[10].text, sizeof f[10].text, "%s",
                 nb->pause ? "pausing..." : "running (Esc pauses)");
    snprintf(f[11].text, sizeof f[11].text, "F1 help"); /* drawn on the right */
    f[11].drop = 8;
    struct layout_rect r = nb->lay.status;
    for (;;) {
        int total = 1, worst = -1;
        for (int i = 0; i < STATUS_FIELDS; i++) {
            if (!f[i].text[0])
                continue;
            total += (int)strlen(f[i].text) + 3;
            if (f[i].drop && (worst < 0 || f[i].drop > f[worst].drop))
                worst = i;
        }
        if (total <= r.w || worst < 0)
            break;
        f[worst].text[0] = 0;
    }
    char buf[800];
    size_t n = 0;
    for (int i = 0; i < STATUS_FIELDS - 1; i++)
        if (f[i].text[0] && n < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? " | " : " ", f[i].text);
    struct canvas_style st = style(4, CANVAS_REVERSE);
    fill_row(r.y, r.x, r.w, st);
    draw_text_cut(r.y, r.x, r.w, buf, st);
    if (f[11].text[0])
        draw_text(r.y, r.x + r.w - 8, 8, "F1 help ", 8, 0, st);
}

static void draw_help(struct notebook *nb)
{
    int n = 0, w = 0;
    for (; keys_help_lines[n]; n++)
        if ((int)strlen(keys_help_lines[n]) > w)
            w = (int)strlen(keys_help_lines[n]);
    w += 4;
    if (w > nb->cols)
        w = nb->cols;
    int h = n + 2 < nb->lines ? n + 2 : nb->lines;
    int x0 = (nb->cols - w) / 2, y0 = (nb->lines - h) / 2;
    struct canvas_style st = style(CANVAS_COLOR_DEFAULT, CANVAS_REVERSE);
    for (int y = 0; y < h; y++)
        fill_row(y0 + y, x0, w, st);
    for (int i = 0; i < n && i + 1 < h; i++)
        draw_text(y0 + 1 + i, x0 + 2, w - 4, keys_help_lines[i], strlen(keys_help_lines[i]), 0, st);
}

void nb_relayout(struct notebook *nb)
{
    getmaxyx(stdscr, nb->lines, nb->cols);
    layout_compute(&nb->lst, nb->cols, nb->lines, rlb_completions() ? 2 : 1, &nb->lay);
    /* drawings of the next command fit the notebook pane (the backend reads this) */
    nb->be.display_width = nb->lay.pane[LAYOUT_NOTEBOOK].w;
    nb->dirty = NB_DIRTY_ALL;
    nb->next_live = 0;
}

static const char *const loss_hint[] = {"No training yet.", "Compile a model, then:", "  step 100",
                                        NULL};
static const char *const attn_hint[] = {"No attention to watch.", "Pick a probe text:",
                                        "  watch \"to be or not\" layer=1 head=1", NULL};

/* The status line, then help or the input line over the panes, and the frame goes out. */
static void finish_frame(struct notebook *nb)
{
    draw_status(nb);
    if (nb->help)
        draw_help(nb);
    else
        draw_input(nb);
    curs_set(nb->help ? 0 : 1);
    refresh();
    nb->dirty = 0;
}

void nb_draw(struct notebook *nb, int force_live)
{
    /* the attention pane asks for the rows its probe needs (a new probe, another frame) */
    int want = live_attention_rows(&nb->be.front, nb->frame);
    want += want > 0; /* and the pane's title */
    if (want != nb->lst.attn_rows) {
        nb->lst.attn_rows = want;
        nb_relayout(nb);
    }
    double now = nb_now();
    int fresh = nb->be.published != nb->seen_published;
    int live_due = force_live || (now >= nb->next_live && (fresh || nb->next_live == 0));
    if (fresh && now >= nb->next_screen)
        nb->dirty |= NB_DIRTY_CELLS; /* the status line and the progress follow the backend */
    if (!nb->dirty && !live_due)
        return;
    if (fresh && live_due)
        nb->seen_published = nb->be.published;
    nb->next_screen = now + SCREEN_INTERVAL;
    tty_want_colour(!nb->be.front.colour_off);
    if ((rlb_completions() != NULL) != (nb->lay.input.h > 1))
        nb_relayout(nb);
    erase();
    if (nb->lay.too_small) {
        char msg[96];
        snprintf(msg, sizeof msg, "%dx%d, needs %dx%d", nb->cols, nb->lines, LAYOUT_MIN_COLS,
                 LAYOUT_MIN_LINES);
        mvaddnstr(0, 0, "Terminal too small", nb->cols);
        mvaddnstr(1, 0, msg, nb->cols);
        refresh();
        nb->dirty = 0;
        return;
    }
    if (nb->ov.open) {
        nb_overview_draw(nb);
        finish_frame(nb);
        return;
    }
    if (live_due || !nb->loss_ok || (nb->dirty & NB_DIRTY_LIVE))
        recompute_live(nb);
    draw_cells(nb);
    char loss_title[64] = "Loss", attn_title[160] = "Attention";
    if (nb->frame >= 0 && nb->frame < nb->be.front.nframes)
        snprintf(loss_title, sizeof loss_title, "Loss (marker: frame's step %ld)",
                 nb->be.front.frames[nb->frame].step);
    if (nb->attn_what[0])
        snprintf(attn_title, sizeof attn_title, "Attention%s: %s", nb->frame >= 0 ? " frame" : "",
                 nb->attn_what);
    draw_live(nb, LAYOUT_LOSS, nb->loss, nb->loss_ok, loss_title, loss_hint);
    draw_live(nb, LAYOUT_ATTENTION, nb->attn, nb->attn_ok, attn_title, attn_hint);
    finish_frame(nb);
}
