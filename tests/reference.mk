# tests/reference.mk: the compute core against PyTorch reference data. The data live outside
# the repository, in $(top_srcdir)/../shared/data/reference; without them the test skips (77).
check_PROGRAMS += tests/check_reference
TESTS += tests/check_reference
tests_check_reference_SOURCES = tests/check_reference.c
tests_check_reference_CFLAGS = $(TEST_CFLAGS)
tests_check_reference_LDADD = $(TEST_LIBS)
