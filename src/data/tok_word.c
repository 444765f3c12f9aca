/* tok_word.c: the word tokenizer. Words are runs of letters and digits (an apostrophe
 * between letters stays inside: "don't"); each punctuation mark is a token; whitespace
 * separates and is dropped. CJK ideographs, written without spaces, are one token each, and
 * a text with no spaces at all falls back to one token per character; the tokenizer's note
 * says so. Options: lowercasing, stop words, min_freq with <unk>, max_vocab.
 * Ids: 0 is <pad>, 1 is <unk>, then words by falling frequency (ties in byte order). */
#include <stdlib.h>
#include <string.h>

#include "data/tok_internal.h"
#include "data/utf8.h"

enum seg_kind { SEG_WORD, SEG_OTHER };

/* Finds the next piece at or after *i; returns 0 at the end, -1 on invalid UTF-8 (*i then
 * names the bad byte), 1 with [*start, *start + *len) and its kind. */
static int next_segment(const unsigned char *u, size_t n, size_t *i, int fallback, size_t *start,
                        size_t *len, enum seg_kind *kind)
{
    uint32_t cp;
    int k = 0;
    enum utf8_class c = UTF8_SPACE;
    while (*i < n) {
        k = utf8_decode(u + *i, n - *i, &cp);
        if (k == 0)
            return -1;
        c = utf8_class_of(cp);
        if (c != UTF8_SPACE)
            break;
        *i += (size_t)k;
    }
    if (*i >= n)
        return 0;
    *start = *i;
    *i += (size_t)k;
    *kind = c == UTF8_WORD && !fallback ? SEG_WORD : SEG_OTHER;
    while (*kind == SEG_WORD && *i < n) {
        k = utf8_decode(u + *i, n - *i, &cp);
        if (k == 0)
            return -1;
        c = utf8_class_of(cp);
        int apostrophe =
            cp == '\'' && *i + 1 < n && u[*i + 1] < 0x80 && utf8_class_of(u[*i + 1]) == UTF8_WORD;
        if (c != UTF8_WORD && !apostrophe)
            break;
        *i += (size_t)k;
    }
    *len = *i - *start;
    return 1;
}

/* Lower-cases src[0..n) into dst (same length: every mapping in utf8_lower keeps it). */
static void lower_into(const char *src, size_t n, char *dst)
{
    const unsigned char *u = (const unsigned char *)src;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(u + i, n - i, &cp);
        utf8_encode(utf8_lower(cp), (unsigned char *)dst + i);
        i += (size_t)k;
    }
}

/* The shared walk of training and encoding: each piece normalised, with its stop flag. */
struct walk {
    const struct tokenizer *t;
    char *buf;
    size_t cap;
};

static enum al_status norm(struct walk *w, const char *s, size_t len, enum seg_kind kind,
                           const char **out, int *stop, struct al_error *err)
{
    if (len + 1 > w->cap) {
        char *b = realloc(w->buf, len + 1);
        if (!b)
            return al_fail(err, AL_ENOMEM, "out of memory for a word of %zu bytes", len);
        w->buf = b;
        w->cap = len + 1;
    }
    *stop = 0;
    if (kind == SEG_WORD && w->t->stop.count) {
        lower_into(s, len, w->buf);
        *stop = smap_find(&w->t->stop, w->buf, len) != NULL;
    }
    if (w->t->opt.lowercase) {
        lower_into(s, len, w->buf);
        *out = w->buf;
    } else {
        *out = s;
    }
    return AL_OK;
}

static enum al_status bad_utf8(size_t i, struct al_error *err)
{
    al_fail(err, AL_EUTF8, "invalid UTF-8 at byte offset %zu", i);
    if (err)
        err->offset = (long long)i;
    return AL_EUTF8;
}

/* Decides the fall-back and counts the distinct words into counts. */
static enum al_status count_words(struct tokenizer *t, const char *s, size_t n, struct smap *counts,
                                  int *saw_ideo, struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    int spaces = 0;
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        spaces |= u[i] == ' ' || u[i] == '\n' || u[i] == '\t';
        chars += (u[i] & 0xC0) != 0x80;
    }
    t->char_fallback = !spaces && chars > 1;
    struct walk w = {t, NULL, 0};
    size_t i = 0, start, len;
    enum seg_kind kind;
    int r;
    enum al_status st = AL_OK;
    while (st == AL_OK && (r = next_segment(u, n, &i, t->char_fallback, &start, &len, &kind))) {
        if (r < 0) {
            st = bad_utf8(i, err);
            break;
        }
        uint32_t cp;
        if (kind == SEG_OTHER && utf8_decode(u + start, len, &cp) && utf8_class_of(cp) == UTF8_IDEO)
            *saw_ideo = 1;
        const char *p;
        int stop;
        int64_t *v;
        st = norm(&w, s + start, len, kind, &p, &stop, err);
        if (st == AL_OK && !stop)
            st = smap_upsert(counts, p, len, 0, &v, err);
        if (st == AL_OK && !stop)
            (*v)++;
    }
    free(w.buf);
    return st;
}

static int by_freq(const void *a, const void *b)
{
    const struct smap_slot *x = *(const struct smap_slot *const *)a;
    const struct smap_slot *y = *(const struct smap_slot *const *)b;
    if (x->val != y->val)
        return x->val > y->val ? -1 : 1;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, m);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Puts <pad>, <unk> and the kept words, folding rare and overflowing words into <unk>. */
static enum al_status build_vocab(struct tokenizer *t, const struct smap *counts,
                                  struct al_error *err)
{
    const struct smap_slot **e = malloc(sizeof *e * (counts->count + 1));
    if (!e)
        return al_fail(err, AL_ENOMEM, "out of memory sorting %zu words", counts->count);
    size_t m = 0;
    for (size_t i = 0; i < counts->cap; i++)
        if (counts->slot[i].key)
            e[m++] = &counts->slot[i];
    qsort(e, m, sizeof *e, by_freq);
    size_t keep = 0, limit = t->opt.max_vocab ? (size_t)t->opt.max_vocab - 2 : m;
    int64_t unk = 0;
    for (size_t i = 0; i < m; i++) {
        if (e[i]->val >= t->opt.min_freq && keep < limit)
            e[keep++] = e[i];
        else
            unk += e[i]->val;
    }
    t->pad = 0;
    t->unk = 1;
    enum al_status st = tok_push(t, "<pad>", 5, 0, err);
    if (st == AL_OK)
        st = tok_push(t, "<unk>", 5, unk, err);
    for (size_t i = 0; st == AL_OK && i < keep; i++)
        st = tok_push(t, e[i]->key, e[i]->len, e[i]->val, err);
    free(e);
    return st;
}

enum al_status tok_word_train(struct tokenizer *t, const char *s, size_t n, struct al_error *err)
{
    struct smap counts;
    enum al_status st = smap_init(&counts, 1024, err);
    if (st)
        return st;
    int saw_ideo = 0;
    st = count_words(t, s, n, &counts, &saw_ideo, err);
    if (st == AL_OK)
        st = build_vocab(t, &counts, err);
    smap_free(&counts);
    if (t->char_fallback)
        strcpy(t->note, "the text has no spaces between words, so the word tokenizer falls back "
                        "to one token per character");
    else if (saw_ideo)
        strcpy(t->note, "Chinese and Japanese characters have no spaces between words: "
                        "each character is a token of its own");
    return st;
}

enum al_status tok_word_split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                              void *ctx, struct al_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    struct walk w = {t, NULL, 0};
    size_t i = 0, start, len;
    enum seg_kind kind;
    int r;
    enum al_status st = AL_OK;
    while ((r = next_segment(u, n, &i, t->char_fallback, &start, &len, &kind))) {
        if (r < 0) {
            st = bad_utf8(i, err);
            break;
        }
        const char *p;
        int stop;
        if ((st = norm(&w, s + start, len, kind, &p, &stop, err)))
            break;
        int64_t *v = stop ? NULL : smap_find(&t->index, p, len);
        int32_t id = stop ? TOK_DROPPED : v ? (int32_t)*v : t->unk;
        if (emit(ctx, id, start, len)) {
            st = al_fail(err, AL_ENOMEM, "out of memory while encoding");
            break;
        }
    }
    free(w.buf);
    return st;
}
