/* safetensors.h: the safetensors format (Hugging Face's): an 8-byte little-endian header
 * length N, N bytes of JSON mapping each tensor's name to {"dtype", "shape",
 * "data_offsets": [begin, end]} (offsets into the data after the header) and an optional
 * "__metadata__" object of strings, then the raw little-endian data. attnlab writes and
 * reads float32 ("F32") tensors; the JSON goes through jansson.
 *
 * The reader trusts nothing: the header length against the file and a 100 MB cap, the JSON
 * (duplicate keys refused), each dtype, shape (overflow-checked) and range against the data,
 * and that the ranges tile the data without gaps or overlaps, as the reference does. */
#ifndef ATTNLAB_IO_SAFETENSORS_H
#define ATTNLAB_IO_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "io/bytes.h"

#define ST_MAX_HEADER ((size_t)100 << 20)
#define ST_MAX_DIMS 8
#define ST_MAX_NAME 128

/* A tensor to write: rows = 0 writes a vector of cols values, shape [cols]. */
struct st_out {
    const char *name;
    int rows, cols;
    const float *values;
};

/* Appends a whole safetensors file to out: the tensors in the order given, and metadata as
 * nmeta pairs (keys[i], vals[i]). AL_ENOMEM, or AL_EINVAL for names JSON cannot hold. */
enum al_status st_write(struct bytes_out *out, const struct st_out *tensors, int n,
                        const char *const *keys, const char *const *vals, int nmeta,
                        struct al_error *err);

struct st_tensor {
    char name[ST_MAX_NAME];
    int ndim;
    int64_t shape[ST_MAX_DIMS];
    int64_t count;             /* the product of the shape */
    const unsigned char *data; /* count float32, little-endian, inside the file's buffer */
};

struct st_meta {
    char *key, *value;
};

struct st_file {
    struct st_tensor *tensors;
    int n;
    struct st_meta *meta;
    int nmeta;
};

/* Parses and checks buf[0..len) (name for messages); the tensors point into buf. Free with
 * st_free. AL_EFORMAT (the message names the file and the fault), AL_ENOMEM. */
enum al_status st_parse(const unsigned char *buf, size_t len, const char *name, struct st_file *out,
                        struct al_error *err);
void st_free(struct st_file *f);
/* The tensor or metadata value of that name, or NULL. */
const struct st_tensor *st_find(const struct st_file *f, const char *name);
const char *st_meta(const struct st_file *f, const char *key);
/* Copies a tensor's values into out (t->count floats). */
void st_values(const struct st_tensor *t, float *out);

#endif
