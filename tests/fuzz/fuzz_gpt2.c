/* fuzz_gpt2.c: GPT-2's published files as `import model` reads them. The input is a
 * config.json and a model.safetensors: a 4-byte little-endian length of the config, the
 * config, then the safetensors bytes. Whatever the importer accepts must be a usable model:
 * a forward pass over the first and last token ids. The tokenizer is taken to match the
 * config (its own reader is fuzzed through tok_gpt2_parse on the same bytes). */
#include "fuzz.h"

#include <string.h>

#include "data/tok_gpt2.h"
#include "data/tokenizer.h"
#include "io/gpt2.h"
#include "io/safetensors.h"
#include "nn/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    size_t clen =
        (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24;
    if (clen > size - 4)
        clen = size - 4;
    size_t slen = size - 4 - clen;
    char *cfg = malloc(clen ? clen : 1); /* exact sizes: overreads are caught */
    uint8_t *st = malloc(slen ? slen : 1);
    memcpy(cfg, data + 4, clen);
    memcpy(st, data + 4 + clen, slen);
    struct al_error err;
    struct tokenizer *tok = NULL;
    if (tok_gpt2_parse(cfg, clen, (const char *)st, slen, "fuzz", &tok, &err) == AL_OK) {
        int32_t *ids;
        size_t n;
        FUZZ_ASSERT(tok_encode(tok, "Hello, world!", 13, &ids, &n, &err) == AL_OK);
        free(ids);
        tok_free(tok);
    }
    struct gpt2_config c;
    struct st_file f;
    if (gpt2_config_parse(cfg, clen, &c, &err) == AL_OK &&
        st_parse(st, slen, "fuzz.safetensors", &f, &err) == AL_OK) {
        struct model *net = NULL;
        if (gpt2_build(&c, &f, c.vocab_size, (size_t)64 << 20, "fuzz", NULL, &net, &err) == AL_OK) {
            int32_t ids[2] = {0, net->vocab - 1};
            int t = net->context < 2 ? net->context : 2;
            float *out;
            /* weights from the file may be NaN or huge: a diverged model is an answer too */
            enum al_status a = model_forward(net, ids, NULL, 1, t, 0, NULL, &out, &err);
            FUZZ_ASSERT(a == AL_OK || a == AL_ENUMERIC);
            a = model_forward_cached(net, ids, 1, 0, &out, &err);
            FUZZ_ASSERT(a == AL_OK || a == AL_ENUMERIC);
            model_free(net);
        }
        st_free(&f);
    }
    free(cfg);
    free(st);
    return 0;
}
