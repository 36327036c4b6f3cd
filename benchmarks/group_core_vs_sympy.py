"""Core speed beside SymPy in the same run: Rubik's cube group order (Schreier-Sims) and a
rank/unrank round trip of 10^6 random elements of S_12.

Each measurement is repeated and the median reported. SymPy has no batch ranking of group
elements; its closest operation, ``Permutation.rank()`` (lexicographic rank of S_n), is timed
on 10^4 fresh elements (construction included, as it caches ranks) and scaled. Prints a table and writes ``benchmarks/results/group_core.json``.

Usage: ``python benchmarks/group_core_vs_sympy.py [--repeat K] [--count M]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from cayley import PermutationGroup, symmetric
from cayley.generators import generators

RESULTS = Path(__file__).resolve().parent / "results" / "group_core.json"


def timed(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--count", type=int, default=10**6)
    args = parser.parse_args()
    from sympy.combinatorics import Permutation
    from sympy.combinatorics import PermutationGroup as SympyGroup

    gens = generators("cube_3x3x3_qtm").perms[::2].tolist()  # U, L, F, R, B, D (GAP's facets)
    ours_order, order = timed(lambda: PermutationGroup(gens).order(), args.repeat)
    theirs_order, sympy_order = timed(lambda: SympyGroup([Permutation(g) for g in gens]).order(), args.repeat)
    assert order == sympy_order == 43252003274489856000

    group = symmetric(12)
    rng = np.random.default_rng(0)
    elements = np.argsort(rng.random((args.count, 12)), axis=1).astype(np.uint8)
    group.unrank_batch(group.rank_batch(elements[:10]))  # compile / load kernels
    t_rank, ranks = timed(lambda: group.rank_batch(elements), args.repeat)
    t_unrank, back = timed(lambda: group.unrank_batch(ranks), args.repeat)
    assert np.array_equal(back, elements)
    sample = elements[:10_000].tolist()
    # Permutation caches its rank, so every repeat ranks fresh objects (construction included).
    t_sympy_rank, _ = timed(lambda: [Permutation(p).rank() for p in sample], 3)
    t_sympy_unrank, _ = timed(lambda: [Permutation.unrank_lex(12, r) for r in range(10_000)], 3)
    scale = args.count / 10_000
    rows = [
        ("Rubik order (s)", ours_order, theirs_order),
        (f"rank {args.count} of S_12 (s)", t_rank, t_sympy_rank * scale),
        (f"unrank {args.count} of S_12 (s)", t_unrank, t_sympy_unrank * scale),
    ]
    print(f"{'measurement':<28} {'permlab':>10} {'sympy':>10} {'ratio':>8}")
    for name, ours, theirs in rows:
        print(f"{name:<28} {ours:>10.4f} {theirs:>10.4f} {theirs / ours:>7.1f}x")
    print(f"rank throughput: {args.count / t_rank / 1e6:.1f} M/s, round trip {args.count / (t_rank + t_unrank) / 1e6:.1f} M/s")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "rubik_order_seconds": {"permlab": ours_order, "sympy": theirs_order},
        "s12_rank_seconds": t_rank, "s12_unrank_seconds": t_unrank, "count": args.count,
        "sympy_rank_seconds_scaled": t_sympy_rank * scale, "sympy_unrank_seconds_scaled": t_sympy_unrank * scale,
        "rank_per_second": args.count / t_rank,
    }, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
