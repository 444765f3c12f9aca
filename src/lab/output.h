/* output.h: what the evaluator produces instead of printing. Every command hands its
 * output to a sink as blocks; the plain sink (src/ui/plain.c) writes them to stdout and
 * stderr, the curses notebook draws them into cells and panes. lang never looks inside a
 * canvas (src/viz owns it) and never prints. */
#ifndef ATTNLAB_LANG_OUTPUT_H
#define ATTNLAB_LANG_OUTPUT_H

struct canvas;    /* src/viz/canvas.h */
struct lab_frame; /* lab/lab.h */

enum block_kind {
    BLOCK_TEXT,    /* text: lines separated by '\n'; a missing final newline is implied */
    BLOCK_CANVAS,  /* canvas: a drawing; text, when not NULL, is its title */
    BLOCK_ERROR,   /* text: a rendered diagnostic (file:line:col, the line, a caret) */
    BLOCK_PROGRESS /* text: one status line of long work; done/total say how far */
};

struct block {
    enum block_kind kind;
    const char *text;
    const struct canvas *canvas;
    long done, total; /* BLOCK_PROGRESS: steps done of total (total 0: unknown) */
    /* BLOCK_CANVAS of an all-heads overview: the attention behind it, one frame a layer
     * (every head, labelled), so that a viewer can zoom into one head; NULL otherwise. A
     * sink may ignore it (the plain one does). */
    const struct lab_frame *frames;
    int nframes;
};

/* A sink is borrowed by the evaluator for the duration of a command; blocks (and what they
 * point to) are only valid during the emit call, so a sink that keeps them copies them. */
struct sink {
    void (*emit)(struct sink *self, const struct block *b);
    /* Polled between training steps: nonzero asks long work to stop after the current
     * step (Ctrl-C). May be NULL: never interrupted. */
    int (*interrupted)(struct sink *self);
    void *data;
};

static inline void sink_emit(struct sink *s, const struct block *b)
{
    if (s && s->emit)
        s->emit(s, b);
}

static inline int sink_interrupted(struct sink *s)
{
    return s && s->interrupted ? s->interrupted(s) : 0;
}

#endif
