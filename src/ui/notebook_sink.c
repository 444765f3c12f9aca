/* notebook_sink.c: the sink the evaluator writes to while the notebook runs a cell: blocks
 * are copied into the running cell; between training steps interrupted() reads keys, lets
 * readline edit the next command, answers Ctrl-C and Esc, and redraws at a paced rate. */
#include <curses.h>

#include "ui/notebook_internal.h"

/* The screen is updated at most this often while work runs (keys are read every call). */
#define SCREEN_INTERVAL 0.05

static void emit(struct sink *self, const struct block *b)
{
    struct notebook *nb = self->data;
    if (nb->running < 0 || nb->running >= nb->cells.n)
        return;
    nb_cell_add_block(&nb->cells.cells[nb->running], b);
    nb->dirty |= NB_DIRTY_CELLS;
    if (b->kind != BLOCK_PROGRESS) /* text and drawings show at once; progress is paced */
        nb->next_screen = 0;
}

static int interrupted(struct sink *self)
{
    struct notebook *nb = self->data;
    nb_pump_keys(nb);
    double now = nb_now();
    if (now >= nb->next_screen) {
        nb->dirty |= NB_DIRTY_CELLS;
        nb_draw(nb, 0);
        nb->next_screen = now + SCREEN_INTERVAL;
    } else if (nb->dirty & NB_DIRTY_INPUT) {
        nb_draw(nb, 0); /* the typed key shows at once: the input line is cheap */
    }
    return nb->pause || nb->quit;
}

void nb_sink_init(struct notebook *nb)
{
    nb->sink.emit = emit;
    nb->sink.interrupted = interrupted;
    nb->sink.data = nb;
}
