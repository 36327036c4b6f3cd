"""The records every family returns and the registry that validates a family's parameter.

A family is a function of one integer ``n`` (plus, for a few families, keyword parameters
such as ``k`` or ``p``) that returns a :class:`GeneratorSet`. Each family function is
decorated with :func:`family`, which records its :class:`FamilyInfo` in a registry and
checks ``n`` (type and range) before the function body runs, so bad input never reaches
the construction code.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np

from cayley.errors import InputError

__all__ = ["FamilyInfo", "GeneratorSet", "family", "registry"]


@dataclass(frozen=True, eq=False)
class GeneratorSet:
    """Named generators of a group: permutations (image arrays) or matrices mod p.

    Attributes
    ----------
    family : str
        The family's name, e.g. ``"lrx"``.
    n : int
        The family parameter the set was built for.
    names : tuple of str
        One readable name per generator, in the order of ``perms`` / ``matrices``.
    perms : numpy.ndarray or None
        ``(m, degree)`` int64 image arrays (0-based, ``p[i]`` is the image of ``i``) for
        permutation families, else None. A generator acts on a state by gathering:
        ``new_state = state[p]``.
    matrices : numpy.ndarray or None
        ``(m, d, d)`` int64 matrices with entries in ``[0, modulus)`` for matrix
        families, else None.
    modulus : int or None
        The modulus p of the matrix entries (matrix families), else None.
    inverse_closed : bool
        True when the inverse of every generator is also in the set (the Cayley graph
        is then undirected).
    description : str
        One line: the definition with its parameters, and the source.
    central_state : numpy.ndarray or None
        The start state the reference library (CayleyPy) grows the puzzle from when it is
        not the identity: sticker colours of the cubes, identical pieces of the GAP
        puzzles. None for the identity. Pass it as ``start=`` to get CayleyPy's Schreier
        graph; the default start (the identity) gives the Cayley graph of the group.

    Examples
    --------
    >>> from cayley.generators import lrx
    >>> g = lrx(4)
    >>> g.names, g.degree, g.kind
    (('L', 'R', 'X'), 4, 'permutation')
    """

    family: str
    n: int
    names: tuple[str, ...]
    perms: np.ndarray | None
    matrices: np.ndarray | None
    modulus: int | None
    inverse_closed: bool
    description: str
    central_state: np.ndarray | None = None

    def __post_init__(self) -> None:
        if (self.perms is None) == (self.matrices is None):
            raise ValueError("a GeneratorSet holds either perms or matrices, exactly one of them")
        data = self.perms if self.perms is not None else self.matrices
        expected_ndim = 2 if self.perms is not None else 3
        if data.ndim != expected_ndim or data.dtype != np.int64:
            raise ValueError(f"generators must be a {expected_ndim}-d int64 array, got {data.ndim}-d {data.dtype}")
        if len(self.names) != data.shape[0]:
            raise ValueError(f"{len(self.names)} names for {data.shape[0]} generators")
        if (self.matrices is not None) != (self.modulus is not None):
            raise ValueError("modulus is required for matrices and must be None for permutations")
        frozen = data.copy()  # a private read-only copy: the caller's array stays writable
        frozen.setflags(write=False)
        object.__setattr__(self, "perms" if self.perms is not None else "matrices", frozen)
        if self.central_state is not None:
            state = np.array(self.central_state, dtype=np.int64)
            if self.perms is None or state.shape != (self.perms.shape[1],):
                raise ValueError("central_state must be a vector as long as the permutations' degree")
            state.setflags(write=False)
            object.__setattr__(self, "central_state", state)

    @property
    def degree(self) -> int:
        """Number of points moved (permutations) or matrix size d (matrices)."""
        if self.perms is not None:
            return int(self.perms.shape[1])
        return int(self.matrices.shape[1])

    @property
    def kind(self) -> str:
        """``"permutation"`` or ``"matrix"``."""
        return "permutation" if self.perms is not None else "matrix"

    def __len__(self) -> int:
        """Number of generators."""
        return len(self.names)

    def __repr__(self) -> str:
        return f"GeneratorSet({self.family!r}, n={self.n}, {len(self)} {self.kind} generators of degree {self.degree})"


@dataclass(frozen=True)
class FamilyInfo:
    """What a family is and which parameters it accepts.

    Attributes
    ----------
    name : str
        Name used by :func:`cayley.generators.generators`.
    kind : str
        ``"permutation"`` or ``"matrix"``.
    min_n, max_n : int and int or None
        Allowed range of ``n`` (inclusive); ``max_n`` None means unbounded.
    description : str
        One line: what the generators are.
    source : str
        Where the definition comes from (paper, OEIS, CayleyPy).
    params : tuple of (str, object) pairs
        Extra keyword parameters and their defaults, e.g. ``(("k", 1),)`` for lrx.
    n_meaning : str
        What ``n`` stands for, e.g. ``"degree"``, ``"number of pancakes"``, ``"modulus p"``.
    degree : str
        The degree of the permutations (or the matrix size) as a formula in n and the
        parameters, e.g. ``"n"``, ``"2n"``, ``"6n^2"``, ``"d"``.
    group : str
        The group generated, e.g. ``"S_n"``, ``"A_n"``, ``"B_n"``, ``"SL(d, Z/nZ)"``.
    """

    name: str
    kind: str
    min_n: int
    max_n: int | None
    description: str
    source: str
    params: tuple[tuple[str, object], ...] = ()
    n_meaning: str = "degree"
    degree: str = "n"
    group: str = "S_n"

    def check_n(self, n: object) -> int:
        """Return ``n`` as a Python int after checking its type and range.

        Raises
        ------
        TypeError
            If ``n`` is not an integer (bool and float are refused).
        InputError
            If ``n`` is outside ``[min_n, max_n]`` (a ``ValueError``).
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"{self.name}: n must be an int, got {type(n).__name__} {n!r}")
        n = int(n)
        if n < self.min_n or (self.max_n is not None and n > self.max_n):
            upper = "no upper bound" if self.max_n is None else f"at most {self.max_n}"
            raise InputError(
                f"{self.name}: n={n} is out of range; n ({self.n_meaning}) must be at least {self.min_n}, {upper}"
            )
        return n


registry: dict[str, tuple[FamilyInfo, Callable[..., GeneratorSet]]] = {}
"""Every family by name, in registration order: (info, function)."""


def family(
    name: str,
    *,
    kind: str = "permutation",
    min_n: int,
    max_n: int | None,
    description: str,
    source: str,
    params: tuple[tuple[str, object], ...] = (),
    n_meaning: str = "degree",
    degree: str = "n",
    group: str = "S_n",
) -> Callable[[Callable[..., GeneratorSet]], Callable[..., GeneratorSet]]:
    """Register a family function and make it validate ``n`` before running.

    The decorated function keeps its name and docstring; its first argument ``n`` is
    checked by :meth:`FamilyInfo.check_n` and passed on as a Python int. ``n`` may be
    omitted only when the family has a single valid value (the cube puzzles).
    """
    info = FamilyInfo(name, kind, min_n, max_n, description, source, params, n_meaning, degree, group)

    def decorate(build: Callable[..., GeneratorSet]) -> Callable[..., GeneratorSet]:
        @functools.wraps(build)
        def checked(n: int | None = None, **kwargs: int) -> GeneratorSet:
            if n is None:
                if info.min_n != info.max_n:
                    raise TypeError(f"{name}: n is required ({info.n_meaning}, at least {info.min_n})")
                n = info.min_n
            unknown = sorted(set(kwargs) - {p for p, _ in info.params})
            if unknown:
                allowed = ", ".join(p for p, _ in info.params) or "none"
                raise TypeError(f"{name}: unknown parameter(s) {', '.join(unknown)}; allowed: {allowed}")
            return build(info.check_n(n), **kwargs)

        if name in registry:
            raise RuntimeError(f"family {name!r} registered twice")
        registry[name] = (info, checked)
        return checked

    return decorate


def check_int_param(family_name: str, param: str, value: object, low: int, high: int | None) -> int:
    """Return a keyword parameter as an int after checking type and range ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{family_name}: {param} must be an int, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and at most {high}"
        raise InputError(f"{family_name}: {param}={value} is out of range; it must be at least {low}{upper}")
    return value


def permutation_set(
    family_name: str, n: int, names: list[str], perms: list, description: str, central_state: list | None = None
) -> GeneratorSet:
    """Build a permutation :class:`GeneratorSet`; inverse-closure is computed, not declared."""
    array = np.asarray(perms, dtype=np.int64).reshape(len(names), -1)
    return GeneratorSet(
        family=family_name,
        n=n,
        names=tuple(names),
        perms=array,
        matrices=None,
        modulus=None,
        inverse_closed=_perms_inverse_closed(array),
        description=description,
        central_state=None if central_state is None else np.asarray(central_state, dtype=np.int64),
    )


def matrix_set(
    family_name: str, n: int, names: list[str], matrices: list, modulus: int, description: str
) -> GeneratorSet:
    """Build a matrix :class:`GeneratorSet` with entries reduced into ``[0, modulus)``."""
    array = np.asarray(matrices, dtype=np.int64) % modulus
    return GeneratorSet(
        family=family_name,
        n=n,
        names=tuple(names),
        perms=None,
        matrices=array,
        modulus=modulus,
        inverse_closed=_matrices_inverse_closed(array, modulus),
        description=description,
    )


def _perms_inverse_closed(perms: np.ndarray) -> bool:
    present = {p.tobytes() for p in perms}
    for p in perms:
        inverse = np.empty_like(p)
        inverse[p] = np.arange(p.size)
        if inverse.tobytes() not in present:
            return False
    return True


def _matrices_inverse_closed(matrices: np.ndarray, modulus: int) -> bool:
    identity = np.eye(matrices.shape[1], dtype=np.int64)
    return all(any(np.array_equal(a @ b % modulus, identity) for b in matrices) for a in matrices)
