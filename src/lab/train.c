/* train.c: the training loop in steps, validation, and progress lines. The batch buffers are
 * allocated once per command; the steps themselves allocate nothing. */
#include "lab/train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/batch.h"
#include "data/corpus.h"
#include "data/labelled.h"
#include "data/metrics.h"
#include "data/tokenizer.h"
#include "lab/picture.h"
#include "nn/model.h"
#include "nn/parallel.h"

enum al_status train_check(const struct lab *l, const struct lab_model *m,
                           const struct train_request *rq, struct al_error *err)
{
    if (!m->batch)
        return al_fail(err, AL_ESTATE, "model '%s' is not compiled yet: run compile first",
                       m->name);
    if (rq->batch < 1 || rq->batch > m->batch)
        return al_fail(err, AL_EINVAL,
                       "batch=%d is larger than the batch model '%s' was compiled for (%d); "
                       "compile again with batch=%d",
                       rq->batch, m->name, m->batch, rq->batch);
    if (rq->seq < 1 || rq->seq > m->net->context)
        return al_fail(err, AL_EINVAL, "seq=%d is outside 1..%d (the model's context)", rq->seq,
                       m->net->context);
    int classifier = model_is_classifier(m->net);
    if (classifier && !l->labelled)
        return al_fail(err, AL_ESTATE, "model '%s' classifies: load a labelled TSV file first",
                       m->name);
    if (!classifier && !l->corpus)
        return al_fail(err, AL_ESTATE, "no text corpus is loaded: load one first");
    const struct tokenizer *t = lab_data_tokenizer(l);
    if (tok_vocab_size(t) != m->net->vocab)
        return al_fail(err, AL_ESTATE,
                       "model '%s' was built for a vocabulary of %d tokens; the loaded data has "
                       "%d: build the model again",
                       m->name, m->net->vocab, tok_vocab_size(t));
    if (m->tok && !lab_same_tokens(m->tok, t))
        return al_fail(err, AL_ESTATE,
                       "model '%s' was trained on data tokenized differently (the same number "
                       "of tokens, other pieces or ids): load the data it was trained on, or "
                       "build a new model",
                       m->name);
    if (classifier && l->labelled->nlabels != model_output_width(m->net))
        return al_fail(err, AL_ESTATE, "model '%s' has %d classes; the data has %d labels", m->name,
                       model_output_width(m->net), l->labelled->nlabels);
    if (!classifier) {
        size_t ntrain;
        corpus_train(l->corpus, &ntrain);
        if (ntrain < (size_t)rq->seq + 1)
            return al_fail(err, AL_EINVAL,
                           "the training split has %zu tokens; seq=%d needs at least %d", ntrain,
                           rq->seq, rq->seq + 1);
    } else if (l->ntrain < 1) {
        return al_fail(err, AL_EINVAL, "the training split of the labelled set is empty");
    }
    return AL_OK;
}

/* Batch buffers of one command: x, y (or labels) and lengths. */
struct batch_buf {
    int32_t *x, *y, *len;
    struct epoch epoch; /* fit over a corpus */
    int has_epoch;
    size_t *rows; /* classifier batches */
    size_t next_row;
};

static void batch_buf_free(struct batch_buf *b)
{
    free(b->x);
    free(b->y);
    free(b->len);
    free(b->rows);
    if (b->has_epoch)
        epoch_free(&b->epoch);
}

static enum al_status batch_buf_init(struct batch_buf *b, const struct lab *l, int batch, int seq,
                                     int stride, int epochs, struct rng *rng, struct al_error *err)
{
    memset(b, 0, sizeof *b);
    size_t n = (size_t)batch * seq;
    b->x = malloc(n * sizeof *b->x);
    b->y = malloc(n * sizeof *b->y);
    b->len = malloc((size_t)batch * sizeof *b->len);
    b->rows = malloc((size_t)batch * sizeof *b->rows);
    if (!b->x || !b->y || !b->len || !b->rows) {
        batch_buf_free(b);
        return al_fail(err, AL_ENOMEM, "out of memory for a batch");
    }
    if (epochs > 0 && l->corpus) {
        size_t ntrain;
        corpus_train(l->corpus, &ntrain);
        if (epoch_init_strided(&b->epoch, ntrain, seq, stride, rng, err) != AL_OK) {
            batch_buf_free(b);
            return err->status;
        }
        b->has_epoch = 1;
    }
    return AL_OK;
}

/* Fills the next training batch; returns its rows (the last batch of an epoch may be
 * short; 0 means the epoch is over). */
static int next_batch(struct batch_buf *b, const struct lab *l, int batch, int seq, int epochs,
                      struct rng *rng)
{
    if (l->labelled) {
        const struct labelled_set *ls = l->labelled;
        for (int i = 0; i < batch; i++) {
            if (epochs > 0) {
                if (b->next_row >= l->ntrain)
                    return i;
                b->rows[i] = l->order[b->next_row++];
            } else {
                b->rows[i] = l->order[rng_below(rng, (uint32_t)l->ntrain)];
            }
        }
        labelled_batch(ls, b->rows, batch, seq, tok_pad_id(ls->tok) < 0 ? 0 : tok_pad_id(ls->tok),
                       b->x, b->len, b->y);
        return batch;
    }
    size_t ntrain;
    const int32_t *tokens = corpus_train(l->corpus, &ntrain);
    if (epochs > 0)
        return epoch_next(&b->epoch, tokens, batch, b->x, b->y);
    return batch_sample(tokens, ntrain, batch, seq, rng, b->x, b->y, NULL) == AL_OK ? batch : 0;
}

static long steps_per_epoch(const struct lab *l, int batch, int seq, int stride)
{
    size_t windows;
    if (l->labelled) {
        windows = l->ntrain;
    } else {
        size_t ntrain;
        corpus_train(l->corpus, &ntrain);
        windows = epoch_windows(ntrain, seq, stride);
    }
    return (long)((windows + (size_t)batch - 1) / (size_t)batch);
}

static void emit_progress(struct sink *sink, const struct lab_model *m, const struct lab_run *run,
                          double loss, double val, double tokens_per_s)
{
    char line[256], valtext[32] = "";
    if (!isnan(val))
        snprintf(valtext, sizeof valtext, "  val %.4f", val);
    snprintf(line, sizeof line, "%s: step %ld (%ld/%ld)  loss %.4f%s  %.0f tokens/s  %.1fs",
             m->name, m->net->step, run->done, run->total, loss, valtext, tokens_per_s,
             run->elapsed);
    struct block b = {.kind = BLOCK_PROGRESS, .text = line, .done = run->done, .total = run->total};
    sink_emit(sink, &b);
}

static enum al_status validate_now(struct lab *l, struct lab_model *m, int seq, int batches,
                                   double *val, double *val_acc, struct al_error *err)
{
    struct eval_result r;
    enum al_status st = train_evaluate(l, m, seq, batches, &r, err);
    confusion_free(&r.confusion);
    if (st != AL_OK)
        return st;
    *val = r.loss;
    *val_acc = r.accuracy;
    st = history_add(&m->val, (float)m->net->step, (float)r.loss, err);
    if (st == AL_OK && isfinite(r.accuracy))
        st = history_add(&m->val_accuracy, (float)m->net->step, (float)r.accuracy, err);
    return st;
}

/* The watched probe's attention into the timeline, when a frame is due at this step. A
 * probe that no longer fits the model (another layer count) just records nothing. */
static void record_frame(struct lab *l, struct lab_model *m)
{
    struct lab_watch *w = &l->watch;
    if (!w->active || lab_current(l) != m || w->layer >= m->net->nlayers)
        return;
    if (l->timeline.model != m) {
        lab_timeline_clear(&l->timeline);
        l->timeline.model = m;
    }
    if (!lab_timeline_due(&l->timeline, m->net->step))
        return;
    struct lab_frame f = {0};
    struct al_error err;
    if (picture_capture(&f, m, w->text, w->layer, &err) == AL_OK)
        lab_timeline_offer(&l->timeline, &f);
    lab_frame_free(&f);
}

/* `set pace=N`: waits until this step's time has come, asking the sink every 20 ms whether
 * to stop. Returns 1 when interrupted meanwhile. */
static int pace_wait(const struct lab *l, struct sink *sink)
{
    if (!(l->pace > 0))
        return 0;
    double due = l->run.started + (double)l->run.done / l->pace;
    for (double now = lab_now(); now < due; now = lab_now()) {
        double wait = due - now < 0.02 ? due - now : 0.02;
        struct timespec ts = {0, (long)(wait * 1e9)};
        nanosleep(&ts, NULL);
        if (sink_interrupted(sink))
            return 1;
    }
    return 0;
}

/* What one epoch of fit adds up, for its line. */
struct epoch_sums {
    double loss, accuracy; /* sums weighted by the rows of each batch */
    long rows, steps;
    double started;
};

/* One line an epoch, as Keras prints it: the training loss and accuracy (means over the
 * epoch's batches), the validation loss and accuracy at its end, its steps and time. */
static void emit_epoch(struct sink *sink, int epoch, int epochs, const struct epoch_sums *es,
                       double val, double val_acc)
{
    char line[256], valtext[80] = "";
    if (!isnan(val))
        snprintf(valtext, sizeof valtext, ", val_loss %.4f, val_accuracy %.4f", val, val_acc);
    double rows = es->rows > 0 ? (double)es->rows : 1.0;
    snprintf(line, sizeof line, "epoch %d/%d: loss %.4f, accuracy %.4f%s, %ld steps, %.1fs", epoch,
             epochs, es->loss / rows, es->accuracy / rows, valtext, es->steps,
             lab_now() - es->started);
    struct block b = {.kind = BLOCK_TEXT, .text = line};
    sink_emit(sink, &b);
}

/* One step with its bookkeeping; returns the rows trained, 0 at the end of an epoch. */
static enum al_status one_step(struct lab *l, struct lab_model *m, struct batch_buf *b,
                               const struct train_request *rq, struct rng *rng, int epochs,
                               struct step_stats *stats, int *rows, struct al_error *err)
{
    *rows = next_batch(b, l, rq->batch, rq->seq, epochs, rng);
    if (*rows == 0)
        return AL_OK;
    const int32_t *len = l->labelled ? b->len : NULL;
    enum al_status st = model_train_step(m->net, b->x, b->y, len, *rows, rq->seq, rng, stats, err);
    if (st != AL_OK)
        return st;
    long tokens = (long)*rows * rq->seq;
    m->tokens_seen += tokens;
    l->run.tokens += tokens;
    float at = (float)stats->step;
    st = history_add(&m->train, at, (float)stats->loss, err);
    if (st == AL_OK)
        st = history_add(&m->accuracy, at, (float)stats->accuracy, err);
    if (st == AL_OK)
        st = history_add(&m->grad_norm, at, (float)stats->grad_norm, err);
    if (st == AL_OK)
        st = history_add(&m->lr, at, stats->lr, err);
    return st;
}

enum al_status train_run(struct lab *l, struct lab_model *m, struct rng *rng,
                         const struct train_request *rq, struct sink *sink,
                         struct train_result *res, struct al_error *err)
{
    memset(res, 0, sizeof *res);
    int epochs = rq->epochs, stride = rq->stride > 0 ? rq->stride : rq->seq;
    long per_epoch = epochs > 0 ? steps_per_epoch(l, rq->batch, rq->seq, stride) : 0;
    struct batch_buf b;
    enum al_status st = batch_buf_init(&b, l, rq->batch, rq->seq, stride, epochs, rng, err);
    if (st != AL_OK)
        return st;
    model_world_sync(m->net); /* among processes, every one starts from rank 0's parameters */
    l->run = (struct lab_run){
        .running = 1, .started = lab_now(), .total = epochs > 0 ? per_epoch * epochs : rq->steps};
    l->run.paused_left = 0;
    double val = NAN, val_acc = NAN, sum = 0.0, last_report = l->run.started;
    struct step_stats stats = {0};
    for (int epoch = 0; st == AL_OK && (epoch < epochs || (epochs == 0 && epoch == 0)); epoch++) {
        if (epoch > 0 && l->labelled)
            b.next_row = 0;
        else if (epoch > 0)
            epoch_restart(&b.epoch, rng);
        struct epoch_sums es = {.started = lab_now()};
        for (long k = 0; epochs > 0 || k < rq->steps; k++) {
            int rows;
            st = one_step(l, m, &b, rq, rng, epochs, &stats, &rows, err);
            if (st != AL_OK || rows == 0)
                break;
            l->run.done++;
            sum += stats.loss;
            es.loss += stats.loss * rows;
            es.accuracy += stats.accuracy * rows;
            es.rows += rows;
            es.steps++;
            if (rq->eval_every > 0 && m->net->step % rq->eval_every == 0)
                st = validate_now(l, m, rq->seq, rq->eval_batches, &val, &val_acc, err);
            record_frame(l, m);
            if (pace_wait(l, sink)) {
                res->interrupted = 1;
                break;
            }
            double now = lab_now();
            l->run.elapsed = now - l->run.started;
            if (now - last_report >= 1.0) {
                emit_progress(sink, m, &l->run, stats.loss, val, l->run.tokens / l->run.elapsed);
                last_report = now;
            }
            if (sink_interrupted(sink)) {
                res->interrupted = 1;
                break;
            }
        }
        if (res->interrupted)
            break;
        if (st == AL_OK && epochs > 0 && rq->eval_every == 0)
            st = validate_now(l, m, rq->seq, rq->eval_batches, &val, &val_acc, err);
        if (st == AL_OK && epochs > 0)
            emit_epoch(sink, epoch + 1, epochs, &es, val, val_acc);
    }
    l->run.running = 0;
    l->run.elapsed = lab_now() - l->run.started;
    if (res->interrupted && epochs == 0 && l->run.done < l->run.total) {
        l->run.paused_left = l->run.total - l->run.done;
        l->run.paused_model = m;
        l->run.paused.batch = rq->batch;
        l->run.paused.seq = rq->seq;
        l->run.paused.eval_every = rq->eval_every;
        l->run.paused.eval_batches = rq->eval_batches;
    }
    res->steps = l->run.done;
    res->last_loss = stats.loss;
    res->last_accuracy = stats.accuracy;
    res->mean_loss = l->run.done ? sum / l->run.done : NAN;
    res->val_loss = val;
    res->val_accuracy = val_acc;
    res->seconds = l->run.elapsed;
    res->tokens_per_s = res->seconds > 0 ? l->run.tokens / res->seconds : 0.0;
    batch_buf_free(&b);
    return st;
}

/* Validation of a language model: consecutive windows of the validation split. */
static enum al_status evaluate_corpus(const struct lab *l, struct lab_model *m, int seq,
                                      int max_batches, struct eval_result *out,
                                      struct al_error *err)
{
    size_t nval;
    const int32_t *val = corpus_val(l->corpus, &nval);
    if (nval < (size_t)seq + 1) /* too short for a window: fall back to the training split */
        val = corpus_train(l->corpus, &nval);
    if (nval < 2)
        return al_fail(err, AL_EINVAL, "the corpus is too short to evaluate");
    if (nval < (size_t)seq + 1)
        seq = (int)nval - 1;
    int batch = m->batch;
    size_t windows = (nval - 1) / (size_t)seq;
    int32_t *x = malloc(sizeof *x * (size_t)batch * seq),
            *y = malloc(sizeof *y * (size_t)batch * seq);
    if (!x || !y) {
        free(x);
        free(y);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    double total = 0.0;
    long correct = 0, rows = 0;
    enum al_status st = AL_OK;
    for (size_t w = 0, nb = 0; w < windows && st == AL_OK; nb++) {
        if (max_batches > 0 && nb >= (size_t)max_batches)
            break;
        int r = 0;
        for (; r < batch && w < windows; r++, w++) {
            memcpy(x + (size_t)r * seq, val + w * seq, sizeof *x * (size_t)seq);
            memcpy(y + (size_t)r * seq, val + w * seq + 1, sizeof *y * (size_t)seq);
        }
        struct step_stats s;
        st = model_evaluate(m->net, x, y, NULL, r, seq, &s, err);
        total += s.loss * r * seq;
        correct += lround(s.accuracy * r * seq);
        rows += (long)r * seq;
    }
    free(x);
    free(y);
    if (st != AL_OK)
        return st;
    out->rows = rows;
    out->loss = total / rows;
    out->accuracy = (double)correct / rows;
    return AL_OK;
}

/* Validation of a classifier: the examples after the training part of the shuffled order. */
static enum al_status evaluate_labelled(const struct lab *l, struct lab_model *m, int seq,
                                        struct eval_result *out, struct al_error *err)
{
    const struct labelled_set *ls = l->labelled;
    size_t first = l->ntrain < ls->n ? l->ntrain : 0; /* no validation part: use everything */
    int k = ls->nlabels, batch = m->batch;
    int32_t *x = malloc(sizeof *x * (size_t)batch * seq), *len = malloc(sizeof *len * batch);
    int32_t *lab = malloc(sizeof *lab * batch), *pred = malloc(sizeof *pred * batch);
    size_t *rows = malloc(sizeof *rows * batch);
    enum al_status st = AL_OK;
    if (!x || !len || !lab || !pred || !rows)
        st = al_fail(err, AL_ENOMEM, "out of memory");
    if (st == AL_OK)
        st = confusion_init(&out->confusion, k, err);
    double total = 0.0;
    int32_t pad = tok_pad_id(ls->tok) < 0 ? 0 : tok_pad_id(ls->tok);
    for (size_t i = first; st == AL_OK && i < ls->n;) {
        int r = 0;
        for (; r < batch && i < ls->n; r++, i++)
            rows[r] = l->order[i];
        labelled_batch(ls, rows, r, seq, pad, x, len, lab);
        struct step_stats s;
        st = model_evaluate(m->net, x, lab, len, r, seq, &s, err);
        if (st != AL_OK)
            break;
        const float *logits = m->net->layers[m->net->nlayers - 1].out;
        for (int j = 0; j < r; j++) {
            pred[j] = 0;
            for (int c = 1; c < k; c++)
                if (logits[j * k + c] > logits[j * k + pred[j]])
                    pred[j] = c;
        }
        st = confusion_add_all(&out->confusion, lab, pred, (size_t)r, err);
        total += s.loss * r;
    }
    free(x);
    free(len);
    free(lab);
    free(pred);
    free(rows);
    if (st != AL_OK)
        return st;
    out->rows = (long)out->confusion.total;
    out->loss = out->rows ? total / out->rows : NAN;
    out->accuracy = out->rows ? metric_accuracy(&out->confusion) : NAN;
    return AL_OK;
}

enum al_status train_evaluate(const struct lab *l, struct lab_model *m, int seq, int max_batches,
                              struct eval_result *out, struct al_error *err)
{
    memset(out, 0, sizeof *out);
    if (!m->batch)
        return al_fail(err, AL_ESTATE, "model '%s' is not compiled yet: run compile first",
                       m->name);
    enum al_status st = model_is_classifier(m->net)
                            ? evaluate_labelled(l, m, seq, out, err)
                            : evaluate_corpus(l, m, seq, max_batches, out, err);
    if (st == AL_OK)
        out->perplexity = metric_perplexity(out->loss);
    return st;
}
