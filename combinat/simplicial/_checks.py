"""Exact necessary conditions on a degree-size pair (d, s), and the 2-uniform case.

Every function here is exact: a failing check is a proof that no simplicial complex
has degree sequence ``d`` and facet-size sequence ``s``.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def gale_ryser(degrees, sizes):
    """True when a 0/1 matrix with row sums ``degrees`` and column sums ``sizes`` exists.

    Gale-Ryser: with ``d`` sorted decreasingly, ``sum(d[:k]) <= sum_j min(s_j, k)`` for all
    ``k``, and equal totals. Linear time via counting sorts. Non-positive entries are ignored.
    """
    total_d = 0
    max_d = 0
    for x in degrees:
        if x > 0:
            total_d += x
            max_d = max(max_d, x)
    total_s = 0
    max_s = 0
    for x in sizes:
        if x > 0:
            total_s += x
            max_s = max(max_s, x)
    if total_d != total_s:
        return False
    # count_d[x] = number of degrees equal to x; sizes_ge[k] = number of sizes >= k.
    count_d = np.zeros(max_d + 1, dtype=np.int64)
    for x in degrees:
        if x > 0:
            count_d[x] += 1
    n_pos = 0
    for x in range(1, max_d + 1):
        n_pos += count_d[x]
    sizes_ge = np.zeros(n_pos + 2, dtype=np.int64)
    for x in sizes:
        if x > 0:
            sizes_ge[min(x, n_pos + 1)] += 1
    for k in range(n_pos, -1, -1):
        sizes_ge[k] += sizes_ge[k + 1]
    lhs = 0
    rhs = 0
    k = 0
    for value in range(max_d, 0, -1):
        for _ in range(count_d[value]):
            k += 1
            lhs += value
            rhs += sizes_ge[k]
            if lhs > rhs:
                return False
    return True


def erdos_gallai(degrees: np.ndarray) -> bool:
    """True when ``degrees`` is the degree sequence of a simple graph (Erdos-Gallai)."""
    d = np.sort(np.asarray(degrees, dtype=np.int64))[::-1]
    if d.sum() % 2:
        return False
    n = d.size
    prefix = np.cumsum(d)
    for k in range(1, n + 1):
        tail = d[k:]
        if prefix[k - 1] > k * (k - 1) + np.minimum(tail, k).sum():
            return False
    return True


def havel_hakimi(degrees: np.ndarray) -> list[tuple[int, int]] | None:
    """Edges of a simple graph with the given degrees, or None when none exists.

    Havel-Hakimi: repeatedly join a vertex of largest residual degree to the next
    largest ones. Vertices are the indices of ``degrees``.
    """
    residual = np.asarray(degrees, dtype=np.int64).copy()
    edges: list[tuple[int, int]] = []
    while residual.max(initial=0) > 0:
        order = np.lexsort((np.arange(residual.size), -residual))
        hub = order[0]
        need = int(residual[hub])
        partners = order[1:need + 1]
        if partners.size < need or residual[partners].min(initial=1) <= 0:
            return None
        residual[hub] = 0
        residual[partners] -= 1
        edges.extend((int(min(hub, p)), int(max(hub, p))) for p in partners)
    return edges
