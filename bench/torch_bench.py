#!/usr/bin/python3
"""torch_bench.py: the PyTorch reference for bench/bench.c.

Builds the same two models as bench.c in PyTorch (float32, eager mode), trains them the same
way (char-level, random windows of the first 90% of the corpus, 3 untimed warm-up steps, then
timed steps for --seconds) and prints one line per configuration in bench.c's format:
    baby-gpt   4 pre-LayerNorm blocks, 4 heads, width 128, MLP 512 (tanh GELU), context 64,
               learned positions, final LayerNorm, untied output with bias; batch 12, AdamW
    seed-lstm  embedding 16 -> LSTM 64 (one trainable bias) -> dense to the vocabulary at
               every step; seq 100, batch 64, Adam
GFLOP/s counts matrix-product FLOPs exactly as model_train_flops in src/nn/model.c.

Threads: --threads N sets torch.set_num_threads(N) and, because OpenBLAS and OpenMP read
their thread counts when the library loads, the script re-executes itself once with
OPENBLAS_NUM_THREADS=N, OMP_NUM_THREADS=N (and OMP_WAIT_POLICY=passive when N > 1, unless
the caller set it) in the environment before torch is imported.

Usage: /usr/bin/python3 bench/torch_bench.py [--threads N] [--seconds S]
                                             [--attention explicit|sdpa]
                                             [--config baby-gpt|seed-lstm] [corpus.txt]
"""
import argparse
import math
import os
import sys
import time

CHILD_MARK = "ATTNLAB_TORCH_BENCH_CHILD"
HERE = os.path.dirname(os.path.abspath(__file__))


def default_corpus():
    # bench.c looks beside the source tree first, then at the bundled English corpus
    top = os.environ.get("top_srcdir", os.path.join(HERE, ".."))
    path = os.path.join(top, "..", "shared", "data", "tinyshakespeare.txt")
    if os.access(path, os.R_OK):
        return os.path.normpath(path)
    return os.path.normpath(os.path.join(top, "corpora", "english.txt"))


def parse_args():
    p = argparse.ArgumentParser(description="PyTorch reference for attnlab's bench/bench.c")
    env_threads = os.environ.get("OMP_NUM_THREADS") or os.environ.get("OPENBLAS_NUM_THREADS")
    p.add_argument("--threads", type=int, default=int(env_threads or os.cpu_count() or 1),
                   help="intra-op threads (default: $OMP_NUM_THREADS, else the CPU count)")
    p.add_argument("--seconds", type=float, default=5.0, help="timed seconds per configuration")
    p.add_argument("--attention", choices=("explicit", "sdpa"), default="explicit",
                   help="explicit masked softmax (default; works on torch 1.13) or "
                        "F.scaled_dot_product_attention (torch >= 2.0)")
    p.add_argument("--config", choices=("baby-gpt", "seed-lstm"), default=None,
                   help="run one configuration (default: both)")
    p.add_argument("corpus", nargs="?", default=None)
    a = p.parse_args()
    if a.threads < 1:
        p.error("--threads must be at least 1")
    return a


def ensure_thread_env(threads):
    """Re-executes this script once with the thread variables set, before torch loads."""
    want = {"OPENBLAS_NUM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    if threads > 1 and "OMP_WAIT_POLICY" not in os.environ:
        # spinning OpenMP workers would steal the cores OpenBLAS's own threads need
        want["OMP_WAIT_POLICY"] = "passive"
    if os.environ.get(CHILD_MARK) or all(os.environ.get(k) == v for k, v in want.items()):
        return
    env = dict(os.environ, **want)
    env[CHILD_MARK] = "1"
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)


ARGS = parse_args()
ensure_thread_env(ARGS.threads)

import torch  # noqa: E402  (imported only once the thread variables are in place)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

STD = 0.02  # attnlab's (GPT-2's) initial standard deviation


def load_corpus(path):
    """Char-level tokens in code-point order, as attnlab's char tokenizer; returns
    (train tokens as a LongTensor, number of tokens, vocabulary size)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    symbols = sorted(set(text))
    index = {ch: i for i, ch in enumerate(symbols)}
    tokens = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    ntrain = int(len(tokens) * 0.9)
    return tokens[:ntrain], len(tokens), len(symbols)


def glorot_(w):
    nn.init.xavier_uniform_(w)


class Block(nn.Module):
    """Pre-LayerNorm transformer block with biases everywhere, no dropout."""

    def __init__(self, c, heads, ff, context, attention):
        super().__init__()
        self.heads, self.attention = heads, attention
        self.ln1, self.ln2 = nn.LayerNorm(c), nn.LayerNorm(c)
        self.qkv, self.proj = nn.Linear(c, 3 * c), nn.Linear(c, c)
        self.fc, self.out = nn.Linear(c, ff), nn.Linear(ff, c)
        mask = torch.ones(context, context, dtype=torch.bool).tril()
        self.register_buffer("mask", mask, persistent=False)

    def attend(self, x):
        b, t, c = x.shape
        h = self.heads
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, h, c // h).transpose(1, 2) for z in (q, k, v))
        if self.attention == "sdpa":
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(c // h))
            att = att.masked_fill(~self.mask[:t, :t], float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, c))

    def forward(self, x):
        x = x + self.attend(self.ln1(x))
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class BabyGPT(nn.Module):
    def __init__(self, vocab, context, c=128, blocks=4, heads=4, ff=512, attention="explicit"):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, c), nn.Embedding(context, c)
        self.blocks = nn.ModuleList(Block(c, heads, ff, context, attention)
                                    for _ in range(blocks))
        self.ln = nn.LayerNorm(c)
        self.head = nn.Linear(c, vocab)
        self.c, self.heads, self.ff = c, heads, ff
        for name, p in self.named_parameters():  # attnlab's initialisation
            if p.dim() == 2:
                nn.init.normal_(p, 0.0, STD)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos.weight[:t]
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln(x))

    def train_flops(self, b, t):
        n, c, v = b * t, self.c, self.head.out_features
        per_block = 6.0 * n * c * 4 * c + 12.0 * b * t * t * c + 12.0 * n * c * self.ff
        return len(self.blocks) * per_block + 6.0 * n * c * v


class SeedLSTM(nn.Module):
    def __init__(self, vocab, e=16, u=64):
        super().__init__()
        self.emb = nn.Embedding(vocab, e)
        self.lstm = nn.LSTM(e, u, batch_first=True)
        self.head = nn.Linear(u, vocab)
        self.e, self.u = e, u
        nn.init.normal_(self.emb.weight, 0.0, STD)
        glorot_(self.lstm.weight_ih_l0)
        glorot_(self.lstm.weight_hh_l0)
        with torch.no_grad():  # one bias, gates i,f,g,o with the forget gate open (Keras)
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_ih_l0[u:2 * u] = 1.0
            self.lstm.bias_hh_l0.zero_()
        self.lstm.bias_hh_l0.requires_grad_(False)  # PyTorch's second bias stays 0, untrained
        nn.init.normal_(self.head.weight, 0.0, STD)
        nn.init.zeros_(self.head.bias)

    def forward(self, idx):
        h, _ = self.lstm(self.emb(idx))
        return self.head(h)

    def train_flops(self, b, t):
        n, v = b * t, self.head.out_features
        return 6.0 * n * (self.e + self.u) * 4 * self.u + 6.0 * n * self.u * v


def run(name, model, optim, train, b, t, seconds):
    gen = torch.Generator().manual_seed(1337)
    offsets = torch.arange(t)
    starts = len(train) - t  # starts 0 .. n-T-1 keep the target inside, as batch_sample
    params = [p for p in model.parameters() if p.requires_grad]
    first = last = 0.0
    start = cpu_start = 0.0
    k = 0
    while True:
        if k == 3:  # three warm-up steps are not timed
            start = time.perf_counter()
            cpu_start = time.process_time()
        rows = torch.randint(starts, (b, 1), generator=gen) + offsets
        x, y = train[rows], train[rows + 1]
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1))
        optim.zero_grad(set_to_none=True)
        loss.backward()
        optim.step()
        last = loss.item()
        if k == 0:
            first = last
        if k >= 3 and time.perf_counter() - start >= seconds and k - 3 >= 5:
            steps = k - 2
            break
        k += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    nparams = sum(p.numel() for p in params)
    print("%-10s %9d %4dx%-4d %7d %9.1f %10.0f %8.2f %7d   %.3f -> %.3f" % (
        name, nparams, b, t, torch.get_num_threads(), elapsed * 1000.0 / steps,
        b * t * steps / elapsed, model.train_flops(b, t) * steps / elapsed / 1e9, steps + 3,
        first, last), flush=True)
    # on a machine shared with other programs, CPU time says what the step costs
    print("  cpu: %.0f tokens per CPU-second (%.2f cores busy)" % (b * t * steps / cpu,
                                                                   cpu / elapsed), flush=True)


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(1337)
    if ARGS.attention == "sdpa" and not hasattr(F, "scaled_dot_product_attention"):
        sys.exit("torch_bench: torch %s has no scaled_dot_product_attention; use "
                 "--attention explicit" % torch.__version__)
    path = ARGS.corpus or default_corpus()
    train, ntokens, vocab = load_corpus(path)
    print("corpus %s: %d tokens, vocabulary %d (char-level)" % (path, ntokens, vocab))
    print("torch %s, float32 eager, attention %s, OPENBLAS_NUM_THREADS=%s OMP_NUM_THREADS=%s "
          "OMP_WAIT_POLICY=%s" % (torch.__version__, ARGS.attention,
                                  os.environ.get("OPENBLAS_NUM_THREADS", "-"),
                                  os.environ.get("OMP_NUM_THREADS", "-"),
                                  os.environ.get("OMP_WAIT_POLICY", "-")))
    print("%-10s %9s %9s %7s %9s %10s %8s %7s   %s" % (
        "config", "params", "BxT", "threads", "ms/step", "tokens/s", "GFLOP/s", "steps",
        "loss first -> last"), flush=True)
    if ARGS.config in (None, "baby-gpt"):
        gpt = BabyGPT(vocab, 64, attention=ARGS.attention)
        adamw = torch.optim.AdamW(gpt.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=0.01)
        run("baby-gpt", gpt, adamw, train, 12, 64, ARGS.seconds)
    if ARGS.config in (None, "seed-lstm"):
        lstm = SeedLSTM(vocab)
        adam = torch.optim.Adam([p for p in lstm.parameters() if p.requires_grad], lr=1e-3,
                                betas=(0.9, 0.999), eps=1e-8)
        run("seed-lstm", lstm, adam, train, 64, 100, ARGS.seconds)


if __name__ == "__main__":
    main()
