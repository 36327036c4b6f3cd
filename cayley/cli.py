"""Argument parsing and sub-commands of ``python -m cayley``."""
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


def _demo(args: argparse.Namespace) -> int:
    from cayley import mathieu

    print("Group orders by Schreier-Sims:")
    for n in (11, 12, 22, 23, 24):
        start = time.perf_counter()
        order = mathieu(n).order()
        print(f"  M{n:<3} {order:>12}  {time.perf_counter() - start:.3f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m cayley`` argument parser; each sub-command sets ``run``."""
    parser = argparse.ArgumentParser(prog="python -m cayley", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run the flagship computation")
    demo.set_defaults(run=_demo)

    order = sub.add_parser("order", help="order of a permutation group")
    order.add_argument("generators", help='1-based cycles, e.g. "(1,2,3)(4,5),(1,2)"')
    order.add_argument("--degree", type=int, default=None)
    order.add_argument("--json", action="store_true")
    order.set_defaults(run=_order)
    return parser
