"""Learned heuristics beside Hamming and cyclic inversions: beam search for the lrx antipode.

For each n of ``--ns`` and each model of :data:`cayley.heuristics.LEARNED_MODELS`, trains
:class:`cayley.heuristics.LearnedHeuristic` on ``--count`` walks of ``n(n-1)/2`` steps from
the antipode ``[1, 0, n-1, ..., 2]``, then runs :func:`cayley.paths.beam_search` of width
``--width`` with it, with ``"hamming"`` and with ``"cyclic"``; the distance is n(n-1)/2 (BFS,
n <= 14). Needs scikit-learn (``pip install 'permlab[learn]'``). Prints a table and writes
``benchmarks/results/beam_learned.json``.

Usage: ``python benchmarks/beam_learned.py [--ns 9,10] [--count 2000] [--width 1000]``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from cayley import CayleyGraph
from cayley._cli_paths import parse_n_range
from cayley.errors import PathNotFoundError
from cayley.heuristics import LEARNED_MODELS, LearnedHeuristic
from cayley.paths import beam_search

RESULTS = Path(__file__).resolve().parent / "results" / "beam_learned.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ns", default="9,10")
    parser.add_argument("--count", type=int, default=2000, help="walks per model")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report = {"machine": platform.platform(), "cpus": os.cpu_count(), "load_average_start": os.getloadavg(),
              "count": args.count, "width": args.width, "rows": []}
    print("| n | heuristic | train s | length | n(n-1)/2 | search s |")
    print("|---|---|---|---|---|---|")
    for n in parse_n_range(args.ns):
        graph = CayleyGraph.from_family("lrx", n)
        target = [1, 0] + list(range(n - 1, 1, -1))
        heuristics = {"hamming": ("hamming", 0.0), "cyclic": ("cyclic", 0.0)}
        for model in LEARNED_MODELS:
            t = time.perf_counter()
            h = LearnedHeuristic.train(graph, target, n * (n - 1) // 2, args.count, model=model)
            heuristics[model] = (h, time.perf_counter() - t)
        for name, (h, train) in heuristics.items():
            try:
                r = beam_search(graph, target, width=args.width, heuristic=h, progress=False)
                length, seconds = r.length, r.seconds
            except PathNotFoundError:
                length, seconds = None, None
            row = {"n": n, "heuristic": name, "train_seconds": train, "length": length,
                   "conjectured": n * (n - 1) // 2, "search_seconds": seconds}
            report["rows"].append(row)
            print(f"| {n} | {name} | {train:.1f} | {length or 'not found'} | {row['conjectured']} "
                  f"| {seconds or 0:.1f} |", flush=True)
    report["load_average_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
