/* eval_file.c: a model measured on a file with its own tokenizer (eval_file.h). The file
 * becomes a corpus (or labelled set) whose whole content is the validation split, so that
 * train_evaluate does the measuring exactly as for loaded data. */
#include "lab/eval_file.h"

#include <stdlib.h>
#include <string.h>

#include "data/corpus.h"
#include "data/labelled.h"
#include "data/text.h"
#include "data/tokenizer.h"
#include "data/tsv.h"
#include "nn/model.h"

#define MAX_FILE ((size_t)1 << 31)

static enum al_status eval_text(struct lab_model *m, const char *path, const char *bytes, size_t n,
                                int seq, struct eval_result *out, struct al_error *err)
{
    struct corpus c = {0};
    struct al_error e;
    if (tok_encode(m->tok, bytes, n, &c.tokens, &c.ntokens, &e) != AL_OK)
        return al_fail(err, e.status, "%s: %s", path, e.msg);
    struct lab l;
    lab_init(&l);
    l.corpus = &c; /* ntrain 0: everything is validation */
    enum al_status st = train_evaluate(&l, m, seq, 0, out, err);
    free(c.tokens);
    return st;
}

struct rows {
    struct labelled_set s;
    size_t cap;
};

static void rows_free(struct rows *r)
{
    for (size_t i = 0; i < r->s.n; i++)
        free(r->s.ids[i]);
    free(r->s.ids);
    free(r->s.len);
    free(r->s.label);
    free(r->s.line);
}

static int class_of(const struct lab_model *m, const char *label, size_t len)
{
    for (int i = 0; i < m->nclasses; i++)
        if (strlen(m->class_names[i]) == len && memcmp(m->class_names[i], label, len) == 0)
            return i;
    return -1;
}

static enum al_status add_row(struct rows *r, const struct lab_model *m, const char *label,
                              size_t label_len, const char *text, size_t text_len, long line,
                              const char *path, struct al_error *err)
{
    int k = class_of(m, label, label_len);
    if (k < 0)
        return al_fail(err, AL_EFORMAT,
                       "%s:%ld: label '%.*s' is not one of model '%s''s "
                       "classes",
                       path, line, (int)(label_len > 40 ? 40 : label_len), label, m->name);
    if (r->s.n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        int32_t **ids = realloc(r->s.ids, cap * sizeof *ids);
        if (ids)
            r->s.ids = ids;
        size_t *len = realloc(r->s.len, cap * sizeof *len);
        if (len)
            r->s.len = len;
        int *lab = realloc(r->s.label, cap * sizeof *lab);
        if (lab)
            r->s.label = lab;
        long *ln = realloc(r->s.line, cap * sizeof *ln);
        if (ln)
            r->s.line = ln;
        if (!ids || !len || !lab || !ln)
            return al_fail(err, AL_ENOMEM, "out of memory");
        r->cap = cap;
    }
    struct al_error e;
    size_t i = r->s.n;
    if (tok_encode(m->tok, text, text_len, &r->s.ids[i], &r->s.len[i], &e) != AL_OK)
        return al_fail(err, e.status, "%s:%ld: %s", path, line, e.msg);
    r->s.label[i] = k;
    r->s.line[i] = line;
    r->s.n++;
    return AL_OK;
}

static enum al_status eval_tsv(struct lab_model *m, const char *path, const char *bytes, size_t n,
                               int seq, struct eval_result *out, struct al_error *err)
{
    struct rows r = {0};
    enum al_status st = AL_OK;
    long line = 0;
    int content = 0;
    size_t pos = 0;
    struct tsv_line l;
    while (st == AL_OK && tsv_next(bytes, n, &pos, &line, tsv_cr_only(bytes, n), 0, &l)) {
        if (l.kind == TSV_BLANK || l.kind == TSV_COMMENT)
            continue;
        /* a first line of column names that are no class of the model is a header row */
        int first = !content;
        content = 1;
        if (l.kind == TSV_EXAMPLE && first && class_of(m, l.label, l.label_len) < 0 &&
            (tsv_is_column_name(l.label, l.label_len) || tsv_is_column_name(l.text, l.text_len)))
            continue;
        if (l.kind != TSV_EXAMPLE) {
            char why[160];
            tsv_describe(&l, 0, why, sizeof why);
            st = al_fail(err, AL_EFORMAT, "%s:%ld: %s", path, l.number, why);
        } else {
            st = add_row(&r, m, l.label, l.label_len, l.text, l.text_len, l.number, path, err);
        }
    }
    size_t *order = NULL;
    if (st == AL_OK && r.s.n == 0)
        st = al_fail(err, AL_EFORMAT, "%s has no labelled lines", path);
    if (st == AL_OK && !(order = malloc(r.s.n * sizeof *order)))
        st = al_fail(err, AL_ENOMEM, "out of memory");
    if (st == AL_OK) {
        for (size_t i = 0; i < r.s.n; i++)
            order[i] = i;
        r.s.label_names = m->class_names;
        r.s.nlabels = m->nclasses;
        r.s.tok = m->tok;
        struct lab l;
        lab_init(&l);
        l.labelled = &r.s;
        l.order = order;
        l.ntrain = 0; /* everything is validation */
        st = train_evaluate(&l, m, seq, 0, out, err);
    }
    free(order);
    rows_free(&r);
    return st;
}

enum al_status eval_file(struct lab_model *m, const char *path, int seq, struct eval_result *out,
                         struct al_error *err)
{
    memset(out, 0, sizeof *out);
    unsigned char *bytes;
    size_t n;
    enum al_status st = text_read_bytes(path, MAX_FILE, NULL, (char **)&bytes, &n, err);
    if (st != AL_OK)
        return st;
    if (n == 0)
        st = al_fail(err, AL_EFORMAT, "%s is empty", path);
    else if (model_is_classifier(m->net))
        st = eval_tsv(m, path, (const char *)bytes, n, seq, out, err);
    else
        st = eval_text(m, path, (const char *)bytes, n, seq, out, err);
    free(bytes);
    return st;
}
