"""The ``path`` and ``sweep`` sub-commands of ``python -m cayley``.

``cayley.cli.build_parser`` registers them with :func:`add_path_command` and
:func:`add_sweep_command`.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from cayley.errors import InputError, error_line

if TYPE_CHECKING:
    from cayley.graph import CayleyGraph
    from cayley.heuristics import Heuristic
    from cayley.paths import PathResult

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
    """Print a word reaching ``--state`` and whether it is known to be shortest (or JSON)."""
    from cayley.graph import CayleyGraph
    from cayley.paths import beam_search, shortest_word

    _check_path_options(args)
    graph = CayleyGraph.from_family(args.family, args.n, start=args.start, **_family_params(args.param))
    extra: dict[str, object] = {}
    if args.beam is None:
        result = shortest_word(graph, args.state, max_states=args.max_states)
    else:
        t0 = time.perf_counter()
        heuristic = _make_heuristic(args, graph)
        extra = {"heuristic": args.heuristic, "heuristic_seconds": time.perf_counter() - t0}
        result = beam_search(graph, args.state, width=args.beam, heuristic=heuristic, max_steps=args.max_steps,
                             ball_radius=args.ball_radius, progress=True if args.progress else None)
    if args.json:
        print(json.dumps({**result.to_dict(), **extra}))
    else:
        print(f"length {result.length} ({result.method}, {_shortest_note(result)}, {result.seconds:.3f} s)")
        print(" ".join(result.word))
    return 0


def _shortest_note(result: PathResult) -> str:
    """``shortest``, or what is known about the distance when the word may be longer."""
    if result.shortest:
        return "shortest"
    if result.lower_bound:
        return f"not necessarily shortest; distance >= {result.lower_bound}"
    return "not necessarily shortest"


_BEAM_ONLY = {"heuristic": "--heuristic", "ball_radius": "--ball-radius", "max_steps": "--max-steps",
              "pdb_entries": "--pdb-entries"}


def _check_path_options(args: argparse.Namespace) -> None:
    """Refuse option values that cannot work before any table or ball is built, and fill in the
    beam-search defaults (``hamming``, radius 0) that stay None to show an option was not given."""
    if args.beam is None:
        given = [option for key, option in _BEAM_ONLY.items() if getattr(args, key) is not None]
        if given or args.progress:
            raise InputError(f"{(given or ['--progress'])[0]} applies to beam search: add --beam WIDTH")
        return
    for option, value, least in (("--beam", args.beam, 1), ("--ball-radius", args.ball_radius, 0),
                                 ("--max-steps", args.max_steps, 0), ("--pdb-entries", args.pdb_entries, 1)):
        if value is not None and value < least:
            raise InputError(f"{option} must be at least {least}, got {value}")
    if args.heuristic is None:
        args.heuristic = "hamming"
    if args.pdb_entries is not None and args.heuristic != "pdb":
        raise InputError("--pdb-entries applies to --heuristic pdb")
    if args.ball_radius is None:
        args.ball_radius = 0


def _make_heuristic(args: argparse.Namespace, graph: CayleyGraph) -> Heuristic:
    """The heuristic ``--heuristic`` names for the target ``--state``: Hamming, cyclic
    inversions, pattern databases chosen by the rule (their build time on stderr), or a saved
    pattern database."""
    from cayley.heuristics import DEFAULT_MAX_ENTRIES, CyclicInversions, Hamming, pattern_databases

    if args.heuristic == "hamming":
        return Hamming(graph, args.state)
    if graph.is_matrix:
        label = {"pdb": "pattern databases", "cyclic": "cyclic inversions"}.get(args.heuristic, "saved heuristics")
        raise InputError(f"--heuristic {args.heuristic}: {label} need a permutation family; "
                         f"{args.family} acts by matrices (use --heuristic hamming)")
    if args.heuristic == "cyclic":
        return CyclicInversions(graph, args.state)
    if args.heuristic != "pdb":
        return _load_heuristic(args.heuristic, graph, args.state)
    entries = args.pdb_entries or DEFAULT_MAX_ENTRIES
    if args.progress or sys.stderr.isatty():
        print(f"pdb: building pattern databases of at most {entries} entries each ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    h = pattern_databases(graph, args.state, max_entries=entries)
    sizes = " + ".join(str(p.size) for p in h.parts)
    print(f"pdb: {len(h.parts)} pattern database{'s' if len(h.parts) > 1 else ''} ({sizes} entries) "
          f"built in {time.perf_counter() - t0:.2f} s", file=sys.stderr, flush=True)
    return h


_NOT_A_HEURISTIC = "is not a heuristic file; give hamming, cyclic, pdb, or a file written by PatternDatabase.save"


def _load_heuristic(path: str, graph: CayleyGraph, state: str) -> Heuristic:
    """A pattern database saved by :meth:`cayley.heuristics.PatternDatabase.save`, re-targeted
    to ``state``; an :class:`~cayley.errors.InputError` naming the file when it cannot serve."""
    import numpy as np

    from cayley.heuristics import PatternDatabase

    if not Path(path).is_file():
        problem = "is a directory" if Path(path).is_dir() else "does not exist"
        raise InputError(f"--heuristic {path!r} {problem}; give hamming, cyclic, pdb, or a file written by "
                         "PatternDatabase.save")
    if path.endswith(".joblib"):
        return _load_learned(path, graph, state)
    try:
        data = np.load(path)
    except (ValueError, EOFError, zipfile.BadZipFile):
        raise InputError(f"--heuristic {path!r} {_NOT_A_HEURISTIC}") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise InputError(f"--heuristic {path!r} {_NOT_A_HEURISTIC}")
    with data:
        if not {"table", "target", "values", "generators"} <= set(data.files):
            raise InputError(f"--heuristic {path!r} {_NOT_A_HEURISTIC}")
        generators = data["generators"]
    if generators.ndim != 2:
        raise InputError(f"--heuristic {path!r} {_NOT_A_HEURISTIC}")
    label = f"{graph.family} {graph.family_n}"
    if generators.shape[1] != graph.degree:
        raise InputError(f"--heuristic {path!r}: a pattern database of degree {generators.shape[1]}, "
                         f"but {label} has degree {graph.degree}")
    if not np.array_equal(generators, graph.generators):
        raise InputError(f"--heuristic {path!r}: a pattern database for other generators than those of {label}")
    return PatternDatabase.load(path, graph).retarget(graph, state)


def _load_learned(path: str, graph: CayleyGraph, state: str) -> Heuristic:
    """A model saved by :meth:`cayley.heuristics.LearnedHeuristic.save`, trained for ``state``."""
    import numpy as np

    from cayley.heuristics import LearnedHeuristic
    from cayley.paths import _prepare

    h = LearnedHeuristic.load(path, graph)
    if not np.array_equal(h.target, _prepare(graph, state)[2][0]):
        raise InputError(f"--heuristic {path!r}: a learned heuristic trained for another target than --state")
    return h


def add_path_command(sub) -> None:
    """Register ``path FAMILY N --state S [--beam W [--heuristic H] [--ball-radius R]] [--json]``
    on an argparse subparsers object."""
    p = sub.add_parser(
        "path", help="a shortest word (or a beam-search word) reaching a state",
        description="A word of generators taking the start state to --state: a shortest one by "
                    "bidirectional BFS, or with --beam a word found by beam search, which the output "
                    "says is shortest only when that is proven (with the proven lower bound otherwise).",
        epilog="examples: python -m cayley path lrx 8 --state 1,0,7,6,5,4,3,2; "
               "python -m cayley path lrx 9 --state 1,0,8,7,6,5,4,3,2 --beam 1000 --heuristic pdb --ball-radius 4")
    p.add_argument("family", help="generator family, see 'python -m cayley families'")
    p.add_argument("n", type=int)
    p.add_argument("--state", required=True, help='target state, e.g. "1,0,7,6,5,4,3,2"')
    p.add_argument("--start", default=None, help="start state (default 0..n-1)")
    p.add_argument("--param", action="append", default=[], help="family parameter NAME=INT, e.g. k=4")
    p.add_argument("--max-states", type=int, default=20_000_000, help="memory cap of the bidirectional BFS")
    beam = p.add_argument_group("beam search (for graphs too large for the BFS)")
    beam.add_argument("--beam", type=int, default=None, metavar="WIDTH", help="use beam search of this width")
    beam.add_argument("--heuristic", default=None, metavar="hamming|cyclic|pdb|FILE",
                      help="hamming (default): positions differing from the target; cyclic: adjacent swaps "
                           "on a cycle still to make (lrx and other rotate-and-swap families); pdb: pattern databases "
                           "chosen by the rule of cayley.heuristics.pattern_databases, max-combined (a lower "
                           "bound); FILE: a pattern database written by PatternDatabase.save, or a model "
                           "written by LearnedHeuristic.save (FILE.joblib, needs scikit-learn)")
    beam.add_argument("--pdb-entries", type=int, default=None, metavar="N",
                      help="largest table of --heuristic pdb (default 2**24 entries, one byte each)")
    beam.add_argument("--ball-radius", type=int, default=None, metavar="R",
                      help="meet in the middle: store the states within R moves of the target and finish "
                           "exactly from there (default 0)")
    beam.add_argument("--max-steps", type=int, default=None, help="give up after this many steps (default 10 * degree**2)")
    beam.add_argument("--progress", action="store_true",
                      help="show progress on stderr (default: only when stderr is a terminal)")
    p.add_argument("--json", action="store_true",
                   help="print word, length, method, shortest, lower_bound, seconds (and the heuristic) as JSON")
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
