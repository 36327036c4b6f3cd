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
:func:`projection`) and writes ``benchmarks/results/distributed_growth.json``.
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
RESULTS = HERE / "results" / "distributed_growth.json"
EXTRA = ["mpi4py>=4.0", "mpich>=4.2"]

RANK_RUN = r"""
import json, resource, sys, time
from mpi4py import MPI
from cayley import CayleyGraph
from cayley.bfs.distributed import distributed_growth
family, n = sys.argv[1], int(sys.argv[2])
distributed_growth(CayleyGraph.from_family(family, 6))  # load the compiled kernels
comm = MPI.COMM_WORLD
comm.Barrier()
stats = {}
t = time.perf_counter()
result = distributed_growth(CayleyGraph.from_family(family, n), stats=stats)
seconds = time.perf_counter() - t
rss = comm.gather(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
if comm.Get_rank() == 0:
    print(json.dumps({"seconds": seconds, "layer_sizes": result.layer_sizes,
                      "max_rss_per_rank": rss, **stats}))
"""

SINGLE_RUN = r"""
import json, sys, time
from cayley import CayleyGraph, growth
family, n = sys.argv[1], int(sys.argv[2])
growth(CayleyGraph.from_family(family, 6))
t = time.perf_counter()
result = growth(CayleyGraph.from_family(family, n), progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "layer_sizes": result.layer_sizes,
                  "peak_memory_bytes": result.peak_memory_bytes}))
"""


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
    """S_15 and S_16 lrx growth on a cluster, scaled from the measured 2-rank run.

    Assumes one rank per core, codes in 75% of each node's RAM, compute that scales
    linearly with cores (not verified beyond 2 cores) and a full-duplex link per node.
    """
    import math

    two = next(r for r in measured["rows"] if r["ranks"] == 2)
    per_core = measured["states"] / two["median_s"] / 2  # states per core-second, measured
    peak_fraction = max(measured["layer_sizes"]) / measured["states"]
    g = 3  # lrx generators
    out = []
    for n in (15, 16):
        states = math.factorial(n)
        nodes = 1 << math.ceil(math.log2(states / (0.75 * ram_gb * 1e9)))
        ranks = nodes * cores_per_node
        wire = 4 if states / ranks <= 2**32 else 8
        total = states * g * (ranks - 1) / ranks * wire
        out.append({
            "n": n, "states": states, "nodes": nodes, "ranks": ranks,
            "codes_gb_per_node": states / nodes / 1e9, "wire_bytes": wire,
            "network_tb_total": total / 1e12, "network_tb_per_node": total / nodes / 1e12,
            "max_layer_gb_sent": peak_fraction * states * g * wire / 1e9,
            "network_s": total / nodes / (link_gbit / 8 * 1e9),
            "compute_s": states / (per_core * ranks), "per_core_rate": per_core,
        })
    return out


def print_projection(rows: list[dict]) -> None:
    print(f"projection (64 cores, 256 GB, 100 Gb/s per node; rate {rows[0]['per_core_rate'] / 1e6:.2f} "
          "Mstates/s per core measured with 2 ranks here)")
    print(f"{'n':>3} {'states':>10} {'nodes':>6} {'ranks':>6} {'GB/node':>8} {'wire B':>7} "
          f"{'TB sent':>8} {'TB/node':>8} {'max layer GB':>13} {'net s':>7} {'compute s':>10}")
    for r in rows:
        print(f"{r['n']:>3} {r['states']:>10.2e} {r['nodes']:>6} {r['ranks']:>6} {r['codes_gb_per_node']:>8.0f} "
              f"{r['wire_bytes']:>7} {r['network_tb_total']:>8.1f} {r['network_tb_per_node']:>8.2f} "
              f"{r['max_layer_gb_sent']:>13.0f} {r['network_s']:>7.0f} {r['compute_s']:>10.0f}")


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
        print_projection(json.loads(RESULTS.read_text())["projection"])
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
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(measured, indent=1))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
