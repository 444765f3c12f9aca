# tests/mpi: training among processes (doc/scale-out.md). Built --with-mpi, make check runs
# the real mpirun (skipped without one): the same numbers as threads, bit for bit; exact
# resume of rank 0's checkpoint in one process; failures that end the run, never hang;
# what attnlab refuses among processes. Built without, it checks that attnlab says so.
if MPI
MPI_TESTS = tests/mpi/train.sh tests/mpi/fault.sh tests/mpi/refuse.sh
else
MPI_TESTS = tests/mpi/without.sh
endif
TESTS += $(MPI_TESTS)
AM_TESTS_ENVIRONMENT += MPIRUN='$(MPIRUN)'; export MPIRUN;
EXTRA_DIST += tests/mpi/lib.sh tests/mpi/train.sh tests/mpi/fault.sh tests/mpi/refuse.sh \
	tests/mpi/without.sh doc/scale-out.md

# Only the MPI tests (about a minute), for the --with-mpi pass of .ci/run.
check-mpi:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(MPI_TESTS)'
.PHONY: check-mpi
