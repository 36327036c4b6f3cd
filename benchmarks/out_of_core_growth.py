"""Full growth of an S_14 Cayley graph out of core, checked against the reference's table.

Runs ``growth(graph, codes="out_of_core", workdir=DIR)`` and logs every layer (size, seconds,
wall time, resident memory, disk used by the work directory). Run it again with the same
work directory after a kill and it resumes from the last finished layer; the JSON then
says so. The layer sizes are compared with the growth table that cayleypy 0.2.0 ships
(``lrx_cayley_growth.csv``, ``top_spin_cayley_growth.csv``: computed by its authors on large
GPU runs), read from the benchmark's cayleypy venv (``growth_vs_cayleypy.py`` builds it).

    python benchmarks/out_of_core_growth.py lrx 14 --workdir /data/lrx14
    python benchmarks/out_of_core_growth.py top_spin 14 --workdir /data/ts14

Prints a table and writes ``benchmarks/results/out_of_core_<family><n>.json``.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cayley import CayleyGraph, growth  # noqa: E402


def published(family: str, n: int) -> list[int] | None:
    """The reference's published layer sizes of ``family`` at ``n``, or None."""
    tables = sorted((HERE / ".venv-cayleypy").glob(f"lib/python*/site-packages/cayleypy/data/{family}_cayley_growth.csv"))
    if not tables:
        return None
    csv.field_size_limit(1 << 30)
    with open(tables[0]) as f:
        for row in csv.reader(f):
            if row and row[0] == str(n):
                return json.loads(row[1])
    return None


def disk_used(directory: Path) -> int:
    return sum(p.stat().st_blocks * 512 for p in directory.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family")
    parser.add_argument("n", type=int)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--keep", action="store_true", help="keep the work directory afterwards")
    args = parser.parse_args()
    graph = CayleyGraph.from_family(args.family, args.n)
    out = HERE / "results" / f"out_of_core_{args.family}{args.n}.json"
    resumed = (args.workdir / "growth.json").exists()
    start = time.time()
    log = []

    def on_layer(distance: int, size: int, seconds: float) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        disk = disk_used(args.workdir) / 1e9
        log.append({"layer": distance, "size": size, "seconds": seconds, "wall": time.time() - start,
                    "max_rss_gb": rss, "disk_gb": disk})
        print(f"layer {distance:3d} {size:15,d} {seconds:7.1f} s  wall {time.time() - start:7.0f} s  "
              f"max rss {rss:5.2f} GB  disk {disk:5.1f} GB", flush=True)

    result = growth(graph, codes="out_of_core", workdir=args.workdir, on_layer=on_layer, progress=False)
    wall = time.time() - start
    table = published(args.family, args.n)
    report = {
        "family": args.family, "n": args.n, "layer_sizes": result.layer_sizes, "sum": sum(result.layer_sizes),
        "order": math.factorial(args.n), "diameter": len(result.layer_sizes) - 1, "wall_seconds": wall,
        "layer_seconds": result.layer_seconds, "resumed": resumed, "state_space": result.state_space,
        "max_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
        "disk_gb": max((e["disk_gb"] for e in log), default=disk_used(args.workdir) / 1e9),
        "equals_published": None if table is None else table == result.layer_sizes, "log": log,
        "machine": subprocess.run(["uname", "-mn"], capture_output=True, text=True).stdout.strip(),
    }
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(f"\n| family | n | layers | sum | = n! | diameter | wall s | max RSS GB | disk GB | = published |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.family} | {args.n} | {len(result.layer_sizes)} | {report['sum']:,} | "
          f"{report['sum'] == report['order']} | {report['diameter']} | {wall:.0f}{' (resumed)' * resumed} | "
          f"{report['max_rss_gb']:.2f} | {report['disk_gb']:.1f} | {report['equals_published']} |")
    print(f"wrote {out}")
    if not args.keep:
        shutil.rmtree(args.workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
