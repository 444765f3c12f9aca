#!/bin/sh
# make-dict.sh ATTNLAB: a libFuzzer dictionary for the script target from the command
# reference: every command and option word, "word=" forms, the enum values, the files the
# harness provides, and the language's punctuation.
"$1" --reference | tr -c 'a-z_=' '\n' | grep -E '^[a-z_]{2,}=?$' | sort -u |
    sed 's/.*/"&"/'
for f in a.txt b.tsv c.lab stop.txt; do printf '"\\"%s\\""\n' "$f"; done
# (libFuzzer's escapes are \\, \" and \xAB only)
for p in '\x0A' ';' '$' '#' ' = ' '\"' 'end\x0A' '\x0A  ' '1e-3' '-1' '0.5'; do printf '"%s"\n' "$p"; done
