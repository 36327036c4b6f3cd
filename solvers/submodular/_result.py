"""The result every greedy algorithm returns."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class GreedyResult:
    """Outcome of a greedy run.

    Attributes
    ----------
    items : numpy.ndarray
        Selected items in the order they were added.
    value : float
        ``f(items)``.
    gains : numpy.ndarray
        Marginal gain of each item when it was added (the gain trace).
    oracle_calls : int
        Number of marginal-gain or value queries made.
    algorithm : str
        Name of the algorithm that produced the result.
    info : dict
        Algorithm-specific details (threshold used, guarantee, ...).
    """

    items: np.ndarray
    value: float
    gains: np.ndarray
    oracle_calls: int
    algorithm: str
    info: dict = field(default_factory=dict)

    @property
    def set(self) -> np.ndarray:
        """The selected items as a sorted array."""
        return np.sort(self.items)


def make_result(items, gains, value: float, calls: int, algorithm: str, **info) -> GreedyResult:
    """Build a :class:`GreedyResult` from plain lists."""
    return GreedyResult(
        items=np.asarray(items, dtype=np.int64),
        value=float(value),
        gains=np.asarray(gains, dtype=np.float64),
        oracle_calls=int(calls),
        algorithm=algorithm,
        info=info,
    )
