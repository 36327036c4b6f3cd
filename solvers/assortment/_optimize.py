"""One entry point, :func:`optimize`, dispatching to the exact, greedy and heuristic methods."""
from __future__ import annotations

import math
import time

import numpy as np

from cayley.errors import InputError
from solvers.submodular import knapsack_threshold_greedy, threshold_greedy

from ._base import ChoiceModel
from ._closure import SegmentClosure
from ._exact_mnl import parametric_mnl, sales_lp
from ._heuristics import adxopt, brute_force, revenue_ordered
from ._markov import MarkovChain, markov_lp
from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL
from ._result import AssortmentResult
from ._validate import Constraint, as_constraint

METHODS = (
    "exact", "brute_force", "revenue_ordered", "parametric", "sales_lp", "mip", "markov_lp",
    "adxopt", "threshold",
)


def closure_of(model: ChoiceModel) -> SegmentClosure:
    """The monotone closure as a set function, for MNL and (customised) mixed MNL.

    For :class:`MixedMNL` this is the closure of the *customised* objective, a surrogate with
    no guarantee for the plain mixture (decreasing price is not a submodular order there).

    Examples
    --------
    >>> f = closure_of(MNL([10, 8, 4], [1, 1, 1]))
    >>> f.value([0, 1, 2]), f.order.tolist()
    (6.0, [0, 1, 2])
    """
    if isinstance(model, MNL):
        return SegmentClosure(model.prices, model.weights[None, :], [model.v0], [1.0])
    if isinstance(model, MixedMNL):
        return SegmentClosure(model.prices, model.weights, model.v0, model.shares)
    raise InputError(
        f"the threshold method needs an MNL or mixed-MNL model (a known submodular order); "
        f"{type(model).__name__} has none here: use method='exact', 'adxopt' or 'brute_force'"
    )


def segment_bound(model: CustomizedMixedMNL, k: int) -> float:
    """Upper bound ``sum_g shares_g max_{|X| <= k} R_g(X)`` on the customised optimum.

    Each segment buys from a subset of the offered set, which has at most ``k`` products, so
    no assortment beats every segment's own cardinality-constrained MNL optimum.

    Examples
    --------
    >>> m = CustomizedMixedMNL([10, 5], weights=[[1, 1], [0, 4]], v0=[1, 1], shares=[0.5, 0.5])
    >>> segment_bound(m, 1)
    4.5
    """
    return float(sum(model.shares[g] * parametric_mnl(model.segment(g), k)[1] for g in range(model.G)))


def _threshold(model: ChoiceModel, cons: Constraint, eps: float):
    f = closure_of(model)
    if cons.linear or (cons.budget is not None and cons.cardinality is not None):
        raise InputError("the threshold method takes one cardinality or one budget constraint")
    if cons.budget is not None:
        res = knapsack_threshold_greedy(f, cons.costs, cons.budget, f.order, eps)
        guarantee = None
    else:
        res = threshold_greedy(f, model.n if cons.cardinality is None else cons.cardinality, f.order, eps)
        guarantee = 0.5 - eps
    items = res.set
    info: dict = {"surrogate_value": res.value, "set_before_postprocessing": items.tolist()}
    if isinstance(model, MNL):
        items = f.best_subset(items)  # the price prefix of S attaining the closure
    elif not isinstance(model, CustomizedMixedMNL):
        # plain mixture: the customised objective is only a surrogate (no submodular order
        # here), so no guarantee; offer the best price prefix of S under the mixture itself
        guarantee = None
        ranked = items[np.argsort(f.position[items])]
        prefixes = [np.sort(ranked[:j]) for j in range(items.size + 1)]
        items = prefixes[int(np.argmax([model.revenue(p) for p in prefixes]))]
    elif cons.cardinality is not None:
        info["segment_bound"] = segment_bound(model, cons.cardinality)
    info["guarantee"] = guarantee
    return items, res.oracle_calls, info


def _exact_method(model: ChoiceModel, cons: Constraint) -> str:
    if isinstance(model, MNL):
        if cons.unconstrained:
            return "revenue_ordered"
        if cons.budget is None:
            return "parametric" if not cons.linear else "sales_lp"
        return "mip"
    if isinstance(model, MixedMNL):
        return "mip"
    if isinstance(model, MarkovChain) and cons.unconstrained:
        return "markov_lp"
    if model.n <= 20:
        return "brute_force"
    raise InputError(
        f"no exact method for {type(model).__name__} with {cons.describe()} at n = {model.n} "
        "(brute force stops at 20 products); use 'adxopt' or 'threshold'"
    )


def optimize(
    model: ChoiceModel, constraint=None, method: str = "exact", *, eps: float = 0.05, **options
) -> AssortmentResult:
    """Choose the assortment of largest expected revenue.

    Parameters
    ----------
    model : MNL, MixedMNL, CustomizedMixedMNL, NestedLogit or MarkovChain
    constraint : None, dict or str
        ``None``; ``{"cardinality": k}``; ``{"budget": B, "costs": c}``;
        ``{"linear": (A, b)}`` for rows ``A @ y <= b`` on the 0/1 offer vector ``y``; keys may
        be combined; or the string ``"cardinality<=k"``.
    method : str
        ``"exact"`` (the best exact method for the model), ``"brute_force"``,
        ``"revenue_ordered"``, ``"parametric"`` (MNL, cardinality), ``"sales_lp"`` (MNL,
        exact for totally unimodular rows), ``"mip"`` (MNL or (customised) mixed MNL,
        ``scipy.optimize.milp``), ``"markov_lp"`` (Markov chain, unconstrained), ``"adxopt"``
        or ``"threshold"`` (submodular-order greedy).
    eps : float
        Accuracy of the threshold method, strictly between 0 and 1 (checked for every method).
    **options
        Passed to the method (``time_limit`` for ``"mip"``, ``max_removals`` for
        ``"adxopt"``, ``max_n`` for ``"brute_force"``).

    Returns
    -------
    AssortmentResult
        Its revenue (and bound) are finite: a result that is not is refused, never
        reported as optimal.

    Raises
    ------
    InputError
        An unknown method, a method that does not fit the model or constraint, a bad
        ``eps`` or option, or a revenue that is not a finite number.

    Examples
    --------
    >>> res = optimize(MNL(prices=[10, 9], weights=[0.1, 5]), {"cardinality": 1}, method="exact")
    >>> res.assortment.tolist(), res.revenue, res.optimal
    ([1], 7.5, True)
    """
    if not isinstance(model, ChoiceModel):
        raise TypeError(f"model must be a choice model such as MNL, got {type(model).__name__}")
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.integer, np.floating)) or not 0 < eps < 1:
        raise InputError(f"eps must be a number strictly between 0 and 1, got {eps!r}")
    cons = as_constraint(constraint, model.n)
    start = time.perf_counter()
    optimal, bound, calls, info = False, None, 0, {}
    if method == "exact":
        method = _exact_method(model, cons)
    if method in ("parametric", "sales_lp") and not isinstance(model, MNL):
        raise InputError(f"method {method!r} solves MNL models only")
    if method == "brute_force":
        items, _, calls = brute_force(model, cons, **options)
        optimal = True
    elif method == "revenue_ordered":
        items, _, calls = revenue_ordered(model, cons)
        optimal = isinstance(model, MNL) and cons.unconstrained
    elif method == "adxopt":
        items, _, calls = adxopt(model, cons, **options)
    elif method == "threshold":
        items, calls, info = _threshold(model, cons, eps)
        bound = info.get("segment_bound")
    elif method == "parametric":
        if cons.linear or cons.budget is not None:
            raise InputError("method 'parametric' takes at most a cardinality constraint; use 'sales_lp' or 'mip'")
        k = model.n if cons.cardinality is None else cons.cardinality
        items, _, info["iterations"] = parametric_mnl(model, k)
        optimal = True
    elif method == "sales_lp":
        items, bound, optimal = sales_lp(model, cons)
        if not optimal:
            info["note"] = "the LP solution is fractional (constraint not totally unimodular); bound only"
    elif method == "mip":
        from ._mip import mixed_mnl_mip

        items, _, optimal, bound, info = mixed_mnl_mip(model, cons, **options)
    else:
        if not isinstance(model, MarkovChain) or not cons.unconstrained:
            raise InputError("method 'markov_lp' solves unconstrained Markov-chain models only")
        items, _ = markov_lp(model)
        optimal = True
    items = np.sort(np.asarray(items, dtype=np.int64))
    rev = float(model.revenue(items))
    if optimal:
        bound = rev
    if not math.isfinite(rev) or (bound is not None and not math.isfinite(bound)):
        raise InputError(f"method {method!r} gave the revenue {rev} (bound {bound}), not a finite number: "
                         "the prices and weights are too large or too small to compute with; rescale them")
    return AssortmentResult(items, rev, method, int(calls), optimal, bound, time.perf_counter() - start, info)
