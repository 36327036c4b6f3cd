"""Flip-graph benchmark: flip rates, time to 3x3x3:23, formats up to 4, 4x4x4 over GF(2).

Prints tables and writes ``benchmarks/results/flipgraph_rates.json``. Reference figures
(issue 8) were measured with the C++ reference implementation (dronperminov/
ternary_flip_graph) on one core of this kind of 2-core machine; they are quoted, not
re-measured here.

Usage: python benchmarks/flipgraph_rates.py [--seeds 11] [--rate-seconds 0.5]
       [--format-limit 120] [--gf2-444-limit 300] [--zt-limit 10] [--quick] [--rates-only]
       [--rate-formats 333,444] [--rate-rings gf2,zt]
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

import numba
import numpy as np

from solvers.flipgraph import Scheme, known_rank, product, search, search_lifted, strassen_start, verify
from solvers.flipgraph._packing import pack_scheme
from solvers.flipgraph._kernels import N_COUNTERS, walk_serial as walk

REFERENCE = {  # flips/s on one core, and median seconds 3x3x3 naive -> 23
    ("rate", "gf2", (3, 3, 3)): 2.6e6, ("rate", "zt", (3, 3, 3)): 1.9e6,
    ("rate", "gf2", (4, 4, 4)): 1.45e6, ("rate", "zt", (4, 4, 4)): 1.4e6,
    ("t23", "gf2"): 0.11, ("t23", "zt"): 2.1,
}


def flip_rate(fmt, ring, seed, seconds):
    """Flips per second of one walker on one thread, from the naive scheme (warm kernel)."""
    ternary = ring == "zt"
    s = Scheme.naive(*fmt, ring)
    m, sg = pack_scheme(s, ternary, s.rank + 4)
    arrays = [m[None].copy(), sg[None].copy(), m[None].copy(), sg[None].copy()]
    ranks, best = np.array([s.rank]), np.array([s.rank])
    rng = np.array([seed * 0x9E3779B97F4A7C15 % 2**64 | 1], np.uint64)
    counters = np.zeros((1, N_COUNTERS), np.int64)
    walk(*arrays, ranks, best, rng, counters, 20_000, 20_000, 20_000, 2, 0, ternary, False, False)  # leave the naive start
    counters[:] = 0
    t0 = time.perf_counter()
    flips_per_call = 200_000
    while time.perf_counter() - t0 < seconds:
        walk(*arrays, ranks, best, rng, counters, flips_per_call, 20_000, 20_000, 2, 0, ternary, False, False)
    return counters[0, 0] / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=11)
    ap.add_argument("--rate-seconds", type=float, default=0.5)
    ap.add_argument("--format-limit", type=float, default=120.0, help="seconds per format <= 4")
    ap.add_argument("--gf2-444-limit", type=float, default=300.0)
    ap.add_argument("--zt-limit", type=float, default=10.0, help="seconds per direct zt 3x3x3 run")
    ap.add_argument("--quick", action="store_true", help="tiny budgets (smoke test)")
    ap.add_argument("--rates-only", action="store_true", help="only the flips-per-second table")
    ap.add_argument("--rate-formats", default="333,444",
                    help="comma-separated formats of the rate table, e.g. 444 or 333,444")
    ap.add_argument("--rate-rings", default="gf2,zt", help="comma-separated rings of the rate table")
    args = ap.parse_args()
    if args.quick:
        args.seeds, args.rate_seconds, args.format_limit, args.gf2_444_limit = 3, 0.1, 5.0, 5.0
    rate_formats = [tuple(int(c) for c in f) for f in args.rate_formats.split(",")]
    rate_rings = args.rate_rings.split(",")
    for fmt, ring in itertools.product(rate_formats, rate_rings):
        if ("rate", ring, fmt) not in REFERENCE:
            ap.error(f"no rate reference for {ring} {fmt}; --rate-formats takes 333 and/or 444, "
                     f"--rate-rings gf2 and/or zt")
    results: dict = {"machine": f"{numba.config.NUMBA_NUM_THREADS} numba threads", "seeds": args.seeds}

    # warm-up: compile / load the cached kernels once
    search((2, 2, 2), ring="gf2", time_limit=30)
    search((2, 2, 2), ring="zt", time_limit=30)

    print("\n== flips per second, one core (median over seeds) ==")
    print(f"{'format':8} {'ring':4} {'ours M/s':>9} {'ref M/s':>8} {'ratio':>6}")
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    rates = []
    for fmt, ring in itertools.product(rate_formats, rate_rings):
        vals = [flip_rate(fmt, ring, seed + 1, args.rate_seconds) for seed in range(args.seeds)]
        med = statistics.median(vals)
        ref = REFERENCE[("rate", ring, fmt)]
        rates.append({"format": fmt, "ring": ring, "median_flips_per_s": med, "reference": ref,
                      "ratio": med / ref, "all": vals})
        print(f"{'x'.join(map(str, fmt)):8} {ring:4} {med / 1e6:9.2f} {ref / 1e6:8.2f} {med / ref:6.2f}")
    numba.set_num_threads(threads)
    results["flip_rates"] = rates
    if args.rates_only:
        _write(results, "flipgraph_rates_only.json")
        return

    print(f"\n== 3x3x3 naive -> 23, {threads} threads (median over seeds) ==")
    print(f"{'ring':4} {'median s':>9} {'max s':>7} {'reached':>8} {'ref s':>6}")
    t23 = []
    methods = [("gf2", "flips over GF(2)", lambda seed: search((3, 3, 3), ring="gf2", target=23, time_limit=60, seed=seed)),
               ("zt", "flips over zt", lambda seed: search((3, 3, 3), ring="zt", target=23, time_limit=args.zt_limit, seed=seed)),
               ("zt", "GF(2) flips + signs", lambda seed: search_lifted((3, 3, 3), target=23, time_limit=60, seed=seed))]
    for ring, name, run in methods:
        runs = [run(seed) for seed in range(args.seeds)]
        secs = [r.seconds if r.reached else float("inf") for r in runs]
        assert all(verify(r.scheme, ring) for r in runs)
        med = statistics.median(secs)
        t23.append({"ring": ring, "method": name, "median_s": med, "all_s": secs,
                    "reference_s": REFERENCE[("t23", ring)], "reached": sum(r.reached for r in runs)})
        print(f"{ring:4} {med:9.3f} {max(secs):7.2f} {sum(r.reached for r in runs):5d}/{len(runs)} "
              f"{REFERENCE[('t23', ring)]:6.2f}  {name}")
    results["time_to_23"] = t23

    print(f"\n== every format <= 4 to its best known zt rank, {threads} threads, "
          f"limit {args.format_limit:.0f} s each ==")
    print("(GF(2) flips + ternary sign assignment, from the naive scheme or a Strassen tiling/product)")
    print(f"{'format':8} {'start':>6} {'best known':>10} {'reached':>8} {'rank':>5} {'seconds':>8}")
    fmts = []
    for fmt in [f for f in itertools.combinations_with_replacement(range(2, 5), 3)]:
        target = known_rank(*fmt, "zt")
        starts = [Scheme.naive(*fmt), strassen_start(*fmt)]
        start = min(starts, key=lambda s: s.rank)
        res = search_lifted(start, target=target, time_limit=args.format_limit, seed=0)
        assert verify(res.scheme, "zt")
        fmts.append({"format": fmt, "start_rank": start.rank, "target": target, "rank": res.rank,
                     "reached": res.reached, "seconds": res.seconds})
        print(f"{'x'.join(map(str, fmt)):8} {start.rank:6d} {target:10d} {str(res.reached):>8} "
              f"{res.rank:5d} {res.seconds:8.2f}")
    results["formats_up_to_4_zt"] = fmts

    print(f"\n== 4x4x4 over GF(2) toward 47 (AlphaTensor), limit {args.gf2_444_limit:.0f} s ==")
    runs = []
    for start_name, start in [("strassen^2", product(Scheme.strassen("gf2"), Scheme.strassen("gf2"))),
                              ("naive", (4, 4, 4))]:
        limit = args.gf2_444_limit if start_name != "naive" else args.gf2_444_limit / 3
        res = search(start, ring="gf2", target=47, time_limit=limit, seed=0, progress=True)
        assert verify(res.scheme, "gf2")
        runs.append({"start": start_name, "rank": res.rank, "reached": res.reached,
                     "seconds": res.seconds, "history": res.history})
        print(f"start {start_name:10}: rank {res.rank} in {res.seconds:.1f} s (reached 47: {res.reached})")
    results["gf2_444"] = runs

    _write(results, "flipgraph_rates.json")


def _write(results: dict, name: str) -> None:
    out = Path(__file__).resolve().parent / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=lambda o: list(o) if isinstance(o, tuple) else str(o)))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
