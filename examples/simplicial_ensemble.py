"""Random simplicial complexes with the degrees and facet sizes of a real one.

Realizes the joint degree-size sequence of a shipped dataset from scratch, samples an
ensemble with the simplicial configuration model, and compares loops (Betti number b_1)
and connected components (b_0) of the data with the ensemble, as in Young et al.,
Phys. Rev. E 96, 032312 (2017).

Usage: python examples/simplicial_ensemble.py [N_SAMPLES] [--dataset NAME] [--burn-in B]
"""
from __future__ import annotations

import sys
import statistics

from cayley.errors import CommandLineParser, run_script
from combinat.simplicial import (
    betti_numbers,
    dataset_names,
    degree_size_sequences,
    load_dataset,
    prune_included,
    realize,
    sample,
)


def main(argv: list[str] | None = None) -> None:
    parser = CommandLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=int, default=20, help="ensemble size")
    parser.add_argument("--dataset", default="diseasome", choices=dataset_names())
    parser.add_argument("--burn-in", type=int, default=20000)
    parser.add_argument("--thinning", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    data = prune_included(load_dataset(args.dataset))
    degrees, sizes = degree_size_sequences(data)
    found = realize(degrees, sizes)
    print(f"{args.dataset}: {len(degrees)} vertices, {len(sizes)} facets; realize: "
          f"{found.status} in {found.seconds * 1e3:.1f} ms ({found.steps} steps)")

    ensemble = sample(found.facets, args.samples, burn_in=args.burn_in,
                      thinning=args.thinning, seed=args.seed)
    print(f"sampled {args.samples} complexes: {ensemble.proposals} moves in "
          f"{ensemble.seconds:.2f} s, acceptance {ensemble.acceptance_rate:.2f}")

    b0, b1 = betti_numbers(data, 1)
    loops = [betti_numbers(s, 1) for s in ensemble.samples]
    print(f"{'':10s} {'b_0':>8s} {'b_1':>8s}")
    print(f"{'data':10s} {b0:8d} {b1:8d}")
    print(f"{'ensemble':10s} {statistics.mean(b[0] for b in loops):8.1f} "
          f"{statistics.mean(b[1] for b in loops):8.1f}   (mean)")


if __name__ == "__main__":
    sys.exit(run_script(main))
