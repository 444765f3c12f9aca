/* transcript.h: writes the notebook's cells out: as a .lab script (the commands only, ready
 * to be opened again as a lesson) or as a Markdown transcript (commands, their text output
 * and drawings in fenced blocks). Knows nothing of curses. */
#ifndef ATTNLAB_UI_TRANSCRIPT_H
#define ATTNLAB_UI_TRANSCRIPT_H

#include <stdio.h>

#include "core/status.h"

struct nb_cells;

/* Writes the cells that ran (and, when with_pending, those not run yet) as a script, one
 * cell's text after another. Running cells (the `save notebook` itself) are left out;
 * failed cells are commented out (each line behind "# ", after a line saying why), so the
 * file replays without stopping at them. */
enum al_status transcript_write_lab(const struct nb_cells *c, int with_pending, FILE *f,
                                    struct al_error *err);

/* Writes the cells that ran as Markdown: each command in an ```attnlab fence; its output
 * in ```text fences, one fence for each run of text (not one a line) and one for each
 * drawing, rendered without colour under its bold title (fences longer than any run of
 * backticks inside); a failed cell is headed "In [N] (failed):" and its error fenced under
 * "**Error:**". Progress lines are left out. */
enum al_status transcript_write_markdown(const struct nb_cells *c, FILE *f, struct al_error *err);

/* Writes to path through one of the functions above: to a temporary file beside it that is
 * renamed over path only when everything was written. AL_EIO with a message naming path. */
enum al_status transcript_save(const struct nb_cells *c, const char *path, int markdown,
                               struct al_error *err);

#endif
