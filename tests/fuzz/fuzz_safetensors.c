/* fuzz_safetensors.c: a safetensors file as `import model` reads it: the header through
 * jansson, every tensor's dtype, shape and range, then the model the metadata describes.
 * Whatever is accepted must be a usable model whose export reads back. */
#include "fuzz.h"

#include <string.h>

#include "io/safetensors.h"
#include "lab/safetensors_io.h"
#include "nn/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1); /* exact size: overreads are caught */
    memcpy(copy, data, size);
    struct st_file f;
    struct al_error err;
    if (st_parse(copy, size, "fuzz.safetensors", &f, &err) == AL_OK) {
        for (int i = 0; i < f.n; i++) {
            const struct st_tensor *t = &f.tensors[i];
            FUZZ_ASSERT(t->data >= copy && t->data + 4 * t->count <= copy + size);
            FUZZ_ASSERT(st_find(&f, t->name) == t);
        }
        st_free(&f);
    }
    struct lab_model *m = NULL;
    if (safetensors_decode(copy, size, "fuzz.safetensors", (size_t)64 << 20, &m, &err) == AL_OK) {
        struct model *net = m->net;
        int32_t ids[2] = {0, net->vocab - 1}, len = net->context < 2 ? net->context : 2;
        float *out;
        /* weights from the file may be NaN or huge: a diverged model is an answer too */
        enum al_status a = model_forward(net, ids, &len, 1, len, 0, NULL, &out, &err);
        FUZZ_ASSERT(a == AL_OK || (a == AL_ENUMERIC && err.msg[0] != '\0'));
        unsigned char *again;
        size_t n;
        FUZZ_ASSERT(safetensors_encode(m, &again, &n, &err) == AL_OK);
        struct lab_model *back = NULL;
        FUZZ_ASSERT(safetensors_decode(again, n, "again", (size_t)64 << 20, &back, &err) == AL_OK);
        FUZZ_ASSERT(memcmp(back->net->values, net->values, sizeof(float) * net->param_floats) == 0);
        lab_model_free(back);
        free(again);
        lab_model_free(m);
    }
    free(copy);
    return 0;
}
