"""Small builders of image lists: cycles, transpositions, reversals, shifts, inverse, square.

Lists, not arrays: families assemble plain lists and convert once in ``permutation_set``.
All 0-based; ``p[i]`` is the image of ``i``, so the cycle ``(a b c)`` has
``p[a] = b, p[b] = c, p[c] = a``.
"""
from __future__ import annotations

from collections.abc import Sequence


def from_cycles(n: int, cycles: Sequence[Sequence[int]]) -> list[int]:
    """Image list of degree ``n`` of a product of disjoint cycles (0-based points)."""
    p = list(range(n))
    for cycle in cycles:
        for position, point in enumerate(cycle):
            p[point] = cycle[(position + 1) % len(cycle)]
    return p


def transposition(n: int, i: int, j: int) -> list[int]:
    """The transposition ``(i j)`` of degree ``n``."""
    return from_cycles(n, [[i, j]])


def reversal(n: int, start: int, stop: int) -> list[int]:
    """Reverse the segment ``start..stop`` (inclusive) of a length-``n`` state."""
    return list(range(start)) + list(range(stop, start - 1, -1)) + list(range(stop + 1, n))


def shift_left(n: int) -> list[int]:
    """Cyclic shift left: gathering with it moves ``state[1]`` to position 0."""
    return list(range(1, n)) + [0]


def shift_right(n: int) -> list[int]:
    """Cyclic shift right, the inverse of :func:`shift_left`."""
    return [n - 1] + list(range(n - 1))


def inverse(p: Sequence[int]) -> list[int]:
    """Inverse image list: ``inverse(p)[p[i]] == i``."""
    q = [0] * len(p)
    for i, image in enumerate(p):
        q[image] = i
    return q


def square(p: Sequence[int]) -> list[int]:
    """``p`` applied twice."""
    return [p[p[i]] for i in range(len(p))]


def parse_gap_cycles(text: str) -> list[list[int]]:
    """Parse GAP cycle notation such as ``"(1,3,8,6)(2,5,7,4)"`` into 0-based cycles."""
    body = text.replace(" ", "")
    if not (body.startswith("(") and body.endswith(")")):
        raise ValueError(f"not GAP cycle notation: {text!r}")
    return [[int(x) - 1 for x in chunk.split(",")] for chunk in body[1:-1].split(")(")]
