/* tsv.h: the lines of a label<TAB>text file as they are on disk: splitting them (LF, CRLF,
 * or CR in a file with no LF), saying what is wrong with one, and whether a line looks like
 * a header row. Used by the labelled loader and by `evaluate "FILE"`. Knows nothing of
 * tokens or models. */
#ifndef ATTNLAB_DATA_TSV_H
#define ATTNLAB_DATA_TSV_H

#include <stddef.h>

enum tsv_kind {
    TSV_EXAMPLE,     /* label<TAB>text, both non-blank */
    TSV_BLANK,       /* empty, or only spaces and TABs: skipped */
    TSV_COMMENT,     /* starts with '#': skipped */
    TSV_NUL,         /* a NUL byte */
    TSV_UTF8,        /* invalid UTF-8 (only when asked to check) */
    TSV_NO_TAB,      /* no TAB at all */
    TSV_COLUMNS,     /* more than one TAB */
    TSV_EMPTY_LABEL, /* nothing (or only spaces) before the TAB */
    TSV_EMPTY_TEXT   /* nothing (or only spaces) after the TAB */
};

struct tsv_line {
    const char *p; /* the line, without its line end */
    size_t len;
    size_t start; /* p's offset in the buffer */
    long number;  /* 1-based */
    enum tsv_kind kind;
    const char *label, *text; /* TSV_EXAMPLE: the two columns */
    size_t label_len, text_len;
    size_t bad;  /* TSV_NUL, TSV_UTF8: the offending byte's offset in the line */
    int columns; /* TSV_COLUMNS: how many */
};

/* A file of CR line ends and no LF (old Mac) has each CR read as a line end. */
int tsv_cr_only(const char *buf, size_t n);

/* Takes the line starting at *pos of buf[0..n) into *out (number = *line + 1, and *line is
 * counted up), moves *pos past its line end, and classifies it; a trailing CR of a CRLF is
 * not part of the line. check_utf8: invalid UTF-8 is TSV_UTF8 (else its bytes are left to
 * the caller). Returns 0 when *pos is already at n. */
int tsv_next(const char *buf, size_t n, size_t *pos, long *line, int cr_only, int check_utf8,
             struct tsv_line *out);

/* What is wrong with a line that is not an example, blank or a comment, in a sentence
 * ("no TAB between label and text (expected label<TAB>text)") or, brief, in two or three
 * words ("no TAB"). Writes "" for the other kinds. */
void tsv_describe(const struct tsv_line *l, int brief, char *buf, size_t cap);

/* Whether a column's content is a usual column name of a labelled set (label, class,
 * sentiment, text, review...; any case, spaces around it ignored). */
int tsv_is_column_name(const char *s, size_t n);

#endif
