"""Flip-graph search against the C++ reference, side by side: time to a target rank.

Builds Perminov's ``flip_graph`` and ``validate_schemes`` (``ternary_flip_graph`` at commit
9d8fcad, ``../shared/reference/ternary_flip_graph-9d8fcad.tar.gz``) with ``g++ -O3`` in a
scratch folder (skipped with a message when g++ or the archive is missing), then times both
on the same targets and seeds, in one run:

* reference: one process per seed, ``--count 1 --threads 1`` (one runner, one thread),
  reporting every 20,000 flips, ``--target-rank``; the time is from the start of the
  process to the line that reports the target rank;
* ours: :func:`solvers.flipgraph.search` with defaults (``ring=``, ``target=``, ``seed=``,
  ``time_limit=``), in this process, warm, ``NUMBA_NUM_THREADS=1``.

Each cell is the median (and min..max) time to target from the naive scheme over the
seeds; a run that misses its limit counts as infinite (the median is then "> limit" when
half of them miss). ``5x5x5`` is a fixed-time run: best rank after ``--best-seconds``.
Every scheme reported is checked with :func:`verify`, by an independent recomputation of
the Brent equations (a numpy einsum against the matrix-multiplication tensor) and, once per
target, by the reference's ``validate_schemes`` on our file written as Perminov txt.

``--threads 2`` compares both cores: the reference with ``--count 8 --threads 2`` (its
multi-runner mode) against our defaults with ``NUMBA_NUM_THREADS=2``.

Usage::

    python benchmarks/flipgraph_vs_reference.py --quick
    python benchmarks/flipgraph_vs_reference.py --targets 333-gf2,333-zt --seeds 11
    python benchmarks/flipgraph_vs_reference.py --targets 444-gf2-47 --limit 600 --seeds 1
    python benchmarks/flipgraph_vs_reference.py --threads 2 --targets 444-gf2,444-zt

Results: a table on stdout and ``benchmarks/results/flipgraph_vs_reference[_tag].json``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "reference" / "ternary_flip_graph-9d8fcad.tar.gz"
RESULTS = ROOT / "benchmarks" / "results"
_IMPROVED = re.compile(r"Rank was improved from (\d+) to (\d+), scheme was saved to \"(.*)\"")
_REF_RING = {"gf2": "Z2", "zt": "ZT"}


class Target(NamedTuple):
    """One benchmark row: format, ring, target rank (None: best rank in ``seconds``)."""

    name: str
    format: tuple[int, int, int]
    ring: str
    rank: int | None
    long: bool = False


TARGETS = [
    Target("333-gf2", (3, 3, 3), "gf2", 23),
    Target("333-zt", (3, 3, 3), "zt", 23),
    Target("245-gf2", (2, 4, 5), "gf2", 33),
    Target("245-zt", (2, 4, 5), "zt", 33),
    Target("334-gf2", (3, 3, 4), "gf2", 29),
    Target("334-zt", (3, 3, 4), "zt", 29),
    Target("344-gf2", (3, 4, 4), "gf2", 38),
    Target("344-zt", (3, 4, 4), "zt", 38),
    Target("444-gf2", (4, 4, 4), "gf2", 49),
    Target("444-zt", (4, 4, 4), "zt", 49),
    Target("444-gf2-47", (4, 4, 4), "gf2", 47, long=True),
    Target("555-gf2", (5, 5, 5), "gf2", None),
    Target("555-zt", (5, 5, 5), "zt", None),
]


class Run(NamedTuple):
    """One seed of one implementation: seconds to target (inf if missed), best rank."""

    seed: int
    seconds: float
    rank: int
    reached: bool


def build_reference(scratch: Path) -> tuple[Path, Path] | str:
    """Build ``flip_graph`` and ``validate_schemes``; return their paths or why not."""
    if shutil.which("g++") is None:
        return "g++ not found: the reference is skipped"
    if not ARCHIVE.exists():
        return f"{ARCHIVE} not found: the reference is skipped"
    src = scratch / "ternary_flip_graph"
    tools = (src / "flip_graph", src / "validate_schemes")
    if not all(t.exists() for t in tools):
        with tarfile.open(ARCHIVE) as tar:
            tar.extractall(scratch, filter="data")
        jobs = str(os.cpu_count() or 1)
        proc = subprocess.run(["make", "-C", str(src), "-j", jobs, "flip_graph", "validate_schemes"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return f"reference build failed: {proc.stderr[-2000:]}"
    return tools


def run_reference(binary: Path, target: Target, seed: int, limit: float, threads: int,
                  out_dir: Path) -> tuple[Run, Path | None]:
    """Time one reference process (``seed``) until it reports ``target.rank`` or ``limit``."""
    n, m, p = target.format
    count = 1 if threads == 1 else 8
    cmd = [str(binary), "-n1", str(n), "-n2", str(m), "-n3", str(p), "--ring", _REF_RING[target.ring],
           "--count", str(count), "--threads", str(threads), "--seed", str(seed + 1),
           "--output-path", str(out_dir), "--flip-iterations", "20000", "--top-count", "1",
           "--target-rank", str(target.rank or 0)]
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    best, best_path, reached_at = n * m * p, None, None
    lines: queue.Queue = queue.Queue()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    reader = threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout] + [lines.put(None)],
                              daemon=True)
    reader.start()
    try:
        while reached_at is None:
            left = limit - (time.perf_counter() - t0)
            if left <= 0:
                break
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:  # the process ended
                break
            hit = _IMPROVED.search(line)
            if hit:
                best, best_path = int(hit.group(2)), Path(hit.group(3))
                if target.rank is not None and best <= target.rank:
                    reached_at = time.perf_counter() - t0
    finally:
        proc.kill()
        proc.wait()
        reader.join()
    reached = reached_at is not None
    return Run(seed, reached_at if reached else float("inf"), best, reached), best_path


def brent_ok(scheme, ring: str) -> bool:
    """Independent check of the Brent equations: sum_r u_r (x) v_r (x) w_r == <n,m,p>."""
    import numpy as np

    n, m, p = scheme.format
    u = np.asarray(scheme.u, dtype=np.int64).reshape(-1, n, m)
    v = np.asarray(scheme.v, dtype=np.int64).reshape(-1, m, p)
    w = np.asarray(scheme.w, dtype=np.int64).reshape(-1, p, n)
    got = np.einsum("rab,rcd,ref->abcdef", u, v, w)
    # want[a, b, c, d, e, f] = [b == c][d == e][f == a]: A[a, b] B[c, d] feed C^T[e, f]
    want = np.einsum("bc,de,fa->abcdef", np.eye(m, dtype=np.int64), np.eye(p, dtype=np.int64),
                     np.eye(n, dtype=np.int64))
    diff = got - want
    return bool(np.all(diff % 2 == 0) if ring == "gf2" else np.all(diff == 0))


def validate_with_reference(validator: Path, scheme, scratch: Path) -> bool:
    """Write ``scheme`` as Perminov txt and run the reference's ``validate_schemes`` on it."""
    from solvers.flipgraph import write_scheme

    path = scratch / f"ours_{'x'.join(map(str, scheme.format))}_{scheme.rank}_{scheme.ring}.txt"
    write_scheme(scheme.with_ring("zt") if scheme.ring == "zt" else scheme, path)
    proc = subprocess.run([str(validator), "-i", str(path), "-f", "int"], capture_output=True, text=True)
    return "Readed scheme is correct" in proc.stdout


def run_ours(target: Target, seed: int, limit: float) -> tuple[Run, object]:
    """Time our ``search`` with defaults from the naive scheme (in process, warm)."""
    from solvers.flipgraph import search

    t0 = time.perf_counter()
    res = search(target.format, ring=target.ring, target=target.rank if target.rank is not None else 0,
                 time_limit=limit, seed=seed)
    seconds = time.perf_counter() - t0
    reached = target.rank is not None and res.reached
    return Run(seed, seconds if reached else float("inf"), res.rank, reached), res.scheme


def summarise(runs: list[Run], fixed_time: bool) -> dict:
    """Median and spread of times (or ranks, for a fixed-time row)."""
    if fixed_time:
        ranks = [r.rank for r in runs]
        return {"median_rank": statistics.median(ranks), "min_rank": min(ranks), "max_rank": max(ranks)}
    secs = [r.seconds for r in runs]
    return {"median_s": statistics.median(secs), "min_s": min(secs), "max_s": max(secs),
            "reached": sum(r.reached for r in runs), "median_rank": statistics.median(r.rank for r in runs)}


def cell(summary: dict | None, fixed_time: bool, n: int) -> str:
    """Table cell text."""
    if summary is None:
        return "skipped"
    if fixed_time:
        return f"rank {summary['median_rank']:g} ({summary['min_rank']}..{summary['max_rank']})"
    med = summary["median_s"]
    text = f"> limit (rank {summary['median_rank']:g})" if med == float("inf") else f"{med:.3f} s"
    hi = "inf" if summary["max_s"] == float("inf") else f"{summary['max_s']:.2f}"
    return f"{text} ({summary['min_s']:.2f}..{hi}, {summary['reached']}/{n})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--targets", default=None,
                    help="comma-separated rows (default: all but the long 444-gf2-47): "
                         + ", ".join(t.name for t in TARGETS))
    ap.add_argument("--seeds", type=int, default=11, help="seeds 0..S-1 per row (default 11)")
    ap.add_argument("--limit", type=float, default=30.0, help="seconds per run (default 30)")
    ap.add_argument("--long-limit", type=float, default=600.0, help="seconds per run of 444-gf2-47")
    ap.add_argument("--best-seconds", type=float, default=30.0, help="fixed time of the 5x5x5 rows")
    ap.add_argument("--threads", type=int, choices=(1, 2), default=1,
                    help="1: one core each; 2: reference --count 8 --threads 2 against ours on 2 threads")
    ap.add_argument("--no-reference", action="store_true", help="time ours only")
    ap.add_argument("--quick", action="store_true",
                    help="3 seeds, 5 s limits, rows 333-gf2, 333-zt, 334-gf2 unless --targets")
    ap.add_argument("--scratch", default=None, help="build folder of the reference (default: a temp dir)")
    ap.add_argument("--tag", default="", help="suffix of the JSON file name")
    args = ap.parse_args()
    names = [t.name for t in TARGETS]
    if args.targets:
        chosen = args.targets.split(",")
        unknown = [c for c in chosen if c not in names]
        if unknown:
            ap.error(f"unknown targets {unknown}; choose from {names}")
    elif args.quick:
        chosen = ["333-gf2", "333-zt", "334-gf2"]
    else:
        chosen = [t.name for t in TARGETS if not t.long]
    if args.quick:
        args.seeds, args.limit, args.best_seconds = min(args.seeds, 3), min(args.limit, 5.0), 5.0
    targets = [t for t in TARGETS if t.name in chosen]

    os.environ["NUMBA_NUM_THREADS"] = str(args.threads)
    from solvers.flipgraph import read_scheme, search, verify

    scratch = Path(args.scratch) if args.scratch else Path(tempfile.mkdtemp(prefix="flipgraph_ref_"))
    scratch.mkdir(parents=True, exist_ok=True)
    tools = "skipped by --no-reference" if args.no_reference else build_reference(scratch)
    if isinstance(tools, str):
        print(f"reference: {tools}", file=sys.stderr)
    search((2, 2, 2), ring="gf2", target=7, time_limit=30)  # warm-up: load the cached kernels
    search((2, 2, 2), ring="zt", target=7, time_limit=30)

    rows = []
    for t in targets:
        fixed = t.rank is None
        limit = args.best_seconds if fixed else args.long_limit if t.long else args.limit
        ref_runs, our_runs, checks = [], [], {"verify": True, "brent": True, "reference_validator": None}
        for seed in range(args.seeds):
            if not isinstance(tools, str):
                out_dir = scratch / f"out_{t.name}_{seed}"
                shutil.rmtree(out_dir, ignore_errors=True)
                out_dir.mkdir()
                run, ref_file = run_reference(tools[0], t, seed, limit, args.threads, out_dir)
                ref_runs.append(run)
                if ref_file is not None:  # the reference's scheme, read and verified by us
                    checks["reference_schemes_verified"] = checks.get("reference_schemes_verified", True) \
                        and verify(read_scheme(ref_file, ring=t.ring), t.ring)
            run, scheme = run_ours(t, seed, limit)
            our_runs.append(run)
            checks["verify"] &= verify(scheme, t.ring)
            checks["brent"] &= brent_ok(scheme, t.ring)
            if not isinstance(tools, str) and t.ring == "zt" and checks["reference_validator"] is None:
                # validate_schemes checks the Brent equations over Z only (it rejects the
                # reference's own GF(2) files too), so GF(2) rows are not sent to it
                checks["reference_validator"] = validate_with_reference(tools[1], scheme, scratch)
            print(f"  {t.name} seed {seed}: ref {ref_runs[-1] if ref_runs else '-'}  ours {run}",
                  file=sys.stderr, flush=True)
        ref = summarise(ref_runs, fixed) if ref_runs else None
        ours = summarise(our_runs, fixed)
        ratio = None
        if not fixed and ref and math.isfinite(ref["median_s"]) and math.isfinite(ours["median_s"]):
            ratio = ours["median_s"] / ref["median_s"]
        rows.append({"target": t.name, "format": list(t.format), "ring": t.ring, "rank": t.rank,
                     "limit_s": limit, "reference": ref, "ours": ours, "ratio": ratio, "checks": checks,
                     "reference_runs": [r._asdict() for r in ref_runs], "our_runs": [r._asdict() for r in our_runs]})
        print(f"{t.name:11} {cell(ref, fixed, args.seeds):>34} {cell(ours, fixed, args.seeds):>34} "
              f"{'' if ratio is None else f'{ratio:.2f}':>6}", flush=True)

    mode = "one core each" if args.threads == 1 else "both cores (reference --count 8 --threads 2)"
    print(f"\n== time to target from the naive scheme, {mode}, {args.seeds} seeds: median (min..max, reached) ==")
    print("| target | limit s | C++ reference | ours (defaults) | ours/ref | checks |")
    print("|---|---|---|---|---|---|")
    for r, t in zip(rows, targets):
        fixed = t.rank is None
        goal = t.rank if t.rank else f"best in {r['limit_s']:g} s"
        what = f"{'x'.join(map(str, t.format))} {t.ring} -> {goal}"
        ok = "ok" if r["checks"]["verify"] and r["checks"]["brent"] else "FAILED"
        val = r["checks"]["reference_validator"]
        ok += "" if val is None else ", validate_schemes ok" if val else ", validate_schemes FAILED"
        ref_ok = r["checks"].get("reference_schemes_verified")
        ok += "" if ref_ok is None else ", reference's schemes verified" if ref_ok else ", reference's scheme INVALID"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"| {what} | {r['limit_s']:g} | {cell(r['reference'], fixed, args.seeds)} | "
              f"{cell(r['ours'], fixed, args.seeds)} | {ratio} | {ok} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"flipgraph_vs_reference{'_' + args.tag if args.tag else ''}.json"
    path.write_text(json.dumps({"threads": args.threads, "seeds": args.seeds, "command": sys.argv,
                                "rows": rows}, indent=1, default=str) + "\n")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
