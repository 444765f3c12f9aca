#!/bin/sh
# replay.sh: make check's replay of the fuzz regressions: every tests/fuzz/replay-NAME built
# beside attnlab runs over tests/fuzz/regressions/NAME/ and tests/fuzz/seeds/NAME/ (those
# that exist). A crash, a sanitizer report or an invariant that fails is a test failure.
if [ -z "$ATTNLAB" ] || [ -z "$top_srcdir" ]; then
    echo "replay.sh: run me from make check (ATTNLAB, top_srcdir)" >&2
    exit 99
fi
build=$(dirname "$ATTNLAB")/tests/fuzz
status=0
found=0
for bin in "$build"/replay-*; do
    [ -x "$bin" ] || continue
    found=1
    name=${bin##*/replay-}
    set --
    for d in "$top_srcdir/tests/fuzz/regressions/$name" "$top_srcdir/tests/fuzz/seeds/$name"; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    [ $# -gt 0 ] || continue
    "$bin" "$@" || { echo "FAIL: $name" >&2; status=1; }
done
[ $found = 1 ] || { echo "replay.sh: no replay-* programs in $build" >&2; exit 99; }
exit $status
