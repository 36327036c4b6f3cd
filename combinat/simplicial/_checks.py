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


_FLOAT_SLACK = 1e-9
"""Relative slack of the floating-point knapsacks in :func:`antichain_gale_ryser`, always in
the direction of a larger bound (rounding can only weaken the check, never make it wrong)."""


@njit(cache=True)
def _binomial_row(k, shift, out):
    """``out[r] = C(k, r - shift)`` (0 outside ``0..k``) as floats, exact below ``2**53``."""
    value = 1.0
    for r in range(out.shape[0]):
        i = r - shift
        if i < 0 or i > k:
            out[r] = 0.0
            continue
        if i > 0:
            value = value * (k - i + 1) / i
        out[r] = value


@njit(cache=True)
def _knapsack(gain, share, most, budget):
    """Fractional knapsack: the largest ``sum gain[i] * a[i]`` with ``0 <= a[i] <= most[i]``
    and ``sum share[i] * a[i] <= budget`` (an upper bound on the integer optimum)."""
    order = np.argsort(-gain / np.maximum(share, 1e-300))
    total = 0.0
    for i in order:
        take = most[i] if share[i] == 0.0 else min(most[i], budget / share[i])
        total += take * gain[i]
        budget -= take * share[i] * (1 - _FLOAT_SLACK)
        if budget <= 0.0:
            break
    return total


@njit(cache=True)
def _inside_gain(k, y, size_count, work):
    """Upper bound on ``sum (|F| - min(|F| - 1, y))`` over the facets ``F`` inside a
    ``k``-set ``T`` when some other facet meets ``T`` in ``y`` vertices ``Y`` and none in
    more (see :func:`antichain_gale_ryser`); ``work``: seven scratch rows of ``len(size_count)``.

    The facets inside ``T`` form an antichain ``A`` and none lies inside ``Y``, so each
    meets ``Z = T - Y`` (``k - y`` vertices). Counting the maximal chains of subsets of
    ``T`` through them (Lubell's proof of LYM), all chains and those that start in ``Z``,
    gives ``sum_A 1 / C(k, |X|) <= 1`` and ``sum_A 1 / C(k - 1, |X| - 1) <= k - y``; and
    ``A`` holds at most ``C(k, r) - C(y, r)`` sets of size ``r``."""
    top = min(k, size_count.shape[0] - 1)
    gain, most, lym, link = work[0, :top + 1], work[1, :top + 1], work[2, :top + 1], work[3, :top + 1]
    c_k, c_y, c_link = work[4, :top + 1], work[5, :top + 1], work[6, :top + 1]
    _binomial_row(k, 0, c_k)
    _binomial_row(y, 0, c_y)
    _binomial_row(k - 1, 1, c_link)
    for r in range(top + 1):
        gain[r] = most[r] = lym[r] = link[r] = 0.0
        if r and size_count[r]:
            gain[r] = r - min(r - 1, y)
            most[r] = min(float(size_count[r]), c_k[r] - c_y[r])
            lym[r] = 1.0 / c_k[r]
            link[r] = 1.0 / c_link[r]
    return min(_knapsack(gain, lym, most, 1.0), _knapsack(gain, link, most, float(k - y)))


@njit(cache=True)
def antichain_gale_ryser(degrees, sizes):
    """Gale-Ryser sharpened by the antichain condition; True when the pair passes.

    For the ``k`` vertices ``T`` of highest degree, ``sum(d[:k])`` counts the incidences of
    the facets with ``T``, which Gale-Ryser bounds by ``sum_j min(s_j, k)``. In a complex
    a facet inside ``T`` gives ``|F|`` and any other gives at most ``|F| - 1``, and no
    facet contains one inside ``T``. So either a facet holds ``T`` strictly and none lies
    inside ``T``: the sum is at most ``sum_j min(s_j, k) - #{s_j <= k}``; or the other
    facets meet ``T`` in at most ``y < k`` vertices: at most
    ``sum_j min(s_j - 1, y)`` plus what facets inside ``T`` add (:func:`_inside_gain`).
    Sums must be equal and the plain Gale-Ryser condition already checked. Exact: a pair
    that fails has no realization. Time ``O(n * max(sizes)**2)`` at worst.

    Examples
    --------
    >>> antichain_gale_ryser(np.array([3, 3, 2, 1, 1]), np.array([3, 3, 2, 2]))
    True
    >>> antichain_gale_ryser(np.array([2, 2, 1]), np.array([2, 2, 1]))  # {0,1} twice
    False
    """
    d = np.sort(degrees[degrees > 0])[::-1]
    s = sizes[sizes > 0]
    top = s.max() if s.size else 0
    size_count = np.zeros(top + 1, dtype=np.int64)
    for x in s:
        size_count[x] += 1
    capped = np.zeros(top + 1, dtype=np.int64)  # capped[y] = sum_j min(s_j - 1, y)
    for y in range(top + 1):
        for r in range(1, top + 1):
            capped[y] += size_count[r] * min(r - 1, y)
    work = np.empty((7, top + 1))
    m = s.size
    lhs = 0
    sum_min = 0  # sum_j min(s_j, k)
    at_least = m  # #{s_j >= k}
    for k in range(1, d.size + 1):
        lhs += d[k - 1]
        sum_min += at_least
        greater = at_least - (size_count[k] if k <= top else 0)
        at_least = greater
        if lhs <= sum_min - m:  # y = k - 1 with nothing inside T already allows this
            continue
        if greater and lhs <= sum_min - (m - greater):
            continue
        feasible = False
        # from y = top - 1 up, every facet gives |F| - 1 and each one inside T adds 1, and
        # fewer fit inside as y grows: the larger y need no look
        for y in range(min(k, top) - 1, -1, -1):
            extra = _inside_gain(k, y, size_count, work)
            if lhs <= capped[y] + np.floor(extra * (1 + _FLOAT_SLACK) + _FLOAT_SLACK):
                feasible = True
                break
        if not feasible:
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
