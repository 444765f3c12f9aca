/* script.c: statement by statement, parse and evaluate; report errors as blocks. */
#include "lang/script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "data/text.h"
#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/session.h"

static void report(struct session *s, const struct lang_diag *d, struct sink *sink)
{
    if (d->shown) /* a nested script showed and counted it */
        return;
    s->errors++;
    char *text = diag_format(d);
    struct block b = {.kind = BLOCK_ERROR, .text = text ? text : "attnlab: error: out of memory\n"};
    sink_emit(sink, &b);
    free(text);
}

/* Among processes every command ends with a vote (core/world.h): they go on together when
 * all succeeded, or all failed alike (the same script on the same data fails the same way
 * everywhere); otherwise every script stops, and the program ends the run (main.c). A
 * process whose command failed waits a few seconds at most: the others may be waiting in a
 * collective that it left. */
static int world_agrees(struct session *s, int failed)
{
    const struct replica *w = &s->lab.world;
    if (w->size <= 1)
        return 1;
    if (s->world_stop)
        return 0;
    struct replica_vote v = world_vote(w, failed, 0, failed ? WORLD_FAILED_WAIT : 0);
    if (v.answered && !v.leaving && (v.failed == 0 || v.failed == w->size))
        return 1;
    s->world_stop = v.answered ? 1 : 2;
    s->world_failed = failed;
    s->quit = 1;
    return 0;
}

enum al_status script_run_source(struct session *s, struct lang_source *src, struct sink *sink)
{
    struct lang_diag d;
    diag_clear(&d);
    struct al_error err;
    if (session_adopt_source(s, src, &err)) {
        diag_set(&d, NULL, err.status, "%s", err.msg);
        report(s, &d, sink);
        return err.status;
    }
    struct parser p;
    parser_init(&p, src);
    enum al_status result = AL_OK;
    for (;;) {
        struct ast_cmd *cmd;
        diag_clear(&d);
        enum parse_result r = parser_next(&p, &cmd, &d);
        if (r == PARSE_END)
            break;
        if (r == PARSE_OK) {
            eval_command(s, cmd, sink, &d);
            ast_cmd_free(cmd);
        }
        if (d.status != AL_OK) {
            report(s, &d, sink);
            result = d.status;
        }
        if (!world_agrees(s, d.status != AL_OK)) {
            result = result ? result : AL_ESTATE;
            break;
        }
        if (d.status != AL_OK && (!s->keep_going || r == PARSE_INCOMPLETE))
            break;
        if (s->quit)
            break;
    }
    parser_free(&p);
    return result;
}

enum al_status script_run_text(struct session *s, const char *name, const char *text, size_t len,
                               int first_line, struct sink *sink)
{
    struct lang_source *src = source_new(name, text, len, first_line);
    if (!src) {
        struct lang_diag d;
        diag_set(&d, NULL, AL_ENOMEM, "out of memory");
        d.shown = 0;
        report(s, &d, sink);
        return AL_ENOMEM;
    }
    return script_run_source(s, src, sink);
}

enum al_status script_read_file(const char *path, char **text, size_t *len, struct al_error *err)
{
    *text = NULL;
    *len = 0;
    /* A script is read like a data file (no folders, no endless devices), up to 16 MiB. */
    char *buf;
    size_t n;
    enum al_status st = text_read_stream(path, SCRIPT_MAX_BYTES, NULL, &buf, &n, err);
    if (st)
        return st;
    buf[n] = '\0';
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    *text = buf;
    *len = n;
    return AL_OK;
}

enum al_status script_run_file(struct session *s, const char *path, struct sink *sink,
                               struct al_error *err)
{
    char *text;
    size_t len;
    enum al_status st = script_read_file(path, &text, &len, err);
    if (st)
        return st;
    st = script_run_text(s, path, text, len, 1, sink);
    free(text);
    return st;
}
