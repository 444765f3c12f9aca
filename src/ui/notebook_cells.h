/* notebook_cells.h: the notebook's cells: each command's text and copies of the output
 * blocks it produced. A lesson file is split into cells here too. Knows nothing of curses:
 * the drawing (notebook_draw.c) and the writers (transcript.c) read this list. */
#ifndef ATTNLAB_UI_NOTEBOOK_CELLS_H
#define ATTNLAB_UI_NOTEBOOK_CELLS_H

#include <stddef.h>

#include "core/status.h"
#include "lab/output.h"

struct canvas;
struct lab_frame;

enum nb_cell_state {
    NB_CELL_PENDING, /* from a lesson, not run yet */
    NB_CELL_QUEUED,  /* waiting for the running cell: runs next, in order */
    NB_CELL_RUNNING,
    NB_CELL_DONE,
    NB_CELL_FAILED,     /* an error block was emitted */
    NB_CELL_INTERRUPTED /* paused with Ctrl-C or Esc */
};

/* An output block owned by its cell (the sink's block copied). */
struct nb_block {
    enum block_kind kind;
    char *text;               /* may be NULL (a canvas without a title) */
    struct canvas *canvas;    /* BLOCK_CANVAS only */
    long done, total;         /* BLOCK_PROGRESS */
    struct lab_frame *frames; /* an all-heads overview's attention (copies), or NULL */
    int nframes;
};

struct nb_cell {
    char *text;   /* the command(s) as typed, without a final newline */
    char *origin; /* a lesson cell: the lesson file, so that errors say file:line:col and
                     relative paths resolve beside it; NULL for a typed cell */
    int line;     /* a lesson cell: the line of the file where text starts */
    enum nb_cell_state state;
    int id;     /* unique in the list, stable while cells move */
    int number; /* In [number]: the order in which it ran, 0 until run */
    struct nb_block *blocks;
    int nblocks, cap_blocks;
};

struct nb_cells {
    struct nb_cell *cells;
    int n, cap;
    int next_number; /* the number the next run cell gets */
    int last_id;
};

void nb_cells_init(struct nb_cells *c);
void nb_cells_free(struct nb_cells *c);

/* Inserts a cell with a copy of text (len bytes; a final newline is dropped) at index at
 * (clamped to 0..n). Returns its index, or -1 when memory runs out. */
int nb_cells_insert(struct nb_cells *c, int at, const char *text, size_t len,
                    enum nb_cell_state state);

/* Appends a copy of block b to cell i. A progress block replaces the cell's last block when
 * that is a progress block too, so that a long command keeps one up-to-date line; any other
 * block replaces a last progress block too (no stale progress under a result). Returns
 * AL_ENOMEM (nothing added) when memory runs out. */
enum al_status nb_cell_add_block(struct nb_cell *cell, const struct block *b);

/* The index of the cell's last all-heads overview block (one with frames), or -1. */
int nb_cell_overview(const struct nb_cell *cell);

/* Drops the cell's blocks (before it runs again). */
void nb_cell_clear_blocks(struct nb_cell *cell);

/* A finished cell: its last progress line goes (the result replaced it). */
void nb_cell_finish(struct nb_cell *cell, enum nb_cell_state state);

/* The index of the cell with this id, or -1. */
int nb_cells_find(const struct nb_cells *c, int id);
/* The first queued cell, or -1. */
int nb_cells_next_queued(const struct nb_cells *c);
/* Removes cell i (freed); the cells after it move up. */
void nb_cells_remove(struct nb_cells *c, int i);

/* The first pending cell at or after index from, or -1. */
int nb_cells_next_pending(const struct nb_cells *c, int from);

/* Splits a lesson text (read from the file path) into pending cells appended to c: one
 * statement (or model ... end block) a cell, the comment and blank lines before it included,
 * so that a teacher's explanations travel with the command they explain. Each cell keeps
 * path and its first line. Returns AL_ENOMEM on failure. */
enum al_status nb_cells_load_lesson(struct nb_cells *c, const char *text, size_t len,
                                    const char *path);

#endif
