/* tokopts.h: tokenizer options from an input's first byte, so that one target covers every
 * tokenizer: bits 0-1 the kind (char, word, bpe; 3 is word again), bit 2 lowercase, bit 3
 * English stop words, bits 4-5 min_freq 0..3, bit 6 max_vocab 8, bit 7 few merges. */
#ifndef ATTNLAB_FUZZ_TOKOPTS_H
#define ATTNLAB_FUZZ_TOKOPTS_H

#include <string.h>

#include "data/tokenizer.h"

static inline void fuzz_tok_options(unsigned char b, struct tok_options *o)
{
    tok_options_default(o);
    static const enum tok_kind kinds[4] = {TOK_CHAR, TOK_WORD, TOK_BPE, TOK_WORD};
    o->kind = kinds[b & 3];
    if (o->kind == TOK_WORD) {
        o->lowercase = (b >> 2) & 1;
        o->stopwords = (b >> 3) & 1 ? TOK_STOP_ENGLISH : TOK_STOP_NONE;
        o->min_freq = (b >> 4) & 3;
        o->max_vocab = (b >> 6) & 1 ? 8 : 0;
    }
    if (o->kind == TOK_BPE)
        o->merges = (b >> 7) & 1 ? 3 : 40;
}

/* Checks what every trained tokenizer must do: serialise, read back and serialise to as many
 * bytes (stop words follow hash order, so not always the same bytes), and (char, bpe) decode
 * its own encoding to the very text. */
static inline void fuzz_tok_roundtrip(const struct tokenizer *t, const char *text, size_t len)
{
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    struct tokenizer *back = NULL;
    FUZZ_ASSERT(tok_serialize(t, &a, &na, NULL) == AL_OK);
    FUZZ_ASSERT(tok_deserialize(a, na, &back, NULL) == AL_OK);
    FUZZ_ASSERT(tok_serialize(back, &b, &nb, NULL) == AL_OK);
    FUZZ_ASSERT(na == nb);
    FUZZ_ASSERT(tok_vocab_size(back) == tok_vocab_size(t));
    tok_free(back);
    free(a);
    free(b);
    if (tok_kind(t) == TOK_WORD)
        return;
    int32_t *ids = NULL;
    size_t n = 0;
    if (tok_encode(t, text, len, &ids, &n, NULL) == AL_OK) {
        char *out = NULL;
        size_t olen = 0;
        FUZZ_ASSERT(tok_decode(t, ids, n, &out, &olen, NULL) == AL_OK);
        FUZZ_ASSERT(olen == len && memcmp(out, text, len) == 0);
        free(out);
    }
    free(ids);
}

#endif
