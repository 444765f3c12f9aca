/* fuzz_text.c: a text corpus as `load "x.txt"` reads it: checks, normalisation, every
 * tokenizer (the first byte picks it: tokopts.h), tokens and split; then the tokenizer's
 * round trips. */
#include "fuzz.h"

#include "data/corpus.h"
#include "tokopts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct corpus_options o;
    corpus_options_default(&o);
    fuzz_tok_options(data[0], &o.tok);
    o.replace_invalid = size > 1 && (data[1] & 1);
    struct corpus *c = NULL;
    struct al_error err;
    if (corpus_from_bytes((const char *)data + 1, size - 1, &o, &c, &err) == AL_OK) {
        FUZZ_ASSERT(c->ntokens > 0 && c->ntrain <= c->ntokens);
        int32_t v = tok_vocab_size(c->tok);
        for (size_t i = 0; i < c->ntokens; i++)
            FUZZ_ASSERT(c->tokens[i] >= 0 && c->tokens[i] < v);
        fuzz_tok_roundtrip(c->tok, c->text.bytes, c->text.len);
        corpus_free(c);
    }
    return 0;
}
