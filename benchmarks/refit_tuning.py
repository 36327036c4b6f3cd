"""Refit the ranked engine's tuning constants (cayley/bfs/_tuning.py) on this machine.

For each case, times whole growths in this process (warm kernels, median of ``--repeat``)
with the dense-layer share forced to each of a range of values and with the cost model's
own choice, and with several block sizes and small-layer thresholds. Prints a table per
constant, the best value measured and what the module holds now, and writes
``benchmarks/results/refit_tuning.json``. Nothing is changed in the source: copy a value
into ``_tuning.py`` (with the date and machine) when a refit disagrees beyond noise.

Usage: ``python benchmarks/refit_tuning.py [--cases lrx:11,coxeter:11] [--repeat 3]``
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from cayley import CayleyGraph, growth
from cayley.bfs import _ranked, _tuning

RESULTS = Path(__file__).resolve().parent / "results" / "refit_tuning.json"
DEFAULT_CASES = "lrx:11,coxeter:11,pancake:10,stars:10,all_transpositions:10"
SHARES = [None, 32, 64, 128, 256, 512, 1 << 62]  # None: the cost model; 1 << 62: never dense
BLOCK_SHIFTS = [12, 13, 14, 15, 16]
SMALL_LAYERS = [0, 1024, 4096, 16384]


def _median_seconds(graph: CayleyGraph, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        growth(graph, progress=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _sweep(graph: CayleyGraph, repeat: int, module, name: str, values: list) -> dict:
    """Median seconds of a growth for each value of ``module.name`` (restored after)."""
    saved = getattr(module, name)
    out = {}
    try:
        for value in values:
            setattr(module, name, value)
            if name == "BLOCK_SHIFT":  # the driver reads its own copies
                _ranked.BLOCK_SHIFT, _ranked.BLOCK_SIZE = value, 1 << value
            out[str(value)] = _median_seconds(graph, repeat)
    finally:
        setattr(module, name, saved)
        _ranked.BLOCK_SHIFT, _ranked.BLOCK_SIZE = _tuning.BLOCK_SHIFT, 1 << _tuning.BLOCK_SHIFT
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=DEFAULT_CASES, help="family:n,... (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="growths per value (median)")
    args = parser.parse_args()
    cases = [(c.split(":")[0], int(c.split(":")[1])) for c in args.cases.split(",")]
    report = {"machine": platform.processor() or platform.machine(), "date": time.strftime("%Y-%m-%d"),
              "current": {"BLOCK_SHIFT": _tuning.BLOCK_SHIFT, "SMALL_LAYER": _tuning.SMALL_LAYER}, "cases": {}}
    for family, n in cases:
        graph = CayleyGraph.from_family(family, n)
        growth(graph, progress=False)  # compile and warm up
        row = {
            "dense_share": _sweep(graph, args.repeat, _ranked, "DENSE_LAYER", SHARES),
            "block_shift": _sweep(graph, args.repeat, _tuning, "BLOCK_SHIFT", BLOCK_SHIFTS),
            "small_layer": _sweep(graph, args.repeat, _tuning, "SMALL_LAYER", SMALL_LAYERS),
        }
        report["cases"][f"{family} {n}"] = row
        print(f"\n{family} n={n}: median seconds of {args.repeat} growths")
        for constant, timings in row.items():
            best = min(timings, key=timings.get)
            cells = "  ".join(f"{k}: {v:.3f}" for k, v in timings.items())
            print(f"  {constant:<12} {cells}   best {best}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1))
    print(f"\nwrote {RESULTS} (dense_share None = the cost model of _tuning.py, 4611686018427387904 = never dense)")


if __name__ == "__main__":
    main()
