"""Argument parsing and sub-commands of ``python -m cayley``: demo, warmup, growth, path,
sweep, spectrum, walks, families, order.

Every command runs under :func:`cayley.errors.run_command`: a user error prints one line
``error: ...`` and exits with status 2. Files and directories a command writes are checked
(:func:`check_output_file`, :func:`check_output_directory`) before its work starts.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from cayley.errors import CommandLineParser, InputError

__all__ = ["build_parser", "check_output_directory", "check_output_file"]


def check_output_file(path: str, option: str, suffix: str | None = None) -> Path:
    """Check that a file can be written at ``path`` (the option ``option`` named it); returns it.

    The directory must exist and accept a new file, ``path`` must not be a directory, and with
    ``suffix`` its name must end in it. Nothing is left behind.

    Returns
    -------
    pathlib.Path
        ``path``, to be written as given (no suffix is added).

    Raises
    ------
    InputError
        Saying which check failed.

    Examples
    --------
    >>> check_output_file("/proc/x/walks.npz", "--out")
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: --out '/proc/x/walks.npz': the directory '/proc/x' does not exist
    """
    target = Path(path)
    if suffix is not None and (not target.name.endswith(suffix) or target.name == suffix):
        raise InputError(f"{option} {path!r}: expected a file name ending in {suffix}, e.g. out{suffix}")
    try:
        if target.is_dir():
            raise InputError(f"{option} {path!r} is a directory; give a file name")
        parent = target.parent
        if not parent.is_dir():
            problem = "is not a directory" if parent.exists() else "does not exist"
            raise InputError(f"{option} {path!r}: the directory {str(parent)!r} {problem}")
        with tempfile.TemporaryFile(dir=parent):
            pass
        if target.exists() and not os.access(target, os.W_OK):
            raise InputError(f"{option} {path!r}: the file is not writable")
    except OSError as exc:
        raise InputError(f"{option} {path!r}: cannot write there ({exc.strerror or exc})") from None
    return target


def check_output_directory(path: str, option: str) -> Path:
    """Make sure ``path`` is a directory that accepts new files, creating it if missing.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError
        ``path`` (or a folder above it) is a file, or the directory cannot be created or written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:  # doctest: +ELLIPSIS
    ...     check_output_directory(f.name + "/checkpoint", "--checkpoint")
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: --checkpoint '.../checkpoint' cannot be a directory ('...' above it is a file)
    """
    target = Path(path)
    try:
        above = next((p for p in (target, *target.parents) if p.exists()), None)
        if above is not None and not above.is_dir():
            where = "" if above == target else f" ({str(above)!r} above it is a file)"
            raise InputError(f"{option} {path!r} cannot be a directory{where}")
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target):
            pass
    except OSError as exc:
        raise InputError(f"{option} {path!r}: cannot create or write the directory ({exc.strerror or exc})") from None
    return target


def _order(args: argparse.Namespace) -> int:
    from cayley import PermutationGroup

    start = time.perf_counter()
    group = PermutationGroup(_split_generators(args.generators), degree=args.degree)
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"order": str(group.order()), "base": group.base, "seconds": seconds}))
    else:
        print(f"order {group.order()}  (base length {len(group.base)}, {seconds:.3f} s)")
    return 0


def _split_generators(text: str) -> list[str]:
    """Split ``"(1,2,3)(4,5),(1,2)"`` into cycle strings at the commas outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text.replace(" ", ""):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p]


def _graph_from_args(args: argparse.Namespace):
    from cayley import CayleyGraph

    gap_file = getattr(args, "gap_file", None)
    if sum(map(bool, (args.family is not None, args.generators, gap_file))) > 1:
        raise InputError("give one of FAMILY N, --generators or --gap-file")
    if gap_file:
        return CayleyGraph.from_gap_file(gap_file, start=args.start)
    if args.generators:
        return CayleyGraph(_split_generators(args.generators), start=args.start, degree=args.degree)
    if args.family is None:
        raise InputError("give FAMILY N (see `python -m cayley families`), --generators or --gap-file")
    if args.degree is not None:
        raise InputError("--degree goes with --generators; FAMILY N sets the degree")
    from cayley.generators import family_info, parse_params

    info = family_info(args.family)
    if args.n is None and info.min_n != info.max_n:
        raise InputError(f"give N for {args.family} ({info.n_meaning}, at least {info.min_n})")
    return CayleyGraph.from_family(args.family, args.n, start=args.start,
                                   **parse_params(args.family, getattr(args, "param", [])))


def _print_growth(result, graph) -> None:
    from cayley._memory import format_bytes

    print(f"{result.graph}: {graph!r}")
    print(f"engine {result.engine} ({result.state_space}), backend {result.backend}")
    print(f"{'distance':>8} {'states':>16}")
    for d, size in enumerate(result.layer_sizes):
        print(f"{d:>8} {size:>16}")
    print(f"order {result.order}, diameter {result.diameter}, last layer {result.layer_sizes[-1]} states")
    shown = result.last_layer[:3].tolist()
    print(f"antipodes (first {len(shown)}): {shown}")
    compiling = f" ({result.compile_seconds:.1f} s of it compiling kernels for first use)" * (result.compile_seconds > 0)
    print(f"{result.seconds:.3f} s{compiling}, peak memory {format_bytes(result.peak_memory_bytes)}")


def _growth_json(result, graph) -> str:
    """The one-line JSON of ``growth --json``."""
    return json.dumps({
        "family": graph.family, "n": graph.family_n, "layer_sizes": result.layer_sizes,
        "diameter": result.diameter, "order": result.order, "engine": result.engine,
        "backend": result.backend, "seconds": result.seconds, "compile_seconds": result.compile_seconds,
        "complete": result.complete,
        "peak_memory_bytes": result.peak_memory_bytes,
    })


_CODES_LABEL = {"byte": "a byte per state", "two_bit": "two bits per state", "keys": "a key per state",
                "out_of_core": "two bits per state, out of core"}


def _growth(args: argparse.Namespace) -> int:
    from cayley import estimate_memory, growth
    from cayley._memory import available_bytes, format_bytes

    graph = _graph_from_args(args)
    if args.checkpoint is not None:
        check_output_directory(args.checkpoint, "--checkpoint")
    if args.distributed:
        return _distributed_growth(args, graph)
    if args.workdir is not None:
        check_output_directory(args.workdir, "--workdir")
    estimate = estimate_memory(graph, args.engine, max_layers=args.max_layers, codes=args.codes, workdir=args.workdir)
    if not args.json:
        budget = ("unknown in advance" if estimate.bytes is None else
                  f"{'at most' if estimate.bound else 'about'} {format_bytes(estimate.bytes)}")
        disk = f", {format_bytes(estimate.disk_bytes)} of disk in {args.workdir}" if estimate.disk_bytes else ""
        print(f"memory: {budget} needed{disk}, {format_bytes(available_bytes())} available "
              f"({estimate.engine} engine, {_CODES_LABEL[estimate.codes]})")
    result = growth(graph, engine=args.engine, backend=args.backend, checkpoint=args.checkpoint,
                    max_layers=args.max_layers, codes=args.codes, workdir=args.workdir)
    if args.json:
        print(_growth_json(result, graph))
    else:
        _print_growth(result, graph)
    return 0


def _distributed_growth(args: argparse.Namespace, graph) -> int:
    """``growth ... --distributed`` under mpiexec: every rank computes, rank 0 prints."""
    from cayley.bfs.distributed import distributed_growth, is_root

    result = distributed_growth(graph, checkpoint=args.checkpoint, max_layers=args.max_layers)
    if not is_root():
        return 0
    if args.json:
        print(_growth_json(result, graph))
    else:
        _print_growth(result, graph)
    return 0


def _families(args: argparse.Namespace) -> int:
    from cayley.generators import families_table

    rows = families_table()
    if args.json:
        print(json.dumps(rows))
        return 0
    for r in rows:
        print(f"{r['name']:<34} {r['kind']:<11} n: {r['n']:<30} {r['parameters']:<24} group {r['group']} | "
              f"{r['definition']}")
    print(f"{len(rows)} predefined generating sets (python -m cayley families --json for every field)")
    return 0


def _warmup(args: argparse.Namespace) -> int:
    from cayley._warmup import estimated_seconds, select_tasks, warmup

    try:
        tasks = select_tasks(args.topics or None)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    jobs = (os.cpu_count() or 1) if args.jobs is None else args.jobs
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    at_once = min(jobs, len(tasks))
    print(f"compiling kernels for first use ({len(tasks)} task{'s' * (len(tasks) != 1)}, {at_once} at a "
          f"time): about {estimated_seconds(tasks, jobs):.0f} s on a cold cache, a few seconds when cached",
          flush=True)
    report = warmup(args.topics or None, jobs=jobs, report=lambda line: print(line, flush=True))
    for name in report.skipped:
        print(f"  skipped (package not installed): {name}")
    print(f"done in {report.seconds:.1f} s; later runs load the kernels from numba's cache", flush=True)
    return 0 if report.ok else 1


def _announce_first_use(run, command: str):
    """``run`` preceded by the first-use notice of ``command`` (on a terminal, cold cache)."""
    def announced(args: argparse.Namespace) -> int:
        from cayley._warmup import first_use_notice

        if not getattr(args, "json", False):
            first_use_notice(command)
        return run(args)

    return announced


def _demo(args: argparse.Namespace) -> int:
    print("$ python -m cayley growth lrx 10\n")
    return _growth(build_parser().parse_args(["growth", "lrx", "10"]))


_EXAMPLES = """\
examples:
  python -m cayley warmup                          compile the kernels once after installing
  python -m cayley demo
  python -m cayley growth lrx 10                   layer sizes and diameter
  python -m cayley growth lrx 10 --start 0000011111    a Schreier graph (binary strings)
  python -m cayley path lrx 8 --state 1,0,7,6,5,4,3,2  a shortest word
  python -m cayley sweep lrx --n 3..9 --fit        diameters for many n and a formula
  python -m cayley spectrum coxeter 6              largest eigenvalues and spectral gap
  python -m cayley walks lrx 8 --length 20 --count 1000 --out walks.npz
  python -m cayley families                        the predefined generating sets
  python -m cayley order "(1,2,3,4,5),(1,2)"       order of a permutation group

python -m cayley COMMAND --help describes one command."""



def build_parser() -> argparse.ArgumentParser:
    """The ``python -m cayley`` argument parser; each sub-command sets ``run``.

    A usage error prints one line ``error: ...`` and exits with status 2
    (:class:`cayley.errors.CommandLineParser`).
    """
    parser = CommandLineParser(
        prog="python -m cayley",
        description="Cayley and Schreier graphs of permutation and matrix groups: growth, shortest\n"
                    "words, sweeps over n, spectra, random walks and group orders.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="growth of the lrx Cayley graph of S_10 (45 layers, about 1 s)")
    demo.set_defaults(run=_demo)

    warm = sub.add_parser("warmup", help="compile every numba kernel once (first use), in parallel",
                          description="Compile and cache the numba kernels by running one small task "
                                      "per code path, each in its own process. Run it once after "
                                      "installing; later runs load the kernels from the cache.")
    warm.epilog = "examples: python -m cayley warmup; python -m cayley warmup growth flipgraph --jobs 2"
    warm.add_argument("topics", nargs="*", metavar="TOPIC",
                      help="growth, paths, walks, spectra, flipgraph, simplicial or assortment "
                           "(default: all); demo: only the kernels of python -m cayley demo")
    warm.add_argument("--jobs", type=int, default=None,
                      help="tasks run at a time (default: one per CPU)")
    warm.set_defaults(run=_warmup)

    grow = sub.add_parser("growth", help="growth function of a Cayley or Schreier graph",
                          description="Breadth-first search from a start state: the number of states at "
                                      "each distance, the diameter and the antipodes.",
                          epilog='examples: python -m cayley growth lrx 10; python -m cayley growth lrx 10 '
                                 '--start 0000011111; python -m cayley growth --generators "(1,2,3),(1,2)"')
    grow.add_argument("family", nargs="?", help="generator family (python -m cayley families)")
    grow.add_argument("n", nargs="?", type=int, help="family parameter")
    grow.add_argument("--generators", help='custom generators, e.g. "(1,2,3)(4,5),(1,2)"')
    grow.add_argument("--degree", type=int, default=None, help="degree for --generators")
    grow.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                      help="a family parameter, e.g. --param k=3 (repeatable)")
    grow.add_argument("--gap-file", default=None, metavar="FILE",
                      help="a puzzle in GAP format (its moves and their inverses)")
    grow.add_argument("--start", default=None, help="start state, e.g. 0101010101 (Schreier graph)")
    grow.add_argument("--engine", choices=["auto", "ranked", "hashed"], default="auto")
    grow.add_argument("--backend", choices=["auto", "numba", "cupy"], default="auto")
    grow.add_argument("--checkpoint", default=None, help="directory to checkpoint to / resume from")
    grow.add_argument("--codes", choices=["auto", "byte", "two_bit", "out_of_core"], default="auto",
                      help="how the ranked engine stores a state (default: two bits, out of core with --workdir "
                           "when they do not fit in memory)")
    grow.add_argument("--workdir", default=None, metavar="DIR",
                      help="directory for the states when they do not fit in memory (twice their two-bit size "
                           "of disk); also the run's checkpoint: the same command resumes there")
    grow.add_argument("--max-layers", type=int, default=None)
    grow.add_argument("--json", action="store_true", help="print one JSON object")
    from cayley.bfs.distributed import add_distributed_flag

    add_distributed_flag(grow)
    grow.set_defaults(run=_growth)

    from cayley._cli_paths import add_path_command, add_sweep_command

    from cayley.spectra import add_spectrum_command
    from cayley.walks import add_walks_command

    add_path_command(sub)
    add_sweep_command(sub)
    add_spectrum_command(sub)
    add_walks_command(sub)

    families = sub.add_parser("families", help="list the predefined generator families",
                              epilog="example: python -m cayley families --json")
    families.add_argument("--json", action="store_true", help="one JSON list of every family's fields")
    families.set_defaults(run=_families)

    order = sub.add_parser("order", help="order of a permutation group",
                           epilog='example: python -m cayley order "(1,2,3,4,5),(1,2)"')
    order.add_argument("generators", help='1-based cycles, e.g. "(1,2,3)(4,5),(1,2)"')
    order.add_argument("--degree", type=int, default=None)
    order.add_argument("--json", action="store_true")
    order.set_defaults(run=_order)

    from cayley._warmup import COMMAND_KERNELS

    for command, subparser in sub.choices.items():
        if command in COMMAND_KERNELS:
            subparser.set_defaults(run=_announce_first_use(subparser.get_default("run"), command))
    return parser

