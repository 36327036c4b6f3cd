"""Look families up by name: :func:`generators`, :func:`family_names`, :func:`family_info`."""
from __future__ import annotations

import difflib
from collections.abc import Callable

from cayley.errors import InputError
from cayley.generators import (
    _block_moves,
    _classes,
    _coxeter_types,
    _cube,
    _cycle_sets,
    _gap,
    _hungarian,
    _involutions,
    _matrix,
    _named_puzzles,
    _puzzles,
    _symmetric,
)
from cayley.generators._base import FamilyInfo, GeneratorSet, registry

# Importing the family modules registered their families; list them section by section.
_SECTIONS = [
    module.__name__
    for module in (_symmetric, _cycle_sets, _block_moves, _coxeter_types, _involutions, _classes, _puzzles, _cube,
                   _hungarian, _named_puzzles, _gap, _matrix)
]


def family_names() -> list[str]:
    """Names of all predefined families: permutation families, puzzles, the GAP puzzles (``gap:...``), matrices.

    Examples
    --------
    >>> "lrx" in family_names()
    True
    """
    return sorted(registry, key=lambda name: _SECTIONS.index(registry[name][1].__module__))


def family_info(family: str) -> FamilyInfo:
    """What a family is: kind, allowed range of n, extra parameters, description, source.

    Raises
    ------
    ValueError
        If ``family`` is not a known family name (close names are suggested).

    Examples
    --------
    >>> info = family_info("pancake")
    >>> info.kind, info.min_n
    ('permutation', 2)
    """
    return _lookup(family)[0]


def generators(family: str, n: int | None = None, **params: int) -> GeneratorSet:
    """The generators of a predefined family for parameter ``n``.

    Parameters
    ----------
    family : str
        A name from :func:`family_names`, e.g. ``"lrx"``, ``"pancake"``, ``"sl2"``.
    n : int, optional
        The family parameter (usually the degree; see ``family_info(family).n_meaning``).
        May be omitted only for families with a single valid n (the cube puzzles).
    **params : int or str
        The family's extra keyword parameters, listed in ``family_info(family).params``:
        ``k`` for lrx and top_spin, ``b`` for globe, ``p`` for ut, ``d`` for the matrix
        size of the SL families, ``metric`` for rubik_cube, ``classes`` for
        conjugacy_classes...

    Returns
    -------
    GeneratorSet

    Raises
    ------
    InputError
        Unknown family (the message suggests close names and says how to list them), or
        n or a parameter out of the family's range (a ``ValueError``).
    TypeError
        n or a parameter is not an int, n is missing, or an unknown keyword is passed.

    Examples
    --------
    >>> generators("lrx", 5).names
    ('L', 'R', 'X')
    >>> generators("ut", 4, p=3).modulus
    3
    """
    return _lookup(family)[1](n, **params)


def _lookup(family: str) -> tuple[FamilyInfo, Callable[..., GeneratorSet]]:
    if not isinstance(family, str):
        raise TypeError(f"family must be a str, got {type(family).__name__} {family!r}")
    key = family.strip()
    if key not in registry:
        key = _lowercase_names().get(key.lower(), key)
    if key not in registry:
        close = difflib.get_close_matches(key.lower(), list(_lowercase_names()), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(_lowercase_names()[c]) for c in close)}?" if close else ""
        known = ", ".join(name for name in registry if not name.startswith("gap:"))
        raise InputError(
            f"unknown family {family!r}.{hint} Known families: {known}, and gap:<puzzle> for the "
            f"{len(registry) - len(known.split(', '))} GAP puzzles (python -m cayley families)"
        )
    return registry[key]


def _lowercase_names() -> dict[str, str]:
    return {name.lower(): name for name in registry}
