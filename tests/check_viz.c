/* check_viz.c: the canvas, text widths and escapes, option choice, golden files of every
 * drawing (ASCII and Unicode), and properties (clipping, tiny sizes, NaN and inf).
 * ATTNLAB_UPDATE=1 rewrites the golden files instead of comparing. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "viz/bars.h"
#include "viz/canvas.h"
#include "viz/heatmap.h"
#include "viz/plot.h"
#include "viz/table.h"
#include "viz/viz.h"

#include "testlib.h"

static const struct viz_options ASCII = {1, 0}, UNI = {0, 0};

/* ---- golden files ---- */

/* Renders c and compares it with tests/golden/viz/<name>.txt byte for byte. */
static void golden(const struct canvas *c, const char *name, const struct viz_options *vo)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/golden/viz/%s.txt", name);
    char *got = canvas_render(c, viz_render_flags(vo));
    ck_assert_ptr_nonnull(got);
    golden_check(rel, got);
    if (vo->ascii)
        for (const char *p = got; *p; p++)
            ck_assert_msg((unsigned char)*p < 0x80, "%s: non-ASCII byte in ASCII mode", name);
    free(got);
}

/* ---- loss plot ---- */

static void loss_curves(float *train, float *val, float *vsteps, int n)
{
    for (int i = 0; i < n; i++) {
        double t = i;
        train[i] = (float)(2.5 * exp(-t / 25) + 0.6 + 0.15 * sin(t * 1.7) * exp(-t / 60));
    }
    for (int i = 0; i < n / 10; i++) {
        vsteps[i] = (float)(i * 10 + 9);
        val[i] = (float)(2.6 * exp(-vsteps[i] / 30) + 0.8);
    }
}

static void golden_plot(const char *name, int w, int h, const struct viz_options *vo, int log_y,
                        enum plot_smooth sm, float sp)
{
    float train[120], val[12], vsteps[12];
    loss_curves(train, val, vsteps, 120);
    struct plot_series s[2] = {{"train", NULL, train, 120}, {"valid", vsteps, val, 12}};
    struct plot_options o = plot_options_default(*vo);
    o.log_y = log_y;
    o.smooth = sm;
    o.smooth_param = sp;
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(plot_loss(c, s, 2, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

START_TEST(test_golden_plot)
{
    golden_plot("plot_60x16_ascii", 60, 16, &ASCII, 0, PLOT_SMOOTH_NONE, 0);
    golden_plot("plot_60x16_unicode", 60, 16, &UNI, 0, PLOT_SMOOTH_NONE, 0);
    golden_plot("plot_40x10_ascii", 40, 10, &ASCII, 0, PLOT_SMOOTH_NONE, 0);
    golden_plot("plot_40x10_unicode", 40, 10, &UNI, 0, PLOT_SMOOTH_NONE, 0);
    golden_plot("plot_log_ema_60x14_unicode", 60, 14, &UNI, 1, PLOT_SMOOTH_EMA, 0.9f);
    golden_plot("plot_log_ema_60x14_ascii", 60, 14, &ASCII, 1, PLOT_SMOOTH_EMA, 0.9f);
}
END_TEST

/* ---- heatmaps ---- */

/* Causal softmax of fixed scores: row i attends to keys 0..i. m [T][T]; head h varies it. */
static void attention(float *m, int T, int h)
{
    for (int i = 0; i < T; i++) {
        double sum = 0, e[256];
        for (int j = 0; j <= i; j++) {
            e[j] = exp(2 * sin(i * 1.3 + j * (0.7 + h * 0.9)) + (i == j ? 1.0 : 0.0) * (h % 2));
            sum += e[j];
        }
        for (int j = 0; j < T; j++)
            m[i * T + j] = j <= i ? (float)(e[j] / sum) : 0.0f;
    }
}

static const char *words[] = {"the",  "cat", "sat",   "on",    "the",  "mat",  "and", "then",
                              "the",  "cat", "slept", ".",     "once", "more", "it",  "ran",
                              "off",  "and", "hid",   "under", "the",  "big",  "red", "bed",
                              "then", "the", "dog",   "came",  "in",   "too",  "and", "sat"};

static void golden_heatmap(const char *name, int w, int h, const struct viz_options *vo, int T,
                           const char *const *labels, int numbers, int row0, int col0)
{
    float m[32 * 32];
    attention(m, T, 0);
    struct heatmap_options o = heatmap_options_default(*vo);
    o.numbers = numbers;
    o.row0 = row0;
    o.col0 = col0;
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(heatmap_draw(c, m, T, labels, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

START_TEST(test_golden_heatmap)
{
    golden_heatmap("heatmap_80x24_ascii", 80, 24, &ASCII, 12, words, 0, 0, 0);
    golden_heatmap("heatmap_80x24_unicode", 80, 24, &UNI, 12, words, 0, 0, 0);
    golden_heatmap("heatmap_numbers_80x20_ascii", 80, 20, &ASCII, 8, words, 1, 0, 0);
    golden_heatmap("heatmap_numbers_80x20_unicode", 80, 20, &UNI, 8, words, 1, 0, 0);
    golden_heatmap("heatmap_window_60x20_ascii", 60, 20, &ASCII, 32, words, 0, 8, 4);
    golden_heatmap("heatmap_window_60x20_unicode", 60, 20, &UNI, 32, words, 0, 8, 4);
}
END_TEST

/* Labels that would vanish or break a line, and wide ones. */
static const char *odd[] = {" ", "\n", "\n\n", "\t", "\x01", "\xff", "猫", "日本語だよ"};

START_TEST(test_golden_heatmap_labels)
{
    golden_heatmap("heatmap_labels_80x20_ascii", 80, 20, &ASCII, 8, odd, 0, 0, 0);
    golden_heatmap("heatmap_labels_80x20_unicode", 80, 20, &UNI, 8, odd, 0, 0, 0);
}
END_TEST

/* A probe of 22 characters that does not fit in 22 rows: its rows in two halves side by side,
 * each with its labels, the legend under both; in room enough, never folded. */
START_TEST(test_heatmap_fold)
{
    const char *probe = "the cat sat on the mat";
    char chars[22][2];
    const char *labels[22];
    for (int i = 0; i < 22; i++) {
        chars[i][0] = probe[i];
        chars[i][1] = 0;
        labels[i] = chars[i];
    }
    float m[22 * 22];
    attention(m, 22, 0);
    struct heatmap_options o = heatmap_options_default(UNI);
    o.fold = 1;
    o.annotate = 0;
    struct heatmap_shown sh;
    struct al_error err;
    struct canvas *c = canvas_new(80, 22);
    /* the title, 3 rows of key labels and 2 of positions, 22 rows, the legend */
    ck_assert_int_eq(heatmap_rows(22, labels, &o), 29);
    ck_assert_int_eq(heatmap_draw_shown(c, m, 22, labels, &o, &sh, &err), AL_OK);
    ck_assert_int_eq(sh.folded, 1);
    ck_assert_int_eq(sh.nr, 22);
    ck_assert_int_eq(sh.nc, 22);
    golden(c, "heatmap_fold_80x22_unicode", &UNI);
    o.vo = ASCII;
    ck_assert_int_eq(heatmap_draw_shown(c, m, 22, labels, &o, &sh, &err), AL_OK);
    golden(c, "heatmap_fold_80x22_ascii", &ASCII);
    canvas_free(c);
    /* too narrow for both halves: drawn unfolded, the rows that fit */
    c = canvas_new(40, 22);
    ck_assert_int_eq(heatmap_draw_shown(c, m, 22, labels, &o, &sh, &err), AL_OK);
    ck_assert_int_eq(sh.folded, 0);
    ck_assert_int_lt(sh.nr, 22);
    canvas_free(c);
    /* room for every row: not folded */
    c = canvas_new(80, 29);
    ck_assert_int_eq(heatmap_draw_shown(c, m, 22, labels, &o, &sh, &err), AL_OK);
    ck_assert_int_eq(sh.folded, 0);
    ck_assert_int_eq(sh.nr, 22);
    canvas_free(c);
}
END_TEST

static void golden_heads(const char *name, int w, int h, const struct viz_options *vo, int H, int T,
                         int agg)
{
    float m[4 * 16 * 16], a[16 * 16];
    for (int k = 0; k < H; k++)
        attention(m + k * T * T, T, k);
    struct heatmap_options o = heatmap_options_default(*vo);
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    if (agg >= 0) {
        ck_assert_int_eq(heatmap_aggregate(a, m, H, T, (enum heatmap_agg)agg, &err), AL_OK);
        o.title = agg == HEATMAP_MEAN ? "attention, mean of 4 heads" : "attention, max of 4 heads";
        ck_assert_int_eq(heatmap_draw(c, a, T, words, &o, &err), AL_OK);
    } else
        ck_assert_int_eq(heatmap_heads(c, m, H, T, words, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

START_TEST(test_golden_heads)
{
    golden_heads("heads_80x16_ascii", 80, 16, &ASCII, 4, 12, -1);
    golden_heads("heads_80x16_unicode", 80, 16, &UNI, 4, 12, -1);
    golden_heads("heads_40x24_unicode", 40, 24, &UNI, 4, 8, -1);
    golden_heads("heads_mean_80x22_unicode", 80, 22, &UNI, 4, 12, HEATMAP_MEAN);
    golden_heads("heads_max_80x22_ascii", 80, 22, &ASCII, 4, 12, HEATMAP_MAX);
}
END_TEST

/* ---- bars, histograms, tables ---- */

static void golden_bars(const char *name, int w, int h, const struct viz_options *vo)
{
    const char *lab[] = {"e", " ", "t", "\n", "the", "猫", "a", "o"};
    float p[] = {0.31f, 0.22f, 0.12f, 0.09f, 0.005f, 0.15f, NAN, 0.03f};
    struct bars_options o = bars_options_default(*vo);
    o.mark = 1;
    o.title = "next token after \"to be or not\"";
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(bars_topk(c, lab, p, 8, 7, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

static void golden_hist(const char *name, int w, int h, const struct viz_options *vo, int bins)
{
    float v[2000];
    struct rng r;
    rng_seed(&r, 5);
    for (int i = 0; i < 2000; i++)
        v[i] = 0.02f * rng_normal(&r);
    v[7] = NAN;
    v[8] = INFINITY;
    struct hist_options o = hist_options_default(*vo);
    o.title = "block 1 attn.wq weights";
    o.bins = bins;
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(hist_draw(c, v, 2000, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

static const struct table_column summary_cols[] = {
    {"layer", TABLE_LEFT}, {"output shape", TABLE_LEFT}, {"params", TABLE_RIGHT}};
static const char *summary_cells[] = {
    "embedding", "[B, T, 64]", "4,160",  "position",    "[B, T, 64]", "4,096",
    "block 1",   "[B, T, 64]", "49,856", "注意 (中文)", "[B, T, 64]", "49,856",
    "output",    "[B, T, 65]", "4,225",  "total",       "",           "112,193"};

static void golden_table(const char *name, int w, int h, const struct viz_options *vo)
{
    struct table_options o = {*vo, "model tiny"};
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(table_draw(c, summary_cols, 3, summary_cells, 6, &o, &err), AL_OK);
    golden(c, name, vo);
    canvas_free(c);
}

START_TEST(test_golden_bars_hist_table)
{
    golden_bars("bars_50x9_ascii", 50, 9, &ASCII);
    golden_bars("bars_50x9_unicode", 50, 9, &UNI);
    golden_hist("hist_60x12_ascii", 60, 12, &ASCII, 0);
    golden_hist("hist_60x12_unicode", 60, 12, &UNI, 0);
    golden_hist("hist_bins20_40x10_unicode", 40, 10, &UNI, 20);
    golden_table("table_full_ascii", 40, 9, &ASCII);
    golden_table("table_full_unicode", 40, 9, &UNI);
    golden_table("table_narrow_unicode", 24, 7, &UNI);
}
END_TEST

/* A confusion matrix is a table of right-aligned counts. */
START_TEST(test_golden_confusion)
{
    static const struct table_column cols[] = {
        {"true\\pred", TABLE_LEFT}, {"pos", TABLE_RIGHT}, {"neg", TABLE_RIGHT}};
    static const char *cells[] = {"pos", "41", "9", "neg", "3", "147"};
    struct table_options o = {UNI, "confusion"};
    int w, h;
    table_measure(cols, 3, cells, 2, &o, &w, &h);
    ck_assert_int_eq(w, 9 + 3 + 3 + 3 + 3); /* "true\pred", "pos", "neg" and two " | " */
    ck_assert_int_eq(h, 5);
    struct canvas *c = canvas_new(w, h);
    struct al_error err;
    ck_assert_int_eq(table_draw(c, cols, 3, cells, 2, &o, &err), AL_OK);
    golden(c, "confusion_unicode", &UNI);
    canvas_free(c);
}
END_TEST

/* ---- canvas, text, options ---- */

START_TEST(test_wcwidth_and_escapes)
{
    ck_assert_int_eq(viz_wcwidth('a'), 1);
    ck_assert_int_eq(viz_wcwidth(0x732B), 2); /* 猫 */
    ck_assert_int_eq(viz_wcwidth(0xFF21), 2); /* fullwidth A */
    ck_assert_int_eq(viz_wcwidth(0x301), 0);  /* combining acute */
    ck_assert_int_eq(viz_wcwidth('\n'), -1);
    ck_assert_int_eq(canvas_text_width("日本語", 0), 6);
    ck_assert_int_eq(canvas_text_width("a\nb", 0), 4);               /* a \ n b */
    ck_assert_int_eq(canvas_text_width("\x01", 0), 4);               /* \x01 */
    ck_assert_int_eq(canvas_text_width("\xff", 0), 4);               /* invalid byte */
    ck_assert_int_eq(canvas_text_width("\xc0\xaf", 0), 8);           /* overlong: 2 bytes escaped */
    ck_assert_int_eq(canvas_text_width("猫", CANVAS_TEXT_ASCII), 6); /* \u732B */
    ck_assert_int_eq(canvas_text_width(NULL, 0), 0);
}
END_TEST

static char *render_text(const char *s, int w, unsigned flags)
{
    struct canvas *c = canvas_new(w, 1);
    canvas_put_text(c, 0, 0, s, w, canvas_style_plain(), flags);
    char *out = canvas_render(c, 0);
    canvas_free(c);
    return out;
}

START_TEST(test_put_text_cuts_and_labels)
{
    char *s = render_text("abcdef", 4, 0);
    ck_assert_str_eq(s, "abc\xe2\x80\xa6\n"); /* abc… */
    free(s);
    s = render_text("abcdef", 4, CANVAS_TEXT_ASCII);
    ck_assert_str_eq(s, "abc~\n");
    free(s);
    s = render_text("日本語", 5, 0); /* 日本 is 4 columns, then the ellipsis */
    ck_assert_str_eq(s, "日本\xe2\x80\xa6\n");
    free(s);
    s = render_text("日本", 3, 0); /* 日 and an ellipsis; never half a wide glyph */
    ck_assert_str_eq(s, "日\xe2\x80\xa6\n");
    free(s);
    s = render_text(" a\tb", 8, CANVAS_TEXT_LABEL);
    ck_assert_str_eq(s, "\xc2\xb7"
                        "a\\tb\n"); /* ·a\tb */
    free(s);
    s = render_text(" a\\", 8, CANVAS_TEXT_LABEL | CANVAS_TEXT_ASCII);
    ck_assert_str_eq(s, "_a\\\\\n");
    free(s);
}
END_TEST

START_TEST(test_wide_glyph_halves)
{
    struct canvas *c = canvas_new(4, 1);
    canvas_put(c, 1, 0, 0x732B, canvas_style_plain());
    ck_assert_uint_eq(canvas_cell(c, 1, 0)->glyph, 0x732B);
    ck_assert_uint_eq(canvas_cell(c, 2, 0)->glyph, CANVAS_CONT);
    canvas_put(c, 2, 0, 'x', canvas_style_plain()); /* cuts the right half: left half blanks */
    ck_assert_uint_eq(canvas_cell(c, 1, 0)->glyph, ' ');
    canvas_put(c, 3, 0, 0x732B, canvas_style_plain()); /* no room for both halves */
    ck_assert_uint_eq(canvas_cell(c, 3, 0)->glyph, ' ');
    canvas_put(c, 0, 0, 0x732B, canvas_style_plain());
    canvas_put(c, 0, 0, 'y', canvas_style_plain()); /* cuts the left half: the right blanks */
    ck_assert_uint_eq(canvas_cell(c, 1, 0)->glyph, ' ');
    ck_assert_ptr_null(canvas_cell(c, 4, 0));
    ck_assert_ptr_null(canvas_cell(c, -1, 0));
    ck_assert_ptr_null(canvas_new(0, 3));
    canvas_free(c);
}
END_TEST

START_TEST(test_render_colour_and_ascii)
{
    struct canvas *c = canvas_new(3, 1);
    canvas_put(c, 0, 0, 'a', canvas_style_fg(1, CANVAS_BOLD));
    canvas_put(c, 1, 0, 0x2588, canvas_style_fg(196, 0));
    char *s = canvas_render(c, CANVAS_RENDER_COLOR);
    ck_assert_str_eq(s, "\x1b[0;1;31ma\x1b[0;38;5;196m\xe2\x96\x88\x1b[0m\n");
    free(s);
    s = canvas_render(c, CANVAS_RENDER_ASCII);
    ck_assert_str_eq(s, "a?\n"); /* trailing blank dropped, non-ASCII made '?' */
    free(s);
    canvas_free(c);
}
END_TEST

START_TEST(test_auto_options)
{
    struct viz_options o = viz_auto_options("xterm-256color", NULL, 1);
    ck_assert_int_eq(o.ascii, 0);
    ck_assert_int_eq(o.colors, 256);
    o = viz_auto_options("dumb", NULL, 1);
    ck_assert_int_eq(o.ascii, 1);
    ck_assert_int_eq(o.colors, 0);
    o = viz_auto_options("xterm-256color", "1", 1);
    ck_assert_int_eq(o.ascii, 0);
    ck_assert_int_eq(o.colors, 0);
    o = viz_auto_options("xterm-256color", "", 1); /* empty NO_COLOR does not count */
    ck_assert_int_eq(o.colors, 256);
    o = viz_auto_options("linux", NULL, 0);
    ck_assert_int_eq(o.ascii, 1);
    ck_assert_int_eq(o.colors, 8);
    o = viz_auto_options(NULL, NULL, 1);
    ck_assert_int_eq(o.ascii, 0);
    ck_assert_int_eq(o.colors, 0);
    ck_assert_uint_eq(viz_render_flags(&(struct viz_options){1, 8}),
                      CANVAS_RENDER_ASCII | CANVAS_RENDER_COLOR);
}
END_TEST

START_TEST(test_aggregate)
{
    /* two heads of T=2: mean and max by hand, and a NaN that stays a NaN */
    float m[8] = {1, 0, 0.5f, 0.5f, 0, 0, 0.25f, NAN}, out[4];
    ck_assert_int_eq(heatmap_aggregate(out, m, 2, 2, HEATMAP_MEAN, NULL), AL_OK);
    ck_assert_float_eq(out[0], 0.5f);
    ck_assert_float_eq(out[2], 0.375f);
    ck_assert(isnan(out[3]));
    ck_assert_int_eq(heatmap_aggregate(out, m, 2, 2, HEATMAP_MAX, NULL), AL_OK);
    ck_assert_float_eq(out[0], 1);
    ck_assert_float_eq(out[2], 0.5f);
    ck_assert(isnan(out[3]));
    ck_assert_int_eq(heatmap_aggregate(out, m, 0, 2, HEATMAP_MAX, NULL), AL_EINVAL);
}
END_TEST

START_TEST(test_bad_arguments)
{
    struct canvas *c = canvas_new(20, 10);
    struct al_error err;
    struct plot_options po = plot_options_default(UNI);
    float v[3] = {1, 2, 3};
    struct plot_series s = {"x", NULL, v, -1};
    ck_assert_int_eq(plot_loss(c, &s, 1, &po, &err), AL_EINVAL);
    s.n = 3;
    po.smooth = PLOT_SMOOTH_EMA;
    po.smooth_param = 1.5f;
    ck_assert_int_eq(plot_loss(c, &s, 1, &po, &err), AL_EINVAL);
    ck_assert_int_eq(err.status, AL_EINVAL);
    struct heatmap_options ho = heatmap_options_default(UNI);
    ck_assert_int_eq(heatmap_draw(c, v, 0, NULL, &ho, &err), AL_EINVAL);
    struct bars_options bo = bars_options_default(UNI);
    ck_assert_int_eq(bars_topk(c, NULL, v, 3, -1, &bo, &err), AL_EINVAL);
    canvas_free(c);
}
END_TEST

/* The plot draws what it says: a rising line ends high on the right; labels are the range. */
START_TEST(test_plot_is_true)
{
    float v[] = {0, 1, 2, 3, 4};
    struct plot_series s = {"up", NULL, v, 5};
    struct plot_options o = plot_options_default(ASCII);
    struct canvas *c = canvas_new(30, 10);
    ck_assert_int_eq(plot_loss(c, &s, 1, &o, NULL), AL_OK);
    /* plot rows 1..6; the first point bottom-left, the last top-right of the plot area */
    int lw = 0;
    while (canvas_cell(c, lw, 1)->glyph != '|' && canvas_cell(c, lw, 1)->glyph != '+')
        lw++;
    ck_assert_uint_eq(canvas_cell(c, lw + 1, 6)->glyph, '*');
    ck_assert_uint_eq(canvas_cell(c, 30 - 2, 1)->glyph, '*');
    ck_assert_uint_eq(canvas_cell(c, lw + 1, 1)->glyph, ' ');
    canvas_free(c);
}
END_TEST

/* ---- properties: any size, any data ---- */

static void assert_only_ascii(const struct canvas *c)
{
    for (int y = 0; y < canvas_height(c); y++)
        for (int x = 0; x < canvas_width(c); x++) {
            uint32_t g = canvas_cell(c, x, y)->glyph;
            ck_assert_msg(g < 0x80 || g == CANVAS_CONT, "non-ASCII %x at %d,%d", g, x, y);
        }
}

/* Wide glyphs always come whole: a continuation right after a wide lead, and nowhere else. */
static void assert_whole_glyphs(const struct canvas *c)
{
    for (int y = 0; y < canvas_height(c); y++)
        for (int x = 0; x < canvas_width(c); x++) {
            uint32_t g = canvas_cell(c, x, y)->glyph;
            const struct canvas_cell *r = canvas_cell(c, x + 1, y);
            if (g == CANVAS_CONT)
                ck_assert(x > 0 && viz_wcwidth(canvas_cell(c, x - 1, y)->glyph) == 2);
            if (viz_wcwidth(g) == 2)
                ck_assert(r && r->glyph == CANVAS_CONT);
        }
}

static float nasty(struct rng *r)
{
    uint32_t k = rng_below(r, 20);
    if (k == 0)
        return NAN;
    if (k == 1)
        return INFINITY;
    if (k == 2)
        return -INFINITY;
    if (k == 3)
        return 1e30f * rng_normal(r);
    return rng_uniform(r);
}

static const char *odd_labels[] = {
    "", " ", "\n", "猫", "日本語だよ", "\xff\xfe", "abcdefghijklmnop", "é"};

/* Four series do not fit one legend row of 40 columns: every name still shows, whole. */
START_TEST(test_plot_legend_wraps)
{
    float v[3] = {3.0f, 2.0f, 1.0f};
    struct plot_series s[4] = {{"lstm train", NULL, v, 3},
                               {"lstm val", NULL, v, 3},
                               {"transformer train", NULL, v, 3},
                               {"transformer val", NULL, v, 3}};
    struct viz_options vo = {0, 0};
    struct plot_options o = plot_options_default(vo);
    struct canvas *c = canvas_new(40, 14);
    struct al_error err;
    ck_assert_int_eq(plot_loss(c, s, 4, &o, &err), AL_OK);
    char *text = canvas_render(c, 0);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(strstr(text, s[i].name) != NULL, "%s missing:\n%s", s[i].name, text);
    ck_assert_ptr_null(strstr(text, "\u2026")); /* nothing cut with an ellipsis */
    ck_assert_ptr_null(strstr(text, "…"));
    free(text);
    canvas_free(c);
}
END_TEST

START_TEST(test_any_size_any_data)
{
    struct rng r;
    rng_seed(&r, 11);
    for (int iter = 0; iter < 400; iter++) {
        int w = 1 + (int)rng_below(&r, iter < 100 ? 6 : 90), h = 1 + (int)rng_below(&r, 30);
        int T = 1 + (int)rng_below(&r, 20), H = 1 + (int)rng_below(&r, 4),
            n = (int)rng_below(&r, 50);
        struct viz_options vo = {(int)rng_below(&r, 2), rng_below(&r, 2) ? 256 : 0};
        float m[4 * 20 * 20], x[50], steps[50];
        const char *lab[20];
        for (int i = 0; i < 4 * 20 * 20; i++)
            m[i] = nasty(&r);
        for (int i = 0; i < 50; i++) {
            x[i] = nasty(&r);
            steps[i] = rng_below(&r, 8) ? (float)i : nasty(&r);
        }
        for (int i = 0; i < 20; i++)
            lab[i] = odd_labels[rng_below(&r, 8)];
        struct canvas *c = canvas_new(w, h);
        struct plot_series s[2] = {{"a", NULL, x, n}, {"日本", steps, x, n}};
        struct plot_options po = plot_options_default(vo);
        po.log_y = (int)rng_below(&r, 2);
        po.smooth = (enum plot_smooth)rng_below(&r, 3);
        po.smooth_param = po.smooth == PLOT_SMOOTH_EMA ? 0.9f : 3;
        struct heatmap_options ho = heatmap_options_default(vo);
        ho.numbers = (int)rng_below(&r, 2);
        ho.causal = (int)rng_below(&r, 2);
        ho.row0 = (int)rng_below(&r, 25) - 2;
        ho.col0 = (int)rng_below(&r, 25) - 2;
        struct bars_options bo = bars_options_default(vo);
        bo.mark = (int)rng_below(&r, 10);
        struct hist_options hop = hist_options_default(vo);
        hop.bins = (int)rng_below(&r, 100);
        struct table_options to = {vo, lab[0]};
        for (int d = 0; d < 6; d++) {
            enum al_status st = AL_OK;
            switch (d) {
            case 0: st = plot_loss(c, s, 2, &po, NULL); break;
            case 1: st = heatmap_draw(c, m, T, rng_below(&r, 2) ? lab : NULL, &ho, NULL); break;
            case 2: st = heatmap_heads(c, m, H, T, lab, &ho, NULL); break;
            case 3:
                st = bars_topk(c, lab, x, n < 20 ? n : 20, (int)rng_below(&r, 12), &bo, NULL);
                break;
            case 4: st = hist_draw(c, x, n, &hop, NULL); break;
            case 5: st = table_draw(c, summary_cols, 3, lab, 6, &to, NULL); break;
            }
            ck_assert_int_eq(st, AL_OK);
            if (vo.ascii)
                assert_only_ascii(c);
            assert_whole_glyphs(c);
            char *out = canvas_render(c, viz_render_flags(&vo));
            ck_assert_ptr_nonnull(out);
            int lines = 0;
            for (char *p = out; *p; p++)
                lines += *p == '\n';
            ck_assert_int_eq(lines, h);
            free(out);
        }
        canvas_free(c);
    }
}
END_TEST

/* Text drawn partly or wholly outside the canvas is clipped, never written past it (ASan). */
START_TEST(test_clipping)
{
    struct canvas *c = canvas_new(3, 2);
    for (int x = -12; x < 8; x++)
        for (int y = -2; y < 4; y++) {
            canvas_put_text(c, x, y, "日本語 abc \n", 100, canvas_style_plain(), 0);
            canvas_put_text_right(c, x, y, "猫猫", 5, canvas_style_plain(), 0);
            canvas_fill(c, x, y, 5, 5, 0x732B, canvas_style_plain());
            assert_whole_glyphs(c);
        }
    struct canvas *big = canvas_new(5, 5);
    canvas_fill(big, 0, 0, 5, 5, 0x732B, canvas_style_plain());
    canvas_blit(c, -1, -1, big);
    assert_whole_glyphs(c);
    canvas_free(big);
    canvas_free(c);
}
END_TEST

static Suite *viz_suite(void)
{
    Suite *s = suite_create("viz");
    TCase *u = tcase_create("units");
    tcase_add_test(u, test_wcwidth_and_escapes);
    tcase_add_test(u, test_put_text_cuts_and_labels);
    tcase_add_test(u, test_wide_glyph_halves);
    tcase_add_test(u, test_render_colour_and_ascii);
    tcase_add_test(u, test_auto_options);
    tcase_add_test(u, test_aggregate);
    tcase_add_test(u, test_bad_arguments);
    tcase_add_test(u, test_plot_is_true);
    tcase_add_test(u, test_plot_legend_wraps);
    suite_add_tcase(s, u);
    TCase *p = tcase_create("properties");
    tcase_add_test(p, test_any_size_any_data);
    tcase_add_test(p, test_clipping);
    suite_add_tcase(s, p);
    TCase *t = tcase_create("golden");
    tcase_add_test(t, test_golden_plot);
    tcase_add_test(t, test_golden_heatmap);
    tcase_add_test(t, test_golden_heatmap_labels);
    tcase_add_test(t, test_heatmap_fold);
    tcase_add_test(t, test_golden_heads);
    tcase_add_test(t, test_golden_bars_hist_table);
    tcase_add_test(t, test_golden_confusion);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){viz_suite, NULL});
}
