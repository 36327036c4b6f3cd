"""Words for the lrx antipode by beam search, against the conjectured distance n(n-1)/2.

The antipode of lrx n is ``[1, 0, n-1, n-2, ..., 2]``; its distance from the identity is
conjectured to be n(n-1)/2 (the diameter of the lrx Cayley graph, checked by breadth-first
search up to n = 14). For each n, :func:`cayley.paths.beam_search` looks for a word from the
identity to the antipode with the chosen heuristic (default ``cyclic``:
:class:`cayley.heuristics.CyclicInversions`), every width of ``--widths`` in turn until a word
of the conjectured length is found. Each word is replayed here on the identity. A word
shorter than n(n-1)/2 would disprove the conjecture: it is printed in capitals and kept in
the JSON.

``--until SECONDS`` goes on past the last n of ``--ns`` (by ``--step``) while the search of
one n takes at most that long and finds the conjectured length: the largest n reached.

Prints one table row per search; writes ``benchmarks/results/lrx_antipode_words.json``.

Usage: ``python benchmarks/lrx_antipode_words.py [--ns 12..20] [--widths 1000,10000]
[--heuristic cyclic|pdb|hamming] [--ball-radius 8] [--until 600 --step 5] [--out FILE]``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from cayley import CayleyGraph
from cayley._cli_paths import parse_n_range
from cayley.errors import PathNotFoundError
from cayley.paths import beam_search

RESULTS = Path(__file__).resolve().parent / "results" / "lrx_antipode_words.json"


def antipode(n: int) -> list[int]:
    """The lrx antipode ``[1, 0, n-1, ..., 2]``."""
    return [1, 0] + list(range(n - 1, 1, -1))


def replays(graph: CayleyGraph, word: list[str], target: list[int]) -> bool:
    """Whether ``word`` takes the identity to ``target``."""
    state = graph.start
    for name in word:
        state = graph.apply(state, graph.names.index(name))
    return bool(np.array_equal(state, target))


def search(n: int, width: int, heuristic: str, radius: int) -> dict:
    """One beam search for the antipode of lrx ``n``; a JSON-ready row."""
    graph = CayleyGraph.from_family("lrx", n)
    target = antipode(n)
    conjectured = n * (n - 1) // 2
    row = {"n": n, "width": width, "heuristic": heuristic, "ball_radius": radius, "conjectured": conjectured}
    t = time.perf_counter()
    try:
        r = beam_search(graph, target, width=width, heuristic=heuristic, ball_radius=radius,
                        max_steps=2 * conjectured, history=None, progress=False)
    except PathNotFoundError:
        return {**row, "length": None, "seconds": time.perf_counter() - t, "replays": False}
    return {**row, "length": r.length, "seconds": r.seconds, "replays": replays(graph, r.word, target),
            "word": "".join(r.word)}


def _print(row: dict) -> None:
    if row["length"] is None:
        outcome = "not found"
    elif row["length"] < row["conjectured"]:
        outcome = f"LENGTH {row['length']} BELOW n(n-1)/2: THE CONJECTURE FAILS"
    else:
        outcome = f"{row['length']}{'' if row['length'] == row['conjectured'] else ' (longer)'}"
    print(f"| {row['n']} | {row['width']} | {row['heuristic']} | {outcome} | {row['conjectured']} "
          f"| {row['seconds']:.1f} | {'yes' if row['replays'] else 'no'} |", flush=True)


def words_for(n: int, args: argparse.Namespace, rows: list[dict]) -> bool:
    """Try each width for ``n``; True when one found the conjectured length within ``--until``."""
    for width in args.widths:
        row = search(n, width, args.heuristic, args.ball_radius)
        rows.append(row)
        _print(row)
        if row["replays"] and row["length"] <= row["conjectured"]:
            return args.until is None or row["seconds"] <= args.until
        if args.until is not None and row["seconds"] > args.until:
            return False
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ns", default="12..20", help="sizes, e.g. 12..20 or 25,30")
    parser.add_argument("--widths", default="1000,10000", help="beam widths tried in turn (default 1000,10000)")
    parser.add_argument("--heuristic", default="cyclic", choices=["cyclic", "pdb", "hamming"])
    parser.add_argument("--ball-radius", type=int, default=8, help="radius of the antipode's ball (default 8)")
    parser.add_argument("--until", type=float, default=None,
                        help="after --ns, go on by --step while one n takes at most this many seconds")
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.widths = [int(w) for w in args.widths.split(",")]
    report = {"machine": platform.platform(), "cpus": os.cpu_count(), "load_average_start": os.getloadavg(),
              "widths": args.widths, "heuristic": args.heuristic, "ball_radius": args.ball_radius,
              "until_seconds": args.until}
    search(6, 10, args.heuristic, 0)  # warm-up: load or compile the kernels before the clock
    rows: list[dict] = []
    print("| n | width | heuristic | length | n(n-1)/2 | seconds | replays |")
    print("|---|---|---|---|---|---|---|")
    ns = parse_n_range(args.ns)
    reached = None
    for n in ns:
        if words_for(n, args, rows):
            reached = n
    if args.until is not None:
        n = ns[-1] + args.step
        while reached == n - args.step and words_for(n, args, rows):
            reached = n
            n += args.step
        print(f"largest n with a word of length n(n-1)/2 within {args.until:.0f} s: {reached}")
    report.update(rows=rows, largest_n=reached, load_average_end=os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
