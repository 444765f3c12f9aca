#!/bin/sh
# The command-line deploy: `attnlab generate --model` and `attnlab evaluate --model` print
# byte for byte what the same commands print in a session after `load model` (a language
# model and a classifier), and bad arguments exit 2 with the usage.
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
top=$(cd "${top_srcdir:-.}" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ATTNLAB" --batch -e "load \"$top/corpora/english.txt\"" -e 'model lm context=32
  embedding 32
  position learned
  block 2 heads=4
  layernorm
  output
end' -e 'compile lr=3e-3 batch=8' -e 'step 30 seq=32' -e 'save model "lm.ckpt"' >/dev/null
"$ATTNLAB" --batch -e "load \"$top/corpora/sentiment.tsv\" tokenizer=word" -e 'model cls
  embedding 16
  lstm 16
  classify
end' -e 'compile batch=16' -e 'step 20 seq=16' -e 'save model "cls.ckpt"' >/dev/null

# generate: sampled with a seed, sampled from the checkpoint's own random numbers, greedy
same() { # $1: deploy arguments (eval'd), $2: the session command
    eval "\"\$ATTNLAB\" $1" >cli.out || fail "attnlab $1 exited $?"
    "$ATTNLAB" --batch -e "load model \"$3\"" -e "$2" | tail -n +2 >session.out
    cmp cli.out session.out || { diff cli.out session.out >&2; fail "attnlab $1 differs from '$2'"; }
    [ -s cli.out ] || fail "attnlab $1 printed nothing"
}
same 'generate --model lm.ckpt --length 80 --temperature 0.8 --seed 9 "The \"old\" "' \
    'generate "The \"old\" " length=80 temperature=0.8 seed=9' lm.ckpt
same 'generate --model lm.ckpt --length 40 --top-k 5 "and"' \
    'generate "and" length=40 top_k=5' lm.ckpt
same 'generate --model lm.ckpt --temperature 0 "a"' 'generate "a" temperature=0' lm.ckpt
same "evaluate --model lm.ckpt \"$top/corpora/english.txt\"" \
    "evaluate \"$top/corpora/english.txt\"" lm.ckpt
same "evaluate --model cls.ckpt --seq 16 \"$top/corpora/sentiment.tsv\"" \
    "evaluate \"$top/corpora/sentiment.tsv\" seq=16" cls.ckpt
grep -q 'confusion matrix' cli.out || fail "the classifier's evaluation has no confusion matrix"

# bad arguments: exit 2 and the usage; a bad model: exit 1
bad() {
    set +e
    eval "\"\$ATTNLAB\" $1" >out.txt 2>err.txt
    rc=$?
    set -e
    [ "$rc" = "$2" ] || fail "attnlab $1 exited $rc, not $2"
    [ "$2" = 1 ] || grep -q '^Usage: attnlab generate' err.txt || fail "attnlab $1: no usage"
}
bad 'generate "x"' 2
bad 'generate --model lm.ckpt' 2
bad 'generate --model lm.ckpt --length 0 "x"' 2
bad 'generate --model lm.ckpt --length 2.5 "x"' 2
bad 'generate --model lm.ckpt --temperature hot "x"' 2
bad 'generate --model lm.ckpt --seq 3 "x"' 2
bad 'generate --model lm.ckpt --nonsense "x"' 2
bad 'evaluate --model lm.ckpt' 2
bad 'evaluate --model lm.ckpt a b' 2
bad 'generate --model missing.ckpt "x"' 1
bad 'generate --model /etc/passwd "x"' 1
bad 'generate --model lm.ckpt "\\xff"' 1

# a diverged model (plain SGD at lr=10 blows it up; training stops at the first non-finite
# step, saving keeps what is left): both commands refuse it instead of printing garbage
"$ATTNLAB" --batch --keep-going -e "load \"$top/corpora/add.txt\"" -e 'set seed=1' -e 'model d context=8
  embedding 8
  dense 64 activation=relu
  dense 64 activation=relu
  output
end' -e 'compile optimizer=sgd lr=10 batch=4' -e 'step 100' -e 'save model "d.ckpt"' \
    >/dev/null 2>&1 || true
[ -s d.ckpt ] || fail "the diverged model was not saved"
for args in 'generate --model d.ckpt "12+"' "evaluate --model d.ckpt \"$top/corpora/add.txt\""; do
    st=0
    eval "\"\$ATTNLAB\" $args" >out.txt 2>err.txt || st=$?
    [ "$st" = 1 ] || fail "attnlab $args on a diverged model exited $st, not 1"
    grep -q 'the model has diverged: its outputs' err.txt || { cat err.txt >&2; fail "attnlab $args: no divergence message"; }
    [ ! -s out.txt ] || fail "attnlab $args printed output from a diverged model"
done
echo "ok: the deploy commands print what the session prints"
