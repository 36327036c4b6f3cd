"""The result of an assortment optimisation."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class AssortmentResult:
    """Outcome of :func:`optimize`.

    Attributes
    ----------
    assortment : numpy.ndarray
        Offered products, sorted.
    revenue : float
        Expected revenue of ``assortment`` under the model.
    method : str
        The method that produced it.
    oracle_calls : int
        Revenue / marginal-gain evaluations (0 for LP and MIP methods).
    optimal : bool
        True only when the method proves optimality.
    bound : float or None
        A proven upper bound on the optimum when known (the optimum itself when optimal).
    seconds : float
        Wall-clock time of the solve.
    info : dict
        Method-specific details (guarantee, surrogate value, MIP gap, ...).
    """

    assortment: np.ndarray
    revenue: float
    method: str
    oracle_calls: int = 0
    optimal: bool = False
    bound: float | None = None
    seconds: float = 0.0
    info: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A JSON-serialisable summary."""
        return {
            "assortment": self.assortment.tolist(),
            "revenue": self.revenue,
            "method": self.method,
            "oracle_calls": self.oracle_calls,
            "optimal": self.optimal,
            "bound": self.bound,
            "seconds": self.seconds,
            "info": {k: v for k, v in self.info.items() if isinstance(v, (int, float, str, bool, type(None)))},
        }
