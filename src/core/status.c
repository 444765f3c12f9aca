/* status.c: descriptions of the status codes and the error-detail helpers. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const descriptions[AL_STATUS_COUNT] = {
    [AL_OK] = "success",
    [AL_ENOMEM] = "out of memory",
    [AL_EINVAL] = "invalid argument",
    [AL_ESHAPE] = "shapes do not match",
    [AL_EIO] = "input/output error",
    [AL_EFORMAT] = "malformed file",
    [AL_EUTF8] = "invalid UTF-8",
    [AL_ENUMERIC] = "non-finite number",
    [AL_ESTATE] = "not possible in the current state",
};

const char *al_strerror(enum al_status s)
{
    if ((int)s < 0 || s >= AL_STATUS_COUNT)
        return "unknown error";
    return descriptions[s];
}

void al_error_clear(struct al_error *err)
{
    if (!err)
        return;
    err->status = AL_OK;
    err->msg[0] = '\0';
    err->line = 0;
    err->column = 0;
    err->offset = -1;
}

enum al_status al_fail(struct al_error *err, enum al_status s, const char *fmt, ...)
{
    if (!err)
        return s;
    al_error_clear(err);
    err->status = s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return s;
}
