/* heatmap_heads.c: small multiples, one panel a head, with a shared ramp, so that heads can be
 * compared at a glance. Panels wrap into bands when a row of them does not fit. */
#include <stdio.h>
#include <string.h>

#include "viz/heatmap_cells.h"

struct grid {
    int per_band, bands, panel_w;
};

/* The widest cells (2 then 1 columns; 5 when printing numbers, which need the room) and the
 * most heads a band that fit in W. */
static struct grid plan(int W, int x0, int H, struct hm_ctx *h, struct hm_win *w, int T)
{
    struct grid g;
    int avail = W - x0;
    if (h->o->numbers)
        h->cw = 5;
    else
        h->cw = !h->o->narrow && x0 + H * ((T - w->c0) * 2 + 2) <= W ? 2 : 1;
    w->nc = (T - w->c0) * h->cw + 2 <= avail ? T - w->c0 : (avail - 2) / h->cw;
    if (w->nc < 1)
        w->nc = 1;
    g.panel_w = w->nc * h->cw + 2; /* right border and a gap */
    g.per_band = avail / g.panel_w > 0 ? avail / g.panel_w : 1;
    if (g.per_band > H)
        g.per_band = H;
    g.bands = (H + g.per_band - 1) / g.per_band;
    return g;
}

static void panel(struct canvas *c, const struct hm_ctx *h, const float *m, struct hm_win w, int x,
                  int y, int head, int hdr)
{
    char t[32];
    snprintf(t, sizeof t, "head %d", head + 1);
    canvas_put_text(c, x, y, t, w.nc * h->cw + 1, canvas_style_fg(-1, CANVAS_BOLD), h->tf);
    hm_cells(c, h, m, w, x, y + 1 + hdr);
    for (int i = 0; i < w.nr; i++)
        canvas_put(c, x + w.nc * h->cw, y + 1 + hdr + i, h->o->vo.ascii ? '|' : 0x2502,
                   canvas_style_plain());
}

enum al_status heatmap_heads(struct canvas *c, const float *m, int H, int T,
                             const char *const *labels, const struct heatmap_options *o,
                             struct al_error *err)
{
    return heatmap_heads_shown(c, m, H, T, labels, o, NULL, err);
}

/* The key labels over a panel, one glyph a row, and the position digits under them: as in
 * the single-head view, so that a column can be read as a token. */
static void panel_keys(struct canvas *c, const struct hm_ctx *h, const char *const *labels,
                       struct hm_win w, int x, int y, int rows)
{
    int lab = hm_key_rows(h, labels), nd = h->o->key_digits ? hm_digits(h->T - 1) : 0;
    if (lab > 1)
        lab = 1; /* small multiples: one row of labels */
    for (int j = 0; j < w.nc; j++) {
        int k = w.c0 + j, cx = x + j * h->cw;
        uint32_t g[1];
        if (lab && labels && hm_label_glyphs(labels[k], h->tf, g, 1) == 1)
            canvas_put(c, cx, y, g[0], canvas_style_plain()); /* the first glyph */
        for (int d = 0, p10 = 1; d < nd && lab + d < rows; d++, p10 *= 10)
            if (d == 0 || k >= p10)
                canvas_put(c, cx, y + lab + nd - 1 - d, '0' + (k / p10) % 10,
                           canvas_style_fg(-1, CANVAS_DIM));
    }
}

enum al_status heatmap_heads_shown(struct canvas *c, const float *m, int H, int T,
                                   const char *const *labels, const struct heatmap_options *o,
                                   struct heatmap_shown *shown, struct al_error *err)
{
    canvas_clear(c);
    if (shown)
        memset(shown, 0, sizeof *shown);
    if (!m || !o || T < 1 || H < 1)
        return al_fail(err, AL_EINVAL, "heatmap: needs heads, H >= 1, T >= 1 and options");
    size_t n = (size_t)T * T;
    struct hm_ctx h = {o, m, T, 0, 1, 2, viz_text_flags(&o->vo)};
    hm_range(&h, m, n * H);
    int lw, iw;
    hm_margin(&h, labels, &lw, &iw);
    if (lw > 6)
        lw = 6; /* small multiples: the cells get the room */
    int x0 = (lw ? lw + 1 : 0) + iw + 1;
    struct hm_win w = {o->row0 < 0   ? 0
                       : o->row0 < T ? o->row0
                                     : T - 1,
                       0,
                       o->col0 < 0   ? 0
                       : o->col0 < T ? o->col0
                                     : T - 1,
                       0};
    struct grid g = plan(canvas_width(c), x0, H, &h, &w, T);
    int top = o->untitled ? 0 : 1;
    int band_h = (canvas_height(c) - 1 - top) / g.bands;
    int lab = hm_key_rows(&h, labels) > 0 ? 1 : 0;
    int hdr = h.o->numbers ? 0 : lab + (h.o->key_digits ? hm_digits(T - 1) : 0);
    if (band_h - 1 - hdr < T - w.r0) /* rows matter more than key positions, then labels */
        hdr = lab;
    if (band_h - 1 - hdr < T - w.r0)
        hdr = 0;
    w.nr = band_h - 1 - hdr < T - w.r0 ? band_h - 1 - hdr : T - w.r0;
    if (shown && w.nr > 0)
        *shown = (struct heatmap_shown){w.r0, w.nr, w.c0, w.nc, T, 0};
    char extra[32];
    snprintf(extra, sizeof extra, " | %d heads", H);
    if (top)
        hm_title(c, &h, w, extra);
    if (w.nr < 1)
        return AL_OK;
    for (int b = 0; b < g.bands; b++) {
        int y = top + b * (w.nr + 1 + hdr);
        hm_row_labels(c, &h, labels, w, 0, y + 1 + hdr, lw, iw);
        for (int k = 0; k < g.per_band && b * g.per_band + k < H; k++) {
            int head = b * g.per_band + k;
            h.m = m + n * head;
            if (hdr)
                panel_keys(c, &h, labels, w, x0 + k * g.panel_w, y + 1, hdr);
            panel(c, &h, h.m, w, x0 + k * g.panel_w, y, head, hdr);
        }
    }
    hm_legend(c, &h, top + g.bands * (w.nr + 1 + hdr));
    return AL_OK;
}
