#!/bin/sh
# lesson-repeats.sh: the lessons' golden outputs (tests/scripts/lesson_*.out) must show a
# model that learned: no line of generated text repeats one word more than three times in a
# row ("the the the the" is an under-trained model's greedy decoding). Words are runs of
# letters (ASCII), compared without case; anything else separates them, and a number in
# between breaks a run ("head 1 head 2" in a drawing's title is no repetition).
dir=${top_srcdir:-.}/tests/scripts
status=0
for out in "$dir"/lesson_*.out; do
    awk -v file="$out" '
    {
        prev = ""; run = 0
        line = tolower($0)
        gsub(/[0-9]+/, " # ", line)
        gsub(/[^a-z#]+/, " ", line)
        n = split(line, words, " ")
        for (i = 1; i <= n; i++) {
            w = words[i]
            if (w == "#") { prev = ""; run = 0; continue }
            if (w == prev) run++; else { prev = w; run = 1 }
            if (run > 3) {
                printf "%s:%d: \"%s\" repeats more than three times in a row: %s\n", file, NR, w, $0
                bad = 1
                break
            }
        }
    }
    END { exit bad }' "$out" || status=1
done
exit $status
