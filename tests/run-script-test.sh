#!/bin/sh
# run-script-test.sh FILE.lab: runs attnlab on a script and compares what it wrote (stdout
# and stderr together) and its exit status with FILE.out.
#
# Directives on the script's first lines:
#   # args: --keep-going       extra arguments for attnlab (before the file name)
#   # stdin                    feed the script on standard input instead of naming it
#   # tmpdir                   run in a fresh temporary copy of tests/scripts (corpora/'s
#                              files and tests/data/ linked in, corpora/lessons/ copied so
#                              that a lesson's saves stay in the copy), for scripts that
#                              write files
# With ATTNLAB_UPDATE=1 the expected output is (re)written instead of compared.
# What depends on the clock is masked: the time and speed of a training summary
# ("1.2s, 34567 tokens/s" becomes "#.#s, # tokens/s"), the time of fit's epoch lines,
# and the progress lines that long
# commands print at most once a second (dropped).
# Needs ATTNLAB (the binary) in the environment, as make check sets it. ATTNLAB_WRAPPER (make
# check-valgrind sets it to valgrind and its options) runs in front of it.
lab=$1
expected=${lab%.lab}.out
if [ -z "$ATTNLAB" ] || [ ! -x "$ATTNLAB" ]; then
    echo "run-script-test.sh: set ATTNLAB to the attnlab binary" >&2
    exit 99
fi
args=$(sed -n 's/^# args: *//p' "$lab" | head -n 1)
dir=$(dirname "$lab")
base=$(basename "$lab")
actual=$(mktemp) || exit 99
work=
trap 'rm -f "$actual"; [ -z "$work" ] || rm -rf "$work"' EXIT
if grep -q '^# tmpdir' "$lab"; then
    top=$(cd "${top_srcdir:-.}" && pwd) || exit 99
    work=$(mktemp -d) || exit 99
    mkdir -p "$work/tests/scripts" && cp "$lab" "$work/tests/scripts/$base" || exit 99
    mkdir "$work/corpora" && ln -s "$top/tests/data" "$work/tests/data" || exit 99
    for f in "$top"/corpora/*; do
        case "$f" in
        */lessons) cp -R "$f" "$work/corpora/lessons" || exit 99 ;;
        *) ln -s "$f" "$work/corpora/" || exit 99 ;;
        esac
    done
    dir=$work/tests/scripts
fi
(
    cd "$dir" || exit 99
    eval "set -- $args"
    if grep -q '^# stdin' "$base"; then
        $ATTNLAB_WRAPPER "$ATTNLAB" "$@" <"$base"
    else
        $ATTNLAB_WRAPPER "$ATTNLAB" --batch "$@" "$base" </dev/null
    fi
    echo "exit: $?"
) 2>&1 | sed -E -e 's/[0-9]+\.[0-9]s, [0-9]+ tokens\/s$/#.#s, # tokens\/s/' \
    -e 's/^(epoch [0-9]+\/[0-9]+: .*), [0-9]+\.[0-9]s$/\1, #.#s/' \
    -e '/^[^ ]+: (step [0-9]+ \([0-9]+\/[0-9]+\)|generated [0-9]+\/[0-9]+ tokens)/d' >"$actual"
if [ "$ATTNLAB_UPDATE" = 1 ]; then
    cp "$actual" "$expected" && echo "updated $expected"
    exit 0
fi
if [ ! -f "$expected" ]; then
    echo "missing $expected; run with ATTNLAB_UPDATE=1 to create it" >&2
    cat "$actual"
    exit 1
fi
if ! diff -u "$expected" "$actual"; then
    echo "FAIL: $lab (with ATTNLAB_UPDATE=1 the expected output is rewritten)" >&2
    exit 1
fi
exit 0
