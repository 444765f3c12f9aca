/* interrupt.h: a way for long work below src/lang (reading a big file, training a
 * tokenizer) to ask whether the user wants it stopped (Ctrl-C, Esc). The evaluator fills one
 * from its sink's interrupted(); NULL or a NULL poll means "never interrupted". */
#ifndef ATTNLAB_CORE_INTERRUPT_H
#define ATTNLAB_CORE_INTERRUPT_H

struct al_interrupt {
    int (*poll)(void *ctx); /* nonzero: stop now */
    void *ctx;
};

static inline int al_interrupted(const struct al_interrupt *i)
{
    return i && i->poll && i->poll(i->ctx);
}

#endif
