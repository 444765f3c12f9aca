# src/core: tensors' memory, the BLAS door, kernels, the RNG, statuses.
libattnlab_a_SOURCES += \
	src/core/status.c src/core/status.h \
	src/core/arena.c src/core/arena.h \
	src/core/rng.c src/core/rng.h \
	src/core/matmul.c src/core/matmul.h \
	src/core/kernels.c src/core/kernels.h \
	src/core/memory.c src/core/memory.h src/core/interrupt.h

check_PROGRAMS += tests/check_core
TESTS += tests/check_core
tests_check_core_SOURCES = tests/check_core.c
tests_check_core_CFLAGS = $(TEST_CFLAGS)
tests_check_core_LDADD = $(TEST_LIBS)
