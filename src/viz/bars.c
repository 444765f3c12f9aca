/* bars.c: top-k probability bars, with eighth-cell resolution in Unicode mode. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "viz/bars.h"
#include "viz/scale.h"

#define LABEL_MAX 12

struct bars_options bars_options_default(struct viz_options vo)
{
    struct bars_options o = {vo, NULL, -1};
    return o;
}

/* a ranks before b: larger first, NaN last, ties by index. */
static int before(const float *p, int a, int b)
{
    if (isnan(p[a]) || isnan(p[b]))
        return !isnan(p[a]) || (isnan(p[b]) && a < b);
    return p[a] > p[b] || (p[a] == p[b] && a < b);
}

/* The k best indices, in order, by k selection passes: k is small and n a vocabulary. */
static void top_k(int *idx, int k, const float *p, int n)
{
    for (int r = 0; r < k; r++) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            int taken = 0;
            for (int j = 0; j < r && !taken; j++)
                taken = idx[j] == i;
            if (!taken && (best < 0 || before(p, i, best)))
                best = i;
        }
        idx[r] = best;
    }
}

/* A bar of value t in [0, 1] of at most w columns. */
static void bar(struct canvas *c, int x, int y, double t, int w, int ascii, int colour)
{
    struct canvas_style st = canvas_style_fg(colour, 0);
    if (!(t > 0) || w < 1)
        return;
    int eighths = (int)lround((t > 1 ? 1 : t) * w * 8);
    if (ascii) {
        canvas_fill(c, x, y, (eighths + 4) / 8, 1, '#', st);
        return;
    }
    canvas_fill(c, x, y, eighths / 8, 1, 0x2588, st);
    if (eighths % 8)
        canvas_put(c, x + eighths / 8, y, 0x2590 - eighths % 8, st); /* ▏..▉ */
}

static void bar_row(struct canvas *c, int y, int i, const char *const *labels, const float *p,
                    double scale, int lw, const struct bars_options *o)
{
    char s[24];
    int W = canvas_width(c), colour = o->vo.colors ? (o->vo.colors >= 256 ? 39 : 6) : -1;
    if (i == o->mark)
        canvas_put(c, 0, y, o->vo.ascii ? '>' : 0x25B6, canvas_style_fg(-1, CANVAS_BOLD));
    if (labels && labels[i])
        canvas_put_text_right(c, 2, y, labels[i], lw, canvas_style_plain(),
                              viz_text_flags(&o->vo) | CANVAS_TEXT_LABEL);
    else {
        snprintf(s, sizeof s, "#%d", i);
        canvas_put_text_right(c, 2, y, s, lw, canvas_style_plain(), viz_text_flags(&o->vo));
    }
    int bx = 2 + lw + 1, bw = W - bx - 7;
    scale_fmt_value(s, sizeof s, p[i], 6);
    if (isfinite(p[i]))
        bar(c, bx, y, p[i] / scale, bw, o->vo.ascii, colour);
    else
        canvas_put(c, bx, y, '!', canvas_style_fg(o->vo.colors ? 1 : -1, CANVAS_BOLD));
    canvas_put_text_right(c, W - 6, y, s, 6, canvas_style_plain(), viz_text_flags(&o->vo));
}

enum al_status bars_topk(struct canvas *c, const char *const *labels, const float *probs, int n,
                         int k, const struct bars_options *o, struct al_error *err)
{
    canvas_clear(c);
    if (!o || n < 0 || k < 0 || (n > 0 && !probs))
        return al_fail(err, AL_EINVAL, "bars: needs options, n >= 0, k >= 0 and values");
    k = k < n ? k : n;
    int *idx = malloc(sizeof(int) * ((size_t)k + 1));
    if (!idx)
        return al_fail(err, AL_ENOMEM, "bars: no memory for %d bars", k);
    top_k(idx, k, probs, n);
    double scale = 1, hi = 0;
    int lw = 1;
    for (int r = 0; r < k; r++) {
        float v = probs[idx[r]];
        if (isfinite(v) && (v < 0 || v > 1))
            scale = 0;
        hi = isfinite(v) && v > hi ? v : hi;
        int w = labels && labels[idx[r]]
                    ? canvas_text_width(labels[idx[r]], viz_text_flags(&o->vo) | CANVAS_TEXT_LABEL)
                    : 4;
        lw = w > lw ? (w > LABEL_MAX ? LABEL_MAX : w) : lw;
    }
    if (scale == 0)
        scale = hi > 0 ? hi : 1;
    char t[96];
    snprintf(t, sizeof t, "top %d of %d", k, n);
    canvas_put_text(c, 0, 0, o->title ? o->title : t, canvas_width(c),
                    canvas_style_fg(-1, CANVAS_BOLD), viz_text_flags(&o->vo));
    for (int r = 0; r < k && r + 1 < canvas_height(c); r++)
        bar_row(c, r + 1, idx[r], labels, probs, scale, lw, o);
    free(idx);
    return AL_OK;
}
