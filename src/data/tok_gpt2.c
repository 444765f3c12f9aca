/* tok_gpt2.c: GPT-2's byte-level BPE (see tok_gpt2.h): reading its vocabulary and merges,
 * the lookup tables, and encoding. The vocabulary is read with jansson; the pre-tokenizing
 * expression runs in PCRE2, whose \p{L} and \p{N} know Unicode, so that no table of letters
 * lives here. Merging follows GPT-2's encoder: repeatedly take the adjacent pair of lowest
 * rank and merge all its occurrences left to right. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "data/tok_gpt2.h"

#include <jansson.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "data/text.h"
#include "data/tok_internal.h"

static const char pattern[] = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+"
                              "|\\s+(?!\\S)|\\s+";

struct tok_gpt2 {
    int32_t byte_id[256]; /* the token of each single byte */
    pcre2_code *re;
};

/* GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68
 * bytes take 256, 257, ... in byte order. */
unsigned tok_gpt2_byte_char(unsigned char b)
{
    if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE)
        return b;
    unsigned n = 0;
    for (unsigned c = 0; c < b; c++)
        n += !((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || c >= 0xAE);
    return 256 + n;
}

/* The inverse: code point -> byte, or -1. */
static int char_byte(uint32_t cp)
{
    static int table[324];
    static int ready;
    if (!ready) { /* idempotent: racing threads write the same values */
        for (int i = 0; i < 324; i++)
            table[i] = -1;
        for (int b = 0; b < 256; b++)
            table[tok_gpt2_byte_char((unsigned char)b)] = b;
        ready = 1;
    }
    return cp < 324 ? table[cp] : -1;
}

/* A piece as the files write it (UTF-8 of stand-ins) -> its raw bytes in out (at most n
 * bytes, since every stand-in is one byte); returns the length or -1. */
static long unmap_piece(const char *s, size_t n, char *out)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        int b = k > 0 ? char_byte(cp) : -1;
        if (b < 0)
            return -1;
        out[w++] = (char)b;
        i += (size_t)k;
    }
    return (long)w;
}

void tok_gpt2_free(struct tok_gpt2 *g)
{
    if (!g)
        return;
    pcre2_code_free(g->re);
    free(g);
}

static enum al_status compile_pattern(struct tok_gpt2 *g, struct al_error *err)
{
    int code;
    PCRE2_SIZE at;
    g->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
    if (!g->re) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        return al_fail(err, AL_EINVAL, "GPT-2's pre-tokenizing expression: %s", (char *)msg);
    }
    pcre2_jit_compile(g->re, PCRE2_JIT_COMPLETE); /* a speed-up only: without JIT it interprets */
    return AL_OK;
}

static uint64_t pair_key(int32_t a, int32_t b)
{
    return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

enum al_status tok_gpt2_index(struct tokenizer *t, struct al_error *err)
{
    struct tok_gpt2 *g = calloc(1, sizeof *g);
    if (!g)
        return al_fail(err, AL_ENOMEM, "out of memory for GPT-2's tokenizer");
    tok_gpt2_free(t->gpt2);
    t->gpt2 = g;
    for (int b = 0; b < 256; b++)
        g->byte_id[b] = -1;
    for (int32_t i = 0; i < t->n; i++) {
        int64_t *v;
        enum al_status st = smap_upsert(&t->index, t->piece[i], t->plen[i], i, &v, err);
        if (st)
            return st;
        if (*v != i)
            return al_fail(err, AL_EFORMAT, "tokens %d and %d are the same bytes", (int)*v, (int)i);
        if (t->plen[i] == 1)
            g->byte_id[(unsigned char)t->piece[i][0]] = i;
    }
    for (int b = 0; b < 256; b++)
        if (g->byte_id[b] < 0)
            return al_fail(err, AL_EFORMAT,
                           "the vocabulary has no token for the byte 0x%02X, so "
                           "some texts could not be encoded",
                           b);
    char *joined = malloc(1);
    size_t cap = 1;
    enum al_status st = joined ? AL_OK : al_fail(err, AL_ENOMEM, "out of memory");
    for (int32_t r = 0; st == AL_OK && r < t->nmerges; r++) {
        int32_t a = t->merge[2 * r], b = t->merge[2 * r + 1];
        size_t la = t->plen[a], lb = t->plen[b];
        if (la + lb > cap) {
            char *p = realloc(joined, la + lb);
            if (!p) {
                st = al_fail(err, AL_ENOMEM, "out of memory");
                break;
            }
            joined = p, cap = la + lb;
        }
        memcpy(joined, t->piece[a], la);
        memcpy(joined + la, t->piece[b], lb);
        int64_t *id = smap_find(&t->index, joined, la + lb);
        if (!id) {
            st = al_fail(err, AL_EFORMAT,
                         "merge %d joins two tokens into one the vocabulary "
                         "does not have",
                         (int)r + 1);
            break;
        }
        int64_t *v, made = *id;
        st = umap_upsert(&t->rank, pair_key(a, b), (int64_t)r << 32 | made, &v, err);
    }
    free(joined);
    return st == AL_OK ? compile_pattern(g, err) : st;
}

/* Merges ids[0..n) in place by rank; returns the new length. */
static uint32_t merge_piece(const struct tokenizer *t, int32_t *ids, uint32_t n)
{
    while (n > 1) {
        int64_t best = INT64_MAX;
        int32_t ba = 0, bb = 0;
        for (uint32_t i = 0; i + 1 < n; i++) {
            int64_t *v = umap_find(&t->rank, pair_key(ids[i], ids[i + 1]));
            if (v && *v < best)
                best = *v, ba = ids[i], bb = ids[i + 1];
        }
        if (best == INT64_MAX)
            break;
        int32_t made = (int32_t)(best & 0xFFFFFFFF);
        uint32_t w = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (i + 1 < n && ids[i] == ba && ids[i + 1] == bb)
                ids[w++] = made, i++;
            else
                ids[w++] = ids[i];
        }
        n = w;
    }
    return n;
}

/* Encodes bytes s[start, end) as one piece and emits its tokens. */
static enum al_status emit_piece(const struct tokenizer *t, const unsigned char *s, size_t start,
                                 size_t end, int32_t **ids, size_t *cap, tok_emit_fn emit,
                                 void *ctx, struct al_error *err)
{
    size_t n = end - start;
    if (n > *cap) {
        int32_t *p = realloc(*ids, sizeof *p * n);
        if (!p)
            return al_fail(err, AL_ENOMEM, "out of memory while encoding");
        *ids = p, *cap = n;
    }
    for (size_t k = 0; k < n; k++)
        (*ids)[k] = t->gpt2->byte_id[s[start + k]];
    uint32_t m = merge_piece(t, *ids, (uint32_t)n);
    size_t at = start;
    for (uint32_t k = 0; k < m; k++) {
        if (emit(ctx, (*ids)[k], at, t->plen[(*ids)[k]]))
            return al_fail(err, AL_ENOMEM, "out of memory while encoding");
        at += t->plen[(*ids)[k]];
    }
    return AL_OK;
}

enum al_status tok_gpt2_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(t->gpt2->re, NULL);
    int32_t *ids = NULL;
    size_t cap = 0, pos = 0;
    enum al_status st = md ? AL_OK : al_fail(err, AL_ENOMEM, "out of memory while encoding");
    while (st == AL_OK && pos < n) {
        int rc = pcre2_match(t->gpt2->re, u ? u : (const unsigned char *)"", n, pos, 0, md, NULL);
        size_t ms = n, me = n;
        if (rc > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            ms = ov[0], me = ov[1];
        } else if (rc != PCRE2_ERROR_NOMATCH) {
            st = al_fail(err, AL_EINVAL, "GPT-2's pre-tokenizer failed (PCRE2 error %d)", rc);
            break;
        }
        /* bytes no alternative matches (invalid UTF-8) are a piece of their own */
        if (ms > pos)
            st = emit_piece(t, u, pos, ms, &ids, &cap, emit, ctx, err);
        if (st == AL_OK && me > ms)
            st = emit_piece(t, u, ms, me, &ids, &cap, emit, ctx, err);
        pos = me > pos ? me : n;
    }
    free(ids);
    pcre2_match_data_free(md);
    return st;
}

static enum al_status add_vocab(struct tokenizer *t, json_t *vocab, const char *what,
                                struct al_error *err)
{
    size_t n = json_object_size(vocab);
    if (!json_is_object(vocab) || n == 0)
        return al_fail(err, AL_EFORMAT, "%s: the vocabulary is not a JSON object of tokens", what);
    if (n > 10000000)
        return al_fail(err, AL_EFORMAT, "%s: %zu tokens is more than attnlab handles", what, n);
    const char **key = calloc(n, sizeof *key);
    size_t *klen = calloc(n, sizeof *klen);
    enum al_status st = key && klen ? AL_OK : al_fail(err, AL_ENOMEM, "out of memory");
    const char *k;
    json_t *v;
    json_object_foreach(vocab, k, v)
    {
        if (st)
            break;
        json_int_t id = json_is_integer(v) ? json_integer_value(v) : -1;
        if (id < 0 || (size_t)id >= n)
            st = al_fail(err, AL_EFORMAT, "%s: the token \"%.40s\" has id %s, not an id in 0..%zu",
                         what, k, json_is_integer(v) ? "out of range" : "that is not a number",
                         n - 1);
        else if (key[id])
            st =
                al_fail(err, AL_EFORMAT, "%s: id %lld is given to two tokens", what, (long long)id);
        else
            key[id] = k, klen[id] = strlen(k);
    }
    char *raw = NULL;
    for (size_t i = 0; st == AL_OK && i < n; i++) {
        char *p = realloc(raw, klen[i] + 1);
        long len = p ? unmap_piece(key[i], klen[i], p) : -1;
        raw = p ? p : raw;
        if (!p)
            st = al_fail(err, AL_ENOMEM, "out of memory");
        else if (len <= 0)
            st = al_fail(err, AL_EFORMAT,
                         "%s: the token \"%.40s\" (id %zu) is not written in "
                         "GPT-2's byte alphabet",
                         what, key[i], i);
        else
            st = tok_push(t, raw, (size_t)len, 0, err);
    }
    free(raw);
    free(key);
    free(klen);
    return st;
}

/* Looks a merge's token up as the files write it. */
static int32_t lookup(json_t *vocab, const char *s, size_t n)
{
    char key[256];
    if (n >= sizeof key || memchr(s, '\0', n))
        return -1;
    memcpy(key, s, n);
    key[n] = '\0';
    json_t *v = json_object_get(vocab, key);
    return json_is_integer(v) ? (int32_t)json_integer_value(v) : -1;
}

static enum al_status add_merges(struct tokenizer *t, json_t *vocab, const char *m, size_t n,
                                 const char *what, struct al_error *err)
{
    size_t cap = 1024;
    t->merge = malloc(sizeof *t->merge * 2 * cap);
    if (!t->merge)
        return al_fail(err, AL_ENOMEM, "out of memory for merges");
    long line = 0;
    for (size_t i = 0; i < n;) {
        const char *eol = memchr(m + i, '\n', n - i);
        size_t end = eol ? (size_t)(eol - m) : n, len = end - i;
        const char *s = m + i;
        line++;
        i = end + 1;
        if (len && s[len - 1] == '\r')
            len--;
        if (len == 0 || (line == 1 && len >= 8 && memcmp(s, "#version", 8) == 0))
            continue;
        const char *sp = memchr(s, ' ', len);
        int32_t a = sp ? lookup(vocab, s, (size_t)(sp - s)) : -1;
        int32_t b = sp ? lookup(vocab, sp + 1, len - (size_t)(sp - s) - 1) : -1;
        if (!sp || sp == s || sp + 1 == s + len || memchr(sp + 1, ' ', len - (size_t)(sp - s) - 1))
            return al_fail(err, AL_EFORMAT,
                           "%s: merges line %ld is not two tokens with one space "
                           "between them",
                           what, line);
        if (a < 0 || b < 0 || a >= t->n || b >= t->n)
            return al_fail(err, AL_EFORMAT,
                           "%s: merges line %ld names a token the vocabulary "
                           "does not have (\"%.*s\")",
                           what, line, (int)(len < 40 ? len : 40), s);
        if (t->nmerges == t->n)
            return al_fail(err, AL_EFORMAT, "%s: more merges than tokens", what);
        if ((size_t)t->nmerges == cap) {
            int32_t *p = realloc(t->merge, sizeof *p * 4 * cap);
            if (!p)
                return al_fail(err, AL_ENOMEM, "out of memory for merges");
            t->merge = p, cap *= 2;
        }
        t->merge[2 * t->nmerges] = a;
        t->merge[2 * t->nmerges + 1] = b;
        t->nmerges++;
    }
    if (t->nmerges == 0)
        return al_fail(err, AL_EFORMAT, "%s: no merges", what);
    return AL_OK;
}

enum al_status tok_gpt2_parse(const char *vocab, size_t vocab_len, const char *merges,
                              size_t merges_len, const char *what, struct tokenizer **out,
                              struct al_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(vocab, vocab_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return al_fail(err, AL_EFORMAT, "%s: the vocabulary is not valid JSON (line %d: %s)", what,
                       jerr.line, jerr.text);
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_GPT2;
    o.merges = 0;
    struct tokenizer *t = tok_alloc(&o);
    enum al_status st = t ? AL_OK : al_fail(err, AL_ENOMEM, "out of memory for a tokenizer");
    if (st == AL_OK)
        st = add_vocab(t, root, what, err);
    if (st == AL_OK)
        st = add_merges(t, root, merges, merges_len, what, err);
    json_decref(root);
    if (st == AL_OK) {
        t->opt.merges = t->nmerges;
        st = tok_index(t, err);
    }
    if (st) {
        tok_free(t);
        return st;
    }
    *out = t;
    return AL_OK;
}

enum al_status tok_gpt2_read(const char *vocab_path, const char *merges_path,
                             struct tokenizer **out, struct al_error *err)
{
    char *v = NULL, *m = NULL;
    size_t vl = 0, ml = 0;
    enum al_status st = text_read_file(vocab_path, &v, &vl, err);
    if (st == AL_OK)
        st = text_read_file(merges_path, &m, &ml, err);
    if (st == AL_OK) {
        const char *slash = strrchr(vocab_path, '/');
        const char *mslash = strrchr(merges_path, '/');
        char what[160];
        snprintf(what, sizeof what, "%.60s + %.60s", slash ? slash + 1 : vocab_path,
                 mslash ? mslash + 1 : merges_path);
        st = tok_gpt2_parse(v, vl, m, ml, what, out, err);
    }
    free(v);
    free(m);
    return st;
}

static int exists(const char *dir, const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

enum al_status tok_gpt2_read_dir(const char *dir, struct tokenizer **out, struct al_error *err)
{
    char v[4096], m[4096];
    if (exists(dir, "vocab.json", v, sizeof v) && exists(dir, "merges.txt", m, sizeof m))
        return tok_gpt2_read(v, m, out, err);
    if (exists(dir, "encoder.json", v, sizeof v) && exists(dir, "vocab.bpe", m, sizeof m))
        return tok_gpt2_read(v, m, out, err);
    return al_fail(err, AL_EIO,
                   "%.120s has no GPT-2 tokenizer: it needs vocab.json and "
                   "merges.txt, or encoder.json and vocab.bpe",
                   dir);
}
