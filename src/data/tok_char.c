/* tok_char.c: the character tokenizer. One token per Unicode code point; the vocabulary is
 * every code point of the training text in code-point order (as nanoGPT sorts its
 * characters), so Chinese text gets one token a character. */
#include <stdlib.h>

#include "data/tok_internal.h"
#include "data/utf8.h"

#define CP_LIMIT 0x110000

static enum al_status bad_utf8(const char *s, size_t i, struct al_error *err)
{
    al_fail(err, AL_EUTF8, "invalid UTF-8 at byte offset %zu: byte 0x%02X", i, (unsigned char)s[i]);
    if (err)
        err->offset = (long long)i;
    return AL_EUTF8;
}

enum al_status tok_char_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err)
{
    /* a dense count per code point: 8.9 MB for a moment, and no hashing per character */
    int64_t *count = calloc(CP_LIMIT, sizeof *count);
    if (!count)
        return al_fail(err, AL_ENOMEM, "out of memory counting characters");
    const unsigned char *u = (const unsigned char *)s;
    enum al_status st = AL_OK;
    for (size_t i = 0; i < n;) {
        uint32_t cp = u[i];
        int k = cp < 0x80 ? 1 : utf8_decode(u + i, n - i, &cp);
        if (k == 0) {
            st = bad_utf8(s, i, err);
            break;
        }
        count[cp]++;
        i += (size_t)k;
    }
    for (uint32_t cp = 0; st == AL_OK && cp < CP_LIMIT; cp++) {
        if (!count[cp])
            continue;
        unsigned char b[4];
        int k = utf8_encode(cp, b);
        st = tok_push(t, (const char *)b, (size_t)k, count[cp], err);
    }
    free(count);
    return st;
}

enum al_status tok_char_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int32_t id;
        int k = 1;
        if (u[i] < 0x80) {
            id = t->ascii[u[i]];
        } else {
            uint32_t cp;
            k = utf8_decode(u + i, n - i, &cp);
            if (k == 0)
                return bad_utf8(s, i, err);
            int64_t *v = smap_find(&t->index, s + i, (size_t)k);
            id = v ? (int32_t)*v : TOK_UNKNOWN;
        }
        if (emit(ctx, id, i, (size_t)k))
            return al_fail(err, AL_ENOMEM, "out of memory while encoding");
        i += (size_t)k;
    }
    return AL_OK;
}
