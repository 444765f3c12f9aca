/* kernels.h: small elementwise and row kernels shared by the layers. */
#ifndef ATTNLAB_CORE_KERNELS_H
#define ATTNLAB_CORE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* In place: x[0..n) becomes softmax(x). Entries equal to -INFINITY become exactly 0. */
void softmax_row(float *x, int n);
/* The same for a row whose entries from `live` on are masked: softmax over x[0..live), the
 * rest set to 0. Gives exactly softmax_row's result on that row (a masked entry adds an exact
 * 0 to the sum), without an exponential per masked entry. */
void softmax_row_prefix(float *x, int live, int n);
/* Softmax backward for a row a = softmax(z) whose entries from live on are masked (a = 0):
 * in place, d becomes dz = a ⊙ (d − Σ a·d), 0 from live on. */
void softmax_backward_row(float *d, const float *a, int live, int n);
/* The largest entry (NaNs skipped; -INFINITY when there is none). */
float row_max(const float *x, int n);
/* In place: x[i] becomes e^(x[i] - max) by exp_fast, 0 where x[i] - max < -87; returns the
 * sum, taken in the fixed lanes below. */
double exp_shift_sum(float *x, float max, int n);
/* log(sum(exp(x))) computed stably. */
float logsumexp_row(const float *x, int n);

/* Loops over activations are compiled three times: for x86-64-v4 (AVX-512), for x86-64-v3
 * (AVX2 and FMA, 8 floats a vector) and for the baseline (SSE2), and the loader picks the
 * best one the CPU runs. They give the same bits: -std=c11 contracts no a·b + c into an
 * FMA, and the reductions keep KERNEL_LANES lanes whatever the vector width. Not under
 * ThreadSanitizer: the loader runs the instrumented resolver before TSan is set up. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KERNEL_CLONES
#endif

/* Reductions over a row keep KERNEL_LANES partial sums, entry j going to lane j % KERNEL_LANES,
 * and add them in one fixed order at the end: the loops vectorise without reassociation (no
 * -ffast-math) and give the same bits at every vector width the loader may pick. */
#define KERNEL_LANES 16

static inline float lanes_sum(const float s[KERNEL_LANES])
{
    float t[KERNEL_LANES / 2];
    for (int l = 0; l < KERNEL_LANES / 2; l++)
        t[l] = s[l] + s[l + KERNEL_LANES / 2];
    return ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]));
}

static inline double lanes_sum_d(const double s[KERNEL_LANES])
{
    double t[KERNEL_LANES / 2];
    for (int l = 0; l < KERNEL_LANES / 2; l++)
        t[l] = s[l] + s[l + KERNEL_LANES / 2];
    return ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]));
}

/* e^x within 2 float ulps for x in [-87, 88] (clamped outside: never 0 or inf), inline and
 * branch-free so that loops over it vectorise: the activations of LSTM and GELU layers
 * spend most of their time here. Range reduction x = n·ln2 + r with n rounded by the
 * 1.5·2^23 trick, Cephes's polynomial for e^r, and 2^n put straight into the exponent. */
static inline float exp_fast(float x)
{
    x = x < -87.0f ? -87.0f : x > 88.0f ? 88.0f : x;
    float shifted = x * 1.44269504088896341f + 12582912.0f;
    union {
        float f;
        uint32_t u;
    } n = {shifted}, scale;
    float k = shifted - 12582912.0f;
    float r = x - k * 0.693359375f + k * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    /* unsigned: a NaN x gives a meaningless scale but no undefined shift (p is NaN anyway) */
    scale.u = (n.u - 0x4B400000u + 127u) << 23;
    return p * scale.f;
}

static inline float sigmoidf(float u)
{
    return 1.0f / (1.0f + exp_fast(-u));
}

/* tanh within a few float ulps: a Taylor series near 0 (where 1 - 2/(e^2x + 1) would cancel),
 * that formula elsewhere; both are computed and one selected, so loops vectorise. */
static inline float tanh_fast(float x)
{
    float ax = x < 0.0f ? -x : x;
    float x2 = x * x;
    float series = x * (1.0f + x2 * (-1.0f / 3.0f + x2 * (2.0f / 15.0f + x2 * (-17.0f / 315.0f))));
    float t = 1.0f - 2.0f / (exp_fast(2.0f * ax) + 1.0f);
    float far = x < 0.0f ? -t : t;
    return ax < 0.25f ? series : far;
}

#define GELU_SCALE 0.7978845608028654f /* sqrt(2/pi) */

/* GELU, tanh approximation, and its derivative. */
static inline float gelu(float u)
{
    float inner = GELU_SCALE * (u + 0.044715f * u * u * u);
    return 0.5f * u * (1.0f + tanh_fast(inner));
}

static inline float gelu_grad(float u)
{
    float inner = GELU_SCALE * (u + 0.044715f * u * u * u);
    float t = tanh_fast(inner);
    float sech2 = 1.0f - t * t;
    return 0.5f * (1.0f + t) + 0.5f * u * sech2 * GELU_SCALE * (1.0f + 3.0f * 0.044715f * u * u);
}

/* The same derivative from u and the forward's y = gelu(u) = u·q/2 with q = 1 + tanh(inner):
 * q = 2y/u costs a division instead of a second tanh, and 1 - tanh² = q·(2 - q) keeps its
 * digits where tanh nears -1. At |u| < 1e-30 (0 included) the quotient is unsafe and q = 1
 * is exact to float precision. */
static inline float gelu_grad_from_output(float u, float y)
{
    float au = u < 0.0f ? -u : u;
    float q = au < 1e-30f ? 1.0f : 2.0f * y / u;
    return 0.5f * q + 0.5f * u * (q * (2.0f - q)) * GELU_SCALE * (1.0f + 3.0f * 0.044715f * u * u);
}

/* y[i] += x[i] */
void vec_add(float *y, const float *x, size_t n);
void vec_zero(float *x, size_t n);
/* Sum of squares, in double. */
double vec_sumsq(const float *x, size_t n);

#endif
