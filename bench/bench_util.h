/* bench_util.h: what the benchmark programs share: the two reference models, a clock, and
 * the replay of a recorded list of matrix products ("sgemm alone" on a step's own shapes). */
#ifndef ATTNLAB_BENCH_UTIL_H
#define ATTNLAB_BENCH_UTIL_H

#include "core/matmul.h"
#include "nn/model.h"

struct bench_config {
    const char *name;
    int batch, seq;
    enum optim_kind optim;
    float lr;
};

extern const struct bench_config bench_gpt, bench_lstm;

/* The models of bench/README: NULL on failure (the reason is printed on stderr). */
struct model *bench_model(const struct bench_config *cfg, int vocab);

double bench_now(void);

/* Buffers big enough for every call of a trace, filled with small random values. */
struct replay_buffers {
    float *a, *b, *c;
};
int replay_alloc(struct replay_buffers *rb, const struct mm_trace *t);
void replay_free(struct replay_buffers *rb);
/* Runs the trace's products once, in order, on the calling thread. */
void replay_run(const struct mm_trace *t, const struct replay_buffers *rb);
/* 2·m·n·k summed over the calls. */
double trace_flops(const struct mm_trace *t);

/* A trace with room for `cap` calls. */
int trace_init(struct mm_trace *t, int cap);
void trace_free(struct mm_trace *t);

#endif
