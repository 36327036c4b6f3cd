"""Every family and puzzle of CayleyPy 0.2.0 beside ours: same generators, same growth, time ratio.

For each case both tools build the generating set in a fresh subprocess (ours from
``cayley.generators``, CayleyPy's from ``PermutationGroups`` / ``MatrixGroups`` /
``Puzzles`` / ``GapPuzzles`` in ``benchmarks/.venv-cayleypy``, installed as in
``growth_vs_cayleypy.py``). The generators must be equal, in order; the names are compared
and reported. Where the state space is small enough, both compute the growth function
from CayleyPy's start state (its ``central_state``: the identity, or a puzzle's colours):
ours with ``python -m cayley growth FAMILY N --json`` (``--param``/``--start`` when given)
when the command line can express the case, else ``cayley.growth`` on
``CayleyGraph.from_family``; CayleyPy with ``CayleyGraph(...).bfs()`` on the CPU. Layer
sizes must agree. Prints one row per case and writes
``benchmarks/results/families_vs_reference.json``.

Usage: ``python benchmarks/families_vs_reference.py [--quick] [--only NAME,NAME] [--timeout S]``
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from growth_vs_cayleypy import ensure_cayleypy, run_json

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "families_vs_reference.json"
P, M, Z = "PermutationGroups", "MatrixGroups", "Puzzles"

# (our family, n, our keyword parameters, CayleyPy expression); two sizes per family.
GROWTH_CASES = [
    ("all_transpositions", 7, {}, f"{P}.all_transpositions(7)"),
    ("all_transpositions", 8, {}, f"{P}.all_transpositions(8)"),
    ("transposons", 6, {}, f"{P}.transposons(6)"), ("transposons", 7, {}, f"{P}.transposons(7)"),
    ("block_interchange", 6, {}, f"{P}.block_interchange(6)"),
    ("block_interchange", 7, {}, f"{P}.block_interchange(7)"),
    ("full_reversals", 7, {}, f"{P}.full_reversals(7)"), ("full_reversals", 8, {}, f"{P}.full_reversals(8)"),
    ("signed_reversals", 4, {}, f"{P}.signed_reversals(4)"), ("signed_reversals", 5, {}, f"{P}.signed_reversals(5)"),
    ("lrx", 8, {}, f"{P}.lrx(8)"), ("lrx", 9, {"k": 2}, f"{P}.lrx(9, 2)"),
    ("lx", 7, {}, f"{P}.lx(7)"), ("lx", 8, {}, f"{P}.lx(8)"),
    ("top_spin", 8, {}, f"{P}.top_spin(8)"), ("top_spin", 9, {"k": 3}, f"{P}.top_spin(9, 3)"),
    ("coxeter", 7, {}, f"{P}.coxeter(7)"), ("coxeter", 8, {}, f"{P}.coxeter(8)"),
    ("coxeter_b", 4, {}, f"{P}.coxeter_b(4)"), ("coxeter_b", 5, {}, f"{P}.coxeter_b(5)"),
    ("coxeter_d", 4, {}, f"{P}.coxeter_d(4)"), ("coxeter_d", 5, {}, f"{P}.coxeter_d(5)"),
    ("cyclic_coxeter", 7, {}, f"{P}.cyclic_coxeter(7)"), ("cyclic_coxeter", 8, {}, f"{P}.cyclic_coxeter(8)"),
    ("pancake", 7, {}, f"{P}.pancake(7)"), ("pancake", 8, {}, f"{P}.pancake(8)"),
    ("cubic_pancake", 7, {"subset": 1}, f"{P}.cubic_pancake(7, 1)"),
    ("cubic_pancake", 8, {"subset": 7}, f"{P}.cubic_pancake(8, 7)"),
    ("burnt_pancake", 4, {}, f"{P}.burnt_pancake(4)"), ("burnt_pancake", 5, {}, f"{P}.burnt_pancake(5)"),
    ("three_cycles", 7, {}, f"{P}.three_cycles(7)"), ("three_cycles", 8, {}, f"{P}.three_cycles(8)"),
    ("three_cycles_0ij", 7, {}, f"{P}.three_cycles_0ij(7)"), ("three_cycles_0ij", 8, {}, f"{P}.three_cycles_0ij(8)"),
    ("three_cycles_01i", 7, {}, f"{P}.three_cycles_01i(7)"), ("three_cycles_01i", 8, {}, f"{P}.three_cycles_01i(8)"),
    ("derangements", 5, {}, f"{P}.derangements(5)"), ("derangements", 6, {}, f"{P}.derangements(6)"),
    ("involutive_derangements", 6, {}, f"{P}.involutive_derangements(6)"),
    ("involutive_derangements", 8, {}, f"{P}.involutive_derangements(8)"),
    ("stars", 7, {}, f"{P}.stars(7)"), ("stars", 8, {}, f"{P}.stars(8)"),
    ("generalized_stars", 7, {"k": 2}, f"{P}.generalized_stars(7, 2)"),
    ("generalized_stars", 8, {"k": 3}, f"{P}.generalized_stars(8, 3)"),
    ("rapaport_m1", 7, {}, f"{P}.rapaport_m1(7)"), ("rapaport_m1", 8, {}, f"{P}.rapaport_m1(8)"),
    ("rapaport_m2", 7, {}, f"{P}.rapaport_m2(7)"), ("rapaport_m2", 8, {}, f"{P}.rapaport_m2(8)"),
    ("all_cycles", 5, {}, f"{P}.all_cycles(5)"), ("all_cycles", 6, {}, f"{P}.all_cycles(6)"),
    ("lsl_cycles", 7, {}, f"{P}.lsl_cycles(7)"), ("lsl_cycles", 8, {}, f"{P}.lsl_cycles(8)"),
    ("wrapped_k_cycles", 7, {"k": 3}, f"{P}.wrapped_k_cycles(7, 3)"),
    ("wrapped_k_cycles", 8, {"k": 4}, f"{P}.wrapped_k_cycles(8, 4)"),
    ("larx", 7, {}, f"{P}.larx(7)"), ("larx", 8, {}, f"{P}.larx(8)"),
    ("increasing_k_cycles", 7, {"k": 3}, f"{P}.increasing_k_cycles(7, 3)"),
    ("increasing_k_cycles", 8, {"k": 2}, f"{P}.increasing_k_cycles(8, 2)"),
    ("sheveleva2", 7, {"k": 2}, f"{P}.sheveleva2(7, 2)"), ("sheveleva2", 8, {"k": 3}, f"{P}.sheveleva2(8, 3)"),
    ("koltsov3", 7, {}, f"{P}.koltsov3(7)"), ("koltsov3", 8, {"perm_type": 1, "k": 2, "d": 3},
                                               f"{P}.koltsov3(8, 1, 2, 3)"),
    ("consecutive_k_cycles", 7, {"k": 3}, f"{P}.consecutive_k_cycles(7, 3)"),
    ("consecutive_k_cycles", 8, {"k": 4}, f"{P}.consecutive_k_cycles(8, 4)"),
    ("conjugacy_classes", 7, {"classes": "3+2"}, f"{P}.conjugacy_classes(7, {{(3, 2): None}})"),
    ("conjugacy_classes", 8, {"classes": "2+2,8:3", "seed": 1},
     f"(random.seed(1), {P}.conjugacy_classes(8, {{(2, 2): None, (8,): 3}}))[1]"),
    ("rand_generators", 7, {"k": 2, "seed": 1}, f"(np.random.seed(1), {P}.rand_generators(7, 2))[1]"),
    ("rand_generators", 8, {"k": 3, "seed": 2}, f"(np.random.seed(2), {P}.rand_generators(8, 3))[1]"),
    ("down_cycles", 7, {}, f"{P}.down_cycles(7)"), ("down_cycles", 8, {}, f"{P}.down_cycles(8)"),
    ("prefix_cycles", 7, {}, f"{P}.prefix_cycles(7)"), ("prefix_cycles", 8, {}, f"{P}.prefix_cycles(8)"),
    ("heisenberg", 7, {}, f"{M}.heisenberg(n=3, modulo=7)"),
    ("heisenberg", 3, {"d": 4}, f"{M}.heisenberg(n=4, modulo=3)"),
    ("special_linear_fundamental_roots", 7, {}, f"{M}.special_linear_fundamental_roots(2, 7)"),
    ("special_linear_fundamental_roots", 3, {"d": 3}, f"{M}.special_linear_fundamental_roots(3, 3)"),
    ("special_linear_root_weyl", 7, {}, f"{M}.special_linear_root_weyl(2, 7)"),
    ("special_linear_root_weyl", 3, {"d": 3}, f"{M}.special_linear_root_weyl(3, 3)"),
    ("sl2", 11, {}, f"{M}.special_linear_fundamental_roots(2, 11)"),
    ("globe", 2, {}, f"{Z}.globe_puzzle(2, 1)"), ("globe", 1, {"b": 2}, f"{Z}.globe_puzzle(1, 2)"),
    ("hungarian_rings", 8, {}, "prepare_graph('hungarian_rings', 8)"),
    ("hungarian_rings", 9, {"rings": "6,3,5,2"}, f"{Z}.hungarian_rings(6, 3, 5, 2)"),
    ("mini_pyramorphix", 1, {}, f"{Z}.mini_pyramorphix()"),
    ("gap:pyramorphix", 1, {}, "GapPuzzles.puzzle('pyramorphix')"),
    ("gap:master_pyramorphix", 1, {}, "GapPuzzles.puzzle('master_pyramorphix')"),
    ("rubik_cube", 2, {"metric": "fixed_QTM"}, f"{Z}.rubik_cube(2, 'fixed_QTM')"),
    ("rubik_cube", 2, {"metric": "fixed_HTM"}, f"{Z}.rubik_cube(2, 'fixed_HTM')"),
    # The GAP puzzles with at most a few million states (the larger ones: puzzle_growth.py).
    *[(f"gap:{name}", 1, {}, f"GapPuzzles.puzzle({name!r})")
      for name in ("skewb_diamond", "mastermorphix")],
    ("gap:no_rot_tetraminx/tetraminx", 1, {},
     "GapPuzzles.load_puzzle_from_file(GapPuzzles.get_gaps_dir() / 'pyraminx_tetraminx/no_rot_tetraminx/"
     "tetraminx.gap').make_inverse_closed()"),
]
# Where our generating set is not CayleyPy's call word for word (the permutations, in order,
# are the same for every family; docs/families.md, "Where we differ from CayleyPy").
DIFFERENCES = {
    "stars": "generator names (0,i) for CayleyPy's Si",
    "rapaport_m1": "generator names are cycles, not numbers",
    "rapaport_m2": "generator names are cycles, not numbers",
    "all_cycles": "generator names are cycles, not numbers",
    "involutive_derangements": "generator names are cycles, not numbers",
    "top_spin": "generator names L, R, T",
    "globe": "generator names use primes for CayleyPy's _inv",
    "sl2": "our alias of special_linear_fundamental_roots(2, p); names use primes for _inv",
    "heisenberg": "n is the modulus: heisenberg(p, d=d) is CayleyPy's heisenberg(n=d, modulo=p)",
    "special_linear_fundamental_roots": "n is the modulus; d=d is CayleyPy's n",
    "special_linear_root_weyl": "n is the modulus; d=d is CayleyPy's n",
    "rand_generators": "seeded: seed=s equals CayleyPy after numpy.random.seed(s)",
    "conjugacy_classes": "seeded: seed=s equals CayleyPy after random.seed(s); classes as '3+2,8:3'",
    "cube_2x2x2_qtm": "not compared: GAP's sticker numbering; CayleyPy's fixed_QTM is rubik_cube(2, metric='fixed_QTM')",
    "cube_2x2x2_htm": "not compared: GAP's sticker numbering; CayleyPy's fixed_HTM is rubik_cube(2, metric='fixed_HTM')",
    "hungarian_rings": "rings given as one string 'L,a,R,b'",
}
# Generators only: state spaces beyond a quick CPU run (the cubes in colours, megaminx...).
GENERATOR_CASES = [
    *[("rubik_cube", n, {"metric": m}, f"{Z}.rubik_cube({n}, '{m}')") for n in (2, 3, 4, 5)
      for m in ("QTM", "HTM", "QSTM", "ATM")],
    ("megaminx", 1, {}, f"{Z}.megaminx()"), ("pyraminx", 1, {}, f"{Z}.pyraminx()"),
    ("starminx", 1, {}, f"{Z}.starminx()"), ("starminx_2", 1, {}, f"{Z}.starminx_2()"),
    ("picture_cube333", 1, {}, f"{Z}.picture_cube333()"),
]
QUICK = {"lrx", "coxeter_b", "transposons", "rubik_cube", "special_linear_root_weyl", "mini_pyramorphix"}

CAYLEYPY_RUN = r"""
import json, random, sys, time
import numpy as np
from cayleypy import CayleyGraph, MatrixGroups, PermutationGroups, Puzzles
from cayleypy.graphs_lib import prepare_graph
from cayleypy.puzzles.gap_puzzles import GapPuzzles
expr, grow = sys.argv[1], sys.argv[2] == "1"
d = eval(expr)
if d.generators_type.name == "MATRIX":
    gens = [g.matrix.tolist() for g in d.generators_matrices]
    start = None
else:
    gens = [list(map(int, p)) for p in d.generators_permutations]
    start = [int(x) for x in d.central_state]
out = {"generators": gens, "names": list(d.generator_names), "start": start}
if grow:
    graph = CayleyGraph(d, device="cpu")
    t = time.perf_counter()
    out["layer_sizes"] = [int(s) for s in graph.bfs().layer_sizes]
    out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
"""

PERMLAB_RUN = r"""
import json, sys, time
from cayley import CayleyGraph, growth
from cayley.generators import generators
family, n = sys.argv[1], int(sys.argv[2])
params, start, grow = json.loads(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5] == "1"
g = generators(family, n, **params)
out = {"generators": (g.perms if g.perms is not None else g.matrices).tolist(), "names": list(g.names)}
if grow:
    graph = CayleyGraph(g, start=start)
    growth(graph, progress=False)  # compile (or load) this case's kernels, then time a second run
    t = time.perf_counter()
    out["layer_sizes"] = growth(graph, progress=False).layer_sizes
    out["seconds"] = time.perf_counter() - t
print(json.dumps(out))
"""


def _cli_takes_params() -> bool:
    out = subprocess.run([sys.executable, "-m", "cayley", "growth", "--help"], capture_output=True, text=True)
    return "--param" in out.stdout


def _ours(family: str, n: int, params: dict, start: list | None, grow: bool, use_cli: bool, timeout: float):
    """Our generators, and when asked our growth: timed through the API (second run, so no
    compiling is timed), and also by the command line wherever it can say the case (its layers
    must be the same; its time includes compiling in a cold process, so it is not used)."""
    run = [sys.executable, "-c", PERMLAB_RUN, family, str(n), json.dumps(params), json.dumps(start)]
    ours = run_json(run + ["1" if grow else "0"], timeout)
    if ours is None or not grow:
        return ours, None
    identity = start is None or start == list(range(len(start)))
    if use_cli or (not params and identity and not family.startswith("gap:")):
        cmd = [sys.executable, "-m", "cayley", "growth", family, str(n), "--json"]
        cmd += [f"--param={k}={v}" for k, v in params.items()]
        if not identity:
            cmd.append("--start=" + ",".join(map(str, start)))
        cli = run_json(cmd, timeout)
        if cli is None or cli["layer_sizes"] != ours["layer_sizes"]:
            ours["layer_sizes"] = None  # the command line disagrees with the API: report a difference
        return ours, "cli+api"
    return ours, "api"


def _write(rows: list[dict], use_cli: bool) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": "2-core CPU shared with other jobs (see the run's uptime)",
                                   "cli_takes_params": use_cli, "differences": DIFFERENCES, "rows": rows}, indent=1))


def _print_families(rows: list[dict]) -> None:
    """One line per family: its sizes, whether generators and growth agree, the time ratios."""
    print(f"\n{'family':<34} {'sizes':<12} {'gens':>5} {'growth':>6} {'ratios (CayleyPy s / ours s)':<28} difference")
    for family in dict.fromkeys(r["family"] for r in rows):
        mine = [r for r in rows if r["family"] == family]
        sizes = ",".join(str(r["n"]) for r in mine)
        grown = [r["same_growth"] for r in mine if "same_growth" in r]
        growth_text = "-" if not grown else ("equal" if all(grown) else "DIFF")
        ratios = ",".join(f"{r['ratio']:.1f}x" for r in mine if "ratio" in r) or "-"
        print(f"{family:<34} {sizes[:12]:<12} {str(all(r['same_generators'] for r in mine)):>5} {growth_text:>6} "
              f"{ratios[:28]:<28} {DIFFERENCES.get(family, '')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few families only")
    parser.add_argument("--only", help="comma-separated family names")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run of either tool")
    parser.add_argument("--no-gap", action="store_true", help="skip the 92 GAP files' generator check")
    args = parser.parse_args()
    cayleypy = ensure_cayleypy()
    use_cli = _cli_takes_params()
    cases = [(*c, True) for c in GROWTH_CASES] + [(*c, False) for c in GENERATOR_CASES]
    if not args.no_gap:
        sys.path.insert(0, str(HERE.parent))
        from cayley.generators import family_info, gap_puzzle_names

        for name in gap_puzzle_names():
            rel = family_info(name).description.split()[2].rstrip(":")
            expr = f"GapPuzzles.load_puzzle_from_file(GapPuzzles.get_gaps_dir() / {rel!r}).make_inverse_closed()"
            cases.append((name, 1, {}, expr, False))
    selected = set(args.only.split(",")) if args.only else (QUICK if args.quick else None)
    if selected:
        cases = [c for c in cases if c[0] in selected]
    print(f"{'family':<34} {'n':>3} {'params':<22} {'gens':>5} {'names':>5} {'states':>10} "
          f"{'ours s':>8} {'ref s':>8} {'ratio':>7} {'growth':>6} via", flush=True)
    rows = []
    for family, n, params, expr, grow in cases:
        theirs = run_json([str(cayleypy), "-c", CAYLEYPY_RUN, expr, "1" if grow else "0"], args.timeout)
        if theirs is None:
            print(f"{family:<34} {n:>3} CayleyPy failed or timed out", flush=True)
            continue
        ours, via = _ours(family, n, params, theirs["start"], grow, use_cli, args.timeout)
        row = {"family": family, "n": n, "params": params, "cayleypy": expr,
               "same_generators": ours is not None and ours["generators"] == theirs["generators"],
               "same_names": ours is not None and ours["names"] == theirs["names"],
               "n_generators": len(theirs["generators"])}
        if grow and ours is not None and "layer_sizes" in ours and "layer_sizes" in theirs:
            row.update(states=sum(theirs["layer_sizes"]), same_growth=ours["layer_sizes"] == theirs["layer_sizes"],
                       ours_seconds=ours["seconds"], cayleypy_seconds=theirs["seconds"], via=via,
                       ratio=theirs["seconds"] / max(ours["seconds"], 1e-9))
        rows.append(row)
        growth_text = "-" if "same_growth" not in row else ("equal" if row["same_growth"] else "DIFF")
        timing = (f"{row['states']:>10} {row['ours_seconds']:>8.3f} {row['cayleypy_seconds']:>8.3f} "
                  f"{row['ratio']:>6.1f}x" if "states" in row else f"{'-':>10} {'-':>8} {'-':>8} {'-':>7}")
        params_text = ",".join(f"{k}={v}" for k, v in params.items()) or "-"
        print(f"{family:<34} {n:>3} {params_text[:22]:<22} {str(row['same_generators']):>5} "
              f"{str(row['same_names']):>5} {timing} {growth_text:>6} {row.get('via', '-')}", flush=True)
        _write(rows, use_cli)  # after every case, so that a cut-short run keeps what it measured
    _print_families(rows)
    bad = [r["family"] for r in rows if not r["same_generators"] or r.get("same_growth") is False]
    print(f"{len(rows)} cases, {len(bad)} with different generators or growth: {bad}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
