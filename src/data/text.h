/* text.h: a UTF-8 text read from a file or memory, checked and normalised: a leading
 * byte-order mark is dropped, CRLF becomes LF, invalid bytes are an error or (when asked)
 * become U+FFFD. Knows nothing of tokens. */
#ifndef ATTNLAB_DATA_TEXT_H
#define ATTNLAB_DATA_TEXT_H

#include <stddef.h>

#include "core/interrupt.h"
#include "core/status.h"

/* The largest file attnlab reads (texts, TSV, stop words): 256 MiB. */
#define TEXT_MAX_BYTES ((size_t)256 << 20)
/* Paths in messages are cut in the middle to this many bytes. */
#define TEXT_SHORT_PATH 60

struct text {
    char *bytes;     /* normalised UTF-8, NUL-terminated; owned */
    size_t len;      /* bytes, without the NUL */
    size_t chars;    /* code points */
    size_t lines;    /* lines; a last line without '\n' counts too */
    size_t replaced; /* invalid bytes turned into U+FFFD */
    int had_bom;     /* the source began with a byte-order mark */
    size_t crlf;     /* CRLF pairs turned into LF */
    int cr_only;     /* the source had CR line ends and no LF: each CR became LF */
};

/* Reads the file at path into *out (caller-owned; free with text_free). Errors, with *out
 * untouched: AL_EIO for a missing, unreadable or non-regular file (a folder, FIFO or device
 * says so), AL_EFORMAT for a file over TEXT_MAX_BYTES, an empty file (or one holding only a
 * byte-order mark) or a NUL byte (its line and offset), AL_EUTF8 for invalid UTF-8 unless
 * replace_invalid; err->line, ->column and ->offset then name the first bad byte (offset
 * counted in the file as it is on disk, line and column 1-based). */
enum al_status text_load(const char *path, int replace_invalid, struct text *out,
                         struct al_error *err);
/* The same, asking intr (may be NULL) between chunks of the read: AL_ESTATE when it says
 * stop. */
enum al_status text_load_polled(const char *path, int replace_invalid,
                                const struct al_interrupt *intr, struct text *out,
                                struct al_error *err);

/* The same from n bytes in memory (which may be empty here: only files must not be). */
enum al_status text_from_bytes(const char *src, size_t n, int replace_invalid, struct text *out,
                               struct al_error *err);

void text_free(struct text *t);

/* Puts "path: " in front of err's message (a long path is cut in the middle to 60 bytes, so
 * that the reason is kept). */
void text_prefix_error(struct al_error *err, const char *path);

/* Reads a whole regular file as raw bytes into a malloc'd, NUL-terminated buffer (caller
 * frees). AL_EIO for missing, unreadable, a folder, FIFO, device or socket (refused without
 * waiting on them); AL_EFORMAT past TEXT_MAX_BYTES. Used for TSV and stop-word files too. */
enum al_status text_read_file(const char *path, char **bytes, size_t *len, struct al_error *err);
/* The same, asking intr (may be NULL) between 1 MiB chunks; AL_ESTATE when it says stop. */
enum al_status text_read_file_polled(const char *path, const struct al_interrupt *intr,
                                     char **bytes, size_t *len, struct al_error *err);
/* The same, but a file with no text (empty, or a byte-order mark alone) is AL_EFORMAT. */
enum al_status text_read_nonempty(const char *path, const struct al_interrupt *intr, char **bytes,
                                  size_t *len, struct al_error *err);

/* The same for any file, text or binary (checkpoints, safetensors), to at most max bytes
 * (past it: AL_EFORMAT). The bytes are not checked: the UTF-8 and NUL checks are text_load's. */
enum al_status text_read_bytes(const char *path, size_t max, const struct al_interrupt *intr,
                               char **bytes, size_t *len, struct al_error *err);

/* A whole regular file mapped read-only (read into the heap where the file system cannot
 * map): bytes[0..len), no terminator; an empty file gives len 0. Big binary files (checkpoints,
 * weights) are mapped rather than read, so that their bytes are not copied twice and pages
 * already used can be given back (text_release). A file that another program truncates while
 * it is mapped cannot be read to its old end: files attnlab writes are replaced whole
 * (core/atomic_file.h), never truncated in place. Errors as text_read_bytes. */
struct text_map {
    const unsigned char *bytes;
    size_t len;
    void *mapped; /* the mapping, or NULL */
    char *heap;   /* the bytes read instead, or NULL */
};
enum al_status text_map_bytes(const char *path, size_t max, struct text_map *out,
                              struct al_error *err);
/* Says that bytes [from, from+n) of m will not be needed again: the whole pages among them
 * leave the process's memory (they are read from the file again if they are touched). */
void text_release(const struct text_map *m, const void *from, size_t n);
void text_unmap(struct text_map *m);

/* Like text_read_file_polled, but a FIFO (a script from `<(...)` or a pipe) is read too, to
 * at most max bytes (past it: AL_EFORMAT); devices such as /dev/zero are still refused. */
enum al_status text_read_stream(const char *path, size_t max, const struct al_interrupt *intr,
                                char **bytes, size_t *len, struct al_error *err);

/* path itself, or a copy in buf cut in the middle to TEXT_SHORT_PATH bytes ("/a/b/.../c.txt");
 * cap must be at least TEXT_SHORT_PATH + 1. */
const char *text_short_path(const char *path, char *buf, size_t cap);

#endif
