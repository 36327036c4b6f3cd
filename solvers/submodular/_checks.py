"""Argument checks shared by the greedy algorithms."""
from __future__ import annotations

import numpy as np

from ._protocol import SetFunction


def check_function(f) -> None:
    """Raise TypeError unless ``f`` follows the :class:`SetFunction` protocol."""
    if not isinstance(f, SetFunction):
        raise TypeError(
            f"f must be a SetFunction (e.g. FacilityLocation or CallableFunction), got {type(f).__name__}"
        )


def check_k(k, n: int) -> int:
    """Return ``min(k, n)`` after checking that ``k`` is a non-negative integer."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be a non-negative int, got {k!r}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    return int(min(k, n))


def check_eps(eps) -> float:
    """Check an accuracy parameter ``0 < eps < 1``."""
    eps = float(eps)
    if not 0.0 < eps < 1.0:
        raise ValueError(f"eps must lie strictly between 0 and 1, got {eps}")
    return eps


def check_order(order, n: int) -> np.ndarray:
    """Return ``order`` as an int64 permutation of ``0..n-1`` (identity when None)."""
    if order is None:
        return np.arange(n, dtype=np.int64)
    arr = np.asarray(order)
    if arr.shape != (n,) or not np.issubdtype(arr.dtype, np.integer) or not np.array_equal(
        np.sort(arr), np.arange(n)
    ):
        raise ValueError(f"order must be a permutation of 0..{n - 1}")
    return arr.astype(np.int64)
