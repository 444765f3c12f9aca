/* tok_bpe.c: byte-level byte-pair encoding. The text is cut into chunks (a word with the
 * space before it, a run of digits, a run of punctuation, a run of whitespace) so that
 * merges stay inside words; the first 256 ids are the bytes, so every input is covered,
 * and merge i makes id 256 + i from the most frequent adjacent pair. Training counts
 * each distinct chunk once with its weight, which makes a 1 MB corpus a few thousand
 * short sequences. Encoding applies the merges in the order they were learnt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/tok_internal.h"
#include "data/utf8.h"

enum { CL_SPACE, CL_LETTER, CL_DIGIT, CL_OTHER };

/* A chunk never grows past this many bytes (it ends at a character boundary), so that a
 * long text without spaces or punctuation cannot make one huge sequence. */
#define MAX_CHUNK 256

/* The class of the character at s[i], whose length goes to *k. Non-ASCII letters and
 * ideographs count as letters, so a Chinese clause is one chunk up to its punctuation;
 * invalid bytes count as letters one byte long. */
static int class_at(const unsigned char *s, size_t n, size_t i, int *k)
{
    unsigned c = s[i];
    *k = 1;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
        return CL_SPACE;
    if (c >= '0' && c <= '9')
        return CL_DIGIT;
    if (((c | 32) >= 'a' && (c | 32) <= 'z') || c == '\'' || c == '_')
        return CL_LETTER;
    if (c < 0x80)
        return CL_OTHER;
    uint32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (len == 0)
        return CL_LETTER;
    *k = len;
    enum utf8_class u = utf8_class_of(cp);
    return u == UTF8_SPACE ? CL_SPACE : u == UTF8_PUNCT ? CL_OTHER : CL_LETTER;
}

/* The end of the chunk that starts at i. */
static size_t chunk_end(const unsigned char *s, size_t n, size_t i)
{
    size_t start = i;
    int k;
    if (s[i] == ' ' && i + 1 < n && class_at(s, n, i + 1, &k) != CL_SPACE)
        i++; /* a single space travels with the word after it */
    int c = class_at(s, n, i, &k);
    size_t j = i + (size_t)k;
    while (j < n && j - start < MAX_CHUNK && class_at(s, n, j, &k) == c)
        j += (size_t)k;
    if (c == CL_SPACE && j < n && j - i > 1 && s[j - 1] == ' ')
        j--; /* leave the last space of a run for the next word */
    return j;
}

struct seqs {
    int32_t *ids; /* all chunks' ids, chunk c at ids[off[c] .. off[c] + len[c]) */
    size_t *off;
    uint32_t *len;
    int64_t *weight; /* how often the chunk occurs in the text */
    size_t count;
};

static void seqs_free(struct seqs *q)
{
    free(q->ids);
    free(q->off);
    free(q->len);
    free(q->weight);
}

static enum al_status distinct_chunks(const char *s, size_t n, struct smap *m, size_t *bytes,
                                      struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    *bytes = 0;
    for (size_t i = 0; i < n;) {
        size_t j = chunk_end(u, n, i);
        int64_t *v;
        enum al_status st = smap_upsert(m, s + i, j - i, 0, &v, err);
        if (st)
            return st;
        if ((*v)++ == 0)
            *bytes += j - i;
        i = j;
    }
    return AL_OK;
}

static enum al_status make_seqs(const struct smap *m, size_t bytes, struct seqs *q,
                                struct al_error *err)
{
    q->count = m->count;
    q->ids = malloc(sizeof *q->ids * (bytes + 1));
    q->off = malloc(sizeof *q->off * (m->count + 1));
    q->len = malloc(sizeof *q->len * (m->count + 1));
    q->weight = malloc(sizeof *q->weight * (m->count + 1));
    if (!q->ids || !q->off || !q->len || !q->weight) {
        seqs_free(q);
        return al_fail(err, AL_ENOMEM, "out of memory for %zu chunks", m->count);
    }
    size_t c = 0, w = 0;
    for (size_t i = 0; i < m->cap; i++) {
        const struct smap_slot *e = &m->slot[i];
        if (!e->key)
            continue;
        q->off[c] = w;
        q->len[c] = e->len;
        q->weight[c] = e->val;
        for (uint32_t k = 0; k < e->len; k++)
            q->ids[w++] = (unsigned char)e->key[k];
        c++;
    }
    return AL_OK;
}

static uint64_t pair_key(int32_t a, int32_t b)
{
    return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

/* Counts every adjacent pair, weighted, and returns the best: highest count, then lowest
 * pair, so that training is deterministic. *best_count 0 when there is no pair. */
static enum al_status best_pair(const struct seqs *q, struct umap *counts, uint64_t *best,
                                int64_t *best_count, struct al_error *err)
{
    umap_clear(counts);
    *best_count = 0;
    for (size_t c = 0; c < q->count; c++) {
        const int32_t *s = q->ids + q->off[c];
        for (uint32_t i = 0; i + 1 < q->len[c]; i++) {
            int64_t *v;
            uint64_t key = pair_key(s[i], s[i + 1]);
            enum al_status st = umap_upsert(counts, key, 0, &v, err);
            if (st)
                return st;
            *v += q->weight[c];
            if (*v > *best_count || (*v == *best_count && key < *best))
                *best = key, *best_count = *v;
        }
    }
    return AL_OK;
}

/* Replaces every (a, b) in s[0..n) by id, left to right; returns the new length. */
static uint32_t merge_in(int32_t *s, uint32_t n, int32_t a, int32_t b, int32_t id)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i + 1 < n && s[i] == a && s[i + 1] == b) {
            s[w++] = id;
            i++;
        } else {
            s[w++] = s[i];
        }
    }
    return w;
}

static enum al_status learn(struct tokenizer *t, struct seqs *q, struct al_error *err)
{
    struct umap counts;
    enum al_status st = umap_init(&counts, 4096, err);
    int32_t want = t->opt.merges;
    t->merge = malloc(sizeof *t->merge * 2 * (size_t)(want + 1));
    if (st == AL_OK && !t->merge)
        st = al_fail(err, AL_ENOMEM, "out of memory for %d merges", (int)want);
    while (st == AL_OK && t->nmerges < want) {
        if (al_interrupted(t->opt.interrupt)) {
            st = al_fail(err, AL_ESTATE, "interrupted while learning BPE merges");
            break;
        }
        uint64_t key = 0;
        int64_t count;
        st = best_pair(q, &counts, &key, &count, err);
        if (st || count < 2)
            break;
        int32_t a = (int32_t)(key >> 32), b = (int32_t)(uint32_t)key, id = 256 + t->nmerges;
        for (size_t c = 0; c < q->count; c++)
            q->len[c] = merge_in(q->ids + q->off[c], q->len[c], a, b, id);
        size_t la = t->plen[a], lb = t->plen[b];
        char *p = malloc(la + lb);
        if (!p) {
            st = al_fail(err, AL_ENOMEM, "out of memory for a token");
            break;
        }
        memcpy(p, t->piece[a], la);
        memcpy(p + la, t->piece[b], lb);
        st = tok_push(t, p, la + lb, 0, err);
        free(p);
        t->merge[2 * t->nmerges] = a;
        t->merge[2 * t->nmerges + 1] = b;
        t->nmerges++;
    }
    umap_free(&counts);
    return st;
}

enum al_status tok_bpe_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err)
{
    for (int b = 0; b < 256; b++) {
        char c = (char)b;
        enum al_status st = tok_push(t, &c, 1, 0, err);
        if (st)
            return st;
    }
    struct smap m;
    size_t bytes;
    struct seqs q = {0};
    enum al_status st = smap_init(&m, 4096, err);
    if (st)
        return st;
    st = distinct_chunks(s, n, &m, &bytes, err);
    if (st == AL_OK)
        st = make_seqs(&m, bytes, &q, err);
    smap_free(&m);
    if (st)
        return st;
    st = learn(t, &q, err);
    for (size_t c = 0; st == AL_OK && c < q.count; c++) /* each token's count in the text */
        for (uint32_t i = 0; i < q.len[c]; i++)
            t->freq[q.ids[q.off[c] + i]] += q.weight[c];
    seqs_free(&q);
    if (st == AL_OK && t->nmerges < t->opt.merges)
        snprintf(t->note, sizeof t->note,
                 "BPE stopped after %d of %d merges: no pair of tokens occurs twice",
                 (int)t->nmerges, t->opt.merges);
    return st;
}

/* Encodes one chunk in place: ids[0..n) holds its bytes on entry; returns the new length. */
static uint32_t encode_chunk(const struct tokenizer *t, int32_t *ids, uint32_t n)
{
    while (n > 1) {
        int64_t best = INT64_MAX;
        for (uint32_t i = 0; i + 1 < n; i++) {
            int64_t *v = umap_find(&t->rank, pair_key(ids[i], ids[i + 1]));
            if (v && *v < best)
                best = *v;
        }
        if (best == INT64_MAX)
            break;
        int32_t id = (int32_t)best, k = id - 256;
        n = merge_in(ids, n, t->merge[2 * k], t->merge[2 * k + 1], id);
    }
    return n;
}

enum al_status tok_bpe_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                             void *ctx, struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    int32_t small[256], *ids = small;
    size_t cap = 256;
    enum al_status st = AL_OK;
    for (size_t i = 0; i < n && st == AL_OK;) {
        size_t j = chunk_end(u, n, i);
        if (j - i > cap) {
            int32_t *big = malloc(sizeof *big * (j - i));
            if (!big) {
                st = al_fail(err, AL_ENOMEM, "out of memory while encoding");
                break;
            }
            if (ids != small)
                free(ids);
            ids = big;
            cap = j - i;
        }
        for (size_t k = i; k < j; k++)
            ids[k - i] = u[k];
        uint32_t m = encode_chunk(t, ids, (uint32_t)(j - i));
        size_t at = i;
        for (uint32_t k = 0; k < m; k++) {
            if (emit(ctx, ids[k], at, t->plen[ids[k]])) {
                st = al_fail(err, AL_ENOMEM, "out of memory while encoding");
                break;
            }
            at += t->plen[ids[k]];
        }
        i = j;
    }
    if (ids != small)
        free(ids);
    return st;
}
