/* tokenizer.c: what all tokenizers share: building the vocabulary, the accessors, encode,
 * decode and explain on top of each kind's splitter, and escaping pieces for display. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/tok_internal.h"
#include "data/utf8.h"

void tok_options_default(struct tok_options *o)
{
    *o = (struct tok_options){.kind = TOK_CHAR, .min_freq = 1, .merges = 256};
}

const char *const tok_kind_words[] = {
    [TOK_CHAR] = "char", [TOK_WORD] = "word", [TOK_BPE] = "bpe", [TOK_KIND_COUNT] = NULL};
_Static_assert(sizeof tok_kind_words / sizeof tok_kind_words[0] == TOK_KIND_COUNT + 1,
               "one word per tokenizer kind");

const char *tok_kind_name(enum tok_kind k)
{
    if (k == TOK_GPT2)
        return "gpt2";
    return (unsigned)k < TOK_KIND_COUNT ? tok_kind_words[k] : tok_kind_words[TOK_CHAR];
}

struct tokenizer *tok_alloc(const struct tok_options *opt)
{
    struct tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->opt = *opt;
    t->opt.stopwords_path = NULL;
    t->pad = t->unk = -1;
    if (smap_init(&t->index, 64, NULL) || smap_init(&t->stop, 16, NULL) ||
        umap_init(&t->rank, 64, NULL)) {
        tok_free(t);
        return NULL;
    }
    return t;
}

void tok_free(struct tokenizer *t)
{
    if (!t)
        return;
    for (int32_t i = 0; i < t->n; i++)
        free(t->piece[i]);
    free(t->piece);
    free(t->plen);
    free(t->freq);
    free(t->merge);
    smap_free(&t->index);
    smap_free(&t->stop);
    umap_free(&t->rank);
    tok_gpt2_free(t->gpt2);
    free(t);
}

static enum al_status grow(struct tokenizer *t, struct al_error *err)
{
    int32_t cap = t->cap ? t->cap * 2 : 256;
    char **p = realloc(t->piece, sizeof *p * (size_t)cap);
    if (p)
        t->piece = p;
    uint32_t *l = realloc(t->plen, sizeof *l * (size_t)cap);
    if (l)
        t->plen = l;
    int64_t *f = realloc(t->freq, sizeof *f * (size_t)cap);
    if (f)
        t->freq = f;
    if (!p || !l || !f)
        return al_fail(err, AL_ENOMEM, "out of memory for a vocabulary of %d", (int)cap);
    t->cap = cap;
    return AL_OK;
}

enum al_status tok_push(struct tokenizer *t, const char *p, size_t len, int64_t freq,
                        struct al_error *err)
{
    if (t->n == t->cap) {
        enum al_status st = grow(t, err);
        if (st)
            return st;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return al_fail(err, AL_ENOMEM, "out of memory for a token of %zu bytes", len);
    memcpy(copy, p, len);
    copy[len] = '\0';
    t->piece[t->n] = copy;
    t->plen[t->n] = (uint32_t)len;
    t->freq[t->n] = freq;
    t->n++;
    return AL_OK;
}

enum al_status tok_index(struct tokenizer *t, struct al_error *err)
{
    for (int i = 0; i < 128; i++)
        t->ascii[i] = -1;
    if (t->opt.kind == TOK_GPT2)
        return tok_gpt2_index(t, err);
    if (t->opt.kind == TOK_BPE) {
        for (int32_t i = 0; i < t->nmerges; i++) {
            uint64_t key = (uint64_t)t->merge[2 * i] << 32 | (uint32_t)t->merge[2 * i + 1];
            int64_t *v;
            enum al_status st = umap_upsert(&t->rank, key, 256 + i, &v, err);
            if (st)
                return st;
        }
        return AL_OK;
    }
    for (int32_t i = 0; i < t->n; i++) {
        int64_t *v;
        enum al_status st = smap_upsert(&t->index, t->piece[i], t->plen[i], i, &v, err);
        if (st)
            return st;
        if (t->opt.kind == TOK_CHAR && t->plen[i] == 1)
            t->ascii[(unsigned char)t->piece[i][0] & 127] = i;
    }
    return AL_OK;
}

enum al_status tok_train(const struct tok_options *opt, const char *text, size_t len,
                         struct tokenizer **out, struct al_error *err)
{
    if (opt->kind == TOK_WORD && opt->max_vocab != 0 && opt->max_vocab < 3)
        return al_fail(err, AL_EINVAL, "max_vocab=%d leaves no room beside <pad> and <unk>",
                       opt->max_vocab);
    if (opt->kind == TOK_GPT2)
        return al_fail(err, AL_EINVAL, "GPT-2's tokenizer is read from its files, not trained");
    if (opt->min_freq < 0 || opt->max_vocab < 0 || (opt->kind == TOK_BPE && opt->merges < 0))
        return al_fail(err, AL_EINVAL, "min_freq, max_vocab and merges must not be negative");
    struct tokenizer *t = tok_alloc(opt);
    if (!t)
        return al_fail(err, AL_ENOMEM, "out of memory for a tokenizer");
    enum al_status st = AL_OK;
    if (opt->kind == TOK_WORD)
        st = tok_load_stopwords(t, opt->stopwords_path, err);
    if (st == AL_OK)
        st = opt->kind == TOK_CHAR   ? tok_char_train(t, text, len, err)
             : opt->kind == TOK_WORD ? tok_word_train(t, text, len, err)
                                     : tok_bpe_train(t, text, len, err);
    if (st == AL_OK)
        st = tok_index(t, err);
    if (st) {
        tok_free(t);
        return st;
    }
    t->opt.interrupt = NULL; /* it belongs to the caller and dies with the load */
    *out = t;
    return AL_OK;
}

enum tok_kind tok_kind(const struct tokenizer *t)
{
    return t->opt.kind;
}

const struct tok_options *tok_get_options(const struct tokenizer *t)
{
    return &t->opt;
}

int32_t tok_vocab_size(const struct tokenizer *t)
{
    return t->n;
}

const char *tok_piece(const struct tokenizer *t, int32_t id, size_t *len)
{
    if (id < 0 || id >= t->n)
        return NULL;
    if (len)
        *len = t->plen[id];
    return t->piece[id];
}

int64_t tok_freq(const struct tokenizer *t, int32_t id)
{
    return id < 0 || id >= t->n ? 0 : t->freq[id];
}

int32_t tok_pad_id(const struct tokenizer *t)
{
    return t->pad;
}

int32_t tok_unk_id(const struct tokenizer *t)
{
    return t->unk;
}

int32_t tok_merges(const struct tokenizer *t)
{
    return t->nmerges;
}

const char *tok_note(const struct tokenizer *t)
{
    return t->note;
}

static enum al_status split(const struct tokenizer *t, const char *s, size_t n, tok_emit_fn emit,
                            void *ctx, struct al_error *err)
{
    switch (t->opt.kind) {
    case TOK_WORD: return tok_word_split(t, s, n, emit, ctx, err);
    case TOK_BPE: return tok_bpe_split(t, s, n, emit, ctx, err);
    case TOK_GPT2: return tok_gpt2_split(t, s, n, emit, ctx, err);
    default: return tok_char_split(t, s, n, emit, ctx, err);
    }
}

/* A growing array of spans or ids that the splitter's callback fills. */
struct collect {
    void *items;
    size_t n, cap, size;
    int spans;            /* 1: struct tok_span, 0: int32_t ids (dropped pieces skipped) */
    long long unknown_at; /* ids: where a character outside the vocabulary stopped us */
    size_t unknown_len;
};

static int collect_emit(void *ctx, int32_t id, size_t start, size_t len)
{
    struct collect *c = ctx;
    if (!c->spans && id == TOK_DROPPED)
        return 0;
    if (!c->spans && id == TOK_UNKNOWN) {
        c->unknown_at = (long long)start;
        c->unknown_len = len;
        return 1;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        void *grown = realloc(c->items, cap * c->size);
        if (!grown)
            return 1;
        c->items = grown;
        c->cap = cap;
    }
    if (c->spans)
        ((struct tok_span *)c->items)[c->n++] = (struct tok_span){id, start, len};
    else
        ((int32_t *)c->items)[c->n++] = id;
    return 0;
}

static enum al_status run_collect(const struct tokenizer *t, const char *s, size_t n,
                                  struct collect *c, size_t hint, struct al_error *err)
{
    if (hint) {
        c->items = malloc(hint * c->size);
        c->cap = c->items ? hint : 0;
    }
    c->unknown_at = -1;
    enum al_status st = split(t, s, n, collect_emit, c, err);
    if (st) {
        free(c->items);
        if (c->unknown_at < 0)
            return st;
        al_fail(err, AL_EINVAL, "the character '%.*s' at byte offset %lld is not in the vocabulary",
                (int)c->unknown_len, s + c->unknown_at, c->unknown_at);
        if (err)
            err->offset = c->unknown_at;
        return AL_EINVAL;
    }
    return AL_OK;
}

enum al_status tok_encode(const struct tokenizer *t, const char *text, size_t len, int32_t **ids,
                          size_t *n, struct al_error *err)
{
    struct collect c = {NULL, 0, 0, sizeof(int32_t), 0, -1, 0};
    /* char yields at most one id a byte: one allocation up front keeps 100 MB fast */
    size_t hint = t->opt.kind == TOK_CHAR ? len + 1 : len / 4 + 16;
    enum al_status st = run_collect(t, text, len, &c, hint, err);
    if (st)
        return st;
    *ids = c.items;
    *n = c.n;
    return AL_OK;
}

enum al_status tok_explain(const struct tokenizer *t, const char *text, size_t len,
                           struct tok_span **spans, size_t *n, struct al_error *err)
{
    struct collect c = {NULL, 0, 0, sizeof(struct tok_span), 1, -1, 0};
    enum al_status st = run_collect(t, text, len, &c, 0, err);
    if (st)
        return st;
    *spans = c.items;
    *n = c.n;
    return AL_OK;
}

/* Word decoding puts a space between words, except before closing punctuation and after
 * opening brackets, so that decoded text reads naturally. */
static int word_space(const struct tokenizer *t, int32_t prev, int32_t next)
{
    if (t->opt.kind != TOK_WORD || prev < 0 || t->char_fallback)
        return 0;
    const char *p = t->piece[prev], *q = t->piece[next];
    if (t->plen[next] == 1 && q[0] && strchr(",.!?;:)]}'%", q[0]))
        return 0;
    if (t->plen[prev] == 1 && p[0] && strchr("([{", p[0]))
        return 0;
    uint32_t cp;
    if (utf8_decode((const unsigned char *)q, t->plen[next], &cp) == (int)t->plen[next] &&
        (utf8_class_of(cp) == UTF8_IDEO || (utf8_class_of(cp) == UTF8_PUNCT && cp >= 0x3000)))
        return 0; /* Chinese text has no spaces between characters */
    if (utf8_decode((const unsigned char *)p, t->plen[prev], &cp) == (int)t->plen[prev] &&
        (utf8_class_of(cp) == UTF8_IDEO || (utf8_class_of(cp) == UTF8_PUNCT && cp >= 0x3000)))
        return 0;
    return 1;
}

enum al_status tok_decode(const struct tokenizer *t, const int32_t *ids, size_t n, char **text,
                          size_t *len, struct al_error *err)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= t->n)
            return al_fail(err, AL_EINVAL, "token id %d is outside the vocabulary (0..%d)",
                           (int)ids[i], (int)t->n - 1);
        total += t->plen[ids[i]] + 1;
    }
    char *s = malloc(total);
    if (!s)
        return al_fail(err, AL_ENOMEM, "out of memory for %zu decoded bytes", total);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (word_space(t, i ? ids[i - 1] : -1, ids[i]))
            s[w++] = ' ';
        memcpy(s + w, t->piece[ids[i]], t->plen[ids[i]]);
        w += t->plen[ids[i]];
    }
    s[w] = '\0';
    *text = s;
    *len = w;
    return AL_OK;
}

static size_t put(char *out, size_t cap, size_t w, const char *s)
{
    for (; *s; s++, w++)
        if (w + 1 < cap)
            out[w] = *s;
    return w;
}

size_t tok_escape(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        char tmp[8];
        uint32_t cp;
        int k = u[i] >= 0x80 ? utf8_decode(u + i, n - i, &cp) : 1;
        if (k > 1) {
            memcpy(tmp, s + i, (size_t)k);
            tmp[k] = '\0';
        } else if (k == 0 || u[i] < 0x20 || u[i] == 0x7F) {
            const char *named = u[i] == '\n'   ? "\\n"
                                : u[i] == '\t' ? "\\t"
                                : u[i] == '\r' ? "\\r"
                                               : NULL;
            if (named)
                snprintf(tmp, sizeof tmp, "%s", named);
            else
                snprintf(tmp, sizeof tmp, "\\x%02X", u[i]);
            k = 1;
        } else if (u[i] == '\\') {
            snprintf(tmp, sizeof tmp, "\\\\");
        } else {
            tmp[0] = (char)u[i], tmp[1] = '\0';
        }
        w = put(out, cap, w, tmp);
        i += (size_t)k;
    }
    if (cap > 0)
        out[w < cap ? w : cap - 1] = '\0';
    return w;
}

size_t tok_label(const char *s, size_t n, int ascii, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t run = 0; /* the bytes up to the next space */
        while (i + run < n && s[i + run] != ' ')
            run++;
        char tmp[1024];
        size_t need = tok_escape(s + i, run, tmp, sizeof tmp);
        if (need < sizeof tmp)
            w = put(out, cap, w, tmp);
        else /* rare: a long run without spaces; escape it straight into out */
            w += tok_escape(s + i, run, cap > w ? out + w : NULL, cap > w ? cap - w : 0);
        i += run;
        if (i < n) {
            w = put(out, cap, w, ascii ? "_" : "\xC2\xB7");
            i++;
        }
    }
    if (cap > 0)
        out[w < cap ? w : cap - 1] = '\0';
    return w;
}
