#!/bin/sh
# tests/tmux/basic.sh: the notebook starts, runs typed commands as cells, completes with
# Tab, shows help, reads a model block over several lines, survives Ctrl-C at the prompt
# and resizes, keeps history, quits with the terminal restored (also when killed), opens a
# lesson file as cells, and falls back to the line REPL with TERM=dumb.
set -u
. "${top_srcdir:-.}/tests/tmux/lib.sh"

start "'$ATTNLAB'"
wait_for 'attnlab>'
wait_for 'Notebook'
wait_for 'F1 help'

type_line 'echo "hello notebook"'
wait_for '^In \[1\]: echo "hello notebook"'
wait_for '^hello notebook'

# Tab: a unique command completes; an option completes with its '='; a list shows choices.
keys -l 'ech'
keys Tab
wait_for 'attnlab> echo$'
keys C-u
keys -l 'set se'
keys Tab
wait_for 'attnlab> set seed=$'
keys C-u
keys -l 's'
keys Tab
# the list of choices: a line of nothing but the commands that start with s
wait_for '^(s[a-z]+  +)+summary(  +s[a-z]+)* *$'
keys C-u

# Help, closed by any key.
keys F1
wait_for 'attnlab notebook keys'
keys x
wait_gone 'attnlab notebook keys'

# A model block over several lines becomes one cell.
type_line 'model tiny'
wait_for '\.\.\.>$'
type_line '  embedding 8'
type_line 'end'
wait_for '^In \[2\]: model tiny'
wait_for 'attnlab>$'

# Ctrl-C at the prompt drops the line and does not end the program.
keys -l 'half typed'
wait_for 'attnlab> half typed'
keys C-c
wait_gone 'attnlab> half typed'
[ "$(T list-panes -t "$S" -F '#{pane_dead}')" = 0 ] || fail "Ctrl-C ended the notebook"

# Too small, then large again: the cells are still there.
T resize-window -t "$S" -x 30 -y 8
wait_for 'Terminal too small'
T resize-window -t "$S" -x 90 -y 26
wait_for '^hello notebook'
wait_for 'F1 help'

# Scrolling: PgUp marks the pane scrolled, End on an empty line follows the output again.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do type_line "echo \"line $i\""; done
wait_for '^line 12'
keys PPage
wait_for 'scrolled'
keys End
wait_gone 'scrolled'

type_line 'quit'
wait_restored 0
grep -q 'echo "hello notebook"' "$WORK/history" || fail "history was not saved"

# A fatal signal restores the terminal too.
start "'$ATTNLAB'"
wait_for 'attnlab>'
kill -TERM "$(app_pid)"
wait_restored 143

# A lesson opens as cells; an empty line (or F5) runs the next one.
printf '# first\necho "one"\necho "two"\n' > "$WORK/lesson.lab"
start "'$ATTNLAB' '$WORK/lesson.lab'"
wait_for '^Next>: # first'
keys Enter
wait_for '^one'
wait_for '^Next>: echo "two"'
keys F5
wait_for '^two'
keys C-d
wait_restored 0

# TERM=dumb: the line REPL, no full screen.
start env TERM=dumb "'$ATTNLAB'"
wait_for '^attnlab>'
type_line 'echo "plain mode"'
wait_for '^plain mode'
screen | grep -q 'F1 help' && fail "TERM=dumb started the full-screen notebook"
type_line 'quit'
wait_restored 0
exit 0
