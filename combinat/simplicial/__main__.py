"""Command line: ``python -m combinat.simplicial realize|sample ...``.

Errors follow :mod:`cayley.errors`: a bad argument, an unreadable, binary, truncated or
malformed file, an unwritable ``--output`` path or a job that does not fit in memory prints
one line ``error: ...`` on standard error and exits with status 2 (with ``--json`` also a
JSON object ``{"error": ..., "type": ...}`` on standard output).

Examples::

    python -m combinat.simplicial realize --degrees d.txt --sizes s.txt --json
    python -m combinat.simplicial realize --degrees d.txt --sizes s.txt --output k.txt
    python -m combinat.simplicial sample k.txt -n 10 --burn-in 10000 --seed 1
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cayley.errors import CommandLineParser, InputError, run_command

from ._validate import INT64_MAX, INTEGER, shown
from .complexes import is_simplicial
from .io import read_facet_list, read_sequence, write_facet_list
from .realize import DEFAULT_TIME_LIMIT, METHODS, realize
from .sample import sample

PROG = "python -m combinat.simplicial"


class _Parser(CommandLineParser):
    """:class:`~cayley.errors.CommandLineParser` that, when the command line asks for
    ``--json``, also prints its usage error as the JSON object of
    :func:`~cayley.errors.run_command`."""

    def __init__(self, *args, json_errors: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.json_errors = json_errors

    def error(self, message: str):  # noqa: D401 - argparse's hook
        if self.json_errors:
            line = f"{' '.join(message.split())} (see {self.prog} --help)"
            print(json.dumps({"error": line, "type": "ArgumentError"}), flush=True)
        super().error(message)


def _integer(minimum: int, maximum: int = INT64_MAX) -> Callable[[str], int]:
    """argparse type: an integer in ``[minimum, maximum]``."""

    def parse(text: str) -> int:
        if not INTEGER.fullmatch(text):
            raise argparse.ArgumentTypeError(f"expected an integer, got {shown(text)}")
        digits = text.lstrip("+-").lstrip("0") or "0"
        # int() refuses digit strings of thousands of digits: those are out of range anyway
        value = (-1 if text[0] == "-" else 1) * int(digits) if len(digits) <= 60 else None
        if value is None or not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"must be an integer between {minimum} and {maximum}, got {shown(text)}")
        return value

    return parse


def _number(low: float, high: float = math.inf, *, include_low: bool = True) -> Callable[[str], float]:
    """argparse type: a finite number in ``[low, high]`` (``(low, high]`` without ``include_low``)."""
    if high < math.inf:
        bounds = f"in {'[' if include_low else '('}{low:g}, {high:g}]"
    else:
        bounds = f"{'>=' if include_low else '>'} {low:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {shown(text)}") from None
        inside = (value >= low if include_low else value > low) and value <= high
        if not (math.isfinite(value) and inside):
            raise argparse.ArgumentTypeError(f"must be a finite number {bounds}, got {shown(text)}")
        return value

    return parse


def _check_writable(path: str | None) -> None:
    """Fail before any computation when ``path`` (if given) cannot be written."""
    if path is None:
        return
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise InputError(f"cannot write {path!r}: it is a directory")
    if not folder.is_dir():
        raise InputError(f"cannot write {path!r}: {str(folder)!r} is not an existing directory")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(f"cannot write {path!r}: permission denied")


def _read_integers(path: str, option: str) -> list[int]:
    values = read_sequence(path)
    if not values:
        raise InputError(f"{option} {path!r} holds no integers (is the file empty or truncated?)")
    return values


def _realize(args: argparse.Namespace) -> int:
    _check_writable(args.output)
    degrees = _read_integers(args.degrees, "--degrees")
    sizes = _read_integers(args.sizes, "--sizes")
    result = realize(degrees, sizes, max_steps=args.max_steps, time_limit=args.time_limit,
                     memory_limit=args.memory_limit, method=args.method)
    if args.output is not None and result.facets is not None:
        write_facet_list(result.facets, args.output)
    if args.json:
        print(json.dumps(result.to_dict()))
        return 0
    print(f"# status: {result.status} ({result.reason}); steps {result.steps}; "
          f"{result.seconds:.3f} s")
    if result.status == "unknown":
        print("# the budget ran out before an answer: give a larger --time-limit"
              + (" or --max-steps" if result.reason == "max_steps_exhausted" else ""))
    if args.output is None:
        for facet in result.facets or []:
            print(" ".join(map(str, facet)))
    return 0


def _sample(args: argparse.Namespace) -> int:
    _check_writable(args.output)
    facets = read_facet_list(args.facets)
    if not facets:
        raise InputError(f"{args.facets!r} holds no facets (is the file empty or truncated?)")
    if not is_simplicial(facets):
        raise InputError(f"{args.facets!r} is not a simplicial complex (a facet inside another "
                         "or a repeated vertex); prune it first")
    result = sample(facets, args.n, burn_in=args.burn_in, thinning=args.thinning,
                    l_max=args.l_max, q=args.q, seed=args.seed, memory_limit=args.memory_limit)
    if args.json:
        json.dump({"samples": result.samples, "acceptance_rate": result.acceptance_rate,
                   "proposals": result.proposals, "seconds": result.seconds}, sys.stdout)
        print()
    if args.output is not None:
        with open(args.output, "w", encoding="utf-8") as handle:
            _write_samples(result.samples, handle)
    elif not args.json:
        _write_samples(result.samples, sys.stdout)
    print(f"# acceptance rate {result.acceptance_rate:.4f}; {result.proposals} moves in "
          f"{result.seconds:.3f} s", file=sys.stderr)
    return 0


def _write_samples(samples: list[list[tuple]], handle) -> None:
    for number, complex_ in enumerate(samples):
        handle.write(f"# sample {number}\n")
        for facet in complex_:
            handle.write(" ".join(map(str, facet)) + "\n")


def build_parser(json_errors: bool = False) -> argparse.ArgumentParser:
    """The argument parser; each sub-command sets ``run``. With ``json_errors`` a usage error
    also prints the JSON error object."""
    parser = _Parser(prog=PROG, json_errors=json_errors,
                     description="Simplicial complexes with prescribed degree and facet-size "
                                 "sequences.")
    commands = parser.add_subparsers(dest="command", required=True,
                                     parser_class=functools.partial(_Parser, json_errors=json_errors))
    memory_help = "bytes the job may use (default: the memory available now)"

    p = commands.add_parser("realize", help="decide realizability and print a witness")
    p.add_argument("--degrees", required=True, help="file of whitespace-separated degrees")
    p.add_argument("--sizes", required=True, help="file of whitespace-separated facet sizes")
    p.add_argument("--max-steps", type=_integer(0), default=None,
                   help="step budget of the depth-first search")
    p.add_argument("--time-limit", type=_number(0.0), default=DEFAULT_TIME_LIMIT,
                   help=f"budget in seconds (default {DEFAULT_TIME_LIMIT:g})")
    p.add_argument("--method", choices=METHODS, default="auto",
                   help="auto (search, then the exact model), search or model (default auto)")
    p.add_argument("--memory-limit", type=_integer(1), default=None, help=memory_help)
    p.add_argument("--output", default=None,
                   help="write the witness to this facet-list file instead of printing it")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (status, facets, reason, steps, seconds)")
    p.set_defaults(run=_realize)

    p = commands.add_parser("sample", help="simplicial configuration model samples")
    p.add_argument("facets", help="facet-list file of the starting complex")
    p.add_argument("-n", type=_integer(0), default=1, help="number of samples (default 1)")
    p.add_argument("--burn-in", type=_integer(0), default=1000, help="moves before the first sample")
    p.add_argument("--thinning", type=_integer(1), default=10, help="moves between samples")
    p.add_argument("--l-max", type=_integer(2), default=None, help="largest move size")
    p.add_argument("--q", type=_number(0.0, 1.0, include_low=False), default=0.5,
                   help="move-size weights q**(l-2), 0 < q <= 1 (default 0.5)")
    p.add_argument("--seed", type=_integer(0, 2**128 - 1), default=None)
    p.add_argument("--memory-limit", type=_integer(1), default=None, help=memory_help)
    p.add_argument("--output", default=None,
                   help="write the samples to this file instead of printing them")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=_sample)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (usage errors exit 2 via SystemExit)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(json_errors="--json" in argv).parse_args(argv)
    return run_command(args, args.run)


if __name__ == "__main__":
    sys.exit(main())
