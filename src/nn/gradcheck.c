/* gradcheck.c: central finite differences on a compiled model. */
#include "nn/gradcheck.h"

#include "nn/loss.h"

enum al_status gradcheck_loss(struct model *m, const struct gradcheck_batch *batch, double *loss,
                              struct al_error *err)
{
    struct rng r;
    if (batch->rng)
        r = *batch->rng;
    float *logits;
    enum al_status st = model_forward(m, batch->tokens, batch->lengths, batch->b, batch->t,
                                      batch->training, batch->rng ? &r : NULL, &logits, err);
    if (st != AL_OK)
        return st;
    int rows = model_output_rows(m, batch->b, batch->t);
    *loss =
        cross_entropy_forward(m->probs, logits, batch->targets, rows, model_output_width(m)).loss;
    return AL_OK;
}

/* The loss with *x set to value (x is restored by the caller). */
static enum al_status loss_at(struct model *m, const struct gradcheck_batch *batch, float *x,
                              double value, double *loss, double *step, struct al_error *err)
{
    *x = (float)value;
    *step = *x; /* the value actually set, after rounding to float */
    return gradcheck_loss(m, batch, loss, err);
}

/* The five-point central difference (8·(L(+h) − L(−h)) − (L(+2h) − L(−2h))) / 12h: its
 * truncation error is of order h⁴ instead of the two-point rule's h², which matters in
 * float32, where h cannot be made small (round-off grows as 1/h). */
static enum al_status five_point(struct model *m, const struct gradcheck_batch *batch, float *x,
                                 float eps, double *out, struct al_error *err)
{
    float saved = *x;
    double l[4], at[4];
    static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
    enum al_status st = AL_OK;
    for (int i = 0; i < 4 && st == AL_OK; i++)
        st = loss_at(m, batch, x, (double)saved + offsets[i] * eps, &l[i], &at[i], err);
    *x = saved;
    if (st != AL_OK)
        return st;
    double h = (at[2] - at[1]) / 2.0; /* the step as rounded */
    *out = (8.0 * (l[2] - l[1]) - (l[3] - l[0])) / (12.0 * h);
    return AL_OK;
}

enum al_status gradcheck_param(struct model *m, int param, const struct gradcheck_batch *batch,
                               float eps, struct gradcheck_entry *entries, int count, int *filled,
                               struct al_error *err)
{
    *filled = 0;
    if (param < 0 || param >= m->nparams)
        return al_fail(err, AL_EINVAL, "no parameter %d", param);
    struct param *p = &m->params[param];
    size_t n = (size_t)p->rows * p->cols;
    size_t want = (size_t)count < n ? (size_t)count : n;
    /* analytic gradients of one pass */
    struct rng r;
    if (batch->rng)
        r = *batch->rng;
    enum al_status st = model_forward(m, batch->tokens, batch->lengths, batch->b, batch->t,
                                      batch->training, batch->rng ? &r : NULL, NULL, err);
    if (st == AL_OK)
        st = model_backward(m, batch->targets, NULL, err);
    if (st != AL_OK)
        return st;
    for (size_t k = 0; k < want; k++) {
        size_t idx = want == n ? k : k * n / want + (n / want) / 2;
        entries[k].index = idx;
        entries[k].analytic = p->grad[idx];
    }
    for (size_t k = 0; k < want && st == AL_OK; k++)
        st = five_point(m, batch, &p->value[entries[k].index], eps, &entries[k].numeric, err);
    if (st != AL_OK)
        return st;
    *filled = (int)want;
    return AL_OK;
}
