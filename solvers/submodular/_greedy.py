"""Classic greedy for monotone submodular maximisation under a cardinality constraint.

Naive greedy (Nemhauser-Wolsey-Fisher 1978) adds the item of largest marginal gain ``k`` times;
lazy greedy (Minoux 1978) keeps stale gains in a max-heap, which by submodularity are upper
bounds, and re-evaluates only the top; stochastic greedy (Mirzasoleiman et al. 2015) looks at a
random sample of ``(n/k) log(1/eps)`` items per step.  Naive and lazy greedy break ties by the
smallest index, so they return identical sets.  All three give ``1 - 1/e`` (stochastic:
``1 - 1/e - eps`` in expectation) for monotone submodular ``f``.
"""
from __future__ import annotations

import heapq
import math

import numpy as np

from ._checks import check_eps, check_function, check_k
from ._protocol import SetFunction
from ._result import GreedyResult, make_result


def naive_greedy(f: SetFunction, k: int) -> GreedyResult:
    """Add the item of largest marginal gain, ``k`` times (ties: smallest index).

    Stops early when no remaining item has a positive gain.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2, 3]])
    >>> naive_greedy(f, 2).set.tolist()
    [0, 2]
    """
    check_function(f)
    k = check_k(k, f.n)
    state = f.new_state()
    calls = 0
    gains: list[float] = []
    for _ in range(k):
        cand = np.flatnonzero(~state.mask)
        g = f.gains(state, cand)
        calls += cand.size
        best = int(np.argmax(g))
        if g[best] <= 0.0:
            break
        gains.append(f.add(state, int(cand[best])))
    return make_result(state.items, gains, state.value, calls, "naive_greedy")


def lazy_greedy(f: SetFunction, k: int) -> GreedyResult:
    """Lazy (accelerated) greedy: same set as :func:`naive_greedy`, far fewer gain queries.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2, 3]])
    >>> lazy_greedy(f, 2).set.tolist()
    [0, 2]
    """
    check_function(f)
    k = check_k(k, f.n)
    state = f.new_state()
    first = f.gains(state, np.arange(f.n, dtype=np.int64))
    calls = f.n
    # heap entries: (-upper bound, item, round in which the bound was computed)
    heap = [(-float(g), e, 0) for e, g in enumerate(first)]
    heapq.heapify(heap)
    gains: list[float] = []
    while heap and len(state.items) < k:
        neg, e, fresh_round = heapq.heappop(heap)
        current_round = len(state.items)
        if fresh_round == current_round:
            if -neg <= 0.0:
                break
            gains.append(f.add(state, e))
            continue
        g = f.gain(state, e)
        calls += 1
        heapq.heappush(heap, (-g, e, current_round))
    return make_result(state.items, gains, state.value, calls, "lazy_greedy")


def stochastic_greedy(f: SetFunction, k: int, eps: float = 0.1, seed=None) -> GreedyResult:
    """Stochastic greedy: each step takes the best of a random sample of remaining items.

    Parameters
    ----------
    f, k
        The function and the cardinality bound.
    eps : float
        Sample size ``ceil((n / k) * log(1 / eps))``; expected ratio ``1 - 1/e - eps``.
    seed : int or numpy.random.Generator, optional
        Source of randomness.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2, 3]])
    >>> stochastic_greedy(f, 3, seed=0).value
    4.0
    """
    check_function(f)
    k = check_k(k, f.n)
    eps = check_eps(eps)
    rng = np.random.default_rng(seed)
    sample = max(1, math.ceil(f.n / max(k, 1) * math.log(1.0 / eps)))
    state = f.new_state()
    calls = 0
    gains: list[float] = []
    for _ in range(k):
        remaining = np.flatnonzero(~state.mask)
        if remaining.size == 0:
            break
        cand = rng.choice(remaining, size=min(sample, remaining.size), replace=False)
        g = f.gains(state, cand)
        calls += cand.size
        best = int(np.argmax(g))
        if g[best] <= 0.0:
            continue
        gains.append(f.add(state, int(cand[best])))
    return make_result(state.items, gains, state.value, calls, "stochastic_greedy", sample_size=sample)
