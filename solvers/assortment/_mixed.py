"""Mixed MNL (latent classes) and its customised variant (the CAP objective)."""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._base import ChoiceModel
from ._mnl import MNL
from ._validate import as_float_array, as_matrix, as_vector, check_finite_sum


class MixedMNL(ChoiceModel):
    """A mixture of ``G`` MNL segments: ``R(S) = sum_g shares_g R_g(S)``.

    Parameters
    ----------
    prices : array_like, shape (n,)
        Revenue of each product (shared by all segments).
    weights : array_like, shape (G, n)
        ``weights[g, i]`` is product ``i``'s preference weight in segment ``g``.
    v0 : array_like, shape (G,) or float
        No-purchase weight of each segment (> 0).
    shares : array_like, shape (G,)
        Segment probabilities (non-negative, summing to 1).

    Examples
    --------
    >>> m = MixedMNL([10, 5], weights=[[1, 1], [0, 4]], v0=[1, 1], shares=[0.5, 0.5])
    >>> round(m.revenue([0, 1]), 4)
    4.5
    """

    def __init__(self, prices, weights, v0, shares) -> None:
        self.prices = as_vector(prices, "prices")
        self.n = self.prices.size
        w = as_float_array(weights, "weights")
        if w.ndim != 2 or w.shape[1] != self.n:
            raise InputError(f"weights must have shape (segments, {self.n}), got {w.shape}")
        self.weights = as_matrix(w, "weights", w.shape)
        self.G = w.shape[0]
        v0 = as_float_array(v0, "v0")
        if v0.shape not in ((), (self.G,)):
            raise InputError(f"v0 must be one number or one per segment ({self.G}), got shape {v0.shape}")
        self.v0 = as_vector(np.broadcast_to(v0, (self.G,)).copy(), "v0", self.G, positive=True)
        self.shares = as_vector(shares, "shares", self.G, upper=1.0)
        if abs(self.shares.sum() - 1.0) > 1e-6:
            raise InputError(f"shares must sum to 1, got {self.shares.sum()}")
        with np.errstate(over="ignore"):
            check_finite_sum(self.weights * self.prices, "prices x weights")
        check_finite_sum(np.append(self.weights, self.v0), "weights and v0")

    def segment(self, g: int) -> MNL:
        """The MNL model of segment ``g``."""
        return MNL(self.prices, self.weights[g], self.v0[g])

    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        out = np.zeros(masks.shape, dtype=np.float64)
        for g in range(self.G):
            w = masks * self.weights[g]
            out += self.shares[g] * w / (self.v0[g] + w.sum(axis=1, keepdims=True))
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n={self.n}, segments={self.G})"


class CustomizedMixedMNL(MixedMNL):
    """Mixed MNL where each segment is shown its own best subset of the offered set ``S``.

    ``R(S) = sum_g shares_g max_{X ⊆ S} R_g(X)``: the customised assortment problem (CAP;
    Udwani, arXiv 2107.02743, Section 5).  ``max_{X ⊆ S} R_g(X)`` is attained by a price
    prefix of ``S``, and decreasing price is a submodular order of this objective.

    Examples
    --------
    >>> m = CustomizedMixedMNL([10, 5], weights=[[1, 1], [0, 4]], v0=[1, 1], shares=[0.5, 0.5])
    >>> m.revenue([0, 1])  # segment 0 sees {0}: 5, segment 1 sees {1}: 4
    4.5
    """

    def segment_revenues(self, masks: np.ndarray) -> np.ndarray:
        """Best revenue of each segment within each assortment, shape (m, G)."""
        masks = self.masks(masks)
        order = self.price_order()
        r = self.prices[order]
        out = np.empty((masks.shape[0], self.G))
        sub = masks[:, order]
        for g in range(self.G):
            w = sub * self.weights[g, order]
            prefix = np.cumsum(w * r, axis=1) / (self.v0[g] + np.cumsum(w, axis=1))
            out[:, g] = np.maximum(prefix.max(axis=1, initial=0.0), 0.0)
        return out

    def revenues(self, masks: np.ndarray) -> np.ndarray:
        return self.segment_revenues(masks) @ self.shares

    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        masks = self.masks(masks)
        order = self.price_order()
        out = np.zeros(masks.shape, dtype=np.float64)
        sub = masks[:, order]
        for g in range(self.G):
            w = sub * self.weights[g, order]
            prefix = np.cumsum(w * self.prices[order], axis=1) / (self.v0[g] + np.cumsum(w, axis=1))
            cut = np.argmax(prefix, axis=1)
            best = prefix[np.arange(masks.shape[0]), cut] > 0
            shown = (np.arange(self.n)[None, :] <= cut[:, None]) & best[:, None]
            ws = np.where(shown, w, 0.0)
            probs = ws / (self.v0[g] + ws.sum(axis=1, keepdims=True))
            out[:, order] += self.shares[g] * probs
        return out
