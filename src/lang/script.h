/* script.h: the driver that reads statements from a text and evaluates them one by one,
 * turning every failure into an error block (file:line:col, the line, a caret). Used for
 * script files, -e, standard input, `run "file"`, and by the notebook for each cell. */
#ifndef ATTNLAB_LANG_SCRIPT_H
#define ATTNLAB_LANG_SCRIPT_H

#include <stddef.h>

#include "core/status.h"
#include "lab/output.h"
#include "lang/source.h"

struct session;

/* Runs every statement of src, which the session adopts (even on failure). Errors are
 * emitted as BLOCK_ERROR blocks and counted in s->errors; the run stops at the first one
 * unless s->keep_going, and after `quit`. Returns AL_OK when this text had no error.
 * An unterminated model block at the end is an error here; a REPL asks
 * parse_is_incomplete (parser.h) before calling. */
enum al_status script_run_source(struct session *s, struct lang_source *src, struct sink *sink);

/* The same for a text named name (copied); first_line numbers its first line. */
enum al_status script_run_text(struct session *s, const char *name, const char *text, size_t len,
                               int first_line, struct sink *sink);

/* Reads a whole file (a UTF-8 byte order mark is dropped). *text is a NUL-terminated heap
 * string the caller frees. AL_EIO with a message naming the file when it cannot be read. */
/* The longest script read: 16 MiB (a pipe is read up to it, then refused). */
#define SCRIPT_MAX_BYTES ((size_t)16 << 20)
enum al_status script_read_file(const char *path, char **text, size_t *len, struct al_error *err);

/* Reads path and runs it as script_run_text does. Returns AL_EIO (err filled, nothing run)
 * when it cannot be read. */
enum al_status script_run_file(struct session *s, const char *path, struct sink *sink,
                               struct al_error *err);

#endif
