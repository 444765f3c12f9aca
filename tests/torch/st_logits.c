/* st_logits: prints a model's logits, read from safetensors the way `import model` reads
 * them, for token ids given as arguments: one line per position, the scores separated by
 * spaces (%.9g, exact for float32). For the PyTorch round-trip test.
 * Usage: st_logits FILE.safetensors ID... */
#include <stdio.h>
#include <stdlib.h>

#include "lab/safetensors_io.h"
#include "nn/model.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: st_logits FILE.safetensors ID...\n");
        return 2;
    }
    struct lab_model *m;
    struct al_error err;
    if (safetensors_load(argv[1], &m, &err) != AL_OK) {
        fprintf(stderr, "st_logits: %s\n", err.msg);
        return 1;
    }
    int t = argc - 2;
    int32_t *ids = malloc(sizeof *ids * (size_t)t);
    for (int i = 0; i < t; i++)
        ids[i] = (int32_t)atoi(argv[2 + i]);
    float *out;
    int32_t len = t;
    if (model_forward(m->net, ids, &len, 1, t, 0, NULL, &out, &err) != AL_OK) {
        fprintf(stderr, "st_logits: %s\n", err.msg);
        return 1;
    }
    int v = model_output_width(m->net);
    for (int r = 0; r < t; r++)
        for (int k = 0; k < v; k++)
            printf("%.9g%c", out[(size_t)r * v + k], k + 1 < v ? ' ' : '\n');
    free(ids);
    lab_model_free(m);
    return 0;
}
