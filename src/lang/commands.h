/* commands.h: the command table and what a command's functions receive.
 *
 * Commands are const table entries (struct cmd_spec), one file per group (cmd_session.c,
 * cmd_model.c, ...), listed in commands.c. `help`, completion and doc/language.md come
 * from the table. The evaluator (eval.c) validates a call against its spec before any
 * command code runs: unknown options (with a suggestion), types, ranges, the number of
 * positional arguments, $variables. Then it runs the command in two phases:
 *
 *   check(c, const session)  may fail freely; must not change the session. It may build a
 *                            plan (c->plan, freed with c->plan_free) for commit to install.
 *   exec(c, session)         the commit: changes the session. It should only fail before
 *                            its first change, or in ways it undoes itself.
 *
 * Several entries may share a name when each declares a keyword, the word written right
 * after the name (`save notebook "x.lab"`, `save model "m.ckpt"`): the evaluator picks the
 * entry by that word, and the entry's arguments start after it. An entry without a keyword
 * is the name's default: it runs when the word after the name is not one of its keywords
 * (`export "x.md"` beside `export model "m.safetensors"`). A name without
 * a default fails on any other word with the list of its keywords. `help NAME` shows every
 * entry of the name, and completion offers the keywords after it.
 *
 * To add a command: write its spec in a group file, add the group to commands.c if new. A
 * keyworded form of an existing command is one more row with the same name. */
#ifndef ATTNLAB_LANG_COMMANDS_H
#define ATTNLAB_LANG_COMMANDS_H

#include <stddef.h>

#include "core/status.h"
#include "lab/output.h"
#include "lang/ast.h"
#include "lang/diag.h"

struct session;

enum val_type {
    VAL_INT,    /* 42, -1 */
    VAL_FLOAT,  /* 3e-4; an integer is accepted */
    VAL_STRING, /* "double quoted" */
    VAL_WORD,   /* a bare word: adamw, tiny */
    VAL_BOOL,   /* on/off, yes/no, true/false, 1/0 */
    VAL_ENUM,   /* one of spec->words */
    VAL_ANY     /* whatever was written (let, echo) */
};

/* An option (key=value) or a positional argument. */
struct opt_spec {
    const char *name;
    enum val_type type;
    const char *def;          /* the default as written, NULL: none (the option is unset) */
    double min, max;          /* range for VAL_INT and VAL_FLOAT, used when min < max */
    const char *const *words; /* VAL_ENUM: allowed words, NULL-terminated */
    const char *help;
};

/* Ends every list of opt_specs (arguments and options). */
/* (clang-format would spread the braces of this macro over four lines) */
/* clang-format off */
#define CMD_OPTS_END {.name = NULL}
/* clang-format on */

struct cmd_ctx;

struct cmd_spec {
    const char *name;
    const char *summary;         /* one line, no final period */
    const char *usage;           /* "set [seed=N] [threads=N] ..." */
    const char *help;            /* a paragraph or two; may be NULL */
    const struct opt_spec *args; /* positional, in order; the last one repeats up to max_args */
    int min_args, max_args;
    const struct opt_spec *opts; /* terminated by an entry with name NULL; may be NULL */
    enum al_status (*check)(struct cmd_ctx *c, const struct session *s); /* may be NULL */
    enum al_status (*exec)(struct cmd_ctx *c, struct session *s);
    const char *keyword; /* the word after the name that selects this entry; NULL: none */
};

/* A validated value: converted to its spec's type, defaults filled in. */
struct lang_value {
    enum val_type type;
    int set;       /* 1 when written (or defaulted); 0 for an unset option without default */
    int given;     /* 1 when written in the command */
    long long i;   /* VAL_INT, VAL_BOOL (0/1), VAL_ENUM (index into words) */
    double f;      /* VAL_FLOAT (and VAL_INT) */
    const char *s; /* the text: the string, the word, the lexeme; valid during the command */
    enum ast_value_kind kind; /* what was written (for VAL_ANY) */
    struct lang_pos pos;      /* where it was written (src NULL for defaults) */
};

#define CMD_MAX_ARGS 64
#define CMD_MAX_OPTS 32

/* What check and exec receive. */
struct cmd_ctx {
    const struct cmd_spec *spec;
    const struct ast_cmd *ast; /* the parsed command: positions, a model block's layer lines */
    struct lang_value args[CMD_MAX_ARGS];
    int nargs;
    struct lang_value opts[CMD_MAX_OPTS]; /* index = position in spec->opts */
    struct sink *sink;
    struct lang_diag *diag;
    int reported; /* the error was already shown (by a nested script) */
    void *plan;   /* built by check, consumed by exec */
    void (*plan_free)(void *plan);
};

/* ---- for command code ---- */

/* The value of option name (NULL-safe: an unknown name gives an unset zero value). */
const struct lang_value *cmd_opt(const struct cmd_ctx *c, const char *name);
/* Positional argument i (an unset zero value when i >= nargs). */
const struct lang_value *cmd_arg(const struct cmd_ctx *c, int i);

/* Fails the command with a message at pos (NULL: at the command's name). Returns status. */
enum al_status cmd_fail(struct cmd_ctx *c, const struct lang_pos *pos, enum al_status status,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Turns an error from core/nn/data into the command's error at pos. */
enum al_status cmd_fail_error(struct cmd_ctx *c, const struct lang_pos *pos,
                              const struct al_error *err);

/* A file name written in a command, resolved beside the script it came from (relative
 * names in a lesson work from any folder); absolute names, and names typed at the prompt
 * or given with -e, stay as they are. Heap string (caller frees); NULL when out of memory. */
char *cmd_resolve_path(const struct lang_value *file);

/* Emits a text block (printf-style); out of memory silently drops the block. */
void cmd_printf(struct cmd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmd_emit_text(struct cmd_ctx *c, const char *text);
struct strbuf;
/* Emits what b holds as a text block and empties it; fails the command with AL_ENOMEM when
 * building b ran out of memory. */
enum al_status cmd_emit_strbuf(struct cmd_ctx *c, struct strbuf *b);
void cmd_emit(struct cmd_ctx *c, const struct block *b);

/* ---- the table: lookup for the evaluator, help and completion ---- */

struct cmd_group {
    const char *title; /* "Session", "Models", ... */
    const struct cmd_spec *specs;
    const size_t *count;
};

/* The groups of commands, in help order; *n receives their count. */
const struct cmd_group *cmd_groups(size_t *n);
/* The first entry named name (table order), or NULL. */
const struct cmd_spec *cmd_find(const char *name);
/* Fills out with up to max entries named name (table order); returns the total count. */
size_t cmd_find_all(const char *name, const struct cmd_spec **out, size_t max);
/* The entry that `name word ...` runs: the one whose keyword is word (*consumed = 1), else
 * the name's default (*consumed = 0). word may be NULL (nothing, or not a bare word, was
 * written). NULL when name is no command, or has no default and word is not a keyword. */
const struct cmd_spec *cmd_select(const char *name, const char *word, int *consumed);
/* Fills out with up to max keywords of the entries named name; returns the total count. */
size_t cmd_keywords(const char *name, const char **out, size_t max);
/* The entry's name as messages, help and the reference show it: "save notebook". Returns
 * buf. */
const char *cmd_title(const struct cmd_spec *spec, char *buf, size_t n);
/* Fills out with up to max command names (table order, each once); returns the count. */
size_t cmd_names(const char **out, size_t max);
/* Fills out with up to max option names of spec; returns the total count. */
size_t cmd_option_names(const struct cmd_spec *spec, const char **out, size_t max);
/* The layer lines allowed in a model block, as specs (exec NULL), built from nn's layer
 * kinds (cmd_model.c). */
const struct cmd_spec *layer_find(const char *name);
size_t layer_names(const char **out, size_t max);

/* The help text of spec (usage, summary, arguments, options with defaults). Heap string,
 * the caller frees; NULL when out of memory. */
char *cmd_help_text(const struct cmd_spec *spec, const char *kind);
/* The help texts of every entry named name, one after the other; NULL when there is none
 * or out of memory. Heap string. */
char *cmd_help_named(const char *name);
/* The list of all commands by group, one line each. Heap string. */
char *cmd_help_index(void);
/* The command reference in Markdown (for doc/language.md). Heap string. */
char *cmd_reference_markdown(void);

/* "INT", "NUMBER", "auto|on|off", ... for usage and help. Returns a static string or a
 * string built into buf. */
const char *cmd_type_name(const struct opt_spec *o, char *buf, size_t n);

/* A number as a person writes it: 9007199254740991, 0.99, 3e-05. */
void cmd_number_text(double x, char *out, size_t n);

#endif
