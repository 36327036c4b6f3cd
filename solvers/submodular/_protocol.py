"""The set-function protocol: plain values plus an incremental state for greedy scans.

A greedy algorithm grows one set ``S`` element by element and asks, again and again, for the
marginal gain ``f(e | S) = f(S + e) - f(S)``.  Recomputing ``f(S + e)`` from scratch costs
``O(|S|)`` or worse per query; a :class:`SetFunction` instead keeps a small *state* that
summarises ``S`` (for facility location the best similarity of every client, for an MNL
closure two running sums) so that each query costs ``O(1)`` or ``O(segments)``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

import numpy as np


class SetState:
    """The set built so far: its items (in the order added), its value and a membership mask.

    Subclasses add whatever running summaries their :class:`SetFunction` needs.
    """

    def __init__(self, n: int) -> None:
        self.items: list[int] = []
        self.value: float = 0.0
        self.mask = np.zeros(n, dtype=bool)


class SetFunction(ABC):
    """A set function ``f: 2^[n] -> R`` with ``f(empty) = 0`` and incremental evaluation.

    Subclasses implement :meth:`value`, :meth:`new_state`, :meth:`gain` and :meth:`add`.
    :meth:`gains` (many candidates at once) and :meth:`threshold_scan` have generic
    implementations that subclasses may override with vectorised or compiled versions.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2]], weights=[1.0, 2.0, 3.0])
    >>> state = f.new_state()
    >>> f.gain(state, 0)
    3.0
    >>> _ = f.add(state, 0)
    >>> f.gain(state, 1)
    3.0
    """

    #: size of the ground set; items are 0..n-1
    n: int

    @abstractmethod
    def value(self, items: Iterable[int]) -> float:
        """Return ``f(S)`` for the set ``S`` of the given item indices."""

    @abstractmethod
    def new_state(self) -> SetState:
        """Return the state of the empty set."""

    @abstractmethod
    def gain(self, state: SetState, e: int) -> float:
        """Return the marginal gain ``f(S + e) - f(S)`` of item ``e`` on the state's set."""

    @abstractmethod
    def _add(self, state: SetState, e: int) -> float:
        """Update the state's summaries for adding ``e``; return the gain."""

    def add(self, state: SetState, e: int) -> float:
        """Add item ``e`` to the state's set (in place) and return its marginal gain."""
        if state.mask[e]:
            return 0.0
        g = self._add(state, e)
        state.items.append(int(e))
        state.mask[e] = True
        state.value += g
        return g

    def gains(self, state: SetState, candidates: np.ndarray) -> np.ndarray:
        """Return the marginal gains of all ``candidates`` (one oracle call each)."""
        return np.array([self.gain(state, int(e)) for e in candidates], dtype=np.float64)

    def state_of(self, items: Iterable[int]) -> SetState:
        """Return the state of the set ``items`` (added in the given order)."""
        state = self.new_state()
        for e in items:
            self.add(state, int(e))
        return state

    def threshold_scan(
        self, order: np.ndarray, tau: float, k: int
    ) -> tuple[list[int], list[float], int]:
        """Scan ``order`` once, adding each item whose gain is at least ``tau``, until ``k`` items.

        Returns the items added, their gains, and the number of gain queries made.
        Subclasses with a cheap closed form override this with a compiled loop.
        """
        state = self.new_state()
        calls = 0
        gains: list[float] = []
        for e in order:
            if len(state.items) >= k:
                break
            g = self.gain(state, int(e))
            calls += 1
            if g >= tau:
                self.add(state, int(e))
                gains.append(g)
        return list(state.items), gains, calls


def as_item_array(items: Iterable[int], n: int, name: str = "items") -> np.ndarray:
    """Validate a collection of item indices in ``0..n-1`` and return it as an int64 array."""
    arr = np.asarray(list(items) if not isinstance(items, np.ndarray) else items)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be a 1-D collection of integer item indices, got {arr!r}")
    if arr.min() < 0 or arr.max() >= n:
        raise ValueError(f"{name} must lie in 0..{n - 1}, got {arr.tolist()}")
    return arr.astype(np.int64)
