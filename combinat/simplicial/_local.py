"""Local search for a witness: swaps that keep every degree and size, until no facet nests.

A 0/1 matrix with row sums ``sizes`` and column sums ``degrees`` always exists once
Gale-Ryser holds; it is a complex exactly when no row lies inside another (equal rows
included). The search starts from a random such matrix (rows filled largest first with the
vertices of highest residual degree, ties broken at random) and repeats a *switch*: facet
``j`` trades a vertex ``a`` for a vertex ``b`` with another facet ``l`` (``a`` in ``j``
and not in ``l``, ``b`` in ``l`` and not in ``j``), which keeps every row and column sum,
and switches connect all matrices with the same sums (Ryser). The cost is the number of
nested pairs; each step takes a facet of a nested pair and applies its best switch
(min-conflicts; a random one with a small probability, and never one that undoes a switch
of the last few steps), so the cost falls to 0 on dense random instances within
milliseconds to a second.

The search only finds witnesses: it never proves that none exists, so ``realize`` runs it
with a budget between the depth-first search and the exact model. It is seeded (same input,
same steps), and its witness is checked like any other. Rows are bit-packed (``_bitset``),
so a nesting test is a few word operations.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numba import njit

from ._bitset import is_subset, n_words

_OPS_PER_CHUNK = 20_000_000  # word operations per compiled call, between looks at the clock
_NOISE = 0.05  # probability of a random switch instead of the best one
_TABU_STEPS = 8  # a vertex moved into a facet may not leave it for this many steps


@dataclass
class LocalOutcome:
    """Outcome of :func:`local_search`: ``facets`` (vertex arrays in the order of ``sizes``)
    when no nested pair is left, else None; ``cost``: the fewest nested pairs reached."""

    facets: list[np.ndarray] | None
    cost: int
    steps: int
    seconds: float


@njit(cache=True)
def _seed(seed):
    np.random.seed(seed)


@njit(cache=True)
def _nested(a, b):
    """1 when one of the two sets lies inside the other (equal sets included)."""
    return 1 if (is_subset(a, b) or is_subset(b, a)) else 0


@njit(cache=True)
def _initial(degrees, sizes, words):
    """Rows filled largest first with the vertices of highest residual degree (random ties).

    With Gale-Ryser true, choosing the highest residual degrees row by row never gets stuck,
    so every row and column sum is met."""
    n, m = degrees.shape[0], sizes.shape[0]
    residual = degrees.astype(np.float64) + np.random.random(n) * 0.5
    rows = np.zeros((m, words), dtype=np.uint64)
    for j in range(m):
        order = np.argsort(-residual)
        for t in range(sizes[j]):
            v = order[t]
            rows[j, v >> 6] |= np.uint64(1) << np.uint64(v & 63)
            residual[v] -= 1.0
    return rows


@njit(cache=True)
def _costs(rows):
    m = rows.shape[0]
    conflicts = np.zeros(m, dtype=np.int64)
    for j in range(m):
        for k in range(j + 1, m):
            if _nested(rows[j], rows[k]):
                conflicts[j] += 1
                conflicts[k] += 1
    return conflicts


@njit(cache=True)
def _has(row, v):
    return (row[v >> 6] >> np.uint64(v & 63)) & np.uint64(1)


@njit(cache=True)
def _flip(row, a, b):
    row[a >> 6] ^= np.uint64(1) << np.uint64(a & 63)
    row[b >> 6] ^= np.uint64(1) << np.uint64(b & 63)


@njit(cache=True)
def _pair_delta(rows, j, l, a, b, new_j, new_l):
    """Change of the number of nested pairs when facets ``j`` and ``l`` swap ``a`` and ``b``."""
    m = rows.shape[0]
    words = rows.shape[1]
    for w in range(words):
        new_j[w] = rows[j, w]
        new_l[w] = rows[l, w]
    _flip(new_j, a, b)
    _flip(new_l, a, b)
    delta = _nested(new_j, new_l) - _nested(rows[j], rows[l])
    for k in range(m):
        if k == j or k == l:
            continue
        delta += _nested(new_j, rows[k]) - _nested(rows[j], rows[k])
        delta += _nested(new_l, rows[k]) - _nested(rows[l], rows[k])
    return delta


@njit(cache=True)
def _run(rows, conflicts, n, steps, tabu, clock):
    """Up to ``steps`` switches; returns the steps done (fewer once no pair is nested)."""
    m, words = rows.shape[0], rows.shape[1]
    new_j = np.empty(words, dtype=np.uint64)
    new_l = np.empty(words, dtype=np.uint64)
    inside = np.empty(n, dtype=np.int64)
    outside = np.empty(n, dtype=np.int64)
    for step in range(steps):
        total = 0
        for j in range(m):
            total += conflicts[j]
        if total == 0:
            return step
        pick = np.random.randint(total)  # a facet of a nested pair, by its number of pairs
        j = 0
        while pick >= conflicts[j]:
            pick -= conflicts[j]
            j += 1
        n_in = n_out = 0
        for v in range(n):
            if _has(rows[j], v):
                inside[n_in] = v
                n_in += 1
            else:
                outside[n_out] = v
                n_out += 1
        random_move = np.random.random() < _NOISE
        best, best_l, best_a, best_b, ties = 1 << 60, -1, -1, -1, 0
        for p in range(n_in):
            a = inside[p]
            if tabu[j, a] > clock:
                continue
            for q in range(n_out):
                b = outside[q]
                # a partner facet holding b and not a, chosen at random (reservoir)
                l, seen = -1, 0
                for k in range(m):
                    if k != j and _has(rows[k], b) and not _has(rows[k], a):
                        seen += 1
                        if np.random.randint(seen) == 0:
                            l = k
                if l < 0:
                    continue
                delta = 0 if random_move else _pair_delta(rows, j, l, a, b, new_j, new_l)
                if delta < best:
                    best, best_l, best_a, best_b, ties = delta, l, a, b, 1
                elif delta == best:
                    ties += 1
                    if np.random.randint(ties) == 0:
                        best_l, best_a, best_b = l, a, b
        clock += 1
        if best_l < 0:
            continue
        _count(rows, conflicts, j, best_l, -1)
        _flip(rows[j], best_a, best_b)
        _flip(rows[best_l], best_a, best_b)
        _count(rows, conflicts, j, best_l, 1)
        tabu[j, best_b] = clock + _TABU_STEPS
        tabu[best_l, best_a] = clock + _TABU_STEPS
    return steps


@njit(cache=True)
def _count(rows, conflicts, j, l, sign):
    """Add ``sign`` times the nested pairs that involve facet ``j`` or ``l`` to ``conflicts``."""
    for k in range(rows.shape[0]):
        if k != j and _nested(rows[j], rows[k]):
            conflicts[j] += sign
            conflicts[k] += sign
        if k != j and k != l and _nested(rows[l], rows[k]):
            conflicts[l] += sign
            conflicts[k] += sign


def _unpack(rows: np.ndarray, n: int) -> np.ndarray:
    bits = np.unpackbits(rows.view(np.uint8), axis=1, bitorder="little")
    return bits[:, :n].astype(np.int64)


def local_search(degrees: np.ndarray, sizes: np.ndarray, time_limit: float | None,
                 max_steps: int | None = None, seed: int = 0) -> LocalOutcome:
    """Look for a witness of ``(degrees, sizes)`` for at most ``time_limit`` seconds and
    ``max_steps`` switches (None: no limit; set at least one of them).

    ``sizes`` must be sorted decreasingly and the pair must pass Gale-Ryser.

    Examples
    --------
    >>> out = local_search(np.array([2, 2, 2, 1, 1]), np.array([3, 3, 2]), time_limit=5)
    >>> out.cost, [len(f) for f in out.facets]
    (0, [3, 3, 2])
    >>> local_search(np.array([2, 2]), np.array([2, 2]), None, max_steps=100).facets is None
    True
    """
    start = time.perf_counter()
    n = int(degrees.size)
    _seed(seed)
    rows = _initial(degrees.astype(np.int64), sizes.astype(np.int64), n_words(n))
    conflicts = _costs(rows)
    tabu = np.zeros((sizes.size, n), dtype=np.int64)
    best_cost, steps = int(conflicts.sum()) // 2, 0
    # a switch weighs up to |facet| * n candidates, each against every facet
    chunk = max(1, _OPS_PER_CHUNK // (3 * int(sizes.max()) * n * sizes.size * rows.shape[1]))
    while best_cost > 0 and (time_limit is None or time.perf_counter() - start < time_limit):
        allowed = chunk if max_steps is None else min(chunk, max_steps - steps)
        if allowed <= 0:
            break
        done = _run(rows, conflicts, n, allowed, tabu, steps)
        steps += done
        best_cost = min(best_cost, int(conflicts.sum()) // 2)
        if done < allowed:
            break
    facets = [np.flatnonzero(row) for row in _unpack(rows, n)] if best_cost == 0 else None
    return LocalOutcome(facets, best_cost, steps, time.perf_counter() - start)
