/* notebook.h: the interactive front ends. The curses notebook (cells of commands and their
 * output, live loss and attention panes, a status line, readline input) when the terminal
 * can do it, else a plain line REPL with readline. main calls ui_interactive_run. */
#ifndef ATTNLAB_UI_NOTEBOOK_H
#define ATTNLAB_UI_NOTEBOOK_H

#include "core/status.h"

struct session;
struct sink;

/* Runs the session interactively until `quit` or Ctrl-D: the curses notebook when
 * tty_usable() says the terminal can do it (and ATTNLAB_NO_TUI is unset), else ui_repl_run
 * with line_sink. lesson (may be NULL) is a .lab file opened as cells ready to run one at a
 * time. Returns the exit status: 0, or 2 when the lesson cannot be read (message on
 * stderr). */
int ui_interactive_run(struct session *s, struct sink *line_sink, const char *lesson);

/* The full-screen notebook. Returns as ui_interactive_run, or -1 when curses could not
 * start (nothing was run; the caller may fall back to ui_repl_run). */
int ui_notebook_run(struct session *s, const char *lesson);

/* The line REPL: readline with history and completion, a "...>" prompt inside model blocks,
 * output through sink. A lesson's cells run one at a time on an empty line. */
int ui_repl_run(struct session *s, struct sink *sink, const char *lesson);

/* For the lang commands `save notebook "x.lab"` and `export "x.md"` while the notebook
 * runs: ui is the notebook's handle (registered in the session, see the report). They write
 * the cells (without the one running) to path. AL_EIO with a message when it cannot. */
enum al_status ui_notebook_save_lab(void *ui, const char *path, struct al_error *err);
enum al_status ui_notebook_export_md(void *ui, const char *path, struct al_error *err);

#endif
