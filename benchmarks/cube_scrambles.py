"""Seeded 3x3x3 cube scrambles solved by beam search with pattern databases, half-turn metric.

Each scramble is 25 random quarter turns (``numpy.random.default_rng(SEED)``, one stream for
all scrambles); it is solved with the 18 half-turn-metric moves by
:func:`cayley.paths.beam_search`, the heuristic being summed pattern databases chosen by
:func:`cayley.heuristics.pattern_databases` for the solved state (built once, shared by every
solve through ``retarget``), and the solved state's ball of ``--radius`` moves for meet in the
middle. Every word is replayed by ``beam_search`` itself and once more here, on the scramble.
God's number is 20: the beam is guided to a solution, not to an optimal one.

Prints one line per solve and a summary table; writes ``benchmarks/results/cube_scrambles.json``.

Usage: ``python benchmarks/cube_scrambles.py [--count 100] [--width 10000] [--radius 5]
[--pdb-entries 16777216] [--combine sum] [--out FILE]``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from cayley import CayleyGraph
from cayley.errors import PathNotFoundError
from cayley.heuristics import pattern_databases
from cayley.paths import beam_search

RESULTS = Path(__file__).resolve().parent / "results" / "cube_scrambles.json"
SEED = 2026  # the scrambles of docs/paths.md
QUARTER_TURNS = 25


def scrambles(count: int, qtm: CayleyGraph) -> list[np.ndarray]:
    """``count`` states, each ``QUARTER_TURNS`` random quarter turns from the solved cube."""
    rng = np.random.default_rng(SEED)
    out = []
    for _ in range(count):
        state = qtm.start
        for m in rng.integers(0, qtm.n_generators, size=QUARTER_TURNS):
            state = qtm.apply(state, int(m))
        out.append(state)
    return out


def replays(graph: CayleyGraph, word: list[str], target: np.ndarray) -> bool:
    """Whether ``word`` takes the graph's start state to ``target``."""
    state = graph.start
    for name in word:
        state = graph.apply(state, graph.names.index(name))
    return bool(np.array_equal(state, target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="scrambles (default 100)")
    parser.add_argument("--width", type=int, default=10_000, help="beam width (default 10^4)")
    parser.add_argument("--radius", type=int, default=5, help="radius of the solved state's ball (default 5)")
    parser.add_argument("--pdb-entries", type=int, default=1 << 24, help="largest pattern database (entries)")
    parser.add_argument("--combine", default="sum", choices=["sum", "max"])
    parser.add_argument("--max-steps", type=int, default=80)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report = {"machine": platform.platform(), "cpus": os.cpu_count(), "load_average_start": os.getloadavg(),
              "seed": SEED, "quarter_turns": QUARTER_TURNS, "width": args.width, "ball_radius": args.radius,
              "pdb_entries": args.pdb_entries, "combine": args.combine}
    qtm, htm = CayleyGraph.from_family("cube_3x3x3_qtm", 3), CayleyGraph.from_family("cube_3x3x3_htm", 3)
    t = time.perf_counter()
    h = pattern_databases(htm, htm.start, max_entries=args.pdb_entries, combine=args.combine)
    report["pdb_seconds"] = time.perf_counter() - t
    report["pdb_sizes"] = [p.size for p in h.parts]
    print(f"pattern databases {report['pdb_sizes']} built in {report['pdb_seconds']:.1f} s", flush=True)
    solves = []
    for i, state in enumerate(scrambles(args.count, qtm)):
        graph = CayleyGraph(htm.generators, start=state, names=htm.names)
        try:
            r = beam_search(graph, htm.start, width=args.width, heuristic=h.retarget(graph, htm.start),
                            ball_radius=args.radius, max_steps=args.max_steps, progress=False)
            solve = {"length": r.length, "seconds": r.seconds, "replays": replays(graph, r.word, htm.start),
                     "word": " ".join(r.word)}
        except PathNotFoundError:
            solve = {"length": None, "seconds": None, "replays": False, "word": None}
        solves.append(solve)
        print(f"scramble {i}: length {solve['length']}, {solve['seconds'] or 0:.1f} s", flush=True)
    done = [s for s in solves if s["replays"]]
    lengths = [s["length"] for s in done]
    seconds = [s["seconds"] for s in done]
    report.update(solves=solves, solved=len(done), tried=args.count,
                  mean_length=statistics.fmean(lengths) if lengths else None,
                  median_length=statistics.median(lengths) if lengths else None,
                  max_length=max(lengths, default=None),
                  mean_seconds=statistics.fmean(seconds) if seconds else None,
                  max_seconds=max(seconds, default=None), load_average_end=os.getloadavg())
    print("| scrambles | width | ball | solved | half-turn length mean / median / max | seconds per solve mean / max |")
    print("|---|---|---|---|---|---|")
    if lengths:
        print(f"| {args.count} x {QUARTER_TURNS} quarter turns | {args.width} | {args.radius} | {len(done)} "
              f"| {report['mean_length']:.2f} / {report['median_length']} / {report['max_length']} "
              f"| {report['mean_seconds']:.1f} / {report['max_seconds']:.1f} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
