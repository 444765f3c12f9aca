/* world_alone.c: world.h in a build without MPI. Every process is alone; one started by a
 * launcher among others says so and stops, since each would train the whole model alone and
 * write the same files. */
#include "core/world.h"

#include <stdlib.h>

/* The first of an MPI launcher's variables that is set, as a number; 0 when none is. */
static long launcher_value(const char *const *vars)
{
    for (int i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strtol(v, NULL, 10);
    }
    return 0;
}

enum al_status world_join(int *argc, char ***argv, int asked, struct replica *out,
                          struct al_error *err)
{
    (void)argc;
    (void)argv;
    static const char *const sizes[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", NULL};
    static const char *const ranks[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", NULL};
    long n = launcher_value(sizes);
    /* the rank, so that one process only says what is wrong */
    *out = (struct replica){NULL, (int)launcher_value(ranks), 1};
    if (asked)
        return al_fail(err, AL_EINVAL,
                       "--mpi: this attnlab was built without MPI; build it with ./configure "
                       "--with-mpi (apt-get install libopenmpi-dev openmpi-bin)");
    if (n > 1)
        return al_fail(err, AL_EINVAL,
                       "started by mpirun as one of %ld processes, but this attnlab was built "
                       "without MPI: each would train alone; build it with ./configure "
                       "--with-mpi (apt-get install libopenmpi-dev openmpi-bin)",
                       n);
    return AL_OK;
}

void world_leave(struct replica *w)
{
    *w = (struct replica){NULL, 0, 1};
}

const char *world_library(void)
{
    return NULL;
}
