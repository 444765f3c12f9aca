/* session.h: everything a sequence of commands builds up: variables, settings, the one
 * RNG, and the laboratory (data, named models and their histories: lab.h). Commands change
 * it only in their commit phase (see commands.h), so a failed command leaves it as it was.
 * Knows nothing of screens; never prints. */
#ifndef ATTNLAB_LANG_SESSION_H
#define ATTNLAB_LANG_SESSION_H

#include <stddef.h>

#include "core/rng.h"
#include "core/status.h"
#include "lab/lab.h"
#include "lang/ast.h"
#include "lang/source.h"

enum session_colour { SESSION_COLOUR_AUTO, SESSION_COLOUR_ON, SESSION_COLOUR_OFF };
enum session_glyphs { SESSION_GLYPHS_AUTO, SESSION_GLYPHS_UNICODE, SESSION_GLYPHS_ASCII };

#define SESSION_DEFAULT_SEED 42
#define SESSION_MAX_RUN_DEPTH 16 /* nested `run "file"` */

struct session_settings {
    long long seed; /* 0 .. 2^53-1 */
    int threads;    /* BLAS threads, >= 1 */
    enum session_colour colour;
    enum session_glyphs glyphs;
    size_t memory_limit;  /* bytes a model's arena may take; 0: no limit */
    int memory_limit_set; /* set by `set memory_limit=` (else measured at start) */
};

/* A variable: `let name = value`. The value is never AST_VAR: `let a = $b` copies b. */
struct session_var {
    char *name;
    struct ast_value value;
};

/* ---- ui hooks (owned by src/ui/notebook.c): set while the curses notebook runs, all NULL
 * otherwise (plain mode has no cells). `save notebook "x.lab"` and `export "x.md"` call
 * them to write the notebook's cells; they fill err and return AL_EIO when they cannot. */
struct session_ui {
    void *ctx;
    enum al_status (*save_lab)(void *ctx, const char *path, struct al_error *err);
    enum al_status (*export_md)(void *ctx, const char *path, struct al_error *err);
};
/* ---- end of ui hooks ---- */

struct session {
    struct session_settings settings;
    struct rng rng; /* seeded from settings.seed; everything random draws from it */

    struct session_var *vars;
    int nvars, cap_vars;

    /* Every text a command came from, kept so that positions stay valid. */
    struct lang_source **sources;
    int nsources, cap_sources;

    /* Script driver state. */
    int run_depth;    /* how many `run` files are open */
    int keep_going;   /* report errors and go on instead of stopping */
    int errors;       /* errors reported so far */
    int quit;         /* `quit` was run */
    int confirm_quit; /* interactive: `quit` with unsaved trained models asks once first */
    int quit_warned;  /* it has asked */
    /* Among processes (lab.world): after a command that failed on some processes only, or
     * whose vote some did not answer, every script stops (quit is set too). */
    int world_stop;   /* 0; 1: the processes disagreed; 2: some did not answer */
    int world_failed; /* this process's last command failed */

    struct lab lab; /* data, models, histories, the watched probe */

    struct session_ui ui; /* see "ui hooks" above */
};

/* Default settings, the RNG seeded with SESSION_DEFAULT_SEED, threads from blas_threads(). */
void session_init(struct session *s);
void session_free(struct session *s);

/* The variable's value, or NULL when there is no such variable. */
const struct ast_value *session_var(const struct session *s, const char *name);

/* Defines or replaces a variable with a copy of value (whose pos is kept for messages).
 * On failure (AL_ENOMEM) nothing has changed. */
enum al_status session_set_var(struct session *s, const char *name, const struct ast_value *value,
                               struct al_error *err);

/* Fills out with up to max variable names (for suggestions); returns how many. */
size_t session_var_names(const struct session *s, const char **out, size_t max);

/* Keeps src alive for the session's lifetime (positions point into it). On AL_ENOMEM src
 * has been freed. */
enum al_status session_adopt_source(struct session *s, struct lang_source *src,
                                    struct al_error *err);

/* Applies a seed: settings.seed = seed and the RNG restarts from it. */
void session_apply_seed(struct session *s, long long seed);

/* Names of the settings' enum values ("auto", "unicode", ...). */
const char *session_colour_name(enum session_colour c);
const char *session_glyphs_name(enum session_glyphs g);

#endif
