/* train.h: training and evaluating a session's model on the session's data, in steps whose
 * progress goes to the sink and which stop early (paused, nothing lost) when the sink says
 * it was interrupted. Batches come from the session's RNG. */
#ifndef ATTNLAB_LANG_TRAIN_H
#define ATTNLAB_LANG_TRAIN_H

#include "core/rng.h"
#include "core/status.h"
#include "data/metrics.h"
#include "lab/lab.h"
#include "lab/output.h"

struct train_request {
    long steps; /* step: how many; fit: computed from epochs */
    int epochs; /* fit: > 0 iterates epochs over every window; step: 0 */
    int batch, seq;
    int stride;       /* fit over a corpus: windows start every stride tokens (0: seq) */
    int eval_every;   /* validate every N steps (0: only at the end of each epoch in fit) */
    int eval_batches; /* validation batches per evaluation (0: the whole validation split) */
};

struct train_result {
    long steps;      /* steps done */
    int interrupted; /* stopped by the sink */
    double last_loss, mean_loss, last_accuracy;
    double val_loss, val_accuracy; /* the last validation (NAN: none in this command) */
    double seconds, tokens_per_s;
};

struct eval_result {
    double loss, accuracy, perplexity;
    long rows;                  /* positions (language model) or examples (classifier) evaluated */
    struct confusion confusion; /* classifier: counts by truth and prediction (free with
                                   confusion_free); k = 0 for a language model */
};

/* Checks that m can train on the lab's data with this request (kind of data, vocabulary,
 * sequence length, enough tokens); does not change anything. */
enum al_status train_check(const struct lab *l, const struct lab_model *m,
                           const struct train_request *rq, struct al_error *err);

/* Runs the request. AL_ENUMERIC stops at a non-finite loss with the parameters of the last
 * good step. */
enum al_status train_run(struct lab *l, struct lab_model *m, struct rng *rng,
                         const struct train_request *rq, struct sink *sink,
                         struct train_result *res, struct al_error *err);

/* Loss, accuracy and perplexity on the validation split (at most max_batches batches of
 * m->batch, 0: all), deterministic: it draws nothing from any RNG. */
enum al_status train_evaluate(const struct lab *l, struct lab_model *m, int seq, int max_batches,
                              struct eval_result *out, struct al_error *err);

#endif
