"""Flip rate of one walker, ours beside the C++ reference, in one run (GF(2), one core each).

Both walk from the naive scheme with the reference's default walk (plus transition every
5,000 .. 100,000 flips counted from the last reduction, plus band 4, drifting): the
reference's ``flip_graph --ring Z2 --count 1 --threads 1 --flip-iterations F`` until it has
reported ``--reports`` times (``reports * F`` flips), ours ``walk_serial`` with
``plateau=5000, plateau_max=100000, plus_band=4, drift=True`` for the same number of flips.
Rates are flips per CPU second of the process (the reference: its user time from
``wait4``; ours: ``time.process_time()`` around the walk), so that other work on a busy
machine slows neither side's figure much; wall-clock rates are printed beside them.
Repeats alternate the two, so both see the same machine load.

Usage::

    python benchmarks/flipgraph_kernel_vs_reference.py [--formats 333,444] [--repeats 3]

Results: a table on stdout and ``benchmarks/results/flipgraph_kernel_vs_reference.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

from flipgraph_vs_reference import RESULTS, build_reference  # noqa: E402

# the reference's default walk (flip_graph --min/max-plus-iterations, --plus-diff)
PLATEAU, PLATEAU_MAX, PLUS_BAND = 5_000, 100_000, 4


class Rate(NamedTuple):
    """Flips of one measurement and the CPU and wall seconds they took."""

    flips: int
    cpu_s: float
    wall_s: float


def reference_rate(binary: Path, fmt: tuple[int, int, int], seed: int, flips_per_report: int,
                   reports: int, out_dir: Path) -> Rate:
    """Run the reference until its ``reports``-th report; its user CPU time from ``wait4``."""
    n, m, p = fmt
    cmd = [str(binary), "-n1", str(n), "-n2", str(m), "-n3", str(p), "--ring", "Z2", "--count", "1",
           "--threads", "1", "--seed", str(seed), "--output-path", str(out_dir),
           "--flip-iterations", str(flips_per_report), "--target-rank", "1"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=dict(os.environ, OMP_NUM_THREADS="1"))
    seen = 0
    for line in proc.stdout:
        if line.startswith("- iteration time"):
            seen += 1
            if seen == reports:
                break
    wall = time.perf_counter() - t0
    proc.kill()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    return Rate(seen * flips_per_report, usage.ru_utime, wall)


def our_rate(fmt: tuple[int, int, int], seed: int, flips: int) -> Rate:
    """``walk_serial`` of one walker from the naive scheme for ``flips`` flips (warm kernel)."""
    import numpy as np

    from solvers.flipgraph import Scheme
    from solvers.flipgraph._kernels import FLIPS, N_COUNTERS, walk_serial
    from solvers.flipgraph._packing import pack_scheme

    start = Scheme.naive(*fmt, "gf2")
    masks, signs = pack_scheme(start, False, start.rank + PLUS_BAND + 2)
    arrays = [masks[None].copy(), signs[None].copy(), masks[None].copy(), signs[None].copy()]
    ranks = np.array([start.rank], np.int64)
    best = ranks.copy()
    rng = np.array([(seed * 0x9E3779B97F4A7C15 % 2**64) | 1], np.uint64)
    counters = np.zeros((1, N_COUNTERS), np.int64)
    walk_serial(*arrays, ranks.copy(), best.copy(), rng.copy(), counters.copy(), 0, PLATEAU, PLATEAU_MAX,
                PLUS_BAND, 1, False, False, True)  # compile or load the kernel
    cpu0, wall0 = time.process_time(), time.perf_counter()
    walk_serial(*arrays, ranks, best, rng, counters, flips, PLATEAU, PLATEAU_MAX, PLUS_BAND, 1, False, False, True)
    return Rate(int(counters[0, FLIPS]), time.process_time() - cpu0, time.perf_counter() - wall0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--formats", default="333,444", help="comma-separated formats, e.g. 333,444")
    ap.add_argument("--repeats", type=int, default=3, help="measurements per side and format (seeds 1..R)")
    ap.add_argument("--flips", type=int, default=10_000_000, help="flips per measurement")
    ap.add_argument("--scratch", default=None, help="build folder of the reference (default: a temp dir)")
    args = ap.parse_args()
    formats = []
    for text in args.formats.split(","):
        if len(text) != 3 or not text.isdigit():
            ap.error(f"a format is three digits such as 333, got {text!r}")
        formats.append(tuple(int(c) for c in text))
    scratch = Path(args.scratch) if args.scratch else Path(tempfile.mkdtemp(prefix="flipgraph_ref_"))
    scratch.mkdir(parents=True, exist_ok=True)
    tools = build_reference(scratch)
    if isinstance(tools, str):
        sys.exit(f"error: {tools}")
    reports = 5
    rows = []
    for fmt in formats:
        ref_runs, our_runs = [], []
        for seed in range(1, args.repeats + 1):
            out_dir = Path(tempfile.mkdtemp(prefix="rate_", dir=scratch))
            ref_runs.append(reference_rate(tools[0], fmt, seed, args.flips // reports, reports, out_dir))
            our_runs.append(our_rate(fmt, seed, args.flips))
        row = {"format": "x".join(map(str, fmt)), "flips": args.flips}
        for name, runs in (("reference", ref_runs), ("ours", our_runs)):
            row[name] = {"cpu_rates": [r.flips / r.cpu_s for r in runs], "wall_rates": [r.flips / r.wall_s for r in runs]}
            row[name]["median_cpu_rate"] = statistics.median(row[name]["cpu_rates"])
            row[name]["median_wall_rate"] = statistics.median(row[name]["wall_rates"])
        row["ratio"] = row["ours"]["median_cpu_rate"] / row["reference"]["median_cpu_rate"]
        rows.append(row)
    load = os.getloadavg()[0]
    print(f"\n== flips per CPU second (wall in brackets), one walker, GF(2), median of {args.repeats}, "
          f"load {load:.1f} ==")
    print("| format | C++ reference | ours | ours/ref |")
    print("|---|---|---|---|")
    for r in rows:
        ref, ours = r["reference"], r["ours"]
        print(f"| {r['format']} | {ref['median_cpu_rate'] / 1e6:.2f} M ({ref['median_wall_rate'] / 1e6:.2f} M) | "
              f"{ours['median_cpu_rate'] / 1e6:.2f} M ({ours['median_wall_rate'] / 1e6:.2f} M) | {r['ratio']:.2f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "flipgraph_kernel_vs_reference.json"
    path.write_text(json.dumps({"command": sys.argv, "load_1min": load, "rows": rows}, indent=1) + "\n")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
