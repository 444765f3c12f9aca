/* arena.h: one block of memory carved into aligned pieces. A compiled model keeps its
 * parameters, gradients, optimizer state and activations in one arena sized at compile
 * time, so that a training step never touches the heap. */
#ifndef ATTNLAB_CORE_ARENA_H
#define ATTNLAB_CORE_ARENA_H

#include <stddef.h>

#include "core/status.h"

#define ARENA_ALIGN 64

struct arena {
    unsigned char *base; /* NULL while only measuring */
    void *block;         /* what was allocated (base is block aligned up to ARENA_ALIGN) */
    size_t capacity;
    size_t used;
};

/* A measuring arena: arena_alloc only counts bytes and returns NULL. Run the same
 * layout code once with it and once with a real arena of the measured size. */
void arena_init_measure(struct arena *a);

/* Allocates capacity bytes, zeroed. */
enum al_status arena_init(struct arena *a, size_t capacity, struct al_error *err);
void arena_free(struct arena *a);

/* n floats, 64-byte aligned, zeroed. Returns NULL when measuring or when full (the
 * layout code sized the arena, so "full" is a bug the caller turns into AL_ENOMEM). */
float *arena_floats(struct arena *a, size_t n);
/* n bytes, 64-byte aligned, zeroed; same rules. */
void *arena_bytes(struct arena *a, size_t n);

#endif
