"""Matrix groups over Z/pZ: SL(2,p), the Heisenberg group UT(3,p) and UT(d,p).

Matrices have int64 entries in ``[0, p)``. A generator M acts on a state matrix S by
right multiplication, ``S -> S @ M mod p``; growth from the identity does not depend on
the side. ``p`` is capped at 2**31 - 1 so a product of two entries fits in int64.
"""
from __future__ import annotations

import numpy as np

from cayley.generators._base import GeneratorSet, check_int_param, family, matrix_set

_MAX_MODULUS = 2**31 - 1
_MAX_SIZE = 16


def _elementary(d: int, row: int, col: int, value: int) -> np.ndarray:
    """The d x d identity plus ``value`` at ``(row, col)``."""
    m = np.eye(d, dtype=np.int64)
    m[row, col] += value
    return m


def _is_prime(p: int) -> bool:
    if p < 2:
        return False
    divisor = 2
    while divisor * divisor <= p:
        if p % divisor == 0:
            return False
        divisor += 1
    return True


@family(
    "sl2",
    kind="matrix",
    min_n=2,
    max_n=_MAX_MODULUS,
    n_meaning="the prime p",
    description="SL(2,p): x = [[1,1],[0,1]], y = [[1,0],[1,1]] and their inverses, p prime",
    source="CayleyPy MatrixGroups.special_linear_fundamental_roots(2); order p(p^2-1)",
)
def sl2(n: int) -> GeneratorSet:
    """SL(2, p) with its standard generators: ``x, x', y, y'``.

    ``x = [[1, 1], [0, 1]]``, ``y = [[1, 0], [1, 1]]``, primes denote inverses; entries mod
    ``p = n``. They generate SL(2, p), of order p(p^2 - 1).

    Parameters
    ----------
    n : int
        The prime p, below 2**31.

    Notes
    -----
    Source: CayleyPy ``MatrixGroups.special_linear_fundamental_roots(2)`` (same order).

    Examples
    --------
    >>> sl2(3).matrices[1].tolist()
    [[1, 2], [0, 1]]
    """
    if not _is_prime(n):
        raise ValueError(f"sl2: n={n} must be a prime p (SL(2,p) over the field Z/pZ)")
    matrices = [_elementary(2, 0, 1, 1), _elementary(2, 0, 1, -1), _elementary(2, 1, 0, 1), _elementary(2, 1, 0, -1)]
    description = f"sl2(p={n}): SL(2,{n}), elementary generators; CayleyPy"
    return matrix_set("sl2", n, ["x", "x'", "y", "y'"], matrices, n, description)


@family(
    "heisenberg",
    kind="matrix",
    min_n=2,
    max_n=_MAX_MODULUS,
    n_meaning="the modulus p",
    description="Heisenberg group UT(3,p): x = I+E01, y = I+E12, then x', y' (inverses)",
    source="CayleyPy MatrixGroups.heisenberg; order p^3",
)
def heisenberg(n: int) -> GeneratorSet:
    """The Heisenberg group UT(3, p): unitriangular 3x3 matrices mod ``p = n``.

    Generators in order ``x, y, x', y'`` with ``x = I + E[0,1]``, ``y = I + E[1,2]`` and
    primes for inverses; the group has order p^3. Same as :func:`ut` with d = 3 up to
    names and order.

    Parameters
    ----------
    n : int
        The modulus p, at least 2 (any modulus; prime in the usual UT(3,p)).

    Notes
    -----
    Source: CayleyPy ``MatrixGroups.heisenberg(modulo=p)`` (names and order ``x, y, x', y'``).

    Examples
    --------
    >>> heisenberg(5).names
    ('x', 'y', "x'", "y'")
    """
    matrices = [_elementary(3, 0, 1, 1), _elementary(3, 1, 2, 1), _elementary(3, 0, 1, -1), _elementary(3, 1, 2, -1)]
    return matrix_set("heisenberg", n, ["x", "y", "x'", "y'"], matrices, n, f"heisenberg(p={n}): UT(3,{n}); CayleyPy")


@family(
    "ut",
    kind="matrix",
    min_n=2,
    max_n=_MAX_SIZE,
    params=(("p", 2),),
    n_meaning="matrix size d",
    description="UT(d,p): unitriangular d x d matrices mod p, generators I+E(i,i+1) then their inverses",
    source="standard elementary generators of the unitriangular group; order p^(d(d-1)/2)",
)
def ut(n: int, p: int = 2) -> GeneratorSet:
    """The unitriangular group UT(d, p), ``d = n``: generators ``e_i = I + E[i, i+1]``.

    Order: ``e0, ..., e(d-2)``, then their inverses ``e0', ..., e(d-2)'``. The group
    has order p^(d(d-1)/2).

    Parameters
    ----------
    n : int
        Matrix size d, 2 to 16.
    p : int, optional
        Modulus, at least 2 (default 2). Pass it by keyword:
        ``generators("ut", 4, p=3)`` or ``ut(4, p=3)``.

    Notes
    -----
    Source: the standard generators of UT(d, p) (e.g. Kargapolov and Merzljakov,
    Fundamentals of the Theory of Groups, section 17).

    Examples
    --------
    >>> ut(3, p=5).names
    ('e0', 'e1', "e0'", "e1'")
    """
    p = check_int_param("ut", "p", p, 2, _MAX_MODULUS)
    forward = [_elementary(n, i, i + 1, 1) for i in range(n - 1)]
    backward = [_elementary(n, i, i + 1, -1) for i in range(n - 1)]
    names = [f"e{i}" for i in range(n - 1)] + [f"e{i}'" for i in range(n - 1)]
    return matrix_set("ut", n, names, forward + backward, p, f"ut(d={n}, p={p}): UT({n},{p}), elementary generators")
