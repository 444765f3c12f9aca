/* fuzz_tokenizer.c: the tokenizer deserialiser (what a checkpoint carries) on any bytes. A
 * tokenizer it accepts must work: serialise and read back, encode, decode and explain a
 * text without reading out of bounds. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "data/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tokenizer *t = NULL;
    if (tok_deserialize(data, size, &t, NULL) != AL_OK)
        return 0;
    unsigned char *b = NULL;
    size_t nb = 0;
    FUZZ_ASSERT(tok_serialize(t, &b, &nb, NULL) == AL_OK);
    struct tokenizer *again = NULL; /* what it writes, it reads back */
    FUZZ_ASSERT(tok_deserialize(b, nb, &again, NULL) == AL_OK);
    FUZZ_ASSERT(tok_vocab_size(again) == tok_vocab_size(t));
    tok_free(again);
    free(b);
    static const char probe[] = "To be, or not to be: \xe4\xb8\xad\xe6\x96\x87 abc\n";
    int32_t *ids = NULL;
    size_t n = 0;
    if (tok_encode(t, probe, sizeof probe - 1, &ids, &n, NULL) == AL_OK) {
        char *out = NULL;
        size_t olen;
        if (tok_decode(t, ids, n, &out, &olen, NULL) == AL_OK)
            free(out);
    }
    free(ids);
    struct tok_span *sp = NULL;
    if (tok_explain(t, probe, sizeof probe - 1, &sp, &n, NULL) == AL_OK)
        free(sp);
    int32_t v = tok_vocab_size(t);
    for (int32_t i = 0; i < v && i < 64; i++) {
        size_t len;
        FUZZ_ASSERT(tok_piece(t, i, &len) != NULL);
    }
    tok_free(t);
    return 0;
}
