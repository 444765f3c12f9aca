#!/bin/sh
# Exact resume: 100 steps, save model, quit; a new process loads the checkpoint and trains
# 100 more steps. Its checkpoint (parameters, Adam's moments, step counts, the RNG, and the
# 200 losses of the history, all as raw float32) must equal, byte for byte, the checkpoint of
# one process that trained 200 steps, for a transformer and for an LSTM (the seed's model:
# embedding 16 -> LSTM 64 -> output, with dropout to draw on the RNG too).
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
top=$(cd "${top_srcdir:-.}" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

transformer='model m context=32
  embedding 32
  position learned
  block 2 heads=4
  layernorm
  output
end
compile optimizer=adamw lr=3e-3 clip=1 schedule=cosine warmup=20 decay_steps=300 batch=8'
lstm='model m context=32
  embedding 16
  lstm 64
  dropout 0.1
  output
end
compile optimizer=adam lr=5e-3 batch=8'

for kind in transformer lstm; do
    eval "spec=\$$kind"
    head="set seed=7
load \"$top/corpora/english.txt\"
$spec"
    printf '%s\nstep 200 seq=32\nsave model "one.ckpt"\n' "$head" >one.lab
    printf '%s\nstep 100 seq=32\nsave model "half.ckpt"\nquit\n' "$head" >first.lab
    printf 'load "%s/corpora/english.txt"\nload model "half.ckpt"\nstep 100 seq=32\nsave model "two.ckpt"\n' \
        "$top" >second.lab
    "$ATTNLAB" --batch one.lab >one.out
    "$ATTNLAB" --batch first.lab >first.out
    "$ATTNLAB" --batch second.lab >second.out
    if ! cmp one.ckpt two.ckpt; then
        echo "FAIL: $kind: 100 + 100 steps across two processes differ from 200 steps" >&2
        cat one.out second.out >&2
        exit 1
    fi
    # the last training summaries agree too
    a=$(grep 'trained: steps' one.out | sed 's/, [0-9.]*s, .*//; s/steps [0-9]*\.\./steps ../; s/ (mean [0-9.]*)//')
    b=$(grep 'trained: steps' second.out | sed 's/, [0-9.]*s, .*//; s/steps [0-9]*\.\./steps ../; s/ (mean [0-9.]*)//')
    [ "$a" = "$b" ] || { echo "FAIL: $kind: '$a' != '$b'" >&2; exit 1; }
    echo "ok: $kind resumes exactly ($a)"
done
