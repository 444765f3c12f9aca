/* plain.c: the plain sink (see plain.h). The only place besides main.c that prints. */
#include "ui/plain.h"

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

static int plain_interrupted(struct sink *self)
{
    (void)self;
    int was = interrupt_flag;
    interrupt_flag = 0;
    return was;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void write_text(FILE *f, const char *text)
{
    size_t n = strlen(text);
    fwrite(text, 1, n, f);
    if (n == 0 || text[n - 1] != '\n')
        fputc('\n', f);
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
        write_text(p->out, b->text);
    char *drawing = b->canvas ? canvas_render(b->canvas, render_flags(p)) : NULL;
    if (drawing) {
        write_text(p->out, drawing);
        free(drawing);
    } else {
        write_text(p->out, "(drawing unavailable)");
    }
}

/* Progress lines go to stderr and only when a second has passed since anything was
 * written: quick work stays silent, and scripted output stays the same from run to run. */
static void emit_progress(struct plain_sink *p, const struct block *b)
{
    double t = now_seconds();
    if (t - p->last_output < 1.0)
        return;
    fflush(p->out);
    write_text(p->err, b->text ? b->text : "");
    fflush(p->err);
    p->last_output = t;
}

static void plain_emit(struct sink *self, const struct block *b)
{
    struct plain_sink *p = self->data;
    switch (b->kind) {
    case BLOCK_TEXT:
        write_text(p->out, b->text ? b->text : "");
        break;
    case BLOCK_CANVAS:
        emit_canvas(p, b);
        break;
    case BLOCK_ERROR:
        fflush(p->out); /* keep stdout and stderr in order when both go to one file */
        fputs(b->text ? b->text : "attnlab: error\n", p->err);
        fflush(p->err);
        break;
    case BLOCK_PROGRESS:
        emit_progress(p, b);
        return;
    }
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
