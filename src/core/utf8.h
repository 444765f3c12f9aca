/* utf8.h: the one UTF-8 codec of attnlab: strict decoding of one code point, encoding of
 * one, and validation of a buffer. Strict means RFC 3629: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences, no stray continuation
 * bytes. Knows nothing of files, tokens or screens. */
#ifndef ATTNLAB_CORE_UTF8_H
#define ATTNLAB_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

enum { UTF8_MAX = 4 }; /* the longest sequence, in bytes */

/* Decodes one code point from s[0..n). Returns its length in bytes (1-4) and sets *cp, or
 * returns 0 (leaving *cp alone) when n is 0 or the bytes there are not valid UTF-8. */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (room for UTF8_MAX bytes) and returns the length (1-4), or
 * returns 0 and writes nothing when cp is a surrogate or above U+10FFFF. */
int utf8_encode(uint32_t cp, unsigned char *out);

/* The byte offset of the first invalid sequence in s[0..n), or n when all of it is valid. */
size_t utf8_validate(const unsigned char *s, size_t n);

#endif
