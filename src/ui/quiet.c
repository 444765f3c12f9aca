/* quiet.c: the silent sink of quiet.h. */
#include "ui/quiet.h"

#include <stdlib.h>
#include <string.h>

static void quiet_emit(struct sink *self, const struct block *b)
{
    struct quiet_sink *q = self->data;
    if (b->kind != BLOCK_ERROR || !b->text)
        return;
    char *copy = strdup(b->text);
    if (copy) { /* without memory, the older text is better than none */
        free(q->last_error);
        q->last_error = copy;
    }
}

void quiet_sink_init(struct quiet_sink *q)
{
    memset(q, 0, sizeof *q);
    q->sink.emit = quiet_emit;
    q->sink.data = q;
}

void quiet_sink_free(struct quiet_sink *q)
{
    free(q->last_error);
    q->last_error = NULL;
}
