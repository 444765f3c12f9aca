#!/bin/sh
# Nothing lost by accident: in the notebook, `quit` (and Ctrl-D) with trained steps that no
# file holds says so and stays; a second one goes. After `save model`, quit goes at once.
. "$(dirname "$0")/lib.sh"
top=$(cd "${top_srcdir:-.}" && pwd)
cd "$WORK" || exit 99
train() {
    type_line "load \"$top/corpora/add.txt\""
    wait_for 'tokens in the vocabulary'
    type_line 'model a context=8'
    type_line 'embedding 4'
    type_line 'output'
    type_line 'end'
    type_line 'compile batch=2'
    type_line 'step 3 seq=8'
    wait_for 'a trained: steps 1..3'
}

start "'$ATTNLAB'"
wait_for 'attnlab>'
train
type_line 'quit'
wait_for 'a has 3 training steps that are not saved'
sleep 0.3
[ -f "$WORK/status" ] && fail "the first quit left although model a was not saved"
type_line 'quit'
wait_restored 0

start "'$ATTNLAB'"
wait_for 'attnlab>'
train
keys C-d
wait_for 'a has 3 training steps that are not saved'
keys C-d
wait_restored 0

start "'$ATTNLAB'"
wait_for 'attnlab>'
train
type_line 'save model "a.ckpt"'
wait_for 'saved model a'
type_line 'quit'
wait_restored 0
[ -s "$WORK/a.ckpt" ] || fail "save model wrote nothing"
exit 0
