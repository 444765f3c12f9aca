#!/bin/sh
# valgrind-lessons.sh: every bundled lesson (corpora/lessons/*.lab but inside-gpt2.lab, which
# tests/gpt2/lesson.sh runs) under $ATTNLAB_WRAPPER (make check-valgrind: valgrind memcheck)
# with its training cut short. Under memcheck a training step costs some 300 times more than
# without: lesson 4's 1,500 steps alone would take about nine hours. The cut copies run the
# same commands in the same order (every step 12 steps, every fit one epoch of
# windows 32 tokens apart, validation every 4 steps, replay over every frame), so they reach
# the same code; their output differs from the lessons' goldens (make check compares those),
# so a lesson passes here when it exits 0 and valgrind reports nothing (exit 98 otherwise).
# make check runs it without a wrapper too, so that the cut copies keep running as the lessons
# change. Needs ATTNLAB (the binary) in the environment, as make check sets it.
if [ -z "$ATTNLAB" ] || [ ! -x "$ATTNLAB" ]; then
    echo "valgrind-lessons.sh: set ATTNLAB to the attnlab binary" >&2
    exit 99
fi
top=$(cd "${top_srcdir:-.}" && pwd) || exit 99
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpora/lessons" || exit 99
for f in "$top"/corpora/*; do
    [ "$f" = "$top/corpora/lessons" ] || ln -s "$f" "$work/corpora/" || exit 99
done
failed=0
for lesson in "$top"/corpora/lessons/*.lab; do
    name=$(basename "$lesson")
    [ "$name" = inside-gpt2.lab ] && continue
    sed -E -e 's/^([[:space:]]*step) [0-9]+/\1 12/' -e 's/eval_every=[0-9]+/eval_every=4/' \
        -e 's/epochs=[0-9]+/epochs=1/' -e 's/ stride=[0-9]+/ stride=32/' \
        -e 's/^([[:space:]]*replay)( .*)?$/\1/' "$lesson" >"$work/corpora/lessons/$name" || exit 99
    (cd "$work/corpora/lessons" && $ATTNLAB_WRAPPER "$ATTNLAB" --batch "$name") \
        </dev/null >"$work/out" 2>&1
    status=$?
    if [ "$status" -eq 0 ]; then
        echo "ok: $name"
    else
        echo "FAIL: $name (exit $status; 98: valgrind found errors or leaks):"
        cat "$work/out"
        failed=$((failed + 1))
    fi
done
[ "$failed" -eq 0 ]
