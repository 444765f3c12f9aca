/* notebook.c: the curses notebook's loop and actions (see notebook.h). Typed lines are
 * queued by readline's line handler and run here between keys; while a command runs, the
 * sink's interrupted() (notebook_sink.c) keeps reading keys and redrawing. */
#include "ui/notebook.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/lab.h"
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

static void push_todo(struct notebook *nb, char *text)
{
    if (nb->ntodo == nb->cap_todo) {
        int cap = nb->cap_todo ? 2 * nb->cap_todo : 8;
        char **grown = realloc(nb->todo, (size_t)cap * sizeof *grown);
        if (!grown) {
            free(text);
            return;
        }
        nb->todo = grown;
        nb->cap_todo = cap;
    }
    nb->todo[nb->ntodo++] = text;
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
            char *quit = strdup("quit");
            if (quit)
                push_todo(nb, quit);
            else
                nb->quit = 1;
        }
        return;
    }
    rlb_history_add(line);
    if (!nb->chunk_len && is_blank(line)) {
        nb->run_next++;
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
    char *text = strdup(nb->chunk);
    nb->chunk_len = 0;
    rlb_set_prompt(PROMPT);
    if (text)
        push_todo(nb, text);
}

static void on_redisplay(void *ctx)
{
    struct notebook *nb = ctx;
    nb->dirty |= NB_DIRTY_INPUT;
}

/* Model names for completion: the session's models. */
static size_t model_names(void *ctx, const char **out, size_t max)
{
    struct notebook *nb = ctx;
    const struct lab *lab = &nb->s->lab;
    size_t n = 0;
    for (int i = 0; i < lab->nmodels && n < max; i++)
        out[n++] = lab->models[i]->name;
    return n;
}

static void run_cell(struct notebook *nb, int idx)
{
    struct nb_cell *cell = &nb->cells.cells[idx];
    nb_cell_clear_blocks(cell);
    cell->state = NB_CELL_RUNNING;
    cell->number = nb->cells.next_number++;
    nb->running = idx;
    nb->pause = 0;
    nb->scroll = 0;
    nb->dirty = NB_DIRTY_ALL;
    nb->next_screen = 0;
    nb_draw(nb, 0);
    char name[32];
    snprintf(name, sizeof name, "In [%d]", cell->number);
    int errors = nb->s->errors;
    /* a lesson cell runs as part of its file: errors name file:line, paths resolve there */
    script_run_text(nb->s, cell->origin ? cell->origin : name, cell->text, strlen(cell->text),
                    cell->origin ? cell->line : 1, &nb->sink);
    cell = &nb->cells.cells[idx]; /* the list may have grown meanwhile */
    cell->state = nb->s->errors > errors ? NB_CELL_FAILED
                  : nb->pause            ? NB_CELL_INTERRUPTED
                                         : NB_CELL_DONE;
    nb->running = -1;
    nb->pause = 0;
    nb->dirty = NB_DIRTY_ALL;
    nb->next_live = 0; /* show the final state of the live panes at once */
    if (nb->s->quit)
        nb->quit = 1;
}

/* Runs one queued thing: a typed text first, else a requested lesson cell. Returns 1 when
 * something ran. */
static int run_queued(struct notebook *nb)
{
    if (nb->ntodo) {
        char *text = nb->todo[0];
        memmove(nb->todo, nb->todo + 1, (size_t)(nb->ntodo - 1) * sizeof *nb->todo);
        nb->ntodo--;
        int idx = nb_cells_insert(&nb->cells, nb->insert_at, text, strlen(text), NB_CELL_DONE);
        free(text);
        if (idx < 0)
            return 0;
        if (nb->selected >= idx)
            nb->selected++;
        nb->insert_at = idx + 1;
        run_cell(nb, idx);
        return 1;
    }
    while (nb->run_next > 0) {
        nb->run_next--;
        int idx = nb_cells_next_pending(&nb->cells, nb->insert_at);
        if (idx < 0)
            idx = nb_cells_next_pending(&nb->cells, 0);
        if (idx < 0)
            continue;
        nb->insert_at = idx + 1;
        run_cell(nb, idx);
        return 1;
    }
    return 0;
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
    case KEYS_ZOOM: nb->lst.zoomed = !nb->lst.zoomed; break;
    case KEYS_SHRINK: layout_resize_live(&nb->lst, -5); break;
    case KEYS_GROW: layout_resize_live(&nb->lst, 5); break;
    case KEYS_RESIZE: break;
    case KEYS_REDRAW: clearok(curscr, TRUE); break;
    default: return 0;
    }
    nb_relayout(nb);
    return 1;
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
    case KEYS_RUN_NEXT: nb->run_next++; break;
    case KEYS_RERUN:
        if (nb->selected >= 0 && nb->selected < nb->cells.n) {
            char *t = strdup(nb->cells.cells[nb->selected].text);
            if (t)
                push_todo(nb, t);
        }
        break;
    case KEYS_SELECT_PREV: select_cell(nb, -1); break;
    case KEYS_SELECT_NEXT: select_cell(nb, 1); break;
    case KEYS_PAUSE: nb->pause = 1; break;
    case KEYS_ESCAPE: nb->selected = -1; break;
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
    enum keys_action a = keys_map(is_code, key, line[0] == 0 && !nb->chunk_len,
                                  nb->running >= 0);
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
    for (int i = 0; i < nb->ntodo; i++)
        free(nb->todo[i]);
    free(nb->todo);
    free(nb->chunk);
    canvas_free(nb->loss);
    canvas_free(nb->attn);
}

static void loop(struct notebook *nb)
{
    while (!nb->quit && !nb->s->quit) {
        if (nb->running < 0 && run_queued(nb))
            continue;
        nb_draw(nb, 0);
        timeout(200); /* wakes up to notice Ctrl-C at the prompt */
        wint_t wc;
        int r = get_wch(&wc);
        if (r != ERR)
            nb_handle_key(nb, r == KEY_CODE_YES, (unsigned)wc);
        nb_pump_keys(nb);
    }
}

int ui_notebook_run(struct session *s, const char *lesson)
{
    struct notebook nb;
    memset(&nb, 0, sizeof nb);
    nb.s = s;
    nb.running = nb.selected = -1;
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
    nb_sink_init(&nb);
    nb.complete.model_names = model_names;
    nb.complete.ctx = &nb;
    s->ui.ctx = &nb; /* for `save notebook` and `export` (session.h's ui hooks) */
    s->ui.save_lab = ui_notebook_save_lab;
    s->ui.export_md = ui_notebook_export_md;
    rlb_start(PROMPT, on_line, on_redisplay, &nb, &nb.complete);
    nb_relayout(&nb);
    nb.dirty = NB_DIRTY_ALL;
    loop(&nb);
    rlb_stop();
    tty_stop();
    memset(&s->ui, 0, sizeof s->ui);
    nb_free(&nb);
    return 0;
}

enum al_status ui_notebook_save_lab(void *ui, const char *path, struct al_error *err)
{
    struct notebook *nb = ui;
    return transcript_save(&nb->cells, path, 0, err);
}

enum al_status ui_notebook_export_md(void *ui, const char *path, struct al_error *err)
{
    struct notebook *nb = ui;
    return transcript_save(&nb->cells, path, 1, err);
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
