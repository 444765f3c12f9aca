/* scale.h: private to src/viz. Nice tick steps and numbers formatted to fit a width. */
#ifndef ATTNLAB_VIZ_SCALE_H
#define ATTNLAB_VIZ_SCALE_H

#include <stddef.h>

/* A step of 1, 2 or 5 times a power of ten with at most maxticks steps in span (span > 0). */
double scale_nice_step(double span, int maxticks);
/* A tick value, with as many decimals as the step needs ("0.5", "1000", "2.5e-05"). */
void scale_fmt_tick(char *out, size_t cap, double v, double step);
/* v in at most maxw characters (maxw >= 3), as precise as fits; "nan", "inf", "-inf". */
void scale_fmt_value(char *out, size_t cap, double v, int maxw);

#endif
