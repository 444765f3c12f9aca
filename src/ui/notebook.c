/* notebook.c: the curses notebook's front end (see notebook.h): the loop that reads keys
 * and draws, the queue of cells, and the actions. Commands run on the backend thread
 * (backend.c); typed cells queue behind the running one. The loop holds the backend's lock
 * while it handles keys and draws, and waits for keys without it. */
#include "ui/notebook.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lab/lab.h"
#include "lang/parser.h"
#include "lang/script.h"
#include "lang/session.h"
#include "ui/keys.h"
#include "ui/notebook_internal.h"
#include "ui/transcript.h"
#include "ui/tty.h"
#include "viz/canvas.h"

#define PROMPT "attnlab> "
#define PROMPT_MORE "   ...> "

double nb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sync_running(struct notebook *nb)
{
    nb->running = nb->running_id ? nb_cells_find(&nb->cells, nb->running_id) : -1;
}

/* A typed (or re-run) text becomes a queued cell after the last one run or queued. */
static void queue_text(struct notebook *nb, const char *text)
{
    int idx = nb_cells_insert(&nb->cells, nb->insert_at, text, strlen(text), NB_CELL_QUEUED);
    if (idx < 0)
        return;
    if (nb->selected >= idx)
        nb->selected++;
    nb->insert_at = idx + 1;
    nb->scroll = 0;
    sync_running(nb);
}

/* F5 or Enter on an empty line: the next lesson cell joins the queue. */
static void queue_lesson_cell(struct notebook *nb)
{
    int idx = nb_cells_next_pending(&nb->cells, nb->insert_at);
    if (idx < 0)
        idx = nb_cells_next_pending(&nb->cells, 0);
    if (idx < 0)
        return;
    nb->cells.cells[idx].state = NB_CELL_QUEUED;
    nb->insert_at = idx + 1;
    nb->scroll = 0;
}

/* Delete on a selected queued cell: a typed one goes, a lesson one is pending again. */
static void unqueue_selected(struct notebook *nb)
{
    int i = nb->selected;
    if (i < 0 || i >= nb->cells.n || nb->cells.cells[i].state != NB_CELL_QUEUED)
        return;
    if (nb->cells.cells[i].origin) {
        nb->cells.cells[i].state = NB_CELL_PENDING;
        return;
    }
    nb_cells_remove(&nb->cells, i);
    if (nb->insert_at > i)
        nb->insert_at--;
    if (nb->selected >= nb->cells.n)
        nb->selected = nb->cells.n - 1;
    sync_running(nb);
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* Gathers typed lines until they form whole statements (a model block until its end). */
static void on_line(char *line, void *ctx)
{
    struct notebook *nb = ctx;
    if (!line) {
        if (nb->chunk_len) { /* Ctrl-D inside a model block drops the block */
            nb->chunk_len = 0;
            nb->complete.in_model_block = 0;
            rlb_set_prompt(PROMPT);
        } else { /* Ctrl-D is `quit`: it asks first when trained steps are unsaved */
            queue_text(nb, "quit");
        }
        return;
    }
    rlb_history_add(line);
    if (!nb->chunk_len && is_blank(line)) {
        queue_lesson_cell(nb);
        free(line);
        return;
    }
    size_t n = strlen(line);
    char *grown = realloc(nb->chunk, nb->chunk_len + n + 2);
    if (grown) {
        nb->chunk = grown;
        memcpy(nb->chunk + nb->chunk_len, line, n);
        nb->chunk_len += n;
        nb->chunk[nb->chunk_len++] = '\n';
        nb->chunk[nb->chunk_len] = 0;
    }
    free(line);
    nb->complete.in_model_block = parse_is_incomplete(nb->chunk, nb->chunk_len);
    if (nb->complete.in_model_block) {
        rlb_set_prompt(PROMPT_MORE);
        return;
    }
    nb->chunk_len = 0;
    rlb_set_prompt(PROMPT);
    queue_text(nb, nb->chunk);
}

static void on_redisplay(void *ctx)
{
    struct notebook *nb = ctx;
    nb->dirty |= NB_DIRTY_INPUT;
}

/* Model names for completion: the snapshot's (the session belongs to the backend). Called
 * while a key is handled, with the lock held. */
static size_t model_names(void *ctx, const char **out, size_t max)
{
    struct notebook *nb = ctx;
    const struct live_snapshot *sn = &nb->be.front;
    size_t n = 0;
    for (int i = 0; i < sn->nmodels && n < max; i++)
        out[n++] = sn->models[i];
    return n;
}

/* With the lock held: the finished job's cell gets its state; the next queued cell starts. */
static void poll_backend(struct notebook *nb)
{
    struct backend *be = &nb->be;
    if (be->done_id) {
        int i = nb_cells_find(&nb->cells, be->done_id);
        if (i >= 0)
            nb_cell_finish(&nb->cells.cells[i], be->done_failed   ? NB_CELL_FAILED
                                                : be->done_paused ? NB_CELL_INTERRUPTED
                                                                  : NB_CELL_DONE);
        be->done_id = 0;
        nb->running_id = 0;
        nb->pause = 0;
        nb->dirty = NB_DIRTY_ALL;
        nb->next_live = 0; /* show the final state of the live panes at once */
        if (be->quit)
            nb->quit = 1;
    }
    if (!nb->running_id && !be->busy && !be->has_job && !nb->quit) {
        int i = nb_cells_next_queued(&nb->cells);
        if (i >= 0) {
            struct nb_cell *cell = &nb->cells.cells[i];
            nb_cell_clear_blocks(cell);
            cell->state = NB_CELL_RUNNING;
            cell->number = nb->cells.next_number++;
            be->display_width = nb->lay.pane[LAYOUT_NOTEBOOK].w;
            if (backend_submit_locked(be, cell->id, cell->number, cell->text, cell->origin,
                                      cell->line) == 0)
                nb->running_id = cell->id;
            else
                cell->state = NB_CELL_FAILED;
            nb->pause = 0;
            nb->dirty = NB_DIRTY_ALL;
        }
    }
    sync_running(nb);
}

static void select_cell(struct notebook *nb, int delta)
{
    int n = nb->cells.n;
    if (n == 0)
        return;
    int sel = nb->selected < 0 ? (delta < 0 ? n - 1 : 0) : nb->selected + delta;
    nb->selected = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
}

static void toggle_hide(struct notebook *nb)
{
    struct layout_state *st = &nb->lst;
    if (st->focus == LAYOUT_NOTEBOOK) {
        int hide = !(st->hidden[LAYOUT_LOSS] && st->hidden[LAYOUT_ATTENTION]);
        st->hidden[LAYOUT_LOSS] = st->hidden[LAYOUT_ATTENTION] = hide;
    } else {
        st->hidden[st->focus] = !st->hidden[st->focus];
        st->focus = LAYOUT_NOTEBOOK;
    }
    st->zoomed = 0;
}

/* Layout actions. Returns 1 when handled. */
static int layout_action(struct notebook *nb, enum keys_action a)
{
    switch (a) {
    case KEYS_FOCUS_NEXT: layout_focus_next(&nb->lst, &nb->lay); break;
    case KEYS_TOGGLE_HIDE: toggle_hide(nb); break;
    case KEYS_ZOOM:
        /* from the notebook pane, an all-heads overview is what zooms, when there is one */
        if (nb->lst.focus != LAYOUT_NOTEBOOK || nb->lst.zoomed || !nb_overview_open(nb))
            nb->lst.zoomed = !nb->lst.zoomed;
        break;
    case KEYS_SHRINK: layout_resize_live(&nb->lst, -5); break;
    case KEYS_GROW: layout_resize_live(&nb->lst, 5); break;
    case KEYS_RESIZE: break;
    case KEYS_REDRAW: clearok(curscr, TRUE); break;
    default: return 0;
    }
    nb_relayout(nb);
    return 1;
}

/* The timeline keys: [ ] one frame back and on (past the last: live again), { } the first
 * and the last frame. */
static void scrub(struct notebook *nb, enum keys_action a)
{
    int n = nb->be.front.nframes;
    if (n == 0)
        return;
    int f = nb->frame;
    switch (a) {
    case KEYS_FRAME_PREV: f = f < 0 ? n - 1 : f > 0 ? f - 1 : 0; break;
    case KEYS_FRAME_NEXT: f = f < 0 ? -1 : f + 1 < n ? f + 1 : -1; break;
    case KEYS_FRAME_FIRST: f = 0; break;
    default: f = n - 1; break;
    }
    nb->frame = f;
    nb->next_live = 0;
}

static void apply(struct notebook *nb, enum keys_action a)
{
    int page = nb->lay.pane[LAYOUT_NOTEBOOK].h > 3 ? nb->lay.pane[LAYOUT_NOTEBOOK].h - 2 : 1;
    if (layout_action(nb, a))
        return;
    switch (a) {
    case KEYS_PAGE_UP: nb->scroll += page; break;
    case KEYS_PAGE_DOWN: nb->scroll = nb->scroll > page ? nb->scroll - page : 0; break;
    case KEYS_TOP: nb->scroll = 1 << 28; break; /* clamped when drawn */
    case KEYS_BOTTOM: nb->scroll = 0; break;
    case KEYS_HELP: nb->help = 1; break;
    case KEYS_RUN_NEXT: queue_lesson_cell(nb); break;
    case KEYS_RERUN:
        if (nb->selected >= 0 && nb->selected < nb->cells.n) {
            char *t = strdup(nb->cells.cells[nb->selected].text);
            if (t)
                queue_text(nb, t);
            free(t);
        }
        break;
    case KEYS_UNQUEUE: unqueue_selected(nb); break;
    case KEYS_SCROLL_LEFT: nb->hscroll = nb->hscroll > 8 ? nb->hscroll - 8 : 0; break;
    case KEYS_SCROLL_RIGHT: nb->hscroll += 8; break; /* clamped when drawn */
    case KEYS_FRAME_PREV:
    case KEYS_FRAME_NEXT:
    case KEYS_FRAME_FIRST:
    case KEYS_FRAME_LAST: scrub(nb, a); break;
    case KEYS_SELECT_PREV: select_cell(nb, -1); break;
    case KEYS_SELECT_NEXT: select_cell(nb, 1); break;
    case KEYS_PAUSE:
        nb->pause = 1;
        atomic_store(&nb->be.pause, 1);
        break;
    case KEYS_ESCAPE:
        nb->selected = -1;
        nb->frame = -1; /* back to the live picture */
        break;
    case KEYS_CANCEL_LINE:
        nb->chunk_len = 0;
        nb->complete.in_model_block = 0;
        rlb_set_prompt(PROMPT);
        rlb_cancel_line();
        break;
    default: break;
    }
}

int nb_handle_key(struct notebook *nb, int is_code, unsigned key)
{
    nb->dirty = NB_DIRTY_ALL;
    if (nb->help && !(is_code && key == KEY_RESIZE)) {
        nb->help = 0; /* any key closes the help screen */
        return nb->quit;
    }
    if (nb->ov.open) { /* the overview takes the keys, but F1, resizes and Ctrl-C */
        if (is_code && key == (unsigned)KEY_F(1))
            nb->help = 1;
        else if (is_code && key == KEY_RESIZE)
            apply(nb, KEYS_RESIZE);
        else if (!is_code && key == 3)
            apply(nb, nb->running >= 0 ? KEYS_PAUSE : KEYS_CANCEL_LINE);
        else
            nb_overview_key(nb, is_code, key);
        return nb->quit;
    }
    size_t point;
    const char *line = rlb_line(&point);
    if (!is_code && key == 27) { /* Alt-x arrives as ESC x; a lone ESC has nothing behind */
        wint_t next;
        int delay = wgetdelay(stdscr); /* the pump reads without waiting: keep its mode */
        nodelay(stdscr, TRUE);
        int r = get_wch(&next);
        wtimeout(stdscr, delay);
        if (r == OK) {
            char bytes[8] = {27};
            size_t n = 1;
            if (next < 0x80)
                bytes[n++] = (char)next;
            rlb_feed_bytes(bytes, n);
            return nb->quit;
        }
        if (r == KEY_CODE_YES)
            ungetch((int)next);
    }
    enum keys_action a = keys_map(is_code, key, line[0] == 0 && !nb->chunk_len, nb->running >= 0);
    if (a == KEYS_NONE && is_code && key == KEY_DC && line[0] == 0 && nb->selected >= 0)
        a = KEYS_UNQUEUE;
    if (a == KEYS_NONE)
        rlb_feed_key(is_code, key);
    else
        apply(nb, a);
    return nb->quit;
}

void nb_pump_keys(struct notebook *nb)
{
    wint_t wc;
    int r, delay = wgetdelay(stdscr);
    nodelay(stdscr, TRUE);
    while ((r = get_wch(&wc)) != ERR)
        nb_handle_key(nb, r == KEY_CODE_YES, (unsigned)wc);
    wtimeout(stdscr, delay);
    if (tty_take_interrupt())
        apply(nb, nb->running >= 0 ? KEYS_PAUSE : KEYS_CANCEL_LINE);
}

static int load_lesson(struct notebook *nb, const char *path)
{
    char *text;
    size_t len;
    struct al_error err;
    al_error_clear(&err);
    if (script_read_file(path, &text, &len, &err)) {
        fprintf(stderr, "attnlab: %s\n", err.msg);
        return -1;
    }
    enum al_status st = nb_cells_load_lesson(&nb->cells, text, len, path);
    free(text);
    if (st)
        fprintf(stderr, "attnlab: out of memory reading '%s'\n", path);
    return st ? -1 : 0;
}

static void nb_free(struct notebook *nb)
{
    nb_cells_free(&nb->cells);
    free(nb->chunk);
    canvas_free(nb->loss);
    canvas_free(nb->attn);
    canvas_free(nb->ov_canvas);
}

/* Follows `replay`: each frame it shows becomes the pane's frame. */
static void follow_replay(struct notebook *nb)
{
    const struct live_snapshot *sn = &nb->be.front;
    if (sn->replay_gen == nb->replay_gen)
        return;
    nb->replay_gen = sn->replay_gen;
    if (sn->replay_frame >= 0)
        nb->frame = sn->replay_frame;
    nb->next_live = 0;
}

static void loop(struct notebook *nb)
{
    backend_lock(&nb->be);
    while (!nb->quit) {
        int rows, cols;
        getmaxyx(stdscr, rows, cols);
        /* a lost SIGWINCH (tty_sync_size), or a KEY_RESIZE that readline's reader took */
        if (tty_sync_size() || rows != nb->lines || cols != nb->cols)
            nb_relayout(nb);
        poll_backend(nb);
        follow_replay(nb);
        nb_draw(nb, 0);
        backend_unlock(&nb->be);
        /* Keys are answered within this wait; while work runs the snapshot is looked at
         * as often. */
        timeout(nb->running >= 0 ? 25 : 200);
        wint_t wc;
        int r = get_wch(&wc);
        backend_lock(&nb->be);
        if (r != ERR)
            nb_handle_key(nb, r == KEY_CODE_YES, (unsigned)wc);
        nb_pump_keys(nb);
    }
    backend_unlock(&nb->be);
}

int ui_notebook_run(struct session *s, const char *lesson)
{
    struct notebook nb;
    memset(&nb, 0, sizeof nb);
    nb.s = s;
    nb.running = nb.selected = nb.frame = -1;
    nb_cells_init(&nb.cells);
    layout_state_init(&nb.lst);
    if (lesson && load_lesson(&nb, lesson)) {
        nb_free(&nb);
        return 2;
    }
    if (tty_start() != 0) {
        nb_free(&nb);
        return -1;
    }
    nb.complete.model_names = model_names;
    nb.complete.ctx = &nb;
    s->ui.ctx = &nb; /* for `save notebook` and `export` (session.h's ui hooks) */
    s->ui.save_lab = ui_notebook_save_lab;
    s->ui.export_md = ui_notebook_export_md;
    rlb_start(PROMPT, on_line, on_redisplay, &nb, &nb.complete);
    int st = 0;
    if (backend_start(&nb.be, s, nb_sink_emit, &nb) != 0) {
        st = -1;
    } else {
        nb_relayout(&nb);
        nb.dirty = NB_DIRTY_ALL;
        loop(&nb);
        backend_stop(&nb.be); /* a running command pauses after its step */
    }
    rlb_stop();
    tty_stop();
    memset(&s->ui, 0, sizeof s->ui);
    nb_free(&nb);
    return st;
}

/* Called by commands on the backend thread: the cells are read under the lock. */
enum al_status ui_notebook_save_lab(void *ui, const char *path, struct al_error *err)
{
    struct notebook *nb = ui;
    backend_lock(&nb->be);
    enum al_status st = transcript_save(&nb->cells, path, 0, err);
    backend_unlock(&nb->be);
    return st;
}

enum al_status ui_notebook_export_md(void *ui, const char *path, struct al_error *err)
{
    struct notebook *nb = ui;
    backend_lock(&nb->be);
    enum al_status st = transcript_save(&nb->cells, path, 1, err);
    backend_unlock(&nb->be);
    return st;
}

int ui_interactive_run(struct session *s, struct sink *line_sink, const char *lesson)
{
    const char *no_tui = getenv("ATTNLAB_NO_TUI");
    s->confirm_quit = 1; /* a person is there to answer */
    if (tty_usable(NULL) && !(no_tui && *no_tui)) {
        int st = ui_notebook_run(s, lesson);
        if (st >= 0)
            return st;
    }
    return ui_repl_run(s, line_sink, lesson);
}
