"""Bit-packed vertex sets (rows of uint64 words) and numba kernels on them."""
from __future__ import annotations

import numpy as np
from numba import njit

from cayley import _memory


def n_words(n_vertices: int) -> int:
    """Number of uint64 words needed for a set over ``n_vertices`` vertices."""
    return max(1, (n_vertices + 63) // 64)


def pack(vertex_sets, n_vertices: int) -> np.ndarray:
    """Pack an iterable of vertex-index collections into a (len, words) uint64 matrix.

    Raises :class:`~cayley.errors.MemoryBudgetError` when the matrix would not fit.
    """
    sets = [np.asarray(list(s), dtype=np.int64) for s in vertex_sets]
    _memory.require(8 * len(sets) * n_words(n_vertices),
                    f"{len(sets)} bit-packed sets over {n_vertices} vertices")
    bits = np.zeros((len(sets), n_words(n_vertices)), dtype=np.uint64)
    for row, members in enumerate(sets):
        _set_bits(bits[row], members)
    return bits


@njit(cache=True)
def _set_bits(row, members):
    for v in members:
        row[v >> 6] |= np.uint64(1) << np.uint64(v & 63)


@njit(cache=True)
def popcount(x):
    """Number of set bits of a uint64 (SWAR)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True)
def row_popcount(row):
    total = 0
    for w in range(row.shape[0]):
        total += popcount(row[w])
    return total


@njit(cache=True)
def is_subset(a, b):
    """True when the set ``a`` is contained in the set ``b``."""
    for w in range(a.shape[0]):
        if a[w] & ~b[w]:
            return False
    return True


@njit(cache=True)
def first_containing_row(candidate, rows, n_rows):
    """Index of the first of ``rows[:n_rows]`` that contains ``candidate``, or -1."""
    for i in range(n_rows):
        if is_subset(candidate, rows[i]):
            return i
    return -1


@njit(cache=True)
def has_nested_pair(members, starts, n_vertices):
    """True when one of the sets is contained in (or equal to) another.

    Set ``i`` is ``members[starts[i]:starts[i + 1]]``: non-empty, without repeats, over the
    vertices ``0 .. n_vertices - 1``. A set can only lie inside the sets through its rarest
    vertex, so only those are compared with it (by counting its marked members), in memory
    linear in the input.
    """
    n_sets = starts.shape[0] - 1
    through_start = np.zeros(n_vertices + 1, dtype=np.int64)
    for p in range(members.shape[0]):
        through_start[members[p] + 1] += 1
    for v in range(n_vertices):
        through_start[v + 1] += through_start[v]
    fill = through_start[:-1].copy()
    through = np.empty(members.shape[0], dtype=np.int64)
    for i in range(n_sets):
        for p in range(starts[i], starts[i + 1]):
            through[fill[members[p]]] = i
            fill[members[p]] += 1
    mark = np.zeros(n_vertices, dtype=np.bool_)
    for i in range(n_sets):
        size = starts[i + 1] - starts[i]
        rarest = members[starts[i]]
        for p in range(starts[i], starts[i + 1]):
            v = members[p]
            mark[v] = True
            if through_start[v + 1] - through_start[v] < through_start[rarest + 1] - through_start[rarest]:
                rarest = v
        nested = False
        for q in range(through_start[rarest], through_start[rarest + 1]):
            j = through[q]
            if j == i or starts[j + 1] - starts[j] < size:
                continue
            common = 0
            for p in range(starts[j], starts[j + 1]):
                if mark[members[p]]:
                    common += 1
            if common == size:
                nested = True
                break
        for p in range(starts[i], starts[i + 1]):
            mark[members[p]] = False
        if nested:
            return True
    return False
