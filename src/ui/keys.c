/* keys.c: the notebook's key map (see keys.h). */
#include "ui/keys.h"

#include <curses.h>

const char *const keys_help_lines[] = {
    "attnlab notebook keys",
    "",
    "  Enter           run the typed command (an empty line runs the next lesson cell)",
    "  Tab             complete commands, options, layers, models, file names",
    "  Up/Down, Ctrl-R history, reverse search (kept across sessions)",
    "  PgUp/PgDn       scroll the notebook; Home/End on an empty line: top/bottom",
    "  Shift-Up/Down   select a cell;  F6  run the selected cell again",
    "  Delete          (empty line) take the selected queued cell out of the queue",
    "  F5              run the next lesson cell (queued while a command runs)",
    "  Shift-Left/Right  scroll drawings wider than the pane",
    "  [ ]  { }        (empty line) attention timeline: previous/next frame, first/last;",
    "                  past the last frame, or Esc: the live picture again",
    "  F2              focus the next pane;  F3 hide/show;  F4 zoom",
    "  F4 (notebook)   zoom into the latest all-heads overview (or the selected",
    "                  cell's): arrows or h j k l choose a head, Enter shows it",
    "                  alone with its labels, Esc goes back",
    "  F7/F8           live panes smaller/larger",
    "  Ctrl-C or Esc   pause training after the current step ('step' carries on)",
    "  Ctrl-L          redraw;  Ctrl-D on an empty line, or 'quit': leave",
    "  F1 or ?         this help (any key closes it)",
    NULL};

static enum keys_action map_code(unsigned key, int line_empty)
{
    switch (key) {
    case KEY_PPAGE: return KEYS_PAGE_UP;
    case KEY_NPAGE: return KEYS_PAGE_DOWN;
    case KEY_HOME: return line_empty ? KEYS_TOP : KEYS_NONE;
    case KEY_END: return line_empty ? KEYS_BOTTOM : KEYS_NONE;
    case KEY_SR: return KEYS_SELECT_PREV;
    case KEY_SF: return KEYS_SELECT_NEXT;
    case KEY_SLEFT: return KEYS_SCROLL_LEFT;
    case KEY_SRIGHT: return KEYS_SCROLL_RIGHT;
    case KEY_RESIZE: return KEYS_RESIZE;
    case KEY_LEFT:
    case KEY_RIGHT:
    case KEY_UP:
    case KEY_DOWN:
    case KEY_BACKSPACE:
    case KEY_DC:
    case KEY_ENTER: return KEYS_NONE;
    default: break;
    }
    switch ((int)key - KEY_F0) {
    case 1: return KEYS_HELP;
    case 2: return KEYS_FOCUS_NEXT;
    case 3: return KEYS_TOGGLE_HIDE;
    case 4: return KEYS_ZOOM;
    case 5: return KEYS_RUN_NEXT;
    case 6: return KEYS_RERUN;
    case 7: return KEYS_SHRINK;
    case 8: return KEYS_GROW;
    default: return KEYS_IGNORE;
    }
}

enum keys_action keys_map(int is_code, unsigned key, int line_empty, int running)
{
    if (is_code)
        return map_code(key, line_empty);
    switch (key) {
    case 3: return running ? KEYS_PAUSE : KEYS_CANCEL_LINE;
    case 27: return running ? KEYS_PAUSE : KEYS_ESCAPE;
    case 12: return KEYS_REDRAW;
    case '?': return line_empty ? KEYS_HELP : KEYS_NONE;
    case '[': return line_empty ? KEYS_FRAME_PREV : KEYS_NONE;
    case ']': return line_empty ? KEYS_FRAME_NEXT : KEYS_NONE;
    case '{': return line_empty ? KEYS_FRAME_FIRST : KEYS_NONE;
    case '}': return line_empty ? KEYS_FRAME_LAST : KEYS_NONE;
    default: return KEYS_NONE;
    }
}
