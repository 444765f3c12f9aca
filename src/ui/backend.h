/* backend.h: the notebook's backend thread. It runs one cell's text at a time through the
 * evaluator and the compute core, hands the blocks back through a callback (under the lock),
 * and after each step brings the live snapshot up to date and publishes a copy under the
 * lock. The front end (curses) never touches the session while the backend runs: it reads
 * `front` under the lock and asks for pauses through an atomic flag.
 *
 * Knows nothing of curses, so that tests can run it with ThreadSanitizer. */
#ifndef ATTNLAB_UI_BACKEND_H
#define ATTNLAB_UI_BACKEND_H

#include <pthread.h>
#include <stdatomic.h>

#include "lab/output.h"
#include "lang/live.h"

struct session;

/* Called on the backend thread with the lock held: a block of the job's cell. */
typedef void (*backend_emit_fn)(void *ctx, int cell_id, const struct block *b);

struct backend {
    struct session *s;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    backend_emit_fn emit;
    void *ctx;

    /* under mu */
    int stop;       /* the thread is asked to end */
    int has_job;    /* a job waits to be taken */
    int busy;       /* a job is taken and runs */
    int job_id;     /* the running (or waiting) job's cell id */
    int job_number; /* its In [number], for messages */
    char *text, *origin;
    int line;
    int done_id;                /* the last finished job's cell id, 0 when seen */
    int done_failed;            /* it reported an error */
    int done_paused;            /* it was paused */
    int quit;                   /* a job ran `quit` */
    int display_width;          /* the notebook pane's width, for the next job's drawings */
    struct live_snapshot front; /* what the screen reads */
    long published;             /* how many times front changed */

    atomic_int pause; /* set by the front end: stop after the current step */

    /* the backend thread's own */
    struct live_snapshot stage;
    double next_capture, capture_cost;
};

/* Starts the thread for session s (whose snapshot is staged and published once first).
 * Returns 0, or -1 when the thread could not start. */
int backend_start(struct backend *b, struct session *s, backend_emit_fn emit, void *ctx);
/* Asks the running job to pause, ends the thread and frees everything. */
void backend_stop(struct backend *b);

/* With the lock held: hands a job over (copies of text and origin). Returns -1 when busy or
 * out of memory. */
int backend_submit_locked(struct backend *b, int cell_id, int number, const char *text,
                          const char *origin, int line);

void backend_lock(struct backend *b);
void backend_unlock(struct backend *b);

/* The sink the backend's jobs write to (exposed for tests). */
extern const struct sink backend_sink_template;

#endif
