/* bytes.c: little-endian records in memory (see bytes.h). */
#include "io/bytes.h"

#include <stdlib.h>
#include <string.h>

static int grow(struct bytes_out *b, size_t n)
{
    if (b->failed)
        return 0;
    if (n > SIZE_MAX - b->n) {
        b->failed = 1;
        return 0;
    }
    if (b->n + n <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n)
        cap = cap > SIZE_MAX / 2 ? b->n + n : cap * 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void out_bytes(struct bytes_out *b, const void *src, size_t n)
{
    if (n && grow(b, n)) {
        memcpy(b->p + b->n, src, n);
        b->n += n;
    }
}

static void put32(unsigned char *x, uint32_t v)
{
    x[0] = (unsigned char)v;
    x[1] = (unsigned char)(v >> 8);
    x[2] = (unsigned char)(v >> 16);
    x[3] = (unsigned char)(v >> 24);
}

void out_u32(struct bytes_out *b, uint32_t v)
{
    unsigned char x[4];
    put32(x, v);
    out_bytes(b, x, 4);
}

void out_u64(struct bytes_out *b, uint64_t v)
{
    out_u32(b, (uint32_t)v);
    out_u32(b, (uint32_t)(v >> 32));
}

void out_f32(struct bytes_out *b, float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    out_u32(b, u);
}

void out_f64(struct bytes_out *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    out_u64(b, u);
}

void out_str(struct bytes_out *b, const char *s)
{
    size_t n = strlen(s);
    out_u32(b, (uint32_t)n);
    out_bytes(b, s, n);
}

void out_f32s(struct bytes_out *b, const float *v, size_t n)
{
    if (n > SIZE_MAX / 4 || !grow(b, n * 4))
        return;
    unsigned char *d = b->p + b->n;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n)
        memcpy(d, v, n * 4);
#else
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        put32(d + 4 * i, u);
    }
#endif
    b->n += n * 4;
}

size_t out_reserve(struct bytes_out *b, size_t n)
{
    if (!grow(b, n))
        return SIZE_MAX;
    size_t at = b->n;
    memset(b->p + at, 0, n);
    b->n += n;
    return at;
}

void out_put_u32_at(struct bytes_out *b, size_t at, uint32_t v)
{
    if (!b->failed && at <= b->n && b->n - at >= 4)
        put32(b->p + at, v);
}

void out_put_u64_at(struct bytes_out *b, size_t at, uint64_t v)
{
    out_put_u32_at(b, at, (uint32_t)v);
    out_put_u32_at(b, at + 4, (uint32_t)(v >> 32));
}

void out_free(struct bytes_out *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void in_init(struct bytes_in *r, const void *p, size_t n)
{
    r->p = p;
    r->n = n;
    r->off = 0;
    r->failed = 0;
}

size_t in_left(const struct bytes_in *r)
{
    return r->failed ? 0 : r->n - r->off;
}

const unsigned char *in_bytes(struct bytes_in *r, size_t n)
{
    if (r->failed || n > r->n - r->off) {
        r->failed = 1;
        return NULL;
    }
    const unsigned char *p = r->p + r->off;
    r->off += n;
    return p;
}

uint32_t le_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t le_u64(const unsigned char *p)
{
    return (uint64_t)le_u32(p) | (uint64_t)le_u32(p + 4) << 32;
}

uint32_t in_u32(struct bytes_in *r)
{
    const unsigned char *p = in_bytes(r, 4);
    return p ? le_u32(p) : 0;
}

uint64_t in_u64(struct bytes_in *r)
{
    const unsigned char *p = in_bytes(r, 8);
    return p ? le_u64(p) : 0;
}

float in_f32(struct bytes_in *r)
{
    uint32_t u = in_u32(r);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

double in_f64(struct bytes_in *r)
{
    uint64_t u = in_u64(r);
    double d;
    memcpy(&d, &u, 8);
    return d;
}

void in_str(struct bytes_in *r, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    uint32_t n = in_u32(r);
    if (r->failed || cap == 0 || n > cap - 1 || n > in_left(r)) {
        r->failed = 1;
        return;
    }
    const unsigned char *p = in_bytes(r, n);
    if (!p || memchr(p, 0, n)) {
        r->failed = 1;
        return;
    }
    memcpy(out, p, n);
    out[n] = '\0';
}

void in_f32s(struct bytes_in *r, float *out, size_t n)
{
    if (n > in_left(r) / 4) {
        r->failed = 1;
        return;
    }
    const unsigned char *p = in_bytes(r, n * 4);
    if (!p)
        return;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, p, n * 4); /* the file's float32 are the host's */
#else
    for (size_t i = 0; i < n; i++) {
        uint32_t u = le_u32(p + 4 * i);
        memcpy(&out[i], &u, 4);
    }
#endif
}
