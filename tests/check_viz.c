/* check_viz.c: the canvas, text widths and escapes, option choice, golden files of every
 * drawing (ASCII and Unicode), and properties (clipping, tiny sizes, NaN and inf).
 * ATTNLAB_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "viz/canvas.h"
#include "viz/heatmap.h"
#include "viz/plot.h"
#include "viz/viz.h"

static const struct viz_options ASCII = {1, 0}, UNI = {0, 0};

/* ---- golden files ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* Renders c and compares it with tests/golden/viz/<name>.txt byte for byte. */
static void golden(const struct canvas *c, const char *name, const struct viz_options *vo)
{
    char path[1024];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/tests/golden/viz/%s.txt", top ? top : ".", name);
    char *got = canvas_render(c, viz_render_flags(vo));
    ck_assert_ptr_nonnull(got);
    const char *upd = getenv("ATTNLAB_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(path, "wb");
        ck_assert_msg(f != NULL, "cannot write %s", path);
        fputs(got, f);
        fclose(f);
    } else {
        char *want = slurp(path);
        ck_assert_msg(want != NULL, "missing golden file %s", path);
        ck_assert_msg(strcmp(got, want) == 0, "%s differs; got:\n%s", path, got);
        free(want);
    }
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

static const char *words[] = {"the", "cat",  "sat",  "on",  "the",   "mat", "and", "then",
                              "the", "cat",  "slept", ".",  "once", "more", "it",  "ran",
                              "off", "and",  "hid",  "under", "the", "big",  "red", "bed",
                              "then", "the", "dog",  "came", "in",   "too", "and", "sat"};

static void golden_heatmap(const char *name, int w, int h, const struct viz_options *vo,
                           int T, const char *const *labels, int numbers, int row0, int col0)
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

static void golden_heads(const char *name, int w, int h, const struct viz_options *vo, int H,
                         int T, int agg)
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

static Suite *viz_suite(void)
{
    Suite *s = suite_create("viz");
    TCase *t = tcase_create("golden");
    tcase_add_test(t, test_golden_plot);
    tcase_add_test(t, test_golden_heatmap);
    tcase_add_test(t, test_golden_heatmap_labels);
    tcase_add_test(t, test_golden_heads);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(viz_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
