/* plain.h: the plain output sink: text blocks and drawings to stdout, errors to stderr,
 * progress lines to stderr at most once a second. Used for scripts, -e and pipes; the
 * curses notebook has its own sink. Also catches Ctrl-C for the sink's interrupted(). */
#ifndef ATTNLAB_UI_PLAIN_H
#define ATTNLAB_UI_PLAIN_H

#include <stdio.h>

#include "lab/output.h"

struct session_settings;

struct plain_sink {
    struct sink sink; /* hand &plain.sink to the evaluator */
    FILE *out, *err;
    const struct session_settings *settings; /* colour and glyphs; NULL: plain ASCII-safe */
    int out_is_tty;
    double last_output; /* seconds (monotonic) of the last line written */
    int *stop;          /* NULL, or set to 1 on Ctrl-C or a failed write (a script's quit) */
    int interrupted;    /* Ctrl-C was seen */
    int write_error;    /* errno of the first failed write to out or err, else 0 */
    size_t out_bytes;   /* bytes handed to out */
};

/* Sets p up to write to out and err; settings (may be NULL) is read at each block. */
void plain_sink_init(struct plain_sink *p, FILE *out, FILE *err,
                     const struct session_settings *settings);

/* Writes errors are kept in p->write_error (the caller reports them at exit). When p->stop is
 * set, a failed write or one Ctrl-C sets *p->stop (scripts pass &session.quit): the script
 * stops after the current step and p->interrupted tells the caller to exit 130. */

/* Installs a SIGINT handler whose flag the sinks' interrupted() reads (and clears). A second
 * Ctrl-C while the first is still unread ends the program as usual. */
void plain_catch_interrupts(void);

#endif
