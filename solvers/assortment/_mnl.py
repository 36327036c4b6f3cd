"""The multinomial logit (MNL) choice model."""
from __future__ import annotations

import numpy as np

from ._base import ChoiceModel
from ._validate import as_positive_scalar, as_vector, check_finite_sum


class MNL(ChoiceModel):
    """MNL: ``P(i | S) = v_i / (v0 + sum_{j in S} v_j)``, revenue ``sum r_i v_i / (v0 + sum v_j)``.

    Parameters
    ----------
    prices : array_like, shape (n,)
        Non-negative finite revenue ``r_i`` of each product.
    weights : array_like, shape (n,)
        Non-negative finite preference weights ``v_i`` (``exp`` of the mean utility).
    v0 : float
        Weight of the no-purchase option (> 0).

    Raises
    ------
    InputError
        A parameter is negative, NaN or infinite, or so large that a revenue would
        overflow (``sum_i r_i v_i`` or ``v0 + sum_i v_i`` beyond the largest float).

    Examples
    --------
    >>> m = MNL(prices=[10, 8], weights=[1, 1], v0=1.0)
    >>> m.revenue([0, 1])
    6.0
    """

    def __init__(self, prices, weights, v0: float = 1.0) -> None:
        self.prices = as_vector(prices, "prices")
        self.n = self.prices.size
        self.weights = as_vector(weights, "weights", self.n)
        self.v0 = as_positive_scalar(v0, "v0")
        with np.errstate(over="ignore"):
            check_finite_sum(self.prices * self.weights, "prices x weights")
        check_finite_sum(np.append(self.weights, self.v0), "weights and v0")

    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        w = masks * self.weights
        return w / (self.v0 + w.sum(axis=1, keepdims=True))

    def revenues(self, masks: np.ndarray) -> np.ndarray:
        masks = self.masks(masks)
        return (masks @ (self.prices * self.weights)) / (self.v0 + masks @ self.weights)

    def prefix_revenues(self, order: np.ndarray | None = None, upto: int | None = None) -> np.ndarray:
        """Revenues of the prefixes of length ``1..upto`` of ``order`` in ``O(n)``."""
        order = self.price_order() if order is None else np.asarray(order)
        order = order[: self.n if upto is None else upto]
        num = np.cumsum(self.prices[order] * self.weights[order])
        return num / (self.v0 + np.cumsum(self.weights[order]))

    def __repr__(self) -> str:
        return f"MNL(n={self.n}, v0={self.v0})"
