# make check-valgrind: the script tests (tests/scripts/*.lab and the error catalogue) under
# valgrind memcheck; any error or leak fails (--error-exitcode, --errors-for-leak-kinds).
# The lessons run through tests/valgrind-lessons.sh, their training cut short: at full
# length memcheck would take hours for each.
VALGRIND_FLAGS = --quiet --error-exitcode=98 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --suppressions=$(abs_top_srcdir)/tests/valgrind.supp
check-valgrind: attnlab
	@if test -z "$(VALGRIND)"; then echo "check-valgrind needs valgrind: apt-get install valgrind" >&2; exit 1; fi
	$(MAKE) $(AM_MAKEFLAGS) check \
	  TESTS="$(filter-out tests/scripts/lesson_%.lab,$(filter %.lab,$(TESTS))) tests/valgrind-lessons.sh" \
	  TEST_SUITE_LOG=test-suite-valgrind.log \
	  TESTS_ENVIRONMENT="ATTNLAB_WRAPPER='$(VALGRIND) $(VALGRIND_FLAGS)'; export ATTNLAB_WRAPPER;"
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind.mk tests/valgrind.supp tests/valgrind-lessons.sh
# In make check too (a second, without valgrind): the cut lessons must keep running.
TESTS += tests/valgrind-lessons.sh

# The reliability regressions (check_reliability.c: one per defect found) and the bad-file catalogue.
check_PROGRAMS += tests/check_reliability
TESTS += tests/check_reliability tests/bad-files.sh
tests_check_reliability_SOURCES = tests/check_reliability.c
tests_check_reliability_CFLAGS = $(TEST_CFLAGS)
tests_check_reliability_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/bad-files.sh tests/bad-files.out
