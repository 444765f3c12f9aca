/* repl.c: the line REPL for terminals the notebook cannot use (TERM=dumb, no cursor
 * addressing, ATTNLAB_NO_TUI): readline with the notebook's history and completion, a
 * continuation prompt inside model blocks, and a lesson's cells run one at a time on an
 * empty line. Output goes through the caller's (plain) sink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "lang/parser.h"
#include "lang/script.h"
#include "lang/session.h"
#include "ui/notebook.h"
#include "ui/notebook_cells.h"
#include "ui/rl.h"

struct repl {
    struct session *s;
    struct sink *sink;
    struct nb_cells lesson;
    int next; /* the next lesson cell */
    struct rlb_context complete;
    char *chunk;
    size_t len;
};

static void run_text(struct repl *r, const char *name, const char *text, int first_line)
{
    script_run_text(r->s, name, text, strlen(text), first_line, r->sink);
    fflush(stdout);
}

/* An empty line: show and run the next lesson cell. */
static void run_next_cell(struct repl *r)
{
    int i = nb_cells_next_pending(&r->lesson, r->next);
    if (i < 0)
        return;
    struct nb_cell *cell = &r->lesson.cells[i];
    printf("%s\n", cell->text);
    cell->state = NB_CELL_DONE;
    r->next = i + 1;
    run_text(r, cell->origin ? cell->origin : "lesson", cell->text, cell->line ? cell->line : 1);
}

static int append_line(struct repl *r, const char *line)
{
    size_t n = strlen(line);
    char *grown = realloc(r->chunk, r->len + n + 2);
    if (!grown)
        return -1;
    r->chunk = grown;
    memcpy(r->chunk + r->len, line, n);
    r->len += n;
    r->chunk[r->len++] = '\n';
    r->chunk[r->len] = 0;
    return 0;
}

static void repl_loop(struct repl *r)
{
    while (!r->s->quit) {
        if (r->len == 0 && nb_cells_next_pending(&r->lesson, r->next) >= 0)
            printf("(Enter runs the next lesson cell)\n");
        char *line = readline(r->len ? "   ...> " : "attnlab> ");
        if (!line)
            break;
        rlb_history_add(line);
        if (r->len == 0 && line[strspn(line, " \t")] == 0) {
            run_next_cell(r);
        } else if (append_line(r, line) == 0) {
            r->complete.in_model_block = parse_is_incomplete(r->chunk, r->len);
            if (!r->complete.in_model_block) {
                run_text(r, "<stdin>", r->chunk, 1);
                r->len = 0;
            }
        }
        free(line);
    }
}

int ui_repl_run(struct session *s, struct sink *sink, const char *lesson)
{
    struct repl r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.sink = sink;
    nb_cells_init(&r.lesson);
    if (lesson) {
        char *text;
        size_t len;
        struct al_error err;
        al_error_clear(&err);
        if (script_read_file(lesson, &text, &len, &err)) {
            fprintf(stderr, "attnlab: %s\n", err.msg);
            return 2;
        }
        enum al_status st = nb_cells_load_lesson(&r.lesson, text, len, lesson);
        free(text);
        if (st) {
            nb_cells_free(&r.lesson);
            return 2;
        }
    }
    rl_readline_name = "attnlab";
    rl_variable_bind("enable-bracketed-paste", "off");
    rlb_set_completion_context(&r.complete);
    rlb_history_open();
    repl_loop(&r);
    rlb_history_close();
    nb_cells_free(&r.lesson);
    free(r.chunk);
    return 0;
}
