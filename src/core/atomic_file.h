/* atomic_file.h: replacing a file so that a crash at any moment (kill -9, power loss) leaves
 * either the old file intact or the new one complete, never a mix.
 * The one writer of the files attnlab saves (checkpoints, safetensors, transcripts); it
 * never prints. */
#ifndef ATTNLAB_CORE_ATOMIC_FILE_H
#define ATTNLAB_CORE_ATOMIC_FILE_H

#include <stddef.h>

#include "core/status.h"

/* Writes data[0..len) to path: into a new temporary file in the same folder, fsync, rename
 * over path, fsync of the folder. An existing file keeps its permission bits (a new one gets
 * 0666 less the umask); when path is a symbolic link, its target is replaced and the link
 * stays. On failure the temporary file is removed, path is as it was, and err (AL_EIO) names
 * the file and the reason. */
enum al_status atomic_write_file(const char *path, const void *data, size_t len,
                                 struct al_error *err);

#endif
