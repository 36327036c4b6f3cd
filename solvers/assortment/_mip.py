"""Exact mixed-MNL assortment optimisation by a mixed-integer program (Bront, Méndez-Díaz and
Vulcano 2009 style linearisation), solved with ``scipy.optimize.milp`` (HiGHS).

Variables: ``y_i`` in {0, 1} (offer ``i``), ``p_g`` (no-purchase probability of segment
``g``) and ``x_gi`` (purchase probability).  Under MNL ``x_gi = y_i (v_gi / v0_g) p_g``, which
is linearised exactly by ``x_gi <= (v_gi/v0_g) p_g``, ``x_gi <= y_i v_gi / (v0_g + v_gi)`` and
``x_gi >= (v_gi/v0_g)(p_g - 1 + y_i)``, plus ``p_g + sum_i x_gi = 1``.

For the customised mixture (:class:`CustomizedMixedMNL`) the last inequality is dropped:
each segment's block is then the sales-based LP of its MNL restricted to the offered set,
whose optimum is ``max_{X ⊆ S} R_g(X)`` (Gallego, Ratliff and Shebalov 2015), so the same
program solves the CAP objective exactly.
"""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._mixed import CustomizedMixedMNL, MixedMNL
from ._mnl import MNL
from ._validate import as_constraint, as_positive_scalar, check_solver_coefficients, solver_error


def mixed_mnl_mip(
    model: MixedMNL | MNL, constraint=None, time_limit: float = 60.0, mip_rel_gap: float = 1e-9
) -> tuple[np.ndarray, float, bool, float | None, dict]:
    """Solve the MIP (plain or customised mixture); returns (items, revenue, proven optimal,
    upper bound, info).

    When the time limit stops the solver, the incumbent is returned with ``optimal=False``
    and the solver's dual bound.  ``optimal`` means optimal within the relative gap
    ``mip_rel_gap`` (HiGHS's default, 1e-4, is tightened here to 1e-9).

    Raises
    ------
    InputError
        ``time_limit`` or ``mip_rel_gap`` is not a finite positive number, no feasible
        assortment was found within the time limit, or HiGHS cannot handle the size of
        the coefficients.

    Examples
    --------
    >>> m = MixedMNL([10, 5], weights=[[1, 1], [0, 4]], v0=[1, 1], shares=[0.5, 0.5])
    >>> items, rev, optimal, bound, _ = mixed_mnl_mip(m, {})
    >>> items.tolist(), round(rev, 4), optimal
    ([0, 1], 4.5, True)
    """
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    time_limit = as_positive_scalar(time_limit, "time_limit")
    mip_rel_gap = as_positive_scalar(mip_rel_gap, "mip_rel_gap")
    if isinstance(model, MNL):  # one segment
        model = MixedMNL(model.prices, model.weights[None, :], [model.v0], [1.0])
    n, G = model.n, model.G
    with np.errstate(over="ignore"):
        ratio = model.weights / model.v0[:, None]  # (G, n)
    check_solver_coefficients("the MIP", ratio)
    cap = model.weights / (model.v0[:, None] + model.weights)
    nx = G * n
    # variable layout: y (n) | p (G) | x (G*n, row-major by segment)
    iy, ip, ix = 0, n, n + G
    nvar = n + G + nx
    xi = np.arange(nx)
    g_of = np.repeat(np.arange(G), n)
    i_of = np.tile(np.arange(n), G)
    rflat, capflat = ratio.ravel(), cap.ravel()

    def block(cols_vals: list[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
        rows = np.concatenate([np.arange(nx)] * len(cols_vals))
        cols = np.concatenate([c for c, _ in cols_vals])
        vals = np.concatenate([v for _, v in cols_vals])
        return sp.csr_matrix((vals, (rows, cols)), shape=(nx, nvar))

    ones = np.ones(nx)
    a1 = block([(ix + xi, ones), (ip + g_of, -rflat)])  # x - ratio p <= 0
    a2 = block([(ix + xi, ones), (iy + i_of, -capflat)])  # x - cap y <= 0
    a3 = block([(ix + xi, ones), (ip + g_of, -rflat), (iy + i_of, -rflat)])  # x - r p - r y >= -r
    rows = [LinearConstraint(a1, -np.inf, 0), LinearConstraint(a2, -np.inf, 0)]
    if not isinstance(model, CustomizedMixedMNL):
        rows.append(LinearConstraint(a3, -rflat, np.inf))
    total = sp.csr_matrix(
        (np.ones(G + nx), (np.concatenate([np.arange(G), g_of]), np.concatenate([ip + np.arange(G), ix + xi]))),
        shape=(G, nvar),
    )
    rows.append(LinearConstraint(total, 1, 1))
    cons = as_constraint(constraint, n)
    if not cons.unconstrained:
        offer_rows = sp.hstack([sp.csr_matrix(cons.A), sp.csr_matrix((cons.b.size, G + nx))])
        rows.append(LinearConstraint(offer_rows, -np.inf, cons.b))
    c = np.zeros(nvar)
    c[ix:] = -(model.shares[:, None] * model.prices[None, :]).ravel()
    integrality = np.zeros(nvar)
    integrality[:n] = 1
    res = milp(
        c, constraints=rows, integrality=integrality, bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "disp": False, "mip_rel_gap": mip_rel_gap},
    )
    if res.x is None and res.status == 1:
        raise InputError(f"the MIP found no feasible assortment within time_limit={time_limit:g} s; "
                         "give it more time")
    if res.x is None:
        raise solver_error("the MIP", res, np.concatenate([c, ratio.ravel(), cap.ravel()]))
    items = np.flatnonzero(res.x[:n] > 0.5)
    optimal = res.status == 0
    bound = getattr(res, "mip_dual_bound", None)
    bound = None if bound is None or not np.isfinite(bound) else float(-bound)
    info = {"mip_status": int(res.status), "mip_message": str(res.message), "mip_gap": getattr(res, "mip_gap", None)}
    return items, float(model.revenue(items)), bool(optimal), bound, info
