"""Input checks for choice-model parameters and constraints."""
from __future__ import annotations

import math

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


def normalise_constraint(constraint, n: int) -> dict:
    """Validate a constraint spec and return a canonical dict.

    Accepted: ``None`` (unconstrained), ``{"cardinality": k}``,
    ``{"budget": B, "costs": c}`` (optionally with ``"cardinality"`` too), or the string
    ``"cardinality<=k"`` used by the shared test vectors.
    """
    if constraint is None:
        return {}
    if isinstance(constraint, str):
        key, sep, val = constraint.partition("<=")
        if key.strip() != "cardinality" or not sep:
            raise ValueError(f"constraint string must look like 'cardinality<=k', got {constraint!r}")
        constraint = {"cardinality": int(val)}
    if not isinstance(constraint, dict):
        raise TypeError("constraint must be None, a dict or a 'cardinality<=k' string")
    unknown = set(constraint) - {"cardinality", "budget", "costs"}
    if unknown:
        raise ValueError(f"unknown constraint keys {sorted(unknown)}; allowed: cardinality, budget, costs")
    out: dict = {}
    if "cardinality" in constraint:
        out["cardinality"] = check_cardinality(constraint["cardinality"], n)
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
        out["budget"], out["costs"] = budget, costs
    return out


def is_feasible(items: np.ndarray, constraint: dict) -> bool:
    """Whether the item set satisfies a normalised constraint."""
    if "cardinality" in constraint and items.size > constraint["cardinality"]:
        return False
    if "budget" in constraint and constraint["costs"][items].sum() > constraint["budget"] + 1e-12:
        return False
    return True
