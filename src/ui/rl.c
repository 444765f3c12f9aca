/* rl.c: readline in callback mode inside curses (see rl.h). Settings follow the notes'
 * section B: no signal or SIGWINCH handling by readline, no LINES/COLUMNS rewriting, no
 * terminal preparation, output to /dev/null, keys from our queue, our redisplay. */
#include "ui/rl.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "core/utf8.h"

enum { QUEUE_CAP = 512 };

/* The bridge's one instance (readline is a singleton). */
static struct {
    unsigned char queue[QUEUE_CAP];
    size_t head, tail;
    rlb_line_fn on_line;
    void (*redisplay)(void *);
    void *ctx;
    char *prompt;
    char *completions;
    FILE *devnull;
    int active;
} B;

static int queue_empty(void)
{
    return B.head == B.tail;
}

static void queue_push(const char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t next = (B.tail + 1) % QUEUE_CAP;
        if (next == B.head)
            return; /* a paste larger than the queue: the rest is dropped */
        B.queue[B.tail] = (unsigned char)bytes[i];
        B.tail = next;
    }
}

/* The bytes readline binds an editing key to, or NULL for keys it does not get. Control
 * characters rather than escape sequences: they mean the same in every terminal. */
static const char *key_bytes(unsigned key)
{
    switch (key) {
    case KEY_LEFT: return "\002";
    case KEY_RIGHT: return "\006";
    case KEY_UP: return "\020";
    case KEY_DOWN: return "\016";
    case KEY_HOME: return "\001";
    case KEY_END: return "\005";
    case KEY_BACKSPACE: return "\177";
    case KEY_DC: return "\033[3~";
    case KEY_ENTER: return "\r";
    default: return NULL;
    }
}

static void queue_key(int is_code, unsigned key)
{
    if (is_code) {
        const char *b = key_bytes(key);
        if (b)
            queue_push(b, strlen(b));
        return;
    }
    unsigned char buf[UTF8_MAX];
    queue_push((const char *)buf, (size_t)utf8_encode(key, buf)); /* nothing for a non-character */
}

static void drain(void)
{
    free(B.completions);
    B.completions = NULL;
    while (B.active && !queue_empty())
        rl_callback_read_char();
}

void rlb_feed_key(int is_code, unsigned key)
{
    queue_key(is_code, key);
    drain();
}

void rlb_feed_bytes(const char *bytes, size_t n)
{
    queue_push(bytes, n);
    drain();
}

/* readline asks for a key only after we queued one; should it want more (the rest of a
 * sequence), wait for the terminal. */
static int bridge_getc(FILE *f)
{
    (void)f;
    while (queue_empty()) {
        wint_t wc;
        int r = get_wch(&wc);
        if (r != ERR)
            queue_key(r == KEY_CODE_YES, (unsigned)wc);
    }
    int c = B.queue[B.head];
    B.head = (B.head + 1) % QUEUE_CAP;
    return c;
}

static int bridge_input_available(void)
{
    return !queue_empty();
}

static void bridge_redisplay(void)
{
    if (B.redisplay)
        B.redisplay(B.ctx);
}

static void bridge_line(char *line)
{
    if (B.on_line)
        B.on_line(line, B.ctx);
    else
        free(line);
}

/* Keeps the list as text for the notebook to show instead of letting readline print it. */
static void bridge_display_matches(char **matches, int n, int max)
{
    (void)max;
    size_t len = 1;
    for (int i = 1; i <= n; i++)
        len += strlen(matches[i]) + 2;
    free(B.completions);
    B.completions = malloc(len);
    if (!B.completions)
        return;
    B.completions[0] = 0;
    for (int i = 1; i <= n; i++) {
        strcat(B.completions, matches[i]);
        if (i < n)
            strcat(B.completions, "  ");
    }
    bridge_redisplay();
}

void rlb_start(const char *prompt, rlb_line_fn on_line, void (*redisplay)(void *), void *ctx,
               struct rlb_context *complete)
{
    B.on_line = on_line;
    B.redisplay = redisplay;
    B.ctx = ctx;
    B.head = B.tail = 0;
    if (!B.devnull)
        B.devnull = fopen("/dev/null", "w");
    rl_readline_name = "attnlab";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = NULL;
    rl_deprep_term_function = NULL;
    rl_getc_function = bridge_getc;
    rl_input_available_hook = bridge_input_available;
    rl_redisplay_function = bridge_redisplay;
    rl_completion_display_matches_hook = bridge_display_matches;
    rl_outstream = B.devnull ? B.devnull : stdout;
    rl_completion_query_items = -1;
    rl_variable_bind("page-completions", "off");
    rl_variable_bind("enable-bracketed-paste", "off");
    rl_variable_bind("show-all-if-ambiguous", "on");
    rl_variable_bind("bell-style", "none");
    rlb_set_completion_context(complete);
    rlb_history_open();
    rl_callback_handler_install(prompt, bridge_line);
    rl_bind_keyseq("\\e[3~", rl_delete);
    rl_set_screen_size(1, 1000); /* we scroll the line ourselves; no wrapping in readline */
    rlb_set_prompt(prompt);
    B.active = 1;
}

void rlb_stop(void)
{
    if (!B.active)
        return;
    B.active = 0;
    rl_callback_handler_remove();
    rlb_history_close();
    free(B.prompt);
    free(B.completions);
    B.prompt = B.completions = NULL;
    rl_outstream = stdout;
    if (B.devnull)
        fclose(B.devnull);
    B.devnull = NULL;
}

void rlb_set_prompt(const char *prompt)
{
    char *copy = strdup(prompt);
    if (!copy)
        return;
    free(B.prompt);
    B.prompt = copy;
    rl_set_prompt(B.prompt);
}

const char *rlb_prompt(void)
{
    return rl_display_prompt ? rl_display_prompt : (B.prompt ? B.prompt : "");
}

const char *rlb_line(size_t *point)
{
    if (point)
        *point = rl_point > 0 ? (size_t)rl_point : 0;
    return rl_line_buffer ? rl_line_buffer : "";
}

void rlb_replace_line(const char *text)
{
    rl_replace_line(text, 0);
    rl_point = rl_end;
    bridge_redisplay();
}

void rlb_cancel_line(void)
{
    rl_callback_sigcleanup();
    rl_free_line_state();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    rl_set_prompt(B.prompt ? B.prompt : "");
    B.head = B.tail = 0;
    bridge_redisplay();
}

const char *rlb_completions(void)
{
    return B.completions;
}
