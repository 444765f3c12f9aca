#!/bin/sh
# bad-files.sh: the bad-input catalogue for files. Each case makes a bad file in a
# private folder, runs attnlab on it after a good `load`, and shows the exact message, the
# exit status and `data` afterwards (the session still holds the good corpus). The output is
# compared with tests/bad-files.out; with ATTNLAB_UPDATE=1 it is rewritten instead.
# Cases that depend on the machine (unreadable files when running as root, Ctrl-C, an
# address-space limit) are checked inline and only reported on stderr.
if [ -z "$ATTNLAB" ] || [ -z "$top_srcdir" ]; then
    echo "bad-files.sh: run me from make check (ATTNLAB, top_srcdir)" >&2
    exit 99
fi
expected=$(cd "$top_srcdir" && pwd)/tests/bad-files.out
dir=$(mktemp -d) || exit 99
out=$(mktemp) || exit 99
trap 'chmod -R u+rwx "$dir"; rm -rf "$dir" "$out"' EXIT
cd "$dir" || exit 99
printf 'to be or not to be\n' > good.txt

# case NAME LOAD-OPTIONS...: `load` of a bad file between a good load and `data`.
case_load() {
    name=$1
    shift
    echo "== $name"
    "$ATTNLAB" --keep-going -e "load \"good.txt\" tokenizer=word" -e "load $*" -e "data" \
        > case.out 2>&1
    st=$?
    sed '1,2d' case.out
    echo "exit: $st"
}
run() { # NAME COMMAND...: any other command line, its output and status
    name=$1
    shift
    echo "== $name"
    "$@" 2>&1
    echo "exit: $?"
}

{
printf 'pos\tfine\na\0\tx\n' > nul.tsv
case_load "1 NUL byte in a TSV label" '"nul.tsv"'
printf 'abc\ndef\0\n' > nul.txt
case_load "1 NUL byte in a text" '"nul.txt"'
printf ' \n' > blank.txt
case_load "2 a text of no tokens" '"blank.txt" tokenizer=word'
printf 'the and of\n' > stop-only.txt
case_load "2 stop words only" '"stop-only.txt" tokenizer=word stopwords="english"'
case_load "3 /dev/zero" '"/dev/zero"'
case_load "3 stop words from /dev/zero" '"good.txt" tokenizer=word stopwords="/dev/zero"'
run "3 a script from /dev/zero" "$ATTNLAB" --batch /dev/zero
mkfifo fifo
case_load "3 a FIFO with no writer" '"fifo"'
run "3 a script from a pipe" sh -c "echo 'echo \"from a pipe\"' | \"$ATTNLAB\" /dev/stdin"
truncate -s 300M big.txt
case_load "3 a file over 256 MB" '"big.txt"'
run "4 a model over memory_limit" "$ATTNLAB" -e 'load "good.txt"; set memory_limit=1
model m
embedding 512
position learned
block 2 heads=4
layernorm
output
end
compile batch=64'
# (the figure it asks for depends on what the program has mapped at start: masked)
run "6 output to a full disk" sh -c "\"$ATTNLAB\" -e help >/dev/full"
run "6 output closed" sh -c "\"$ATTNLAB\" -e help >&-"
awk 'BEGIN { for (i = 0; i < 1200; i++) printf "l%d\ttext %d\n", i, i }' > labels.tsv
case_load "7 1200 different labels" '"labels.tsv"'
printf 'pos\thi there\rneg\tbad day\r' > cr.tsv
case_load "8 CR-only line ends" '"cr.tsv"'
printf 'caf\351\n' > bad-stop.txt
case_load "8 a stop-word file with invalid UTF-8" '"good.txt" tokenizer=word stopwords="bad-stop.txt"'
long=$(printf 'a%.0s' $(seq 1 200))
case_load "8 a long path" "\"$long/missing.txt\""
mkdir folder
case_load "a folder" '"folder"'
ln -s loop loop
case_load "a symlink loop" '"loop"'
printf '\357\273\277' > bom.txt
case_load "a file of a byte-order mark only" '"bom.txt"'
printf 'a\rb\rc\r' > cr.txt
case_load "a CR-only text" '"cr.txt"'
case_load "/dev/zero read as a TSV" '"/dev/zero" format=tsv'
printf 'label\ttext\npos\tgood day\nneg\tbad day\n' > header.tsv
case_load "a TSV with a header row" '"header.tsv"'
printf 'pos\tgood\nno tab\nneg\t\n\tx\npos\ta\tb\nneg\tcaf\351\npos\tx\0\n' > bad-lines.tsv
case_load "a TSV of every kind of bad line" '"bad-lines.tsv"'
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "word%d ", i % 50; print "" }' > huge-line.txt
case_load "a line of 1.4 MB" '"huge-line.txt" tokenizer=word'
awk 'BEGIN { print "a\tshort"; printf "b\t"; for (i = 0; i < 200000; i++) printf "word%d ", i % 50; print "" }' > huge-line.tsv
case_load "a TSV line of 1.4 MB" '"huge-line.tsv"'
: > empty.txt
case_load "an empty file" '"empty.txt"'
case_load "a missing file" '"missing.txt"'
} >"$out" 2>&1

# Unreadable: as root, chmod 000 does not stop reading, so run as nobody (setpriv) if we can.
# Like the cases above: the message, exit 1, and the good corpus still loaded.
printf 'secret\n' > unreadable.txt
chmod 000 unreadable.txt
unreadable() {
    $1 "$ATTNLAB" --keep-going -e 'load "good.txt" tokenizer=word' -e 'load "unreadable.txt"' \
        -e 'data' 2>&1
    echo "exit: $?"
}
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null 2>&1; then
        chmod 755 "$dir"
        chmod 644 good.txt
        msg=$(unreadable "setpriv --reuid=65534 --regid=65534 --clear-groups")
    else
        msg="skipped"
    fi
else
    msg=$(unreadable "")
fi
want='loaded good.txt: 19 bytes, 6 tokens (5 train, 1 validation)
tokenizer word: 6 tokens in the vocabulary
-e:1:6: error: cannot open unreadable.txt: Permission denied
    load "unreadable.txt"
         ^
file        good.txt
bytes       19
characters  19
lines       1
tokens      6
vocabulary  6 (word)
train       5 tokens
validation  1 tokens
exit: 1'
case $msg in
"$want") ;;
skipped) echo "bad-files.sh: the unreadable-file case needs setpriv when run as root (skipped)" >&2 ;;
*) echo "FAIL: unreadable file:" >&2; echo "$msg" >&2; exit 1 ;;
esac

# An address-space limit too small for OpenBLAS's buffers: a clear refusal, exit 1. Under
# AddressSanitizer (which reserves terabytes of shadow memory) no such limit can run at all.
if grep -q __asan_init "$ATTNLAB" 2>/dev/null; then
    echo "bad-files.sh: the ulimit -v case cannot run under AddressSanitizer (skipped)" >&2
else
    msg=$(sh -c "ulimit -v 100000; OPENBLAS_NUM_THREADS=1 \"$ATTNLAB\" -e help" 2>&1)
    st=$?
    case $st:$msg in
    "1:attnlab: the address-space limit (ulimit -v 100000) is too small for OpenBLAS's buffers with 1 thread: raise it to at least "*", or set OPENBLAS_NUM_THREADS=1") ;;
    *) echo "FAIL: ulimit -v too small: exit $st: $msg" >&2; exit 1 ;;
    esac
fi

# Ctrl-C in a script: the script stops (no "after"), exit 130.
printf 'load "good.txt"\nmodel m context=8\nembedding 8\nlstm 8\noutput\nend\ncompile\nstep 100000000\necho "after"\n' > long.lab
"$ATTNLAB" --batch long.lab > int.out 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q compiled int.out; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill -INT $pid
wait $pid
st=$?
if [ $st != 130 ] || grep -q after int.out || ! grep -q 'attnlab: interrupted' int.out; then
    echo "FAIL: Ctrl-C in a script: exit $st" >&2
    cat int.out >&2
    exit 1
fi

if [ "$ATTNLAB_UPDATE" = 1 ]; then
    cp "$out" "$expected" && echo "updated $expected"
    exit 0
fi
diff -u "$expected" "$out" || { echo "FAIL: bad-files.sh (ATTNLAB_UPDATE=1 rewrites it)" >&2; exit 1; }
