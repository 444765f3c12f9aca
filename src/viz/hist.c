/* hist.c: histograms of weights and gradients: vertical bars with eighth-cell resolution in
 * Unicode mode, the count axis, the value range and the statistics a reader checks first. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "viz/bars.h"
#include "viz/scale.h"

struct hist_options hist_options_default(struct viz_options vo)
{
    struct hist_options o = {vo, NULL, 0};
    return o;
}

struct stats {
    int finite, nan, inf;
    double lo, hi, mean, std;
};

static struct stats stats_of(const float *v, int n)
{
    struct stats s = {0, 0, 0, INFINITY, -INFINITY, 0, 0};
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(v[i]))
            s.nan++;
        else if (isinf(v[i]))
            s.inf++;
        else {
            s.finite++;
            sum += v[i];
            s.lo = v[i] < s.lo ? v[i] : s.lo;
            s.hi = v[i] > s.hi ? v[i] : s.hi;
        }
    }
    s.mean = s.finite ? sum / s.finite : NAN;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]))
            sq += (v[i] - s.mean) * (v[i] - s.mean);
    s.std = s.finite ? sqrt(sq / s.finite) : NAN;
    if (!s.finite)
        s.lo = 0, s.hi = 1;
    if (s.lo == s.hi)
        s.lo -= 0.5, s.hi += 0.5;
    return s;
}

/* One bin's column of height t in [0, 1] over rows cells, bottom at row y. */
static void column(struct canvas *c, int x, int y, int rows, double t, int count, int ascii)
{
    int eighths = (int)lround(t * rows * 8);
    if (count > 0 && eighths == 0)
        eighths = 1; /* not empty, so never drawn as empty */
    for (int r = 0; r < rows && eighths > 0; r++, eighths -= 8) {
        uint32_t g = eighths >= 8 ? 0x2588 : 0x2580 + (uint32_t)eighths; /* ▁..█ */
        if (ascii)
            g = eighths >= 4 || r == 0 ? (eighths >= 4 ? '#' : '.') : ' ';
        canvas_put(c, x, y - r, g, canvas_style_plain());
    }
}

static void footer(struct canvas *c, int y, const struct stats *s, int n, unsigned tf)
{
    char t[200], mean[16], std[16];
    scale_fmt_value(mean, sizeof mean, s->mean, 7);
    scale_fmt_value(std, sizeof std, s->std, 7);
    int k = snprintf(t, sizeof t, "n=%d mean=%s std=%s", n, mean, std);
    if (s->nan || s->inf)
        snprintf(t + k, sizeof t - k, " NaN=%d inf=%d", s->nan, s->inf);
    canvas_put_text(c, 0, y, t, canvas_width(c), canvas_style_plain(), tf);
}

static void x_range(struct canvas *c, int x0, int pw, int y, const struct stats *s, unsigned tf)
{
    char lo[16], hi[16];
    scale_fmt_value(lo, sizeof lo, s->lo, 7);
    scale_fmt_value(hi, sizeof hi, s->hi, 7);
    int used = canvas_put_text(c, x0, y, lo, pw, canvas_style_plain(), tf);
    int hw = canvas_text_width(hi, tf);
    if (x0 + pw - hw > x0 + used)
        canvas_put_text(c, x0 + pw - hw, y, hi, hw, canvas_style_plain(), tf);
}

/* Counts and the columns of the plot area. Returns the largest count. */
static int fill_bins(int *bins, int nb, const float *v, int n, const struct stats *s)
{
    int top = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        int b = (int)((v[i] - s->lo) / (s->hi - s->lo) * nb);
        b = b < 0 ? 0 : b >= nb ? nb - 1 : b;
        bins[b]++;
        top = bins[b] > top ? bins[b] : top;
    }
    return top;
}

static void draw_axes(struct canvas *c, int lw, int rows, int top_count, int pw, int ascii)
{
    unsigned tf = ascii ? CANVAS_TEXT_ASCII : 0;
    char t[24];
    struct canvas_style st = canvas_style_plain();
    snprintf(t, sizeof t, "%d", top_count);
    canvas_put_text_right(c, 0, 1, t, lw, st, tf);
    canvas_put_text_right(c, 0, rows, "0", lw, st, tf);
    for (int y = 1; y <= rows; y++)
        canvas_put(c, lw, y, ascii ? '|' : 0x2502, st);
    canvas_put(c, lw, rows + 1, ascii ? '+' : 0x2514, st);
    canvas_fill(c, lw + 1, rows + 1, pw, 1, ascii ? '-' : 0x2500, st);
}

enum al_status hist_draw(struct canvas *c, const float *values, int n, const struct hist_options *o,
                         struct al_error *err)
{
    canvas_clear(c);
    if (!o || n < 0 || o->bins < 0 || (n > 0 && !values))
        return al_fail(err, AL_EINVAL, "histogram: needs options, n >= 0, bins >= 0, values");
    struct stats s = stats_of(values, n);
    int W = canvas_width(c), H = canvas_height(c), rows = H - 4;
    char lw_s[24];
    int lw = snprintf(lw_s, sizeof lw_s, "%d", n), pw = W - lw - 1;
    canvas_put_text(c, 0, 0, o->title ? o->title : "histogram", W, canvas_style_fg(-1, CANVAS_BOLD),
                    viz_text_flags(&o->vo));
    if (rows < 1 || pw < 1) {
        footer(c, H - 1, &s, n, viz_text_flags(&o->vo));
        return AL_OK;
    }
    int nb = o->bins == 0 || o->bins > pw ? pw : o->bins, cpb = pw / nb;
    int *bins = calloc((size_t)nb, sizeof *bins);
    if (!bins)
        return al_fail(err, AL_ENOMEM, "histogram: no memory for %d bins", nb);
    int top = fill_bins(bins, nb, values, n, &s);
    draw_axes(c, lw, rows, top, nb * cpb, o->vo.ascii);
    for (int b = 0; b < nb; b++)
        for (int k = 0; k < cpb; k++)
            column(c, lw + 1 + b * cpb + k, rows, rows, top ? (double)bins[b] / top : 0, bins[b],
                   o->vo.ascii);
    x_range(c, lw + 1, nb * cpb, rows + 2, &s, viz_text_flags(&o->vo));
    footer(c, rows + 3, &s, n, viz_text_flags(&o->vo));
    free(bins);
    return AL_OK;
}
