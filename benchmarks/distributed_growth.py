"""MPI-sharded growth (``cayley.bfs.distributed``) on 1, 2 and 4 ranks beside ``growth()``.

For each rank count it runs ``mpiexec -n K`` on this machine and records the wall time, the
bytes all ranks sent in each layer's ``Alltoallv`` and the peak memory of each rank (the
engine's own count of codes plus buffers, and the process's max RSS). The single-process
``growth()`` runs in the same session as the baseline; layer sizes must agree. Ranks beyond
the core count are oversubscribed (numba gets ``cores // ranks`` threads, at least 1).

The extra's packages (mpi4py, mpich) come from the running interpreter if it has them,
else they are installed into ``benchmarks/.venv-distributed`` on first use.

Usage: ``python benchmarks/distributed_growth.py [--n 12] [--family lrx] [--ranks 1 2 4]
[--repeat 3]``. Prints a table and the S_15/S_16 projection built from it (see
:func:`projection`) and writes ``benchmarks/results/distributed_growth_<family>_<n>.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv-distributed"
RESULTS = HERE / "results"  # distributed_growth_<family>_<n>.json
EXTRA = ["mpi4py>=4.0", "mpich>=4.2"]

RANK_RUN = r"""
import json, resource, sys, time
from mpi4py import MPI
from cayley import CayleyGraph
from cayley.bfs.distributed import distributed_growth
family, n = sys.argv[1], int(sys.argv[2])
distributed_growth(CayleyGraph.from_family(family, min(n, 10)))  # load the compiled kernels (plane passes from n = 9)
comm = MPI.COMM_WORLD
comm.Barrier()
stats = {}
t = time.perf_counter()
result = distributed_growth(CayleyGraph.from_family(family, n), stats=stats)
seconds = time.perf_counter() - t
rss = comm.gather(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
if comm.Get_rank() == 0:
    print(json.dumps({"seconds": seconds, "layer_sizes": result.layer_sizes, "state_space": result.state_space,
                      "max_rss_per_rank": rss, **stats}))
"""

SINGLE_RUN = r"""
import json, sys, time
from cayley import CayleyGraph, growth
family, n = sys.argv[1], int(sys.argv[2])
growth(CayleyGraph.from_family(family, min(n, 10)))  # load the compiled kernels
t = time.perf_counter()
result = growth(CayleyGraph.from_family(family, n), progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "layer_sizes": result.layer_sizes,
                  "peak_memory_bytes": result.peak_memory_bytes}))
"""


def results_path(family: str, n: int) -> Path:
    return RESULTS / f"distributed_growth_{family}_{n}.json"


def python_with_extra() -> Path:
    """This interpreter if it has mpi4py and mpiexec beside it, else the benchmark venv's."""
    here = Path(sys.executable)
    has = subprocess.run([str(here), "-c", "import mpi4py"], capture_output=True).returncode == 0
    if has and (here.parent / "mpiexec").exists():
        return here
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", str(ROOT), *EXTRA], check=True)
    return python


def run_json(label: str, cmd: list[str], env: dict) -> dict:
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {label}: {out['seconds']:.2f} s", file=sys.stderr, flush=True)
    return out


def projection(measured: dict, cores_per_node: int = 64, ram_gb: int = 256,
               link_gbit: float = 100.0) -> list[dict]:
    """S_15 and S_16 lrx growth on a cluster, scaled from the measured 2-rank run of the
    engine sharded by planes (two bits per state).

    One rank per node owns one plane ((n-1)! states, (n-1)!/4 bytes) and holds the two
    planes beside it as a halo (lrx: L and R read them), so a node needs 3 planes of RAM
    (at most 75% of it). Each dense layer (the measured share of the n=12 layers, applied to
    the n(n-1)/2 + 1 layers of lrx n) receives those two planes over the node's link; the
    sparse layers' exchange is small beside it and left out. Compute assumes the measured
    per-core rate and numba threads that scale linearly to every core of a node, which 2
    cores cannot confirm, times the imbalance of one plane per rank: the two ranks whose
    planes lrx's X turns into do 1 + ``SHARD_TURN_WEIGHT`` units of work where the others do
    one, and every layer waits for them.
    """
    import math

    from cayley.bfs import _tuning

    two = next(r for r in measured["rows"] if r["ranks"] == 2)
    per_core = measured["states"] / two["median_s"] / 2  # states per core-second, measured
    dense_share = sum(two["dense_per_layer"]) / len(two["dense_per_layer"])
    out = []
    for n in (15, 16):
        states = math.factorial(n)
        plane_bytes = math.factorial(n - 1) / 4
        layers = n * (n - 1) // 2 + 1
        dense_layers = round(dense_share * layers)
        node_bytes = 3 * plane_bytes
        work = [1 + _tuning.SHARD_TURN_WEIGHT] * 2 + [1] * (n - 2)
        imbalance = max(work) / (sum(work) / n)
        out.append({
            "n": n, "states": states, "codes_tb": states / 4 / 1e12, "nodes": n, "ranks": n,
            "plane_gb": plane_bytes / 1e9, "node_gb": node_bytes / 1e9,
            "fits": node_bytes <= 0.75 * ram_gb * 1e9, "ram_gb_needed": node_bytes / 0.75 / 1e9,
            "dense_layers": dense_layers, "network_tb_per_node": dense_layers * 2 * plane_bytes / 1e12,
            "network_s": dense_layers * 2 * plane_bytes / (link_gbit / 8 * 1e9),
            "imbalance": imbalance, "compute_s": states / (per_core * n * cores_per_node) * imbalance,
            "per_core_rate": per_core,
        })
    return out


def print_projection(rows: list[dict]) -> None:
    print(f"projection (one rank of 64 cores per node, 100 Gb/s links; rate {rows[0]['per_core_rate'] / 1e6:.2f} "
          "Mstates/s per core measured with 2 ranks here)")
    print(f"{'n':>3} {'states':>10} {'codes TB':>9} {'nodes':>6} {'plane GB':>9} {'GB/node':>8} {'fits 256 GB':>11} "
          f"{'dense layers':>12} {'TB in/node':>10} {'net s':>7} {'compute s':>10}")
    for r in rows:
        print(f"{r['n']:>3} {r['states']:>10.2e} {r['codes_tb']:>9.2f} {r['nodes']:>6} {r['plane_gb']:>9.1f} "
              f"{r['node_gb']:>8.0f} {str(r['fits']):>11} {r['dense_layers']:>12} {r['network_tb_per_node']:>10.2f} "
              f"{r['network_s']:>7.0f} {r['compute_s']:>10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--family", default="lrx")
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", action="store_true",
                        help="only print the S_15/S_16 projection from the saved results")
    args = parser.parse_args()
    if args.project:
        print_projection(json.loads(results_path(args.family, args.n).read_text())["projection"])
        return
    python = python_with_extra()
    mpiexec = str(python.parent / "mpiexec")
    cores = os.cpu_count() or 1
    case = [args.family, str(args.n)]

    single = [run_json("growth()", [str(python), "-c", SINGLE_RUN, *case], dict(os.environ))
              for _ in range(args.repeat)]
    reference = single[0]["layer_sizes"]
    rows = [{"ranks": "growth()", "median_s": statistics.median(r["seconds"] for r in single),
             "runs_s": [r["seconds"] for r in single], "peak_bytes_per_rank": [single[0]["peak_memory_bytes"]]}]
    for k in args.ranks:
        env = dict(os.environ, NUMBA_NUM_THREADS=str(max(1, cores // k)))
        runs = [run_json(f"{k} ranks", [mpiexec, "-n", str(k), str(python), "-c", RANK_RUN, *case], env)
                for _ in range(args.repeat)]
        for r in runs:
            if r["layer_sizes"] != reference:
                raise AssertionError(f"{k} ranks: layer sizes differ from growth()")
        first = runs[0]
        rows.append({
            "ranks": k, "median_s": statistics.median(r["seconds"] for r in runs),
            "runs_s": [r["seconds"] for r in runs],
            "bytes_per_layer": first["bytes_per_layer"], "total_bytes": sum(first["bytes_per_layer"]),
            "max_layer_bytes": max(first["bytes_per_layer"]),
            "rounds_per_layer": first["rounds_per_layer"],
            "peak_bytes_per_rank": first["peak_bytes_per_rank"],
            "max_rss_per_rank": first["max_rss_per_rank"],
            "state_space": first["state_space"], "dense_per_layer": first.get("dense_per_layer"),
            "seconds_per_rank": first.get("seconds_per_rank"),
        })
    states = sum(reference)
    print(f"{args.family} n={args.n}: {states} states, diameter {len(reference) - 1}, "
          f"{cores} cores, medians of {args.repeat} runs (machine shared with other work)")
    print(f"{'ranks':>9} {'median s':>9} {'Mstates/s':>10} {'sent total':>11} {'max layer':>10} "
          f"{'engine MB/rank':>15} {'RSS MB/rank':>12}")
    for row in rows:
        mb = max(row["peak_bytes_per_rank"]) / 2**20
        rss = max(row.get("max_rss_per_rank", [0])) / 2**20
        sent = row.get("total_bytes", 0) / 2**20
        layer = row.get("max_layer_bytes", 0) / 2**20
        print(f"{row['ranks']!s:>9} {row['median_s']:>9.2f} {states / row['median_s'] / 1e6:>10.1f} "
              f"{sent:>9.0f}MB {layer:>8.0f}MB {mb:>15.0f} {rss:>12.0f}")
    measured = {"family": args.family, "n": args.n, "states": states, "cores": cores,
                "layer_sizes": reference, "rows": rows}
    if args.family == "lrx" and 2 in args.ranks:
        measured["projection"] = projection(measured)
        print_projection(measured["projection"])
    path = results_path(args.family, args.n)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(measured, indent=1))
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
