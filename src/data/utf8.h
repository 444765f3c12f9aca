/* utf8.h: strict UTF-8 decoding and encoding of single code points, and the character
 * classes the word tokenizer needs. Knows nothing of files or tokenizers. */
#ifndef ATTNLAB_DATA_UTF8_H
#define ATTNLAB_DATA_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n). Returns its length in bytes (1-4), or 0 when the
 * bytes there are not valid UTF-8 (overlong forms, surrogates, > U+10FFFF, truncated). */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the length. */
int utf8_encode(uint32_t cp, unsigned char *out);

enum utf8_class {
    UTF8_SPACE, /* whitespace, including U+3000 and no-break space */
    UTF8_PUNCT, /* punctuation and symbols: each one a token of its own */
    UTF8_WORD,  /* letters, digits and marks: they join into words */
    UTF8_IDEO   /* CJK ideographs and kana: written without spaces, one token each */
};

enum utf8_class utf8_class_of(uint32_t cp);

/* Lower case for ASCII, Latin-1, Greek and Cyrillic capitals; other code points unchanged. */
uint32_t utf8_lower(uint32_t cp);

#endif
