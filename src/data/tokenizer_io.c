/* tokenizer_io.c: a tokenizer as bytes and back, so that it can travel in a checkpoint.
 * Format (all integers little-endian):
 *   "ATOK" u32 version=1
 *   u32 kind, u32 lowercase, u32 stopwords, i32 min_freq, i32 max_vocab, i32 merges option,
 *   u32 char_fallback, i32 pad, i32 unk
 *   u32 n; n x (u32 len, len bytes, i64 freq)        the vocabulary in id order
 *   u32 s; s x (u32 len, len bytes)                  the stop words
 *   u32 m; m x (i32 a, i32 b)                        the merges (bpe)
 *   u32 note length, note bytes */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "data/tok_internal.h"

static void put_u32(struct strbuf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    strbuf_add(b, x, 4);
}

static void put_i64(struct strbuf *b, int64_t v)
{
    put_u32(b, (uint32_t)(uint64_t)v);
    put_u32(b, (uint32_t)((uint64_t)v >> 32));
}

enum al_status tok_serialize(const struct tokenizer *t, unsigned char **buf, size_t *len,
                             struct al_error *err)
{
    struct strbuf b = {0};
    strbuf_add(&b, "ATOK", 4);
    uint32_t head[] = {1,
                       t->opt.kind,
                       (uint32_t)t->opt.lowercase,
                       t->opt.stopwords,
                       (uint32_t)t->opt.min_freq,
                       (uint32_t)t->opt.max_vocab,
                       (uint32_t)t->opt.merges,
                       (uint32_t)t->char_fallback,
                       (uint32_t)t->pad,
                       (uint32_t)t->unk};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        put_u32(&b, head[i]);
    put_u32(&b, (uint32_t)t->n);
    for (int32_t i = 0; i < t->n; i++) {
        put_u32(&b, t->plen[i]);
        strbuf_add(&b, t->piece[i], t->plen[i]);
        put_i64(&b, t->freq[i]);
    }
    put_u32(&b, (uint32_t)t->stop.count);
    for (size_t i = 0; i < t->stop.cap; i++)
        if (t->stop.slot[i].key) {
            put_u32(&b, t->stop.slot[i].len);
            strbuf_add(&b, t->stop.slot[i].key, t->stop.slot[i].len);
        }
    put_u32(&b, (uint32_t)t->nmerges);
    for (int32_t i = 0; i < 2 * t->nmerges; i++)
        put_u32(&b, (uint32_t)t->merge[i]);
    put_u32(&b, (uint32_t)strlen(t->note));
    strbuf_add(&b, t->note, strlen(t->note));
    size_t n = b.len;
    char *bytes = strbuf_take(&b);
    if (!bytes)
        return al_fail(err, AL_ENOMEM, "out of memory serialising a tokenizer");
    *buf = (unsigned char *)bytes;
    *len = n;
    return AL_OK;
}

struct rbuf {
    const unsigned char *p;
    size_t n, at;
    int short_read;
};

static const unsigned char *take(struct rbuf *r, size_t n)
{
    if (r->short_read || n > r->n - r->at) {
        r->short_read = 1;
        return NULL;
    }
    r->at += n;
    return r->p + r->at - n;
}

static uint32_t get_u32(struct rbuf *r)
{
    const unsigned char *x = take(r, 4);
    return x ? (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24
             : 0;
}

static int64_t get_i64(struct rbuf *r)
{
    uint64_t lo = get_u32(r), hi = get_u32(r);
    return (int64_t)(hi << 32 | lo);
}

static enum al_status malformed(struct al_error *err, const char *what)
{
    return al_fail(err, AL_EFORMAT, "malformed tokenizer record: %s", what);
}

static enum al_status read_header(struct rbuf *r, struct tok_options *o, uint32_t h[3],
                                  struct al_error *err)
{
    const unsigned char *magic = take(r, 4);
    if (!magic || memcmp(magic, "ATOK", 4) != 0)
        return malformed(err, "it does not start with ATOK");
    if (get_u32(r) != 1)
        return malformed(err, "unknown version");
    tok_options_default(o);
    o->kind = (enum tok_kind)get_u32(r);
    o->lowercase = (int)get_u32(r);
    o->stopwords = (enum tok_stopwords)get_u32(r);
    o->min_freq = (int)get_u32(r);
    o->max_vocab = (int)get_u32(r);
    o->merges = (int)get_u32(r);
    for (int i = 0; i < 3; i++)
        h[i] = get_u32(r);
    if (r->short_read || o->kind > TOK_BPE || o->stopwords > TOK_STOP_FILE)
        return malformed(err, "bad header");
    return AL_OK;
}

static enum al_status read_pieces(struct rbuf *r, struct tokenizer *t, struct al_error *err)
{
    uint32_t n = get_u32(r);
    for (uint32_t i = 0; i < n && !r->short_read; i++) {
        uint32_t len = get_u32(r);
        const unsigned char *p = take(r, len);
        int64_t f = get_i64(r);
        enum al_status st = p ? tok_push(t, (const char *)p, len, f, err) : AL_OK;
        if (st)
            return st;
    }
    uint32_t s = get_u32(r);
    for (uint32_t i = 0; i < s && !r->short_read; i++) {
        uint32_t len = get_u32(r);
        const unsigned char *p = take(r, len);
        int64_t *v;
        if (p && smap_upsert(&t->stop, (const char *)p, len, 1, &v, err))
            return AL_ENOMEM;
    }
    return r->short_read ? malformed(err, "truncated") : AL_OK;
}

/* A BPE vocabulary must be the 256 bytes, then each merge's two pieces joined. */
static int bpe_consistent(const struct tokenizer *t)
{
    for (int32_t i = 0; i < t->n; i++) {
        if (i < 256 && (t->plen[i] != 1 || (unsigned char)t->piece[i][0] != i))
            return 0;
        if (i >= 256) {
            int32_t a = t->merge[2 * (i - 256)], b = t->merge[2 * (i - 256) + 1];
            if (t->plen[i] != t->plen[a] + t->plen[b])
                return 0;
        }
    }
    return 1;
}

static enum al_status read_merges(struct rbuf *r, struct tokenizer *t, struct al_error *err)
{
    uint32_t m = get_u32(r);
    int bpe = t->opt.kind == TOK_BPE;
    if (r->short_read || m > (r->n - r->at) / 8) /* each merge takes 8 bytes: no 34 GB malloc */
        return malformed(err, "truncated");
    if ((bpe && (uint64_t)(uint32_t)t->n != 256 + (uint64_t)m) || (!bpe && m != 0))
        return malformed(err, "vocabulary and merges disagree");
    t->merge = malloc(sizeof *t->merge * 2 * (size_t)(m + 1));
    if (!t->merge)
        return al_fail(err, AL_ENOMEM, "out of memory for %u merges", m);
    for (uint32_t i = 0; i < 2 * m; i++) {
        t->merge[i] = (int32_t)get_u32(r);
        if (t->merge[i] < 0 || t->merge[i] >= 256 + (int32_t)(i / 2))
            return malformed(err, "a merge refers to a later token");
    }
    t->nmerges = (int32_t)m;
    if (bpe && !bpe_consistent(t))
        return malformed(err, "a BPE token does not match its merge");
    return AL_OK;
}

static enum al_status read_body(struct rbuf *r, struct tokenizer *t, struct al_error *err)
{
    enum al_status st = read_pieces(r, t, err);
    if (st == AL_OK)
        st = read_merges(r, t, err);
    if (st)
        return st;
    uint32_t nl = get_u32(r);
    const unsigned char *note = take(r, nl);
    if (r->short_read || nl >= sizeof t->note)
        return malformed(err, "truncated");
    memcpy(t->note, note, nl);
    t->note[nl] = '\0';
    return AL_OK;
}

enum al_status tok_deserialize(const unsigned char *buf, size_t len, struct tokenizer **out,
                               struct al_error *err)
{
    struct rbuf r = {buf, len, 0, 0};
    struct tok_options o;
    uint32_t h[3];
    enum al_status st = read_header(&r, &o, h, err);
    if (st)
        return st;
    struct tokenizer *t = tok_alloc(&o);
    if (!t)
        return al_fail(err, AL_ENOMEM, "out of memory for a tokenizer");
    t->char_fallback = (int)h[0];
    t->pad = (int32_t)h[1];
    t->unk = (int32_t)h[2];
    st = read_body(&r, t, err);
    if (st == AL_OK && (t->pad >= t->n || t->unk >= t->n || t->pad < -1 || t->unk < -1))
        st = malformed(err, "special ids outside the vocabulary");
    if (st == AL_OK)
        st = tok_index(t, err);
    if (st) {
        tok_free(t);
        return st;
    }
    *out = t;
    return AL_OK;
}
