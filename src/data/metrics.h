/* metrics.h: how well a classifier or a language model does: the confusion matrix and what
 * comes from it (accuracy, per-class precision, recall and F1, macro and weighted F1), and
 * perplexity. A class that is never predicted has precision 0 (and F1 0), as scikit-learn
 * does with zero_division=0. */
#ifndef ATTNLAB_DATA_METRICS_H
#define ATTNLAB_DATA_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct confusion {
    int k;      /* classes */
    int64_t *m; /* [k*k]: m[truth*k + predicted], owned */
    int64_t total;
};

/* A zeroed k x k matrix in caller-owned c (free with confusion_free). AL_EINVAL for k < 1. */
enum al_status confusion_init(struct confusion *c, int k, struct al_error *err);
void confusion_free(struct confusion *c);
void confusion_reset(struct confusion *c);
/* Counts one example; AL_EINVAL when a class is outside 0..k-1. */
enum al_status confusion_add(struct confusion *c, int truth, int predicted, struct al_error *err);
/* Counts n examples at once. */
enum al_status confusion_add_all(struct confusion *c, const int32_t *truth,
                                 const int32_t *predicted, size_t n, struct al_error *err);

struct class_metrics {
    double precision, recall, f1;
    int64_t support; /* examples whose truth is this class */
};

/* Fraction of examples on the diagonal; 0 when there are none. */
double metric_accuracy(const struct confusion *c);
struct class_metrics metric_class(const struct confusion *c, int cls);
/* The unweighted mean of the per-class F1 scores. */
double metric_macro_f1(const struct confusion *c);
/* The mean of per-class F1 weighted by support. */
double metric_weighted_f1(const struct confusion *c);
/* exp(mean cross-entropy in nats). */
double metric_perplexity(double mean_cross_entropy);

#endif
