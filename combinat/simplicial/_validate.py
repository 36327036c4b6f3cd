"""Validation of user-supplied sequences, counts and numbers."""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable

import numpy as np

from cayley.errors import InputError

INT64_MAX = int(np.iinfo(np.int64).max)
INTEGER = re.compile(r"[+-]?[0-9]+")
"""An ASCII integer token, as accepted in files and on the command line."""
_SHOWN_CHARS = 40


def shown(text: str) -> str:
    """``repr`` of user text for an error message, shortened when long.

    Examples
    --------
    >>> shown("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (50 characters)"
    """
    if len(text) > _SHOWN_CHARS:
        return repr(text[:_SHOWN_CHARS]) + f"... ({len(text)} characters)"
    return repr(text)


def as_positive_sequence(values: Iterable, name: str) -> np.ndarray:
    """Return ``values`` as an int64 array after checking every entry is a positive integer.

    Raises
    ------
    TypeError
        If ``values`` is not a one-dimensional sequence of integers (bools and floats,
        even integral ones such as ``2.0``, are rejected).
    InputError
        If an entry is zero, negative, or larger than ``2**63 - 1``.
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
            raise InputError(
                f"{name}[{position}] = {value} is not positive; every entry of {name} must be >= 1 "
                "(a vertex in no facet is not part of the complex, and facets are non-empty)"
            )
        if value > INT64_MAX:
            raise InputError(f"{name}[{position}] = {value} is too large (at most {INT64_MAX})")
    return np.asarray(items, dtype=np.int64).reshape(len(items))


def check_count(name: str, value, minimum: int, maximum: int = INT64_MAX) -> int:
    """``value`` as an int after checking ``minimum <= value <= maximum``.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (bools and floats are rejected).
    InputError
        If it is out of range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise InputError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return int(value)


def check_real(name: str, value, low: float, high: float = math.inf, *,
               include_low: bool = True) -> float:
    """``value`` as a float after checking it is finite and lies in ``[low, high]``
    (``(low, high]`` when ``include_low`` is false).

    Raises
    ------
    TypeError
        If ``value`` is not a real number (bools are rejected).
    InputError
        If it is NaN, infinite or out of range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    above_low = number >= low if include_low else number > low
    if not (math.isfinite(number) and above_low and number <= high):
        bound = f"{'>=' if include_low else '>'} {low:g}"
        if high < math.inf:
            bound = f"in {'[' if include_low else '('}{low:g}, {high:g}]"
        raise InputError(f"{name} must be a finite number {bound}, got {value}")
    return number
