#!/usr/bin/python3
"""vs_torch.py: attnlab against PyTorch in one run (`make bench-vs-torch`).

Alternates attnlab's bench/bench and bench/torch_bench.py (Debian's python3-torch through
/usr/bin/python3), for each reference configuration at 1 thread and at all cores, for
--rounds rounds, then prints one line per configuration and thread count from the best run of
each side (on a shared machine other programs only ever slow a run down):
  tokens/s of each, ratio= (attnlab over PyTorch), attnlab's GFLOP/s, and the GFLOP/s of
  cblas_sgemm alone on the step's own products at that thread count (recorded from a step and
  replayed as the step calls them), with the step's share of it.
PyTorch runs with OPENBLAS_NUM_THREADS=N OMP_NUM_THREADS=N and, above 1 thread,
OMP_WAIT_POLICY=passive (its best setting here; torch_bench.py sets them).
Then, unless --quick, bench/shakespeare.lab (nanoGPT's CPU recipe, 2000 steps) in attnlab and
bench/torch_shakespeare.py, each timed by the wall clock, with the final validation loss.

Usage: vs_torch.py --bench BUILD/bench/bench --attnlab BUILD/attnlab [--seconds S]
                   [--rounds R] [--threads N] [--quick]
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
CONFIGS = ("baby-gpt", "seed-lstm")


def have_torch():
    if not os.access(PYTHON, os.X_OK):
        return False
    return subprocess.run([PYTHON, "-c", "import torch"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def run(cmd, env=None):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env=dict(os.environ, **(env or {})))
    if out.returncode != 0:
        sys.exit("vs_torch: %s failed:\n%s" % (" ".join(cmd), out.stdout))
    return out.stdout


def result_line(text, config):
    """tokens/s and GFLOP/s from bench's table line for config."""
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == config:
            return float(f[5]), float(f[6])
    sys.exit("vs_torch: no result for %s in:\n%s" % (config, text))


def cpu_line(text):
    m = re.search(r"cpu: (\d+) tokens per CPU-second \(([\d.]+) cores", text)
    return (float(m.group(1)), float(m.group(2))) if m else (float("nan"), float("nan"))


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def speed(args, torch_ok):
    best = {}  # (config, threads, side) -> (tokens/s, GFLOP/s, sgemm GFLOP/s)
    memory = None
    cpu_best = {}
    counts = sorted({1, args.threads})
    for rnd in range(1, args.rounds + 1):
        for threads in counts:
            for config in CONFIGS:
                cmd = [args.bench, "--config", config, "--threads", str(threads),
                       "--seconds", str(args.seconds), "--sgemm", "--memory"]
                before = load()
                text = run(cmd, {"top_srcdir": args.srcdir})
                tok, gf = result_line(text, config)
                m = re.search(r"sgemm alone: .*?([\d.]+) GFLOP/s", text)
                sg = float(m.group(1)) if m else float("nan")
                if config == "baby-gpt" and threads == args.threads:
                    m = re.search(r"memory: (.*)", text)
                    memory = m.group(1) if m else memory
                cpu, busy = cpu_line(text)
                print("round %d  attnlab %-9s %d thread(s): %8.0f tokens/s %6.1f GFLOP/s "
                      "(sgemm alone %5.1f)  %8.0f tokens/CPU-s, %.2f cores busy  load %s" % (
                          rnd, config, threads, tok, gf, sg, cpu, busy, before), flush=True)
                cpu_best[(config, threads, "attnlab")] = max(
                    cpu, cpu_best.get((config, threads, "attnlab"), 0.0))
                key = (config, threads, "attnlab")
                if key not in best or tok > best[key][0]:
                    best[key] = (tok, gf, sg)
                if not torch_ok:
                    continue
                before = load()
                text = run([PYTHON, os.path.join(HERE, "torch_bench.py"), "--config", config,
                            "--threads", str(threads), "--seconds", str(args.seconds)],
                           {"top_srcdir": args.srcdir})
                tok, gf = result_line(text, config)
                cpu, busy = cpu_line(text)
                print("round %d  PyTorch %-9s %d thread(s): %8.0f tokens/s %6.1f GFLOP/s  "
                      "                   %8.0f tokens/CPU-s, %.2f cores busy  load %s" % (
                          rnd, config, threads, tok, gf, cpu, busy, before), flush=True)
                cpu_best[(config, threads, "torch")] = max(
                    cpu, cpu_best.get((config, threads, "torch"), 0.0))
                key = (config, threads, "torch")
                if key not in best or tok > best[key][0]:
                    best[key] = (tok, gf, None)
    print()
    print("best of %d rounds, %g s each:" % (args.rounds, args.seconds))
    for config in CONFIGS:
        for threads in counts:
            tok, gf, sg = best[(config, threads, "attnlab")]
            line = "%-9s threads=%d  attnlab %8.0f tokens/s" % (config, threads, tok)
            if torch_ok:
                ttok = best[(config, threads, "torch")][0]
                line += "  PyTorch %8.0f tokens/s  ratio=%.2f" % (ttok, tok / ttok)
            line += "  attnlab %.1f GFLOP/s  sgemm alone %.1f GFLOP/s (%.0f%%)" % (
                gf, sg, 100.0 * gf / sg)
            print(line)
            if torch_ok:
                a, t = cpu_best[(config, threads, "attnlab")], cpu_best[(config, threads, "torch")]
                print("%-9s threads=%d  per CPU-second: attnlab %8.0f  PyTorch %8.0f tokens  "
                      "ratio=%.2f (what a step costs, whatever the neighbours do)" % (
                          config, threads, a, t, a / t))
        one = best.get((config, 1, "attnlab"))
        many = best.get((config, args.threads, "attnlab"))
        if args.threads > 1 and one and many:
            print("%-9s attnlab %d threads / 1 thread: x%.2f" % (config, args.threads,
                                                                 many[0] / one[0]))
    if memory:
        print("baby-gpt at %d threads, %s" % (args.threads, memory))


def shakespeare(args, torch_ok):
    lab = os.path.join(HERE, "shakespeare.lab")
    corpus = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data",
                                           "tinyshakespeare.txt"))
    if not os.access(corpus, os.R_OK):
        print("shakespeare: %s is missing; skipped" % corpus)
        return
    print()
    start = time.monotonic()
    text = run([args.attnlab, "--batch", lab])
    wall = time.monotonic() - start
    found = re.findall(r"after \d+ steps, on \d+ validation tokens:\s*\nloss\s+([\d.]+)", text)
    val = float(found[-1]) if found else float("nan")
    print("shakespeare attnlab (threads: default, %d here): wall %.1f s  val loss %.4f" % (
        args.threads, wall, val), flush=True)
    if not torch_ok:
        return
    start = time.monotonic()
    text = run([PYTHON, os.path.join(HERE, "torch_shakespeare.py"), "--threads",
                str(args.threads), corpus])
    twall = time.monotonic() - start
    m = re.search(r"final: val ([\d.]+)", text)
    tval = float(m.group(1)) if m else float("nan")
    print("shakespeare PyTorch (%d threads):            wall %.1f s  val loss %.4f" % (
        args.threads, twall, tval))
    print("shakespeare: attnlab's wall time is %.2f of PyTorch's; val loss %.4f vs %.4f" % (
        wall / twall, val, tval))


def main():
    p = argparse.ArgumentParser(description="attnlab against PyTorch, alternating runs")
    p.add_argument("--bench", required=True, help="attnlab's bench/bench")
    p.add_argument("--attnlab", required=True, help="the attnlab program")
    p.add_argument("--srcdir", default=os.path.join(HERE, ".."))
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--quick", action="store_true", help="skip the shakespeare recipe")
    args = p.parse_args()
    torch_ok = have_torch()
    if not torch_ok:
        print("PyTorch is not available to %s (Debian: apt-get install python3-torch): "
              "attnlab's figures only" % PYTHON)
    print("%d cores available; load average %s before the first run" % (
        len(os.sched_getaffinity(0)), load()), flush=True)
    speed(args, torch_ok)
    if not args.quick:
        shakespeare(args, torch_ok)


if __name__ == "__main__":
    main()
