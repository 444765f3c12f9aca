#!/bin/sh
# Weights to PyTorch and back: attnlab exports a trained transformer and the seed's LSTM
# model (embedding 16 -> LSTM 64 -> output) as safetensors; PyTorch (Debian's python3-torch,
# /usr/bin/python3) builds the same architecture, loads them and must give the same logits
# within 1e-5; then PyTorch changes every weight, saves them with the same names, attnlab
# imports the file, and the logits must match again. Skips (77) without torch.
set -eu
: "${ATTNLAB:?set ATTNLAB to the attnlab binary}"
PY=${ATTNLAB_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "SKIP: PyTorch is not installed for $PY (apt-get install python3-torch)"
    exit 77
fi
top=$(cd "${top_srcdir:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
logits=${ST_LOGITS:-$(dirname "$ATTNLAB")/tests/torch/st_logits}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$ATTNLAB" --batch -e "set seed=3" -e "load \"$top/corpora/english.txt\"" -e 'model gpt context=16
  embedding 32
  position learned
  block 2 heads=4
  layernorm
  output
end' -e 'compile lr=3e-3 batch=8' -e 'step 30 seq=16' -e 'export model "gpt.safetensors"' \
    -e 'model lstm context=16
  embedding 16
  lstm 64
  output
end' -e 'compile lr=3e-3 batch=8' -e 'step 30 seq=16' -e 'export model "lstm.safetensors"' \
    -e 'model sin context=16
  embedding 16
  position sinusoidal
  attention heads=2 causal=off
  dense 24 activation=tanh
  dropout 0.1
  rmsnorm
  layernorm
  output
end' -e 'compile batch=8' -e 'step 5 seq=16' -e 'export model "sin.safetensors"' >/dev/null
ids="3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3"
for m in gpt lstm sin; do
    # shellcheck disable=SC2086
    "$logits" "$m.safetensors" $ids >"$m.attnlab"
    PYTHONPATH=$here "$PY" "$here/roundtrip.py" check "$m.safetensors" "$m.attnlab" $ids
    PYTHONPATH=$here "$PY" "$here/roundtrip.py" change "$m.safetensors" "$m.torch.safetensors" \
        "$m.torch" $ids
    "$logits" "$m.torch.safetensors" $ids >"$m.imported"
    PYTHONPATH=$here "$PY" "$here/roundtrip.py" check "$m.torch.safetensors" "$m.imported" $ids
    "$ATTNLAB" --batch -e "import model \"$m.torch.safetensors\" as=back" >/dev/null
done
echo "ok: the transformer and the LSTM go to PyTorch and back with the same logits"
