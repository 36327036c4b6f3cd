"""Shortest words by bidirectional BFS, and beam search where the graph is too large.

1. Reverse n cards with the lrx moves (L, R cyclic shifts, X swap of the first two):
   a shortest word, by bidirectional BFS.
2. Build a random stack of m pancakes from the sorted one with prefix reversals (read
   backwards, the word sorts the stack: flips are their own inverses). The graph has m!
   states, so beam search with the gap heuristic (Helmert, AAAI 2010) finds a word, not
   necessarily shortest; the simple flip-to-top method needs up to 2m - 3 flips.

Usage: python examples/shortest_word.py [N] [--pancakes 20] [--width 200]
"""
from __future__ import annotations

import sys

import numpy as np

from cayley import CayleyGraph
from cayley.paths import beam_search, shortest_word
from cayley.errors import CommandLineParser, run_script


def gap_heuristic(states: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Number of neighbouring pancakes that are not neighbours in the target (plus the plate)."""
    where = np.empty_like(target)
    where[target] = np.arange(target.size)
    u = where[states]  # each pancake's position in the target
    plate = np.full((u.shape[0], 1), target.size)
    return np.count_nonzero(np.abs(np.diff(np.hstack([u, plate]), axis=1)) != 1, axis=1)


def main(argv: list[str] | None = None) -> None:
    parser = CommandLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=9, help="cards for the exact search (default 9)")
    parser.add_argument("--pancakes", type=int, default=20, help="pancakes for the beam search (default 20)")
    parser.add_argument("--width", type=int, default=200, help="beam width (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    lrx = CayleyGraph.from_family("lrx", args.n)
    exact = shortest_word(lrx, list(range(args.n))[::-1])
    print(f"lrx n={args.n}, reverse the cards: {exact.length} moves, shortest "
          f"({exact.states_seen} states stored, {exact.seconds:.2f} s)")
    print("  " + " ".join(exact.word))

    m = args.pancakes
    stack = np.random.default_rng(args.seed).permutation(m)
    pancakes = CayleyGraph.from_family("pancake", m)
    beam = beam_search(pancakes, stack, width=args.width, heuristic=gap_heuristic)
    print(f"pancake m={m}, reach stack {stack.tolist()}: {beam.length} flips by beam search "
          f"(may not be shortest; flip-to-top needs up to {2 * m - 3}; {beam.seconds:.2f} s)")
    print("  " + " ".join(beam.word))


if __name__ == "__main__":
    sys.exit(run_script(main))
