/* notebook_sink.c: blocks from the backend thread into the running cell. Called on the
 * backend with the lock held; the front end redraws at its own pace. */
#include "ui/notebook_internal.h"

void nb_sink_emit(void *ctx, int cell_id, const struct block *b)
{
    struct notebook *nb = ctx;
    int i = nb_cells_find(&nb->cells, cell_id);
    if (i < 0)
        return;
    nb_cell_add_block(&nb->cells.cells[i], b);
    nb->dirty |= NB_DIRTY_CELLS;
}
