"""The PyTorch round trip of one exported model (tests/torch/roundtrip.sh runs it).

    roundtrip.py check EXPORT.safetensors ATTNLAB_LOGITS IDS...
        reads the header (plain Python), builds the same architecture in PyTorch, loads the
        tensors and checks its logits on IDS against attnlab's within 1e-5 (relative to the
        largest logit).
    roundtrip.py change EXPORT.safetensors OUT.safetensors TORCH_LOGITS IDS...
        changes every weight in PyTorch, saves them under the same names, and writes its new
        logits, for attnlab to import and match.
"""
import sys

import torch

from attnlab_torch import AttnlabModel, read_safetensors, write_safetensors


def load(path):
    meta, tensors = read_safetensors(path)
    for key in ("format", "attnlab.layers", "attnlab.vocab", "attnlab.context"):
        assert key in meta, f"{path}: no {key} in __metadata__"
    model = AttnlabModel(meta)
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    assert not missing and not unexpected, (missing, unexpected)
    return meta, model


def logits(model, ids):
    with torch.no_grad():
        return model.double()(torch.tensor([ids]))[0].float()


def read_logits(path):
    with open(path) as f:
        return torch.tensor([[float(x) for x in line.split()] for line in f])


def compare(ours, theirs, what):
    err = (ours - theirs).abs().max().item() / theirs.abs().max().item()
    print(f"{what}: {tuple(theirs.shape)} logits, largest difference {err:.2e} of the largest logit")
    if not err <= 1e-5:
        sys.exit(f"FAIL: {what}: relative difference {err:.2e} > 1e-5")


def main():
    mode, src = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    meta, model = load(src)
    if mode == "check":
        ids = [int(x) for x in sys.argv[4:]]
        compare(logits(model, ids), read_logits(sys.argv[3]), f"{src}: PyTorch vs attnlab")
    else:
        out, dest, ids = sys.argv[3], sys.argv[4], [int(x) for x in sys.argv[5:]]
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1.5).add_(0.05 * torch.randn_like(p))
        state = {k: v.float() for k, v in model.state_dict().items()}
        write_safetensors(out, meta, state)
        _, again = load(out)  # what was written reads back
        with open(dest, "w") as f:
            for row in logits(again, ids).tolist():
                f.write(" ".join(f"{x:.9g}" for x in row) + "\n")


if __name__ == "__main__":
    main()
