/* notebook_internal.h: the notebook's state, shared by its files: notebook.c (the loop and
 * the actions), notebook_sink.c (blocks in, keys and redraws while work runs) and
 * notebook_draw.c (everything on screen). Not for use outside src/ui/notebook*.c. */
#ifndef ATTNLAB_UI_NOTEBOOK_INTERNAL_H
#define ATTNLAB_UI_NOTEBOOK_INTERNAL_H

#include <stddef.h>

#include "lang/output.h"
#include "ui/layout.h"
#include "ui/notebook_cells.h"
#include "ui/rl.h"

struct session;
struct canvas;

enum nb_dirty { NB_DIRTY_CELLS = 1, NB_DIRTY_LIVE = 2, NB_DIRTY_INPUT = 4, NB_DIRTY_ALL = 7 };

struct notebook {
    struct session *s;
    struct sink sink;
    struct nb_cells cells;
    struct layout_state lst;
    struct layout lay;
    int cols, lines;

    int running;   /* index of the running cell, -1 when idle */
    int insert_at; /* typed commands become cells here (after the last one run) */
    int selected;  /* the cell chosen for re-running, -1 */
    int scroll;    /* notebook rows scrolled up from the bottom; 0 follows the output */
    int help;      /* the help screen is shown */
    int quit;
    int pause;     /* Ctrl-C or Esc while running: the command stops after its step */
    unsigned dirty;

    char *chunk; /* lines typed so far of an open model block */
    size_t chunk_len;
    char **todo; /* accepted texts waiting to run, oldest first */
    int ntodo, cap_todo;
    int run_next; /* how many "run the next lesson cell" requests wait */

    struct canvas *loss, *attn; /* the live panes' content, redrawn at a paced rate */
    int loss_ok, attn_ok;       /* live_draw_* had something to show */
    double next_live;           /* monotonic time of the next live redraw */
    double live_cost;           /* seconds the last live redraw took */
    double next_screen;         /* while running: time of the next screen update */

    struct rlb_context complete;
};

/* Monotonic seconds. */
double nb_now(void);

/* Applies a key read from curses (is_code: a KEY_* code). Returns nonzero to leave. */
int nb_handle_key(struct notebook *nb, int is_code, unsigned key);
/* Reads and handles every key already waiting, without blocking. */
void nb_pump_keys(struct notebook *nb);

/* Sets the sink's callbacks up (emit into the running cell, interrupted pumps the UI). */
void nb_sink_init(struct notebook *nb);

/* Recomputes the layout for the current terminal size. */
void nb_relayout(struct notebook *nb);
/* Redraws what is dirty; live panes are recomputed only when force_live or their time has
 * come (pacing keeps them under a few percent of training time). */
void nb_draw(struct notebook *nb, int force_live);

#endif
