"""The ``path`` and ``sweep`` sub-commands of ``python -m cayley``.

``cayley.cli.build_parser`` registers them with :func:`add_path_command` and
:func:`add_sweep_command`.
"""
from __future__ import annotations

import argparse
import json
import sys

from cayley.errors import InputError, error_line

__all__ = ["MAX_N_VALUES", "add_path_command", "add_sweep_command", "parse_n_range"]

MAX_N_VALUES = 1_000_000  # values of n one --n may name


def parse_n_range(text: str) -> list[int]:
    """Parse ``"3..11"`` (inclusive), ``"3,5,8"`` or a mix like ``"3..6,9"`` into ints.

    At most :data:`MAX_N_VALUES` values; a malformed text raises :class:`~cayley.errors.InputError`.

    Examples
    --------
    >>> parse_n_range("3..6,9")
    [3, 4, 5, 6, 9]
    """
    ns: list[int] = []
    malformed = f"--n {text!r}: expected a range like 3..11 or a list like 3,5,8"
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        try:
            lo, hi = (int(x) for x in part.split("..")) if ".." in part else (int(part), int(part))
        except ValueError:
            raise InputError(malformed) from None
        if hi < lo:
            raise InputError(malformed)
        if len(ns) + hi - lo + 1 > MAX_N_VALUES:
            raise InputError(f"--n {text!r} names more than {MAX_N_VALUES} values of n")
        ns.extend(range(lo, hi + 1))
    if not ns:
        raise InputError(f"--n {text!r}: no values of n given")
    return ns


def _family_params(pairs: list[str]) -> dict[str, int]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier() or not value.lstrip("-").isdigit():
            raise InputError(f"--param {pair!r}: expected NAME=INT, e.g. k=4")
        params[key] = int(value)
    return params


def _path(args: argparse.Namespace) -> int:
    from cayley.graph import CayleyGraph
    from cayley.paths import beam_search, shortest_word

    graph = CayleyGraph.from_family(args.family, args.n, start=args.start, **_family_params(args.param))
    if args.beam is None:
        result = shortest_word(graph, args.state, max_states=args.max_states)
    else:
        result = beam_search(graph, args.state, width=args.beam)
    if args.json:
        print(result.to_json())
    else:
        note = "shortest" if result.shortest else "not necessarily shortest"
        print(f"length {result.length} ({result.method}, {note}, {result.seconds:.3f} s)")
        print(" ".join(result.word))
    return 0


def add_path_command(sub) -> None:
    """Register ``path FAMILY N --state S [--beam W] [--json]`` on an argparse subparsers object."""
    p = sub.add_parser("path", help="a shortest word (or a beam-search word) reaching a state")
    p.add_argument("family", help="generator family, see 'python -m cayley families'")
    p.add_argument("n", type=int)
    p.add_argument("--state", required=True, help='target state, e.g. "1,0,7,6,5,4,3,2"')
    p.add_argument("--start", default=None, help="start state (default 0..n-1)")
    p.add_argument("--param", action="append", default=[], help="family parameter NAME=INT, e.g. k=4")
    p.add_argument("--beam", type=int, default=None, metavar="WIDTH", help="use beam search of this width")
    p.add_argument("--max-states", type=int, default=20_000_000, help="memory cap of the bidirectional BFS")
    p.add_argument("--json", action="store_true", help="print word, length, method, seconds as JSON")
    p.set_defaults(run=_path)


def _sweep(args: argparse.Namespace) -> int:
    from cayley.conjecture import FitError, fit_quasipolynomial, sweep

    ns = parse_n_range(args.n)
    params = _family_params(args.param)
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {args.jobs}")
    if args.holdout < 0:
        raise InputError(f"--holdout must be at least 0, got {args.holdout}")
    if args.jobs is None:
        table = sweep(args.family, ns, on_error="keep", **params)
    elif args.jobs == 1:
        table = sweep(args.family, ns, executor="inline", on_error="keep", **params)
    else:
        from cayley.executors import local_pool

        with local_pool(min(args.jobs, len(ns))) as pool:
            table = sweep(args.family, ns, executor=pool, on_error="keep", **params)
    if table.failed:
        return _report_failed_rows(table, args.json)
    fit = fit_text = None
    if args.fit:
        try:
            fit = fit_quasipolynomial(table.column("n"), table.column("diameter"), holdout=args.holdout)
            fit_text = str(fit)
        except FitError as exc:
            fit_text = f"no formula: {exc}"
    if args.json:
        data = json.loads(table.to_json())
        if args.fit:
            data["fit"] = _fit_dict(fit) if fit is not None else {"error": fit_text}
        print(json.dumps(data))
        return 0
    print(table)
    print(table.oeis_line())
    if fit_text is not None:
        print(f"diameter fit: {fit_text}")
        if fit is not None and fit.held_out:
            verdict = "confirmed" if fit.confirmed else f"REFUTED at n = {fit.refuted_at}"
            print(f"held-out check ({', '.join(str(n) for n, _, _ in fit.held_out)}): {verdict}")
    return 0


def _report_failed_rows(table, as_json: bool) -> int:
    """Print the rows that finished, then one ``error:`` line for the first n that failed
    (with ``--json``: one object, the table plus ``error`` and ``type``); returns 2."""
    n, exc = min(table.failed.items())
    kept = f"the {len(table.rows)} n that finished are printed" if table.rows else "no n finished"
    message = f"{table.family} n={n} failed: {error_line(exc)}; {kept}"
    if as_json:
        data = json.loads(table.to_json())
        data.update(failed=sorted(table.failed), error=message, type=type(exc).__name__)
        print(json.dumps(data), flush=True)
    elif table.rows:
        print(table, flush=True)
    print(f"error: {message}", file=sys.stderr, flush=True)
    return 2


def _fit_dict(fit) -> dict:
    return {
        "period": fit.period,
        "formula": {str(r): str(e) for r, e in fit.expressions.items()},
        "used": [n for n, _ in fit.used],
        "held_out": [{"n": n, "value": v, "predicted": str(p)} for n, v, p in fit.held_out],
        "confirmed": fit.confirmed,
    }


def add_sweep_command(sub) -> None:
    """Register ``sweep FAMILY --n 3..11 [--fit] [--json]`` on an argparse subparsers object."""
    p = sub.add_parser("sweep", help="growth of a family for many n, optionally a diameter formula")
    p.add_argument("family", help="generator family, see 'python -m cayley families'")
    p.add_argument("--n", required=True, help="values of n: 3..11, 3,5,8 or a mix")
    p.add_argument("--param", action="append", default=[], help="family parameter NAME=INT, e.g. k=4")
    p.add_argument("--fit", action="store_true", help="fit a quasi-polynomial to the diameters")
    p.add_argument("--holdout", type=int, default=1, help="largest n kept out of the fit and checked")
    p.add_argument("--jobs", type=int, default=None,
                   help="worker processes (default: one per core; 1 runs in this process)")
    p.add_argument("--json", action="store_true", help="print the table (and fit) as JSON")
    p.set_defaults(run=_sweep)
