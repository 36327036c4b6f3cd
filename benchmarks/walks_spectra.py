"""Benchmark: batched random walks on lrx n=16 and the matrix-free spectral gap of coxeter n=9.

Run ``python benchmarks/walks_spectra.py [--walkers 1000000] [--steps 100] [--repeats 3]``.
Prints a table of median seconds and writes ``benchmarks/results/walks_spectra.json``.
Targets (issue 11): walks under 5 s on 2 cores; the spectral gap under a minute. A comparison
with CayleyPy's ``random_walks`` is not included.
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
    args = parser.parse_args(argv)

    rows = []
    lrx = CayleyGraph.from_family("lrx", 16)
    for mode in ("plain", "nbt"):
        seconds, cpu, _ = timed(lambda m=mode: random_walks(lrx, args.steps, args.walkers, mode=m, seed=1),
                                args.repeats)
        rows.append({"task": f"walks lrx16 {args.walkers}x{args.steps} {mode}", "seconds": seconds,
                     "cpu_seconds": cpu, "target": 5.0,
                     "result": f"{args.walkers * args.steps / seconds / 1e6:.0f} M steps/s"})
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


if __name__ == "__main__":
    main()
