/* matmul.h: every matrix product of attnlab. This is the only door to OpenBLAS; a naive
 * reference with the same contract sits beside it for tests. Matrices are row-major;
 * ld* is the distance between rows, so a head's slice of a wider matrix is passed with the
 * wider row length. */
#ifndef ATTNLAB_CORE_MATMUL_H
#define ATTNLAB_CORE_MATMUL_H

enum mm_trans { MM_N, MM_T };

/* C[m,n] = alpha * op(A) · op(B) + beta * C, where op(A) is [m,k] and op(B) is [k,n];
 * with MM_T, A is stored [k,m] (or B [n,k]) and used transposed. A product of one row
 * (m = 1) is a matrix-vector product (cblas_sgemv), split over the pool of mm_set_pool when B
 * is large. */
void mm(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, float alpha, const float *a,
        int lda, const float *b, int ldb, float beta, float *c, int ldc);

/* Sets (NULL: clears) the pool that splits the calling thread's large one-row products with
 * B [n,k] (tb = MM_T: a dense layer's weight) by output columns, each output computed
 * exactly as one thread would (the same numbers at any thread count). Generation sets it for the
 * duration of a pass: with one sequence, there is no batch to split. OpenBLAS stays single-threaded
 * under the pool. */
struct pool;
void mm_set_pool(struct pool *p);
/* The smallest B (elements) whose one-row product is split (below it, waking the pool's
 * threads costs more than the product), and the elements of B per chunk of the split. */
#define MM_SPLIT_MIN (1 << 18)
#define MM_SPLIT_CHUNK (1 << 17)

/* The same contract computed with plain loops in double precision. */
void mm_reference(enum mm_trans ta, enum mm_trans tb, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/* Contiguous shorthands. C[m,n] = A[m,k]·B[k,n] (+ C when accumulate). */
void mm_ab(float *c, const float *a, const float *b, int m, int n, int k, int accumulate);
/* C[m,n] = A[m,k]·B[n,k]ᵀ: a dense layer with W stored [out,in]. */
void mm_abt(float *c, const float *a, const float *b, int m, int n, int k, int accumulate);
/* C[m,n] = A[k,m]ᵀ·B[k,n]: a weight gradient, dW[out,in] += dYᵀ·X. */
void mm_atb(float *c, const float *a, const float *b, int m, int n, int k, int accumulate);

/* A record of the products one thread runs, for the benchmark's "sgemm alone" figure: while
 * a trace is set on a thread, every mm() on that thread appends its call (the product still
 * runs). Calls past `cap` are counted in `dropped`. */
struct mm_call {
    enum mm_trans ta, tb;
    int m, n, k, lda, ldb, ldc;
    float beta;
};
struct mm_trace {
    struct mm_call *calls;
    int cap, count, dropped;
};
/* Sets (NULL: clears) the calling thread's trace. */
void mm_trace_set(struct mm_trace *t);
/* Sets (NULL: clears) one trace per pool rank: the thread of rank r (pool_current_rank)
 * records into t[r], for r < n, unless it has its own trace. */
void mm_trace_set_ranks(struct mm_trace *t, int n);

/* OpenBLAS's thread count: set (n >= 1) and read. */
void blas_set_threads(int n);
int blas_threads(void);
/* OpenBLAS's build description (version, kernel, threading). */
const char *blas_config(void);

#endif
