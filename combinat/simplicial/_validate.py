"""Validation of user-supplied degree and size sequences."""
from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np


def as_positive_sequence(values: Iterable, name: str) -> np.ndarray:
    """Return ``values`` as an int64 array after checking every entry is a positive integer.

    Raises
    ------
    TypeError
        If ``values`` is not a one-dimensional sequence of integers (bools and floats,
        even integral ones such as ``2.0``, are rejected).
    ValueError
        If an entry is zero or negative.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of positive integers, got {type(values).__name__}")
    items = list(values.tolist() if isinstance(values, np.ndarray) else values)
    for position, value in enumerate(items):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(
                f"{name}[{position}] = {value!r} is not an integer; "
                f"{name} must contain positive integers only"
            )
        if value <= 0:
            raise ValueError(
                f"{name}[{position}] = {value} is not positive; every entry of {name} must be >= 1 "
                "(a vertex in no facet is not part of the complex, and facets are non-empty)"
            )
    return np.asarray(items, dtype=np.int64).reshape(len(items))
