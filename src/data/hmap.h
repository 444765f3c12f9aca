/* hmap.h: two small open-addressing hash maps used inside src/data: byte strings to int64
 * (word counts, piece ids, stop words) and uint64 to int64 (BPE pairs). Private to data:
 * nothing outside src/data includes this file. */
#ifndef ATTNLAB_DATA_HMAP_H
#define ATTNLAB_DATA_HMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct smap_slot {
    char *key; /* owned copy, NUL-terminated; NULL marks an empty slot */
    uint32_t len;
    uint32_t hash;
    int64_t val;
};

struct smap {
    struct smap_slot *slot;
    size_t cap; /* a power of two */
    size_t count;
};

enum al_status smap_init(struct smap *m, size_t hint, struct al_error *err);
void smap_free(struct smap *m);
/* The value stored under key, or NULL. The pointer dies at the next insertion. */
int64_t *smap_find(const struct smap *m, const char *key, size_t len);
/* Finds key or inserts a copy of it with value init; *val points at its value (valid until
 * the next insertion). */
enum al_status smap_upsert(struct smap *m, const char *key, size_t len, int64_t init, int64_t **val,
                           struct al_error *err);

struct umap {
    uint64_t *key; /* key + 1; 0 marks an empty slot */
    int64_t *val;
    size_t cap;
    size_t count;
};

enum al_status umap_init(struct umap *m, size_t hint, struct al_error *err);
void umap_free(struct umap *m);
void umap_clear(struct umap *m);
int64_t *umap_find(const struct umap *m, uint64_t key);
enum al_status umap_upsert(struct umap *m, uint64_t key, int64_t init, int64_t **val,
                           struct al_error *err);

#endif
