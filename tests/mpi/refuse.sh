#!/bin/sh
# What attnlab says among processes, and what it refuses:
#  - only rank 0 prints: `set` shows ranks=2 once, `summary` the threads of each process;
#  - a batch that does not divide over the processes is an error that says so;
#  - standard input (which reaches rank 0 only) and the notebook: a message, exit 2;
#  - the one-process commands (attnlab generate --model): a message, exit 2.
set -eu
. "${top_srcdir:-.}/tests/mpi/lib.sh"

cat >show.lab <<EOS
load "$top/corpora/english.txt"
model m context=16
  embedding 8
  output
end
compile batch=6
set
summary
step 2 batch=5
EOS
status=0
mpi_run -np 2 "$ATTNLAB" --batch show.lab >out 2>&1 || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: batch=5 over 2 processes: exit $status" >&2; cat out >&2; exit 1; }
for want in '^seed=42 threads=1 ranks=2 colour=auto glyphs=auto$' \
    '1 thread in each of 2 processes (MPI)$' \
    'show.lab:9:14: error: batch=5 does not divide over the 2 processes of this MPI run'; do
    n=$(grep -c "$want" out || true)
    [ "$n" -eq 1 ] || { echo "FAIL: '$want' printed $n times, not once:" >&2; cat out >&2; exit 1; }
done
echo "ok: rank 0 alone prints; batch=5 refused over 2 processes"

status=0
mpi_run -np 2 "$ATTNLAB" </dev/null >out 2>&1 || status=$?
want='the notebook and standard input run in one process; under mpirun (2 processes)'
[ "$status" -eq 2 ] && [ "$(grep -c "$want" out)" -eq 1 ] ||
    { echo "FAIL: standard input under mpirun: exit $status" >&2; cat out >&2; exit 1; }
echo "ok: standard input and the notebook refused (exit 2)"

status=0
mpi_run -np 2 "$ATTNLAB" generate --model m.ckpt hello >out 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q 'generate --model runs in one process' out ||
    { echo "FAIL: generate --model under mpirun: exit $status" >&2; cat out >&2; exit 1; }
echo "ok: generate --model refused (exit 2)"
