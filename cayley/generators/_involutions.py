"""Generating sets made of involutions: Rapaport's sets and the involutive derangements."""
from __future__ import annotations

from collections.abc import Iterator

from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import from_cycles

_RAPAPORT = "E. Rapaport Strasser, Cayley color groups and Hamilton lines, Scripta Math. 24 (1959)"


def _pair_product(n: int, first: int, count: int) -> tuple[str, list[int]]:
    """Name and image list of ``(first, first+1)(first+2, first+3)...`` with ``count`` factors."""
    pairs = [(first + 2 * t, first + 2 * t + 1) for t in range(count)]
    return "".join(f"({a},{b})" for a, b in pairs), from_cycles(n, pairs)


@family(
    "rapaport_m1",
    min_n=3,
    max_n=1024,
    description="products (0,1)(2,3)...(2t,2t+1) and (1,2)(3,4)...(2t+1,2t+2) of every length t+1",
    source=f"{_RAPAPORT}; CayleyPy PermutationGroups.rapaport_m1",
)
def rapaport_m1(n: int) -> GeneratorSet:
    """Rapaport's first involution set: all prefixes of the two perfect "ladder" matchings.

    First ``(0,1)``, ``(0,1)(2,3)``, ..., up to the product of all ``(2t, 2t+1)`` that fit;
    then ``(1,2)``, ``(1,2)(3,4)``, ..., up to the product of all ``(2t+1, 2t+2)`` that fit.
    Every generator is an involution, so the set is inverse-closed; it generates S_n.

    Parameters
    ----------
    n : int
        Degree, at least 3.

    Notes
    -----
    Source: E. Rapaport Strasser, Scripta Math. 24 (1959); CayleyPy
    ``PermutationGroups.rapaport_m1`` (same generators, same order).

    Examples
    --------
    >>> rapaport_m1(4).names
    ('(0,1)', '(0,1)(2,3)', '(1,2)')
    """
    built = [_pair_product(n, 0, c) for c in range(1, n // 2 + 1)]
    built += [_pair_product(n, 1, c) for c in range(1, (n - 1) // 2 + 1)]
    names, perms = zip(*built)
    return permutation_set("rapaport_m1", n, list(names), list(perms), f"rapaport_m1(n={n}); Rapaport 1959, CayleyPy")


@family(
    "rapaport_m2",
    min_n=4,
    max_n=4096,
    description="three involutions (0,1), (0,1)(2,3)(4,5)..., (1,2)(3,4)(5,6)...",
    source=f"{_RAPAPORT}; CayleyPy PermutationGroups.rapaport_m2",
)
def rapaport_m2(n: int) -> GeneratorSet:
    """Rapaport's three involutions: ``(0,1)`` and the two maximal ladder matchings.

    Order: ``(0,1)``, ``(0,1)(2,3)(4,5)...`` (all pairs ``(2t, 2t+1)`` that fit),
    ``(1,2)(3,4)...`` (all pairs ``(2t+1, 2t+2)`` that fit). They generate S_n.

    Parameters
    ----------
    n : int
        Degree, at least 4 (for n = 3 the first two generators coincide).

    Notes
    -----
    Source: E. Rapaport Strasser, Scripta Math. 24 (1959); CayleyPy
    ``PermutationGroups.rapaport_m2``.

    Examples
    --------
    >>> rapaport_m2(5).perms.tolist()
    [[1, 0, 2, 3, 4], [1, 0, 3, 2, 4], [0, 2, 1, 4, 3]]
    """
    built = [_pair_product(n, 0, 1), _pair_product(n, 0, n // 2), _pair_product(n, 1, (n - 1) // 2)]
    names, perms = zip(*built)
    return permutation_set("rapaport_m2", n, list(names), list(perms), f"rapaport_m2(n={n}); Rapaport 1959, CayleyPy")


@family(
    "involutive_derangements",
    min_n=2,
    max_n=12,
    description="all fixed-point-free involutions of an even number of points, lexicographic order",
    source="CayleyPy PermutationGroups.involutive_derangements; count (n-1)!!, OEIS A001147",
)
def involutive_derangements(n: int) -> GeneratorSet:
    """All (n-1)!! fixed-point-free involutions of n points (n even), in lexicographic order.

    Parameters
    ----------
    n : int
        Degree: even, 2 to 12.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.involutive_derangements``; OEIS A001147. For n = 4
    they generate only the Klein four-group; for n >= 6 they generate S_n when n/2 is odd
    and A_n when n/2 is even.

    Examples
    --------
    >>> involutive_derangements(4).perms.tolist()
    [[1, 0, 3, 2], [2, 3, 0, 1], [3, 2, 1, 0]]
    """
    if n % 2:
        raise ValueError(f"involutive_derangements: n={n} must be even (an odd set has no fixed-point-free involution)")
    perms = sorted(from_cycles(n, matching) for matching in _matchings(list(range(n))))
    names = ["".join(f"({i},{p[i]})" for i in range(n) if i < p[i]) for p in perms]
    description = f"involutive_derangements(n={n}); CayleyPy, OEIS A001147"
    return permutation_set("involutive_derangements", n, names, perms, description)


def _matchings(points: list[int]) -> Iterator[list[tuple[int, int]]]:
    """Every perfect matching of ``points`` (an even-length list) as a list of pairs."""
    if not points:
        yield []
        return
    first, rest = points[0], points[1:]
    for partner in rest:
        remaining = [q for q in rest if q != partner]
        for matching in _matchings(remaining):
            yield [(first, partner), *matching]
