/* safetensors.c: writing and checking safetensors files (safetensors.h). */
#include "io/safetensors.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum al_status st_write(struct bytes_out *out, const struct st_out *tensors, int n,
                        const char *const *keys, const char *const *vals, int nmeta,
                        struct al_error *err)
{
    json_t *root = json_object(), *meta = json_object();
    int bad = !root || !meta;
    for (int i = 0; !bad && i < nmeta; i++)
        bad = json_object_set_new(meta, keys[i], json_string(vals[i])) != 0;
    if (!bad && nmeta)
        bad = json_object_set(root, "__metadata__", meta) != 0;
    json_int_t offset = 0;
    for (int i = 0; !bad && i < n; i++) {
        const struct st_out *t = &tensors[i];
        json_int_t bytes = (json_int_t)(t->rows ? t->rows : 1) * t->cols * 4;
        json_t *shape = t->rows ? json_pack("[II]", (json_int_t)t->rows, (json_int_t)t->cols)
                                : json_pack("[I]", (json_int_t)t->cols);
        json_t *entry = shape ? json_pack("{s:s, s:o, s:[II]}", "dtype", "F32", "shape", shape,
                                          "data_offsets", offset, offset + bytes)
                              : NULL;
        bad = !entry || json_object_set_new(root, t->name, entry) != 0;
        offset += bytes;
    }
    json_decref(meta);
    /* JSON_PRESERVE_ORDER: tensors appear in the order of their data */
    char *text = bad ? NULL : json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return al_fail(err, bad ? AL_EINVAL : AL_ENOMEM, "cannot build the safetensors header");
    size_t hlen = strlen(text), padded = (hlen + 7) / 8 * 8; /* data starts 8-aligned */
    out_u64(out, (uint64_t)padded);
    out_bytes(out, text, hlen);
    for (size_t i = hlen; i < padded; i++)
        out_bytes(out, " ", 1);
    free(text);
    for (int i = 0; i < n; i++)
        out_f32s(out, tensors[i].values,
                 (size_t)(tensors[i].rows ? tensors[i].rows : 1) * (size_t)tensors[i].cols);
    if (out->failed)
        return al_fail(err, AL_ENOMEM, "out of memory writing safetensors");
    return AL_OK;
}

void st_free(struct st_file *f)
{
    for (int i = 0; i < f->nmeta; i++) {
        free(f->meta[i].key);
        free(f->meta[i].value);
    }
    free(f->meta);
    free(f->tensors);
    memset(f, 0, sizeof *f);
}

static enum al_status read_meta(json_t *meta, const char *name, struct st_file *f,
                                struct al_error *err)
{
    if (!json_is_object(meta))
        return al_fail(err, AL_EFORMAT, "%s: __metadata__ is not an object", name);
    size_t n = json_object_size(meta);
    f->meta = calloc(n ? n : 1, sizeof *f->meta);
    if (!f->meta)
        return al_fail(err, AL_ENOMEM, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(meta, key, v)
    {
        if (!json_is_string(v))
            return al_fail(err, AL_EFORMAT, "%s: metadata '%.40s' is not a string", name, key);
        struct st_meta *m = &f->meta[f->nmeta++];
        m->key = strdup(key);
        m->value = strndup(json_string_value(v), json_string_length(v));
        if (!m->key || !m->value)
            return al_fail(err, AL_ENOMEM, "out of memory");
    }
    return AL_OK;
}

static enum al_status read_tensor(const char *key, json_t *v, const char *name, struct st_tensor *t,
                                  size_t *begin, size_t *end, size_t data_len, struct al_error *err)
{
    json_t *dtype = json_object_get(v, "dtype"), *shape = json_object_get(v, "shape");
    json_t *offs = json_object_get(v, "data_offsets");
    if (strlen(key) >= ST_MAX_NAME || !key[0])
        return al_fail(err, AL_EFORMAT, "%s: a tensor name is empty or longer than %d bytes", name,
                       ST_MAX_NAME - 1);
    snprintf(t->name, sizeof t->name, "%s", key);
    if (!json_is_object(v) || !json_is_string(dtype) || !json_is_array(shape) ||
        !json_is_array(offs) || json_array_size(offs) != 2 || json_object_size(v) != 3)
        return al_fail(err, AL_EFORMAT, "%s: tensor %s lacks dtype, shape or data_offsets", name,
                       key);
    if (strcmp(json_string_value(dtype), "F32") != 0)
        return al_fail(err, AL_EFORMAT,
                       "%s: tensor %s is %.16s; attnlab reads F32 (float32) "
                       "tensors only: convert with tensor.float()",
                       name, key, json_string_value(dtype));
    t->ndim = (int)json_array_size(shape);
    if (t->ndim > ST_MAX_DIMS)
        return al_fail(err, AL_EFORMAT, "%s: tensor %s has %d dimensions", name, key, t->ndim);
    int64_t count = 1;
    for (int d = 0; d < t->ndim; d++) {
        json_t *x = json_array_get(shape, (size_t)d);
        json_int_t dim = json_is_integer(x) ? json_integer_value(x) : -1;
        if (dim < 0 || dim > ((int64_t)1 << 40) || (dim && count > ((int64_t)1 << 40) / dim))
            return al_fail(err, AL_EFORMAT, "%s: tensor %s has a bad shape", name, key);
        t->shape[d] = dim;
        count *= dim;
    }
    t->count = count;
    json_t *b = json_array_get(offs, 0), *e = json_array_get(offs, 1);
    json_int_t bi = json_is_integer(b) ? json_integer_value(b) : -1;
    json_int_t ei = json_is_integer(e) ? json_integer_value(e) : -1;
    if (bi < 0 || ei < bi || (uint64_t)ei > data_len)
        return al_fail(err, AL_EFORMAT,
                       "%s: tensor %s's data_offsets [%lld, %lld] fall outside "
                       "the %zu bytes of data",
                       name, key, (long long)bi, (long long)ei, data_len);
    if ((uint64_t)(ei - bi) != (uint64_t)count * 4)
        return al_fail(err, AL_EFORMAT, "%s: tensor %s holds %lld bytes; its shape needs %lld",
                       name, key, (long long)(ei - bi), (long long)count * 4);
    *begin = (size_t)bi;
    *end = (size_t)ei;
    return AL_OK;
}

struct range {
    size_t begin, end;
};

static int by_begin(const void *a, const void *b)
{
    const struct range *x = a, *y = b;
    return x->begin < y->begin   ? -1
           : x->begin > y->begin ? 1
                                 : (x->end > y->end) - (x->end < y->end);
}

static enum al_status check_tiling(struct range *r, int n, size_t data_len, const char *name,
                                   struct al_error *err)
{
    qsort(r, (size_t)n, sizeof *r, by_begin);
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        if (r[i].begin != at)
            return al_fail(err, AL_EFORMAT, "%s: tensor data %s at byte %zu", name,
                           r[i].begin < at ? "overlaps" : "leaves a gap", at);
        at = r[i].end;
    }
    if (at != data_len)
        return al_fail(err, AL_EFORMAT, "%s: %zu bytes of data follow the last tensor", name,
                       data_len - at);
    return AL_OK;
}

static enum al_status parse_header(json_t *root, const unsigned char *data, size_t data_len,
                                   const char *name, struct st_file *f, struct al_error *err)
{
    if (!json_is_object(root))
        return al_fail(err, AL_EFORMAT, "%s: the header is not a JSON object", name);
    size_t n = json_object_size(root);
    f->tensors = calloc(n ? n : 1, sizeof *f->tensors);
    struct range *ranges = calloc(n ? n : 1, sizeof *ranges);
    if (!f->tensors || !ranges) {
        free(ranges);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    const char *key;
    json_t *v;
    enum al_status st = AL_OK;
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "__metadata__") == 0) {
            if ((st = read_meta(v, name, f, err)) != AL_OK)
                break;
            continue;
        }
        struct st_tensor *t = &f->tensors[f->n];
        struct range *r = &ranges[f->n];
        if ((st = read_tensor(key, v, name, t, &r->begin, &r->end, data_len, err)) != AL_OK)
            break;
        t->data = data + r->begin;
        f->n++;
    }
    if (st == AL_OK)
        st = check_tiling(ranges, f->n, data_len, name, err);
    free(ranges);
    return st;
}

enum al_status st_parse(const unsigned char *buf, size_t len, const char *name, struct st_file *out,
                        struct al_error *err)
{
    memset(out, 0, sizeof *out);
    if (len < 8)
        return al_fail(err, AL_EFORMAT,
                       "%s is not a safetensors file: %zu bytes, less than "
                       "the 8-byte header length",
                       name, len);
    if (len >= 8 && memcmp(buf, "ATTNCKPT", 8) == 0)
        return al_fail(err, AL_EFORMAT,
                       "%s is an attnlab checkpoint, not safetensors: read it "
                       "with load model",
                       name);
    uint64_t n = le_u64(buf);
    if (n > len - 8 || n > ST_MAX_HEADER || n < 2)
        return al_fail(err, AL_EFORMAT,
                       "%s is not a safetensors file, or is truncated: its "
                       "header length %llu does not fit its %zu bytes",
                       name, (unsigned long long)n, len);
    if (buf[8] != '{')
        return al_fail(err, AL_EFORMAT,
                       "%s is not a safetensors file: the header is not a "
                       "JSON object",
                       name);
    json_error_t je;
    json_t *root = json_loadb((const char *)buf + 8, (size_t)n, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return al_fail(err, AL_EFORMAT, "%s: the JSON header is malformed at byte %d: %s", name,
                       je.position + 8, je.text);
    enum al_status st = parse_header(root, buf + 8 + n, len - 8 - (size_t)n, name, out, err);
    json_decref(root);
    if (st != AL_OK)
        st_free(out);
    return st;
}

const struct st_tensor *st_find(const struct st_file *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->tensors[i].name, name) == 0)
            return &f->tensors[i];
    return NULL;
}

const char *st_meta(const struct st_file *f, const char *key)
{
    for (int i = 0; i < f->nmeta; i++)
        if (strcmp(f->meta[i].key, key) == 0)
            return f->meta[i].value;
    return NULL;
}

void st_values(const struct st_tensor *t, float *out)
{
    for (int64_t i = 0; i < t->count; i++) {
        uint32_t u = le_u32(t->data + 4 * i);
        memcpy(&out[i], &u, 4);
    }
}
