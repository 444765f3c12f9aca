/* bytes.h: little-endian records in memory. A writer grows one heap buffer and remembers a
 * failed allocation instead of reporting each one; a reader walks a buffer it does not own
 * and never reads past its end: every get checks the bytes left first, and after the first
 * short read all further gets return zeros and the reader stays failed. */
#ifndef ATTNLAB_IO_BYTES_H
#define ATTNLAB_IO_BYTES_H

#include <stddef.h>
#include <stdint.h>

struct bytes_out {
    unsigned char *p;
    size_t n, cap;
    int failed; /* an allocation failed: the content is incomplete */
};

void out_bytes(struct bytes_out *b, const void *src, size_t n);
void out_u32(struct bytes_out *b, uint32_t v);
void out_u64(struct bytes_out *b, uint64_t v);
void out_f32(struct bytes_out *b, float v);
void out_f64(struct bytes_out *b, double v);
/* A u32 length, then the bytes (no NUL). */
void out_str(struct bytes_out *b, const char *s);
/* n floats as raw little-endian float32. */
void out_f32s(struct bytes_out *b, const float *v, size_t n);
/* Reserves n bytes and returns where they start (to be filled later), or SIZE_MAX when
 * the buffer could not grow. */
size_t out_reserve(struct bytes_out *b, size_t n);
/* Writes v at offset at (inside what was written already). */
void out_put_u32_at(struct bytes_out *b, size_t at, uint32_t v);
void out_put_u64_at(struct bytes_out *b, size_t at, uint64_t v);
void out_free(struct bytes_out *b);

struct bytes_in {
    const unsigned char *p;
    size_t n, off;
    int failed; /* a read went past the end */
};

void in_init(struct bytes_in *r, const void *p, size_t n);
size_t in_left(const struct bytes_in *r);
/* The next n bytes (NULL and failed when fewer are left). */
const unsigned char *in_bytes(struct bytes_in *r, size_t n);
uint32_t in_u32(struct bytes_in *r);
uint64_t in_u64(struct bytes_in *r);
float in_f32(struct bytes_in *r);
double in_f64(struct bytes_in *r);
/* A string written by out_str into out (capacity cap, NUL-terminated). Fails the reader
 * when the length exceeds cap - 1 or the bytes left, or when the string holds a NUL. */
void in_str(struct bytes_in *r, char *out, size_t cap);
/* n float32 into out, when 4n bytes are left. */
void in_f32s(struct bytes_in *r, float *out, size_t n);

uint32_t le_u32(const unsigned char *p);
uint64_t le_u64(const unsigned char *p);

#endif
