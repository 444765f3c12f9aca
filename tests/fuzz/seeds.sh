#!/bin/sh
# seeds.sh SRCDIR NAME DIR: fills the fuzz corpus DIR of target NAME (once, when empty) with
# its seeds: the scripts of tests/ and the lessons for `script`; the corpora, each behind
# the option byte of every tokenizer, for `text` and `tsv`; tests/fuzz/seeds/NAME otherwise.
src=$1 name=$2 dir=$3
mkdir -p "$dir" || exit 1
[ -z "$(ls -A "$dir")" ] || exit 0
with_option_bytes() { # FILE...: each file behind five option bytes (char, word, bpe, word+min_freq, bpe+few merges)
    for f in "$@"; do
        for b in 000 001 002 016 130; do
            { printf "\\$b"; head -c 6000 "$f"; } > "$dir/$b-$(basename "$f")"
        done
    done
}
case $name in
script) cp "$src"/tests/scripts/*.lab "$src"/tests/scripts/errors/*.lab \
           "$src"/corpora/lessons/*.lab "$dir"/ ;;
text) with_option_bytes "$src"/corpora/*.txt "$src"/tests/data/*.txt ;;
tsv) with_option_bytes "$src"/corpora/*.tsv "$src"/tests/data/*.tsv ;;
*) [ -d "$src/tests/fuzz/seeds/$name" ] && cp "$src/tests/fuzz/seeds/$name"/* "$dir"/ ;;
esac
[ -d "$src/tests/fuzz/regressions/$name" ] && cp "$src/tests/fuzz/regressions/$name"/* "$dir"/ 2>/dev/null
exit 0
