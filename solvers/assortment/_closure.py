"""Monotone closures of MNL-type revenues as :class:`~solvers.submodular.SetFunction` objects.

For segments ``g`` with MNL weights ``W[g]`` and shares ``alpha_g`` the closure is
``fhat(S) = sum_g alpha_g max_{X ⊆ S} R_g(X)``; each inner maximum is attained by a price
prefix of ``S``.  With one segment this is the MNL closure; with several it is the customised
mixed-MNL (CAP) objective.  Decreasing price is a submodular order of both (Udwani, arXiv
2107.02743, Lemmas on MNL and CAP).  Adding items in that order needs only the running sums
``sum r_i W_gi``, ``sum W_gi`` and the best prefix value per segment, so a gain query costs
``O(G)``.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit

from solvers.submodular import SetFunction, SetState
from solvers.submodular._protocol import as_item_array


@njit(cache=True)
def _scan(r, w, v0, shares, order, tau, k):
    g_count = w.shape[0]
    num = np.zeros(g_count)
    den = np.zeros(g_count)
    best = np.zeros(g_count)
    items = np.empty(k, dtype=np.int64)
    gains = np.empty(k)
    size = 0
    calls = 0
    for e in order:
        if size >= k:
            break
        gain = 0.0
        for g in range(g_count):
            cand = (num[g] + r[e] * w[g, e]) / (v0[g] + den[g] + w[g, e])
            if cand > best[g]:
                gain += shares[g] * (cand - best[g])
        calls += 1
        if gain >= tau:
            for g in range(g_count):
                num[g] += r[e] * w[g, e]
                den[g] += w[g, e]
                cand = num[g] / (v0[g] + den[g])
                if cand > best[g]:
                    best[g] = cand
            items[size] = e
            gains[size] = gain
            size += 1
    return items[:size], gains[:size], calls


class _PrefixState(SetState):
    def __init__(self, n: int, g: int) -> None:
        super().__init__(n)
        self.num = np.zeros(g)
        self.den = np.zeros(g)
        self.best = np.zeros(g)
        self.last = -1  # position (in price order) of the lowest-priced item added


class SegmentClosure(SetFunction):
    """``fhat(S) = sum_g shares_g max_{X ⊆ S} R_g(X)`` for MNL segments sharing prices.

    Parameters
    ----------
    prices : numpy.ndarray, shape (n,)
    weights : numpy.ndarray, shape (G, n)
    v0 : numpy.ndarray, shape (G,)
    shares : numpy.ndarray, shape (G,)

    Attributes
    ----------
    order : numpy.ndarray
        Decreasing-price order, the submodular order to scan along.

    Examples
    --------
    >>> import numpy as np
    >>> f = SegmentClosure(np.array([10., 8., 4.]), np.ones((1, 3)), np.ones(1), np.ones(1))
    >>> f.value([0, 1, 2]), f.value([0, 1])  # the closure drops item 2 (price 4 < 6)
    (6.0, 6.0)
    """

    def __init__(self, prices, weights, v0, shares) -> None:
        self.r = np.ascontiguousarray(prices, dtype=np.float64)
        self.w = np.ascontiguousarray(np.atleast_2d(weights), dtype=np.float64)
        self.v0 = np.ascontiguousarray(np.atleast_1d(v0), dtype=np.float64)
        self.shares = np.ascontiguousarray(np.atleast_1d(shares), dtype=np.float64)
        self.n = self.r.size
        self.order = np.lexsort((np.arange(self.n), -self.r)).astype(np.int64)
        self.position = np.empty(self.n, dtype=np.int64)
        self.position[self.order] = np.arange(self.n)

    def segment_values(self, items: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """Best prefix value per segment and the size of that prefix (within ``items``)."""
        idx = as_item_array(items, self.n)
        idx = idx[np.argsort(self.position[idx], kind="stable")]
        if idx.size == 0:
            return np.zeros(self.w.shape[0]), np.zeros(self.w.shape[0], dtype=np.int64)
        w = self.w[:, idx]
        prefix = np.cumsum(w * self.r[idx], axis=1) / (self.v0[:, None] + np.cumsum(w, axis=1))
        cut = np.argmax(prefix, axis=1)
        best = prefix[np.arange(prefix.shape[0]), cut]
        positive = best > 0
        return np.where(positive, best, 0.0), np.where(positive, cut + 1, 0)

    def value(self, items: Iterable[int]) -> float:
        return float(self.segment_values(items)[0] @ self.shares)

    def best_subset(self, items: Iterable[int], segment: int = 0) -> np.ndarray:
        """The price prefix of ``items`` that attains segment ``segment``'s maximum (sorted)."""
        idx = as_item_array(items, self.n)
        idx = idx[np.argsort(self.position[idx], kind="stable")]
        cut = self.segment_values(idx)[1][segment]
        return np.sort(idx[:cut])

    def new_state(self) -> _PrefixState:
        return _PrefixState(self.n, self.w.shape[0])

    def gain(self, state: _PrefixState, e: int) -> float:
        if state.mask[e]:
            return 0.0
        if self.position[e] < state.last:
            return self.value(state.items + [e]) - state.value
        cand = (state.num + self.r[e] * self.w[:, e]) / (self.v0 + state.den + self.w[:, e])
        return float(np.maximum(cand - state.best, 0.0) @ self.shares)

    def gains(self, state: _PrefixState, candidates: np.ndarray) -> np.ndarray:
        cand = np.asarray(candidates, dtype=np.int64)
        w = self.w[:, cand]
        value = (state.num[:, None] + self.r[cand] * w) / (self.v0[:, None] + state.den[:, None] + w)
        out = self.shares @ np.maximum(value - state.best[:, None], 0.0)
        out[state.mask[cand]] = 0.0
        for t in np.flatnonzero((self.position[cand] < state.last) & ~state.mask[cand]):
            out[t] = self.gain(state, int(cand[t]))  # not after S in price order: recompute
        return out

    def _add(self, state: _PrefixState, e: int) -> float:
        g = self.gain(state, e)
        state.num += self.r[e] * self.w[:, e]
        state.den += self.w[:, e]
        if self.position[e] < state.last:
            state.best = self.segment_values(state.items + [e])[0]
        else:
            state.best = np.maximum(state.best, state.num / (self.v0 + state.den))
            state.last = int(self.position[e])
        return g

    def threshold_scan(self, order, tau, k):
        order = np.ascontiguousarray(order, dtype=np.int64)
        if not np.array_equal(order, self.order):
            return super().threshold_scan(order, tau, k)
        items, gains, calls = _scan(self.r, self.w, self.v0, self.shares, order, float(tau), int(k))
        return items.tolist(), gains.tolist(), int(calls)
