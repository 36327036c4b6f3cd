"""Permutations as numpy arrays of images.

Conventions (pinned by ``tests/core/test_conventions.py`` against GAP and SymPy):

* A permutation of degree ``n`` is an integer array ``p`` of length ``n`` holding the images of
  ``0, ..., n-1``: ``p[i]`` is the image of ``i`` (SymPy's array form, GAP's ``ListPerm`` minus 1).
* The product "``p`` then ``q``" (written ``p*q`` in GAP, SymPy and Sage) is ``q[p]``:
  ``compose(p, q)``.
* A permutation acts on a state vector by *gathering*: ``act(state, p) = state[p]``
  (SymPy's ``p(list)`` and CayleyPy's convention). GAP's ``Permuted`` scatters instead.
* Cycle strings are 1-based, GAP style: ``"(1,2,3)(4,5)"``; cycle lists are 0-based.
* Orders and other counts are Python ints.

Functions accept anything array-like and return ``numpy`` arrays of dtype ``int64``
(:func:`compact` gives the storage dtype: ``uint8`` up to degree 256, ``uint16`` above), so
the largest degree is :data:`MAX_DEGREE` = 65536; :func:`check_degree` refuses larger ones
before anything of that size is allocated.

Examples
--------
>>> from cayley import perm
>>> p = perm.from_cycles("(1,2)", 3)
>>> q = perm.from_cycles("(2,3)", 3)
>>> perm.to_cycles(perm.compose(p, q))
'(1,3,2)'
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from cayley.errors import InputError

__all__ = [
    "MAX_DEGREE",
    "act",
    "as_perm",
    "as_perm_batch",
    "check_degree",
    "compact",
    "compose",
    "compose_batch",
    "conjugate",
    "cycle_type",
    "cycles",
    "from_cycles",
    "identity",
    "inverse",
    "inverse_batch",
    "is_identity",
    "order",
    "power",
    "random_perm",
    "sign",
    "to_cycles",
]

MAX_DEGREE = 2**16  # images are stored as uint16 (see compact)

_CYCLE_STRING = re.compile(r"^(\(\s*\d+(\s*,\s*\d+)*\s*\))*$")


def _check_images(arr: np.ndarray, what: str) -> None:
    """Raise ``ValueError`` unless every row of ``arr`` is a permutation of ``0..n-1``."""
    n = arr.shape[-1]
    if arr.size and (arr.min() < 0 or arr.max() >= n):
        raise ValueError(f"{what}: entries must lie in 0..{n - 1} (0-based images)")
    rows = arr.reshape(-1, n)
    seen = np.zeros(rows.shape, dtype=bool)
    np.put_along_axis(seen, rows, True, axis=1)
    if not seen.all():
        bad = int(np.flatnonzero(~seen.all(axis=1))[0])
        raise ValueError(f"{what}: row {bad} repeats an image, so it is not a permutation")


def _as_int_array(p: object, what: str) -> np.ndarray:
    if isinstance(p, str):
        raise TypeError(f"{what}: got a string; use from_cycles() for cycle notation")
    try:
        arr = np.asarray(p)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{what}: rows have different degrees") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.integer) or arr.size == 0):
        raise TypeError(f"{what}: expected integer images, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def as_perm(p: object, degree: int | None = None) -> np.ndarray:
    """Validate ``p`` as a permutation and return it as an ``int64`` array.

    Parameters
    ----------
    p : array_like of int
        Images of ``0, ..., n-1``.
    degree : int, optional
        Required degree; a mismatch raises ``ValueError``.

    Examples
    --------
    >>> as_perm([2, 0, 1]).tolist()
    [2, 0, 1]
    """
    arr = _as_int_array(p, "permutation")
    if arr.ndim != 1:
        raise ValueError(f"permutation: expected a 1-d array of images, got shape {arr.shape}")
    if degree is not None and arr.shape[0] != degree:
        raise ValueError(f"permutation: degree {arr.shape[0]} given where degree {degree} is required")
    _check_images(arr, "permutation")
    return arr


def as_perm_batch(ps: object, degree: int | None = None) -> np.ndarray:
    """Validate an ``(m, n)`` array (or list of equal-length lists) of permutations.

    Examples
    --------
    >>> as_perm_batch([[1, 0], [0, 1]]).shape
    (2, 2)
    """
    arr = _as_int_array(ps, "permutation batch")
    if arr.ndim != 2:
        raise ValueError(f"permutation batch: expected shape (m, n), got {arr.shape}")
    if degree is not None and arr.shape[1] != degree:
        raise ValueError(f"permutation batch: degree {arr.shape[1]} given where {degree} is required")
    _check_images(arr, "permutation batch")
    return arr


def compact(p: np.ndarray) -> np.ndarray:
    """Return ``p`` in its storage dtype: ``uint8`` for degree <= 256, else ``uint16``.

    Examples
    --------
    >>> compact(identity(4)).dtype
    dtype('uint8')
    """
    dtype = np.uint8 if p.shape[-1] <= 256 else np.uint16
    return np.asarray(p).astype(dtype)


def check_degree(n: object) -> int:
    """Return the degree ``n`` as an int after checking it lies in ``0..MAX_DEGREE``.

    Raises
    ------
    TypeError
        ``n`` is not an int.
    InputError
        ``n`` is negative or larger than :data:`MAX_DEGREE` (images are stored as ``uint16``).

    Examples
    --------
    >>> check_degree(5)
    5
    >>> check_degree(10**9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: degree 1000000000 is too large: ... the degree is at most 65536
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"degree must be an int, got {type(n).__name__}")
    if n < 0:
        raise InputError(f"degree must be >= 0, got {n}")
    if n > MAX_DEGREE:
        raise InputError(
            f"degree {n} is too large: permutations are stored as uint16 images, so the degree is at "
            f"most {MAX_DEGREE}"
        )
    return int(n)


def identity(n: int) -> np.ndarray:
    """The identity permutation of degree ``n`` (at most :data:`MAX_DEGREE`).

    Examples
    --------
    >>> identity(3).tolist()
    [0, 1, 2]
    """
    return np.arange(check_degree(n), dtype=np.int64)


def random_perm(n: int, rng: np.random.Generator | int | None = None) -> np.ndarray:
    """A uniformly random permutation of degree ``n``.

    Examples
    --------
    >>> sorted(random_perm(5, rng=1).tolist())
    [0, 1, 2, 3, 4]
    """
    identity(n)  # validates n
    return np.random.default_rng(rng).permutation(n).astype(np.int64)


def from_cycles(cycles_: str | Iterable[Sequence[int]], degree: int | None = None) -> np.ndarray:
    """Build a permutation from cycle notation.

    Parameters
    ----------
    cycles_ : str or iterable of sequences of int
        A 1-based GAP-style string such as ``"(1,2,3)(4,5)"`` (``"()"`` is the identity), or
        0-based cycles such as ``[[0, 1, 2], [3, 4]]``.
    degree : int, optional
        Degree of the result; defaults to the largest point moved (plus one).

    Examples
    --------
    >>> from_cycles("(1,2,3)(4,5)").tolist()
    [1, 2, 0, 4, 3]
    >>> from_cycles([[0, 1]], degree=3).tolist()
    [1, 0, 2]
    """
    if isinstance(cycles_, str):
        text = cycles_.replace(" ", "")
        if text in ("", "()"):
            cycle_list: list[list[int]] = []
        elif not _CYCLE_STRING.match(text):
            raise ValueError(
                f"malformed cycle string {cycles_!r}: expected 1-based cycles like '(1,2,3)(4,5)'"
            )
        else:
            cycle_list = [[int(x) - 1 for x in c.split(",")] for c in re.findall(r"\(([^)]*)\)", text)]
            if any(x < 0 for c in cycle_list for x in c):
                raise ValueError(f"cycle string {cycles_!r}: points are 1-based, so 0 is not allowed")
    else:
        cycle_list = [[int(x) for x in c] for c in cycles_]
        if any(x < 0 for c in cycle_list for x in c):
            raise ValueError("0-based cycles must not contain negative points")
    points = [x for c in cycle_list for x in c]
    if len(points) != len(set(points)):
        raise ValueError(f"cycles {cycles_!r} are not disjoint: a point appears twice")
    needed = max(points, default=-1) + 1
    n = needed if degree is None else degree
    if n < needed:
        raise ValueError(f"cycles {cycles_!r} move point {needed - 1} (0-based) beyond degree {n}")
    p = identity(n)
    for c in cycle_list:
        p[c] = np.roll(c, -1)
    return p


def cycles(p: object, include_fixed: bool = False) -> list[tuple[int, ...]]:
    """Disjoint cycles of ``p`` (0-based), each starting at its smallest point.

    Examples
    --------
    >>> cycles([1, 2, 0, 3])
    [(0, 1, 2)]
    """
    p = as_perm(p)
    seen = np.zeros(p.shape[0], dtype=bool)
    out = []
    for start in range(p.shape[0]):
        if seen[start]:
            continue
        cyc = [start]
        seen[start] = True
        j = int(p[start])
        while j != start:
            cyc.append(j)
            seen[j] = True
            j = int(p[j])
        if len(cyc) > 1 or include_fixed:
            out.append(tuple(cyc))
    return out


def to_cycles(p: object) -> str:
    """GAP-style 1-based cycle string of ``p`` (``"()"`` for the identity).

    Examples
    --------
    >>> to_cycles([1, 0, 3, 4, 2])
    '(1,2)(3,4,5)'
    """
    text = "".join("(" + ",".join(str(x + 1) for x in c) + ")" for c in cycles(p))
    return text or "()"


def compose(p: object, q: object) -> np.ndarray:
    """The product "``p`` then ``q``" (GAP/SymPy ``p*q``), i.e. ``q[p]``.

    Examples
    --------
    >>> compose([1, 0, 2], [0, 2, 1]).tolist()
    [2, 0, 1]
    """
    p = as_perm(p)
    return as_perm(q, p.shape[0])[p]


def compose_batch(ps: object, qs: object) -> np.ndarray:
    """Row-wise products "``ps[k]`` then ``qs[k]``" of two ``(m, n)`` batches.

    Either argument may be a single permutation, which is broadcast over the other batch.

    Examples
    --------
    >>> compose_batch([[1, 0, 2], [0, 1, 2]], [0, 2, 1]).tolist()
    [[2, 0, 1], [0, 2, 1]]
    """
    ps = np.atleast_2d(_as_int_array(ps, "permutation batch"))
    qs = np.atleast_2d(_as_int_array(qs, "permutation batch"))
    ps = as_perm_batch(ps)
    qs = as_perm_batch(qs, ps.shape[1])
    ps, qs = np.broadcast_arrays(ps, qs)
    return np.take_along_axis(qs, ps, axis=1)


def inverse(p: object) -> np.ndarray:
    """The inverse permutation: ``inverse(p)[p] == identity``.

    Examples
    --------
    >>> inverse([1, 2, 0]).tolist()
    [2, 0, 1]
    """
    p = as_perm(p)
    inv = np.empty_like(p)
    inv[p] = np.arange(p.shape[0])
    return inv


def inverse_batch(ps: object) -> np.ndarray:
    """Row-wise inverses of an ``(m, n)`` batch.

    Examples
    --------
    >>> inverse_batch([[1, 2, 0]]).tolist()
    [[2, 0, 1]]
    """
    ps = as_perm_batch(ps)
    inv = np.empty_like(ps)
    np.put_along_axis(inv, ps, np.arange(ps.shape[1])[None, :], axis=1)
    return inv


def power(p: object, k: int) -> np.ndarray:
    """``p`` composed with itself ``k`` times (``k`` may be negative).

    Examples
    --------
    >>> power([1, 2, 0], 2).tolist()
    [2, 0, 1]
    """
    p = as_perm(p)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool):
        raise TypeError(f"exponent must be an int, got {type(k).__name__}")
    result = np.arange(p.shape[0], dtype=np.int64)
    for cyc in cycles(p):
        c = np.asarray(cyc)
        result[c] = np.roll(c, -(int(k) % len(c)))
    return result


def cycle_type(p: object) -> dict[int, int]:
    """Cycle structure as ``{length: count}``, fixed points included (SymPy's ``cycle_structure``).

    Examples
    --------
    >>> cycle_type([1, 0, 2])
    {2: 1, 1: 1}
    """
    return dict(Counter(len(c) for c in cycles(p, include_fixed=True)))


def sign(p: object) -> int:
    """The sign (+1 for even, -1 for odd permutations).

    Examples
    --------
    >>> sign([1, 0, 2])
    -1
    """
    p = as_perm(p)
    n_cycles = len(cycles(p, include_fixed=True))
    return -1 if (p.shape[0] - n_cycles) % 2 else 1


def order(p: object) -> int:
    """The order of ``p`` (lcm of its cycle lengths) as a Python int.

    Examples
    --------
    >>> order(from_cycles("(1,2)(3,4,5)"))
    6
    """
    return math.lcm(*(len(c) for c in cycles(p, include_fixed=True))) if len(as_perm(p)) else 1


def conjugate(p: object, q: object) -> np.ndarray:
    """The conjugate ``q^-1 * p * q`` (GAP's ``p^q``), i.e. ``q[p[inverse(q)]]``.

    Examples
    --------
    >>> to_cycles(conjugate(from_cycles("(1,2,3)"), from_cycles("(1,2)", 3)))
    '(1,3,2)'
    """
    p = as_perm(p)
    q = as_perm(q, p.shape[0])
    return q[p[inverse(q)]]


def is_identity(p: object) -> bool:
    """Whether ``p`` fixes every point.

    Examples
    --------
    >>> is_identity([0, 1, 2])
    True
    """
    p = as_perm(p)
    return bool(np.array_equal(p, np.arange(p.shape[0])))


def act(state: object, p: object) -> np.ndarray:
    """Act on a state vector (or an ``(m, n)`` batch of states) by gathering: ``state[..., p]``.

    Examples
    --------
    >>> act(["a", "b", "c"], [1, 2, 0]).tolist()
    ['b', 'c', 'a']
    """
    state = np.asarray(state)
    p = as_perm(p, state.shape[-1])
    return state[..., p]
