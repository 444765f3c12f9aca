/* matmul.c: the OpenBLAS wrapper and its naive reference. No other file includes cblas.h. */
#include "core/matmul.h"

#include <cblas.h>

#include "config.h"
#include "core/pool.h"

#ifdef HAVE_BLAS_THREAD_SHUTDOWN_
int blas_thread_shutdown_(void); /* OpenBLAS's pthread build; not in cblas.h */
#endif

static CBLAS_TRANSPOSE blas_trans(enum mm_trans t)
{
    return t == MM_T ? CblasTrans : CblasNoTrans;
}

static _Thread_local struct mm_trace *trace;
static struct mm_trace *rank_traces;
static int rank_count;

void mm_trace_set(struct mm_trace *t)
{
    trace = t;
}

void mm_trace_set_ranks(struct mm_trace *t, int n)
{
    rank_traces = t;
    rank_count = t ? n : 0;
}

static void record(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, int lda, int ldb,
                   float beta, int ldc)
{
    struct mm_trace *t = trace;
    if (!t) {
        int r = pool_current_rank();
        if (r >= rank_count)
            return;
        t = &rank_traces[r];
    }
    if (t->count >= t->cap) {
        t->dropped++;
        return;
    }
    t->calls[t->count++] = (struct mm_call){ta, tb, m, n, k, lda, ldb, ldc, beta};
}

void mm(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, float alpha, const float *a,
        int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (trace || rank_traces)
        record(ta, tb, m, n, k, lda, ldb, beta, ldc);
    cblas_sgemm(CblasRowMajor, blas_trans(ta), blas_trans(tb), m, n, k, alpha, a, lda, b, ldb, beta,
                c, ldc);
}

void mm_reference(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int p = 0; p < k; p++) {
                double x = ta == MM_N ? a[i * lda + p] : a[p * lda + i];
                double y = tb == MM_N ? b[p * ldb + j] : b[j * ldb + p];
                sum += x * y;
            }
            /* beta == 0 must ignore C, which may hold NaN (BLAS semantics). */
            double old = beta == 0.0f ? 0.0 : (double)beta * c[i * ldc + j];
            c[i * ldc + j] = (float)(alpha * sum + old);
        }
    }
}

void mm_ab(float *c, const float *a, const float *b, int m, int n, int k, int accumulate)
{
    mm(MM_N, MM_N, m, n, k, 1.0f, a, k, b, n, accumulate ? 1.0f : 0.0f, c, n);
}

void mm_abt(float *c, const float *a, const float *b, int m, int n, int k, int accumulate)
{
    mm(MM_N, MM_T, m, n, k, 1.0f, a, k, b, k, accumulate ? 1.0f : 0.0f, c, n);
}

void mm_atb(float *c, const float *a, const float *b, int m, int n, int k, int accumulate)
{
    mm(MM_T, MM_N, m, n, k, 1.0f, a, m, b, n, accumulate ? 1.0f : 0.0f, c, n);
}

void blas_set_threads(int n)
{
    if (n < 1)
        return;
#ifdef HAVE_BLAS_THREAD_SHUTDOWN_
    /* One thread needs none of OpenBLAS's own, which it started when it was loaded and which
     * spin on a core for a while after each product: they are stopped (once: setting the
     * count may start them again). A count above 1 starts them again. */
    static int stopped;
    if (n == 1 && stopped)
        return;
    openblas_set_num_threads(n);
    if (n == 1)
        blas_thread_shutdown_();
    stopped = n == 1;
#else
    openblas_set_num_threads(n);
#endif
}

int blas_threads(void)
{
    return openblas_get_num_threads();
}

const char *blas_config(void)
{
    return openblas_get_config();
}
