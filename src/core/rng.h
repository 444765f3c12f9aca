/* rng.h: the seeded random number generator. One per session, passed by pointer, never
 * global: initialisation, dropout, batch sampling and generation all draw from it, so the
 * same seed gives the same numbers bit for bit. (xoshiro128** seeded by splitmix64.) */
#ifndef ATTNLAB_CORE_RNG_H
#define ATTNLAB_CORE_RNG_H

#include <stdint.h>

struct rng {
    uint32_t s[4];
    /* Box-Muller yields normals in pairs; the second waits here. */
    int has_spare;
    float spare;
};

void rng_seed(struct rng *r, uint64_t seed);
uint32_t rng_u32(struct rng *r);
/* Uniform in [0, 1). */
float rng_uniform(struct rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Standard normal. */
float rng_normal(struct rng *r);

#endif
