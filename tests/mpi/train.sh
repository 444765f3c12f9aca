#!/bin/sh
# Data-parallel training among processes gives the numbers of one process with as many
# threads, bit for bit: mpirun -np 2 (one thread each) trains 50 steps with a global batch
# of 16, validating on the way, then evaluates and saves; one process with 2 threads runs
# the same script. The two checkpoints (parameters, Adam's moments, the RNG and the losses
# of every step, as raw float32) must be equal byte for byte, and so must the printed
# output (but for times and the words about threads). Then a single process loads the
# checkpoint that rank 0 wrote and trains 10 more steps: its checkpoint must equal the one
# the two processes wrote after the same 10 steps. For the transformer, and for the seed's
# model (embedding 16 -> LSTM 64 -> output, adam) with dropout drawing on the RNG; and with
# three processes (whose gradients are summed in rank order by attnlab itself, not by
# MPI_Allreduce) against three threads.
set -eu
. "${top_srcdir:-.}/tests/mpi/lib.sh"

transformer='model m context=32
  embedding 32
  position learned
  block 2 heads=4
  layernorm
  output
end
compile optimizer=adamw lr=3e-3 clip=1 batch=BATCH'
lstm='model m context=32
  embedding 16
  lstm 64
  dropout 0.1
  output
end
compile optimizer=adam lr=5e-3 batch=BATCH'

check() { # kind processes batch
    kind=$1 np=$2 batch=$3
    eval "spec=\$$kind"
    spec=$(printf '%s' "$spec" | sed "s/BATCH/$batch/")
    cat >train.lab <<EOS
set seed=7
load "$top/corpora/english.txt"
$spec
step 50 seq=32 eval_every=25 eval_batches=4
evaluate batches=4
save model "50.ckpt"
step 10 seq=32
save model "60.ckpt"
EOS
    mkdir -p mpi one resumed
    cp train.lab mpi/ && cp train.lab one/ # files are saved beside the script
    (cd mpi && mpi_run -np "$np" "$ATTNLAB" --batch train.lab >out 2>err) ||
        { echo "FAIL: $kind: mpirun -np $np failed" >&2; cat mpi/out mpi/err >&2; exit 1; }
    (cd one && ATTNLAB_THREADS=$np "$ATTNLAB" --batch train.lab >out 2>err) ||
        { echo "FAIL: $kind: one process failed" >&2; cat one/err >&2; exit 1; }
    for f in 50.ckpt 60.ckpt; do
        cmp mpi/$f one/$f || {
            echo "FAIL: $kind: $f of $np processes differs from that of $np threads" >&2
            cat mpi/out one/out >&2
            exit 1
        }
    done
    normalise mpi/out >mpi/norm
    normalise one/out >one/norm
    diff -u one/norm mpi/norm || { echo "FAIL: $kind: the outputs differ" >&2; exit 1; }
    grep -q "tokens/s over $np processes" mpi/out ||
        { echo "FAIL: $kind: no 'tokens/s over $np processes' in the summary" >&2; exit 1; }
    if [ "$np" = 2 ]; then
        printf 'load "%s/corpora/english.txt"\nload model "../mpi/50.ckpt"\nstep 10 seq=32\nsave model "60.ckpt"\n' \
            "$top" >resumed/resume.lab
        (cd resumed && ATTNLAB_THREADS=2 "$ATTNLAB" --batch resume.lab >out 2>&1) ||
            { echo "FAIL: $kind: resuming failed" >&2; cat resumed/out >&2; exit 1; }
        cmp mpi/60.ckpt resumed/60.ckpt || {
            echo "FAIL: $kind: rank 0's checkpoint does not resume exactly in one process" >&2
            exit 1
        }
    fi
    last=$(grep 'trained: steps 1\.\.50' mpi/out | sed 's/, [0-9.]*s, .*//')
    echo "ok: $kind, $np processes = $np threads, bit for bit ($last)"
    rm -rf mpi one resumed
}

check transformer 2 16
check lstm 2 16
check transformer 3 18
