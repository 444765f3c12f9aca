/* rl.h: the bridge between GNU readline and the curses notebook. readline runs through its
 * callback interface and never touches the terminal: keys reach it from our own queue
 * (rlb_feed_key), it draws nothing (the notebook draws prompt and line from rlb_line), its
 * completion lists come back as text (rlb_completions). Also the plain line REPL's readline
 * set-up, history and completion, which both modes share.
 *
 * readline's state is global by its design, so this bridge is a single instance too. */
#ifndef ATTNLAB_UI_RL_H
#define ATTNLAB_UI_RL_H

#include <stddef.h>

struct session;

/* Called with each line the user accepts (a heap string the callee owns and frees), or NULL
 * for end of input (Ctrl-D on an empty line). Called from inside readline: it should only
 * queue the line, never run long work. */
typedef void (*rlb_line_fn)(char *line, void *ctx);

/* Fills out with up to max names (borrowed strings) to complete in a context; returns the
 * count. Used for model names, which only the caller knows. */
typedef size_t (*rlb_names_fn)(void *ctx, const char **out, size_t max);

/* Completion context the caller keeps up to date. */
struct rlb_context {
    int in_model_block; /* the lines typed so far open a model block: complete layers */
    rlb_names_fn model_names;
    void *ctx;
};

/* Sets readline up for the notebook (no signals, no terminal I/O, our getc and redisplay),
 * installs the callback handler with prompt and loads history. redisplay (may be NULL) is
 * called whenever the line changed. */
void rlb_start(const char *prompt, rlb_line_fn on_line, void (*redisplay)(void *), void *ctx,
               struct rlb_context *complete);

/* Removes the handler, writes and trims the history file. */
void rlb_stop(void);

/* Queues one key from curses (is_code: a KEY_* code; else a character) and lets readline
 * consume everything queued. Editing keys (arrows, Home, End, Delete, Backspace) become the
 * bytes readline binds them to. */
void rlb_feed_key(int is_code, unsigned key);
/* Queues raw bytes (an Alt- sequence: ESC and the next key). */
void rlb_feed_bytes(const char *bytes, size_t n);

void rlb_set_prompt(const char *prompt);

/* The prompt being shown (a search prompt during Ctrl-R), the line, and the cursor's byte
 * offset in it. Borrowed; valid until the next key. */
const char *rlb_prompt(void);
const char *rlb_line(size_t *point);

/* Ctrl-C at the prompt: drops the line being typed (and a search in progress). */
void rlb_cancel_line(void);

/* The matches readline wanted to list after Tab, as one line of text, or NULL. Cleared by
 * the next key. */
const char *rlb_completions(void);

/* Adds a line to the history (and appends it to the history file right away, so that a
 * crash keeps it). Empty lines and repeats of the last line are skipped. */
void rlb_history_add(const char *line);

/* The history file: $ATTNLAB_HISTORY (an empty value: no history), else
 * $XDG_STATE_HOME/attnlab/history, else $HOME/.local/state/attnlab/history. A heap string the
 * caller frees, or NULL when history is off or no place is known. */
char *rlb_history_path(void);

/* Loads the history file (creating its directory) and remembers it for rlb_history_add. */
void rlb_history_open(void);
/* Trims the history file to its last 1000 lines and forgets it. */
void rlb_history_close(void);

/* readline's attempted-completion function for attnlab: commands, options ("lr="), enum
 * values after '=', layer types inside model blocks, model names, and file paths inside a
 * string. Installed by rlb_start and by the plain REPL. */
char **rlb_attempt_completion(const char *text, int start, int end);
void rlb_set_completion_context(struct rlb_context *c);

#endif
