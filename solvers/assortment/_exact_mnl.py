"""Exact MNL assortment optimisation under a cardinality constraint.

``parametric_mnl``: ``R* = max R(S)`` is the fixed point of ``t -> max_{|S|<=k} R(S)``
characterised by ``max_{|S|<=k} sum_{i in S} v_i (r_i - t) = v0 t`` (Rusmevichientong, Shen and
Shmoys 2010, the idea behind StaticMNL).  For a fixed ``t`` the left side takes the ``k``
largest positive terms, an ``O(n)`` selection, and Dinkelbach's iteration ``t <- R(S_t)``
reaches the optimum in finitely many steps.

``sales_lp``: the sales-based linear program of Gallego, Ratliff and Shebalov (2015) /
Davis, Gallego and Topaloglu (2013).  Variables are purchase probabilities ``x_i`` and the
no-purchase probability ``x_0``; ``x_i / v_i <= x_0 / v0`` and ``sum x_i / v_i <= k x_0 / v0``
(one such row per linear constraint).  For totally unimodular constraints an optimal vertex
is an assortment ``{i : x_i > 0}``.
"""
from __future__ import annotations

import numpy as np

from ._mnl import MNL
from ._validate import as_constraint, check_solver_coefficients, solver_error


def parametric_mnl(model: MNL, k: int, max_iter: int = 1000) -> tuple[np.ndarray, float, int]:
    """Optimal MNL assortment with at most ``k`` products; ``O(n)`` per iteration.

    Returns (sorted items, revenue, iterations).

    Examples
    --------
    >>> items, rev, _ = parametric_mnl(MNL([10, 8, 7.5], [0.2, 0.5, 3.0]), 2)
    >>> items.tolist(), round(rev, 6)
    ([1, 2], 5.888889)
    """
    r, v = model.prices, model.weights
    k = min(k, model.n)
    t, items = 0.0, np.zeros(0, dtype=np.int64)
    for it in range(1, max_iter + 1):
        with np.errstate(over="ignore"):  # a product priced far below t scores -inf: never chosen
            score = v * (r - t)
        if k == 0:
            break
        top = np.argpartition(-score, k - 1)[:k] if k < model.n else np.arange(model.n)
        chosen = np.sort(top[score[top] > 0])
        if chosen.size == 0:
            break
        value = float(r[chosen] @ v[chosen] / (model.v0 + v[chosen].sum()))
        if value <= t * (1 + 1e-13) + 1e-300:
            break
        t, items = value, chosen
    else:  # pragma: no cover - Dinkelbach terminates in far fewer steps
        raise RuntimeError("parametric MNL search did not converge")
    return items, t, it


def sales_lp(model: MNL, constraint=None) -> tuple[np.ndarray, float, bool]:
    """Solve the sales-based LP with ``scipy.optimize.linprog`` (HiGHS).

    Each row ``sum_i A_ji y_i <= b_j`` of the constraint becomes
    ``sum_i A_ji (v0 / v_i) x_i <= b_j x_0``.  The LP value is always an upper bound on the
    optimum.  When the constraint matrix is totally unimodular (cardinality, nested or
    interval-structured limits; Davis, Gallego and Topaloglu 2013) the solution is an
    assortment; the function checks this and returns ``(items, lp value, exact)`` with
    ``exact`` True only when the LP solution is the choice vector of the feasible set
    ``items``, which is then optimal. Otherwise ``items`` is a feasible set built from the
    LP's sales (largest first); it is reported exact only when its revenue meets the LP
    bound within the solver's tolerance (1e-7 relative), else the LP value is only a bound.

    Raises
    ------
    InputError
        HiGHS cannot solve the LP: its coefficients ``v0 / v_i`` or the prices are too
        large or too small for it (the message gives their range).

    Examples
    --------
    >>> items, value, exact = sales_lp(MNL([10, 8, 7.5], [0.2, 0.5, 3.0]), {"cardinality": 2})
    >>> items.tolist(), round(value, 6), exact
    ([1, 2], 5.888889, True)
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    cons = as_constraint(constraint, model.n)
    r, v, v0 = model.prices, model.weights, model.v0
    live = np.flatnonzero(v > 0)  # zero-weight products are never bought
    m = live.size
    with np.errstate(over="ignore"):
        scale = v0 / v[live]
    check_solver_coefficients("the sales LP", scale)
    # columns: x_0, x_{live}; rows: x_i * v0 / v_i - x_0 <= 0, then one row per constraint
    a_ub = sp.vstack(
        [
            sp.hstack([-np.ones((m, 1)), sp.diags(scale)]),
            sp.csr_matrix(np.hstack([-cons.b[:, None], cons.A[:, live] * scale[None, :]])),
        ]
    ).tocsr()
    res = linprog(
        c=-np.concatenate([[0.0], r[live]]),
        A_ub=a_ub,
        b_ub=np.zeros(a_ub.shape[0]),
        A_eq=np.ones((1, m + 1)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:  # feasible and bounded: only extreme numbers make HiGHS fail
        raise solver_error("the sales LP", res, np.concatenate([r[live], a_ub.data]))
    x0, x = res.x[0], res.x[1:]
    chosen = x > 1e-9 * max(1.0, x.max(initial=0.0))
    items = np.sort(live[chosen])
    bound = float(-res.fun)
    if _feasible(cons, items, model.n):
        exact = bool(np.allclose(x[chosen] * scale[chosen], x0, rtol=1e-7, atol=1e-10))
    else:
        items = _feasible_by_lp_sales(cons, live, x, model.n)
        # an LP point blurred by the solver's tolerances (1e-7) around an integral optimum:
        # the repaired set meets the bound, so it is optimal up to that tolerance
        exact = float(model.revenue(items)) >= bound - 1e-7 * max(1.0, abs(bound))
    return items, bound, exact


def _feasible(cons, items: np.ndarray, n: int) -> bool:
    mask = np.zeros((1, n), dtype=bool)
    mask[0, items] = True
    return bool(cons.feasible(mask)[0])


def _feasible_by_lp_sales(cons, live: np.ndarray, sales: np.ndarray, n: int) -> np.ndarray:
    """A feasible assortment from a fractional (or numerically blurred) LP solution: add the
    products in decreasing LP sales (purchase probability), keeping each one that leaves the
    set feasible. Sales, not sales scaled by ``v0 / v_i``: a product of tiny weight with
    LP noise in its sales would otherwise come first."""
    items: list[int] = []
    for i in np.argsort(-sales, kind="stable"):
        if sales[i] <= 0:
            break
        if _feasible(cons, np.asarray(items + [live[i]]), n):
            items.append(int(live[i]))
    return np.sort(np.asarray(items, dtype=np.int64))
