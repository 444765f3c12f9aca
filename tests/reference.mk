# tests/reference.mk: the compute core against PyTorch reference data. tests/reference/
# ships one forward case (gpt-tiny: logits, loss, attention) that every clone runs; the full
# cases (gradients, AdamW, SGD) live outside the repository, in
# $(top_srcdir)/../shared/data/reference. Without them only the shipped case runs, and under
# CI (CI=true) the test fails.
check_PROGRAMS += tests/check_reference
TESTS += tests/check_reference
tests_check_reference_SOURCES = tests/check_reference.c
tests_check_reference_CFLAGS = $(TEST_CFLAGS)
tests_check_reference_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/reference
