/* atomic_file.h: saving a file so that a crash or a full disk never leaves it half written:
 * write a temporary file beside it, fsync it, rename it over the old one, fsync the folder.
 * An existing file keeps its permission bits; a symbolic link is followed, so the link stays
 * and its target is replaced. Nothing here prints. */
#ifndef ATTNLAB_DATA_ATOMIC_FILE_H
#define ATTNLAB_DATA_ATOMIC_FILE_H

#include <stdio.h>

#include "core/status.h"

struct atomic_file {
    FILE *f;      /* write here, between atomic_open and atomic_commit/atomic_abort */
    char *tmp;    /* the temporary file's path */
    char *target; /* the file that will be replaced (a link's target) */
};

/* Opens a temporary file beside path (or beside the file a symlink at path points to). AL_EIO
 * naming the file when the folder is not writable or the link leads nowhere. */
enum al_status atomic_open(struct atomic_file *a, const char *path, struct al_error *err);
/* Flushes, fsyncs and closes the file, renames it over the target and fsyncs the folder. On
 * failure the target is as it was and the temporary file is gone. Frees a either way. */
enum al_status atomic_commit(struct atomic_file *a, struct al_error *err);
/* Throws the temporary file away (a write failed). */
void atomic_abort(struct atomic_file *a);

#endif
