"""Benchmark: batched random walks on lrx n=16 and the matrix-free spectral gap of coxeter n=9.

Run ``python benchmarks/walks_spectra.py [--walkers 1000000] [--steps 100] [--repeats 3]``.
Prints a table of median seconds and writes ``benchmarks/results/walks_spectra.json``.
Targets (issue 11): walks under 5 s on 2 cores; the spectral gap under a minute. With
``--cayleypy W`` it also times CayleyPy 0.2.0's ``random_walks`` (classic mode, installed into
``benchmarks/.venv-cayleypy`` by ``growth_vs_cayleypy.py``) beside ours at W walkers x steps, a
size whose output fits CayleyPy's memory (it keeps every visited state as int64).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import time
from pathlib import Path

from cayley import CayleyGraph
from cayley.spectra import spectral_gap
from cayley.walks import random_walks

RESULTS = Path(__file__).resolve().parent / "results" / "walks_spectra.json"


def timed(fn, repeats: int) -> tuple[float, float, object]:
    """Median wall seconds, median CPU seconds (all threads) and the last value of ``fn()``."""
    fn()  # compile / warm up
    wall, cpu, value = [], [], None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walkers", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--coxeter", type=int, default=9)
    parser.add_argument("--cayleypy", type=int, default=0, metavar="W",
                        help="also time CayleyPy's random_walks at W walkers (0: skip)")
    args = parser.parse_args(argv)

    rows = []
    lrx = CayleyGraph.from_family("lrx", 16)
    for mode in ("plain", "nbt"):
        seconds, cpu, _ = timed(lambda m=mode: random_walks(lrx, args.steps, args.walkers, mode=m, seed=1),
                                args.repeats)
        rows.append({"task": f"walks lrx16 {args.walkers}x{args.steps} {mode}", "seconds": seconds,
                     "cpu_seconds": cpu, "target": 5.0,
                     "result": f"{args.walkers * args.steps / seconds / 1e6:.0f} M steps/s"})
    if args.cayleypy:
        rows.extend(_beside_cayleypy(lrx, args.cayleypy, args.steps, args.repeats))
    cox = CayleyGraph.from_family("coxeter", args.coxeter)
    seconds, cpu, gap = timed(lambda: spectral_gap(cox, matrix_free=True), 1)
    exact = 2 * (1 - math.cos(math.pi / args.coxeter))
    rows.append({"task": f"spectral gap coxeter{args.coxeter} ({math.factorial(args.coxeter)} vertices)",
                 "seconds": seconds, "cpu_seconds": cpu, "target": 60.0, "result": f"{gap:.10f} (exact {exact:.10f})"})

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; CPU s = all threads together")
    print(f"{'task':<48} {'wall s':>8} {'CPU s':>8} {'target s':>9}  result")
    for r in rows:
        print(f"{r['task']:<48} {r['seconds']:>8.3f} {r['cpu_seconds']:>8.3f} {r['target']:>9.1f}  {r['result']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    meta = {"machine": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg()}
    RESULTS.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print(f"written {RESULTS}")


_CAYLEYPY_WALKS = r"""
import json, sys, time
from cayleypy import CayleyGraph, PermutationGroups
width, length, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
graph = CayleyGraph(PermutationGroups.lrx(16), device="cpu")
graph.random_walks(width=10, length=10, mode="classic")
times = []
for _ in range(repeats):
    t = time.perf_counter()
    graph.random_walks(width=width, length=length, mode="classic")
    times.append(time.perf_counter() - t)
print(json.dumps(sorted(times)[len(times) // 2]))
"""


def _beside_cayleypy(lrx, walkers: int, steps: int, repeats: int) -> list[dict]:
    """Our plain walks and CayleyPy's classic random walks at the same size, same run."""
    import subprocess
    import sys

    from growth_vs_cayleypy import ensure_cayleypy

    ours, cpu, _ = timed(lambda: random_walks(lrx, steps, walkers, mode="plain", seed=1), repeats)
    python = ensure_cayleypy()
    out = subprocess.run([str(python), "-c", _CAYLEYPY_WALKS, str(walkers), str(steps), str(repeats)],
                         capture_output=True, text=True, check=True)
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    label = f"walks lrx16 {walkers}x{steps}"
    return [
        {"task": f"{label} permlab", "seconds": ours, "cpu_seconds": cpu, "target": float("nan"),
         "result": f"{theirs / ours:.1f}x faster than CayleyPy"},
        {"task": f"{label} CayleyPy 0.2.0", "seconds": theirs, "cpu_seconds": float("nan"),
         "target": float("nan"), "result": "classic mode, CPU"},
    ]


if __name__ == "__main__":
    main()
