/* arena.c: bump allocation inside one zeroed block. */
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void arena_init_measure(struct arena *a)
{
    a->base = NULL;
    a->block = NULL;
    a->capacity = 0;
    a->used = 0;
}

enum al_status arena_init(struct arena *a, size_t capacity, struct al_error *err)
{
    a->used = 0;
    a->capacity = capacity;
    a->base = NULL;
    a->block = NULL;
    if (capacity == 0)
        return AL_OK;
    size_t rounded = (capacity + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    /* calloc, not aligned_alloc + memset: fresh pages come zeroed from the kernel and are only
     * touched when used (a model loaded to generate never touches its gradients and moments) */
    a->block = rounded <= SIZE_MAX - ARENA_ALIGN ? calloc(1, rounded + ARENA_ALIGN) : NULL;
    if (!a->block)
        return al_fail(err, AL_ENOMEM, "cannot allocate %zu bytes for the model", capacity);
    uintptr_t at = ((uintptr_t)a->block + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    a->base = (unsigned char *)at;
    a->capacity = rounded;
    return AL_OK;
}

void arena_free(struct arena *a)
{
    free(a->block);
    a->block = NULL;
    a->base = NULL;
    a->capacity = a->used = 0;
}

void *arena_bytes(struct arena *a, size_t n)
{
    size_t start = (a->used + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    if (!a->base) {
        a->used = start + n;
        return NULL;
    }
    if (start + n > a->capacity)
        return NULL;
    a->used = start + n;
    return a->base + start;
}

float *arena_floats(struct arena *a, size_t n)
{
    return arena_bytes(a, n * sizeof(float));
}
