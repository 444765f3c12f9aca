/* notebook_internal.h: the notebook's state, shared by its files: notebook.c (the loop, the
 * queue of cells and the actions), notebook_sink.c (blocks in from the backend thread) and
 * notebook_draw.c (everything on screen). The front end runs on the main thread and holds
 * the backend's lock while it touches the cells or the snapshot. Not for use outside
 * src/ui/notebook*.c. */
#ifndef ATTNLAB_UI_NOTEBOOK_INTERNAL_H
#define ATTNLAB_UI_NOTEBOOK_INTERNAL_H

#include <stddef.h>

#include "lab/output.h"
#include "ui/backend.h"
#include "ui/layout.h"
#include "ui/notebook_cells.h"
#include "ui/rl.h"

struct session;
struct canvas;

enum nb_dirty { NB_DIRTY_CELLS = 1, NB_DIRTY_LIVE = 2, NB_DIRTY_INPUT = 4, NB_DIRTY_ALL = 7 };

struct notebook {
    struct session *s; /* the backend's while it runs: the front end reads be.front */
    struct backend be;
    struct nb_cells cells; /* under be.mu (the backend adds blocks) */
    struct layout_state lst;
    struct layout lay;
    int cols, lines;

    int running;    /* index of the running cell, -1 when idle */
    int running_id; /* its id (indexes move as cells are queued and removed) */
    int insert_at;  /* typed commands become cells here (after the last one run or queued) */
    int selected;   /* the cell chosen for re-running, -1 */
    int scroll;     /* notebook rows scrolled up from the bottom; 0 follows the output */
    int help;       /* the help screen is shown */
    int quit;
    int pause;           /* Ctrl-C or Esc while running: the command stops after its step */
    int hscroll;         /* columns drawings are scrolled left (wider than the pane) */
    int wide;            /* a drawing in view is wider than the pane */
    int frame;           /* the timeline frame shown, -1: the live picture */
    long replay_gen;     /* the last replay frame followed */
    long seen_published; /* the backend's publish count last drawn */
    unsigned dirty;

    char *chunk; /* lines typed so far of an open model block */
    size_t chunk_len;
    struct canvas *loss, *attn; /* the live panes' content, redrawn at a paced rate */
    int loss_ok, attn_ok;       /* live_draw_* had something to show */
    char attn_what[96];         /* what the attention pane shows, for its title */
    double next_live;           /* monotonic time of the next live redraw */
    double next_screen;         /* time of the next redraw that follows the backend */

    struct rlb_context complete;

    /* The zoom into an all-heads overview (notebook_overview.c): the body shows every layer
     * by every head of a cell's overview, arrows choose a head, Enter shows it alone. */
    struct {
        int open;
        int cell_id, block; /* the overview's cell and block */
        int layer, head;    /* the head chosen, from 0 */
        int single;         /* 1: that head alone, full size */
    } ov;
    struct canvas *ov_canvas;
};

/* Monotonic seconds. */
double nb_now(void);

/* Applies a key read from curses (is_code: a KEY_* code). Returns nonzero to leave. */
int nb_handle_key(struct notebook *nb, int is_code, unsigned key);
/* Reads and handles every key already waiting, without blocking. */
void nb_pump_keys(struct notebook *nb);

/* The backend's emit callback: a block into the cell with this id (lock held). */
void nb_sink_emit(void *ctx, int cell_id, const struct block *b);

/* F4 from the notebook pane: opens the overview of the selected cell (else of the last
 * cell), when it holds one. Returns 1 when opened. */
int nb_overview_open(struct notebook *nb);
/* A key while the overview is open (arrows, Enter, Esc, q). */
void nb_overview_key(struct notebook *nb, int is_code, unsigned key);
/* Draws the open overview over the body (every pane but the input and status lines). */
void nb_overview_draw(struct notebook *nb);

/* A title row: reversed (highlighted when focus), cut with an ellipsis. */
void nb_title_row(int y, int x, int w, const char *title, int focus);

/* Recomputes the layout for the current terminal size. */
void nb_relayout(struct notebook *nb);
/* Redraws what is dirty; live panes are recomputed only when force_live or their time has
 * come (pacing keeps them under a few percent of training time). */
void nb_draw(struct notebook *nb, int force_live);

#endif
