"""Command line: ``python -m solvers.flipgraph search|verify|lift|convert|known|classify``.

Every command prints one JSON object on standard output (``classify``: one per class, one
per line). ``search``, ``verify`` and ``lift``
exit with status 0 on success (target reached, scheme valid, lift found) and 1 otherwise.
Errors follow :mod:`cayley.errors`: one line ``error: ...`` on standard error and status 2;
output paths and numbers are checked before any work starts.
"""
from __future__ import annotations

import argparse
import json
import sys

from cayley.errors import CommandLineParser, InputError, run_command

from ._io import check_output_path, read_scheme, read_scheme_file, write_scheme
from ._equivalence import classify
from ._known import known_ranks
from ._lift import lift
from ._packing import check_word_width
from ._scheme import check_format
from ._search import check_integer, check_seconds, search
from ._verify import valid_rings, verify

DESCRIPTION = """\
Flip-graph search for matrix-multiplication schemes (A is N x M, B is M x P) and tools
for scheme files: .json (Perminov), .txt (Perminov), .exp (Kauers), .m (Mathematica) and
AlphaTensor archives named as 'file.npz[n,m,p]'. Every command prints one JSON object."""

SEARCH_DESCRIPTION = """\
Random walks on the flip graph from a start scheme towards a scheme of rank TARGET. Every
verified improvement is saved to --out at once. Exit status 0 when the target is reached,
1 when the time or flip budget ran out first. The walk is chosen by measured rules unless
--lift/--no-lift or --drift/--no-drift say otherwise: over zt, GF(2) walks whose schemes get
signs; over GF(2), a drifting walk."""


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("n", type=int, metavar="N", help="rows of A")
    parser.add_argument("m", type=int, metavar="M", help="columns of A, rows of B")
    parser.add_argument("p", type=int, metavar="P", help="columns of B")


def build_parser() -> CommandLineParser:
    """The argument parser of ``python -m solvers.flipgraph``."""
    ap = CommandLineParser(prog="python -m solvers.flipgraph", description=DESCRIPTION)
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("search", help="flip-graph search for a low-rank scheme",
                       description=SEARCH_DESCRIPTION)
    _add_format(s)
    s.add_argument("--out", required=True, metavar="FILE",
                   help="where to save the best scheme (.json, .txt, .exp or .m), at every improvement")
    s.add_argument("--ring", choices=["gf2", "zt"], default="gf2",
                   help="walk over GF(2), or with coefficients -1, 0, 1 over the integers (default gf2)")
    s.add_argument("--target", type=int, default=None, help="stop at this rank (default: the best known rank)")
    s.add_argument("--start", default=None, metavar="FILE",
                   help="start scheme, e.g. an earlier --out to resume (default: the naive scheme)")
    s.add_argument("--seed", type=int, default=0, help="random seed, 0 or more (default 0)")
    s.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="wall-clock limit per population (default 60)")
    s.add_argument("--max-flips", type=int, default=None,
                   help="flip budget per population (a seeded run that stops on it is reproducible)")
    s.add_argument("--walkers", type=int, default=None,
                   help="walkers per population (default: 2 per CPU thread)")
    s.add_argument("--populations", type=int, default=1,
                   help="independent populations, run on a local process pool (default 1)")
    s.add_argument("--lift", action=argparse.BooleanOptionalAction, default=None,
                   help="zt only: walk over GF(2) and assign signs (default: yes for zt)")
    s.add_argument("--drift", action=argparse.BooleanOptionalAction, default=None,
                   help="drifting walk, never back to the best scheme while flips exist "
                        "(default: yes for walks over GF(2))")
    s.add_argument("--quiet", action="store_true", help="no progress lines on standard error")
    s.add_argument("--backend", choices=["auto", "numba", "cupy"], default="auto",
                   help="cupy runs the walkers on a CUDA GPU; auto takes it when one is usable (default auto)")
    s.set_defaults(run=_search)

    v = sub.add_parser("verify", help="check a scheme file exactly",
                       description="Check the Brent equations of a scheme file exactly. Exit status 0 "
                                   "when the scheme is valid (over --ring, or over some ring), else 1.")
    v.add_argument("file", metavar="FILE", help="scheme file")
    v.add_argument("--ring", choices=["gf2", "zt", "z", "q"], default=None,
                   help="check this ring only (default: report every ring the scheme is valid over)")
    v.set_defaults(run=_verify)

    li = sub.add_parser("lift", help="lift a GF(2) scheme to the integers or rationals",
                        description="Lift a scheme valid over GF(2) to one valid over the integers "
                                    "(signs) or the rationals (Hensel lifting). Exit status 0 when "
                                    "a lift was found, else 1.")
    li.add_argument("file", metavar="FILE", help="scheme file, read as a GF(2) scheme")
    li.add_argument("--method", choices=["auto", "signs", "hensel"], default="auto",
                    help="signs: coefficients -1, 0, 1; hensel: 2-adic lifting; auto: signs, then hensel")
    li.add_argument("--out", default=None, metavar="FILE", help="where to save the lifted scheme")
    li.set_defaults(run=_lift)

    c = sub.add_parser("convert", help="convert between scheme formats",
                       description="Convert a scheme file; the formats follow the file suffixes "
                                   "(.json, .txt, .exp, .m; AlphaTensor 'file.npz[n,m,p]' as source). "
                                   "Prints the format, rank, ring and the dialect of SOURCE (e.g. "
                                   "kauers: cij is the coefficient of C[j, i]). The ring is kept: "
                                   ".json records it; for the other formats, which do not, a warning "
                                   "says which --ring to read DEST with when it would be read differently.",
                       epilog="example: python -m solvers.flipgraph convert k333.exp k333.json")
    c.add_argument("src", metavar="SOURCE", help="scheme file to read")
    c.add_argument("dst", metavar="DEST", help="scheme file to write")
    c.add_argument("--ring", choices=["gf2", "zt", "z", "q"], default=None,
                   help="read SOURCE as a scheme over this ring (default: recorded in the file or inferred)")
    c.set_defaults(run=_convert)

    k = sub.add_parser("known", help="best known ranks of a format",
                       description="Best known ranks of the N x M x P format over each ring "
                                   "(formats up to 16 x 16 x 16).")
    _add_format(k)
    k.set_defaults(run=_known)

    cl = sub.add_parser("classify", help="group scheme files into equivalence classes",
                        description="Group scheme files into classes of equivalent schemes (term "
                                    "permutations, sign scalings, the sandwich action (U, V, W) -> "
                                    "(P U Q^-1, Q V R^-1, R W P^-1) and the cyclic and transpose "
                                    "symmetries of the format). Prints one JSON line per class: "
                                    "format, rank, ring, group, size, files and invariant digest.")
    cl.add_argument("files", nargs="+", metavar="FILE",
                    help="scheme files (.json, .txt, .exp, .m, 'file.npz[n,m,p]')")
    cl.add_argument("--group", choices=["gl", "signed"], default=None,
                    help="P, Q, R in GL over the ring (GF(2) or Z) or signed permutation matrices "
                         "(default: gl over GF(2), signed otherwise)")
    cl.add_argument("--ring", choices=["gf2", "zt", "z", "q"], default=None,
                    help="read every file as a scheme over this ring (default: inferred per file)")
    cl.set_defaults(run=_classify)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    saved = getattr(args, "out", None) if args.command == "search" else None
    hint = f"the best scheme found so far is in {saved}: give it as --start to go on" if saved else None
    return run_command(args, args.run, on_interrupt=hint)


def _search(args: argparse.Namespace) -> int:
    dims = check_format(args.n, args.m, args.p)
    check_word_width(*dims)
    check_seconds("--time-limit", args.time_limit)
    check_integer("--seed", args.seed, minimum=0)
    check_integer("--populations", args.populations)
    for name, value, minimum in (("--target", args.target, 0), ("--max-flips", args.max_flips, 1),
                                 ("--walkers", args.walkers, 1)):
        if value is not None:
            check_integer(name, value, minimum)
    check_output_path(args.out)
    start = read_scheme(args.start) if args.start else dims
    if args.start and start.format != dims:
        raise InputError(f"start scheme has format {start.format}, not {dims}")
    res = search(start, ring=args.ring, target=args.target, seed=args.seed, backend=args.backend,
                 time_limit=args.time_limit, max_flips=args.max_flips, walkers=args.walkers,
                 populations=args.populations, out=args.out, progress=not args.quiet,
                 lift=args.lift, drift=args.drift)
    write_scheme(res.scheme, args.out)
    print(json.dumps(res.summary()))
    return 0 if res.reached else 1


def _verify(args: argparse.Namespace) -> int:
    s = read_scheme(args.file)
    if args.ring:
        ok = verify(s, args.ring)
        print(json.dumps({"format": list(s.format), "rank": s.rank, "ring": args.ring, "valid": ok}))
        return 0 if ok else 1
    rings = sorted(valid_rings(s))
    print(json.dumps({"format": list(s.format), "rank": s.rank, "valid_rings": rings}))
    return 0 if rings else 1


def _lift(args: argparse.Namespace) -> int:
    if args.out:
        check_output_path(args.out)
    res = lift(read_scheme(args.file, ring="gf2"), args.method)
    if res.scheme is not None and args.out:
        write_scheme(res.scheme, args.out)
    print(json.dumps({"ring": res.ring, "method": res.method, "message": res.message,
                      "rank": res.scheme.rank if res.scheme is not None else None}))
    return 0 if res.scheme is not None else 1


def _convert(args: argparse.Namespace) -> int:
    check_output_path(args.dst)
    source = read_scheme_file(args.src, ring=args.ring)
    s = source.scheme
    write_scheme(s, args.dst)
    read_back = read_scheme(args.dst, dims=s.format).ring
    if read_back != s.ring:
        print(f"warning: {args.dst} does not record the ring; read it with --ring {s.ring} "
              f"(read_scheme(path, ring={s.ring!r})), else it reads as {read_back}", file=sys.stderr)
    print(json.dumps({"format": list(s.format), "rank": s.rank, "ring": s.ring, "dialect": source.dialect,
                      "out": args.dst}))
    return 0


def _classify(args: argparse.Namespace) -> int:
    schemes = [read_scheme(f, ring=args.ring) for f in args.files]
    for k, cls in enumerate(classify(schemes, args.group)):
        rep = schemes[cls.representative]
        print(json.dumps({"class": k, "format": list(rep.format), "rank": rep.rank, "ring": rep.ring,
                          "group": cls.invariants.group, "size": len(cls.members),
                          "files": [args.files[i] for i in cls.members],
                          "invariant": cls.invariants.digest}), flush=True)
    return 0


def _known(args: argparse.Namespace) -> int:
    print(json.dumps({"format": [args.n, args.m, args.p], **known_ranks(args.n, args.m, args.p)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
