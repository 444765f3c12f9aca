#!/bin/sh
# Lesson 8's last step, which a script cannot take: the checkpoint the lesson saved, served
# from a shell by `attnlab generate --model` in a new process, writes byte for byte the
# text the lesson's session generated with the same settings (the command its comment shows).
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
top=$(cd "${top_srcdir:-.}" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir "$dir/lessons"
cp "$top/corpora/lessons/8-save-and-deploy.lab" "$dir/lessons/"
ln -s "$top/corpora/english.txt" "$dir/english.txt"
"$ATTNLAB" --batch "$dir/lessons/8-save-and-deploy.lab" >"$dir/session.out" ||
    fail "the lesson exited $?"
[ -f "$dir/lessons/writer.ckpt" ] || fail "the lesson saved no writer.ckpt"
grep -q 'attnlab generate --model writer.ckpt --length 80 --temperature 0.5 --seed 3 "The sea "' \
    "$dir/lessons/8-save-and-deploy.lab" || fail "the lesson no longer shows the command tested here"
cd "$dir/lessons"
"$ATTNLAB" generate --model writer.ckpt --length 80 --temperature 0.5 --seed 3 "The sea " \
    >"$dir/cli.out" || fail "attnlab generate --model exited $?"
[ -s "$dir/cli.out" ] || fail "attnlab generate --model printed nothing"
n=$(grep -c -x -F -f "$dir/cli.out" "$dir/session.out") || true
[ "$n" = 2 ] || { cat "$dir/cli.out" >&2; fail "the command line's text is not the session's (twice: before and after the reload); found $n"; }
echo "ok: attnlab generate --model writes the lesson's text"
