"""Input checks for choice-model parameters, constraints and solver outcomes.

Every check raises :class:`~cayley.errors.InputError` (a ``ValueError``) with a message that
says what is allowed; a value of the wrong type raises ``TypeError``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cayley.errors import InputError


def as_float_array(x, name: str) -> np.ndarray:
    """Return ``x`` as a float64 array; raise TypeError naming ``name`` for non-numbers and
    InputError for an integer beyond the float range.

    Examples
    --------
    >>> as_float_array([1, "x"], "prices")
    Traceback (most recent call last):
    ...
    TypeError: prices must be numbers (a number or nested lists of numbers)
    """
    try:
        return np.asarray(x, dtype=np.float64)
    except OverflowError:  # a Python int beyond the float range
        raise InputError(f"{name} holds a number beyond the largest float (about 1.8e308)") from None
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (a number or nested lists of numbers)") from exc


def as_vector(x, name: str, n: int | None = None, positive: bool = False,
              upper: float | None = None) -> np.ndarray:
    """Return ``x`` as a finite 1-D float array (length ``n`` if given, entries >= 0, and at
    most ``upper`` if given: probabilities, whose sums then cannot overflow)."""
    arr = as_float_array(x, name)
    if arr.ndim != 1:
        raise InputError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise InputError(f"{name} has length {arr.size} but prices have length {n}; they must match")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite values; all entries must be finite")
    if np.any(arr < 0) or (positive and np.any(arr == 0)):
        kind = "positive" if positive else "non-negative"
        raise InputError(f"{name} must be {kind}; got minimum {arr.min() if arr.size else None}")
    if upper is not None and np.any(arr > upper):
        raise InputError(f"{name} must be at most {upper:g}; got maximum {arr.max()}")
    return arr


def as_matrix(x, name: str, shape: tuple[int, int], upper: float | None = None) -> np.ndarray:
    """Return ``x`` as a finite non-negative float matrix of the given shape (entries at
    most ``upper`` if given)."""
    arr = as_float_array(x, name)
    if arr.shape != shape:
        raise InputError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains NaN or infinite values; all entries must be finite")
    if np.any(arr < 0):
        raise InputError(f"{name} must be non-negative")
    if upper is not None and np.any(arr > upper):
        raise InputError(f"{name} must be at most {upper:g}; got maximum {arr.max()}")
    return arr


def as_positive_scalar(x, name: str) -> float:
    """Return ``x`` as a finite float > 0.

    Examples
    --------
    >>> as_positive_scalar(float("inf"), "v0")
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: v0 must be a finite positive number, got inf
    """
    try:
        val = float(x)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{name} must be a finite positive number, got {x!r}") from None
    if not math.isfinite(val) or val <= 0:
        raise InputError(f"{name} must be a finite positive number, got {x!r}")
    return val


def check_finite_sum(values: np.ndarray, name: str) -> None:
    """Raise InputError when the sum of the non-negative ``values`` overflows a float.

    Revenues are ratios of such sums (prices times weights, weights plus v0); once one is
    infinite a revenue is infinite or NaN.

    Examples
    --------
    >>> check_finite_sum(np.array([1e308, 1e308]), "weights and v0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: weights and v0 sum beyond the largest float (about 1.8e308), ...
    """
    with np.errstate(over="ignore"):
        total = float(np.sum(values))
    if not math.isfinite(total):
        raise InputError(f"{name} sum beyond the largest float (about 1.8e308), so revenues would be "
                         "infinite or NaN; rescale the prices or weights")


def check_cardinality(k, n: int) -> int:
    """Return ``k`` after checking it is a non-negative int."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"cardinality must be a non-negative int, got {k!r}")
    if k < 0:
        raise InputError(f"cardinality must be >= 0, got {k}")
    return int(k)


def check_solver_coefficients(problem: str, coefficients: np.ndarray) -> None:
    """Raise InputError when a coefficient of an LP or MIP is not finite: a ratio of weights
    (``v0 / v_i`` or ``v_i / v0``) overflowed."""
    if not np.all(np.isfinite(coefficients)):
        raise InputError(f"{problem} cannot be set up: a ratio of weights (v0 / v_i or v_i / v0) lies beyond "
                         "the largest float; rescale the weights or choose another method")


def solver_error(problem: str, result, coefficients: np.ndarray) -> InputError:
    """The error for a HiGHS run (``scipy.optimize.linprog``/``milp``) that gave no solution.

    The problems solved here are feasible and bounded, so a failure comes from numbers the
    solver cannot handle; the message names the status and the range of the coefficients.
    """
    magnitudes = np.abs(coefficients[np.isfinite(coefficients) & (coefficients != 0)])
    span = (f"; its coefficients range from {magnitudes.min():.3g} to {magnitudes.max():.3g} in magnitude"
            if magnitudes.size else "")
    message = " ".join(str(result.message).split()) or f"status {result.status}"
    return InputError(f"{problem} failed: {message}{span}. "
                      "HiGHS needs moderate coefficients (roughly 1e-9 to 1e15): rescale the prices or "
                      "weights, or choose another method")


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
            raise InputError(f"constraint is for {constraint.n} products, the model has {n}")
        return constraint
    if constraint is None:
        return Constraint(n, np.zeros((0, n)), np.zeros(0))
    if isinstance(constraint, str):
        key, sep, val = constraint.partition("<=")
        if key.strip() != "cardinality" or not sep or not val.strip().isdigit():
            raise InputError(f"constraint string must look like 'cardinality<=k' with an integer k >= 0, "
                             f"got {constraint[:60]!r}")
        constraint = {"cardinality": int(val)}
    if not isinstance(constraint, dict):
        raise TypeError("constraint must be None, a dict or a 'cardinality<=k' string")
    unknown = set(constraint) - {"cardinality", "budget", "costs", "linear"}
    if unknown:
        raise InputError(
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
            raise InputError("a budget constraint needs both 'budget' and 'costs'")
        costs = as_vector(constraint["costs"], "costs", n, positive=True)
        budget = as_float_array(constraint["budget"], "budget")
        if budget.ndim != 0 or not math.isfinite(budget) or budget < 0:
            raise InputError(f"budget must be a finite non-negative number, got {constraint['budget']!r}")
        budget = float(budget)
        if n and costs.min() > budget:
            raise InputError(
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
        a_user = np.atleast_2d(as_float_array(a_user, "linear constraint A"))
        b_user = np.atleast_1d(as_float_array(b_user, "linear constraint b"))
        if b_user.ndim != 1 or a_user.shape != (b_user.size, n):
            raise InputError(f"linear constraint A must have shape ({b_user.size}, {n}) for b of shape "
                             f"({b_user.size},), got {a_user.shape} and {b_user.shape}")
        if not (np.all(np.isfinite(a_user)) and np.all(np.isfinite(b_user))):
            raise InputError("linear constraint A and b must be finite (no NaN or inf)")
        if np.any(b_user < 0):
            raise InputError("linear constraint b must be >= 0 (offering nothing must be feasible)")
        rows.extend(a_user)
        rhs.extend(b_user)
    A = np.array(rows, dtype=np.float64).reshape(len(rows), n)
    return Constraint(n, A, np.array(rhs, dtype=np.float64), k, budget, costs, linear)
