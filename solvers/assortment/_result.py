"""The result of an assortment optimisation."""
from __future__ import annotations

import math
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
        """A summary that is valid JSON: a number that is not finite (an unknown MIP gap, say)
        becomes ``None``, and ``info`` keeps its numbers, strings, booleans and ``None``.

        Examples
        --------
        >>> res = AssortmentResult(np.array([1]), 2.5, "mip", info={"mip_gap": float("inf"), "note": "x"})
        >>> res.to_dict()["info"]
        {'mip_gap': None, 'note': 'x'}
        """
        return {
            "assortment": self.assortment.tolist(),
            "revenue": _finite_or_none(self.revenue),
            "method": self.method,
            "oracle_calls": self.oracle_calls,
            "optimal": self.optimal,
            "bound": _finite_or_none(self.bound),
            "seconds": self.seconds,
            "info": {k: _finite_or_none(v) for k, v in self.info.items()
                     if isinstance(v, (int, float, str, bool, type(None)))},
        }


def _finite_or_none(value):
    """``value``, or None for a float that is NaN or infinite (JSON has no such numbers)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value
