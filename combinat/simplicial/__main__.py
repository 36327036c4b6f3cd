"""Command line: ``python -m combinat.simplicial realize|sample ...``.

Examples::

    python -m combinat.simplicial realize --degrees d.txt --sizes s.txt --json
    python -m combinat.simplicial sample facets.txt -n 10 --burn-in 10000 --seed 1
"""
from __future__ import annotations

import argparse
import json
import sys

from .complexes import is_simplicial
from .io import read_facet_list, read_sequence
from .realize import realize
from .sample import sample


def _realize(args: argparse.Namespace) -> int:
    result = realize(read_sequence(args.degrees), read_sequence(args.sizes),
                     max_steps=args.max_steps, time_limit=args.time_limit)
    if args.json:
        print(json.dumps(result.to_dict()))
        return 0
    print(f"# status: {result.status} ({result.reason}); steps {result.steps}; "
          f"{result.seconds:.3f} s")
    for facet in result.facets or []:
        print(" ".join(map(str, facet)))
    return 0


def _sample(args: argparse.Namespace) -> int:
    facets = read_facet_list(args.facets)
    if not is_simplicial(facets):
        raise SystemExit(f"error: {args.facets} is not a simplicial complex (a facet inside "
                         "another or a repeated vertex); prune it first")
    result = sample(facets, args.n, burn_in=args.burn_in, thinning=args.thinning,
                    l_max=args.l_max, q=args.q, seed=args.seed)
    if args.json:
        print(json.dumps({"samples": [[list(f) for f in s] for s in result.samples],
                          "acceptance_rate": result.acceptance_rate,
                          "proposals": result.proposals, "seconds": result.seconds}))
        return 0
    for number, complex_ in enumerate(result.samples):
        print(f"# sample {number}")
        for facet in complex_:
            print(" ".join(map(str, facet)))
    print(f"# acceptance rate {result.acceptance_rate:.4f}; {result.proposals} moves in "
          f"{result.seconds:.3f} s", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m combinat.simplicial",
                                     description="Simplicial complexes with prescribed "
                                                 "degree and facet-size sequences.")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("realize", help="decide realizability and print a witness")
    p.add_argument("--degrees", required=True, help="file of whitespace-separated degrees")
    p.add_argument("--sizes", required=True, help="file of whitespace-separated facet sizes")
    p.add_argument("--max-steps", type=int, default=None, help="search step budget")
    p.add_argument("--time-limit", type=float, default=None, help="search budget in seconds")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (status, facets, reason, steps, seconds)")
    p.set_defaults(run=_realize)

    p = commands.add_parser("sample", help="simplicial configuration model samples")
    p.add_argument("facets", help="facet-list file of the starting complex")
    p.add_argument("-n", type=int, default=1, help="number of samples (default 1)")
    p.add_argument("--burn-in", type=int, default=1000, help="moves before the first sample")
    p.add_argument("--thinning", type=int, default=10, help="moves between samples")
    p.add_argument("--l-max", type=int, default=None, help="largest move size")
    p.add_argument("--q", type=float, default=0.5, help="move-size weights q**(l-2)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=_sample)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, TypeError, OSError) as exc:
        parser.exit(2, f"error: {exc}\n")


if __name__ == "__main__":
    sys.exit(main())
