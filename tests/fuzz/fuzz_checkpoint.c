/* fuzz_checkpoint.c: a checkpoint as `load model` reads it (envelope, CRCs, the model's and
 * the session's sections). Whatever is accepted must be a usable model: it runs a forward
 * pass when compiled, and what it encodes to reads back. The harness skips the CRC check's
 * protection half the time (the first byte): with it, the fuzzer rarely gets past the CRCs;
 * without it, it reaches the parsers behind them, as a file with a matching CRC would. The
 * second bit reads it for inference, as `attnlab generate` does. */
#include "fuzz.h"

#include <string.h>
#include <zlib.h>

#include "io/bytes.h"
#include "io/container.h"
#include "lab/checkpoint.h"
#include "nn/model.h"

/* Recomputes every section's CRC in place, so that mutations inside a section survive. */
static void fix_crcs(uint8_t *p, size_t n)
{
    size_t off = CKPT_HEADER_LEN;
    while (n >= off && n - off >= CKPT_SECTION_OVERHEAD) {
        uint64_t len = le_u64(p + off + 4);
        if (len > n - off - CKPT_SECTION_OVERHEAD)
            return;
        size_t body = 12 + (size_t)len;
        uint32_t crc = (uint32_t)crc32(0, p + off, (uInt)body);
        for (int b = 0; b < 4; b++)
            p[off + body + b] = (uint8_t)(crc >> (8 * b));
        off += body + 4;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t *copy = malloc(size - 1 ? size - 1 : 1); /* exact size: overreads are caught */
    memcpy(copy, data + 1, size - 1);
    if (data[0] & 1)
        fix_crcs(copy, size - 1);
    struct lab_model *m = NULL;
    struct rng rng;
    struct al_error err;
    int inference = (data[0] & 2) != 0;
    if (checkpoint_decode(copy, size - 1, "fuzz.ckpt", (size_t)64 << 20, 0, inference, &m, &rng,
                          &err) == AL_OK) {
        struct model *net = m->net;
        FUZZ_ASSERT(net->nlayers > 0 && m->tok != NULL);
        FUZZ_ASSERT(!net->compiled || m->batch == net->max_batch);
        FUZZ_ASSERT(!net->inference || (net->grads == NULL && net->m == NULL));
        if (net->compiled) {
            int32_t ids[4] = {0, net->vocab - 1, 0, 0}, len = net->context < 4 ? net->context : 4;
            float *out;
            /* weights from the file may be NaN or huge: a diverged model is an answer too */
            enum al_status a = model_forward(net, ids, &len, 1, len, 0, NULL, &out, &err);
            FUZZ_ASSERT(a == AL_OK || (a == AL_ENUMERIC && err.msg[0] != '\0'));
        }
        unsigned char *again;
        size_t n;
        FUZZ_ASSERT(checkpoint_encode(m, &rng, &again, &n, &err) == AL_OK);
        struct lab_model *back = NULL;
        struct rng r2;
        FUZZ_ASSERT(checkpoint_decode(again, n, "again", (size_t)64 << 20, 0, 0, &back, &r2,
                                      &err) == AL_OK);
        FUZZ_ASSERT(back->net->param_floats == net->param_floats);
        FUZZ_ASSERT(back->net->inference == net->inference);
        lab_model_free(back);
        free(again);
        lab_model_free(m);
    } else {
        FUZZ_ASSERT(m == NULL && err.msg[0] != '\0');
    }
    free(copy);
    return 0;
}
