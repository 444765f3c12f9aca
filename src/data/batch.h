/* batch.h: language-model batches from a token stream: seeded random windows for training
 * steps, and epochs over every non-overlapping window in a seeded shuffled order. Window i
 * gives x = tokens[i .. i+T) and y = tokens[i+1 .. i+T+1). Nothing here allocates once set
 * up: these run inside the training loop. */
#ifndef ATTNLAB_DATA_BATCH_H
#define ATTNLAB_DATA_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/rng.h"
#include "core/status.h"

/* Fills x[B*T] and y[B*T] (row b at b*T) with B windows whose starts are drawn uniformly
 * from [0, n - T - 1]. AL_EINVAL when B or T < 1 or when n < T + 1 (the message says how
 * many tokens are needed). Draws B numbers from r. Allocates nothing. */
enum al_status batch_sample(const int32_t *tokens, size_t n, int B, int T, struct rng *r,
                            int32_t *x, int32_t *y, struct al_error *err);

/* An epoch over windows starting at 0, S, 2S, ... (each with its target one further). The
 * stride S is T by default: every token is then a target exactly once an epoch, because a
 * language model predicts at every position of its window. A smaller stride overlaps the
 * windows (S = 1 is Keras's sliding sequences): more steps an epoch, each token seen at
 * several positions of the window. */
struct epoch {
    size_t *order; /* [nwin] window indices, shuffled; owned */
    size_t nwin;
    size_t next; /* the next position in order */
    int T;
    int stride;
};

/* Prepares an epoch over n tokens with windows of T, in an order shuffled by r (Fisher-
 * Yates). The caller owns e and frees it with epoch_free. AL_EINVAL when n < T + 1. */
enum al_status epoch_init(struct epoch *e, size_t n, int T, struct rng *r, struct al_error *err);
/* The same with windows starting every `stride` tokens (1 <= stride). */
enum al_status epoch_init_strided(struct epoch *e, size_t n, int T, int stride, struct rng *r,
                                  struct al_error *err);
/* How many windows of T starting every stride tokens fit in n tokens (0 when none). */
size_t epoch_windows(size_t n, int T, int stride);
/* Reshuffles for another epoch and starts again. */
void epoch_restart(struct epoch *e, struct rng *r);
/* Fills up to B rows of x and y with the next windows; returns the rows filled (less than
 * B for the last batch, 0 when the epoch is over). Allocates nothing. */
int epoch_next(struct epoch *e, const int32_t *tokens, int B, int32_t *x, int32_t *y);
void epoch_free(struct epoch *e);

#endif
