"""Weighted coverage: ``f(S)`` is the total weight of the universe elements covered by ``S``."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ._protocol import SetFunction, SetState, as_item_array


class _CoveredState(SetState):
    def __init__(self, n: int, universe: int) -> None:
        super().__init__(n)
        self.covered = np.zeros(universe, dtype=bool)


class WeightedCoverage(SetFunction):
    """Weighted coverage ``f(S) = sum of weights[u] over u covered by some item of S``.

    Parameters
    ----------
    covers : sequence of sequences of int
        ``covers[j]`` lists the universe elements that item ``j`` covers.
    weights : array_like, optional
        Non-negative finite weight of each universe element (default 1 each).  The universe
        size is ``len(weights)``, or one more than the largest covered element.

    Examples
    --------
    >>> f = WeightedCoverage([[0, 1], [1, 2], [3]], weights=[1, 1, 1, 5])
    >>> f.value([0, 1]), f.value([2])
    (3.0, 5.0)
    """

    def __init__(self, covers: Sequence[Sequence[int]], weights=None) -> None:
        lists = [np.unique(np.asarray(c, dtype=np.int64)) for c in covers]
        largest = max((int(c.max()) for c in lists if c.size), default=-1)
        if weights is None:
            w = np.ones(largest + 1, dtype=np.float64)
        else:
            w = np.asarray(weights, dtype=np.float64)
            if w.ndim != 1:
                raise ValueError("weights must be a 1-D array, one weight per universe element")
            if largest >= w.size:
                raise ValueError(
                    f"covers name universe element {largest} but weights has only {w.size} entries"
                )
        if not np.all(np.isfinite(w)) or (w.size and w.min() < 0):
            raise ValueError("weights must be finite and non-negative")
        if any(c.size and c.min() < 0 for c in lists):
            raise ValueError("covered universe elements must be non-negative integers")
        self.n = len(lists)
        self.weights = w
        self._covers = lists

    def new_state(self) -> _CoveredState:
        return _CoveredState(self.n, self.weights.size)

    def gain(self, state: _CoveredState, e: int) -> float:
        c = self._covers[e]
        return float(self.weights[c[~state.covered[c]]].sum())

    def _add(self, state: _CoveredState, e: int) -> float:
        g = self.gain(state, e)
        state.covered[self._covers[e]] = True
        return g

    def value(self, items: Iterable[int]) -> float:
        idx = as_item_array(items, self.n)
        covered = np.zeros(self.weights.size, dtype=bool)
        for j in idx:
            covered[self._covers[j]] = True
        return float(self.weights[covered].sum())
