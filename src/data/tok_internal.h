/* tok_internal.h: the inside of struct tokenizer, shared by tokenizer.c and the files of each
 * kind (tok_char.c, tok_word.c, tok_bpe.c, tokenizer_io.c). Not for use outside src/data. */
#ifndef ATTNLAB_DATA_TOK_INTERNAL_H
#define ATTNLAB_DATA_TOK_INTERNAL_H

#include "data/hmap.h"
#include "data/tokenizer.h"

struct tokenizer {
    struct tok_options opt;
    int32_t n, cap;     /* vocabulary size and room */
    char **piece;       /* [n] owned bytes, NUL-terminated */
    uint32_t *plen;     /* [n] */
    int64_t *freq;      /* [n] */
    struct smap index;  /* piece -> id (char and word) */
    int32_t ascii[128]; /* char: id of each ASCII character or -1 */
    int32_t pad, unk;   /* word: special ids; -1 elsewhere */
    struct smap stop;   /* word: stop words, lower case (empty map when none) */
    int char_fallback;  /* word: the text had no spaces, so every character is a token */
    int32_t nmerges;    /* bpe: merge i makes id 256 + i from merge[2i], merge[2i+1] */
    int32_t *merge;
    struct umap rank;      /* bpe: (a << 32 | b) -> the id it merges into;
                              gpt2: -> rank << 32 | the id it merges into */
    struct tok_gpt2 *gpt2; /* gpt2: byte table and compiled pattern (tok_gpt2.c) */
    char note[200];
};

/* An empty tokenizer of kind opt->kind with its maps ready; NULL when out of memory. */
struct tokenizer *tok_alloc(const struct tok_options *opt);
/* Appends a piece with its frequency; its id is the old vocabulary size. */
enum al_status tok_push(struct tokenizer *t, const char *p, size_t len, int64_t freq,
                        struct al_error *err);
/* Builds the lookup tables from the pieces: index and ascii (char, word), rank (bpe). */
enum al_status tok_index(struct tokenizer *t, struct al_error *err);

enum al_status tok_char_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err);
enum al_status tok_word_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err);
enum al_status tok_bpe_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err);

/* Each kind's splitter: calls emit for every piece in order. emit returns nonzero to stop
 * (out of memory). Returns AL_OK, AL_EUTF8, AL_EINVAL or AL_ENOMEM. */
typedef int (*tok_emit_fn)(void *ctx, int32_t id, size_t start, size_t len);
enum al_status tok_char_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err);
enum al_status tok_word_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err);
enum al_status tok_bpe_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                             void *ctx, struct al_error *err);

/* gpt2 (tok_gpt2.c): its tables from pieces and merges, its splitter, freeing its part. */
enum al_status tok_gpt2_index(struct tokenizer *t, struct al_error *err);
enum al_status tok_gpt2_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err);
void tok_gpt2_free(struct tok_gpt2 *g);

/* Adds the stop words from the options (built-in list or file) to t->stop. */
enum al_status tok_load_stopwords(struct tokenizer *t, const char *path, struct al_error *err);

#endif
