/* plot_data.c: the numbers behind a loss plot, before anything is drawn: smoothing, the log
 * transform, counts of what cannot be plotted, and the ranges of what can. */
#include <math.h>
#include <stdlib.h>

#include "viz/plot_data.h"

static void smooth_ema(float *out, const float *v, int n, double a)
{
    double s = 0, decay = 1;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            out[i] = v[i]; /* a hole stays a hole; the average carries over it */
            continue;
        }
        s = a * s + (1 - a) * v[i];
        decay *= a;
        out[i] = (float)(s / (1 - decay)); /* debiased, so the start is not pulled to 0 */
    }
}

static void smooth_mean(float *out, const float *v, int n, int window)
{
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            out[i] = v[i];
            continue;
        }
        double sum = 0;
        int k = 0;
        for (int j = i; j >= 0 && k < window; j--)
            if (isfinite(v[j])) {
                sum += v[j];
                k++;
            }
        out[i] = (float)(sum / k);
    }
}

/* One series into pd: x, smoothed y (in log10 when asked), counts and the valid flags. */
static void prepare_one(struct plot_prepared *p, const struct plot_series *s,
                        const struct plot_options *o)
{
    for (int i = 0; i < s->n; i++)
        p->x[i] = s->steps ? s->steps[i] : (float)i;
    if (o->smooth == PLOT_SMOOTH_EMA)
        smooth_ema(p->y, s->values, s->n, o->smooth_param);
    else if (o->smooth == PLOT_SMOOTH_MEAN)
        smooth_mean(p->y, s->values, s->n, (int)o->smooth_param);
    else
        for (int i = 0; i < s->n; i++)
            p->y[i] = s->values[i];
    for (int i = 0; i < s->n; i++) {
        float v = p->y[i];
        p->last = isfinite(v) ? v : p->last;
        if (isnan(v))
            p->nan++;
        else if (isinf(v))
            p->inf++;
        else if (o->log_y && v <= 0)
            p->nonpos++;
        p->ok[i] = isfinite(v) && isfinite(p->x[i]) && !(o->log_y && v <= 0);
        if (p->ok[i] && o->log_y)
            p->y[i] = log10f(v);
    }
}

static void widen(double *lo, double *hi, double v)
{
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

/* Ranges over everything plottable; a flat or empty range is opened up so it can be drawn. */
static void ranges(struct plot_data *pd, int log_y)
{
    pd->x0 = pd->y0 = INFINITY;
    pd->x1 = pd->y1 = -INFINITY;
    for (int s = 0; s < pd->n; s++)
        for (int i = 0; i < pd->p[s].n; i++) {
            if (isfinite(pd->p[s].x[i]))
                widen(&pd->x0, &pd->x1, pd->p[s].x[i]);
            if (pd->p[s].ok[i]) {
                widen(&pd->y0, &pd->y1, pd->p[s].y[i]);
                pd->any = 1;
            }
        }
    if (!(pd->x0 <= pd->x1))
        pd->x0 = 0, pd->x1 = 1;
    if (pd->x0 == pd->x1)
        pd->x0 -= 1, pd->x1 += 1;
    if (!pd->any)
        pd->y0 = 0, pd->y1 = 1;
    if (pd->y0 == pd->y1) {
        double pad = log_y ? 0.5 : (pd->y0 == 0 ? 1 : fabs(pd->y0) * 0.1);
        pd->y0 -= pad;
        pd->y1 += pad;
    }
}

enum al_status plot_data_prepare(struct plot_data *pd, const struct plot_series *series,
                                 int nseries, const struct plot_options *o, struct al_error *err)
{
    size_t total = 0;
    for (int s = 0; s < nseries; s++)
        total += (size_t)series[s].n;
    pd->n = nseries;
    pd->any = 0;
    pd->p = calloc((size_t)nseries + 1, sizeof *pd->p);
    pd->mem = malloc((total + 1) * (2 * sizeof(float) + 1));
    if (!pd->p || !pd->mem) {
        plot_data_free(pd);
        return al_fail(err, AL_ENOMEM, "no memory for a plot of %zu points", total);
    }
    float *f = pd->mem;
    unsigned char *ok = (unsigned char *)(f + 2 * (total + 1));
    for (int s = 0; s < nseries; s++) {
        struct plot_prepared *p = &pd->p[s];
        p->n = series[s].n;
        p->x = f;
        p->y = f + p->n;
        p->ok = ok;
        p->last = NAN;
        f += 2 * p->n;
        ok += p->n;
        prepare_one(p, &series[s], o);
    }
    ranges(pd, o->log_y);
    return AL_OK;
}

void plot_data_free(struct plot_data *pd)
{
    free(pd->p);
    free(pd->mem);
    pd->p = NULL;
    pd->mem = NULL;
}
