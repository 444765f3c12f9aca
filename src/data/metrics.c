/* metrics.c: the confusion matrix and the scores derived from it. */
#include "data/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum al_status confusion_init(struct confusion *c, int k, struct al_error *err)
{
    if (k < 1)
        return al_fail(err, AL_EINVAL, "a confusion matrix needs at least one class, not %d", k);
    int64_t *m = calloc((size_t)k * (size_t)k, sizeof *m);
    if (!m)
        return al_fail(err, AL_ENOMEM, "out of memory for %d classes", k);
    *c = (struct confusion){k, m, 0};
    return AL_OK;
}

void confusion_free(struct confusion *c)
{
    free(c->m);
    c->m = NULL;
    c->k = 0;
    c->total = 0;
}

void confusion_reset(struct confusion *c)
{
    memset(c->m, 0, sizeof *c->m * (size_t)c->k * (size_t)c->k);
    c->total = 0;
}

enum al_status confusion_add(struct confusion *c, int truth, int predicted, struct al_error *err)
{
    if (truth < 0 || truth >= c->k || predicted < 0 || predicted >= c->k)
        return al_fail(err, AL_EINVAL, "class %d or %d outside 0..%d", truth, predicted, c->k - 1);
    c->m[(size_t)truth * c->k + predicted]++;
    c->total++;
    return AL_OK;
}

enum al_status confusion_add_all(struct confusion *c, const int32_t *truth,
                                 const int32_t *predicted, size_t n, struct al_error *err)
{
    for (size_t i = 0; i < n; i++) {
        enum al_status st = confusion_add(c, truth[i], predicted[i], err);
        if (st)
            return st;
    }
    return AL_OK;
}

double metric_accuracy(const struct confusion *c)
{
    if (c->total == 0)
        return 0.0;
    int64_t right = 0;
    for (int i = 0; i < c->k; i++)
        right += c->m[(size_t)i * c->k + i];
    return (double)right / (double)c->total;
}

struct class_metrics metric_class(const struct confusion *c, int cls)
{
    struct class_metrics r = {0, 0, 0, 0};
    if (cls < 0 || cls >= c->k)
        return r;
    int64_t tp = c->m[(size_t)cls * c->k + cls], predicted = 0;
    for (int i = 0; i < c->k; i++) {
        r.support += c->m[(size_t)cls * c->k + i];
        predicted += c->m[(size_t)i * c->k + cls];
    }
    r.precision = predicted ? (double)tp / (double)predicted : 0.0;
    r.recall = r.support ? (double)tp / (double)r.support : 0.0;
    double s = r.precision + r.recall;
    r.f1 = s > 0 ? 2.0 * r.precision * r.recall / s : 0.0;
    return r;
}

double metric_macro_f1(const struct confusion *c)
{
    double sum = 0;
    for (int i = 0; i < c->k; i++)
        sum += metric_class(c, i).f1;
    return sum / c->k;
}

double metric_weighted_f1(const struct confusion *c)
{
    if (c->total == 0)
        return 0.0;
    double sum = 0;
    for (int i = 0; i < c->k; i++) {
        struct class_metrics m = metric_class(c, i);
        sum += m.f1 * (double)m.support;
    }
    return sum / (double)c->total;
}

double metric_perplexity(double mean_cross_entropy)
{
    return exp(mean_cross_entropy);
}
