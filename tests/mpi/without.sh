#!/bin/sh
# A build without MPI (the default) says so when MPI is asked for, and exits 2: under an
# MPI launcher with more processes than one (its environment), with --mpi, and under the
# real mpirun when there is one (where rank 0 alone says it).
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
want='built without MPI'
status=0
out=$(OMPI_COMM_WORLD_SIZE=4 OMPI_COMM_WORLD_RANK=0 "$ATTNLAB" --batch -e 'set' 2>&1) || status=$?
[ "$status" -eq 2 ] && printf '%s' "$out" | grep -q "one of 4 processes, but this attnlab was $want" ||
    { echo "FAIL: under a launcher's environment: exit $status: $out" >&2; exit 1; }
status=0
out=$("$ATTNLAB" --mpi --batch -e 'set' 2>&1) || status=$?
[ "$status" -eq 2 ] && printf '%s' "$out" | grep -q "^attnlab: --mpi: this attnlab was $want" ||
    { echo "FAIL: --mpi: exit $status: $out" >&2; exit 1; }
# one process started by a launcher is simply alone
out=$(OMPI_COMM_WORLD_SIZE=1 "$ATTNLAB" --batch -e 'echo "alone"' 2>&1)
[ "$out" = alone ] || { echo "FAIL: a launcher's single process: $out" >&2; exit 1; }
echo "ok: MPI asked for without MPI: exit 2 and a message"
MPIRUN=${MPIRUN:-$(command -v mpirun || true)}
if [ -n "$MPIRUN" ]; then
    status=0
    out=$(timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -np 2 "$ATTNLAB" --batch \
        -e 'set' 2>&1) || status=$?
    n=$(printf '%s\n' "$out" | grep -c "$want" || true)
    [ "$status" -ne 0 ] && [ "$n" -eq 1 ] ||
        { echo "FAIL: under mpirun: exit $status, $n messages: $out" >&2; exit 1; }
    echo "ok: under mpirun -np 2: the message once, exit $status"
fi
