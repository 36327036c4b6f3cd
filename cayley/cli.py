"""Argument parsing and sub-commands of ``python -m cayley``: growth, families, order, demo."""
from __future__ import annotations

import argparse
import json
import time

__all__ = ["build_parser"]


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

    if args.generators:
        if args.family is not None:
            raise ValueError("give either FAMILY N or --generators, not both")
        return CayleyGraph(_split_generators(args.generators), start=args.start, degree=args.degree)
    if args.family is None or args.n is None:
        raise ValueError("give FAMILY N (see `python -m cayley families`) or --generators")
    return CayleyGraph.from_family(args.family, args.n, start=args.start)


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
    print(f"{result.seconds:.3f} s, peak memory {format_bytes(result.peak_memory_bytes)}")


def _growth_json(result, graph) -> str:
    """The one-line JSON of ``growth --json``."""
    return json.dumps({
        "family": graph.family, "n": graph.family_n, "layer_sizes": result.layer_sizes,
        "diameter": result.diameter, "order": result.order, "engine": result.engine,
        "backend": result.backend, "seconds": result.seconds, "complete": result.complete,
        "peak_memory_bytes": result.peak_memory_bytes,
    })


def _growth(args: argparse.Namespace) -> int:
    from cayley import estimate_memory, growth
    from cayley._memory import available_bytes, format_bytes

    graph = _graph_from_args(args)
    if args.distributed:
        return _distributed_growth(args, graph)
    engine, needed = estimate_memory(graph, args.engine)
    if not args.json:
        budget = "unknown in advance" if needed is None else format_bytes(needed)
        print(f"memory: {budget} needed, {format_bytes(available_bytes())} available ({engine} engine)")
    result = growth(graph, engine=args.engine, backend=args.backend, checkpoint=args.checkpoint,
                    max_layers=args.max_layers)
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
    from cayley.generators import family_info, family_names

    for name in family_names():
        info = family_info(name)
        top = "" if info.max_n is None else str(info.max_n)
        print(f"{name:<24} {info.kind:<12} n {info.min_n}..{top:<10} {info.description}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    print("$ python -m cayley growth lrx 10\n")
    return _growth(build_parser().parse_args(["growth", "lrx", "10"]))


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m cayley`` argument parser; each sub-command sets ``run``."""
    parser = argparse.ArgumentParser(prog="python -m cayley", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run the flagship computation")
    demo.set_defaults(run=_demo)

    grow = sub.add_parser("growth", help="growth function of a Cayley or Schreier graph")
    grow.add_argument("family", nargs="?", help="generator family (python -m cayley families)")
    grow.add_argument("n", nargs="?", type=int, help="family parameter")
    grow.add_argument("--generators", help='custom generators, e.g. "(1,2,3)(4,5),(1,2)"')
    grow.add_argument("--degree", type=int, default=None, help="degree for --generators")
    grow.add_argument("--start", default=None, help="start state, e.g. 0101010101 (Schreier graph)")
    grow.add_argument("--engine", choices=["auto", "ranked", "hashed"], default="auto")
    grow.add_argument("--backend", choices=["auto", "numba", "cupy"], default="auto")
    grow.add_argument("--checkpoint", default=None, help="directory to checkpoint to / resume from")
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

    families = sub.add_parser("families", help="list the predefined generator families")
    families.set_defaults(run=_families)

    order = sub.add_parser("order", help="order of a permutation group")
    order.add_argument("generators", help='1-based cycles, e.g. "(1,2,3)(4,5),(1,2)"')
    order.add_argument("--degree", type=int, default=None)
    order.add_argument("--json", action="store_true")
    order.set_defaults(run=_order)
    return parser
