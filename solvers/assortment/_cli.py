"""Command line: ``python -m solvers.assortment solve|generate ...``.

Errors follow :mod:`cayley.errors`: one line ``error: ...`` on standard error and status 2
(with ``solve --json`` also a JSON object ``{"error": ...}`` on standard output). Numbers
and the output path are checked before any work starts.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from cayley.errors import CommandLineParser, InputError, run_command

from ._generators import random_markov_chain, random_mixed_mnl, random_mnl
from ._io import dumps_instance, load_instance
from ._optimize import METHODS, _exact_method, optimize
from ._validate import as_constraint, as_positive_scalar

DESCRIPTION = """\
Assortment optimisation under customer choice models (MNL, mixed MNL, nested logit,
Markov chain): solve an instance file, or generate a random instance."""

SOLVE_DESCRIPTION = """\
Choose the assortment of largest expected revenue for the model in a JSON instance file
(see docs/assortment.md). Prints a summary, or with --json one JSON object."""

GENERATE_DESCRIPTION = """\
Write a random instance as used in the assortment literature: mnl (multinomial logit),
mmnl (mixed MNL), cmmnl (customised mixed MNL) or mc (Markov chain)."""


def build_parser() -> CommandLineParser:
    """The argument parser of ``python -m solvers.assortment``."""
    p = CommandLineParser(prog="python -m solvers.assortment", description=DESCRIPTION)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("solve", help="optimise the assortment of an instance file", description=SOLVE_DESCRIPTION)
    s.add_argument("instance", metavar="INSTANCE", help="JSON instance file")
    s.add_argument("--method", default="exact", choices=METHODS, metavar="METHOD",
                   help=f"one of {', '.join(METHODS)} (default exact: the best exact method for the model)")
    s.add_argument("--cardinality", "-k", type=int, metavar="K",
                   help="offer at most K products (replaces the file's constraint)")
    s.add_argument("--eps", type=float, default=0.05,
                   help="accuracy of the threshold method, between 0 and 1 (default 0.05)")
    s.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="time limit of the MIP solver (default 60)")
    s.add_argument("--compare-exact", action="store_true",
                   help="also solve exactly and report the ratio to the exact bound")
    s.add_argument("--json", action="store_true", help="print the result (or the error) as one JSON object")
    s.set_defaults(run=_solve)
    g = sub.add_parser("generate", help="write a random instance", description=GENERATE_DESCRIPTION)
    g.add_argument("model", choices=["mnl", "mmnl", "cmmnl", "mc"], help="the choice model")
    g.add_argument("--n", type=int, default=20, help="number of products (default 20)")
    g.add_argument("--segments", type=int, default=5, help="customer segments of mmnl and cmmnl (default 5)")
    g.add_argument("--cardinality", "-k", type=int, metavar="K", help="add the constraint: at most K products")
    g.add_argument("--seed", type=int, default=0, help="random seed, 0 or more (default 0)")
    g.add_argument("--output", "-o", metavar="FILE", help="file to write (default: standard output)")
    g.set_defaults(run=_generate)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    numpy's floating-point warnings stay silent: an overflow in an intermediate value ends
    as an error line or is refused by the finiteness checks of every result.
    """
    args = build_parser().parse_args(argv)
    with np.errstate(all="ignore"):
        return run_command(args, args.run)


def _generate(args: argparse.Namespace) -> int:
    if args.seed < 0:
        raise InputError(f"--seed must be 0 or more, got {args.seed}")
    if args.cardinality is not None and args.cardinality < 0:
        raise InputError(f"--cardinality must be 0 or more, got {args.cardinality}")
    if args.output:
        _check_writable(args.output)
    if args.model == "mnl":
        model = random_mnl(args.n, args.seed)
    elif args.model == "mc":
        model = random_markov_chain(args.n, args.seed)
    else:
        model = random_mixed_mnl(args.n, args.segments, args.seed, customized=args.model == "cmmnl")
    cons = None if args.cardinality is None else {"cardinality": args.cardinality}
    text = dumps_instance(model, cons)
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


def _check_writable(path: str) -> None:
    """Raise OSError naming ``path`` unless a file can be created in its folder (checked by
    creating and removing a temporary file there) and ``path`` is not a folder."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, path) from None
    os.close(fd)
    os.unlink(tmp)


def _options(model, cons, method: str, time_limit: float) -> dict:
    """The options of ``method`` on this instance: the time limit when it runs the MIP."""
    resolved = _exact_method(model, as_constraint(cons, model.n)) if method == "exact" else method
    return {"time_limit": time_limit} if resolved == "mip" else {}


def _solve(args: argparse.Namespace) -> int:
    time_limit = as_positive_scalar(args.time_limit, "--time-limit")
    model, cons = load_instance(args.instance)
    if args.cardinality is not None:
        cons = {"cardinality": args.cardinality}
    res = optimize(model, cons, method=args.method, eps=args.eps,
                   **_options(model, cons, args.method, time_limit))
    out = res.to_dict()
    if args.compare_exact and not res.optimal:
        start = time.perf_counter()
        exact = optimize(model, cons, method="exact", **_options(model, cons, "exact", time_limit))
        out["exact"] = {"revenue": exact.revenue, "optimal": exact.optimal, "bound": exact.bound,
                        "seconds": time.perf_counter() - start}
        if exact.bound:
            out["ratio_to_bound"] = res.revenue / exact.bound
    if args.json:
        print(json.dumps(out, allow_nan=False))
        return 0
    print(f"model      {type(model).__name__} (n = {model.n}), constraint {cons}")
    print(f"method     {res.method}")
    print(f"assortment {res.assortment.tolist()}")
    print(f"revenue    {res.revenue:.10g}")
    status = "optimal" if res.optimal else ("upper bound %.10g" % res.bound if res.bound else "no bound")
    print(f"bound      {status}")
    if "exact" in out:
        e = out["exact"]
        quality = "optimal" if e["optimal"] else f"bound {e['bound']}"
        print(f"exact      {e['revenue']:.10g} ({quality}), ratio {out.get('ratio_to_bound', float('nan')):.4f}")
    print(f"time       {res.seconds:.4f} s, oracle calls {res.oracle_calls}")
    return 0
