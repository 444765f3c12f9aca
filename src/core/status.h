/* status.h: the one status enum of attnlab and the error detail that travels with it.
 * Every fallible function below src/lang returns an enum al_status and, when it fails,
 * fills a struct al_error that its caller passed in. Nothing here prints or exits. */
#ifndef ATTNLAB_CORE_STATUS_H
#define ATTNLAB_CORE_STATUS_H

#include <stddef.h>

enum al_status {
    AL_OK = 0,
    AL_ENOMEM,   /* an allocation failed */
    AL_EINVAL,   /* an argument or option out of its domain */
    AL_ESHAPE,   /* tensor or layer shapes do not fit together */
    AL_EIO,      /* a file could not be opened, read or written */
    AL_EFORMAT,  /* a file's contents are malformed */
    AL_EUTF8,    /* invalid UTF-8 */
    AL_ENUMERIC, /* a non-finite loss or gradient */
    AL_ESTATE,   /* the operation does not fit the current state */
    AL_STATUS_COUNT
};

/* Detail of the last failure: a human sentence, plus a position when one applies. */
struct al_error {
    enum al_status status;
    char msg[256];
    long line;        /* 1-based line in a file, 0 when none applies */
    long column;      /* 1-based column, 0 when none */
    long long offset; /* byte offset in a file, -1 when none */
};

/* A short fixed description of a status ("out of memory"). Never NULL. */
const char *al_strerror(enum al_status s);

/* Records a failure in err (which may be NULL) and returns s, so that callers can write
 * `return al_fail(err, AL_EINVAL, "heads=%d must divide width %d", h, c);`. */
enum al_status al_fail(struct al_error *err, enum al_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to AL_OK with no message and no position. */
void al_error_clear(struct al_error *err);

#endif
