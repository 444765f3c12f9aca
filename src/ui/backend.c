/* backend.c: the notebook's backend thread (see backend.h). */
#include "ui/backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab/lab.h"
#include "lang/script.h"
#include "lang/session.h"

/* The probe's attention (a forward pass) is recomputed at most 10 times a second, and rarely
 * enough that it costs about 3% of the time (cost x 33). */
#define CAPTURE_MIN_INTERVAL 0.1
#define CAPTURE_COST_FACTOR 33.0

void backend_lock(struct backend *b)
{
    pthread_mutex_lock(&b->mu);
}

void backend_unlock(struct backend *b)
{
    pthread_mutex_unlock(&b->mu);
}

/* Stages the session (on the backend, the session quiet) and publishes a copy. */
static void publish(struct backend *b, int full)
{
    double now = lab_now();
    int capture = full || now >= b->next_capture;
    live_stage(b->s, &b->stage, full, capture);
    if (capture) {
        double done = lab_now();
        b->capture_cost = done - now;
        double wait = b->capture_cost * CAPTURE_COST_FACTOR;
        b->next_capture = done + (wait > CAPTURE_MIN_INTERVAL ? wait : CAPTURE_MIN_INTERVAL);
    }
    backend_lock(b);
    live_snapshot_copy(&b->front, &b->stage);
    b->published++;
    backend_unlock(b);
}

static void sink_emit_block(struct sink *self, const struct block *blk)
{
    struct backend *b = self->data;
    backend_lock(b);
    b->emit(b->ctx, b->job_id, blk);
    backend_unlock(b);
}

/* Between steps: publish what changed, and say whether the front end asked for a pause. */
static int sink_poll(struct sink *self)
{
    struct backend *b = self->data;
    publish(b, 0);
    return atomic_load(&b->pause) != 0;
}

const struct sink backend_sink_template = {sink_emit_block, sink_poll, NULL};

static void *run(void *arg)
{
    struct backend *b = arg;
    /* Linux: nice applies to this thread alone. The screen's thread wins the CPU when both
     * want it, so keys are answered on a busy machine too; training loses little. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    struct sink sink = backend_sink_template;
    sink.data = b;
    backend_lock(b);
    for (;;) {
        while (!b->has_job && !b->stop)
            pthread_cond_wait(&b->cv, &b->mu);
        if (b->stop)
            break;
        b->has_job = 0;
        b->busy = 1;
        char *text = b->text, *origin = b->origin;
        int line = b->line, id = b->job_id, number = b->job_number;
        b->text = b->origin = NULL;
        b->s->lab.display_width = b->display_width;
        backend_unlock(b);

        char name[32];
        snprintf(name, sizeof name, "In [%d]", number);
        int errors = b->s->errors;
        /* a lesson cell runs as part of its file: errors name file:line, paths resolve there */
        script_run_text(b->s, origin ? origin : name, text, strlen(text), origin ? line : 1, &sink);
        free(text);
        free(origin);
        int paused = atomic_exchange(&b->pause, 0);
        publish(b, 1);

        backend_lock(b);
        b->busy = 0;
        b->done_id = id;
        b->done_failed = b->s->errors > errors;
        b->done_paused = paused;
        b->quit = b->s->quit;
    }
    backend_unlock(b);
    return NULL;
}

int backend_start(struct backend *b, struct session *s, backend_emit_fn emit, void *ctx)
{
    memset(b, 0, sizeof *b);
    b->s = s;
    b->emit = emit;
    b->ctx = ctx;
    atomic_init(&b->pause, 0);
    live_snapshot_init(&b->front);
    live_snapshot_init(&b->stage);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    publish(b, 1); /* no thread yet: the first picture of the session */
    if (pthread_create(&b->thread, NULL, run, b) != 0) {
        backend_stop(b);
        return -1;
    }
    b->started = 1;
    return 0;
}

void backend_stop(struct backend *b)
{
    atomic_store(&b->pause, 1);
    backend_lock(b);
    b->stop = 1;
    pthread_cond_signal(&b->cv);
    backend_unlock(b);
    if (b->started)
        pthread_join(b->thread, NULL);
    b->started = 0;
    free(b->text);
    free(b->origin);
    b->text = b->origin = NULL;
    live_snapshot_free(&b->front);
    live_snapshot_free(&b->stage);
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
}

int backend_submit_locked(struct backend *b, int cell_id, int number, const char *text,
                          const char *origin, int line)
{
    if (b->busy || b->has_job)
        return -1;
    char *t = strdup(text), *o = origin ? strdup(origin) : NULL;
    if (!t || (origin && !o)) {
        free(t);
        free(o);
        return -1;
    }
    b->text = t;
    b->origin = o;
    b->line = line;
    b->job_id = cell_id;
    b->job_number = number;
    b->has_job = 1;
    atomic_store(&b->pause, 0);
    pthread_cond_signal(&b->cv);
    return 0;
}
