"""Command line: ``python -m solvers.flipgraph search|verify|lift|convert|known``.

``search`` exits with status 0 when the target rank is reached (1 otherwise) and prints a
JSON summary (rank, ring, flips, seconds, ...) on stdout.
"""
from __future__ import annotations

import argparse
import json
import sys

from ._io import read_scheme, write_scheme
from ._known import known_ranks
from ._lift import lift
from ._search import search
from ._verify import valid_rings, verify


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m solvers.flipgraph", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)

    s = sub.add_parser("search", help="flip-graph search for a low-rank scheme")
    s.add_argument("dims", nargs=3, type=int, metavar=("N", "M", "P"))
    s.add_argument("--ring", choices=["gf2", "zt"], default="gf2")
    s.add_argument("--target", type=int, default=None, help="default: best known rank")
    s.add_argument("--start", default=None, help="start scheme file (default: naive; resumes a checkpoint)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--time-limit", type=float, default=60.0)
    s.add_argument("--max-flips", type=int, default=None,
                   help="flip budget per population (a seeded run that stops on it is reproducible)")
    s.add_argument("--walkers", type=int, default=None)
    s.add_argument("--populations", type=int, default=1)
    s.add_argument("--out", required=True, help="best scheme (Perminov JSON), saved at every improvement")
    s.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    s.add_argument("--backend", choices=["auto", "numba", "cupy"], default="auto")

    v = sub.add_parser("verify", help="check a scheme file exactly")
    v.add_argument("file")
    v.add_argument("--ring", choices=["gf2", "zt", "z", "q"], default=None,
                   help="check this ring only (default: report every ring)")

    li = sub.add_parser("lift", help="lift a GF(2) scheme to Z/Q")
    li.add_argument("file")
    li.add_argument("--method", choices=["auto", "signs", "hensel"], default="auto")
    li.add_argument("--out", default=None)

    c = sub.add_parser("convert", help="convert between scheme formats (by suffix)")
    c.add_argument("src")
    c.add_argument("dst")

    k = sub.add_parser("known", help="best known ranks of a format")
    k.add_argument("dims", nargs=3, type=int, metavar=("N", "M", "P"))
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (ValueError, TypeError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "search":
        start = read_scheme(args.start) if args.start else tuple(args.dims)
        if args.start and start.format != tuple(args.dims):
            raise ValueError(f"start scheme has format {start.format}, not {tuple(args.dims)}")
        res = search(start, ring=args.ring, target=args.target, seed=args.seed, backend=args.backend,
                     time_limit=args.time_limit, max_flips=args.max_flips, walkers=args.walkers,
                     populations=args.populations, out=args.out, progress=not args.quiet)
        write_scheme(res.scheme, args.out)
        print(json.dumps(res.summary()))
        return 0 if res.reached else 1
    if args.command == "verify":
        s = read_scheme(args.file)
        if args.ring:
            ok = verify(s, args.ring)
            print(json.dumps({"format": list(s.format), "rank": s.rank, "ring": args.ring, "valid": ok}))
            return 0 if ok else 1
        rings = sorted(valid_rings(s))
        print(json.dumps({"format": list(s.format), "rank": s.rank, "valid_rings": rings}))
        return 0 if rings else 1
    if args.command == "lift":
        res = lift(read_scheme(args.file, ring="gf2"), args.method)
        if res.scheme is not None and args.out:
            write_scheme(res.scheme, args.out)
        print(json.dumps({"ring": res.ring, "method": res.method, "message": res.message,
                          "rank": res.scheme.rank if res.scheme is not None else None}))
        return 0 if res.scheme is not None else 1
    if args.command == "convert":
        s = read_scheme(args.src)
        write_scheme(s, args.dst)
        print(json.dumps({"format": list(s.format), "rank": s.rank, "ring": s.ring, "out": args.dst}))
        return 0
    print(json.dumps({"format": args.dims, **known_ranks(*args.dims)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
