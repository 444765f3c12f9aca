#!/bin/sh
# peer.sh: attnlab's GPT-2 tokenizer against the gpt-3-encoder npm package's encoder on
# 3,000 random texts (mixed scripts, whitespace, punctuation). Skips (77) without node, the
# package (npm install -g gpt-3-encoder@1.1.4) or GPT-2's files in ../shared/data.
top=${top_srcdir:-.}
dir="$top/../shared/data/gpt2-tokenizer"
if [ ! -r "$dir/encoder.json" ]; then
    echo "peer.sh: SKIP: no GPT-2 tokenizer files at $dir"; exit 77
fi
if ! command -v node >/dev/null 2>&1; then
    echo "peer.sh: SKIP: node is not installed"; exit 77
fi
NODE_PATH="${NODE_PATH:+$NODE_PATH:}$(npm root -g 2>/dev/null)"; export NODE_PATH
if ! node -e "require('gpt-3-encoder')" >/dev/null 2>&1; then
    echo "peer.sh: SKIP: the gpt-3-encoder package is missing (npm install -g gpt-3-encoder@1.1.4)"
    exit 77
fi
./tests/gpt2/peer_ids "$dir" 16 3000 | node "$top/tests/gpt2/peer.js"
