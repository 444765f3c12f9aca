/* text.h: a UTF-8 text read from a file or memory, checked and normalised: a leading
 * byte-order mark is dropped, CRLF becomes LF, invalid bytes are an error or (when asked)
 * become U+FFFD. Knows nothing of tokens. */
#ifndef ATTNLAB_DATA_TEXT_H
#define ATTNLAB_DATA_TEXT_H

#include <stddef.h>

#include "core/status.h"

struct text {
    char *bytes;     /* normalised UTF-8, NUL-terminated; owned */
    size_t len;      /* bytes, without the NUL */
    size_t chars;    /* code points */
    size_t lines;    /* lines; a last line without '\n' counts too */
    size_t replaced; /* invalid bytes turned into U+FFFD */
    int had_bom;     /* the source began with a byte-order mark */
    size_t crlf;     /* CRLF pairs turned into LF */
};

/* Reads the file at path into *out (caller-owned; free with text_free). Errors, with *out
 * untouched: AL_EIO for a missing, unreadable or non-regular file (a folder says so),
 * AL_EFORMAT for an empty file (or one holding only a byte-order mark), AL_EUTF8 for invalid
 * UTF-8 unless replace_invalid; err->line, ->column and ->offset then name the first bad
 * byte (offset counted in the file as it is on disk, line and column 1-based). */
enum al_status text_load(const char *path, int replace_invalid, struct text *out,
                         struct al_error *err);

/* The same from n bytes in memory (which may be empty here: only files must not be). */
enum al_status text_from_bytes(const char *src, size_t n, int replace_invalid, struct text *out,
                               struct al_error *err);

void text_free(struct text *t);

/* Puts "path: " in front of err's message (a long path is cut to 60 bytes). */
void text_prefix_error(struct al_error *err, const char *path);

/* Reads a whole file as raw bytes into a malloc'd, NUL-terminated buffer (caller frees).
 * AL_EIO for missing, unreadable or folder. Used for TSV and stop-word files too. */
enum al_status text_read_file(const char *path, char **bytes, size_t *len, struct al_error *err);

#endif
