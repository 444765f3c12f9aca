#!/bin/sh
# A run among processes never hangs on a failure, and says what failed:
#  - one process killed with SIGKILL in the middle of training: Open MPI ends the job
#    (every other process waits in a collective that can no longer complete) with a
#    non-zero status and a message naming the rank;
#  - a command that fails on rank 1 alone (a file missing on its machine): its error, with
#    its rank, and every process stops with a failure;
#  - the same while rank 0 is in a training step that waits for rank 1: rank 1 waits a few
#    seconds for a vote that cannot come, shows its error and ends the job (MPI_Abort);
#  - a checkpoint that rank 0 alone (the one that writes) cannot write.
# The test waits for states (the progress of training), not for fixed times, and prints how
# long each run took to end; mpi_run's overall timeout fails it if one hangs.
set -eu
. "${top_srcdir:-.}/tests/mpi/lib.sh"

head="set seed=7
load \"$top/corpora/english.txt\"
model m context=32
  embedding 32
  position learned
  block 2 heads=4
  layernorm
  output
end
compile batch=16"
printf '%s\nstep 100000000 seq=32\n' "$head" >long.lab
printf '%s\nstep 5 seq=32\n' "$head" >ok.lab
sed "s|^load .*|load \"$dir/absent-corpus\"|" ok.lab >missing.lab
printf '%s\nload "%s/absent-corpus"\n' "$head" "$dir" >late.lab
printf '%s\nstep 2 seq=32\nsave model "%s/no/such/folder/m.ckpt"\n' "$head" "$dir" >unwritable.lab

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# expect_failure NAME PATTERN: the last run's status is not 0 and its output has PATTERN
expect_failure() {
    if [ "$status" -eq 0 ]; then
        echo "FAIL: $1: the run exited 0" >&2
        cat out >&2
        exit 1
    fi
    if ! grep -q "$2" out; then
        echo "FAIL: $1: no '$2' in what the run printed:" >&2
        cat out >&2
        exit 1
    fi
    echo "ok: $1: exit $status after ${elapsed}s: $(grep -m1 "$2" out)"
}

# 1. kill -9 of rank 1 while both train
tag="attnlab-fault-$$"
ATTNLAB_FAULT_TAG=$tag
export ATTNLAB_FAULT_TAG
mpi_run -np 2 "$ATTNLAB" --batch long.lab >out 2>&1 &
job=$!
waited=0 # tenths of a second, until rank 0 reports progress (training is under way)
until grep -q '^m: step [0-9]* (' out; do
    if ! kill -0 "$job" 2>/dev/null || [ $waited -ge 3000 ]; then
        echo "FAIL: training did not start" >&2
        cat out >&2
        exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
done
# rank 1: the process whose environment has this test's tag and rank 1
has() { (tr '\0' '\n' <"$1" | grep -qx "$2") 2>/dev/null; }
victim=
for env in /proc/[0-9]*/environ; do
    if has "$env" "ATTNLAB_FAULT_TAG=$tag" && has "$env" 'OMPI_COMM_WORLD_RANK=1'; then
        victim=${env#/proc/}
        victim=${victim%/environ}
    fi
done
[ -n "$victim" ] || { echo "FAIL: rank 1's process was not found" >&2; kill "$job"; exit 1; }
start=$(now)
kill -KILL "$victim"
status=0
wait "$job" || status=$?
elapsed=$(since "$start")
unset ATTNLAB_FAULT_TAG
[ "$status" -ne 124 ] || { echo "FAIL: the run went on after rank 1 was killed" >&2; exit 1; }
expect_failure "rank 1 killed in training" 'rank 1 .*exited on signal 9'

# 2. rank 1 cannot read the data that rank 0 reads
start=$(now)
status=0
mpi_run -np 1 "$ATTNLAB" --batch ok.lab : -np 1 "$ATTNLAB" --batch missing.lab >out 2>&1 ||
    status=$?
elapsed=$(since "$start")
expect_failure "a command failed on rank 1 alone" 'rank 1 of 2: missing.lab:2:6: error: '
grep -q 'rank 1 of 2 failed where the others did not' out ||
    { echo "FAIL: no word of the others" >&2; cat out >&2; exit 1; }

# 3. rank 1 fails while rank 0 waits for it in a training step
start=$(now)
status=0
mpi_run -np 1 "$ATTNLAB" --batch long.lab : -np 1 "$ATTNLAB" --batch late.lab >out 2>&1 ||
    status=$?
elapsed=$(since "$start")
expect_failure "rank 1 failed while rank 0 trains" 'rank 1 of 2: late.lab:11:6: error: '
grep -q 'which wait for it: stopping every process' out ||
    { echo "FAIL: no word of stopping every process" >&2; cat out >&2; exit 1; }

# 4. rank 0, the one that writes, cannot write the checkpoint
start=$(now)
status=0
mpi_run -np 2 "$ATTNLAB" --batch unwritable.lab >out 2>&1 || status=$?
elapsed=$(since "$start")
expect_failure "rank 0 could not save" 'unwritable.lab:12:12: error: '
grep -q 'rank 0 of 2 failed where the others did not' out ||
    { echo "FAIL: no word of rank 0" >&2; cat out >&2; exit 1; }
