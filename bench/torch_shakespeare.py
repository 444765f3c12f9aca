#!/usr/bin/python3
"""torch_shakespeare.py: bench/shakespeare.lab's recipe in PyTorch, timed.

nanoGPT's CPU configuration on tiny Shakespeare, as bench/shakespeare.lab runs it in attnlab:
baby GPT (bench/torch_bench.py's BabyGPT: 4 blocks, 4 heads, width 128, context 64), batch 12,
AdamW lr 1e-3, betas 0.9/0.99, weight decay 0.1 on every parameter (attnlab's AdamW), gradient
norm clipped to 1, attnlab's schedule (linear warm-up over 100 steps from lr/100, cosine decay
to 1e-4 at step 2000); validation on 20 batches of consecutive windows before training and
every 250 steps, on the whole validation split (up to 200 batches) at the end, then 300
sampled characters. Prints the final validation loss; bench/vs_torch.py times the run.

Usage: /usr/bin/python3 bench/torch_shakespeare.py [--threads N] [--steps S] [corpus.txt]
"""
import argparse
import math
import os
import sys

CHILD_MARK = "ATTNLAB_TORCH_SHAKESPEARE_CHILD"
HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description="bench/shakespeare.lab's recipe in PyTorch")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("corpus", nargs="?",
                   default=os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data",
                                                         "tinyshakespeare.txt")))
    return p.parse_args()


ARGS = parse_args()
_want = {"OPENBLAS_NUM_THREADS": str(ARGS.threads), "OMP_NUM_THREADS": str(ARGS.threads)}
if ARGS.threads > 1 and "OMP_WAIT_POLICY" not in os.environ:
    _want["OMP_WAIT_POLICY"] = "passive"
if not os.environ.get(CHILD_MARK) and any(os.environ.get(k) != v for k, v in _want.items()):
    env = dict(os.environ, **_want)
    env[CHILD_MARK] = "1"
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

sys.argv = [sys.argv[0], "--threads", str(ARGS.threads)]  # torch_bench parses its own
sys.path.insert(0, HERE)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch_bench import BabyGPT  # noqa: E402

CONTEXT, BATCH, WARMUP, DECAY, LR, MIN_LR = 64, 12, 100, 2000, 1e-3, 1e-4


def lr_at(step):
    """attnlab's optim_lr_at for the cosine schedule; step counts from 1."""
    if step <= WARMUP:
        return LR * step / WARMUP
    if step >= DECAY:
        return MIN_LR
    progress = (step - WARMUP) / (DECAY - WARMUP)
    return MIN_LR + 0.5 * (1.0 + math.cos(math.pi * progress)) * (LR - MIN_LR)


@torch.no_grad()
def evaluate(model, val, batches):
    """Mean loss over consecutive non-overlapping windows of the validation split, BATCH
    windows a batch, at most `batches` batches (attnlab's evaluate)."""
    model.eval()
    windows = (len(val) - 1) // CONTEXT
    total, rows = 0.0, 0
    for first in range(0, min(windows, batches * BATCH), BATCH):
        idx = torch.arange(first, min(first + BATCH, windows)) * CONTEXT
        rows_idx = idx[:, None] + torch.arange(CONTEXT)
        x, y = val[rows_idx], val[rows_idx + 1]
        logits = model(x)
        total += F.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1),
                                 reduction="sum").item()
        rows += y.numel()
    model.train()
    return total / rows


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(1337)
    with open(ARGS.corpus, encoding="utf-8") as f:
        text = f.read()
    symbols = sorted(set(text))
    index = {ch: i for i, ch in enumerate(symbols)}
    tokens = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    ntrain = int(len(tokens) * 0.9)
    train, val = tokens[:ntrain], tokens[ntrain:]
    model = BabyGPT(len(symbols), CONTEXT)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, betas=(0.9, 0.99), eps=1e-8,
                            weight_decay=0.1)
    print("torch %s, %d threads; step 0: val %.4f" % (torch.__version__, ARGS.threads,
                                                      evaluate(model, val, 20)), flush=True)
    gen = torch.Generator().manual_seed(1337)
    offsets = torch.arange(CONTEXT)
    for step in range(1, ARGS.steps + 1):
        rows = torch.randint(len(train) - CONTEXT, (BATCH, 1), generator=gen) + offsets
        logits = model(train[rows])
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), train[rows + 1].view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        opt.step()
        if step % 250 == 0:
            print("step %d: train %.4f val %.4f" % (step, loss.item(), evaluate(model, val, 20)),
                  flush=True)
    final = evaluate(model, val, 200)
    with torch.no_grad():  # 300 characters at temperature 0.8, as the .lab file's generate
        idx = torch.tensor([[index[c] for c in "ROMEO:"]])
        model.eval()
        for _ in range(300):
            logits = model(idx[:, -CONTEXT:])[:, -1, :] / 0.8
            idx = torch.cat([idx, torch.multinomial(F.softmax(logits, -1), 1)], dim=1)
    print("final: val %.4f after %d steps" % (final, ARGS.steps), flush=True)


if __name__ == "__main__":
    main()
