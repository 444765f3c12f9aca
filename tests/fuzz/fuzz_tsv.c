/* fuzz_tsv.c: a labelled TSV as `load "x.tsv"` reads it, with every tokenizer (the first
 * byte picks it: tokopts.h; the same byte picks header=auto|on|off); then every example's label and
 * ids are checked, and a batch is made of them as `fit` and `data sample` do. */
#include "fuzz.h"

#include "data/labelled.h"
#include "tokopts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct tok_options o;
    fuzz_tok_options(data[0], &o);
    struct labelled_set *s = NULL;
    struct al_error err;
    enum labelled_header header = (enum labelled_header)((data[0] >> 1) % 3);
    if (labelled_from_bytes((const char *)data + 1, size - 1, &o, 0, header, &s, &err) == AL_OK) {
        FUZZ_ASSERT(s->n > 0 && s->nlabels > 0 && s->nlabels <= LABELLED_MAX_CLASSES);
        FUZZ_ASSERT((s->header_why == LABELLED_NO_HEADER) ==
                    (s->header_line == 0 && !s->header_label && !s->header_text));
        FUZZ_ASSERT(header != LABELLED_HEADER_OFF || s->header_why == LABELLED_NO_HEADER);
        FUZZ_ASSERT(s->header_line < s->line[0]);
        int32_t v = tok_vocab_size(s->tok);
        for (size_t i = 0; i < s->n; i++) {
            FUZZ_ASSERT(s->label[i] >= 0 && s->label[i] < s->nlabels);
            FUZZ_ASSERT(labelled_label_index(s, s->label_names[s->label[i]]) == s->label[i]);
            for (size_t k = 0; k < s->len[i]; k++)
                FUZZ_ASSERT(s->ids[i][k] >= 0 && s->ids[i][k] < v);
        }
        enum { B = 4, T = 8 };
        size_t rows[B];
        int32_t x[B * T], lens[B], labels[B];
        for (int b = 0; b < B; b++)
            rows[b] = (size_t)b % s->n;
        labelled_batch(s, rows, B, T, 0, x, lens, labels);
        for (int b = 0; b < B; b++)
            FUZZ_ASSERT(labels[b] >= 0 && labels[b] < s->nlabels && lens[b] <= T);
        labelled_free(s);
    }
    return 0;
}
