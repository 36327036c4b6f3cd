"""Growth of Cayley graphs: permlab's ranked engine beside CayleyPy 0.2.0, same machine, same run.

Installs ``cayleypy==0.2.0`` with ``torch==2.13.0`` (CPU) into ``benchmarks/.venv-cayleypy``
on first use. Every case runs in a fresh subprocess for each tool; CayleyPy's three CPU BFS
algorithms (torch ``bfs``, ``bfs_numpy``, ``bfs_bitmask``) are each tried and the fastest is
the reference. Layer sizes must agree. Prints a table and writes
``benchmarks/results/growth_vs_cayleypy.json``.

Usage: ``python benchmarks/growth_vs_cayleypy.py [--quick | --cases lrx:11,top_spin:11] [--repeat K]
[--timeout S] [--algos A,B]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-cayleypy"
RESULTS = HERE / "results" / "growth_vs_cayleypy.json"

CASES = [(f, n) for n in (10, 11) for f in ("lrx", "coxeter", "pancake", "top_spin", "cyclic_coxeter", "stars")]
CASES += [("all_transpositions", 9), ("all_transpositions", 10), ("burnt_pancake", 8)]
QUICK = [("lrx", 10), ("coxeter", 10), ("pancake", 10), ("all_transpositions", 9), ("burnt_pancake", 8)]

CAYLEYPY_RUN = r"""
import json, sys, time
from cayleypy import CayleyGraph, PermutationGroups
from cayleypy.algo.bfs_numpy import bfs_numpy
from cayleypy.algo.bfs_bitmask import bfs_bitmask
family, n, algo = sys.argv[1], int(sys.argv[2]), sys.argv[3]
graph = CayleyGraph(getattr(PermutationGroups, family)(n), device="cpu")
t = time.perf_counter()
if algo == "bfs":
    sizes = graph.bfs().layer_sizes
elif algo == "bfs_numpy":
    sizes = bfs_numpy(graph)
else:
    sizes = bfs_bitmask(graph)
print(json.dumps({"seconds": time.perf_counter() - t, "layer_sizes": [int(s) for s in sizes]}))
"""

PERMLAB_RUN = r"""
import json, sys, time
from cayley import CayleyGraph, growth
family, n = sys.argv[1], int(sys.argv[2])
growth(CayleyGraph.from_family(family, 6 + n % 2))  # load this hash's compiled kernels (A_n: n odd)
graph = CayleyGraph.from_family(family, n)
t = time.perf_counter()
result = growth(graph, progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "layer_sizes": result.layer_sizes,
                  "peak_memory_bytes": result.peak_memory_bytes}))
"""


def ensure_cayleypy() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"installing cayleypy==0.2.0 and torch==2.13.0 into {VENV} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "torch==2.13.0", "cayleypy==0.2.0"], check=True)
    return python


def run_json(cmd: list[str], timeout: float) -> dict | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        print(f"  failed: {' '.join(cmd[-3:])}: {out.stderr.strip().splitlines()[-1:]}", flush=True)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n=10 cases only")
    parser.add_argument("--cases", help="comma-separated family:n pairs instead of the full list")
    parser.add_argument("--repeat", type=int, default=3, help="runs of permlab per case (median)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per CayleyPy run")
    parser.add_argument("--algos", default="bfs,bfs_numpy,bfs_bitmask",
                        help="CayleyPy CPU algorithms to try (comma-separated); the fastest is the reference")
    args = parser.parse_args()
    cayleypy = ensure_cayleypy()
    rows = []
    header = f"{'case':<22} {'states':>10} {'permlab s':>10} {'CayleyPy s':>11} {'algo':>12} {'ratio':>7} agree"
    print(header)
    cases = QUICK if args.quick else CASES
    if args.cases:
        try:
            cases = [(name, int(n)) for name, n in (case.split(":") for case in args.cases.split(","))]
        except ValueError:
            parser.error(f"--cases takes family:n pairs separated by commas, e.g. lrx:11,top_spin:11; got {args.cases!r}")
    for family, n in cases:
        ours = [run_json([sys.executable, "-c", PERMLAB_RUN, family, str(n)], 3600) for _ in range(args.repeat)]
        ours = [o for o in ours if o]
        best, best_algo, agree = None, None, True
        for algo in args.algos.split(","):
            theirs = run_json([str(cayleypy), "-c", CAYLEYPY_RUN, family, str(n), algo], args.timeout)
            if theirs is None:
                continue
            agree &= theirs["layer_sizes"] == ours[0]["layer_sizes"]
            if best is None or theirs["seconds"] < best:
                best, best_algo = theirs["seconds"], algo
        median = statistics.median(o["seconds"] for o in ours)
        ratio = best / median if best else None
        row = {
            "family": family, "n": n, "states": sum(ours[0]["layer_sizes"]), "permlab_seconds": median,
            "permlab_runs": [o["seconds"] for o in ours], "cayleypy_seconds": best,
            "cayleypy_algo": best_algo, "ratio": ratio, "layers_agree": agree,
            "peak_memory_bytes": ours[0]["peak_memory_bytes"],
        }
        rows.append(row)
        theirs_text = f"{best:>11.2f}" if best else f"{'>' + str(int(args.timeout)):>11}"
        ratio_text = f"{ratio:>6.1f}x" if ratio else f"{'-':>7}"
        print(f"{family + ' ' + str(n):<22} {row['states']:>10} {median:>10.2f} {theirs_text} "
              f"{str(best_algo):>12} {ratio_text} {agree}", flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": "see README: 2-core CPU", "rows": rows}, indent=1))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
