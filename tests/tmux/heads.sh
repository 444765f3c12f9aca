#!/bin/sh
# tests/tmux/heads.sh: the all-heads overview at 160x50 and the notebook's zoom into one of
# its small multiples. `attention "..." layer=all` on a model of 12 blocks of 12 heads (GPT-2
# small's grid) draws every layer by every head; F4 opens it over the whole screen with
# every layer and head labelled; arrows choose a head (the title says which); Enter shows
# that head alone as a full heatmap with its token labels (every row); Esc goes back to the
# overview, then closes it. `heads view=grid` opens the same way. Waits for screen states,
# never fixed times.
set -u
. "${top_srcdir:-.}/tests/tmux/lib.sh"

corpus=$(cd "$top_srcdir" && pwd)/corpora/english.txt
[ -f "$corpus" ] || { echo "SKIP: $corpus is missing"; exit 77; }
cat > "$WORK/lesson.lab" <<LAB
load "$corpus" tokenizer=char
model big context=32
  embedding 24
  position learned
  block 12 heads=12 ff=48
  output
end
compile optimizer=adamw lr=3e-3 batch=2
attention "the cat sat on the" layer=all
LAB
start "'$ATTNLAB' '$WORK/lesson.lab'"
T resize-window -t "$S" -x 160 -y 50
wait_for '^Next>: load'
for i in 1 2 3 4; do keys F5; done
wait_for 'big, step 0: every head \| 12 layers x 12 heads, 18 tokens' 60
wait_for 'F4: zoom into one head'

# wait_row L R PATTERN: polls until row R (from 0) of the band of layer L matches PATTERN
# (3 rows a layer from screen row 3); a large screen may be read half drawn, so nothing is
# checked only once
wait_row() {
    i=0
    while [ "$i" -lt 100 ]; do
        screen | sed -n "$((3 + 3 * ($1 - 1) + $2 + 1))p" | grep -Eq -- "$3" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    fail "row $2 of layer $1 is not '$3'"
}
keys F4 # the overview, redrawn to the whole screen
wait_for 'Every head: layer 1 head 1 chosen'
wait_for '^ +h1 +h2 +h3 +h4 +h5 +h6 +h7 +h8 +h9 +h10 +h11 +h12$'
for l in 1 2 3 4 5 6 7 8 9 10 11 12; do
    wait_for "^L$l +[^ ]"
done
# the panels are wide enough to read: 12 columns each (160 columns for 12 heads); the chosen
# one is framed (its last row is full: every key is unmasked there)
wait_row 1 2 '^ {3}┃[^ ]{12}┃[^ ]{12} '

keys Right Right Down Down Down Left
wait_for 'Every head: layer 4 head 2 chosen'
wait_row 4 2 '^ {4}[^ ]{12}┃[^ ]{12}┃[^ ]{12} ' # the frame followed
keys Enter # that head alone, with its labels
wait_for 'Layer 4 head 2: big block4, head 2, step 0, 18 tokens'
r=0
for ch in t h e · c a t · s a t · o n · t h e; do
    wait_for "^$ch +$r│" # every row, labelled
    r=$((r + 1))
done
wait_for '^ *t h e · c a t · s a t · o n · t h e$' # the keys, labelled
keys Right # the next head, still alone
wait_for 'Layer 4 head 3: big block4, head 3'
keys Escape
wait_for 'Every head: layer 4 head 3 chosen'
keys Escape
wait_gone 'Every head'
wait_for 'Notebook'

# typing works again, and the view opens from heads view=grid too
type_line 'heads view=grid length=8'
wait_for 'big: every head on a repeated random probe' 60
keys F4
wait_for 'Every head: layer 1 head 1 chosen'
keys Enter
wait_for 'Layer 1 head 1: big block1, head 1, step 0, 16 tokens'
keys q
wait_gone 'Layer 1 head 1'
wait_for 'Notebook'
keys C-d
wait_restored 0
exit 0
