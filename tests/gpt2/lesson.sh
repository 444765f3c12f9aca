#!/bin/sh
# lesson.sh: the lesson "Inside GPT-2" (corpora/lessons/inside-gpt2.lab) run whole on
# ../shared/data/gpt2-tiny, a random 2-layer GPT-2 in the published layout, given as the
# folder "gpt2" the lesson imports (with GPT-2's tokenizer files beside it); the output must
# be tests/gpt2/lesson.out (ATTNLAB_UPDATE=1 rewrites it). Skips (77) without the data.
top=${top_srcdir:-.}
tiny="$top/../shared/data/gpt2-tiny"
tok="$top/../shared/data/gpt2-tokenizer"
if [ ! -r "$tiny/model.safetensors" ] || [ ! -r "$tok/encoder.json" ]; then
    echo "lesson.sh: SKIP: no gpt2-tiny or gpt2-tokenizer in $top/../shared/data"; exit 77
fi
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
mkdir "$work/gpt2"
for f in "$tiny/config.json" "$tiny/model.safetensors" "$tok/encoder.json" "$tok/vocab.bpe"; do
    ln -s "$(abs "$f")" "$work/gpt2/" || exit 99
done
cp "$top/corpora/lessons/inside-gpt2.lab" "$work/" || exit 99
expected="$top/tests/gpt2/lesson.out"
(cd "$work" && "${ATTNLAB:-attnlab}" --batch inside-gpt2.lab </dev/null; echo "exit: $?") \
    >"$work/actual" 2>&1
if [ "$ATTNLAB_UPDATE" = 1 ]; then
    cp "$work/actual" "$expected" && echo "updated $expected"; exit 0
fi
diff -u "$expected" "$work/actual" || { echo "FAIL: the lesson's output changed"; exit 1; }
