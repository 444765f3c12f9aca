#!/bin/sh
# A save killed with SIGKILL at any moment leaves the old checkpoint intact or the new one
# complete: a process saves a model of a few MB again and again (a training step between
# saves, so that every file differs); it is killed at a random moment, eight times, and
# after each kill `load model` must read the file.
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
top=$(cd "${top_srcdir:-.}" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
cat >saver.lab <<EOS
load "$top/corpora/english.txt"
model m context=64
  embedding 128
  position learned
  block 2 heads=4
  layernorm
  output
end
compile batch=2
save model "m.ckpt"
EOS
i=0
while [ $i -lt 400 ]; do
    printf 'step 1 seq=8\nsave model "m.ckpt"\n' >>saver.lab
    i=$((i + 1))
done
"$ATTNLAB" --batch -e 'load "'"$top"'/corpora/english.txt"' -e 'model m
  embedding 4
  output
end' -e 'compile' -e 'save model "m.ckpt"' >/dev/null
kills=0
seed=$$
for round in 1 2 3 4 5 6 7 8; do
    "$ATTNLAB" --batch saver.lab >saver.out 2>&1 &
    pid=$!
    # wait for its first save (the machine may be slow), then kill it a moment later
    waited=0
    while ! grep -q '^saved' saver.out && [ $waited -lt 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    delay=$(awk -v s="$seed" -v r="$round" 'BEGIN { srand(s + r); printf "%.3f", rand() * 0.6 }')
    sleep "$delay"
    if kill -KILL "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    if ! out=$("$ATTNLAB" --batch -e 'load model "m.ckpt"' 2>&1); then
        echo "FAIL: round $round (killed after ${delay}s): $out" >&2
        exit 1
    fi
done
# A temporary file left behind is a save that was killed while writing.
torn=$(find . -name '.m.ckpt.tmp*' | wc -l)
echo "ok: $kills runs killed with SIGKILL ($torn in the middle of writing); the checkpoint loaded every time"
[ "$kills" -ge 4 ] || { echo "FAIL: only $kills of 8 runs were killed in time" >&2; exit 1; }
