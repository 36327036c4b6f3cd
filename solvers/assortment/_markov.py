"""The Markov-chain choice model (Blanchet, Gallego and Goyal 2016) and its exact LP."""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._base import ChoiceModel
from ._validate import as_matrix, as_vector, check_finite_sum, solver_error


class MarkovChain(ChoiceModel):
    """A customer arrives at product ``j`` with probability ``arrival[j]``; if ``j`` is offered
    she buys it, otherwise she moves to ``i`` with probability ``transition[j, i]`` or leaves
    with probability ``1 - sum_i transition[j, i]``.

    Parameters
    ----------
    prices : array_like, shape (n,)
    arrival : array_like, shape (n,)
        Non-negative, summing to at most 1 (the rest chooses nothing outright).
    transition : array_like, shape (n, n)
        Non-negative, zero diagonal, each row summing to less than 1.

    Examples
    --------
    >>> m = MarkovChain([10, 5], arrival=[0.5, 0.5], transition=[[0, 0.5], [0.5, 0]])
    >>> m.choice_probabilities([1]).tolist()  # arrivals at 0 move on to 1 half the time
    [0.0, 0.75]
    """

    def __init__(self, prices, arrival, transition) -> None:
        self.prices = as_vector(prices, "prices")
        self.n = self.prices.size
        self.arrival = as_vector(arrival, "arrival", self.n, upper=1.0)
        self.transition = as_matrix(transition, "transition", (self.n, self.n), upper=1.0)
        check_finite_sum(self.prices, "prices")
        if self.arrival.sum() > 1 + 1e-9:
            raise InputError(f"arrival probabilities sum to {self.arrival.sum()} > 1")
        if np.any(np.diag(self.transition) != 0):
            raise InputError("transition must have a zero diagonal")
        if self.n and self.transition.sum(axis=1).max() >= 1:
            raise InputError("every row of transition must sum to less than 1 (customers must be able to leave)")

    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        out = np.zeros(masks.shape)
        rho, lam = self.transition, self.arrival
        for t, mask in enumerate(masks):
            off = ~mask
            # visits y to unoffered products: y = lam_off + rho_off,off^T y
            y = np.linalg.solve(np.eye(int(off.sum())) - rho[np.ix_(off, off)].T, lam[off])
            out[t, mask] = lam[mask] + rho[np.ix_(off, mask)].T @ y
        return out


def markov_lp(model: MarkovChain) -> tuple[np.ndarray, float]:
    """Exact unconstrained optimum by the LP of Feldman and Topaloglu (2017).

    ``max sum r_i x_i`` s.t. ``x_i + y_i = lambda_i + sum_j rho_ji y_j``, ``x, y >= 0``; the
    products with ``x_i > 0`` form an optimal assortment.

    Examples
    --------
    >>> m = MarkovChain([10, 5], arrival=[0.5, 0.5], transition=[[0, 0.5], [0.5, 0]])
    >>> items, rev = markov_lp(m)
    >>> items.tolist(), rev
    ([0, 1], 7.5)
    """
    from scipy.optimize import linprog

    n = model.n
    a_eq = np.hstack([np.eye(n), np.eye(n) - model.transition.T])
    res = linprog(
        c=-np.concatenate([model.prices, np.zeros(n)]),
        A_eq=a_eq,
        b_eq=model.arrival,
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:  # feasible and bounded: only extreme numbers make HiGHS fail
        raise solver_error("the Markov-chain LP", res, np.concatenate([model.prices, a_eq.ravel()]))
    x = res.x[:n]
    items = np.flatnonzero(x > 1e-9)
    return items, float(model.revenue(items))
