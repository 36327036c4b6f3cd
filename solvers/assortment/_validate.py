"""Input checks for choice-model parameters and constraints."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def as_vector(x, name: str, n: int | None = None, positive: bool = False) -> np.ndarray:
    """Return ``x`` as a finite 1-D float array (length ``n`` if given, entries >= 0)."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a sequence of numbers") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise ValueError(f"{name} has length {arr.size} but prices have length {n}; they must match")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; all entries must be finite")
    if np.any(arr < 0) or (positive and np.any(arr == 0)):
        kind = "positive" if positive else "non-negative"
        raise ValueError(f"{name} must be {kind}; got minimum {arr.min() if arr.size else None}")
    return arr


def as_matrix(x, name: str, shape: tuple[int, int]) -> np.ndarray:
    """Return ``x`` as a finite non-negative float matrix of the given shape."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; all entries must be finite")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be non-negative")
    return arr


def as_positive_scalar(x, name: str) -> float:
    """Return ``x`` as a finite float > 0."""
    val = float(x)
    if not math.isfinite(val) or val <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {x!r}")
    return val


def check_cardinality(k, n: int) -> int:
    """Return ``k`` after checking it is a non-negative int."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"cardinality must be a non-negative int, got {k!r}")
    if k < 0:
        raise ValueError(f"cardinality must be >= 0, got {k}")
    return int(k)


@dataclass(frozen=True)
class Constraint:
    """A validated constraint on the assortment's indicator vector ``y`` in {0, 1}^n.

    ``A @ y <= b`` collects every row: the cardinality row (all ones), the budget row
    (``costs``) and any user rows.  ``cardinality``, ``budget`` and ``costs`` are kept as well
    for the methods that treat them specially.
    """

    n: int
    A: np.ndarray
    b: np.ndarray
    cardinality: int | None = None
    budget: float | None = None
    costs: np.ndarray | None = None
    linear: bool = False  # user-given rows present

    @property
    def unconstrained(self) -> bool:
        return self.b.size == 0

    def feasible(self, masks: np.ndarray) -> np.ndarray:
        """Whether each row of a boolean (m, n) array of assortments satisfies ``A y <= b``."""
        if self.unconstrained:
            return np.ones(masks.shape[0], dtype=bool)
        return np.all(masks @ self.A.T <= self.b + 1e-9, axis=1)

    def describe(self) -> str:
        parts = []
        if self.cardinality is not None:
            parts.append(f"at most {self.cardinality} products")
        if self.budget is not None:
            parts.append(f"budget {self.budget:g}")
        if self.linear:
            parts.append(f"{self.b.size - len(parts)} linear rows")
        return ", ".join(parts) or "unconstrained"


def as_constraint(constraint, n: int) -> Constraint:
    """Validate a constraint spec and return a :class:`Constraint`.

    Accepted: ``None`` (unconstrained), a :class:`Constraint`, the string ``"cardinality<=k"``
    used by the shared test vectors, or a dict with any of ``"cardinality": k``,
    ``"budget": B`` with ``"costs": c``, and ``"linear": (A, b)`` (rows ``A @ y <= b`` on the
    0/1 offer vector ``y``, with ``b >= 0`` so that offering nothing is feasible).

    Examples
    --------
    >>> as_constraint("cardinality<=2", 3).describe()
    'at most 2 products'
    """
    if isinstance(constraint, Constraint):
        if constraint.n != n:
            raise ValueError(f"constraint is for {constraint.n} products, the model has {n}")
        return constraint
    if constraint is None:
        return Constraint(n, np.zeros((0, n)), np.zeros(0))
    if isinstance(constraint, str):
        key, sep, val = constraint.partition("<=")
        if key.strip() != "cardinality" or not sep:
            raise ValueError(f"constraint string must look like 'cardinality<=k', got {constraint!r}")
        constraint = {"cardinality": int(val)}
    if not isinstance(constraint, dict):
        raise TypeError("constraint must be None, a dict or a 'cardinality<=k' string")
    unknown = set(constraint) - {"cardinality", "budget", "costs", "linear"}
    if unknown:
        raise ValueError(
            f"unknown constraint keys {sorted(unknown)}; allowed: cardinality, budget, costs, linear"
        )
    rows, rhs = [], []
    k = budget = costs = None
    if "cardinality" in constraint:
        k = check_cardinality(constraint["cardinality"], n)
        rows.append(np.ones(n))
        rhs.append(float(k))
    if "budget" in constraint or "costs" in constraint:
        if "budget" not in constraint or "costs" not in constraint:
            raise ValueError("a budget constraint needs both 'budget' and 'costs'")
        costs = as_vector(constraint["costs"], "costs", n, positive=True)
        budget = float(constraint["budget"])
        if not math.isfinite(budget) or budget < 0:
            raise ValueError(f"budget must be a finite non-negative number, got {constraint['budget']!r}")
        if n and costs.min() > budget:
            raise ValueError(
                f"infeasible budget {budget}: the cheapest item costs {costs.min()}, so only the "
                "empty assortment fits"
            )
        rows.append(costs)
        rhs.append(budget)
    linear = "linear" in constraint
    if linear:
        try:
            a_user, b_user = constraint["linear"]
        except (TypeError, ValueError):
            raise TypeError("'linear' must be a pair (A, b) with A of shape (m, n)") from None
        a_user = np.atleast_2d(np.asarray(a_user, dtype=np.float64))
        b_user = np.atleast_1d(np.asarray(b_user, dtype=np.float64))
        if a_user.shape != (b_user.size, n):
            raise ValueError(f"linear constraint A must have shape ({b_user.size}, {n}), got {a_user.shape}")
        if not (np.all(np.isfinite(a_user)) and np.all(np.isfinite(b_user))):
            raise ValueError("linear constraint A and b must be finite (no NaN or inf)")
        if np.any(b_user < 0):
            raise ValueError("linear constraint b must be >= 0 (offering nothing must be feasible)")
        rows.extend(a_user)
        rhs.extend(b_user)
    A = np.array(rows, dtype=np.float64).reshape(len(rows), n)
    return Constraint(n, A, np.array(rhs, dtype=np.float64), k, budget, costs, linear)
