/* gradcheck.c: central finite differences on a compiled model. */
#include "nn/gradcheck.h"

#include "nn/loss.h"

enum al_status gradcheck_loss(struct model *m, const struct gradcheck_batch *batch,
                              double *loss, struct al_error *err)
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
    *loss = cross_entropy_forward(m->probs, logits, batch->targets, rows, model_output_width(m))
                .loss;
    return AL_OK;
}

enum al_status gradcheck_param(struct model *m, int param, const struct gradcheck_batch *batch,
                               float eps, struct gradcheck_entry *entries, int count,
                               int *filled, struct al_error *err)
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
    for (size_t k = 0; k < want; k++) {
        float *x = &p->value[entries[k].index];
        float saved = *x;
        double plus, minus;
        *x = saved + eps;
        st = gradcheck_loss(m, batch, &plus, err);
        *x = saved - eps;
        if (st == AL_OK)
            st = gradcheck_loss(m, batch, &minus, err);
        *x = saved;
        if (st != AL_OK)
            return st;
        /* the step actually taken, after float rounding of saved ± eps */
        double h = (double)(saved + eps) - (double)(saved - eps);
        entries[k].numeric = (plus - minus) / h;
    }
    *filled = (int)want;
    return AL_OK;
}
