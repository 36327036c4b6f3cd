"""Matrix groups over Z/mZ: SL(2,p), SL(d, Z/mZ) by fundamental roots or by a root and a
Weyl element, the (generalized) Heisenberg groups and UT(d,p).

Matrices have int64 entries in ``[0, p)``. A generator M acts on a state matrix S by
right multiplication, ``S -> S @ M mod p``; growth from the identity does not depend on
the side. ``p`` is capped at 2**31 - 1 so a product of two entries fits in int64.
"""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError
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
    degree="2",
    group="SL(2,p), order p(p^2-1)",
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
        raise InputError(f"sl2: n={n} must be a prime p (SL(2,p) over the field Z/pZ)")
    matrices = [_elementary(2, 0, 1, 1), _elementary(2, 0, 1, -1), _elementary(2, 1, 0, 1), _elementary(2, 1, 0, -1)]
    description = f"sl2(p={n}): SL(2,{n}), elementary generators; CayleyPy"
    return matrix_set("sl2", n, ["x", "x'", "y", "y'"], matrices, n, description)


@family(
    "heisenberg",
    kind="matrix",
    min_n=2,
    max_n=_MAX_MODULUS,
    params=(("d", 3),),
    n_meaning="the modulus p",
    degree="d",
    group="Heisenberg group mod p, order p^(2d-3)",
    description="Heisenberg group mod p: x_i = I+E(0,i), y_i = I+E(i,d-1), i = 1..d-2, then the inverses "
    "(d=3: UT(3,p) with x, y, x', y')",
    source="CayleyPy MatrixGroups.heisenberg; order p^(2d-3)",
)
def heisenberg(n: int, d: int = 3) -> GeneratorSet:
    """The (generalized) Heisenberg group of d x d matrices mod ``p = n``.

    Its elements differ from the identity only in the top row and the right column
    (inside the strict upper triangle); it has order p^(2d-3). Generators, in order:
    ``x_i = I + E[0, i]`` for i = 1..d-2, then ``y_i = I + E[i, d-1]``, then the inverse
    of each one that has no inverse in the set yet (named with a prime). For d = 3 the
    names are ``x, y, x', y'`` (UT(3, p)); for p = 2 every generator is its own inverse,
    so none is added.

    Parameters
    ----------
    n : int
        The modulus p, at least 2 (any modulus; prime in the usual UT(3,p)).
    d : int, optional
        Matrix size, 3 to 16 (default 3).

    Notes
    -----
    Source: CayleyPy ``MatrixGroups.heisenberg(n=d, modulo=p)`` (same order and names);
    en.wikipedia.org/wiki/Heisenberg_group, "Higher dimensions".

    Examples
    --------
    >>> heisenberg(5).names
    ('x', 'y', "x'", "y'")
    >>> heisenberg(3, d=4).names
    ('x1', 'x2', 'y1', 'y2', "x1'", "x2'", "y1'", "y2'")
    """
    d = check_int_param("heisenberg", "d", d, 3, _MAX_SIZE)
    single = d == 3
    inner = range(1, d - 1)
    names = ["x" if single else f"x{i}" for i in inner] + ["y" if single else f"y{i}" for i in inner]
    matrices = [_elementary(d, 0, i, 1) for i in inner] + [_elementary(d, i, d - 1, 1) for i in inner]
    if n > 2:  # mod 2 each generator is an involution: nothing to add
        names += [name + "'" for name in names]
        matrices += [2 * np.eye(d, dtype=np.int64) - m for m in matrices]  # (I + E)^-1 = I - E
    return matrix_set("heisenberg", n, names, matrices, n, f"heisenberg(p={n}, d={d}): order {n}^{2 * d - 3}; CayleyPy")


@family(
    "special_linear_fundamental_roots",
    kind="matrix",
    min_n=2,
    max_n=_MAX_MODULUS,
    params=(("d", 2),),
    n_meaning="the modulus m",
    degree="d",
    group="SL(d, Z/mZ)",
    description="SL(d, Z/mZ) by fundamental roots: e_k = I+E(k-1,k), e_k', f_k = I+E(k,k-1), f_k' for k = 1..d-1",
    source="CayleyPy MatrixGroups.special_linear_fundamental_roots; elementary matrices generate SL(d, Z/mZ)",
)
def special_linear_fundamental_roots(n: int, d: int = 2) -> GeneratorSet:
    """SL(d, Z/mZ), ``m = n``, generated by the fundamental roots and their inverses.

    For k = 1..d-1, in order: ``e_k = I + E[k-1, k]``, its inverse ``e_k'``,
    ``f_k = I + E[k, k-1]`` and ``f_k'``. Elementary matrices generate SL(d, R) for any
    Euclidean ring R, so also SL(d, Z/mZ) (every matrix of determinant 1 mod m lifts).

    Parameters
    ----------
    n : int
        The modulus m, at least 2.
    d : int, optional
        Matrix size, 2 to 16 (default 2; ``d=2`` with prime m is :func:`sl2`).

    Notes
    -----
    Source: CayleyPy ``MatrixGroups.special_linear_fundamental_roots(n=d, modulo=m)``
    (same order and names; note that CayleyPy's n is our d). Growth tables:
    CayleyPy's ``sl_2_fund_roots_growth.csv``.

    Examples
    --------
    >>> special_linear_fundamental_roots(4, d=3).names
    ('e1', "e1'", 'f1', "f1'", 'e2', "e2'", 'f2', "f2'")
    """
    d = check_int_param("special_linear_fundamental_roots", "d", d, 2, _MAX_SIZE)
    names, matrices = [], []
    for k in range(1, d):
        names += [f"e{k}", f"e{k}'", f"f{k}", f"f{k}'"]
        matrices += [_elementary(d, k - 1, k, 1), _elementary(d, k - 1, k, -1),
                     _elementary(d, k, k - 1, 1), _elementary(d, k, k - 1, -1)]
    description = f"special_linear_fundamental_roots(m={n}, d={d}): SL({d}, Z/{n}Z); CayleyPy"
    return matrix_set("special_linear_fundamental_roots", n, names, matrices, n, description)


@family(
    "special_linear_root_weyl",
    kind="matrix",
    min_n=2,
    max_n=_MAX_MODULUS,
    params=(("d", 2),),
    n_meaning="the modulus m",
    degree="d",
    group="SL(d, Z/mZ)",
    description="SL(d, Z/mZ) by the root e = I+E(0,1), a lift w of the Coxeter element (cyclic shift with "
    "sign (-1)^(d-1)), and their inverses: e, e', w, w'",
    source="CayleyPy MatrixGroups.special_linear_root_weyl",
)
def special_linear_root_weyl(n: int, d: int = 2) -> GeneratorSet:
    """SL(d, Z/mZ), ``m = n``, generated by one root element and a Weyl (Coxeter) element.

    Order ``e, e', w, w'``: ``e = I + E[0, 1]``; ``w`` has ``w[i, i+1] = 1`` for
    i = 0..d-2 and ``w[d-1, 0] = (-1)^(d-1)`` (a signed cyclic permutation matrix of
    determinant 1), and ``w' = w^T`` is its inverse.

    Parameters
    ----------
    n : int
        The modulus m, at least 2.
    d : int, optional
        Matrix size, 2 to 16 (default 2).

    Notes
    -----
    Source: CayleyPy ``MatrixGroups.special_linear_root_weyl(n=d, modulo=m)`` (same order
    and names; CayleyPy's n is our d). Growth tables: ``sl_2_root_weyl_growth.csv``.

    Examples
    --------
    >>> special_linear_root_weyl(5, d=3).matrices[2].tolist()
    [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    """
    d = check_int_param("special_linear_root_weyl", "d", d, 2, _MAX_SIZE)
    w = np.zeros((d, d), dtype=np.int64)
    w[np.arange(d - 1), np.arange(1, d)] = 1
    w[d - 1, 0] = (-1) ** (d - 1)
    matrices = [_elementary(d, 0, 1, 1), _elementary(d, 0, 1, -1), w, w.T.copy()]
    description = f"special_linear_root_weyl(m={n}, d={d}): SL({d}, Z/{n}Z); CayleyPy"
    return matrix_set("special_linear_root_weyl", n, ["e", "e'", "w", "w'"], matrices, n, description)


@family(
    "ut",
    kind="matrix",
    min_n=2,
    max_n=_MAX_SIZE,
    params=(("p", 2),),
    n_meaning="matrix size d",
    degree="n",
    group="UT(d,p), order p^(d(d-1)/2)",
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
