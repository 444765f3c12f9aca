/* keys.h: which notebook action a key stands for. A pure mapping (no curses state, no
 * drawing), so that the key map can be tested and documented in one place; the notebook
 * applies the action and answers with flags, htop style. Keys that map to KEYS_NONE go to
 * readline. */
#ifndef ATTNLAB_UI_KEYS_H
#define ATTNLAB_UI_KEYS_H

enum keys_action {
    KEYS_NONE,         /* not a notebook key: readline edits with it */
    KEYS_IGNORE,       /* a key nobody uses (unbound function keys) */
    KEYS_PAGE_UP,      /* PgUp: scroll the notebook up a page */
    KEYS_PAGE_DOWN,    /* PgDn */
    KEYS_TOP,          /* Home on an empty line: the first cell */
    KEYS_BOTTOM,       /* End on an empty line: the last cell, following output again */
    KEYS_HELP,         /* F1, or ? on an empty line */
    KEYS_FOCUS_NEXT,   /* F2: focus the next pane */
    KEYS_TOGGLE_HIDE,  /* F3: hide or show the focused live pane (or both from the notebook) */
    KEYS_ZOOM,         /* F4: the focused pane fills the screen, or not */
    KEYS_RUN_NEXT,     /* F5 (and Enter on an empty line): run the next lesson cell */
    KEYS_RERUN,        /* F6: run the selected cell again (as a new cell) */
    KEYS_SHRINK,       /* F7: make the live panes smaller */
    KEYS_GROW,         /* F8: larger */
    KEYS_SELECT_PREV,  /* Shift-Up: select the previous cell */
    KEYS_SELECT_NEXT,  /* Shift-Down */
    KEYS_PAUSE,        /* Esc or Ctrl-C while work runs: stop after the current step */
    KEYS_ESCAPE,       /* Esc at the prompt: close help, drop the selection */
    KEYS_CANCEL_LINE,  /* Ctrl-C at the prompt: drop the line being typed */
    KEYS_REDRAW,       /* Ctrl-L */
    KEYS_RESIZE,       /* the terminal changed size */
    KEYS_UNQUEUE,      /* Delete on an empty line: the selected queued cell leaves the queue
                          (the notebook decides: it needs the selection) */
    KEYS_SCROLL_LEFT,  /* Shift-Left: drawings wider than the pane scroll */
    KEYS_SCROLL_RIGHT, /* Shift-Right */
    KEYS_FRAME_PREV,   /* [ on an empty line: the previous frame of the attention timeline */
    KEYS_FRAME_NEXT,   /* ] on an empty line: the next one (past the last: live again) */
    KEYS_FRAME_FIRST,  /* { on an empty line */
    KEYS_FRAME_LAST    /* } on an empty line */
};

/* What the notebook does with a key. is_code: key is a curses KEY_* code, else a character.
 * line_empty: nothing typed at the prompt; running: a command is running. */
enum keys_action keys_map(int is_code, unsigned key, int line_empty, int running);

/* The help screen's lines, NULL-terminated. */
extern const char *const keys_help_lines[];

#endif
