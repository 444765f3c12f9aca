#!/bin/sh
# tests/tmux/train.sh: live training in the notebook: the step counter and the loss plot
# move while `step` runs, Ctrl-C and Esc pause after the current step and `step` carries on,
# a resize during training loses nothing, and `save notebook` and `export` write the cells.
set -u
. "${top_srcdir:-.}/tests/tmux/lib.sh"

corpus=$(cd "$top_srcdir" && pwd)/corpora/english.txt
[ -f "$corpus" ] || { echo "SKIP: $corpus is missing"; exit 77; }
cat > "$WORK/lesson.lab" <<LAB
load "$corpus" tokenizer=char split=0.9
model tiny
  embedding 32
  position learned
  block 1 heads=2 ff=64
  output
end
compile optimizer=adamw lr=3e-3
watch "the cat sat" layer=1 head=1
LAB

# Every wait below is for a screen state that stays until the test acts again: the status
# line, the attention pane's header, the end of the last cell. (A cell's first line scrolls
# out of the notebook pane once training has printed a few lines.)

# The step number in the status line.
# (Retried: a capture can catch the line while curses is rewriting it.)
status_step() {
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        n=$(screen | sed -n 's/.* | step \([0-9][0-9]*\) .*/\1/p' | tail -n 1)
        if [ -n "$n" ]; then echo "$n"; return; fi
        sleep 0.1
    done
}

start "'$ATTNLAB' '$WORK/lesson.lab'"
wait_for '^Next>: load'
for i in 1 2 3 4; do keys F5; done
# the attention pane's header (the watch cell's own heatmap says "row=query" instead)
wait_for 'tiny block1, head 1, step 0 \| rows' 20
wait_for '^attnlab>'

type_line 'step 100000'
wait_for 'running \(Esc pauses\)' 20
wait_for '\| train [0-9]'
a=$(status_step)
plot_a=$(screen | cut -c61-100 | head -n 14)
i=0
while [ "$(status_step)" = "$a" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
b=$(status_step)
[ "$b" -gt "$a" ] || fail "the step counter did not move ($a, $b)"
i=0
while [ "$(screen | cut -c61-100 | head -n 14)" = "$plot_a" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ "$(screen | cut -c61-100 | head -n 14)" != "$plot_a" ] || fail "the loss plot did not change"

# A resize while training: relayout, and training goes on.
T resize-window -t "$S" -x 120 -y 34
wait_for 'running \(Esc pauses\)'
T resize-window -t "$S" -x 100 -y 30
wait_for 'F1 help'

# Ctrl-C pauses after the current step, keeping the model and the notebook.
keys C-c
wait_for "paused: 'step' carries on" 10
[ "$(T list-panes -t "$S" -F '#{pane_dead}')" = 0 ] || fail "Ctrl-C ended the notebook"
# The paused cell says where it stopped; the status line still shows the model.
wait_for 'paused: steps 1\.\.[0-9]+,' 10
paused=$(screen | sed -n 's/.*paused: steps 1\.\.\([0-9][0-9]*\),.*/\1/p' | tail -n 1)
[ -n "$paused" ] || fail "no paused step in the cell"
wait_for "^ tiny \\| step $paused \\| train [0-9]" 10
type_line 'step 5'
wait_for "trained: steps $((paused + 1))\\.\\.$((paused + 5)), loss" 30
wait_for '^In \[6\]: step 5 ' 10
wait_gone 'running \(Esc pauses\)' 10
[ "$(status_step)" = $((paused + 5)) ] || fail "the status line did not reach step $((paused + 5))"

# Esc pauses too.
type_line 'step 100000'
wait_for 'running \(Esc pauses\)' 20
keys Escape
wait_gone 'running \(Esc pauses\)' 10

# 'step' without a count carries on with the steps that were left.
wait_for 'paused with [0-9]+ steps left' 10
type_line 'step'
wait_for 'carrying on: [0-9]+ steps left' 10
wait_for 'running \(Esc pauses\)' 20
keys Escape
wait_gone 'running \(Esc pauses\)' 10

# The cells written back as a lesson, and the transcript as Markdown.
type_line "save notebook \"$WORK/out.lab\""
type_line "export \"$WORK/out.md\""
i=0
while [ ! -s "$WORK/out.md" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
i=0
while [ ! -s "$WORK/out.lab" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '^step 5$' "$WORK/out.lab" || fail "save notebook did not write the cells"
grep -q '^```attnlab$' "$WORK/out.md" || fail "export did not write Markdown"

keys C-d
wait_restored 0
exit 0
