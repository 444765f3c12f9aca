/* scale.c: tick steps and number formatting shared by the plots. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/scale.h"

double scale_nice_step(double span, int maxticks)
{
    if (!(span > 0) || !isfinite(span))
        return 1;
    if (maxticks < 1)
        maxticks = 1;
    double raw = span / maxticks;
    double p = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (mult[i] * p >= raw * (1 - 1e-9))
            return mult[i] * p;
    return 10 * p;
}

void scale_fmt_tick(char *out, size_t cap, double v, double step)
{
    if (fabs(v) < step * 1e-6)
        v = 0; /* no "-0" or "1e-17" from accumulated rounding */
    int dec = step > 0 ? (int)ceil(-log10(step) - 1e-9) : 0;
    if (dec < 0)
        dec = 0;
    if (dec > 4 || fabs(v) >= 1e6)
        snprintf(out, cap, "%.2g", v);
    else
        snprintf(out, cap, "%.*f", dec, v);
}

static void strip_zero(char *s)
{
    /* ".25" rather than "0.25" when a column is tight */
    if (s[0] == '0' && s[1] == '.')
        memmove(s, s + 1, strlen(s));
    else if (s[0] == '-' && s[1] == '0' && s[2] == '.')
        memmove(s + 1, s + 2, strlen(s + 1));
}

void scale_fmt_value(char *out, size_t cap, double v, int maxw)
{
    char tmp[64];
    if (isnan(v)) {
        snprintf(out, cap, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(out, cap, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    for (int prec = 3; prec >= 0; prec--) {
        snprintf(tmp, sizeof tmp, "%.*f", prec, v);
        if ((int)strlen(tmp) > maxw)
            strip_zero(tmp);
        if ((int)strlen(tmp) <= maxw && (prec == 0 || fabs(v) < 1e4)) {
            snprintf(out, cap, "%s", tmp);
            return;
        }
    }
    for (int prec = 2; prec >= 0; prec--) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, v);
        if ((int)strlen(tmp) <= maxw || prec == 0)
            break;
    }
    snprintf(out, cap, "%s", tmp);
}
