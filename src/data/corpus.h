/* corpus.h: a text corpus as the `load` command makes it: the checked text, the tokenizer
 * trained on it, all its tokens, and the contiguous train/validation split (the first
 * fraction trains, the rest validates, as nanoGPT does). Knows nothing of models. */
#ifndef ATTNLAB_DATA_CORPUS_H
#define ATTNLAB_DATA_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "data/text.h"
#include "data/tokenizer.h"

struct corpus_options {
    struct tok_options tok;
    double split;                /* fraction of tokens for training, in (0, 1]; 0.9 by default */
    int replace_invalid;         /* turn invalid UTF-8 into U+FFFD instead of failing */
    const struct tokenizer *use; /* not NULL: tokenize with (a copy of) this one, untrained
                                    (a model's own, e.g. GPT-2's); tok is then ignored */
};

/* Defaults: char tokenizer, split 0.9, invalid UTF-8 is an error. */
void corpus_options_default(struct corpus_options *o);

struct corpus {
    struct text text;      /* owned */
    struct tokenizer *tok; /* owned */
    int32_t *tokens;       /* [ntokens], owned */
    size_t ntokens;
    size_t ntrain; /* tokens[0 .. ntrain) train, tokens[ntrain .. ntokens) validate */
    double split;
};

/* Loads, checks, tokenizes and splits the file at path into a new corpus *out (free with
 * corpus_free). On any failure *out is untouched and nothing is left allocated; errors
 * are those of text_load and tok_train, and AL_EINVAL for a split outside (0, 1]. */
enum al_status corpus_load(const char *path, const struct corpus_options *opt, struct corpus **out,
                           struct al_error *err);
/* The same from bytes in memory (which must not be empty). */
enum al_status corpus_from_bytes(const char *bytes, size_t n, const struct corpus_options *opt,
                                 struct corpus **out, struct al_error *err);
void corpus_free(struct corpus *c);

/* The training tokens and the validation tokens (pointer into c->tokens, count in *n). */
const int32_t *corpus_train(const struct corpus *c, size_t *n);
const int32_t *corpus_val(const struct corpus *c, size_t *n);

#endif
