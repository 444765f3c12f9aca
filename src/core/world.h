/* world.h: the processes this program runs as. A process is alone unless an MPI launcher
 * (mpirun) started it, or --mpi asks: then, in a build configured --with-mpi, it joins the
 * job as one rank of the world (core/replica_mpi.c), a replica group over the processes that
 * sums gradients and votes after each command. A build without MPI (core/world_alone.c)
 * refuses to run under a launcher with more than one process rather than let each train alone,
 * unaware of the others. */
#ifndef ATTNLAB_CORE_WORLD_H
#define ATTNLAB_CORE_WORLD_H

#include "core/replica.h"

/* Joins the world (MPI_Init when started by a launcher or when asked): *out is this rank's
 * handle, group NULL when alone. AL_EINVAL when MPI is asked for (asked, or a launcher's
 * environment with more than one process) in a build without it; AL_EIO when MPI fails to
 * start. */
enum al_status world_join(int *argc, char ***argv, int asked, struct replica *out,
                          struct al_error *err);

/* Leaves the world (MPI_Finalize, which waits for every process to come); *w is alone
 * afterwards. */
void world_leave(struct replica *w);

/* The MPI library this program was built with ("Open MPI v4.1.4, ..."), or NULL. */
const char *world_library(void);

/* Seconds a process whose command failed waits for the others to vote: enough for a slow
 * disk or a loaded machine, short enough that a run with a stuck process ends promptly. */
#define WORLD_FAILED_WAIT 5.0

/* Every process says whether its last command failed and whether it is about to exit; each
 * learns what all said. A process that failed passes a timeout in seconds (the others may be
 * waiting in a collective it left, and never vote): then answered is 0. 0: wait as long as it
 * takes. Alone: the process's own vote. */
static inline struct replica_vote world_vote(const struct replica *w, int failed, int leaving,
                                             double timeout)
{
    if (w->size <= 1)
        return (struct replica_vote){1, failed, failed ? 0 : -1, leaving};
    return w->group->ops->vote(w->group, failed, leaving, timeout);
}

/* Ends every process of the world with status (MPI_Abort): for a process that cannot reach
 * the others. Returns only when alone. The mechanism lives here beside MPI; the decision is
 * main's, its only caller (which flushes what was printed first): nothing below src/ui and
 * main calls it. */
static inline void world_abort(const struct replica *w, int status)
{
    if (w->size > 1)
        w->group->ops->abort(w->group, status);
}

#endif
