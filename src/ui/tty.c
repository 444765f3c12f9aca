/* tty.c: the terminal under the notebook (see tty.h).
 *
 * The few file-scope variables here exist because signal handlers can reach nothing else:
 * the Ctrl-C flag, the termios to restore and the escape string that leaves the alternate
 * screen. The fatal handler only calls async-signal-safe functions (write, tcsetattr,
 * sigaction, raise), which is why the string is prepared in advance. */
#include "ui/tty.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

static volatile sig_atomic_t interrupt_flag;
static volatile sig_atomic_t curses_on;
static struct termios saved_termios;
static int have_termios;
static char restore_seq[128];
static size_t restore_len;
static int colour_on, colour_started, utf8_on, atexit_done;

static const int fatal_signals[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE};
#define NFATAL ((int)(sizeof fatal_signals / sizeof fatal_signals[0]))
static struct sigaction old_fatal[NFATAL], old_int;

int tty_usable(const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "standard input or output is not a terminal";
        return 0;
    }
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        *why = "TERM is unset or dumb";
        return 0;
    }
    int erret = 0;
    if (setupterm(term, STDOUT_FILENO, &erret) != OK) {
        *why = "the terminal type is unknown to terminfo";
        return 0;
    }
    char *cup = tigetstr("cup");
    int ok = cup && cup != (char *)-1;
    del_curterm(cur_term);
    cur_term = NULL;
    if (!ok)
        *why = "the terminal has no cursor addressing";
    return ok;
}

static void append_cap(const char *name)
{
    char *s = tigetstr(name);
    if (!s || s == (char *)-1)
        return;
    size_t n = strlen(s);
    if (restore_len + n < sizeof restore_seq) {
        memcpy(restore_seq + restore_len, s, n);
        restore_len += n;
    }
}

static void restore_from_signal(void)
{
    if (!curses_on)
        return;
    curses_on = 0;
    if (restore_len && write(STDOUT_FILENO, restore_seq, restore_len) < 0)
        restore_len = 0; /* nothing more can be done from a handler */
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

static void on_fatal(int sig)
{
    restore_from_signal();
    /* Die of the same signal, with its default action, so that the exit status tells. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);
}

static void on_interrupt(int sig)
{
    (void)sig;
    interrupt_flag = 1;
}

static void at_exit_restore(void)
{
    tty_stop();
}

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_fatal;
    for (int i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &old_fatal[i]);
    /* After initscr, so that ours replaces the one ncurses installs (which would exit). No
     * SA_RESTART: a blocking read returns and the loop sees the flag at once. */
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, &old_int);
}

static void start_colours(void)
{
    colour_on = 0;
    const char *no_colour = getenv("NO_COLOR");
    if ((no_colour && *no_colour) || !has_colors())
        return;
    if (start_color() != OK)
        return;
    use_default_colors();
    colour_on = colour_started = 1;
}

int tty_start(void)
{
    setlocale(LC_CTYPE, ""); /* characters only: numbers stay as main set them */
    const char *cs = setlocale(LC_CTYPE, NULL);
    utf8_on = cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8") || strstr(cs, "UTF8"));
    have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    set_escdelay(25);
    /* newterm, not initscr: initscr exits the program when the terminal is unusable. */
    if (!newterm(NULL, stdout, stdin))
        return -1;
    curses_on = 1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    start_colours();
    restore_len = 0;
    append_cap("sgr0");
    append_cap("cnorm");
    append_cap("rmkx");
    append_cap("rmcup");
    install_handlers();
    if (!atexit_done)
        atexit_done = atexit(at_exit_restore) == 0;
    return 0;
}

void tty_stop(void)
{
    if (!curses_on)
        return;
    curses_on = 0;
    endwin();
    for (int i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &old_fatal[i], NULL);
    sigaction(SIGINT, &old_int, NULL);
}

int tty_sync_size(void)
{
    struct winsize ws;
    if (!curses_on || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
        ws.ws_col == 0)
        return 0;
    if (ws.ws_row == LINES && ws.ws_col == COLS)
        return 0;
    /* clears the screen's copy and queues KEY_RESIZE, as a SIGWINCH would have */
    resizeterm(ws.ws_row, ws.ws_col);
    return 1;
}

int tty_take_interrupt(void)
{
    if (!interrupt_flag)
        return 0;
    interrupt_flag = 0;
    return 1;
}

int tty_utf8(void)
{
    return utf8_on;
}

int tty_has_colour(void)
{
    return colour_on;
}

void tty_want_colour(int on)
{
    colour_on = colour_started && on;
}

/* The nearest of the 8 basic colours for a 256-colour index (terminals with fewer). */
static int basic_colour(int c)
{
    if (c < 0)
        return -1;
    if (c < 16)
        return c % 8;
    if (c >= 232)
        return c < 244 ? COLOR_BLACK : COLOR_WHITE;
    c -= 16;
    int r = c / 36 >= 3, g = (c / 6) % 6 >= 3, b = c % 6 >= 3;
    return (r ? COLOR_RED : 0) | (g ? COLOR_GREEN : 0) | (b ? COLOR_BLUE : 0);
}

void tty_style(struct canvas_style st, unsigned long *attrs, int *pair)
{
    unsigned long a = A_NORMAL;
    if (st.attr & CANVAS_BOLD)
        a |= A_BOLD;
    if (st.attr & CANVAS_DIM)
        a |= A_DIM;
    if (st.attr & CANVAS_REVERSE)
        a |= A_REVERSE;
    if (st.attr & CANVAS_UNDERLINE)
        a |= A_UNDERLINE;
    *attrs = a;
    *pair = 0;
    if (!colour_on || (st.fg < 0 && st.bg < 0))
        return;
    int fg = st.fg, bg = st.bg;
    if (COLORS < 256) {
        fg = basic_colour(fg);
        bg = basic_colour(bg);
    }
    int p = alloc_pair(fg, bg);
    *pair = p > 0 ? p : 0;
}

void tty_put(int y, int x, uint32_t glyph, struct canvas_style st)
{
    if (glyph == CANVAS_CONT)
        return;
    if (glyph < 32 || glyph == 127 || (!utf8_on && glyph > 126))
        glyph = glyph < 32 || glyph == 127 ? ' ' : '?';
    unsigned long attrs;
    int pair;
    tty_style(st, &attrs, &pair);
    wchar_t w[2] = {(wchar_t)glyph, 0};
    cchar_t cc;
    setcchar(&cc, w, (attr_t)attrs, (short)(pair > 32767 ? 0 : pair), &pair);
    mvadd_wch(y, x, &cc);
}

void tty_blit(const struct canvas *c, int cx, int cy, int y, int x, int w, int h)
{
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            const struct canvas_cell *cell = canvas_cell(c, cx + i, cy + j);
            if (!cell)
                continue;
            uint32_t g = cell->glyph;
            int wide = g != CANVAS_CONT && viz_wcwidth(g) == 2;
            if ((g == CANVAS_CONT && i == 0) || (wide && i == w - 1))
                g = ' '; /* half a wide glyph at the window's edge */
            tty_put(y + j, x + i, g, cell->style);
        }
    }
}
