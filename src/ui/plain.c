/* plain.c: the plain sink (see plain.h). The only place besides main.c that prints. */
#include "ui/plain.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lang/session.h"
#include "viz/canvas.h"

/* A signal handler can only talk through a flag like this one. */
static volatile sig_atomic_t interrupt_flag;

static void on_sigint(int sig)
{
    if (interrupt_flag) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupt_flag = 1;
}

void plain_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

/* In a script (stop set) one Ctrl-C ends the script after the current step: the script's
 * later commands would otherwise run on, and the program exit 0 as if nothing happened. */
static void note_interrupt(struct plain_sink *p)
{
    p->interrupted = 1;
    if (p->stop)
        *p->stop = 1;
}

static int plain_interrupted(struct sink *self)
{
    struct plain_sink *p = self->data;
    int was = interrupt_flag;
    interrupt_flag = 0;
    if (was)
        note_interrupt(p);
    return was;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Every write is checked: the first failure (a full disk, a closed pipe) is kept in
 * p->write_error for main to report, and ends the script. */
static void failed_write(struct plain_sink *p)
{
    if (!p->write_error)
        p->write_error = errno ? errno : EIO;
    if (p->stop)
        *p->stop = 1;
}

static void write_text(struct plain_sink *p, FILE *f, const char *text)
{
    size_t n = strlen(text);
    if (fwrite(text, 1, n, f) != n)
        failed_write(p);
    if ((n == 0 || text[n - 1] != '\n') && fputc('\n', f) == EOF)
        failed_write(p);
    if (f == p->out)
        p->out_bytes += n + 1;
}

static void flush(struct plain_sink *p, FILE *f)
{
    if (fflush(f) != 0 || ferror(f))
        failed_write(p);
}

/* Colour: on, off, or (auto) when stdout is a terminal and NO_COLOR is unset. */
static unsigned render_flags(const struct plain_sink *p)
{
    const struct session_settings *s = p->settings;
    unsigned flags = 0;
    int colour = s && s->colour == SESSION_COLOUR_ON;
    if (s && s->colour == SESSION_COLOUR_AUTO)
        colour = p->out_is_tty && !getenv("NO_COLOR");
    if (colour)
        flags |= CANVAS_RENDER_COLOR;
    if (s && s->glyphs == SESSION_GLYPHS_ASCII)
        flags |= CANVAS_RENDER_ASCII;
    return flags;
}

static void emit_canvas(struct plain_sink *p, const struct block *b)
{
    if (b->text)
        write_text(p, p->out, b->text);
    char *drawing = b->canvas ? canvas_render(b->canvas, render_flags(p)) : NULL;
    if (drawing) {
        write_text(p, p->out, drawing);
        free(drawing);
    } else {
        write_text(p, p->out, "(drawing unavailable)");
    }
}

/* Progress lines go to stderr and only when a second has passed since anything was
 * written: quick work stays silent, and scripted output stays the same from run to run. */
static void emit_progress(struct plain_sink *p, const struct block *b)
{
    double t = now_seconds();
    if (t - p->last_output < 1.0)
        return;
    flush(p, p->out);
    write_text(p, p->err, b->text ? b->text : "");
    fflush(p->err); /* progress on a closed stderr is no reason to stop */
    p->last_output = t;
}

static void plain_emit(struct sink *self, const struct block *b)
{
    struct plain_sink *p = self->data;
    switch (b->kind) {
    case BLOCK_TEXT: write_text(p, p->out, b->text ? b->text : ""); break;
    case BLOCK_CANVAS: emit_canvas(p, b); break;
    case BLOCK_ERROR:
        flush(p, p->out); /* keep stdout and stderr in order when both go to one file */
        if (fputs(b->text ? b->text : "attnlab: error\n", p->err) == EOF)
            failed_write(p);
        flush(p, p->err);
        break;
    case BLOCK_PROGRESS: emit_progress(p, b); return;
    }
    /* Flushed after every block, so that what was printed survives a kill (an OOM, a
     * second Ctrl-C) and a pipe's reader sees each result as it comes. */
    flush(p, p->out);
    if (interrupt_flag && p->stop)
        note_interrupt(p);
    p->last_output = now_seconds();
}

void plain_sink_init(struct plain_sink *p, FILE *out, FILE *err,
                     const struct session_settings *settings)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->err = err;
    p->settings = settings;
    p->out_is_tty = isatty(fileno(out));
    p->sink.emit = plain_emit;
    p->sink.interrupted = plain_interrupted;
    p->sink.data = p;
    p->last_output = now_seconds();
}
