# src/core: tensors' memory, the BLAS door, kernels, the RNG, statuses, UTF-8, strings.
libattnlab_a_SOURCES += \
	src/core/status.c src/core/status.h \
	src/core/arena.c src/core/arena.h \
	src/core/rng.c src/core/rng.h \
	src/core/matmul.c src/core/matmul.h \
	src/core/kernels.c src/core/kernels.h \
	src/core/pool.c src/core/pool.h \
	src/core/replica.c src/core/replica.h src/core/world.h \
	src/core/utf8.c src/core/utf8.h \
	src/core/strbuf.c src/core/strbuf.h \
	src/core/atomic_file.c src/core/atomic_file.h \
	src/core/memory.c src/core/memory.h src/core/interrupt.h
# The world of processes: over MPI with configure --with-mpi, else a process alone.
if MPI
libattnlab_a_SOURCES += src/core/replica_mpi.c
else
libattnlab_a_SOURCES += src/core/world_alone.c
endif
EXTRA_DIST += src/core/replica_mpi.c src/core/world_alone.c

check_PROGRAMS += tests/check_core
TESTS += tests/check_core
tests_check_core_SOURCES = tests/check_core.c
tests_check_core_CFLAGS = $(TEST_CFLAGS)
# strbuf's out-of-memory test makes the code under test's realloc fail on demand.
tests_check_core_LDFLAGS = -Wl,--wrap=realloc
tests_check_core_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/check_parallel
TESTS += tests/check_parallel
tests_check_parallel_SOURCES = tests/check_parallel.c
tests_check_parallel_CFLAGS = $(TEST_CFLAGS)
tests_check_parallel_LDADD = $(TEST_LIBS)
