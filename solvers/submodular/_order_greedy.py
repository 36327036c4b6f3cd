"""Threshold greedy along a submodular order (Udwani, "Submodular Order Functions and
Assortment Optimization", arXiv 2107.02743).

A monotone, subadditive ``f`` has *submodular order* ``pi`` when ``f(C | B) <= f(C | A)`` for
all ``A ⊆ B`` and every set ``C`` whose items all come after ``B`` in ``pi``.  Scanning the
items once in the order ``pi`` and keeping each whose gain reaches a threshold ``tau`` gives,
for ``tau`` close to ``OPT / (2k)``, a set of value at least ``OPT / 2``: either ``k`` items of
gain ``>= tau`` were kept, or every skipped optimal item gained less than ``tau``.  ``OPT`` is
unknown but lies in ``[d, k d]`` (``d`` = best single item, by subadditivity), so a geometric
grid of ``O(log(k) / eps)`` thresholds suffices: ratio ``(1 - eps) / 2 >= 1/2 - eps``.  The
best single item is kept as a candidate too (it matters for small ``k``).

Why a skipped optimal item costs at most ``tau``: add the items of ``S ∪ OPT`` in the order
``pi``.  Each one's marginal gain is at most its gain on the part of ``S`` that precedes it
(the order inequality with ``A = S_<e ⊆ B = (S ∪ OPT)_<e`` and ``C = {e}``), which for an item
of ``S`` is its recorded gain and for a skipped item is below ``tau``.  Hence
``OPT <= f(S ∪ OPT) <= f(S) + k tau``.
"""
from __future__ import annotations

import math

import numpy as np

from ._checks import check_eps, check_function, check_k, check_order
from ._protocol import SetFunction
from ._result import GreedyResult, make_result


def threshold_grid(best_single: float, k: int, eps: float) -> np.ndarray:
    """Geometric thresholds ``(d / 2)(1 - eps)^j`` covering ``[(1 - eps) d / (2k), d / 2]``.

    Examples
    --------
    >>> threshold_grid(2.0, 1, 0.5).tolist()
    [1.0, 0.5]
    """
    if best_single <= 0.0 or k == 0:
        return np.zeros(0)
    steps = math.ceil(math.log(k) / -math.log1p(-eps)) + 1
    return 0.5 * best_single * (1.0 - eps) ** np.arange(steps + 1)


def _singletons(f: SetFunction) -> np.ndarray:
    return f.gains(f.new_state(), np.arange(f.n, dtype=np.int64))


def threshold_greedy(f: SetFunction, k: int, order=None, eps: float = 0.05) -> GreedyResult:
    """Maximise a submodular-order function under ``|S| <= k``; guarantee ``1/2 - eps``.

    Parameters
    ----------
    f : SetFunction
        Monotone, subadditive, with submodular order ``order``.
    k : int
        Cardinality bound.
    order : array_like, optional
        The submodular order (a permutation of ``0..n-1``); identity by default.  For a
        monotone submodular ``f`` every order is a submodular order.
    eps : float
        Grid resolution; ``O(n log(k) / eps)`` gain queries.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2, 3]])
    >>> threshold_greedy(f, 2).items.tolist()  # the scan keeps 0 and 1 (OPT = 4 takes 0, 2)
    [0, 1]
    """
    check_function(f)
    k = check_k(k, f.n)
    eps = check_eps(eps)
    order = check_order(order, f.n)
    single = _singletons(f)
    calls = f.n
    best = ([], [], 0.0, None)
    if k > 0 and single.max(initial=0.0) > 0.0:
        top = int(np.argmax(single))  # the best single item: never worse than OPT / k
        best = ([top], [float(single[top])], float(single[top]), None)
    for tau in threshold_grid(float(single.max(initial=0.0)), k, eps):
        items, gains, used = f.threshold_scan(order, float(tau), k)
        calls += used
        value = float(sum(gains))
        if value > best[2]:
            best = (items, gains, value, float(tau))
    items, gains, value, tau = best
    return make_result(items, gains, value, calls, "threshold_greedy", tau=tau, guarantee=0.5 - eps)


def knapsack_threshold_greedy(
    f: SetFunction, costs, budget: float, order=None, eps: float = 0.05
) -> GreedyResult:
    """Maximise a submodular-order function under ``sum(costs[S]) <= budget``.

    Scans ``order`` once per density threshold ``rho`` and keeps an item when its gain per
    unit cost reaches ``rho`` and it still fits; returns the better of the best scan and the
    best single feasible item (the fallback that rescues one large valuable item, which plain
    cost-benefit greedy can lose by an unbounded factor).

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0], [1], [2, 3, 4, 5]])
    >>> knapsack_threshold_greedy(f, costs=[1, 1, 10], budget=10).set.tolist()
    [2]
    """
    check_function(f)
    eps = check_eps(eps)
    order = check_order(order, f.n)
    c = np.asarray(costs, dtype=np.float64)
    if c.shape != (f.n,):
        raise ValueError(f"costs must have one entry per item ({f.n}), got shape {c.shape}")
    if not np.all(np.isfinite(c)) or np.any(c <= 0):
        raise ValueError("costs must be finite and strictly positive")
    budget = float(budget)
    if not math.isfinite(budget) or budget < 0:
        raise ValueError(f"budget must be a finite non-negative number, got {budget}")
    fits = c <= budget
    if not fits.any():
        raise ValueError(f"infeasible budget {budget}: every item costs more (cheapest {c.min()})")
    single = _singletons(f)
    calls = f.n
    feasible_single = np.where(fits, single, -np.inf)
    j = int(np.argmax(feasible_single))
    best = ([j], [float(single[j])], float(single[j]), "best single item")
    densities = np.where(fits, single / c, 0.0)
    top = float(densities.max())
    if top > 0:
        n_steps = math.ceil(math.log(max(f.n, 2) * 2) / -math.log1p(-eps)) + 1
        for rho in top * (1.0 - eps) ** np.arange(n_steps):
            state, spent, gains = f.new_state(), 0.0, []
            for e in order:
                if spent + c[e] > budget:
                    continue
                g = f.gain(state, int(e))
                calls += 1
                if g >= rho * c[e]:
                    gains.append(f.add(state, int(e)))
                    spent += c[e]
            if state.value > best[2]:
                best = (list(state.items), gains, state.value, float(rho))
    items, gains, value, how = best
    return make_result(items, gains, value, calls, "knapsack_threshold_greedy", chosen_by=how)
