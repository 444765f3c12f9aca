/* lab.c: models, histories and data of a session. */
#include "lab/lab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/corpus.h"
#include "data/labelled.h"
#include "data/tokenizer.h"
#include "nn/model.h"
#include "nn/parallel.h"

enum al_status history_add(struct history *h, float step, float loss, struct al_error *err)
{
    if (h->n == h->cap) {
        int cap = h->cap ? h->cap * 2 : 256;
        float *s = realloc(h->step, sizeof *s * (size_t)cap);
        if (!s)
            return al_fail(err, AL_ENOMEM, "out of memory for the loss history");
        h->step = s;
        float *v = realloc(h->loss, sizeof *v * (size_t)cap);
        if (!v)
            return al_fail(err, AL_ENOMEM, "out of memory for the loss history");
        h->loss = v;
        h->cap = cap;
    }
    h->step[h->n] = step;
    h->loss[h->n] = loss;
    h->n++;
    return AL_OK;
}

void history_free(struct history *h)
{
    free(h->step);
    free(h->loss);
    memset(h, 0, sizeof *h);
}

static enum al_status history_copy(struct history *dst, const struct history *src)
{
    memset(dst, 0, sizeof *dst);
    if (src->n == 0)
        return AL_OK;
    dst->step = malloc(sizeof(float) * (size_t)src->cap);
    dst->loss = malloc(sizeof(float) * (size_t)src->cap);
    if (!dst->step || !dst->loss) {
        history_free(dst);
        return AL_ENOMEM;
    }
    memcpy(dst->step, src->step, sizeof(float) * (size_t)src->n);
    memcpy(dst->loss, src->loss, sizeof(float) * (size_t)src->n);
    dst->n = src->n;
    dst->cap = src->cap;
    return AL_OK;
}

void lab_frame_free(struct lab_frame *f)
{
    for (int i = 0; f->labels && i < f->t; i++)
        free(f->labels[i]);
    free(f->labels);
    free(f->probs);
    memset(f, 0, sizeof *f);
}

enum al_status lab_frame_copy(struct lab_frame *dst, const struct lab_frame *src)
{
    lab_frame_free(dst);
    if (!src->probs)
        return AL_OK;
    size_t n = (size_t)src->heads * src->t * src->t;
    struct lab_frame f = *src;
    f.probs = malloc(sizeof *f.probs * n);
    f.labels = calloc((size_t)src->t, sizeof *f.labels);
    int bad = !f.probs || !f.labels;
    for (int i = 0; !bad && i < src->t; i++)
        bad = src->labels[i] && !(f.labels[i] = strdup(src->labels[i]));
    if (bad) {
        lab_frame_free(&f);
        return AL_ENOMEM;
    }
    memcpy(f.probs, src->probs, sizeof *f.probs * n);
    *dst = f;
    return AL_OK;
}

void lab_timeline_clear(struct lab_timeline *tl)
{
    for (int i = 0; i < tl->n; i++)
        lab_frame_free(&tl->frames[i]);
    tl->n = 0;
    tl->every = 1;
    tl->model = NULL;
    tl->gen++;
}

int lab_timeline_due(const struct lab_timeline *tl, long step)
{
    long every = tl->every > 0 ? tl->every : 1;
    if (tl->n && step <= tl->frames[tl->n - 1].step)
        return 0;
    return step % every == 0 || tl->n == 0;
}

int lab_timeline_offer(struct lab_timeline *tl, struct lab_frame *f)
{
    if (!lab_timeline_due(tl, f->step))
        return 0;
    if (tl->n == LAB_TIMELINE_MAX) { /* thin: keep every other frame, twice as far apart */
        int k = 0;
        for (int i = 0; i < tl->n; i++) {
            if (i % 2 == 0)
                tl->frames[k++] = tl->frames[i];
            else
                lab_frame_free(&tl->frames[i]);
        }
        tl->n = k;
        tl->every = (tl->every > 0 ? tl->every : 1) * 2;
        if (f->step % tl->every != 0)
            return 0; /* f is freed by its owner */
    }
    tl->frames[tl->n++] = *f;
    memset(f, 0, sizeof *f);
    tl->gen++;
    return 1;
}

void lab_init(struct lab *l)
{
    memset(l, 0, sizeof *l);
    l->current = -1;
    l->replay_frame = -1;
    l->timeline.every = 1;
    l->viz.ascii = 0;
    l->viz.colors = 0;
    l->world = replica_of(NULL, 0);
}

void lab_free(struct lab *l)
{
    corpus_free(l->corpus);
    labelled_free(l->labelled);
    free(l->order);
    free(l->data_path);
    for (int i = 0; i < l->nmodels; i++)
        lab_model_free(l->models[i]);
    free(l->models);
    free(l->watch.text);
    lab_timeline_clear(&l->timeline);
    lab_init(l);
}

struct lab_model *lab_current(const struct lab *l)
{
    return l->current >= 0 && l->current < l->nmodels ? l->models[l->current] : NULL;
}

int lab_index(const struct lab *l, const char *name)
{
    for (int i = 0; i < l->nmodels; i++)
        if (strcmp(l->models[i]->name, name) == 0)
            return i;
    return -1;
}

struct lab_model *lab_find(const struct lab *l, const char *name)
{
    int i = lab_index(l, name);
    return i >= 0 ? l->models[i] : NULL;
}

static struct tokenizer *tok_copy(const struct tokenizer *t)
{
    unsigned char *buf;
    size_t len;
    struct tokenizer *copy = NULL;
    if (tok_serialize(t, &buf, &len, NULL) != AL_OK)
        return NULL;
    if (tok_deserialize(buf, len, &copy, NULL) != AL_OK)
        copy = NULL;
    free(buf);
    return copy;
}

struct lab_model *lab_model_new(const char *name, struct model *net, const struct tokenizer *tok)
{
    struct lab_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    snprintf(m->name, sizeof m->name, "%s", name);
    if (tok && !(m->tok = tok_copy(tok))) {
        free(m);
        return NULL;
    }
    m->net = net;
    return m;
}

void lab_model_free(struct lab_model *m)
{
    if (!m)
        return;
    model_free(m->net);
    tok_free(m->tok);
    for (int i = 0; i < m->nclasses; i++)
        free(m->class_names[i]);
    free(m->class_names);
    history_free(&m->train);
    history_free(&m->val);
    history_free(&m->accuracy);
    history_free(&m->val_accuracy);
    history_free(&m->grad_norm);
    history_free(&m->lr);
    free(m);
}

struct lab_model *lab_model_clone(const struct lab_model *src, const char *name)
{
    struct model *net = model_clone(src->net);
    if (!net)
        return NULL;
    struct lab_model *m = lab_model_new(name, net, src->tok);
    if (!m) {
        model_free(net);
        return NULL;
    }
    m->batch = src->batch;
    m->tokens_seen = src->tokens_seen;
    int bad = history_copy(&m->train, &src->train) || history_copy(&m->val, &src->val) ||
              history_copy(&m->accuracy, &src->accuracy) ||
              history_copy(&m->val_accuracy, &src->val_accuracy) ||
              history_copy(&m->grad_norm, &src->grad_norm) || history_copy(&m->lr, &src->lr);
    if (!bad && src->nclasses) {
        m->class_names = calloc((size_t)src->nclasses, sizeof *m->class_names);
        bad = !m->class_names;
        for (int i = 0; !bad && i < src->nclasses; i++)
            bad = !(m->class_names[i] = strdup(src->class_names[i]));
        if (m->class_names)
            m->nclasses = src->nclasses;
    }
    if (bad) {
        lab_model_free(m);
        return NULL;
    }
    return m;
}

static void forget_refs(struct lab *l, const struct lab_model *m)
{
    if (l->watch.drawn_model == m)
        l->watch.drawn_model = NULL;
    if (l->timeline.model == m)
        lab_timeline_clear(&l->timeline);
    if (l->run.paused_model == m) {
        l->run.paused_left = 0;
        l->run.paused_model = NULL;
    }
}

static enum al_status make_room(struct lab *l, struct al_error *err)
{
    if (l->nmodels < l->cap_models)
        return AL_OK;
    int cap = l->cap_models ? l->cap_models * 2 : 4;
    struct lab_model **p = realloc(l->models, sizeof *p * (size_t)cap);
    if (!p)
        return al_fail(err, AL_ENOMEM, "out of memory");
    l->models = p;
    l->cap_models = cap;
    return AL_OK;
}

enum al_status lab_add_model(struct lab *l, struct lab_model *m, int keep_old, char *kept_as,
                             struct al_error *err)
{
    if (kept_as)
        kept_as[0] = '\0';
    if (model_set_world(m->net, &l->world, err) != AL_OK)
        return err->status;
    int i = lab_index(l, m->name);
    if (i >= 0 && !keep_old) {
        forget_refs(l, l->models[i]);
        lab_model_free(l->models[i]);
        l->models[i] = m;
        l->current = i;
        return AL_OK;
    }
    if (make_room(l, err) != AL_OK)
        return AL_ENOMEM;
    if (i >= 0) { /* the old one steps aside under the first free NAME~k */
        char alias[sizeof m->name];
        for (int k = 1;; k++) {
            int digits = snprintf(NULL, 0, "~%d", k);
            snprintf(alias, sizeof alias, "%.*s~%d", (int)sizeof alias - 1 - digits, m->name, k);
            if (lab_index(l, alias) < 0)
                break;
        }
        memcpy(l->models[i]->name, alias, sizeof alias);
        if (kept_as)
            memcpy(kept_as, alias, sizeof alias);
    }
    l->models[l->nmodels] = m;
    l->current = l->nmodels++;
    return AL_OK;
}

void lab_drop_model(struct lab *l, int i)
{
    if (i < 0 || i >= l->nmodels)
        return;
    forget_refs(l, l->models[i]);
    lab_model_free(l->models[i]);
    memmove(&l->models[i], &l->models[i + 1], sizeof *l->models * (size_t)(l->nmodels - i - 1));
    l->nmodels--;
    if (l->current == i)
        l->current = -1;
    else if (l->current > i)
        l->current--;
}

int lab_unsaved_models(const struct lab *l, int *first)
{
    int n = 0;
    for (int i = 0; i < l->nmodels; i++)
        if (l->models[i]->net->step > l->models[i]->saved_step) {
            if (n++ == 0 && first)
                *first = i;
        }
    return n;
}

int lab_same_tokens(const struct tokenizer *a, const struct tokenizer *b)
{
    if (tok_kind(a) != tok_kind(b) || tok_vocab_size(a) != tok_vocab_size(b) ||
        tok_get_options(a)->lowercase != tok_get_options(b)->lowercase)
        return 0;
    for (int32_t i = 0; i < tok_vocab_size(a); i++) {
        size_t na, nb;
        const char *pa = tok_piece(a, i, &na), *pb = tok_piece(b, i, &nb);
        if (na != nb || (na && memcmp(pa, pb, na) != 0))
            return 0;
    }
    return 1;
}

const struct tokenizer *lab_data_tokenizer(const struct lab *l)
{
    if (l->corpus)
        return l->corpus->tok;
    if (l->labelled)
        return l->labelled->tok;
    return NULL;
}

double lab_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int lab_writes_files(const struct lab *l)
{
    return l->world.rank == 0;
}
