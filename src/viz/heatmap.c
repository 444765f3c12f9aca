/* heatmap.c: one attention matrix with token labels on both axes, a window onto long
 * sequences, per-row argmax notes; and the mean/max aggregate over heads. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/heatmap_cells.h"
#include "viz/scale.h"
#include "viz/text.h"

#define ANN_W 18 /* "max 12 ·sat·· 1.00" */
#define VLABEL_ROWS 3

struct heatmap_options heatmap_options_default(struct viz_options vo)
{
    struct heatmap_options o = {vo, NULL,        1, 0, 0, 0,  0, 0, 1, HEATMAP_SCALE_FIXED,
                                0,  VLABEL_ROWS, 1, 0, 0, -1, -1};
    return o;
}

enum al_status heatmap_aggregate(float *out, const float *m, int H, int T, enum heatmap_agg agg,
                                 struct al_error *err)
{
    if (!out || !m || H < 1 || T < 1)
        return al_fail(err, AL_EINVAL, "heatmap: aggregate needs H >= 1, T >= 1 and data");
    size_t n = (size_t)T * T;
    for (size_t i = 0; i < n; i++) {
        double acc = agg == HEATMAP_MAX ? -INFINITY : 0;
        for (int h = 0; h < H; h++) {
            float v = m[(size_t)h * n + i];
            if (isnan(v)) {
                acc = NAN; /* fmax would drop it, and a NaN must stay visible */
                break;
            }
            acc = agg == HEATMAP_MAX ? (v > acc ? v : acc) : acc + v;
        }
        out[i] = (float)(agg == HEATMAP_MAX ? acc : acc / H);
    }
    return AL_OK;
}

/* The glyphs of a label (escaped), one a row, for a vertical column header. */
int hm_label_glyphs(const char *label, unsigned tf, uint32_t *g, int max)
{
    struct text_unit u;
    int n = 0;
    const char *p = label ? label : "";
    while (n < max && text_next_unit(&p, tf | CANVAS_TEXT_LABEL, &u))
        for (int i = 0; i < u.n && n < max; i++)
            g[n++] = u.glyph[i];
    return n;
}

int hm_key_rows(const struct hm_ctx *h, const char *const *labels)
{
    if (!labels)
        return 0;
    if (h->o->key_rows >= 0)
        return h->o->key_rows < VLABEL_ROWS ? h->o->key_rows : VLABEL_ROWS;
    int most = 1;
    uint32_t g[VLABEL_ROWS];
    for (int k = 0; k < h->T; k++) {
        int n = hm_label_glyphs(labels[k], h->tf, g, VLABEL_ROWS);
        most = n > most ? n : most;
    }
    return most;
}

int hm_header_rows(const struct hm_ctx *h, const char *const *labels)
{
    if (h->o->numbers)
        return 2;
    return hm_key_rows(h, labels) + (h->o->key_digits ? hm_digits(h->T - 1) : 0);
}

/* Key labels stacked vertically, then the key positions one digit a row. Returns rows used. */
static int col_headers(struct canvas *c, const struct hm_ctx *h, const char *const *labels,
                       struct hm_win w, int x, int y)
{
    int nd = hm_digits(h->T - 1), rows = 0;
    for (int j = 0; j < w.nc; j++) {
        int k = w.c0 + j, cx = x + j * h->cw;
        if (h->o->numbers) {
            char idx[16];
            if (labels && labels[k])
                canvas_put_text_right(c, cx, y, labels[k], h->cw - 1, canvas_style_plain(),
                                      h->tf | CANVAS_TEXT_LABEL);
            snprintf(idx, sizeof idx, "%d", k);
            canvas_put_text_right(c, cx, y + 1, idx, h->cw - 1, canvas_style_fg(-1, CANVAS_DIM),
                                  h->tf);
            rows = 2;
            continue;
        }
        uint32_t g[VLABEL_ROWS];
        int lab = hm_key_rows(h, labels);
        int n = labels ? hm_label_glyphs(labels[k], h->tf, g, lab) : 0;
        for (int r = 0; r < n; r++)
            canvas_put(c, cx, y + r, g[r], canvas_style_plain());
        if (!h->o->key_digits)
            nd = 0;
        for (int d = 0, p10 = 1; d < nd; d++, p10 *= 10) {
            int row = y + lab + nd - 1 - d;
            if (d == 0 || k >= p10) /* no leading zeros */
                canvas_put(c, cx, row, '0' + (k / p10) % 10, canvas_style_fg(-1, CANVAS_DIM));
        }
        rows = lab + nd;
    }
    return rows;
}

/* Per row: the key with the most attention (among unmasked finite keys) and its weight. */
static void annotate_row(struct canvas *c, const struct hm_ctx *h, const char *const *labels, int q,
                         int x, int y, int w)
{
    int best = -1;
    for (int k = 0; k < h->T; k++) {
        float v = h->m[(size_t)q * h->T + k];
        if ((h->o->causal && k > q) || !isfinite(v))
            continue;
        if (best < 0 || v > h->m[(size_t)q * h->T + best])
            best = k;
    }
    char s[32];
    struct canvas_style st = canvas_style_fg(-1, CANVAS_DIM);
    if (best < 0) {
        canvas_put_text(c, x, y, "max -", w, st, h->tf);
        return;
    }
    snprintf(s, sizeof s, "max %d ", best);
    int used = canvas_put_text(c, x, y, s, w, st, h->tf);
    if (labels && labels[best])
        used += canvas_put_text(c, x + used, y, labels[best], w - used < 7 ? w - used : 7,
                                canvas_style_plain(), h->tf | CANVAS_TEXT_LABEL);
    scale_fmt_value(s, sizeof s, h->m[(size_t)q * h->T + best], 4);
    canvas_put_text(c, x + used + 1, y, s, w - used - 1, canvas_style_plain(), h->tf);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int heatmap_rows(int T, const char *const *labels, const struct heatmap_options *o)
{
    struct hm_ctx h = {
        o, NULL, T, 0, 1, o->numbers ? 5 : o->narrow ? 1 : 2, viz_text_flags(&o->vo)};
    return (o->untitled ? 0 : 1) + hm_header_rows(&h, labels) + T + 1;
}

/* One block of rows (window w) with its key header, row labels and right border, its left
 * edge at column x; hdr rows of header from row y. Returns the width used. */
static int draw_rows(struct canvas *c, const struct hm_ctx *h, const char *const *labels,
                     struct hm_win w, int x, int y, int hdr, int lw, int iw)
{
    int cx = hm_row_labels(c, h, labels, w, x, y + hdr, lw, iw);
    col_headers(c, h, labels, w, cx, y);
    hm_cells(c, h, h->m, w, cx, y + hdr);
    for (int i = 0; i < w.nr; i++)
        canvas_put(c, cx + w.nc * h->cw, y + hdr + i, h->o->vo.ascii ? '|' : 0x2502,
                   canvas_style_plain());
    return cx + w.nc * h->cw + 1 - x;
}

/* The rows in two halves side by side: the first half on the left (of a causal map only its
 * unmasked columns, the first half of the keys), the second on the right. Returns 1 when
 * drawn, 0 when it does not show everything in c (nothing drawn). */
static int draw_folded(struct canvas *c, const struct hm_ctx *h, const char *const *labels, int top,
                       int lw, int iw)
{
    enum { GAP = 2 };
    int T = h->T, half = (T + 1) / 2, x0 = (lw ? lw + 1 : 0) + iw + 1;
    int hdr = hm_header_rows(h, labels);
    struct hm_win left = {0, half, 0, h->o->causal ? half : T}, right = {half, T - half, 0, T};
    int wl = x0 + left.nc * h->cw + 1, wr = x0 + right.nc * h->cw + 1;
    if (T < 2 || h->o->numbers || wl + GAP + wr > canvas_width(c) ||
        top + hdr + half + 1 > canvas_height(c))
        return 0;
    draw_rows(c, h, labels, left, 0, top, hdr, lw, iw);
    draw_rows(c, h, labels, right, wl + GAP, top, hdr, lw, iw);
    hm_legend(c, h, top + hdr + half);
    return 1;
}

enum al_status heatmap_draw(struct canvas *c, const float *m, int T, const char *const *labels,
                            const struct heatmap_options *o, struct al_error *err)
{
    return heatmap_draw_shown(c, m, T, labels, o, NULL, err);
}

enum al_status heatmap_draw_shown(struct canvas *c, const float *m, int T,
                                  const char *const *labels, const struct heatmap_options *o,
                                  struct heatmap_shown *shown, struct al_error *err)
{
    canvas_clear(c);
    if (shown)
        memset(shown, 0, sizeof *shown);
    if (!m || !o || T < 1)
        return al_fail(err, AL_EINVAL, "heatmap: needs a matrix, T >= 1 and options");
    struct hm_ctx h = {o, m, T, 0, 1, o->numbers ? 5 : o->narrow ? 1 : 2, viz_text_flags(&o->vo)};
    hm_range(&h, m, (size_t)T * T);
    int W = canvas_width(c), H = canvas_height(c), lw, iw;
    hm_margin(&h, labels, &lw, &iw);
    struct hm_win w = {clamp(o->row0, 0, T - 1), 0, clamp(o->col0, 0, T - 1), 0};
    int x0 = (lw ? lw + 1 : 0) + iw + 1;
    int top = o->untitled ? 0 : 1; /* the first row under the title */
    int hdr = hm_header_rows(&h, labels);
    int full = (T - w.c0) * h.cw, ann = o->annotate && x0 + full + 2 + ANN_W <= W;
    w.nc = clamp((W - x0 - 1) / h.cw, 0, T - w.c0);
    w.nr = clamp(H - 1 - top - hdr, 0, T - w.r0);
    if (o->fold && (w.nr < T || w.nc < T) && w.r0 == 0 && w.c0 == 0 &&
        draw_folded(c, &h, labels, top, lw, iw)) {
        if (shown)
            *shown = (struct heatmap_shown){0, T, 0, T, T, 1};
        if (top)
            hm_title(c, &h, (struct hm_win){0, T, 0, T}, " | rows in two halves");
        return AL_OK;
    }
    if (shown)
        *shown = (struct heatmap_shown){w.r0, w.nr, w.c0, w.nc, T, 0};
    if (top)
        hm_title(c, &h, w, "");
    if (w.nc < 1 || w.nr < 1)
        return AL_OK;   /* the title already says nothing is shown */
    int y0 = top + hdr; /* the first row of cells */
    draw_rows(c, &h, labels, w, 0, top, hdr, lw, iw);
    for (int i = 0; ann && i < w.nr; i++)
        annotate_row(c, &h, labels, w.r0 + i, x0 + w.nc * h.cw + 2, y0 + i, ANN_W);
    hm_legend(c, &h, y0 + w.nr);
    return AL_OK;
}
