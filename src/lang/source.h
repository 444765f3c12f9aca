/* source.h: a named text that commands are read from (a script file, a -e argument, a
 * chunk of standard input, a REPL line) and positions inside it. Positions point at their
 * source so that a diagnostic can show the line; the session keeps every source alive for
 * as long as anything (an AST, a model's layer line) may refer to it. */
#ifndef ATTNLAB_LANG_SOURCE_H
#define ATTNLAB_LANG_SOURCE_H

#include <stddef.h>

struct lang_source {
    char *name;     /* "lesson.lab", "-e", "<stdin>" */
    char *text;     /* NUL-terminated copy */
    size_t len;     /* bytes, without the NUL */
    int first_line; /* line number of the text's first line (chunks of stdin go on counting) */
};

/* A spot in a source: 1-based line and column (columns count characters, not bytes) and
 * the byte offset of the spot. src is NULL for values that come from nowhere (defaults). */
struct lang_pos {
    const struct lang_source *src;
    int line;
    int col;
    size_t offset;
};

/* A heap copy of text[0..len) named name; NULL when out of memory. Free with source_free. */
struct lang_source *source_new(const char *name, const char *text, size_t len, int first_line);
void source_free(struct lang_source *src);

/* The line of src that holds byte offset: its start and its length without the newline. */
void source_line_at(const struct lang_source *src, size_t offset, size_t *start, size_t *len);

#endif
