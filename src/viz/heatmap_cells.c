/* heatmap_cells.c: the parts every heatmap view shares: mapping a value to a shade and a
 * colour, drawing a window of cells, row labels, the legend. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/heatmap_cells.h"
#include "viz/scale.h"

static const char ascii_ramp[] = ".:-=+*#%@";
static const uint32_t uni_ramp[] = {0xB7, 0x2591, 0x2592, 0x2593, 0x2588}; /* ·░▒▓█ */
/* A dark-to-bright sequential palette (viridis-like) of the 256-colour cube. */
static const int pal256[] = {54, 55, 61, 67, 68, 73, 72, 71, 107, 149, 185, 226};
static const int pal8[] = {4, 6, 2, 3};

static int ramp_len(const struct hm_ctx *h)
{
    return h->o->vo.ascii ? (int)strlen(ascii_ramp) : 5;
}

static double unit(const struct hm_ctx *h, float v)
{
    double span = (double)h->hi - h->lo;
    double t = span > 0 ? (v - h->lo) / span : 0.5; /* a flat or overflowing range */
    return !(t >= 0) ? 0 : t > 1 ? 1 : t;
}

static int level(double t, int n)
{
    int k = (int)(t * n);
    return k >= n ? n - 1 : k;
}

static uint32_t shade(const struct hm_ctx *h, float v)
{
    int k = level(unit(h, v), ramp_len(h));
    return h->o->vo.ascii ? (uint32_t)ascii_ramp[k] : uni_ramp[k];
}

static int colour(const struct hm_ctx *h, float v)
{
    double t = unit(h, v);
    if (h->o->vo.colors >= 256)
        return pal256[level(t, 12)];
    return h->o->vo.colors ? pal8[level(t, 4)] : CANVAS_COLOR_DEFAULT;
}

void hm_range(struct hm_ctx *h, const float *m, size_t n)
{
    if (h->o->vmin < h->o->vmax && h->o->scale == HEATMAP_SCALE_FIXED) {
        h->lo = h->o->vmin;
        h->hi = h->o->vmax;
        return;
    }
    float lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(m[i])) {
            lo = m[i] < lo ? m[i] : lo;
            hi = m[i] > hi ? m[i] : hi;
        }
    if (h->o->scale != HEATMAP_SCALE_FIXED && lo <= hi) { /* 0..the largest value */
        h->lo = lo < 0 ? lo : 0;
        h->hi = hi > h->lo ? hi : h->lo + 1;
        return;
    }
    if (!(lo <= hi) || (lo >= 0 && hi <= 1)) {
        h->lo = 0, h->hi = 1; /* probabilities, or nothing finite at all */
        return;
    }
    h->lo = lo;
    h->hi = hi > lo ? hi : lo + 1;
}

static void one_cell(struct canvas *c, const struct hm_ctx *h, float v, int x, int y)
{
    if (!isfinite(v)) {
        struct canvas_style st = canvas_style_fg(h->o->vo.colors ? 1 : -1, CANVAS_BOLD);
        if (h->o->numbers) {
            char s[16];
            scale_fmt_value(s, sizeof s, v, h->cw - 1);
            canvas_put_text_right(c, x, y, s, h->cw - 1, st, h->tf);
        } else
            canvas_fill(c, x, y, h->cw, 1, '!', st);
        return;
    }
    struct canvas_style st = canvas_style_fg(colour(h, v), 0);
    if (h->o->numbers) {
        char s[16];
        scale_fmt_value(s, sizeof s, v, h->cw - 1);
        canvas_put_text_right(c, x, y, s, h->cw - 1, st, h->tf);
    } else
        canvas_fill(c, x, y, h->cw, 1, shade(h, v), st);
}

/* scale=row: the row's own range, 0 (or its least value) to its largest unmasked value. */
static void row_range(struct hm_ctx *r, const float *row, int q)
{
    float lo = 0, hi = -INFINITY;
    for (int k = 0; k < r->T; k++) {
        if ((r->o->causal && k > q) || !isfinite(row[k]))
            continue;
        lo = row[k] < lo ? row[k] : lo;
        hi = row[k] > hi ? row[k] : hi;
    }
    r->lo = lo;
    r->hi = hi > lo ? hi : lo + 1;
}

void hm_cells(struct canvas *c, const struct hm_ctx *h, const float *m, struct hm_win w, int x,
              int y)
{
    struct hm_ctx r = *h;
    for (int i = 0; i < w.nr; i++) {
        int q = w.r0 + i;
        if (h->o->scale == HEATMAP_SCALE_ROW)
            row_range(&r, m + (size_t)q * h->T, q);
        for (int j = 0; j < w.nc; j++) {
            int k = w.c0 + j;
            if (h->o->causal && k > q)
                continue; /* masked: blank, so it never reads as a 0 */
            one_cell(c, &r, m[(size_t)q * h->T + k], x + j * h->cw, y + i);
        }
    }
}

int hm_digits(int n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

void hm_margin(const struct hm_ctx *h, const char *const *labels, int *lw, int *iw)
{
    *lw = 0;
    for (int i = 0; labels && i < h->T; i++) {
        int w = canvas_text_width(labels[i], h->tf | CANVAS_TEXT_LABEL);
        *lw = w > *lw ? w : *lw;
    }
    *lw = *lw > 8 ? 8 : *lw;
    *iw = hm_digits(h->T - 1);
}

int hm_row_labels(struct canvas *c, const struct hm_ctx *h, const char *const *labels,
                  struct hm_win w, int x0, int y, int lw, int iw)
{
    struct canvas_style st = canvas_style_plain();
    int x = x0 + (lw ? lw + 1 : 0);
    for (int i = 0; i < w.nr; i++) {
        int q = w.r0 + i;
        char idx[16];
        if (lw && labels && labels[q])
            canvas_put_text_right(c, x0, y + i, labels[q], lw, st, h->tf | CANVAS_TEXT_LABEL);
        snprintf(idx, sizeof idx, "%d", q);
        canvas_put_text_right(c, x, y + i, idx, iw, canvas_style_fg(-1, CANVAS_DIM), h->tf);
        canvas_put(c, x + iw, y + i, h->o->vo.ascii ? '|' : 0x2502, st);
    }
    return x + iw + 1;
}

void hm_legend(struct canvas *c, const struct hm_ctx *h, int y)
{
    char lo[16], hi[16], step[16], text[160];
    int n = ramp_len(h), x = 0, W = canvas_width(c);
    snprintf(lo, sizeof lo, "%.3g", h->lo);
    snprintf(hi, sizeof hi, "%.3g", h->hi);
    snprintf(step, sizeof step, "%.2g", ((double)h->hi - h->lo) / n);
    if (!h->o->numbers)
        for (int k = 0; k < n; k++) {
            float v = (float)(h->lo + (k + 0.5) * ((double)h->hi - h->lo) / n);
            canvas_put(c, x++, y, shade(h, v), canvas_style_fg(colour(h, v), 0));
        }
    if (h->o->numbers)
        snprintf(text, sizeof text, "values %s..%s", lo, hi);
    else if (h->o->scale == HEATMAP_SCALE_ROW)
        snprintf(text, sizeof text, " = 0..each row's max (scale=row)");
    else if (h->o->scale == HEATMAP_SCALE_AUTO)
        snprintf(text, sizeof text, " = %s..%s (scale=auto)", lo, hi);
    else
        snprintf(text, sizeof text, " = %s..%s, %s a step", lo, hi, step);
    x += canvas_put_text(c, x, y, text, W - x, canvas_style_plain(), h->tf);
    const char *rest = h->o->causal ? "; blank = masked; ! = NaN/inf" : "; ! = NaN/inf";
    if (x + (int)strlen(rest) > W)
        rest = h->o->causal ? "; blank=masked" : "";
    canvas_put_text(c, x, y, rest, W - x, canvas_style_plain(), h->tf);
}

void hm_window_note(char *out, size_t cap, struct hm_win w, int T)
{
    if (w.r0 == 0 && w.c0 == 0 && w.nr == T && w.nc == T) {
        snprintf(out, cap, "T=%d", T);
        return;
    }
    snprintf(out, cap, "rows %d-%d, cols %d-%d of T=%d", w.r0, w.r0 + w.nr - 1, w.c0,
             w.c0 + w.nc - 1, T);
}

void hm_title(struct canvas *c, const struct hm_ctx *h, struct hm_win w, const char *extra)
{
    char note[96], t[256];
    hm_window_note(note, sizeof note, w, h->T);
    const char *title = h->o->title ? h->o->title : "attention";
    snprintf(t, sizeof t, "%s%s | row=query col=key | %s", title, extra, note);
    if (canvas_text_width(t, h->tf) > canvas_width(c)) /* the window note matters most */
        snprintf(t, sizeof t, "%s%s | %s", title, extra, note);
    canvas_put_text(c, 0, 0, t, canvas_width(c), canvas_style_fg(-1, CANVAS_BOLD), h->tf);
}
