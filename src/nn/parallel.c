/* parallel.c: the threads of a model's step. (First version: OpenBLAS's own threads.) */
#include "nn/parallel.h"

#include "core/matmul.h"
#include "core/pool.h"

enum al_status model_set_threads(struct model *m, int threads, struct al_error *err)
{
    (void)m;
    if (threads < 1 || threads > POOL_MAX_THREADS)
        return al_fail(err, AL_EINVAL, "threads must be in 1..%d, not %d", POOL_MAX_THREADS,
                       threads);
    blas_set_threads(threads);
    return AL_OK;
}

int model_threads(const struct model *m)
{
    (void)m;
    return blas_threads();
}
