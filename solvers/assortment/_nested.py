"""The nested logit choice model."""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._base import ChoiceModel
from ._validate import as_positive_scalar, as_vector, check_finite_sum


class NestedLogit(ChoiceModel):
    """Nested logit: ``P(nest m) = V_m^g_m / (v0 + sum_l V_l^g_l)``, ``V_m = sum_{i in S ∩ m} v_i``,
    and ``P(i | nest m) = v_i / V_m``.

    Parameters
    ----------
    prices, weights : array_like, shape (n,)
    nests : array_like of int, shape (n,)
        Nest label of each product (0..M-1).
    dissimilarity : array_like, shape (M,)
        ``g_m`` in (0, 1] (1 for every nest reduces to MNL).
    v0 : float

    Examples
    --------
    >>> m = NestedLogit([10, 8], [1, 1], nests=[0, 0], dissimilarity=[1.0])
    >>> m.revenue([0, 1])
    6.0
    """

    def __init__(self, prices, weights, nests, dissimilarity, v0: float = 1.0) -> None:
        self.prices = as_vector(prices, "prices")
        self.n = self.prices.size
        self.weights = as_vector(weights, "weights", self.n)
        try:
            labels = np.asarray(nests)
        except ValueError:  # ragged nested lists
            labels = np.zeros(0)
        if labels.shape != (self.n,) or not np.issubdtype(labels.dtype, np.integer) or (self.n and labels.min() < 0):
            raise InputError(f"nests must be {self.n} non-negative integer labels")
        self.gamma = as_vector(dissimilarity, "dissimilarity", None, positive=True)
        if np.any(self.gamma > 1):
            raise InputError("dissimilarity parameters must lie in (0, 1]")
        if self.n and labels.max() >= self.gamma.size:
            raise InputError(f"nest label {labels.max()} has no dissimilarity parameter")
        self.nests = labels.astype(np.int64)
        self.v0 = as_positive_scalar(v0, "v0")
        with np.errstate(over="ignore"):
            check_finite_sum(self.prices * self.weights, "prices x weights")
        check_finite_sum(np.append(self.weights, self.v0), "weights and v0")

    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        w = masks * self.weights
        member = np.eye(self.gamma.size)[self.nests]  # (n, M)
        nest_w = w @ member  # (m, M)
        attract = np.where(nest_w > 0, nest_w, 0.0) ** self.gamma
        p_nest = attract / (self.v0 + attract.sum(axis=1, keepdims=True))
        within = np.divide(w, (nest_w @ member.T), out=np.zeros_like(w), where=w > 0)
        return within * (p_nest @ member.T)
