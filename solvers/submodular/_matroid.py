"""Matroid constraints: partition matroids, user independence oracles, and the order scan
with swaps.

The scan visits items in the submodular order.  An item whose marginal gain is positive is
added when the set stays independent; otherwise it may replace the cheapest item ``x`` of the
current set (the one with the smallest recorded gain) whose removal makes room, provided its
gain is at least ``swap_factor`` times that of ``x``.  This is the streaming swap rule of
Chakrabarti and Kale (2015), ratio 1/4 for monotone submodular ``f`` with ``swap_factor=2``.
Scanning along a submodular order is the setting of Udwani (arXiv 2107.02743); for
submodular-order functions that are not submodular we claim no ratio here.  The recorded
gains are weights, not exact contributions, so the returned value is recomputed from scratch.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from ._checks import check_function, check_order
from ._protocol import SetFunction
from ._result import GreedyResult, make_result


class PartitionMatroid:
    """Independent sets take at most ``capacities[p]`` items from each part ``p``.

    Parameters
    ----------
    parts : array_like of int, shape (n,)
        ``parts[e]`` is the part of item ``e`` (0-based).
    capacities : array_like of int
        One non-negative capacity per part.

    Examples
    --------
    >>> m = PartitionMatroid([0, 0, 1], capacities=[1, 1])
    >>> m.is_independent([0, 2]), m.is_independent([0, 1])
    (True, False)
    """

    def __init__(self, parts, capacities) -> None:
        p = np.asarray(parts)
        cap = np.asarray(capacities)
        if p.ndim != 1 or not np.issubdtype(p.dtype, np.integer) or (p.size and p.min() < 0):
            raise ValueError("parts must be a 1-D array of non-negative part indices")
        if cap.ndim != 1 or not np.issubdtype(cap.dtype, np.integer) or (cap.size and cap.min() < 0):
            raise ValueError("capacities must be a 1-D array of non-negative integers")
        if p.size and p.max() >= cap.size:
            raise ValueError(f"parts name part {p.max()} but only {cap.size} capacities are given")
        self.parts = p.astype(np.int64)
        self.capacities = cap.astype(np.int64)
        self.n = p.size

    def is_independent(self, items: Iterable[int]) -> bool:
        """Whether ``items`` takes at most the capacity from every part."""
        counts = np.bincount(self.parts[np.asarray(list(items), dtype=np.int64)], minlength=self.capacities.size)
        return bool(np.all(counts <= self.capacities))


class IndependenceOracle:
    """A matroid given by a user callable ``independent(frozenset) -> bool``.

    The callable must describe a matroid (hereditary, with the exchange property); this is
    not checked.

    Examples
    --------
    >>> m = IndependenceOracle(lambda s: len(s) <= 2, n=5)
    >>> m.is_independent([0, 1, 2])
    False
    """

    def __init__(self, independent: Callable[[frozenset[int]], bool], n: int) -> None:
        if not callable(independent):
            raise TypeError("independent must be callable on a frozenset of items")
        self._fn = independent
        self.n = int(n)

    def is_independent(self, items: Iterable[int]) -> bool:
        """Whether ``items`` is independent."""
        return bool(self._fn(frozenset(int(e) for e in items)))


def matroid_swap_greedy(
    f: SetFunction, matroid, order=None, swap_factor: float = 2.0
) -> GreedyResult:
    """One scan along ``order`` under a matroid constraint, with gain-weighted swaps.

    Parameters
    ----------
    f : SetFunction
        Monotone function with submodular order ``order`` (any order if submodular).
    matroid : PartitionMatroid or IndependenceOracle
        Anything with ``is_independent(items)`` and ``n`` equal to ``f.n``.
    order : array_like, optional
        Scan order (identity by default).
    swap_factor : float
        An item replaces ``x`` only if its gain is at least ``swap_factor`` times ``x``'s weight
        (2 is the Chakrabarti-Kale choice, giving ratio 1/4 for monotone submodular ``f``).

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0], [1, 2, 3], [4]])
    >>> m = PartitionMatroid([0, 0, 1], [1, 1])
    >>> matroid_swap_greedy(f, m).set.tolist()
    [1, 2]
    """
    check_function(f)
    if not hasattr(matroid, "is_independent") or getattr(matroid, "n", f.n) != f.n:
        raise TypeError("matroid must have is_independent(items) and the same ground set size as f")
    if not swap_factor >= 1.0:
        raise ValueError(f"swap_factor must be >= 1, got {swap_factor}")
    order = check_order(order, f.n)
    state = f.new_state()
    weight: dict[int, float] = {}
    calls = 0
    for e in order:
        e = int(e)
        g = f.gain(state, e)
        calls += 1
        if g <= 0.0:
            continue
        current = list(state.items)
        if matroid.is_independent(current + [e]):
            weight[e] = g
            f.add(state, e)
            continue
        room = [x for x in current if matroid.is_independent([y for y in current if y != x] + [e])]
        if not room:
            continue
        x = min(room, key=lambda y: (weight[y], y))
        if g >= swap_factor * weight[x]:
            del weight[x]
            weight[e] = g
            state = f.state_of([y for y in current if y != x] + [e])
    items = list(state.items)
    return make_result(
        items, [weight[e] for e in items], f.value(items), calls + 1, "matroid_swap_greedy"
    )


