"""Simplicial configuration model sampler: moves per second, acceptance, burn-in.

The reference C++ sampler (github.com/jg-you/scm, ``mcmc_sampler``) is not built here (it
needs Boost and a copy of its sources). It was measured on a 2-core machine like this one
with its defaults (burn-in of 1000 *accepted* moves, ``L_max = 2 * largest facet``, move
size uniform on ``[2, L_max]``) plus 10 samples at sampling frequency 10: 10.6 s on crime,
12.2 s on diseasome, and no finished burn-in within 300 s on the pruned pollinators. Its
proposal rate is estimated as ``(1000 / a + 100) / seconds`` where ``a`` is the acceptance
rate of that same proposal (``q = 1`` here), measured with our chain.

Usage: ``python benchmarks/simplicial_sample.py [--moves 200000] [--repeats 3]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from combinat.simplicial import (  # noqa: E402
    degree_size_sequences,
    is_simplicial,
    load_dataset,
    prune_included,
    read_facet_list,
    sample,
)

DATA = HERE.parent.parent / "shared" / "data" / "simplicial"
REFERENCE_SECONDS = {"crime": 10.6, "diseasome": 12.2}


def complexes() -> dict[str, list]:
    out = {}
    crime = DATA / "scm_facet_lists" / "crime_facet_list.txt"
    if crime.exists():
        out["crime"] = read_facet_list(crime)
    out["diseasome"] = load_dataset("diseasome")
    out["pollinators_pruned"] = prune_included(load_dataset("pollinators"))
    return out


def rate(facets, q: float, moves: int, repeats: int) -> dict:
    sample(facets, 1, burn_in=100, thinning=1, q=q, seed=0)  # warm-up (kernel cache)
    runs = [sample(facets, 10, burn_in=moves - 10 * (moves // 100), thinning=moves // 100,
                   q=q, seed=seed) for seed in range(repeats)]
    target = degree_size_sequences(facets)
    assert all(is_simplicial(s) and degree_size_sequences(s) == target
               for r in runs for s in r.samples)
    return {"moves_per_s": statistics.median(r.moves_per_second for r in runs),
            "acceptance": statistics.median(r.acceptance_rate for r in runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rows = []
    for name, facets in complexes().items():
        uniform = rate(facets, 1.0, args.moves, args.repeats)
        default = rate(facets, 0.5, args.moves, args.repeats)
        row = {"complex": name, "facets": len(facets),
               "uniform_l_moves_per_s": uniform["moves_per_s"], "uniform_l_acceptance": uniform["acceptance"],
               "default_moves_per_s": default["moves_per_s"], "default_acceptance": default["acceptance"]}
        if name in REFERENCE_SECONDS:
            ref_moves = 1000 / uniform["acceptance"] + 100
            row["reference_moves_per_s_est"] = ref_moves / REFERENCE_SECONDS[name]
            row["speedup_uniform_l"] = uniform["moves_per_s"] / row["reference_moves_per_s_est"]
        # the reference's burn-in criterion (1000 accepted moves) under its own move sizes
        row["uniform_l_1000_accepted_s_est"] = 1000 / uniform["acceptance"] / uniform["moves_per_s"]
        start = time.perf_counter()
        burn = sample(facets, 10, burn_in=100_000, thinning=100, seed=1)
        row["burn_in_100k_plus_10_samples_s"] = time.perf_counter() - start
        row["burn_in_accepted_moves"] = round(burn.acceptance_rate * burn.proposals)
        rows.append(row)

    print(f"\nSCM sampler, {args.moves} proposals per run, median of {args.repeats}")
    print(f"{'complex':20s} {'uniform l: moves/s':>19s} {'acc':>5s} {'q=0.5: moves/s':>15s} {'acc':>5s} "
          f"{'ref est moves/s':>16s} {'speedup':>8s} {'100k burn-in+10 s':>18s} {'1000 acc (unif) s':>18s}")
    for r in rows:
        ref = r.get("reference_moves_per_s_est")
        ref_text = f"{ref:.0f}" if ref else "-"
        speedup_text = f"{r['speedup_uniform_l']:.0f}x" if ref else "-"
        print(f"{r['complex']:20s} {r['uniform_l_moves_per_s']:19.0f} {r['uniform_l_acceptance']:5.2f} "
              f"{r['default_moves_per_s']:15.0f} {r['default_acceptance']:5.2f} "
              f"{ref_text:>16s} {speedup_text:>8s} "
              f"{r['burn_in_100k_plus_10_samples_s']:18.2f} {r['uniform_l_1000_accepted_s_est']:18.2f}")
    out = HERE / "results" / "simplicial_sample.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
