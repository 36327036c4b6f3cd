"""Wrap any Python callable on sets as a :class:`SetFunction` (no incremental shortcut)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ._protocol import SetFunction, SetState, as_item_array


class CallableFunction(SetFunction):
    """A set function given by ``fn(frozenset_of_items) -> float``; ``f(empty)`` is subtracted.

    Each gain query costs two calls of ``fn`` at most (the current value is cached in the
    state).  Results are memoised per set when ``cache=True``.

    Examples
    --------
    >>> f = CallableFunction(lambda s: min(len(s), 2), n=4)
    >>> f.value([0, 1, 2])
    2.0
    """

    def __init__(self, fn: Callable[[frozenset[int]], float], n: int, cache: bool = True) -> None:
        if not callable(fn):
            raise TypeError("fn must be callable on a frozenset of item indices")
        if not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be a non-negative int, got {n!r}")
        self.n = n
        self._fn = fn
        self._memo: dict[frozenset[int], float] | None = {} if cache else None
        self._empty = self._eval(frozenset())

    def _eval(self, s: frozenset[int]) -> float:
        if self._memo is not None and s in self._memo:
            return self._memo[s]
        v = float(self._fn(s))
        if v != v:
            raise ValueError(f"the set function returned NaN on {sorted(s)}")
        if self._memo is not None:
            self._memo[s] = v
        return v

    def value(self, items: Iterable[int]) -> float:
        return self._eval(frozenset(as_item_array(items, self.n).tolist())) - self._empty

    def new_state(self) -> SetState:
        return SetState(self.n)

    def gain(self, state: SetState, e: int) -> float:
        if state.mask[e]:
            return 0.0
        return self._eval(frozenset(state.items) | {int(e)}) - self._empty - state.value

    def _add(self, state: SetState, e: int) -> float:
        return self.gain(state, e)
