/* tokenizer.h: the three tokenizers (char, word, byte-level BPE) behind one opaque type.
 * A tokenizer is trained on a text, then encodes, decodes, explains how it splits a text
 * and lists its vocabulary with the frequency of each token in the training text. It
 * serialises to a byte buffer so that it can travel inside a checkpoint.
 * Nothing here prints; every fallible function returns a status and fills err. */
#ifndef ATTNLAB_DATA_TOKENIZER_H
#define ATTNLAB_DATA_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "core/interrupt.h"
#include "core/status.h"

enum tok_kind { TOK_CHAR, TOK_WORD, TOK_BPE, TOK_KIND_COUNT };

enum tok_stopwords {
    TOK_STOP_NONE,    /* keep every word */
    TOK_STOP_ENGLISH, /* the built-in English list (tok_english_stopwords) */
    TOK_STOP_FILE     /* words from stopwords_path: whitespace-separated, '#' starts a comment */
};

struct tok_options {
    enum tok_kind kind;
    /* word only */
    int lowercase;
    enum tok_stopwords stopwords;
    const char *stopwords_path; /* read during tok_train only; the words are kept */
    int min_freq;               /* words seen fewer times become <unk>; 0 or 1 keeps all */
    int max_vocab;              /* the whole vocabulary, <pad> and <unk> included; 0 = no limit */
    /* bpe only */
    int merges; /* how many merges to learn (fewer if no pair occurs twice) */
    /* Asked while reading files (the text, a TSV, a stop-word list) and between BPE merges:
     * Ctrl-C stops a long load. NULL: never interrupted. Not kept by the tokenizer. */
    const struct al_interrupt *interrupt;
};

/* Defaults: char, no lowercasing, no stop words, min_freq 1, no limit, 256 merges. */
void tok_options_default(struct tok_options *o);

/* A special id in tok_span.id */
#define TOK_UNKNOWN (-1) /* a character the char tokenizer never saw */
#define TOK_DROPPED (-2) /* a stop word that the word tokenizer removes */

/* One piece of a text as a tokenizer splits it: bytes [start, start+len) of the input. */
struct tok_span {
    int32_t id;
    size_t start;
    size_t len;
};

struct tokenizer;

/* Trains a tokenizer of kind opt->kind on text[0..len) (valid UTF-8 for char and word;
 * any bytes for bpe) and returns it in *out (free with tok_free). On failure *out is
 * untouched. AL_EINVAL for bad options, AL_EIO for an unreadable stop-word file. */
enum al_status tok_train(const struct tok_options *opt, const char *text, size_t len,
                         struct tokenizer **out, struct al_error *err);
void tok_free(struct tokenizer *t);

enum tok_kind tok_kind(const struct tokenizer *t);
/* The word of each kind, indexed by the enum and NULL-terminated: "char", "word", "bpe". */
extern const char *const tok_kind_words[];
const char *tok_kind_name(enum tok_kind k); /* tok_kind_words[k]; "char" outside the enum */
/* The options it was trained with (stopwords_path is NULL: the words themselves are kept). */
const struct tok_options *tok_get_options(const struct tokenizer *t);
int32_t tok_vocab_size(const struct tokenizer *t);
/* The bytes of token id (not NUL-terminated in general for bpe; *len gets their length);
 * NULL for an id out of range. Owned by the tokenizer. */
const char *tok_piece(const struct tokenizer *t, int32_t id, size_t *len);
/* How often token id occurs in the training text (after min_freq and max_vocab folding, the
 * <unk> count includes every word folded into it). 0 for an id out of range. */
int64_t tok_freq(const struct tokenizer *t, int32_t id);
/* The id of <pad> and <unk> (word tokenizer), or -1 when the tokenizer has none. */
int32_t tok_pad_id(const struct tokenizer *t);
int32_t tok_unk_id(const struct tokenizer *t);
/* Number of merges learnt (bpe), else 0. */
int32_t tok_merges(const struct tokenizer *t);
/* A sentence for the user about how the tokenizer treated the training text (the word
 * tokenizer's fall-back to characters for Chinese text, a BPE that stopped early), or "". */
const char *tok_note(const struct tokenizer *t);

/* Encodes text[0..len) into a malloc'd array *ids of *n ids (caller frees; *ids may be NULL
 * when *n is 0). AL_EUTF8 (with offset) for invalid UTF-8 given to char or word, AL_EINVAL
 * for a character the char tokenizer does not know (the message names it). */
enum al_status tok_encode(const struct tokenizer *t, const char *text, size_t len, int32_t **ids,
                          size_t *n, struct al_error *err);
/* Decodes n ids into a malloc'd NUL-terminated string *text of *len bytes (caller frees).
 * Exact for char and bpe; the word tokenizer joins words with spaces (no space before
 * closing punctuation). AL_EINVAL for an id out of range. */
enum al_status tok_decode(const struct tokenizer *t, const int32_t *ids, size_t n, char **text,
                          size_t *len, struct al_error *err);
/* How text is split, for teaching: a malloc'd array *spans of *n spans (caller frees), one per
 * piece in order, with the id each gets (TOK_UNKNOWN, TOK_DROPPED as above). */
enum al_status tok_explain(const struct tokenizer *t, const char *text, size_t len,
                           struct tok_span **spans, size_t *n, struct al_error *err);

/* Writes bytes s[0..n) into out (capacity cap, always NUL-terminated when cap > 0) in a form
 * fit to show: \n \t \r \\ escaped, other control bytes and invalid UTF-8 as \xNN. Returns
 * the length the whole escape needs (like snprintf). */
size_t tok_escape(const char *s, size_t n, char *out, size_t cap);
/* A token as a label (doc/viz.md): tok_escape's escapes, and a space shown as '·' (ascii:
 * '_'), so that an invisible token is never a blank. */
size_t tok_label(const char *s, size_t n, int ascii, char *out, size_t cap);

/* Serialises t into a malloc'd buffer *buf of *len bytes (caller frees). The format is a
 * little-endian binary record: "ATOK", version 1, kind, options, pieces with frequencies,
 * stop words, merges (see tokenizer_io.c). */
enum al_status tok_serialize(const struct tokenizer *t, unsigned char **buf, size_t *len,
                             struct al_error *err);
/* Rebuilds a tokenizer from buf[0..len); AL_EFORMAT for anything malformed or truncated. */
enum al_status tok_deserialize(const unsigned char *buf, size_t len, struct tokenizer **out,
                               struct al_error *err);

/* The built-in English stop words, a NULL-terminated array of lower-case words. */
extern const char *const tok_english_stopwords[];

#endif
