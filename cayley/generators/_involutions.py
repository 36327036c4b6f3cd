"""Generating sets made of involutions: Rapaport's sets and the involutive derangements."""
from __future__ import annotations

from collections.abc import Iterator

from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
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
    group="S_n (n/2 odd), A_n (n/2 even, n >= 8), Klein four-group (n = 4)",
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


def _ladder(n: int, first: int) -> list[tuple[int, int]]:
    """The pairs ``(i, i+1)`` for i = first, first+2, ... with i+1 < n."""
    return [(i, i + 1) for i in range(first, n - 1, 2)]


@family(
    "koltsov3",
    min_n=3,
    max_n=4096,
    params=(("perm_type", 2), ("k", 1), ("d", 1)),
    description="three involutions: I = (0,1)(2,3)..., K = (1,2)(3,4)..., S = (k,k+d) (type 1) "
    "or (k,k+3)(k+1,k+2) (type 2)",
    source="CayleyPy PermutationGroups.koltsov3 (generating sets of A. Koltsov)",
)
def koltsov3(n: int, perm_type: int = 2, k: int = 1, d: int = 1) -> GeneratorSet:
    """Koltsov's three involutions ``I, K, S``.

    ``I`` is the product of ``(i, i+1)`` over even i, ``K`` over odd i (with i+1 < n);
    ``S`` is ``(k, k+d)`` for ``perm_type=1`` and ``(k, k+3)(k+1, k+2)`` for
    ``perm_type=2``.

    Parameters
    ----------
    n : int
        Degree, at least 3.
    perm_type : int, optional
        1 or 2 (default 2): the shape of ``S``.
    k : int, optional
        First point moved by ``S``, ``k >= 0`` (default 1); ``k+d < n`` (type 1) or ``k+3 < n`` (type 2).
    d : int, optional
        Distance of type 1's transposition, at least 1 (default 1).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.koltsov3(n, perm_type, k, d)`` (same order and names).

    Examples
    --------
    >>> koltsov3(5).perms.tolist()
    [[1, 0, 3, 2, 4], [0, 2, 1, 4, 3], [0, 4, 3, 2, 1]]
    """
    perm_type = check_int_param("koltsov3", "perm_type", perm_type, 1, 2)
    d = check_int_param("koltsov3", "d", d, 1, None)
    reach = d if perm_type == 1 else 3
    k = check_int_param("koltsov3", "k", k, 0, n - 1 - reach)
    swap = [(k, k + d)] if perm_type == 1 else [(k, k + 3), (k + 1, k + 2)]
    perms = [from_cycles(n, _ladder(n, 0)), from_cycles(n, _ladder(n, 1)), from_cycles(n, swap)]
    description = f"koltsov3(n={n}, perm_type={perm_type}, k={k}, d={d}): I, K, S; CayleyPy"
    return permutation_set("koltsov3", n, ["I", "K", "S"], perms, description)


@family(
    "sheveleva2",
    min_n=4,
    max_n=4096,
    params=(("k", 1),),
    description="two generators: an involution A and S, a product of transpositions and the 4-cycle "
    "(k-1,k,k+1,k+2)",
    source="CayleyPy PermutationGroups.sheveleva2 (generating sets of I. Sheveleva)",
)
def sheveleva2(n: int, k: int = 1) -> GeneratorSet:
    """Sheveleva's pair ``A, S``: two ladders of transpositions, one with a 4-cycle at k.

    ``S`` is the product of ``(i, i+1)`` for i of the parity of k-1, where the two pairs
    ``(k-1, k)`` and ``(k+1, k+2)`` are replaced by the 4-cycle ``(k-1, k, k+1, k+2)``.
    ``A`` is the product of ``(i, i+1)`` for i of the parity of k, where ``(k, k+1)`` and
    ``(k+2, k+3)`` are replaced by ``(k+1, k+3)`` (only ``(k, k+1)`` is dropped when
    k = n-3). ``A`` is an involution; ``S`` is not.

    Parameters
    ----------
    n : int
        Degree, at least 4.
    k : int, optional
        The "square position", ``1 <= k <= n-3`` (default 1).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.sheveleva2(n, k)`` (same order and names).

    Examples
    --------
    >>> sheveleva2(5, k=1).perms.tolist()
    [[0, 1, 4, 3, 2], [1, 2, 3, 0, 4]]
    """
    k = check_int_param("sheveleva2", "k", k, 1, n - 3)
    square = [k - 1, k, k + 1, k + 2]
    s_pairs = [pair for pair in _ladder(n, (k - 1) % 2) if pair[0] not in (k - 1, k + 1)]
    a_pairs = [pair for pair in _ladder(n, k % 2) if pair[0] not in (k, k + 2)]
    if k + 3 < n:
        a_pairs.append((k + 1, k + 3))
    perms = [from_cycles(n, a_pairs), from_cycles(n, [*s_pairs, square])]
    return permutation_set("sheveleva2", n, ["A", "S"], perms, f"sheveleva2(n={n}, k={k}): A, S; CayleyPy")
