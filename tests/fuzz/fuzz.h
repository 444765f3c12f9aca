/* fuzz.h: what every harness in tests/fuzz shares. A harness defines
 * LLVMFuzzerTestOneInput (libFuzzer's entry point) and nothing else; it is linked either with
 * clang's -fsanitize=fuzzer (make fuzz) or with replay.c (make check: replays
 * tests/fuzz/regressions/NAME/ with gcc). A harness must not write files, must free
 * everything it makes (leaks are findings) and must finish each input in well under a second. */
#ifndef ATTNLAB_FUZZ_H
#define ATTNLAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the harness with a message when an invariant fails (a finding, not an input error). */
#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fuzz_fail(__FILE__, __LINE__, #cond);                                                  \
        }                                                                                          \
    } while (0)

#include <stdio.h>
#include <stdlib.h>
static inline void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
    abort();
}

#endif
