"""Full growth of every puzzle with under 10^9 states, beside the published layer sizes.

The puzzles are the GAP puzzles (``gap:<name>``) and named puzzles whose group, by
Schreier-Sims, has fewer than 10^9 elements (a scan of all 92 GAP puzzles and the named
puzzles on 2026-12-08; every other one has more than 10^12). Each is grown from the
identity with ``cayley.growth`` (the ranked engine, two bits per state) in a fresh
subprocess, which reports the group order, the layer sizes, the seconds and its peak RSS.
Where CayleyPy 0.2.0 publishes the layer sizes (``cayleypy/data/puzzles_growth.csv``, in
``benchmarks/.venv-cayleypy``, installed by ``growth_vs_cayleypy.py``) they are compared.
Prints a table and writes ``benchmarks/results/puzzle_growth.json``.

Results are merged into the JSON by puzzle, so the large puzzles can be run separately.

Usage: ``python benchmarks/puzzle_growth.py [--max-states N] [--only NAME,NAME] [--timeout S]``
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import NamedTuple

from growth_vs_cayleypy import VENV, run_json

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "puzzle_growth.json"
PUBLISHED = "cayleypy/data/puzzles_growth.csv"


class Puzzle(NamedTuple):
    family: str
    n: int
    states: int  # group order from the scan; the run recomputes it by Schreier-Sims
    published: str | None  # row of CayleyPy's puzzles_growth.csv with this puzzle's growth


PUZZLES = [
    Puzzle("gap:pyramorphix", 1, 96, "pyramorphix"),
    Puzzle("mini_pyramorphix", 1, 288, "mini_pyramorphix"),
    Puzzle("gap:no_rot_tetraminx/tetraminx", 1, 933_120, None),
    Puzzle("gap:master_pyramorphix", 1, 1_327_104, "master_pyramorphix"),
    Puzzle("gap:skewb_diamond", 1, 1_658_880, "skewb_diamond"),
    Puzzle("cube_2x2x2_qtm", 2, 3_674_160, "cube_222_fixed_qtm"),
    Puzzle("cube_2x2x2_htm", 2, 3_674_160, "cube_222_fixed_htm"),
    Puzzle("gap:mastermorphix", 1, 5_308_416, "mastermorphix"),
    Puzzle("gap:tetraminx", 1, 11_197_440, "tetraminx"),
    Puzzle("gap:rot_tetraminx/tetraminx", 1, 11_197_440, None),
    Puzzle("gap:skewb", 1, 37_791_360, None),
    Puzzle("gap:Jing_pyraminx", 1, 44_789_760, None),
    Puzzle("gap:no_rot_pyraminx/pyraminx", 1, 75_582_720, None),
    Puzzle("gap:2x2x2", 1, 88_179_840, "cube_222_qtm"),
    Puzzle("gap:dino", 1, 239_500_800, "dino"),
    Puzzle("gap:pyraminx", 1, 302_330_880, "pyraminx"),
    Puzzle("pyraminx", 1, 302_330_880, "pyraminx"),
    Puzzle("gap:rot_pyraminx/pyraminx", 1, 906_992_640, None),
]

# Layer sizes published elsewhere: the pyraminx without tips (the no-rotation tetraminx of the
# GAP files, 933,120 positions), Jaap's Puzzle Page, "Pyraminx", God's algorithm table.
LITERATURE = {"gap:no_rot_tetraminx/tetraminx": [1, 8, 48, 288, 1728, 9896, 51808, 220111, 480467, 166276, 2457, 32]}
JAAP = "Jaap's Puzzle Page (jaapsch.net/puzzles/pyraminx.htm), God's algorithm"

GROW = r"""
import json, resource, sys
from cayley import CayleyGraph, PermutationGroup, growth
from cayley.generators import generators
g = generators(sys.argv[1], int(sys.argv[2]))
order = PermutationGroup(list(g.perms)).order()
result = growth(CayleyGraph(g), progress=False)
print(json.dumps({"order": order, "layer_sizes": result.layer_sizes, "seconds": result.seconds,
                  "engine": result.engine, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def published_growth() -> dict[str, list[int]]:
    """CayleyPy's published puzzle layer sizes by row name (empty without its venv)."""
    tables = sorted(VENV.glob(f"lib/python*/site-packages/{PUBLISHED}"))
    if not tables:
        return {}
    with tables[0].open() as f:
        return {row[0]: json.loads(row[1]) for row in csv.reader(f)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-states", type=float, default=1e9, help="skip puzzles with more states")
    parser.add_argument("--only", help="comma-separated puzzle names")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per puzzle")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    published = published_growth()
    print(f"{'puzzle':<32} {'states':>11} {'diam':>4} {'seconds':>8} {'peak RSS':>9} {'published':<10} layer sizes",
          flush=True)
    saved = json.loads(RESULTS.read_text())["rows"] if RESULTS.exists() else []
    by_family = {row["family"]: row for row in saved}
    rows = []
    for puzzle in PUZZLES:
        if only is not None and puzzle.family not in only:
            continue
        if puzzle.states > args.max_states:
            print(f"{puzzle.family:<32} {puzzle.states:>11} skipped (--max-states)", flush=True)
            continue
        out = run_json([sys.executable, "-c", GROW, puzzle.family, str(puzzle.n)], args.timeout)
        if out is None:
            print(f"{puzzle.family:<32} {puzzle.states:>11} failed or timed out", flush=True)
            continue
        layers = out["layer_sizes"]
        reference = published.get(puzzle.published) if puzzle.published else LITERATURE.get(puzzle.family)
        source = f"CayleyPy 0.2.0 {PUBLISHED}: {puzzle.published}" if puzzle.published else JAAP
        verdict = "-" if reference is None else ("equal" if reference == layers else "DIFF")
        rows.append({"family": puzzle.family, "states": sum(layers), "schreier_sims_order": out["order"],
                     "diameter": len(layers) - 1, "layer_sizes": layers, "seconds": out["seconds"],
                     "engine": out["engine"], "peak_rss_bytes": out["peak_rss_bytes"],
                     "published": source if reference is not None else None,
                     "published_equal": None if reference is None else reference == layers})
        text = ",".join(map(str, layers))
        print(f"{puzzle.family:<32} {sum(layers):>11} {len(layers) - 1:>4} {out['seconds']:>8.2f} "
              f"{out['peak_rss_bytes'] / 2**20:>7.0f}MB {verdict:<10} {text[:60]}", flush=True)
        RESULTS.parent.mkdir(exist_ok=True)  # after every puzzle: a cut-short run keeps what it grew
        by_family[puzzle.family] = rows[-1]
        RESULTS.write_text(json.dumps({"machine": "2-core CPU shared with other jobs (see the run's uptime)",
                                       "rows": list(by_family.values())}, indent=1))
    bad = [r["family"] for r in rows if r["states"] != r["schreier_sims_order"] or r["published_equal"] is False]
    print(f"{len(rows)} puzzles grown; {len(bad)} differ from their group order or published growth: {bad}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
