"""Flip rates of the GF(2) walk from Strassen (x) Strassen (4x4x4, rank 49) and from naive.

The Strassen-square start has almost no flip candidates: a walker makes a plus transition,
a few dozen flips among the two or three new candidates, and a reduction back to rank 49,
over and over. So the reductions (``reduce_all``) and candidate rebuilds (``build_pairs``)
that follow, not the flips, set the rate from this start. Each run is one walker of
``walk_serial`` on the calling thread (pin the process to one core), ``--flips`` flips with
the search defaults plateau 3000 and plus band 2; the median over ``--seeds`` seeds is
printed and written to ``benchmarks/results/flipgraph_strassen2.json``.

Usage: python benchmarks/flipgraph_strassen2.py [--seeds 5] [--flips 2000000]
       [--plateau 3000] [--plus-band 2]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from solvers.flipgraph import Scheme, product
from solvers.flipgraph._kernels import N_COUNTERS, walk_serial
from solvers.flipgraph._packing import pack_scheme


def starts() -> dict[str, Scheme]:
    """The two GF(2) 4x4x4 starts: Strassen (x) Strassen (rank 49) and naive (rank 64)."""
    s2 = product(Scheme.strassen("gf2"), Scheme.strassen("gf2"))
    return {"strassen^2": Scheme(4, 4, 4, s2.u % 2, s2.v % 2, s2.w % 2, "gf2"),
            "naive": Scheme.naive(4, 4, 4, "gf2")}


def flip_rate(start: Scheme, seed: int, flips: int, plateau: int, plus_band: int) -> dict:
    """Run one walker for ``flips`` flips; return the rate and the move counts."""
    m, s = pack_scheme(start, False, start.rank + plus_band + 2)
    arrays = [m[None].copy(), s[None].copy(), m[None].copy(), s[None].copy()]
    ranks = np.array([start.rank], np.int64)
    best = ranks.copy()
    rng = np.array([(seed * 0x9E3779B97F4A7C15) % 2**64 | 1], np.uint64)
    counters = np.zeros((1, N_COUNTERS), np.int64)
    t0 = time.perf_counter()
    walk_serial(*arrays, ranks, best, rng, counters, flips, plateau, plateau, plus_band, 0, False, False, False)
    seconds = time.perf_counter() - t0
    return {"seed": seed, "flips": int(counters[0, 0]), "seconds": seconds,
            "flips_per_s": counters[0, 0] / seconds, "plus_transitions": int(counters[0, 1]),
            "reductions": int(counters[0, 2]), "best_rank": int(best[0])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--flips", type=int, default=2_000_000)
    ap.add_argument("--plateau", type=int, default=3000)
    ap.add_argument("--plus-band", type=int, default=2)
    args = ap.parse_args()
    flip_rate(starts()["naive"], 1, 10_000, args.plateau, args.plus_band)  # load / compile
    results = {"flips": args.flips, "plateau": args.plateau, "plus_band": args.plus_band, "runs": {}}
    for name, start in starts().items():
        runs = [flip_rate(start, seed, args.flips, args.plateau, args.plus_band)
                for seed in range(1, args.seeds + 1)]
        med = statistics.median(r["flips_per_s"] for r in runs)
        results["runs"][name] = {"median_flips_per_s": med, "runs": runs}
        print(f"{name:11} median {med / 1e6:6.2f} M flips/s  "
              f"(plus transitions {statistics.median(r['plus_transitions'] for r in runs):.0f}, "
              f"reductions {statistics.median(r['reductions'] for r in runs):.0f} per run)")
    out = Path(__file__).resolve().parent / "results" / "flipgraph_strassen2.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
