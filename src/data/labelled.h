/* labelled.h: labelled texts for classification (sentiment, topics): a TSV file of
 * `label<TAB>text` lines, tokenized by a tokenizer trained on its texts, and padded or
 * truncated batches of them. Labels are numbered in byte order of their names (negative = 0,
 * positive = 1). Blank lines (or lines of spaces) are skipped; lines starting with '#' are
 * comments; a header row is found (or named) and skipped. */
#ifndef ATTNLAB_DATA_LABELLED_H
#define ATTNLAB_DATA_LABELLED_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"
#include "data/tokenizer.h"

/* The most classes a labelled set may have: a confusion matrix of 1000 x 1000 counts and an
 * output layer of 1000 rows still fit a laptop; more labels usually mean a wrong column. */
#define LABELLED_MAX_CLASSES 1000

/* Whether the first example line is a header row (column names). */
enum labelled_header {
    LABELLED_HEADER_AUTO, /* a header when it looks like one (labelled_header_why) */
    LABELLED_HEADER_ON,   /* the first line that is not blank or a comment, whatever it holds */
    LABELLED_HEADER_OFF   /* none: every line is an example */
};

/* Why a line was taken for a header (AUTO looks for the first two; its label must occur
 * nowhere else in the file). */
enum labelled_header_why {
    LABELLED_NO_HEADER,
    LABELLED_HEADER_NAMED,  /* its label or text is a column name: label, class, text... */
    LABELLED_HEADER_UNIQUE, /* its label is unique while every other label repeats, and at
                               least two other labels remain */
    LABELLED_HEADER_ASKED   /* header=on */
};

struct labelled_set {
    size_t n;           /* examples */
    int *label;         /* [n] label index of each example */
    int32_t **ids;      /* [n] token ids of each text (owned) */
    size_t *len;        /* [n] how many ids each has */
    long *line;         /* [n] the line of the file each came from */
    char **label_names; /* [nlabels], owned */
    int nlabels;
    struct tokenizer *tok; /* owned; trained on all texts */
    /* The header row that was skipped, if any: its line, why, and its two columns (owned;
     * header_text is "" when the line has no TAB). */
    long header_line;
    enum labelled_header_why header_why;
    char *header_label, *header_text;
};

/* Reads a TSV file and tokenizes its texts with a new tokenizer of options tok (word is the
 * usual choice). On failure *out is untouched. Every line is checked first: a bad one (a NUL
 * byte, invalid UTF-8 unless replace_invalid, no TAB, more than one TAB, an empty label or
 * text) makes the whole load fail, with "FILE:LINE: why" for the first bad line and then how
 * many there are and the next few with a word of why; err->line (and, for a bad byte,
 * ->column and ->offset) name the first. Status AL_EUTF8 when the first is invalid UTF-8,
 * else AL_EFORMAT. Then header decides about a header row. No examples, more than
 * LABELLED_MAX_CLASSES labels: AL_EFORMAT. tok->interrupt is asked while reading. */
enum al_status labelled_load(const char *path, const struct tok_options *tok, int replace_invalid,
                             enum labelled_header header, struct labelled_set **out,
                             struct al_error *err);
/* The same from bytes in memory; messages say "line L: why". */
enum al_status labelled_from_bytes(const char *bytes, size_t n, const struct tok_options *tok,
                                   int replace_invalid, enum labelled_header header,
                                   struct labelled_set **out, struct al_error *err);
void labelled_free(struct labelled_set *s);

/* The label index of a name, or -1. */
int labelled_label_index(const struct labelled_set *s, const char *name);

/* Fills a batch from the B examples rows[0..B): x[B*T] with each text's first T ids, padded
 * with pad after its end; lens[B] with the true lengths (at most T); labels[B]. Row indices
 * must be < s->n. Allocates nothing. */
void labelled_batch(const struct labelled_set *s, const size_t *rows, int B, int T, int32_t pad,
                    int32_t *x, int32_t *lens, int32_t *labels);

/* Writes a permutation of 0..n-1 shuffled by r into order[n]: shuffle it once, then take the
 * first fraction of order for training and the rest for validation. */
void labelled_shuffle(size_t n, size_t *order, struct rng *r);

#endif
