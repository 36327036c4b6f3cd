"""GPU flip-graph benchmark: flips/s on 3x3x3 and 4x4x4 (GF(2), zt), CPU rate, 4x4x4:47 search.

Prints a table and writes ``benchmarks/results/flipgraph_gpu.json`` (and a copy to
``--json`` when given). All figures of one run come from the same machine: the GPU rates
(one walker per CUDA thread), the CPU path's rate on that machine's own cores (numba
``search``, all threads) and time-boxed searches from the naive scheme. Every scheme
reported is verified exactly on the host (the search verifies each improvement).

Usage: PYTHONPATH=. python benchmarks/flipgraph_gpu.py [--walkers 131072]
       [--rate-seconds 4] [--cpu-seconds 6] [--search-limit 150] [--quick]
``--quick`` runs tiny budgets on the CPU twin (``backend="numba"``) as a smoke test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from solvers.flipgraph import Scheme, known_rank, search, verify
from solvers.flipgraph.gpu import cupy_step, load_cupy, numba_step, pack_walkers, search_gpu


def device_name(backend: str) -> str:
    if backend != "cupy":
        return f"CPU twin ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"
    cp = load_cupy()
    name = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def walk_rate(fmt, ring: str, walkers: int, seconds: float, backend: str) -> dict:
    """Aggregate flips/s of ``walkers`` walkers from the naive scheme (after leaving it)."""
    xp = load_cupy() if backend == "cupy" else np
    step = cupy_step if backend == "cupy" else numba_step
    start = Scheme.naive(*fmt, ring)
    state = pack_walkers(start, walkers, start.rank + 4, seed=1, xp=xp)
    t0 = time.perf_counter()
    step(state, 64, 3_000, 2, 0)  # compile + leave the naive start
    warm = time.perf_counter() - t0
    before = int(state.counters[0].sum())
    chunk, launches = 256, 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        tc = time.perf_counter()
        step(state, chunk, 3_000, 2, 0)
        launches += 1
        chunk = int(min(max(chunk * (0.2 / max(time.perf_counter() - tc, 1e-6)) ** 0.5, 16), 1 << 22))
    elapsed = time.perf_counter() - t0
    flips = int(state.counters[0].sum()) - before
    return {"format": list(fmt), "ring": ring, "walkers": walkers, "flips": flips, "seconds": round(elapsed, 3),
            "flips_per_s": flips / elapsed, "launches": launches, "first_call_s": round(warm, 3),
            "best_rank": int(state.best_ranks.min())}


def cpu_rate(fmt, ring: str, seconds: float) -> dict:
    """The CPU path (numba ``search``, all threads) on this machine: flips/s over ``seconds``."""
    import numba

    search(fmt, ring=ring, target=0, time_limit=1.0, seed=0)  # compile
    res = search(fmt, ring=ring, target=0, time_limit=seconds, seed=1)
    return {"format": list(fmt), "ring": ring, "threads": numba.get_num_threads(), "flips": res.flips,
            "seconds": round(res.seconds, 3), "flips_per_s": res.flips / res.seconds,
            "best_rank": res.rank}


def timed_search(fmt, target: int, walkers: int, limit: float, backend: str) -> dict:
    res = search_gpu(fmt, target=target, walkers=walkers, time_limit=limit, seed=0, backend=backend,
                     progress=True)
    assert verify(res.scheme, "gf2"), "unverified scheme"  # the host loop verified it already
    return {"format": list(fmt), "target": target, "walkers": walkers, "time_limit": limit,
            "reached": res.reached, "rank": res.rank, "seconds": round(res.seconds, 3),
            "flips": res.flips, "history": [[round(t, 3), r] for t, r in res.history],
            "verified": True}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--walkers", type=int, default=1 << 17)
    ap.add_argument("--rate-seconds", type=float, default=4.0)
    ap.add_argument("--cpu-seconds", type=float, default=6.0)
    ap.add_argument("--search-limit", type=float, default=150.0, help="seconds for 4x4x4 -> 47")
    ap.add_argument("--json", type=Path, help="also write the JSON here")
    ap.add_argument("--quick", action="store_true", help="tiny budgets on the CPU twin (smoke test)")
    args = ap.parse_args()
    backend = "numba" if args.quick else "cupy"
    if args.quick:
        args.walkers, args.rate_seconds, args.cpu_seconds, args.search_limit = 8, 0.5, 1.0, 2.0
    report: dict = {"device": device_name(backend), "backend": backend, "gpu_rates": [],
                    "cpu_rates": [], "searches": []}
    print(f"device: {report['device']}")
    for ring, fmt in ((r, f) for r in ("gf2", "zt") for f in ((3, 3, 3), (4, 4, 4))):
        g = walk_rate(fmt, ring, args.walkers, args.rate_seconds, backend)
        c = cpu_rate(fmt, ring, args.cpu_seconds)
        report["gpu_rates"].append(g)
        report["cpu_rates"].append(c)
        print(f"{'x'.join(map(str, fmt))} {ring}: {backend} {g['flips_per_s']:.3e} flips/s "
              f"({g['walkers']} walkers, first call {g['first_call_s']} s) | CPU numba "
              f"{c['flips_per_s']:.3e} flips/s ({c['threads']} threads) | ratio "
              f"{g['flips_per_s'] / c['flips_per_s']:.1f}", flush=True)
    for fmt, limit in (((3, 3, 3), min(30.0, args.search_limit)), ((4, 4, 4), args.search_limit)):
        target = known_rank(*fmt, "gf2")
        s = timed_search(fmt, target, args.walkers, limit, backend)
        report["searches"].append(s)
        print(f"search {'x'.join(map(str, fmt))} -> {target}: rank {s['rank']} in {s['seconds']} s "
              f"(reached: {s['reached']}, {s['flips']:.3e} flips, verified on the host)", flush=True)
    text = json.dumps(report, indent=1)
    out = Path(__file__).parent / "results" / "flipgraph_gpu.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    if args.json:
        args.json.write_text(text)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
