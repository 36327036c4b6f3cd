"""Facility location: ``f(S) = sum_i max_{j in S} sim[i, j]`` (dense or sparse similarities)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numba import njit

from ._protocol import SetFunction, SetState, as_item_array


@njit(cache=True)
def _dense_gains(sim, best, candidates, out):
    m = sim.shape[0]
    for t in range(candidates.shape[0]):
        c = candidates[t]
        s = 0.0
        for i in range(m):
            d = sim[i, c] - best[i]
            if d > 0.0:
                s += d
        out[t] = s


@njit(cache=True)
def _sparse_gains(indptr, indices, data, best, candidates, out):
    for t in range(candidates.shape[0]):
        c = candidates[t]
        s = 0.0
        for p in range(indptr[c], indptr[c + 1]):
            d = data[p] - best[indices[p]]
            if d > 0.0:
                s += d
        out[t] = s


class _CoverState(SetState):
    def __init__(self, n: int, m: int) -> None:
        super().__init__(n)
        self.best = np.zeros(m, dtype=np.float64)


class FacilityLocation(SetFunction):
    """Facility location ``f(S) = sum_i max(0, max_{j in S} sim[i, j])``; monotone submodular.

    Parameters
    ----------
    similarity : array_like or scipy.sparse matrix, shape (m, n)
        ``similarity[i, j]`` is how well item ``j`` serves client ``i``; must be finite and
        non-negative.  Sparse input (any scipy.sparse format) keeps only the stored entries;
        missing entries count as 0.  Rows are clients, columns are the ground set.

    Examples
    --------
    >>> import numpy as np
    >>> f = FacilityLocation(np.array([[1.0, 0.5], [0.2, 0.9]]))
    >>> f.value([0]), f.value([0, 1])
    (1.2, 1.9)
    """

    def __init__(self, similarity) -> None:
        import scipy.sparse as sp

        if sp.issparse(similarity):
            mat = sp.csc_matrix(similarity, dtype=np.float64)
            mat.sum_duplicates()
            values = mat.data
            self._sparse = True
            self._indptr = mat.indptr.astype(np.int64)
            self._indices = mat.indices.astype(np.int64)
            self._data = mat.data
        else:
            mat = np.asfortranarray(np.asarray(similarity, dtype=np.float64))
            if mat.ndim != 2:
                raise ValueError(f"similarity must be a 2-D (clients x items) matrix, got shape {mat.shape}")
            values = mat
            self._sparse = False
            self._sim = mat
        if not np.all(np.isfinite(values)):
            raise ValueError("similarity must be finite (no NaN or inf)")
        if values.size and values.min() < 0:
            raise ValueError("similarity must be non-negative")
        self.m, self.n = mat.shape

    def new_state(self) -> _CoverState:
        return _CoverState(self.n, self.m)

    def gains(self, state: _CoverState, candidates: np.ndarray) -> np.ndarray:
        cand = np.ascontiguousarray(candidates, dtype=np.int64)
        out = np.empty(cand.shape[0], dtype=np.float64)
        if self._sparse:
            _sparse_gains(self._indptr, self._indices, self._data, state.best, cand, out)
        else:
            _dense_gains(self._sim, state.best, cand, out)
        return out

    def gain(self, state: _CoverState, e: int) -> float:
        return float(self.gains(state, np.array([e], dtype=np.int64))[0])

    def _add(self, state: _CoverState, e: int) -> float:
        g = self.gain(state, e)
        if self._sparse:
            lo, hi = self._indptr[e], self._indptr[e + 1]
            rows = self._indices[lo:hi]
            np.maximum.at(state.best, rows, self._data[lo:hi])
        else:
            np.maximum(state.best, self._sim[:, e], out=state.best)
        return g

    def value(self, items: Iterable[int]) -> float:
        idx = as_item_array(items, self.n)
        if idx.size == 0:
            return 0.0
        cols = self._column_block(idx)
        return float(np.maximum(cols.max(axis=1), 0.0).sum())

    def _column_block(self, idx: np.ndarray) -> np.ndarray:
        if self._sparse:
            import scipy.sparse as sp

            mat = sp.csc_matrix((self._data, self._indices, self._indptr), shape=(self.m, self.n))
            return mat[:, idx].toarray()
        return self._sim[:, idx]
