/* tty.h: the terminal under the curses notebook: whether curses can be used at all, starting
 * and ending curses, colours, and putting the terminal back on every way out (normal exit,
 * fatal signals). The only file that knows about termios and signal handlers; Ctrl-C becomes
 * a flag here that the notebook polls. */
#ifndef ATTNLAB_UI_TTY_H
#define ATTNLAB_UI_TTY_H

#include "viz/canvas.h"

/* 1 when a full-screen notebook can run: stdin and stdout are terminals, TERM is set, not
 * "dumb", and its terminfo entry has cursor addressing. Otherwise 0 and *why (when not NULL)
 * says which condition failed (a static string). */
int tty_usable(const char **why);

/* Starts curses (locale from the environment, cbreak, no echo, keypad, ESCDELAY 25 ms,
 * colours unless NO_COLOR is set or the terminal has none) and installs the handlers:
 * SIGINT sets a flag; SIGTERM, SIGHUP, SIGQUIT and crash signals restore the terminal before
 * the program dies; atexit does the same. Returns 0, or -1 when curses could not start. */
int tty_start(void);

/* Ends curses and restores the signal handlers. Safe to call twice. */
void tty_stop(void);

/* Asks the terminal its size and, when curses believes another, resizes curses to it.
 * Returns 1 when it did. Curses learns of a resize from SIGWINCH alone, and one that arrives
 * while newterm runs (after it read the size, before it installed its handler) is lost: the
 * screen would be drawn for the old size until the next resize. The notebook's loop calls
 * this every time round (one ioctl). */
int tty_sync_size(void);

/* Returns 1 (and clears the flag) when Ctrl-C arrived since the last call. */
int tty_take_interrupt(void);

/* 1 when the terminal's locale is UTF-8 (tty_start decided). */
int tty_utf8(void);

/* 1 when colours are in use: tty_start turned them on and they are wanted. */
int tty_has_colour(void);
/* Colours wanted (1) or not (`set colour=off`); they stay off when the terminal has none. */
void tty_want_colour(int on);

/* The curses attributes and colour pair for a canvas style; pair 0 when colours are off. */
void tty_style(struct canvas_style st, unsigned long *attrs, int *pair);

/* Draws a code point at (y, x) in the given style (a CANVAS_CONT cell is skipped). */
void tty_put(int y, int x, uint32_t glyph, struct canvas_style st);

/* Draws a canvas's window [cx, cx+w) x [cy, cy+h) at (y, x) of the screen. */
void tty_blit(const struct canvas *c, int cx, int cy, int y, int x, int w, int h);

#endif
