# tests/tmux/lib.sh: drives the real attnlab in a private tmux server (sourced by the
# tests). A fixed 100x30 screen, no user configuration, the screen polled with
# capture-pane instead of fixed sleeps. Exits 77 (skip) without tmux.
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed (.ci/run installs it); the notebook was not tested"
    exit 77
fi
: "${ATTNLAB:?ATTNLAB must name the binary (make check sets it)}"
SOCK="attnlab-test-$$"
S=t
WORK=$(mktemp -d "${TMPDIR:-/tmp}/attnlab-tmux.XXXXXX")
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# start CMD...: a new 100x30 session running CMD under sh, then `stty -a` into $WORK/stty
# once it ends (so that a test can check the terminal was restored). CMD runs through an
# inner sh that writes its pid and execs it, so $WORK/pid is the program's pid (no pgrep:
# a minimal system has no procps).
NSTART=0
start() {
    T kill-server >/dev/null 2>&1 || true
    NSTART=$((NSTART + 1))
    SOCK="attnlab-test-$$-$NSTART" # a fresh server: no race with the one going away
    T new-session -d -s "$S" -x 100 -y 30 "sleep 30" || exit 99
    T set-option -t "$S" remain-on-exit on >/dev/null
    T respawn-pane -k -t "$S" \
        "env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1 ATTNLAB_HISTORY='$WORK/history' sh -c 'echo \$\$ > \"$WORK/pid\"; exec \"\$0\" \"\$@\"' $*; echo \$? > '$WORK/status'; stty -a > '$WORK/stty'"
}
screen() { T capture-pane -p -t "$S"; }
# wait_for PATTERN [SECONDS]: polls the screen until grep -E finds PATTERN.
wait_for() {
    i=0
    while [ "$i" -lt $((${2:-10} * 10)) ]; do
        if screen | grep -Eq -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "FAIL: timeout waiting for '$1'; the screen was:" >&2
    screen >&2
    exit 1
}
# wait_gone PATTERN [SECONDS]: polls until PATTERN is no longer on the screen.
wait_gone() {
    i=0
    while [ "$i" -lt $((${2:-10} * 10)) ]; do
        if ! screen | grep -Eq -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "FAIL: '$1' stayed on the screen:" >&2
    screen >&2
    exit 1
}
keys() { T send-keys -t "$S" "$@"; }
type_line() { T send-keys -t "$S" -l "$1" && T send-keys -t "$S" Enter; }
# The attnlab process of the pane.
app_pid() { cat "$WORK/pid"; }
# wait_restored [STATUS]: the program ended (with STATUS, when given) and the shell found the
# terminal in cooked mode. The pane's shell writes the status before stty -a, so both are
# there once $WORK/stty is.
wait_restored() {
    i=0
    while [ ! -s "$WORK/stty" ] && [ "$i" -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$WORK/stty" ] || fail "the program did not exit"
    if ! grep -Eq '(^| )icanon' "$WORK/stty" || ! grep -Eq '(^| )echo( |$)' "$WORK/stty"; then
        echo "FAIL: the terminal was left in raw mode:" >&2
        cat "$WORK/stty" >&2
        exit 1
    fi
    if [ -n "${1:-}" ] && [ "$(cat "$WORK/status")" != "$1" ]; then
        echo "FAIL: exit status $(cat "$WORK/status"), expected $1" >&2
        exit 1
    fi
    rm -f "$WORK/stty" "$WORK/status"
}
fail() { echo "FAIL: $*" >&2; screen >&2; exit 1; }
