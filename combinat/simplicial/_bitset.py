"""Bit-packed vertex sets (rows of uint64 words) and numba kernels on them."""
from __future__ import annotations

import numpy as np
from numba import njit


def n_words(n_vertices: int) -> int:
    """Number of uint64 words needed for a set over ``n_vertices`` vertices."""
    return max(1, (n_vertices + 63) // 64)


def pack(vertex_sets, n_vertices: int) -> np.ndarray:
    """Pack an iterable of vertex-index collections into a (len, words) uint64 matrix."""
    sets = [np.asarray(list(s), dtype=np.int64) for s in vertex_sets]
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
def first_inclusion_pair(rows):
    """A pair (i, j), i != j, with ``rows[i]`` contained in ``rows[j]``, or (-1, -1)."""
    n_rows = rows.shape[0]
    sizes = np.empty(n_rows, dtype=np.int64)
    for i in range(n_rows):
        sizes[i] = row_popcount(rows[i])
    for i in range(n_rows):
        for j in range(n_rows):
            if i != j and sizes[i] <= sizes[j] and is_subset(rows[i], rows[j]):
                return i, j
    return -1, -1
