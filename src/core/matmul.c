/* matmul.c: the OpenBLAS wrapper and its naive reference. No other file includes cblas.h. */
#include "core/matmul.h"

#include <cblas.h>
#include <string.h>

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

static _Thread_local struct pool *row_pool;

void mm_set_pool(struct pool *p)
{
    row_pool = p;
    if (p && pool_size(p) > 1 && openblas_get_num_threads() != 1)
        blas_set_threads(1); /* the pool's threads are the only ones */
}

/* c[0..n) = alpha · op(B) · a + beta · c for a single row a (its elements inca apart), as
 * cblas_sgemv computes it: op(B) is B [n,k] (tb = MM_T) or Bᵀ with B [k,n] (MM_N). */
static void gemv(enum mm_trans tb, int n, int k, float alpha, const float *a, int inca,
                 const float *b, int ldb, float beta, float *c)
{
    if (beta == 0.0f) /* beta 0 ignores c, which may hold NaN (BLAS's sgemm semantics) */
        memset(c, 0, sizeof *c * (size_t)n);
    if (tb == MM_T)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, alpha, b, ldb, a, inca, beta, c, 1);
    else
        cblas_sgemv(CblasRowMajor, CblasTrans, k, n, alpha, b, ldb, a, inca, beta, c, 1);
}

struct gemv_job {
    enum mm_trans tb;
    int n, k, inca, ldb, chunk;
    float alpha, beta;
    const float *a, *b;
    float *c;
};

/* Outputs [chunk·i, chunk·(i+1)) of a split product: whole cache lines of c (no two threads
 * write one line), each output computed as the whole product would compute it. */
static void gemv_chunk(void *ctx, long i)
{
    const struct gemv_job *j = ctx;
    long o0 = i * j->chunk, o1 = o0 + j->chunk < j->n ? o0 + j->chunk : j->n;
    const float *b = j->tb == MM_T ? j->b + (size_t)o0 * j->ldb : j->b + o0;
    gemv(j->tb, (int)(o1 - o0), j->k, j->alpha, j->a, j->inca, b, j->ldb, j->beta, j->c + o0);
}

void mm(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, float alpha, const float *a,
        int lda, const float *b, int ldb, float beta, float *c, int ldc)
{
    if (m <= 0 || n <= 0)
        return;
    if (trace || rank_traces)
        record(ta, tb, m, n, k, lda, ldb, beta, ldc);
    if (m == 1 && k > 0) {
        /* One row (generation, a batch of one): a matrix-vector product reads B once, where
         * sgemm would first copy all of it into its packed layout. */
        int inca = ta == MM_N ? 1 : lda;
        /* split only B [n,k] (a dense layer's weight): its outputs are independent dot
         * products, the same bits however they are shared out (for B [k,n], OpenBLAS's
         * kernel treats the first outputs of a call apart, so a split would change them) */
        if (row_pool && pool_size(row_pool) > 1 && tb == MM_T && (double)n * k >= MM_SPLIT_MIN) {
            /* chunks of about MM_SPLIT_CHUNK elements of B, in whole cache lines of c */
            int chunk = (int)(MM_SPLIT_CHUNK / k + 15) / 16 * 16;
            struct gemv_job j = {tb, n, k, inca, ldb, chunk, alpha, beta, a, b, c};
            pool_for(row_pool, (n + chunk - 1) / chunk, gemv_chunk, &j);
        } else {
            gemv(tb, n, k, alpha, a, inca, b, ldb, beta, c);
        }
        return;
    }
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
