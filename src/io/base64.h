/* base64.h: bytes as RFC 4648 base64 text and back, to carry a tokenizer in the string
 * metadata of a safetensors header. */
#ifndef ATTNLAB_IO_BASE64_H
#define ATTNLAB_IO_BASE64_H

#include <stddef.h>

/* A NUL-terminated heap string; NULL when out of memory. */
char *base64_encode(const unsigned char *p, size_t n);
/* Decodes text (padding required, no whitespace) into a heap buffer (*out, *n); returns 0,
 * or -1 for malformed text or no memory. */
int base64_decode(const char *text, unsigned char **out, size_t *n);

#endif
