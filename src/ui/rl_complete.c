/* rl_complete.c: what Tab completes (see rl.h): the word's place in the statement decides
 * between command names, keywords (save notebook), layer types, option names, option values
 * and model names; inside a string readline's own file name completion takes over. Names
 * come from the command table (lang/commands.h), the same table that `help` reads. */
#include "ui/rl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "lang/commands.h"

enum { MAX_CANDIDATES = 512, WORD_MAX = 64 };

/* The candidates of the completion in progress (readline calls the generator repeatedly). */
static struct {
    const char *names[MAX_CANDIDATES];
    char *owned[MAX_CANDIDATES]; /* "name=" strings built for options */
    size_t n, nowned, next;
    struct rlb_context *ctx;
} C;

void rlb_set_completion_context(struct rlb_context *c)
{
    C.ctx = c;
    rl_attempted_completion_function = rlb_attempt_completion;
    rl_completer_quote_characters = "\"";
    rl_completer_word_break_characters = " \t;=\"";
}

static void reset(void)
{
    for (size_t i = 0; i < C.nowned; i++)
        free(C.owned[i]);
    C.n = C.nowned = C.next = 0;
}

static void add(const char *name)
{
    if (name && C.n < MAX_CANDIDATES)
        C.names[C.n++] = name;
}

static void add_list(const char **names, size_t n)
{
    for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++)
        add(names[i]);
}

static void add_with_equals(const char *name)
{
    if (C.nowned >= MAX_CANDIDATES)
        return;
    size_t len = strlen(name) + 2;
    char *s = malloc(len);
    if (!s)
        return;
    snprintf(s, len, "%s=", name);
    C.owned[C.nowned++] = s;
    add(s);
}

static void add_model_names(void)
{
    if (C.ctx && C.ctx->model_names) {
        const char *names[64];
        size_t n = C.ctx->model_names(C.ctx->ctx, names, 64);
        add_list(names, n < 64 ? n : 64);
    }
}

static char *generator(const char *text, int state)
{
    if (!state)
        C.next = 0;
    size_t len = strlen(text);
    while (C.next < C.n) {
        const char *name = C.names[C.next++];
        if (strncmp(name, text, len) == 0)
            return strdup(name);
    }
    return NULL;
}

/* The words of the statement before position start: up to max words of WORD_MAX bytes. */
static int words_before(int start, char words[][WORD_MAX], int max)
{
    int begin = start;
    while (begin > 0 && rl_line_buffer[begin - 1] != ';')
        begin--;
    int n = 0;
    for (int i = begin; i < start && n < max;) {
        while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
            i++;
        int j = i;
        while (j < start && rl_line_buffer[j] != ' ' && rl_line_buffer[j] != '\t')
            j++;
        if (j > i) {
            int len = j - i < WORD_MAX - 1 ? j - i : WORD_MAX - 1;
            memcpy(words[n], rl_line_buffer + i, (size_t)len);
            words[n++][len] = 0;
        }
        i = j;
    }
    return n;
}

static int inside_string(int start)
{
    int quotes = 0;
    for (int i = 0; i < start; i++)
        if (rl_line_buffer[i] == '"' && (i == 0 || rl_line_buffer[i - 1] != '\\'))
            quotes++;
    return quotes % 2;
}

static const struct opt_spec *find_opt(const struct opt_spec *opts, const char *name)
{
    for (; opts && opts->name; opts++)
        if (strcmp(opts->name, name) == 0)
            return opts;
    return NULL;
}

/* Values after "name=": an enum's words, booleans, model names for model options. */
static void add_values(const struct cmd_spec *spec, const char *word)
{
    char name[WORD_MAX];
    snprintf(name, sizeof name, "%s", word);
    char *eq = strchr(name, '=');
    if (eq)
        *eq = 0;
    const struct opt_spec *o = spec ? find_opt(spec->opts, name) : NULL;
    if (!o)
        return;
    if (o->type == VAL_ENUM)
        for (const char *const *w = o->words; w && *w; w++)
            add(*w);
    else if (o->type == VAL_BOOL) {
        add("on");
        add("off");
    } else if (strcmp(o->name, "model") == 0)
        add_model_names();
}

static void add_command_words(const struct cmd_spec *spec)
{
    const char *names[256];
    if (strcmp(spec->name, "help") == 0) {
        add_list(names, cmd_names(names, 256));
        add_list(names, layer_names(names, 256));
    }
    for (const struct opt_spec *o = spec->opts; o && o->name; o++)
        add_with_equals(o->name);
    if (spec->args && spec->args[0].type == VAL_WORD)
        add_model_names();
}

char **rlb_attempt_completion(const char *text, int start, int end)
{
    (void)end;
    reset();
    rl_attempted_completion_over = 1;
    if (inside_string(start)) {
        rl_attempted_completion_over = 0; /* readline completes file names */
        return NULL;
    }
    char words[8][WORD_MAX];
    int n = words_before(start, words, 8);
    int in_block = C.ctx && C.ctx->in_model_block;
    const char *names[256];
    if (n == 0) {
        if (in_block) {
            add_list(names, layer_names(names, 256));
            add("end");
        } else {
            add_list(names, cmd_names(names, 256));
        }
    } else {
        int keyword; /* the entry of a keyworded command: save notebook, plot loss */
        const struct cmd_spec *spec = in_block
                                          ? layer_find(words[0])
                                          : cmd_select(words[0], n > 1 ? words[1] : NULL, &keyword);
        if (start > 0 && rl_line_buffer[start - 1] == '=') {
            add_values(spec, words[n - 1]);
        } else {
            if (!in_block && n == 1) {
                size_t k = cmd_keywords(words[0], names, 256);
                add_list(names, k < 256 ? k : 256);
            }
            if (spec)
                add_command_words(spec);
        }
    }
    char **matches = rl_completion_matches(text, generator);
    if (matches && matches[0] && !matches[1]) {
        size_t len = strlen(matches[0]);
        if (len && matches[0][len - 1] == '=')
            rl_completion_suppress_append = 1;
    }
    return matches;
}
