"""Beam search: permlab's numba beam beside CayleyPy 0.2.0's CPU beam search, same machine, same run.

Target: the lrx antipode ``[1, 0, n-1, ..., 2]`` and the identity, searched from the antipode
to the identity by both tools (CayleyPy searches towards its central state). Same heuristic
(Hamming distance to the identity), same width, same step limit. Two modes each:

* CayleyPy ``beam_mode="simple"`` (duplicates dropped within a step) beside ours with
  ``history=0``;
* CayleyPy ``beam_mode="advanced", history_depth=8`` (states of the last 8 steps banned)
  beside ours with ``history=8``.

Every case runs in a fresh subprocess per tool, after a small warm-up search in that process
(numba compilation, torch start-up). Throughput is steps per second and children (width x
generators) per second. Installs ``cayleypy==0.2.0`` with ``torch==2.13.0`` (CPU) into
``benchmarks/.venv-cayleypy`` on first use (see ``growth_vs_cayleypy.py``). Prints a table
and writes ``benchmarks/results/beam_vs_cayleypy.json``.

Optional parts (``--antipode 12..20``, ``--cube 100``): words for the lrx antipode with
pattern databases (length against the conjectured distance n(n-1)/2), and seeded 3x3x3 cube
scrambles solved in the half-turn metric.

Usage: ``python benchmarks/beam_vs_cayleypy.py [--ns 12,16] [--width 10000] [--steps 2000]
[--timeout S] [--torch-threads T] [--antipode 12..20] [--cube 100] [--skip-cayleypy] [--out FILE]``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from growth_vs_cayleypy import ensure_cayleypy, run_json

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "beam_vs_cayleypy.json"

CAYLEYPY_RUN = r"""
import json, sys, time
import torch
from cayleypy import CayleyGraph, PermutationGroups
n, width, steps, mode, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
if threads > 0:
    torch.set_num_threads(threads)
graph = CayleyGraph(PermutationGroups.lrx(n), device="cpu")
antipode = [1, 0] + list(range(n - 1, 1, -1))
kwargs = dict(beam_mode="simple") if mode == "simple" else dict(beam_mode="advanced", history_depth=8)
graph.beam_search(start_state=antipode, beam_width=100, max_steps=5, **kwargs)  # warm-up
t = time.perf_counter()
r = graph.beam_search(start_state=antipode, beam_width=width, max_steps=steps, **kwargs)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "found": bool(r.path_found), "length": int(r.path_length),
                  "steps": int(r.path_length) if r.path_found else steps}))
"""

PERMLAB_RUN = r"""
import json, sys, time
from cayley import CayleyGraph
from cayley.errors import PathNotFoundError
from cayley.paths import beam_search
n, width, steps, history = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
antipode = [1, 0] + list(range(n - 1, 1, -1))
graph = CayleyGraph.from_family("lrx", n, start=antipode)
try:  # warm-up: load the compiled kernels
    beam_search(graph, list(range(n)), width=100, max_steps=5, history=history, progress=False)
except PathNotFoundError:
    pass
done = []
t = time.perf_counter()
try:
    r = beam_search(graph, list(range(n)), width=width, max_steps=steps, history=history, progress=False,
                    on_step=lambda step, size, best, s: done.append(step))
    out = {"found": True, "length": r.length, "steps": r.length}
except PathNotFoundError:
    out = {"found": False, "length": 0, "steps": len(done)}
out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
"""

ANTIPODE_RUN = r"""
import json, sys, time
from cayley import CayleyGraph
from cayley.errors import PathNotFoundError
from cayley.heuristics import pattern_databases
from cayley.paths import beam_search
n, width, entries, radius = (int(x) for x in sys.argv[1:5])
graph = CayleyGraph.from_family("lrx", n)
antipode = [1, 0] + list(range(n - 1, 1, -1))
t = time.perf_counter()
h = pattern_databases(graph, antipode, max_entries=entries, combine=sys.argv[5])
built = time.perf_counter() - t
out = {"pdb_seconds": built, "patterns": [p.values for p in h.parts], "start_score": int(h(graph.start_codes[None, :].astype("uint8"))[0])}
try:
    r = beam_search(graph, antipode, width=width, heuristic=h, ball_radius=radius, history=None, progress=False)
    out.update(found=True, length=r.length, search_seconds=r.seconds, shortest=r.shortest, lower_bound=r.lower_bound)
except PathNotFoundError:
    out.update(found=False, search_seconds=time.perf_counter() - t - built)
print(json.dumps(out))
"""

CUBE_RUN = r"""
import json, sys, time
import numpy as np
from cayley import CayleyGraph
from cayley.errors import PathNotFoundError
from cayley.heuristics import pattern_databases
from cayley.paths import beam_search
count, width, entries, radius, combine = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
qtm, htm = CayleyGraph.from_family("cube_3x3x3_qtm", 3), CayleyGraph.from_family("cube_3x3x3_htm", 3)
t = time.perf_counter()
h = pattern_databases(htm, htm.start, max_entries=entries, combine=combine)
out = {"pdb_seconds": time.perf_counter() - t, "pdb_sizes": [p.size for p in h.parts], "solves": []}
rng = np.random.default_rng(2026)
for i in range(count):
    state = htm.start
    for m in rng.integers(0, qtm.n_generators, size=25):  # 25 random quarter turns
        state = qtm.apply(state, int(m))
    graph = CayleyGraph(htm.generators, start=state, names=htm.names)
    try:
        r = beam_search(graph, htm.start, width=width, heuristic=h.retarget(graph, htm.start), ball_radius=radius,
                        max_steps=60, progress=False)
        out["solves"].append({"length": r.length, "seconds": r.seconds})
    except PathNotFoundError:
        out["solves"].append({"length": None, "seconds": None})
    print(json.dumps(out["solves"][-1]), file=sys.stderr, flush=True)
print(json.dumps(out))
"""

MODES = [("simple", 0), ("advanced", 8)]  # CayleyPy mode, our history depth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ns", default="12,16", help="lrx sizes (default 12,16)")
    parser.add_argument("--width", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="torch threads for CayleyPy (0: torch's default); on a busy 2-core machine "
                             "one thread ran its beam 4 to 10 times faster than two")
    parser.add_argument("--antipode", default="", help="also: words for the lrx antipode at these n, e.g. 12..20")
    parser.add_argument("--antipode-width", type=int, default=10_000)
    parser.add_argument("--pdb-entries", type=int, default=1 << 26, help="largest pattern database (entries)")
    parser.add_argument("--cube", type=int, default=0, help="also: solve this many seeded 3x3x3 scrambles")
    parser.add_argument("--cube-width", type=int, default=10_000)
    parser.add_argument("--cube-radius", type=int, default=4, help="radius of the solved state's ball")
    parser.add_argument("--combine", default="sum", choices=["sum", "max"], help="how pattern databases combine")
    parser.add_argument("--skip-cayleypy", action="store_true", help="only the --antipode and --cube parts")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON file (default {RESULTS})")
    args = parser.parse_args()
    report = {"machine": platform.platform(), "cpus": os.cpu_count(), "load_average_start": os.getloadavg()}
    if not args.skip_cayleypy:
        report["rows"] = compare(args)
    if args.antipode:
        report["antipode"] = antipode(args)
    if args.cube:
        report["cube"] = cube(args)
    report["load_average_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.out}")


def compare(args: argparse.Namespace) -> list[dict]:
    """Both beams on the lrx antipode, same heuristic, width and steps."""
    cayleypy = ensure_cayleypy()
    rows = []
    for n in (int(x) for x in args.ns.split(",")):
        for mode, history in MODES:
            common = [str(n), str(args.width), str(args.steps)]
            theirs = run_json([str(cayleypy), "-c", CAYLEYPY_RUN, *common, mode, str(args.torch_threads)],
                              args.timeout)
            ours = run_json([sys.executable, "-c", PERMLAB_RUN, *common, str(history)], args.timeout)
            row = {"n": n, "width": args.width, "max_steps": args.steps, "cayleypy_mode": mode,
                   "torch_threads": args.torch_threads, "history": history, "permlab": ours, "cayleypy": theirs}
            for side in ("permlab", "cayleypy"):
                r = row[side]
                if r is not None and r["steps"]:
                    r["ms_per_step"] = 1000 * r["seconds"] / r["steps"]
                    r["children_per_s"] = 3 * args.width * r["steps"] / r["seconds"]
            rows.append(row)
            print(_line(row), flush=True)
    return rows


def antipode(args: argparse.Namespace) -> list[dict]:
    """Words for the lrx antipode (conjectured distance n(n-1)/2) with pattern databases."""
    from cayley._cli_paths import parse_n_range

    rows = []
    for n in parse_n_range(args.antipode):
        radius = min(12, n * (n - 1) // 4)
        r = run_json([sys.executable, "-c", ANTIPODE_RUN, str(n), str(args.antipode_width), str(args.pdb_entries),
                      str(radius), args.combine], args.timeout)
        row = {"n": n, "width": args.antipode_width, "pdb_entries": args.pdb_entries, "ball_radius": radius,
               "combine": args.combine,
               "conjectured": n * (n - 1) // 2, **(r or {"found": False, "error": "failed or timed out"})}
        rows.append(row)
        outcome = f"length {row['length']}" if row.get("found") else "not found"
        print(f"| lrx antipode n={n} | width {row['width']}, pattern databases ({args.combine}) "
              f"({row.get('pdb_seconds', 0):.0f} s to build) | {outcome} (n(n-1)/2 = {row['conjectured']}) "
              f"| {row.get('search_seconds', 0):.1f} s |", flush=True)
    return rows


def cube(args: argparse.Namespace) -> dict:
    """Seeded 3x3x3 scrambles (25 random quarter turns) solved in the half-turn metric."""
    r = run_json([sys.executable, "-c", CUBE_RUN, str(args.cube), str(args.cube_width), str(args.pdb_entries),
                  str(args.cube_radius), args.combine], args.timeout * 10)
    if r is None:
        return {"error": "failed or timed out"}
    lengths = [s["length"] for s in r["solves"] if s["length"] is not None]
    seconds = [s["seconds"] for s in r["solves"] if s["seconds"] is not None]
    r.update(solved=len(lengths), tried=args.cube, width=args.cube_width,
             mean_length=sum(lengths) / max(len(lengths), 1), max_length=max(lengths, default=None),
             mean_seconds=sum(seconds) / max(len(seconds), 1))
    print(f"| 3x3x3 cube, {args.cube} scrambles of 25 quarter turns | width {args.cube_width}, pattern "
          f"databases ({args.combine}), ball radius {args.cube_radius} | solved {r['solved']}, "
          f"half-turn length mean {r['mean_length']:.1f}, max {r['max_length']} | {r['mean_seconds']:.1f} s per solve |", flush=True)
    return r


def _cell(r: dict | None) -> str:
    if r is None:
        return "failed or timed out"
    outcome = f"found, length {r['length']}" if r["found"] else "not found"
    return f"{outcome}, {r['steps']} steps, {r['seconds']:.1f} s ({r.get('ms_per_step', 0):.2f} ms/step)"


def _line(row: dict) -> str:
    ours, theirs = row["permlab"], row["cayleypy"]
    speed = ""
    if ours and theirs and "ms_per_step" in ours and "ms_per_step" in theirs:
        speed = f" | {theirs['ms_per_step'] / ours['ms_per_step']:.1f}x"
    return (f"| lrx {row['n']}, width {row['width']}, {row['cayleypy_mode']} / history {row['history']} "
            f"| {_cell(ours)} | {_cell(theirs)}{speed} |")


if __name__ == "__main__":
    main()
