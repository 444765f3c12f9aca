# tests/testlib.mk: what the tests share. tests/testlib.[ch] (source paths, golden files,
# the capture sink, one main) is a library every Check suite links through TEST_LIBS.
check_LIBRARIES = tests/libtestlib.a
tests_libtestlib_a_SOURCES = tests/testlib.c tests/testlib.h
tests_libtestlib_a_CFLAGS = $(TEST_CFLAGS)

# Properties behind the golden scripts (tests/scripts/*.out), asserted so that
# ATTNLAB_UPDATE=1 cannot rewrite them.
check_PROGRAMS += tests/check_claims
TESTS += tests/check_claims
tests_check_claims_SOURCES = tests/check_claims.c
tests_check_claims_CFLAGS = $(TEST_CFLAGS)
tests_check_claims_LDADD = $(TEST_LIBS)

# Every test file in the tree is run: tests/all_listed.sh fails when a tests/scripts/**/*.lab
# (outside parts/, which other scripts include) or a tests/tmux/*.sh is missing from TESTS.
# It asks a fresh make for the list (print-all-tests), so that it sees the whole of TESTS
# even when `make check TESTS=...` narrows the run.
TESTS += tests/all_listed.sh
AM_TESTS_ENVIRONMENT += abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	MAKE='$(MAKE)'; export MAKE;
EXTRA_DIST += tests/all_listed.sh
print-all-tests:
	@echo $(TESTS)
.PHONY: print-all-tests
