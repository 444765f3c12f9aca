#!/bin/sh
# tests/tmux/resize.sh: the notebook follows the terminal's size even when no SIGWINCH
# reaches curses. One that arrives while curses starts (after it read the size, before it
# installed its handler) is lost, and the screen used to be drawn for the old size for the
# rest of the session. Here SIGWINCH is blocked for the whole process (the mask survives
# exec), so only the notebook's own check of the size can notice the new one.
set -u
. "${top_srcdir:-.}/tests/tmux/lib.sh"
command -v perl >/dev/null 2>&1 || { echo "SKIP: perl (to block SIGWINCH) is missing"; exit 77; }

# status_fits COLS: the last row is the status line, drawn for COLS columns ("F1 help " ends
# it; capture-pane drops the trailing blank)
status_fits() {
    i=0
    while [ "$i" -lt 200 ]; do
        last=$(screen | tail -n 1)
        case "$last" in
        " no model"*"F1 help") [ "${#last}" -eq $(($1 - 1)) ] && return 0 ;;
        esac
        sleep 0.1
        i=$((i + 1))
    done
    fail "the status line was not drawn for $1 columns: '$last'"
}

# perl blocks SIGWINCH (its number from perl's own table: POSIX does not name it), then execs
start "perl -MPOSIX -MConfig -e 'my %n; @n{split / /, \$Config{sig_name}} = split / /, \$Config{sig_num}; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(\$n{WINCH})) or exit 126; exec @ARGV or exit 127' '$ATTNLAB'"
wait_for 'F1 help'
status_fits 100
T resize-window -t "$S" -x 80 -y 24
status_fits 80
T resize-window -t "$S" -x 120 -y 40
status_fits 120
type_line 'echo "still answering"'
wait_for '^still answering'
keys C-d
wait_restored 0
exit 0
