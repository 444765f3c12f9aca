/* labelled.c: parsing `label<TAB>text` files into tokenized examples, and their batches. */
#include "data/labelled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/hmap.h"
#include "data/text.h"

/* One line of the file, after parsing. */
struct row {
    const char *label, *text;
    size_t label_len, text_len;
    long line;
};

struct rows {
    struct row *r;
    size_t n, cap;
    long bad[10];
    size_t nbad;
};

static int push_row(struct rows *rs, struct row r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        struct row *g = realloc(rs->r, cap * sizeof *g);
        if (!g)
            return 1;
        rs->r = g;
        rs->cap = cap;
    }
    rs->r[rs->n++] = r;
    return 0;
}

static void parse_line(struct rows *rs, const char *s, size_t len, long line, int *oom)
{
    if (len == 0 || s[0] == '#')
        return;
    const char *tab = memchr(s, '\t', len);
    size_t ll = tab ? (size_t)(tab - s) : 0;
    size_t tl = tab ? len - ll - 1 : 0;
    if (!tab || ll == 0 || tl == 0) {
        if (rs->nbad < 10)
            rs->bad[rs->nbad] = line;
        rs->nbad++;
        return;
    }
    if (push_row(rs, (struct row){s, tab + 1, ll, tl, line}))
        *oom = 1;
}

static enum al_status parse(const struct text *t, struct rows *rs, struct al_error *err)
{
    int oom = 0;
    long line = 1;
    for (size_t i = 0; i < t->len; line++) {
        const char *nl = memchr(t->bytes + i, '\n', t->len - i);
        size_t end = nl ? (size_t)(nl - t->bytes) : t->len;
        parse_line(rs, t->bytes + i, end - i, line, &oom);
        i = end + 1;
    }
    if (oom)
        return al_fail(err, AL_ENOMEM, "out of memory reading examples");
    if (rs->nbad) {
        char list[128] = "";
        size_t w = 0;
        for (size_t i = 0; i < rs->nbad && i < 10; i++)
            w += (size_t)snprintf(list + w, sizeof list - w, "%s%ld", i ? ", " : "", rs->bad[i]);
        al_fail(err, AL_EFORMAT, "%zu malformed line%s (expected label<TAB>text): line%s %s%s",
                rs->nbad, rs->nbad > 1 ? "s" : "", rs->nbad > 1 ? "s" : "", list,
                rs->nbad > 10 ? ", ..." : "");
        if (err)
            err->line = rs->bad[0];
        return AL_EFORMAT;
    }
    if (rs->n == 0)
        return al_fail(err, AL_EFORMAT, "no examples (expected label<TAB>text lines)");
    return AL_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct label names, sorted, found through a hash map (100k labels in one pass, not
 * a linear search each); more than LABELLED_MAX_CLASSES is refused. */
static enum al_status collect_labels(struct labelled_set *s, const struct rows *rs,
                                     struct al_error *err)
{
    struct smap seen;
    enum al_status st = smap_init(&seen, 64, err);
    if (st)
        return st;
    size_t distinct = 0;
    for (size_t i = 0; st == AL_OK && i < rs->n; i++) {
        int64_t *v;
        size_t before = seen.count;
        st = smap_upsert(&seen, rs->r[i].label, rs->r[i].label_len, 0, &v, err);
        if (seen.count > before)
            distinct++;
    }
    if (st == AL_OK && distinct > LABELLED_MAX_CLASSES)
        st = al_fail(err, AL_EFORMAT,
                     "%zu different labels: attnlab classifies at most %d classes "
                     "(is the label the first column?)",
                     distinct, LABELLED_MAX_CLASSES);
    if (st == AL_OK && !(s->label_names = calloc(distinct ? distinct : 1, sizeof(char *))))
        st = al_fail(err, AL_ENOMEM, "out of memory for labels");
    for (size_t k = 0; st == AL_OK && k < seen.cap; k++) {
        if (!seen.slot[k].key)
            continue;
        char *name = strndup(seen.slot[k].key, seen.slot[k].len);
        if (!name)
            st = al_fail(err, AL_ENOMEM, "out of memory for labels");
        else
            s->label_names[s->nlabels++] = name;
    }
    smap_free(&seen);
    if (st == AL_OK)
        qsort(s->label_names, (size_t)s->nlabels, sizeof *s->label_names, cmp_str);
    return st;
}

/* Labels hold no NUL byte (text_from_bytes refuses them), so the sorted names can be
 * searched with strcmp order. */
static int find_label(const struct labelled_set *s, const char *p, size_t n)
{
    int lo = 0, hi = s->nlabels - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const char *name = s->label_names[mid];
        int c = strncmp(name, p, n);
        if (c == 0)
            c = name[n] == '\0' ? 0 : 1;
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Trains the tokenizer on all texts (joined by newlines) and encodes each one. */
static enum al_status tokenize(struct labelled_set *s, const struct rows *rs,
                               const struct tok_options *tok, struct al_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < rs->n; i++)
        total += rs->r[i].text_len + 1;
    char *all = malloc(total + 1);
    if (!all)
        return al_fail(err, AL_ENOMEM, "out of memory for %zu bytes of text", total);
    size_t w = 0;
    for (size_t i = 0; i < rs->n; i++) {
        memcpy(all + w, rs->r[i].text, rs->r[i].text_len);
        w += rs->r[i].text_len;
        all[w++] = '\n';
    }
    enum al_status st = tok_train(tok, all, w, &s->tok, err);
    free(all);
    for (size_t i = 0; st == AL_OK && i < rs->n; i++) {
        st = tok_encode(s->tok, rs->r[i].text, rs->r[i].text_len, &s->ids[i], &s->len[i], err);
        s->label[i] = find_label(s, rs->r[i].label, rs->r[i].label_len);
        s->line[i] = rs->r[i].line;
        if (st == AL_OK && s->label[i] < 0) /* cannot happen; never index with -1 */
            st = al_fail(err, AL_EFORMAT, "line %ld: its label cannot be found", s->line[i]);
        if (st && err)
            err->line = rs->r[i].line;
    }
    return st;
}

static enum al_status build(const struct text *t, const struct tok_options *tok,
                            struct labelled_set **out, struct al_error *err)
{
    struct rows rs = {0};
    enum al_status st = parse(t, &rs, err);
    struct labelled_set *s = calloc(1, sizeof *s);
    if (st == AL_OK && !s)
        st = al_fail(err, AL_ENOMEM, "out of memory for a labelled set");
    if (st == AL_OK) {
        s->n = rs.n;
        s->label = calloc(rs.n, sizeof *s->label);
        s->ids = calloc(rs.n, sizeof *s->ids);
        s->len = calloc(rs.n, sizeof *s->len);
        s->line = calloc(rs.n, sizeof *s->line);
        if (!s->label || !s->ids || !s->len || !s->line)
            st = al_fail(err, AL_ENOMEM, "out of memory for %zu examples", rs.n);
    }
    if (st == AL_OK)
        st = collect_labels(s, &rs, err);
    if (st == AL_OK)
        st = tokenize(s, &rs, tok, err);
    free(rs.r);
    if (st) {
        labelled_free(s);
        return st;
    }
    *out = s;
    return AL_OK;
}

enum al_status labelled_from_bytes(const char *bytes, size_t n, const struct tok_options *tok,
                                   int replace_invalid, struct labelled_set **out,
                                   struct al_error *err)
{
    struct text t;
    enum al_status st = text_from_bytes(bytes, n, replace_invalid, &t, err);
    if (st)
        return st;
    st = build(&t, tok, out, err);
    text_free(&t);
    return st;
}

enum al_status labelled_load(const char *path, const struct tok_options *tok, int replace_invalid,
                             struct labelled_set **out, struct al_error *err)
{
    struct text t;
    enum al_status st = text_load_polled(path, replace_invalid, tok->interrupt, &t, err);
    if (st)
        return st;
    st = build(&t, tok, out, err);
    text_free(&t);
    if (st)
        text_prefix_error(err, path);
    return st;
}

void labelled_free(struct labelled_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->ids && i < s->n; i++)
        free(s->ids[i]);
    for (int k = 0; k < s->nlabels; k++)
        free(s->label_names[k]);
    free(s->label_names);
    free(s->ids);
    free(s->len);
    free(s->label);
    free(s->line);
    tok_free(s->tok);
    free(s);
}

int labelled_label_index(const struct labelled_set *s, const char *name)
{
    return find_label(s, name, strlen(name));
}

void labelled_batch(const struct labelled_set *s, const size_t *rows, int B, int T, int32_t pad,
                    int32_t *x, int32_t *lens, int32_t *labels)
{
    for (int b = 0; b < B; b++) {
        size_t r = rows[b];
        size_t len = s->len[r] < (size_t)T ? s->len[r] : (size_t)T;
        int32_t *row = x + (size_t)b * T;
        memcpy(row, s->ids[r], len * sizeof *row);
        for (size_t t = len; t < (size_t)T; t++)
            row[t] = pad;
        lens[b] = (int32_t)len;
        labels[b] = s->label[r];
    }
}

void labelled_shuffle(size_t n, size_t *order, struct rng *r)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(r, (uint32_t)i);
        size_t tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
    }
}
