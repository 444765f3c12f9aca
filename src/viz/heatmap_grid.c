/* heatmap_grid.c: the all-heads overview: every layer by every head as small multiples,
 * layers down and heads across, one shared ramp. A panel is usually smaller than the
 * sequence, so each of its cells shows the largest probability of the block of queries and
 * keys it covers: a stripe (previous token, first token, induction) survives the shrinking. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "viz/heatmap_cells.h"

/* Shrinks one head a [T][T] into out [rows][cols] (max over blocks); blocks entirely above
 * the diagonal of a causal map become NaN, drawn blank below. */
static void shrink(const float *a, int T, int rows, int cols, int causal, float *out)
{
    for (int r = 0; r < rows; r++) {
        int q0 = r * T / rows, q1 = (r + 1) * T / rows;
        for (int k = 0; k < cols; k++) {
            int k0 = k * T / cols, k1 = (k + 1) * T / cols;
            float best = NAN;
            for (int q = q0; q < q1; q++)
                for (int j = k0; j < k1 && (!causal || j <= q); j++)
                    best = isnan(best) || a[(size_t)q * T + j] > best ? a[(size_t)q * T + j] : best;
            out[(size_t)r * cols + k] = best;
        }
    }
}

/* Reverses the word that starts at (x, y), at most w columns ("h7", "L3"). */
static void reverse_word(struct canvas *c, int x, int y, int w)
{
    for (int i = 0; i < w; i++) {
        const struct canvas_cell *cell = canvas_cell(c, x + i, y);
        if (!cell || cell->glyph == ' ')
            return;
        canvas_put(c, x + i, y, cell->glyph, canvas_style_fg(-1, CANVAS_BOLD | CANVAS_REVERSE));
    }
}

/* Frames the panel at (x, y), pw x rows, in the gaps beside it, and reverses its layer and
 * head labels (row y and row 1). */
static void mark(struct canvas *c, const struct heatmap_options *o, int x, int y, int pw, int rows)
{
    struct canvas_style bold = canvas_style_fg(-1, CANVAS_BOLD);
    uint32_t bar = o->vo.ascii ? '|' : 0x2503; /* heavy vertical */
    for (int r = 0; r < rows; r++) {
        canvas_put(c, x - 1, y + r, bar, bold);
        canvas_put(c, x + pw, y + r, bar, bold);
    }
    reverse_word(c, x, 1, pw);
    reverse_word(c, 0, y, x - 1);
}

enum al_status heatmap_grid(struct canvas *c, const float *m, int L, int H, int T,
                            const char *title, const struct heatmap_options *o,
                            struct al_error *err)
{
    canvas_clear(c);
    if (!m || !o || T < 1 || H < 1 || L < 1)
        return al_fail(err, AL_EINVAL, "heatmap grid: needs layers, heads and T >= 1");
    int W = canvas_width(c), Ht = canvas_height(c), x0 = hm_digits(L) + 2;
    int pw = (W - x0) / H - 1, ph = (Ht - 3) / L;
    if (pw < 2 || ph < 1)
        return al_fail(err, AL_EINVAL, "%d x %d heads do not fit in %d x %d (widen the drawing)", L,
                       H, W, Ht);
    int rows = ph > 3 ? ph - 1 : ph, cols = pw;
    rows = rows > T ? T : rows;
    cols = cols > T ? T : cols;
    float *small = malloc(sizeof *small * (size_t)rows * cols);
    if (!small)
        return al_fail(err, AL_ENOMEM, "out of memory for the overview");
    struct heatmap_options flat = *o;
    flat.causal = 0; /* masking is done by shrink */
    flat.numbers = 0;
    struct hm_ctx h = {&flat, small, cols, 0, 1, 1, viz_text_flags(&o->vo)};
    hm_range(&h, m, (size_t)L * H * T * T);
    struct canvas_style bold = canvas_style_fg(-1, CANVAS_BOLD), plain = canvas_style_plain();
    char t[160];
    snprintf(t, sizeof t, "%s | %d layers x %d heads, %d tokens; a cell = the max of %dx%d",
             title ? title : "attention", L, H, T, (T + rows - 1) / rows, (T + cols - 1) / cols);
    canvas_put_text(c, 0, 0, t, W, bold, h.tf);
    for (int hh = 0; hh < H; hh++) {
        snprintf(t, sizeof t, "h%d", hh + 1);
        canvas_put_text(c, x0 + hh * (pw + 1), 1, t, pw, bold, h.tf);
    }
    for (int l = 0; l < L; l++) {
        int y = 2 + l * ph;
        snprintf(t, sizeof t, "L%d", l + 1);
        canvas_put_text(c, 0, y, t, x0 - 1, bold, h.tf);
        for (int hh = 0; hh < H; hh++) {
            int x = x0 + hh * (pw + 1);
            shrink(m + ((size_t)l * H + hh) * T * T, T, rows, cols, o->causal, small);
            struct hm_win w = {0, rows, 0, cols};
            hm_cells(c, &h, small, w, x, y);
            for (int r = 0; r < rows; r++)
                for (int k = 0; k < cols; k++)
                    if (isnan(small[(size_t)r * cols + k]))
                        canvas_put(c, x + k, y + r, ' ', plain);
        }
    }
    free(small);
    if (o->mark_row >= 0 && o->mark_row < L && o->mark_col >= 0 && o->mark_col < H)
        mark(c, o, x0 + o->mark_col * (pw + 1), 2 + o->mark_row * ph, pw, rows);
    hm_legend(c, &h, 2 + L * ph);
    return AL_OK;
}
