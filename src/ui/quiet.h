/* quiet.h: the sink of the processes other than rank 0 of an MPI run. They run the same
 * commands as rank 0, which prints; they print nothing, but keep the text of their last
 * error, which the program shows when that error was theirs alone (main.c). */
#ifndef ATTNLAB_UI_QUIET_H
#define ATTNLAB_UI_QUIET_H

#include "lab/output.h"

struct quiet_sink {
    struct sink sink; /* hand &quiet.sink to the evaluator */
    char *last_error; /* the last error block's text, or NULL */
};

void quiet_sink_init(struct quiet_sink *q);
void quiet_sink_free(struct quiet_sink *q);

#endif
