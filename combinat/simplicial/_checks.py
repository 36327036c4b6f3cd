"""Exact necessary conditions on a degree-size pair (d, s), and the 2-uniform case.

Every function here is exact: a failing check is a proof that no simplicial complex
has degree sequence ``d`` and facet-size sequence ``s``.
"""
from __future__ import annotations

import heapq

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
    """True when ``degrees`` is the degree sequence of a simple graph (Erdos-Gallai).

    With ``d`` sorted decreasingly, ``sum(d[:k]) <= k (k - 1) + sum_{i >= k} min(d_i, k)``
    for every ``k``; the right-hand sum is ``k * (p_k - k) + sum(d[max(k, p_k):])`` where
    ``p_k`` counts the entries ``>= k``, so all ``k`` are checked in ``O(n log n)``.

    Examples
    --------
    >>> erdos_gallai(np.array([3, 3, 3, 3])), erdos_gallai(np.array([3, 3, 3, 1]))
    (True, False)
    """
    d = np.sort(np.asarray(degrees, dtype=np.int64))[::-1]
    if d.sum() % 2:
        return False
    n = d.size
    k = np.arange(1, n + 1, dtype=np.int64)
    prefix = np.cumsum(d)
    suffix = np.concatenate([np.cumsum(d[::-1])[::-1], [0]])  # suffix[j] = sum(d[j:])
    at_least_k = n - np.searchsorted(d[::-1], k, side="left")
    rhs = k * (k - 1) + k * np.maximum(at_least_k - k, 0) + suffix[np.maximum(k, at_least_k)]
    return bool((prefix <= rhs).all())


def havel_hakimi(degrees: np.ndarray) -> list[tuple[int, int]] | None:
    """Edges of a simple graph with the given degrees, or None when none exists.

    Havel-Hakimi: repeatedly join a vertex of largest residual degree to the next
    largest ones (ties broken by the smaller index). Vertices are the indices of
    ``degrees``. A heap keeps the order: ``O(E log n)`` for ``E`` edges.

    Examples
    --------
    >>> havel_hakimi(np.array([2, 2, 2]))
    [(0, 1), (0, 2), (1, 2)]
    """
    heap = [(-int(x), v) for v, x in enumerate(np.asarray(degrees, dtype=np.int64).tolist()) if x > 0]
    heapq.heapify(heap)
    edges: list[tuple[int, int]] = []
    while heap:
        need, hub = heapq.heappop(heap)
        need = -need
        if len(heap) < need:
            return None
        partners = [heapq.heappop(heap) for _ in range(need)]
        for residual, p in partners:
            edges.append((min(hub, p), max(hub, p)))
            if residual < -1:
                heapq.heappush(heap, (residual + 1, p))
    return edges
