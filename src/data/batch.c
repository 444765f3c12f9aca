/* batch.c: random and epoch-ordered windows of a token stream. */
#include "data/batch.h"

#include <stdlib.h>
#include <string.h>

static void copy_window(const int32_t *tokens, size_t start, int T, int32_t *x, int32_t *y)
{
    memcpy(x, tokens + start, sizeof *x * (size_t)T);
    memcpy(y, tokens + start + 1, sizeof *y * (size_t)T);
}

static enum al_status too_short(size_t n, int T, struct al_error *err)
{
    return al_fail(err, AL_EINVAL, "%zu tokens are too few for windows of %d (need at least %d)", n,
                   T, T + 1);
}

enum al_status batch_sample(const int32_t *tokens, size_t n, int B, int T, struct rng *r,
                            int32_t *x, int32_t *y, struct al_error *err)
{
    if (B < 1 || T < 1)
        return al_fail(err, AL_EINVAL, "batch=%d and seq=%d must be at least 1", B, T);
    if (n < (size_t)T + 1)
        return too_short(n, T, err);
    size_t starts = n - (size_t)T; /* starts 0 .. n-T-1 keep the target inside */
    if (starts > UINT32_MAX)
        starts = UINT32_MAX;
    for (int b = 0; b < B; b++) {
        size_t i = rng_below(r, (uint32_t)starts);
        copy_window(tokens, i, T, x + (size_t)b * T, y + (size_t)b * T);
    }
    return AL_OK;
}

size_t epoch_windows(size_t n, int T, int stride)
{
    if (T < 1 || stride < 1 || n < (size_t)T + 1)
        return 0;
    return (n - 1 - (size_t)T) / (size_t)stride + 1; /* the last start s has s + T < n */
}

enum al_status epoch_init(struct epoch *e, size_t n, int T, struct rng *r, struct al_error *err)
{
    return epoch_init_strided(e, n, T, T, r, err);
}

enum al_status epoch_init_strided(struct epoch *e, size_t n, int T, int stride, struct rng *r,
                                  struct al_error *err)
{
    if (T < 1)
        return al_fail(err, AL_EINVAL, "seq=%d must be at least 1", T);
    if (stride < 1)
        return al_fail(err, AL_EINVAL, "stride=%d must be at least 1", stride);
    if (n < (size_t)T + 1)
        return too_short(n, T, err);
    size_t nwin = epoch_windows(n, T, stride);
    size_t *order = malloc(sizeof *order * nwin);
    if (!order)
        return al_fail(err, AL_ENOMEM, "out of memory for %zu windows", nwin);
    *e = (struct epoch){order, nwin, 0, T, stride};
    epoch_restart(e, r);
    return AL_OK;
}

void epoch_restart(struct epoch *e, struct rng *r)
{
    for (size_t i = 0; i < e->nwin; i++)
        e->order[i] = i;
    for (size_t i = e->nwin; i > 1; i--) {
        size_t j = rng_below(r, (uint32_t)i);
        size_t tmp = e->order[i - 1];
        e->order[i - 1] = e->order[j];
        e->order[j] = tmp;
    }
    e->next = 0;
}

int epoch_next(struct epoch *e, const int32_t *tokens, int B, int32_t *x, int32_t *y)
{
    int rows = 0;
    for (; rows < B && e->next < e->nwin; rows++, e->next++) {
        size_t start = e->order[e->next] * (size_t)e->stride;
        copy_window(tokens, start, e->T, x + (size_t)rows * e->T, y + (size_t)rows * e->T);
    }
    return rows;
}

void epoch_free(struct epoch *e)
{
    free(e->order);
    e->order = NULL;
    e->nwin = e->next = 0;
}
