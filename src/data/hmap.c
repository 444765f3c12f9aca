/* hmap.c: the open-addressing maps of hmap.h (linear probing, grown at 1/2 load). */
#include "data/hmap.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static uint64_t hash_u64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t round_cap(size_t hint)
{
    size_t cap = 16;
    while (cap < hint * 2)
        cap *= 2;
    return cap;
}

enum al_status smap_init(struct smap *m, size_t hint, struct al_error *err)
{
    m->cap = round_cap(hint);
    m->count = 0;
    m->slot = calloc(m->cap, sizeof *m->slot);
    if (!m->slot)
        return al_fail(err, AL_ENOMEM, "out of memory for a table of %zu entries", m->cap);
    return AL_OK;
}

void smap_free(struct smap *m)
{
    if (!m->slot)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slot[i].key);
    free(m->slot);
    m->slot = NULL;
    m->cap = m->count = 0;
}

static size_t smap_probe(const struct smap *m, const char *key, size_t len, uint32_t h)
{
    size_t i = h & (m->cap - 1);
    while (m->slot[i].key) {
        const struct smap_slot *s = &m->slot[i];
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

int64_t *smap_find(const struct smap *m, const char *key, size_t len)
{
    if (!m->slot)
        return NULL;
    size_t i = smap_probe(m, key, len, hash_bytes(key, len));
    return m->slot[i].key ? &m->slot[i].val : NULL;
}

static enum al_status smap_grow(struct smap *m, struct al_error *err)
{
    size_t cap = m->cap * 2;
    struct smap_slot *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return al_fail(err, AL_ENOMEM, "out of memory for a table of %zu entries", cap);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot[i].key)
            continue;
        size_t j = m->slot[i].hash & (cap - 1);
        while (slot[j].key)
            j = (j + 1) & (cap - 1);
        slot[j] = m->slot[i];
    }
    free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return AL_OK;
}

enum al_status smap_upsert(struct smap *m, const char *key, size_t len, int64_t init, int64_t **val,
                           struct al_error *err)
{
    uint32_t h = hash_bytes(key, len);
    size_t i = smap_probe(m, key, len, h);
    if (!m->slot[i].key) {
        if ((m->count + 1) * 2 > m->cap) {
            enum al_status st = smap_grow(m, err);
            if (st)
                return st;
            i = smap_probe(m, key, len, h);
        }
        char *copy = malloc(len + 1);
        if (!copy)
            return al_fail(err, AL_ENOMEM, "out of memory for a key of %zu bytes", len);
        memcpy(copy, key, len);
        copy[len] = '\0';
        m->slot[i] = (struct smap_slot){copy, (uint32_t)len, h, init};
        m->count++;
    }
    *val = &m->slot[i].val;
    return AL_OK;
}

enum al_status umap_init(struct umap *m, size_t hint, struct al_error *err)
{
    m->cap = round_cap(hint);
    m->count = 0;
    m->key = calloc(m->cap, sizeof *m->key);
    m->val = calloc(m->cap, sizeof *m->val);
    if (!m->key || !m->val) {
        umap_free(m);
        return al_fail(err, AL_ENOMEM, "out of memory for a table of %zu entries", m->cap);
    }
    return AL_OK;
}

void umap_free(struct umap *m)
{
    free(m->key);
    free(m->val);
    m->key = NULL;
    m->val = NULL;
    m->cap = m->count = 0;
}

void umap_clear(struct umap *m)
{
    memset(m->key, 0, m->cap * sizeof *m->key);
    m->count = 0;
}

static size_t umap_probe(const uint64_t *keys, size_t cap, uint64_t k1)
{
    size_t i = hash_u64(k1) & (cap - 1);
    while (keys[i] && keys[i] != k1)
        i = (i + 1) & (cap - 1);
    return i;
}

int64_t *umap_find(const struct umap *m, uint64_t key)
{
    if (!m->key)
        return NULL;
    size_t i = umap_probe(m->key, m->cap, key + 1);
    return m->key[i] ? &m->val[i] : NULL;
}

static enum al_status umap_grow(struct umap *m, struct al_error *err)
{
    size_t cap = m->cap * 2;
    uint64_t *key = calloc(cap, sizeof *key);
    int64_t *val = calloc(cap, sizeof *val);
    if (!key || !val) {
        free(key);
        free(val);
        return al_fail(err, AL_ENOMEM, "out of memory for a table of %zu entries", cap);
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->key[i])
            continue;
        size_t j = umap_probe(key, cap, m->key[i]);
        key[j] = m->key[i];
        val[j] = m->val[i];
    }
    free(m->key);
    free(m->val);
    m->key = key;
    m->val = val;
    m->cap = cap;
    return AL_OK;
}

enum al_status umap_upsert(struct umap *m, uint64_t key, int64_t init, int64_t **val,
                           struct al_error *err)
{
    size_t i = umap_probe(m->key, m->cap, key + 1);
    if (!m->key[i]) {
        if ((m->count + 1) * 2 > m->cap) {
            enum al_status st = umap_grow(m, err);
            if (st)
                return st;
            i = umap_probe(m->key, m->cap, key + 1);
        }
        m->key[i] = key + 1;
        m->val[i] = init;
        m->count++;
    }
    *val = &m->val[i];
    return AL_OK;
}
