"""Common interface of the choice models: revenue and choice probabilities of assortments."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

import numpy as np

from cayley.errors import InputError


class ChoiceModel(ABC):
    """A discrete choice model over products ``0..n-1`` with prices ``prices``.

    Subclasses implement :meth:`choice_probabilities_many`; revenues follow as
    ``sum_i price_i P(i | S)``.
    """

    prices: np.ndarray
    n: int

    def masks(self, assortments) -> np.ndarray:
        """Turn one assortment (item list) or a boolean (m, n) array into an (m, n) bool array."""
        arr = np.asarray(assortments)
        if arr.dtype == bool:
            if arr.shape[-1] != self.n:
                raise InputError(f"boolean assortments need {self.n} columns, got shape {arr.shape}")
            return arr.reshape(-1, self.n)
        items = np.asarray(list(assortments) if not isinstance(assortments, np.ndarray) else arr)
        mask = np.zeros((1, self.n), dtype=bool)
        if items.size:
            if not np.issubdtype(items.dtype, np.integer) or items.ndim != 1:
                raise TypeError("an assortment is a list of integer product indices")
            if items.min() < 0 or items.max() >= self.n:
                raise InputError(f"product indices must lie in 0..{self.n - 1}, got {items.tolist()}")
            mask[0, items] = True
        return mask

    @abstractmethod
    def choice_probabilities_many(self, masks: np.ndarray) -> np.ndarray:
        """Purchase probabilities, shape (m, n), of each product under each assortment mask."""

    def choice_probabilities(self, assortment: Iterable[int]) -> np.ndarray:
        """Purchase probability of every product (0 outside the assortment).

        The no-purchase probability is ``1 - sum``.
        """
        return self.choice_probabilities_many(self.masks(assortment))[0]

    def revenues(self, masks: np.ndarray) -> np.ndarray:
        """Expected revenue of each assortment in a boolean (m, n) array (vectorised)."""
        return self.choice_probabilities_many(self.masks(masks)) @ self.prices

    def revenue(self, assortment: Iterable[int]) -> float:
        """Expected revenue ``sum_i price_i P(i | S)`` of one assortment."""
        return float(self.revenues(self.masks(assortment))[0])

    def prefix_revenues(self, order: np.ndarray | None = None, upto: int | None = None) -> np.ndarray:
        """Revenues of the prefixes of length ``1..upto`` of ``order`` (decreasing price by default)."""
        order = self.price_order() if order is None else np.asarray(order)
        upto = self.n if upto is None else upto
        masks = np.zeros((upto, self.n), dtype=bool)
        masks[np.tril_indices(upto, m=self.n)[0], order[np.tril_indices(upto, m=self.n)[1]]] = True
        return self.revenues(masks)

    def price_order(self) -> np.ndarray:
        """Products by decreasing price (ties: smaller index first)."""
        return np.lexsort((np.arange(self.n), -self.prices))
