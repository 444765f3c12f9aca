#!/usr/bin/python3
"""gpt2_torch.py: the PyTorch line of bench/gpt2_bench.c.

Reads the folder gpt2_bench wrote (config.json, model.safetensors in GPT-2's published
layout) with a small safetensors reader of its own (json header + numpy), builds GPT-2 in
PyTorch (float32, eager mode, tanh GELU, tied output) and measures the same three figures:
import time, time to the first token, greedy generation tokens/s with a cache of keys and
values, at 1 thread and at all threads. The prompt is gpt2_bench's, as GPT-2's token ids
(the same 5 tokens: the two sides start from the same ids).

Usage: /usr/bin/python3 bench/gpt2_torch.py [--dir DIR] [--tokens N]
"""
import argparse
import json
import math
import os
import struct
import sys
import time

CHILD_MARK = "ATTNLAB_GPT2_TORCH_CHILD"
PROMPT = [464, 3616, 286, 3241, 318]  # "The meaning of attention is"


def load(dirname, torch):
    import numpy as np
    with open(os.path.join(dirname, "config.json")) as f:
        cfg = json.load(f)
    path = os.path.join(dirname, "model.safetensors")
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        arr = np.frombuffer(data[a:b], dtype="<f4").reshape(info["shape"])
        tensors[name.removeprefix("transformer.")] = torch.from_numpy(arr.copy())
    return cfg, tensors


def gelu(x, torch):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def step(cfg, w, ids, pos0, cache, torch):
    """Runs new token ids at positions pos0.. with the cache; returns the last logits."""
    F = torch.nn.functional
    C, H = cfg["n_embd"], cfg["n_head"]
    D = C // H
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    t = len(ids)
    x = w["wte.weight"][ids] + w["wpe.weight"][pos0:pos0 + t]
    for l in range(cfg["n_layer"]):
        p = f"h.{l}."
        h = F.layer_norm(x, (C,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(C, dim=1)
        k_all, v_all = cache[l]
        k_all[pos0:pos0 + t], v_all[pos0:pos0 + t] = k, v
        L = pos0 + t
        q = q.view(t, H, D).transpose(0, 1)
        kk = k_all[:L].view(L, H, D).transpose(0, 1)
        vv = v_all[:L].view(L, H, D).transpose(0, 1)
        s = q @ kk.transpose(1, 2) / math.sqrt(D)
        mask = torch.arange(L)[None, :] > (pos0 + torch.arange(t))[:, None]
        s = s.masked_fill(mask, float("-inf")).softmax(-1)
        y = (s @ vv).transpose(0, 1).reshape(t, C)
        x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = gelu(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"], torch)
        x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x[-1:], (C,), w["ln_f.weight"], w["ln_f.bias"], eps)
    return (x @ w["wte.weight"].T)[0]


def run(dirname, tokens, threads):
    import torch
    torch.set_num_threads(threads)
    t0, c0 = time.perf_counter(), time.process_time()
    cfg, w = load(dirname, torch)
    t1, c1 = time.perf_counter(), time.process_time()
    cache = [(torch.zeros(cfg["n_positions"], cfg["n_embd"]),
              torch.zeros(cfg["n_positions"], cfg["n_embd"])) for _ in range(cfg["n_layer"])]
    ids = list(PROMPT)
    with torch.no_grad():
        logits = step(cfg, w, ids, 0, cache, torch)
        ids.append(int(logits.argmax()))
        t2, c2 = time.perf_counter(), time.process_time()
        for _ in range(tokens):
            logits = step(cfg, w, ids[-1:], len(ids) - 1, cache, torch)
            ids.append(int(logits.argmax()))
        t3, c3 = time.perf_counter(), time.process_time()
    return t1 - t0, c1 - c0, t2 - t1, tokens / (t3 - t2), (c3 - c2) / (t3 - t2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/attnlab-gpt2-bench")
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.threads:  # the child: thread counts are read when the libraries load
        imp, imp_cpu, first, tps, cores = run(args.dir, args.tokens, args.threads)
        print(f"{args.threads} thread{'s' if args.threads > 1 else ''}: import {imp:.2f} s "
              f"(CPU {imp_cpu:.2f} s), first token {first:.2f} s, {tps:.1f} tokens/s "
              f"({cores:.2f} cores busy);", end="")
        return
    import subprocess
    counts = [1] + ([os.cpu_count()] if (os.cpu_count() or 1) > 1 else [])
    parts = []
    for n in counts:
        env = dict(os.environ, OMP_NUM_THREADS=str(n), OPENBLAS_NUM_THREADS=str(n))
        out = subprocess.run([sys.executable, __file__, "--dir", args.dir, "--tokens",
                              str(args.tokens), "--threads", str(n)], env=env,
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.stderr.write(out.stderr)
            sys.exit(1)
        parts.append(out.stdout.strip())
    print("pytorch gpt2-small (same files): " + " ".join(parts))


if __name__ == "__main__":
    main()
