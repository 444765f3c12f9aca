/* position.c: adding position information to embedded tokens. */
#include "nn/position.h"

#include <math.h>
#include <string.h>

void position_forward(float *out, const float *in, const float *table, int b, int t, int c)
{
    for (int i = 0; i < b; i++)
        for (int p = 0; p < t; p++) {
            const float *x = in + ((size_t)i * t + p) * c;
            float *y = out + ((size_t)i * t + p) * c;
            const float *e = table + (size_t)p * c;
            for (int j = 0; j < c; j++)
                y[j] = x[j] + e[j];
        }
}

void position_backward(float *din, float *dtable, const float *dout, int b, int t, int c)
{
    if (din)
        memcpy(din, dout, sizeof(float) * (size_t)b * t * c);
    if (!dtable)
        return;
    for (int i = 0; i < b; i++)
        for (int p = 0; p < t; p++) {
            const float *d = dout + ((size_t)i * t + p) * c;
            float *e = dtable + (size_t)p * c;
            for (int j = 0; j < c; j++)
                e[j] += d[j];
        }
}

void position_sinusoid_table(float *table, int tmax, int c)
{
    for (int p = 0; p < tmax; p++)
        for (int j = 0; j < c; j++) {
            double freq = pow(10000.0, -(double)(j / 2 * 2) / c);
            table[(size_t)p * c + j] = (float)(j % 2 == 0 ? sin(p * freq) : cos(p * freq));
        }
}
