"""Realizability beside SimplicialTest 1.3.0 (Yen, Phys. Rev. E 104, L042303, 2021).

SimplicialTest is installed with numpy<2 into its own venv (``benchmarks/.venv-simplicial-test``)
on first use and run in a subprocess; both sides read the same degree/size files from
``../shared/data/simplicial``. Times are medians of ``--repeats`` runs after one warm-up
(numba kernels load from the on-disk cache; SimplicialTest's import is not timed).

Usage: ``python benchmarks/simplicial_realize.py [--repeats 5] [--dense-time-limit 60]``

The dense instances (the shared sets and a seeded generator of further ones) are measured
beside SimplicialTest in the same run by ``simplicial_dense.py``, which reuses this venv.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from combinat.simplicial import is_simplicial, read_sequence, realize  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "simplicial"
VENV = HERE / ".venv-simplicial-test"
INSTANCES = {
    "crime": ("simplicial_test_datasets/crime_degs.txt", "simplicial_test_datasets/crime_sizes.txt"),
    "diseasome": ("simplicial_test_datasets/diseasome_degs.txt",
                  "simplicial_test_datasets/diseasome_sizes.txt"),
    "pollinators_pruned": ("derived_pollinators_pruned_degs.txt",
                           "derived_pollinators_pruned_sizes.txt"),
}
REFERENCE_RUNNER = """
import json, statistics, sys, time
from simplicial_test import Test
d = [int(x) for x in open(sys.argv[1]).read().split()]
s = [int(x) for x in open(sys.argv[2]).read().split()]
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    ok, facets = Test(d, s).is_simplicial()
    times.append(time.perf_counter() - t)
print(json.dumps({"median_s": statistics.median(times), "realizable": bool(ok)}))
"""


def reference_python() -> Path:
    """Python of the SimplicialTest venv, created on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "simplicial-test==1.3.0",
                        "numpy<2"], check=True)
    return python


def ours(degrees: list[int], sizes: list[int], repeats: int) -> dict:
    realize(degrees, sizes)  # warm-up
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = realize(degrees, sizes)
        times.append(time.perf_counter() - t)
    assert result.status != "realizable" or is_simplicial(result.facets)
    return {"median_s": statistics.median(times), "status": result.status, "steps": result.steps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--reference-repeats", type=int, default=3)
    ap.add_argument("--dense-time-limit", type=float, default=60.0)
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"shared data not found at {DATA}")
    python = reference_python()
    rows = []
    for name, (degs_file, sizes_file) in INSTANCES.items():
        degs_path, sizes_path = DATA / degs_file, DATA / sizes_file
        mine = ours(read_sequence(degs_path), read_sequence(sizes_path), args.repeats)
        done = subprocess.run([str(python), "-c", REFERENCE_RUNNER, str(degs_path), str(sizes_path),
                               str(args.reference_repeats)], capture_output=True, text=True, check=True)
        ref = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append({"instance": name, "ours_s": mine["median_s"], "ours_status": mine["status"],
                     "ours_steps": mine["steps"], "simplicial_test_s": ref["median_s"],
                     "simplicial_test_realizable": ref["realizable"],
                     "speedup": ref["median_s"] / mine["median_s"]})
    print(f"\nrealize vs SimplicialTest 1.3.0 (median of {args.repeats} / {args.reference_repeats})")
    print(f"{'instance':20s} {'ours s':>9s} {'steps':>6s} {'SimplicialTest s':>17s} {'speedup':>8s}")
    for r in rows:
        print(f"{r['instance']:20s} {r['ours_s']:9.4f} {r['ours_steps']:6d} "
              f"{r['simplicial_test_s']:17.3f} {r['speedup']:7.0f}x")

    dense = json.loads((DATA / "test_vectors/dense_realizable_n12_n16.json").read_text())
    dense_rows = []
    for case in dense["instances"]:
        t = time.perf_counter()
        result = realize(case["d"], case["s"], time_limit=args.dense_time_limit)
        dense_rows.append({"n": len(case["d"]), "m": len(case["s"]), "status": result.status,
                           "steps": result.steps, "ours_s": time.perf_counter() - t,
                           "simplicial_test_default": case["simplicial_test_default"]})
    print("\ndense instances (SimplicialTest outcome as measured in the data file)")
    print(f"{'n':>3s} {'m':>3s} {'ours':>11s} {'steps':>7s} {'ours s':>8s}   SimplicialTest")
    for r in dense_rows:
        st = r["simplicial_test_default"]
        print(f"{r['n']:3d} {r['m']:3d} {r['status']:>11s} {r['steps']:7d} {r['ours_s']:8.3f}   "
              f"{st['res']} ({st['sec']} s)")

    out = HERE / "results" / "simplicial_realize.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"datasets": rows, "dense": dense_rows}, indent=2))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
