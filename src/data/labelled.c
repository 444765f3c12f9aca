/* labelled.c: parsing `label<TAB>text` files into tokenized examples, and their batches. */
#include "data/labelled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/hmap.h"
#include "data/text.h"
#include "data/tsv.h"

/* One example line of the file. */
struct row {
    const char *label, *text;
    size_t label_len, text_len;
    long line;
};

struct rows {
    struct row *r;
    size_t n, cap;
    struct tsv_line header; /* header=on: the line taken for the header (number 0: none) */
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

/* "FILE:L" for a file, "line L" for bytes in memory. */
static void where(char *buf, size_t cap, const char *path, long line)
{
    char sb[TEXT_SHORT_PATH + 1];
    if (path)
        snprintf(buf, cap, "%s:%ld", text_short_path(path, sb, sizeof sb), line);
    else
        snprintf(buf, cap, "line %ld", line);
}

/* The error for the bad lines: the first in full, then how many and the next few briefly,
 * as many as the message holds. */
static enum al_status bad_lines(const struct tsv_line *first, const struct tsv_line *more,
                                size_t nmore, size_t nbad, const char *path, struct al_error *err)
{
    char at[TEXT_SHORT_PATH + 32], why[160], list[sizeof err->msg] = "";
    where(at, sizeof at, path, first->number);
    tsv_describe(first, 0, why, sizeof why);
    size_t room = sizeof err->msg - 1 - strlen(at) - strlen(why) - 40, w = 0;
    size_t shown = 0;
    for (; shown < nmore; shown++) {
        char brief[32], item[64];
        tsv_describe(&more[shown], 1, brief, sizeof brief);
        int k = snprintf(item, sizeof item, ", %ld (%s)", more[shown].number, brief);
        if (w + (size_t)k + 5 > room)
            break;
        memcpy(list + w, item, (size_t)k + 1);
        w += (size_t)k;
    }
    enum al_status st = first->kind == TSV_UTF8 ? AL_EUTF8 : AL_EFORMAT;
    if (nbad == 1)
        al_fail(err, st, "%s: %s", at, why);
    else
        al_fail(err, st, "%s: %s; %zu bad lines in all, also line%s %s%s", at, why, nbad,
                nbad > 2 ? "s" : "", list + 2, nbad - 1 > shown ? ", ..." : "");
    if (err) {
        err->line = first->number;
        if (first->kind == TSV_NUL || first->kind == TSV_UTF8)
            err->offset = (long long)(first->start + first->bad);
    }
    return st;
}

/* Goes through every line of buf: a bad one is remembered (the first, and the next few);
 * when rs is given, the examples are collected into it. With header=on the first line that
 * is not blank or a comment is the header, whatever its columns (but not its bytes). */
#define MORE_BAD 8
static enum al_status scan(const char *buf, size_t n, size_t from, int cr_only, int check_utf8,
                           enum labelled_header header, const char *path, struct rows *rs,
                           struct al_error *err)
{
    struct tsv_line l, first, more[MORE_BAD];
    size_t nbad = 0, pos = from;
    long line = 0;
    int content = 0;
    while (tsv_next(buf, n, &pos, &line, cr_only, check_utf8, &l)) {
        if (l.kind == TSV_BLANK || l.kind == TSV_COMMENT)
            continue;
        int is_header =
            header == LABELLED_HEADER_ON && !content && l.kind != TSV_NUL && l.kind != TSV_UTF8;
        content = 1;
        if (is_header) {
            if (rs)
                rs->header = l;
            continue;
        }
        if (l.kind != TSV_EXAMPLE) {
            if (nbad == 0)
                first = l;
            else if (nbad - 1 < MORE_BAD)
                more[nbad - 1] = l;
            nbad++;
            continue;
        }
        if (rs && nbad == 0 &&
            push_row(rs, (struct row){l.label, l.text, l.label_len, l.text_len, l.number}))
            return al_fail(err, AL_ENOMEM, "out of memory reading examples");
    }
    if (nbad)
        return bad_lines(&first, more, nbad - 1 < MORE_BAD ? nbad - 1 : MORE_BAD, nbad, path, err);
    return AL_OK;
}

/* Whether the first example is a header row (header=auto): its label occurs nowhere else,
 * and either a column of it is a usual column name, or every other label repeats and at
 * least two of them remain (a header over a real rare class is possible: load reports
 * which line it skipped, and header=off keeps it). */
static enum al_status find_header(const struct rows *rs, enum labelled_header_why *why,
                                  struct al_error *err)
{
    *why = LABELLED_NO_HEADER;
    if (rs->n == 0)
        return AL_OK;
    struct smap count;
    enum al_status st = smap_init(&count, 64, err);
    for (size_t i = 0; st == AL_OK && i < rs->n; i++) {
        int64_t *v;
        st = smap_upsert(&count, rs->r[i].label, rs->r[i].label_len, 0, &v, err);
        if (st == AL_OK)
            ++*v;
    }
    if (st == AL_OK && *smap_find(&count, rs->r[0].label, rs->r[0].label_len) == 1) {
        const struct row *h = &rs->r[0];
        int repeats = 1;
        for (size_t k = 0; k < count.cap; k++)
            if (count.slot[k].key && count.slot[k].val == 1)
                repeats &= count.slot[k].len == h->label_len &&
                           memcmp(count.slot[k].key, h->label, h->label_len) == 0;
        if (tsv_is_column_name(h->label, h->label_len) || tsv_is_column_name(h->text, h->text_len))
            *why = LABELLED_HEADER_NAMED;
        else if (repeats && count.count >= 3)
            *why = LABELLED_HEADER_UNIQUE;
    }
    smap_free(&count);
    return st;
}

/* Keeps a copy of the header's two columns in s. */
static enum al_status keep_header(struct labelled_set *s, const char *label, size_t label_len,
                                  const char *text, size_t text_len, long line,
                                  enum labelled_header_why why, struct al_error *err)
{
    s->header_label = strndup(label, label_len);
    s->header_text = strndup(text, text_len);
    if (!s->header_label || !s->header_text)
        return al_fail(err, AL_ENOMEM, "out of memory");
    s->header_line = line;
    s->header_why = why;
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

/* The examples of a text that passed scan: the rows, the header, the labels, the tokens. */
static enum al_status build(const struct text *t, const struct tok_options *tok,
                            enum labelled_header header, const char *path,
                            struct labelled_set **out, int *placed, struct al_error *err)
{
    struct rows rs = {0};
    enum al_status st = scan(t->bytes, t->len, 0, 0, 0, header, path, &rs, err);
    *placed = st != AL_OK;
    struct labelled_set *s = calloc(1, sizeof *s);
    if (st == AL_OK && !s)
        st = al_fail(err, AL_ENOMEM, "out of memory for a labelled set");
    enum labelled_header_why why = LABELLED_NO_HEADER;
    if (st == AL_OK && header == LABELLED_HEADER_AUTO)
        st = find_header(&rs, &why, err);
    size_t skip = why != LABELLED_NO_HEADER;
    if (st == AL_OK && skip)
        st = keep_header(s, rs.r[0].label, rs.r[0].label_len, rs.r[0].text, rs.r[0].text_len,
                         rs.r[0].line, why, err);
    if (st == AL_OK && rs.header.number) {
        const struct tsv_line *h = &rs.header;
        const char *tab = memchr(h->p, '\t', h->len);
        size_t ll = tab ? (size_t)(tab - h->p) : h->len;
        st = keep_header(s, h->p, ll, tab ? tab + 1 : "", tab ? h->len - ll - 1 : 0, h->number,
                         LABELLED_HEADER_ASKED, err);
    }
    struct rows ex = {rs.r ? rs.r + skip : NULL, rs.n - skip, 0, rs.header};
    if (st == AL_OK && ex.n == 0)
        st = al_fail(err, AL_EFORMAT, "no examples%s (expected label<TAB>text lines)",
                     s->header_line ? " under the header row" : "");
    if (st == AL_OK) {
        s->n = ex.n;
        s->label = calloc(ex.n, sizeof *s->label);
        s->ids = calloc(ex.n, sizeof *s->ids);
        s->len = calloc(ex.n, sizeof *s->len);
        s->line = calloc(ex.n, sizeof *s->line);
        if (!s->label || !s->ids || !s->len || !s->line)
            st = al_fail(err, AL_ENOMEM, "out of memory for %zu examples", ex.n);
    }
    if (st == AL_OK)
        st = collect_labels(s, &ex, err);
    if (st == AL_OK)
        st = tokenize(s, &ex, tok, err);
    free(rs.r);
    if (st) {
        labelled_free(s);
        return st;
    }
    *out = s;
    return AL_OK;
}

/* Checks every line of the bytes as they are, then normalises them (byte-order mark, line
 * ends, replaced bytes) into *t. */
static enum al_status check_bytes(const char *bytes, size_t n, int replace_invalid,
                                  enum labelled_header header, const char *path, struct text *t,
                                  struct al_error *err)
{
    size_t from = n >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    enum al_status st =
        scan(bytes, n, from, tsv_cr_only(bytes, n), !replace_invalid, header, path, NULL, err);
    return st ? st : text_from_bytes(bytes, n, replace_invalid, t, err);
}

/* Builds the set from a checked text. Errors about lines carry their place; the rest get
 * "FILE: " in front when there is a file. */
static enum al_status build_text(struct text *t, const struct tok_options *tok,
                                 enum labelled_header header, const char *path,
                                 struct labelled_set **out, struct al_error *err)
{
    int placed = 0;
    enum al_status st = build(t, tok, header, path, out, &placed, err);
    text_free(t);
    if (st && path && !placed)
        text_prefix_error(err, path);
    return st;
}

enum al_status labelled_from_bytes(const char *bytes, size_t n, const struct tok_options *tok,
                                   int replace_invalid, enum labelled_header header,
                                   struct labelled_set **out, struct al_error *err)
{
    struct text t;
    enum al_status st = check_bytes(bytes, n, replace_invalid, header, NULL, &t, err);
    return st ? st : build_text(&t, tok, header, NULL, out, err);
}

enum al_status labelled_load(const char *path, const struct tok_options *tok, int replace_invalid,
                             enum labelled_header header, struct labelled_set **out,
                             struct al_error *err)
{
    char *raw;
    size_t n;
    enum al_status st = text_read_nonempty(path, tok->interrupt, &raw, &n, err);
    if (st)
        return st;
    struct text t;
    st = check_bytes(raw, n, replace_invalid, header, path, &t, err);
    free(raw); /* before building: the file is held once, not twice */
    if (st == AL_ENOMEM)
        text_prefix_error(err, path);
    return st ? st : build_text(&t, tok, header, path, out, err);
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
    free(s->header_label);
    free(s->header_text);
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
