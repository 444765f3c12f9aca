/* plot.c: the loss plot's layout: title, y ticks and labels, the dot grid the lines are drawn
 * in, the x axis in steps, marks for non-finite values, and the legend. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/dots.h"
#include "viz/plot.h"
#include "viz/plot_data.h"
#include "viz/scale.h"

#define MAX_TICKS 32
#define TF(ascii) ((ascii) ? CANVAS_TEXT_ASCII : 0u)

/* Series colours: distinct on dark and light backgrounds. */
static const int colour8[] = {6, 3, 2, 5, 1, 4};
static const int colour256[] = {45, 214, 77, 171, 203, 111};
static const char ascii_marks[] = "*+ox#@%&";

struct layout {
    int w, h;
    int top;          /* first row of the plot area */
    int rows;         /* rows of the plot area */
    int axis_row;     /* the x axis line */
    int lw;           /* width of the y labels; the y axis is column lw */
    int px0, pw;      /* first column and width of the plot area */
    int legend_row;   /* the legend's first row, -1 without legend */
    int legend_rows;  /* entries that do not fit one row wrap onto more (up to 3) */
    int short_legend; /* names only: the full entries did not fit */
    int nticks;
    double ticks[MAX_TICKS]; /* y tick values (log10 under log_y) */
    char labels[MAX_TICKS][24];
};

struct plot_options plot_options_default(struct viz_options vo)
{
    struct plot_options o = {vo, NULL, 0, PLOT_SMOOTH_NONE, 0, 1, NAN};
    return o;
}

static int series_colour(const struct plot_options *o, int s)
{
    if (o->vo.colors >= 256)
        return colour256[s % 6];
    return o->vo.colors ? colour8[s % 6] : CANVAS_COLOR_DEFAULT;
}

static void add_tick(struct layout *L, double t, double label_value, double step)
{
    if (L->nticks >= MAX_TICKS)
        return;
    L->ticks[L->nticks] = t;
    scale_fmt_tick(L->labels[L->nticks], sizeof L->labels[0], label_value, step);
    L->nticks++;
}

static void ticks_in(struct layout *L, double lo, double hi, double step, int log_y)
{
    L->nticks = 0;
    for (double t = ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
        add_tick(L, log_y ? log10(t) : t, t, step);
}

/* Y ticks inside [y0, y1]: round values, about one every two rows and at least two. Log axes
 * tick whole decades when the range spans two, round values of the data otherwise. */
static void y_ticks(struct layout *L, const struct plot_data *pd, int log_y)
{
    int maxt = L->rows / 2 > 1 ? L->rows / 2 : 2;
    L->nticks = 0;
    if (log_y && pd->y1 - pd->y0 >= 2) {
        double step = ceil(scale_nice_step(pd->y1 - pd->y0, maxt));
        for (double t = ceil(pd->y0 / step) * step; t <= pd->y1 + 1e-9; t += step)
            add_tick(L, t, pow(10, t), pow(10, t));
        return;
    }
    double lo = log_y ? pow(10, pd->y0) : pd->y0, hi = log_y ? pow(10, pd->y1) : pd->y1;
    double step = scale_nice_step(hi - lo, maxt);
    ticks_in(L, lo, hi, step, log_y);
    for (int i = 0; i < 3 && L->nticks < 2; i++) {
        step = scale_nice_step(step * 0.99, 1) / 2; /* 1 -> 0.5, 2 -> 1, 5 -> 2.5 */
        ticks_in(L, lo, hi, step, log_y);
    }
}

static int legend_rows_needed(const struct canvas *c, const struct plot_data *pd,
                              const struct plot_series *series, const struct plot_options *o,
                              int brief);

static int layout(struct layout *L, const struct canvas *c, const struct plot_data *pd,
                  const struct plot_series *series, const struct plot_options *o)
{
    L->w = canvas_width(c);
    L->h = canvas_height(c);
    L->legend_rows = 0;
    L->short_legend = 0;
    if (o->legend && L->h >= 5) {
        int room = L->h >= 7 ? (L->h - 7) / 2 + 1 : 1; /* the plot keeps most of the rows */
        int want = legend_rows_needed(c, pd, series, o, 0);
        if (want > room) { /* a shorter legend before a cut one */
            L->short_legend = 1;
            want = legend_rows_needed(c, pd, series, o, 1);
        }
        L->legend_rows = want < room ? want : room;
    }
    L->legend_row = L->legend_rows ? L->h - L->legend_rows : -1;
    L->top = 1;
    L->axis_row = L->h - 2 - L->legend_rows;
    L->rows = L->axis_row - L->top;
    if (L->rows < 2)
        return 0;
    y_ticks(L, pd, o->log_y);
    L->lw = 1;
    for (int i = 0; i < L->nticks; i++)
        if ((int)strlen(L->labels[i]) > L->lw)
            L->lw = (int)strlen(L->labels[i]);
    L->px0 = L->lw + 1;
    L->pw = L->w - L->px0 - 1; /* one column spare so the last x label is not cut */
    return L->pw >= 4 && L->w >= 16;
}

/* t in [0, 1] to 0..n-1; clamped, so that extreme ranges (inf - -inf) stay on the grid */
static int to_index(double t, double n)
{
    double v = t * (n - 1);
    if (!(v >= 0))
        return 0;
    return v > n - 1 ? (int)(n - 1) : (int)lround(v);
}

static int row_of(const struct layout *L, const struct plot_data *pd, double y, int sy)
{
    return to_index((pd->y1 - y) / (pd->y1 - pd->y0), (double)L->rows * sy);
}

static int col_of(const struct layout *L, const struct plot_data *pd, double x, int sx)
{
    return to_index((x - pd->x0) / (pd->x1 - pd->x0), (double)L->pw * sx);
}

/* Series s into the dot grid: segments between neighbouring plottable points. */
static void draw_series(struct dots *g, const struct layout *L, const struct plot_data *pd, int s,
                        int dashed)
{
    const struct plot_prepared *p = &pd->p[s];
    int have = 0, x0 = 0, y0 = 0;
    for (int i = 0; i < p->n; i++) {
        if (!p->ok[i]) {
            have = 0;
            continue;
        }
        int x = col_of(L, pd, p->x[i], g->sx), y = row_of(L, pd, p->y[i], g->sy);
        if (have)
            dots_line(g, x0, y0, x, y, s, dashed ? s : 0);
        else
            dots_line(g, x, y, x, y, s, dashed ? s : 0);
        have = 1;
        x0 = x;
        y0 = y;
    }
}

static void draw_y_axis(struct canvas *c, const struct layout *L, const struct plot_data *pd,
                        int ascii)
{
    struct canvas_style st = canvas_style_plain();
    for (int y = L->top; y < L->axis_row; y++)
        canvas_put(c, L->lw, y, ascii ? '|' : 0x2502, st);
    canvas_put(c, L->lw, L->axis_row, ascii ? '+' : 0x2514, st);
    for (int i = 0; i < L->nticks; i++) {
        int y = L->top + row_of(L, pd, L->ticks[i], 4) / 4;
        canvas_put(c, L->lw, y, ascii ? '+' : 0x2524, st);
        canvas_put_text_right(c, 0, y, L->labels[i], L->lw, st, TF(ascii));
    }
}

/* The x axis line with round steps under it; a label is skipped rather than overlapped. */
static void draw_x_axis(struct canvas *c, const struct layout *L, const struct plot_data *pd,
                        int ascii)
{
    struct canvas_style st = canvas_style_plain();
    for (int x = L->px0; x < L->px0 + L->pw; x++)
        canvas_put(c, x, L->axis_row, ascii ? '-' : 0x2500, st);
    double step = scale_nice_step(pd->x1 - pd->x0, L->pw / 8 > 1 ? L->pw / 8 : 1);
    if (step < 1 && pd->x1 - pd->x0 >= 2)
        step = 1; /* steps are whole numbers */
    int free_from = 0;
    for (double t = ceil(pd->x0 / step - 1e-9) * step; t <= pd->x1 + step * 1e-9; t += step) {
        int x = L->px0 + col_of(L, pd, t, 2) / 2;
        char lab[24];
        scale_fmt_tick(lab, sizeof lab, t, step);
        int n = (int)strlen(lab), at = x - n / 2;
        if (at + n > L->w)
            at = L->w - n;
        if (at < free_from)
            continue;
        canvas_put(c, x, L->axis_row, ascii ? '+' : 0x252C, st);
        canvas_put_text(c, at, L->axis_row + 1, lab, n, st, TF(ascii));
        free_from = at + n + 1;
    }
}

/* A '!' on the x axis at each step whose value is NaN or infinite. */
static void mark_nonfinite(struct canvas *c, const struct layout *L, const struct plot_data *pd)
{
    struct canvas_style st = canvas_style_fg(1, CANVAS_BOLD);
    for (int s = 0; s < pd->n; s++)
        for (int i = 0; i < pd->p[s].n; i++)
            if (!isfinite(pd->p[s].y[i]) && isfinite(pd->p[s].x[i]))
                canvas_put(c, L->px0 + col_of(L, pd, pd->p[s].x[i], 2) / 2, L->axis_row, '!', st);
}

/* What a series cannot show, for its legend entry: "(2 NaN, 1 inf, 3 <=0)". */
static void legend_note(char *out, size_t cap, const struct plot_prepared *p)
{
    size_t n = 0;
    out[0] = '\0';
    const int count[] = {p->nan, p->inf, p->nonpos};
    const char *what[] = {"NaN", "inf", "<=0"};
    for (int i = 0; i < 3; i++)
        if (count[i] && n < cap)
            n += (size_t)snprintf(out + n, cap - n, "%s%d %s", n ? ", " : " (", count[i], what[i]);
    if (n && n < cap)
        snprintf(out + n, cap - n, ")");
}

/* The text of a legend entry after its line sample: the name, the last value, what is not
 * shown. */
static void legend_text(char *text, size_t cap, const struct plot_data *pd, int s,
                        const struct plot_series *series, int brief)
{
    char val[24], note[64];
    if (brief) {
        snprintf(text, cap, " %s", series[s].name ? series[s].name : "");
        return;
    }
    scale_fmt_value(val, sizeof val, pd->p[s].last, 8);
    legend_note(note, sizeof note, &pd->p[s]);
    snprintf(text, cap, " %s %s%s", series[s].name ? series[s].name : "", val, note);
}

static int legend_width(const struct plot_data *pd, int s, const struct plot_series *series,
                        const struct plot_options *o, int brief)
{
    char text[160];
    legend_text(text, sizeof text, pd, s, series, brief);
    return 3 + canvas_text_width(text, viz_text_flags(&o->vo));
}

/* Rows the legend takes when entries wrap at the canvas width, 2 columns apart. */
static int legend_rows_needed(const struct canvas *c, const struct plot_data *pd,
                              const struct plot_series *series, const struct plot_options *o,
                              int brief)
{
    int rows = 1, x = 0, w = canvas_width(c);
    for (int s = 0; s < pd->n; s++) {
        int ew = legend_width(pd, s, series, o, brief);
        if (x > 0 && x + ew > w) {
            rows++;
            x = 0;
        }
        x += ew + 2;
    }
    return rows;
}

/* One legend entry: a sample of the line, the name, the last value, what is not shown. */
static int legend_entry(struct canvas *c, int x, int y, const struct plot_data *pd, int s,
                        const struct plot_series *series, const struct plot_options *o, int brief)
{
    struct canvas_style st = canvas_style_fg(series_colour(o, s), 0);
    int x0 = x, dash = !o->vo.ascii && !o->vo.colors ? s : 0;
    for (int i = 0; i < 3; i++) {
        uint32_t g = o->vo.ascii ? (uint32_t)ascii_marks[s % 8] : 0x2812; /* ⠒ */
        if (dash == 0 || i % (dash + 1) == 0)
            canvas_put(c, x, y, g, st);
        x++;
    }
    char text[160];
    legend_text(text, sizeof text, pd, s, series, brief);
    x += canvas_put_text(c, x, y, text, canvas_width(c) - x, canvas_style_plain(),
                         viz_text_flags(&o->vo));
    return x - x0;
}

/* The entries, wrapping onto the legend's rows; what does not fit the last row is cut. */
static void draw_legend(struct canvas *c, const struct layout *L, const struct plot_data *pd,
                        const struct plot_series *series, const struct plot_options *o)
{
    int y = L->legend_row, x = 0;
    for (int s = 0; L->legend_row >= 0 && s < pd->n; s++) {
        if (x > 0 && x + legend_width(pd, s, series, o, L->short_legend) > L->w &&
            y + 1 < L->legend_row + L->legend_rows) {
            y++;
            x = 0;
        }
        if (x >= L->w)
            break;
        x += legend_entry(c, x, y, pd, s, series, o, L->short_legend) + 2;
    }
}

/* The marker: a dotted column through the empty cells of the plot area and a caret on the
 * x axis, when the marked x is inside the range. */
static void draw_marker(struct canvas *c, const struct layout *L, const struct plot_data *pd,
                        double x, int ascii)
{
    if (!isfinite(x) || x < pd->x0 || x > pd->x1)
        return;
    int col = L->px0 + col_of(L, pd, x, 2) / 2;
    struct canvas_style st = canvas_style_fg(1, CANVAS_BOLD);
    for (int y = L->top; y < L->axis_row; y++) {
        const struct canvas_cell *cell = canvas_cell(c, col, y);
        if (cell && cell->glyph == ' ')
            canvas_put(c, col, y, ascii ? ':' : 0x2506, canvas_style_fg(1, 0));
    }
    canvas_put(c, col, L->axis_row, ascii ? '^' : 0x25B2, st);
}

static void draw_title(struct canvas *c, const struct plot_options *o)
{
    char t[200];
    const char *sm = o->smooth == PLOT_SMOOTH_EMA ? "EMA" : "mean of";
    int n = snprintf(t, sizeof t, "%s", o->title ? o->title : "loss");
    if (o->smooth != PLOT_SMOOTH_NONE && n < (int)sizeof t)
        n += snprintf(t + n, sizeof t - n, " (%s %g)", sm, o->smooth_param);
    if (o->log_y && n < (int)sizeof t)
        snprintf(t + n, sizeof t - n, " [log y]");
    canvas_put_text(c, 0, 0, t, canvas_width(c), canvas_style_fg(-1, CANVAS_BOLD),
                    viz_text_flags(&o->vo));
}

static enum al_status check_args(const struct plot_series *series, int nseries,
                                 const struct plot_options *o, struct al_error *err)
{
    if (!o || nseries < 0 || (nseries > 0 && !series))
        return al_fail(err, AL_EINVAL, "plot: no options or no series");
    for (int s = 0; s < nseries; s++)
        if (series[s].n < 0 || (series[s].n > 0 && !series[s].values))
            return al_fail(err, AL_EINVAL, "plot: series %d has no values", s + 1);
    if (o->smooth == PLOT_SMOOTH_EMA && !(o->smooth_param >= 0 && o->smooth_param < 1))
        return al_fail(err, AL_EINVAL, "plot: EMA weight %g is not in [0, 1)", o->smooth_param);
    if (o->smooth == PLOT_SMOOTH_MEAN && !(o->smooth_param >= 1 && o->smooth_param <= 1e6))
        return al_fail(err, AL_EINVAL, "plot: mean window %g is not in 1..1e6", o->smooth_param);
    return AL_OK;
}

static void draw_lines(struct canvas *c, const struct layout *L, const struct plot_data *pd,
                       const struct plot_options *o, struct dots *g)
{
    int colours[128];
    for (int s = 0; s < 128; s++)
        colours[s] = series_colour(o, s);
    int dashed = !o->vo.ascii && !o->vo.colors;
    for (int s = 0; s < pd->n; s++)
        draw_series(g, L, pd, s, dashed);
    dots_blit(g, c, L->px0, L->top, ascii_marks, colours);
}

enum al_status plot_loss(struct canvas *c, const struct plot_series *series, int nseries,
                         const struct plot_options *o, struct al_error *err)
{
    canvas_clear(c);
    enum al_status st = check_args(series, nseries, o, err);
    if (st != AL_OK)
        return st;
    struct plot_data pd;
    if ((st = plot_data_prepare(&pd, series, nseries, o, err)) != AL_OK)
        return st;
    struct layout L;
    struct dots g;
    if (!layout(&L, c, &pd, series, o)) {
        canvas_put_text(c, 0, 0, "plot: too small", canvas_width(c), canvas_style_plain(),
                        viz_text_flags(&o->vo));
    } else if (!dots_init(&g, L.pw, L.rows, o->vo.ascii)) {
        plot_data_free(&pd);
        return al_fail(err, AL_ENOMEM, "plot: no memory for a %dx%d grid", L.pw, L.rows);
    } else {
        draw_title(c, o);
        draw_y_axis(c, &L, &pd, o->vo.ascii);
        draw_x_axis(c, &L, &pd, o->vo.ascii);
        draw_lines(c, &L, &pd, o, &g);
        mark_nonfinite(c, &L, &pd);
        draw_marker(c, &L, &pd, o->marker, o->vo.ascii);
        draw_legend(c, &L, &pd, series, o);
        if (!pd.any)
            canvas_put_text(c, L.px0 + 1, L.top, "no finite values", L.pw, canvas_style_plain(),
                            viz_text_flags(&o->vo));
        dots_free(&g);
    }
    plot_data_free(&pd);
    return AL_OK;
}
