"""One entry point, :func:`optimize`, dispatching to the exact, greedy and heuristic methods."""
from __future__ import annotations

import time

import numpy as np

from solvers.submodular import knapsack_threshold_greedy, threshold_greedy

from ._base import ChoiceModel
from ._closure import SegmentClosure
from ._exact_mnl import parametric_mnl, sales_lp
from ._heuristics import adxopt, brute_force, revenue_ordered
from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL
from ._result import AssortmentResult
from ._validate import normalise_constraint

METHODS = (
    "exact", "brute_force", "revenue_ordered", "parametric", "sales_lp", "mip", "markov_lp",
    "adxopt", "threshold",
)


def closure_of(model: ChoiceModel) -> SegmentClosure:
    """The monotone closure as a set function, for MNL and (customised) mixed MNL.

    For :class:`MixedMNL` this is the closure of the *customised* objective, a surrogate with
    no guarantee for the plain mixture (decreasing price is not a submodular order there).
    """
    if isinstance(model, MNL):
        return SegmentClosure(model.prices, model.weights[None, :], [model.v0], [1.0])
    if isinstance(model, MixedMNL):
        return SegmentClosure(model.prices, model.weights, model.v0, model.shares)
    raise ValueError(
        f"the threshold method needs an MNL or mixed-MNL model (a known submodular order); "
        f"{type(model).__name__} has none here: use method='exact', 'adxopt' or 'brute_force'"
    )


def _threshold(model: ChoiceModel, constraint: dict, eps: float) -> tuple[np.ndarray, float, int, dict]:
    f = closure_of(model)
    if "budget" in constraint:
        if "cardinality" in constraint:
            raise ValueError("the threshold method takes a cardinality or a budget, not both")
        res = knapsack_threshold_greedy(f, constraint["costs"], constraint["budget"], f.order, eps)
        guarantee = None
    else:
        k = constraint.get("cardinality", model.n)
        res = threshold_greedy(f, k, order=f.order, eps=eps)
        guarantee = 0.5 - eps
    items = res.set
    info = {"surrogate_value": res.value, "set_before_postprocessing": items.tolist()}
    if isinstance(model, MNL):
        items = f.best_subset(items)  # the price prefix of S attaining the closure
    elif isinstance(model, MixedMNL) and not isinstance(model, CustomizedMixedMNL):
        guarantee = None  # surrogate only: the plain mixture has no submodular order here;
        # post-process to the best price prefix of S under the mixture itself
        sorted_items = items[np.argsort(f.position[items])]
        prefixes = [np.sort(sorted_items[:j]) for j in range(0, items.size + 1)]
        revs = [model.revenue(p) for p in prefixes]
        items = prefixes[int(np.argmax(revs))]
    info["guarantee"] = guarantee
    if isinstance(model, CustomizedMixedMNL) and "budget" not in constraint:
        info["segment_bound"] = segment_bound(model, constraint.get("cardinality", model.n))
    return items, model.revenue(items), res.oracle_calls, info


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


def optimize(
    model: ChoiceModel, constraint=None, method: str = "exact", *, eps: float = 0.05, **options
) -> AssortmentResult:
    """Choose the assortment of largest expected revenue.

    Parameters
    ----------
    model : MNL, MixedMNL, CustomizedMixedMNL, NestedLogit or MarkovChain
    constraint : None, dict or str
        ``None``; ``{"cardinality": k}``; ``{"budget": B, "costs": c}``; or ``"cardinality<=k"``.
    method : str
        ``"exact"`` (the best exact method for the model), ``"brute_force"``,
        ``"revenue_ordered"``, ``"parametric"`` (MNL, cardinality), ``"sales_lp"`` (MNL),
        ``"mip"`` (mixed or customised mixed MNL, ``scipy.optimize.milp``), ``"markov_lp"`` (Markov chain,
        unconstrained), ``"adxopt"`` or ``"threshold"`` (submodular-order greedy).
    eps : float
        Accuracy of the threshold method.
    **options
        Passed to the method (e.g. ``time_limit`` for ``"mip"``).

    Returns
    -------
    AssortmentResult

    Examples
    --------
    >>> from solvers.assortment import MNL, optimize
    >>> res = optimize(MNL(prices=[10, 9], weights=[0.1, 5]), {"cardinality": 1}, method="exact")
    >>> res.assortment.tolist(), res.revenue, res.optimal
    ([1], 7.5, True)
    """
    if not isinstance(model, ChoiceModel):
        raise TypeError(f"model must be a choice model such as MNL, got {type(model).__name__}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    cons = normalise_constraint(constraint, model.n)
    start = time.perf_counter()
    optimal, bound, calls, info = False, None, 0, {}
    if method == "exact":
        method = _exact_method(model, cons)
    if method == "brute_force":
        items, rev, calls = brute_force(model, cons, **options)
        optimal = True
    elif method == "revenue_ordered":
        items, rev, calls = revenue_ordered(model, cons)
        optimal = isinstance(model, MNL) and not cons
    elif method == "adxopt":
        items, rev, calls = adxopt(model, cons, **options)
    elif method == "threshold":
        items, rev, calls, info = _threshold(model, cons, eps)
    elif method in ("parametric", "sales_lp"):
        if not isinstance(model, MNL) or "budget" in cons:
            raise ValueError(f"method {method!r} solves MNL with at most a cardinality constraint")
        k = cons.get("cardinality")
        if method == "parametric":
            items, rev, info["iterations"] = parametric_mnl(model, model.n if k is None else k)
        else:
            items, info["lp_value"] = sales_lp(model, k)
            rev = model.revenue(items)
        optimal = True
    elif method == "mip":
        from ._mip import mixed_mnl_mip

        items, rev, optimal, bound, info = mixed_mnl_mip(model, cons, **options)
    else:
        from ._markov import markov_lp

        if cons:
            raise ValueError("the Markov-chain LP is exact only without constraints")
        items, rev = markov_lp(model)
        optimal = True
    items = np.sort(np.asarray(items, dtype=np.int64))
    rev = float(model.revenue(items)) if method != "brute_force" else float(rev)
    if optimal:
        bound = rev
    elif "segment_bound" in info:
        bound = info["segment_bound"]
    return AssortmentResult(
        items, rev, method, int(calls), optimal, bound, time.perf_counter() - start, info
    )


def _exact_method(model: ChoiceModel, cons: dict) -> str:
    from ._markov import MarkovChain

    if isinstance(model, MNL) and "budget" not in cons:
        return "revenue_ordered" if not cons else "parametric"
    if isinstance(model, MixedMNL):
        return "mip"
    if isinstance(model, MarkovChain) and not cons:
        return "markov_lp"
    if model.n <= 20:
        return "brute_force"
    raise ValueError(
        f"no exact method for {type(model).__name__} with constraint {sorted(cons)} at n = "
        f"{model.n} (brute force stops at 20 products); use 'adxopt' or 'threshold'"
    )
