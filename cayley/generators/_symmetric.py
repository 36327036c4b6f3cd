"""Generating sets of the symmetric group S_n (and A_n, B_n) by family name.

Definitions and generator order follow CayleyPy's ``PermutationGroups`` (the
``cayleypy/graphs_lib.py`` module) where CayleyPy has the family, so growth functions and
shortest words can be compared with it directly.
"""
from __future__ import annotations

from itertools import combinations, permutations

from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
from cayley.generators._cycles import from_cycles, reversal, shift_left, shift_right, transposition

# Caps on n keep the generator arrays small: O(1) generators, O(n), O(n^2), O(n^3).
_MAX_FEW = 4096
_MAX_LINEAR = 1024
_MAX_QUADRATIC = 256
_MAX_CUBIC = 64

_CAYLEYPY = "CayleyPy (github.com/cayleypy/cayleypy), PermutationGroups"


@family(
    "lrx",
    group="S_n when gcd(n, k) = 1",
    min_n=3,
    max_n=_MAX_FEW,
    params=(("k", 1),),
    description="L = cyclic shift left, R = its inverse, X = transposition (0,k) (k=1 by default)",
    source=f"{_CAYLEYPY}.lrx",
)
def lrx(n: int, k: int = 1) -> GeneratorSet:
    """LRX generators of S_n: two cyclic shifts and one transposition.

    ``L`` shifts left (``L = [1, 2, ..., n-1, 0]``), ``R`` is its inverse and ``X`` swaps
    positions 0 and ``k``. They generate S_n when gcd(n, k) = 1. Order ``(L, R, X)``.

    Parameters
    ----------
    n : int
        Degree, at least 3.
    k : int, optional
        The second point of X, ``1 <= k < n`` (default 1).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.lrx`` (growth table ``lrx_cayley_growth.csv``).

    Examples
    --------
    >>> lrx(4).perms.tolist()
    [[1, 2, 3, 0], [3, 0, 1, 2], [1, 0, 2, 3]]
    """
    k = check_int_param("lrx", "k", k, 1, n - 1)
    perms = [shift_left(n), shift_right(n), transposition(n, 0, k)]
    suffix = "" if k == 1 else f", k={k}"
    description = f"lrx(n={n}{suffix}): L, R cyclic shifts, X = (0,{k}); CayleyPy"
    return permutation_set("lrx", n, ["L", "R", "X"], perms, description)


@family(
    "lx",
    min_n=3,
    max_n=_MAX_FEW,
    description="L = cyclic shift left, X = transposition (0,1); directed (not inverse-closed)",
    source=f"{_CAYLEYPY}.lx",
)
def lx(n: int) -> GeneratorSet:
    """LX generators of S_n: the left shift and the swap of positions 0 and 1 (directed).

    ``L = [1, 2, ..., n-1, 0]`` and ``X = (0 1)``; order ``(L, X)``. ``L`` has no inverse
    in the set, so the Cayley graph is directed.

    Parameters
    ----------
    n : int
        Degree, at least 3.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.lx`` (growth table ``lx_cayley_growth.csv``).

    Examples
    --------
    >>> lx(3).perms.tolist()
    [[1, 2, 0], [1, 0, 2]]
    """
    description = f"lx(n={n}): L shift, X = (0,1); CayleyPy"
    return permutation_set("lx", n, ["L", "X"], [shift_left(n), transposition(n, 0, 1)], description)


@family(
    "top_spin",
    group="k=4: S_n (even n >= 6), A_n (odd n >= 7), dihedral (n = 4, 5)",
    min_n=2,
    max_n=_MAX_FEW,
    params=(("k", 4),),
    description="L, R cyclic shifts and T = reversal of the first k positions (k=4 by default; n >= k)",
    source=f"{_CAYLEYPY}.top_spin; the TopSpin puzzle",
)
def top_spin(n: int, k: int = 4) -> GeneratorSet:
    """TopSpin generators: two cyclic shifts and the reversal of the first k positions.

    Order ``(L, R, T)`` with ``L = [1, ..., n-1, 0]``, ``R`` its inverse and
    ``T = [k-1, ..., 0, k, ..., n-1]``. For k = 4 they generate S_n for even n >= 6 and
    A_n for odd n >= 5.

    Parameters
    ----------
    n : int
        Degree, at least k.
    k : int, optional
        Length of the reversed prefix, ``2 <= k <= n`` (default 4).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.top_spin`` (the TopSpin puzzle of Binary Arts).

    Examples
    --------
    >>> top_spin(5).perms.tolist()[2]
    [3, 2, 1, 0, 4]
    """
    k = check_int_param("top_spin", "k", k, 2, None)
    if k > n:
        raise ValueError(f"top_spin: k={k} must not exceed n={n}")
    perms = [shift_left(n), shift_right(n), reversal(n, 0, k - 1)]
    description = f"top_spin(n={n}, k={k}): L, R shifts, T reverses 0..{k - 1}; CayleyPy"
    return permutation_set("top_spin", n, ["L", "R", "T"], perms, description)


@family(
    "coxeter",
    min_n=2,
    max_n=_MAX_LINEAR,
    description="adjacent transpositions (i,i+1), i = 0..n-2 (Coxeter generators of S_n)",
    source=f"{_CAYLEYPY}.coxeter; growth = Mahonian numbers, OEIS A008302",
)
def coxeter(n: int) -> GeneratorSet:
    """Coxeter generators of S_n: the adjacent transpositions ``(i, i+1)``, i = 0..n-2.

    The distance from the identity is the number of inversions, so the growth function is
    the Mahonian row of n (OEIS A008302) and the diameter n(n-1)/2.

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.coxeter``; OEIS A008302.

    Examples
    --------
    >>> coxeter(3).names
    ('(0,1)', '(1,2)')
    """
    perms = [transposition(n, i, i + 1) for i in range(n - 1)]
    names = [f"({i},{i + 1})" for i in range(n - 1)]
    description = f"coxeter(n={n}): adjacent transpositions; CayleyPy, OEIS A008302"
    return permutation_set("coxeter", n, names, perms, description)


@family(
    "cyclic_coxeter",
    min_n=3,
    max_n=_MAX_LINEAR,
    description="adjacent transpositions (i,i+1) plus the wrap-around transposition (0,n-1)",
    source=f"{_CAYLEYPY}.cyclic_coxeter",
)
def cyclic_coxeter(n: int) -> GeneratorSet:
    """Adjacent transpositions of a cycle: ``(0,1), (1,2), ..., (n-2,n-1), (0,n-1)``.

    Parameters
    ----------
    n : int
        Degree, at least 3 (for n = 2 the two transpositions coincide).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.cyclic_coxeter``.

    Examples
    --------
    >>> cyclic_coxeter(4).names
    ('(0,1)', '(1,2)', '(2,3)', '(0,3)')
    """
    perms = [transposition(n, i, i + 1) for i in range(n - 1)] + [transposition(n, 0, n - 1)]
    names = [f"({i},{i + 1})" for i in range(n - 1)] + [f"(0,{n - 1})"]
    description = f"cyclic_coxeter(n={n}): (i,i+1) and (0,{n - 1}); CayleyPy"
    return permutation_set("cyclic_coxeter", n, names, perms, description)


@family(
    "all_transpositions",
    min_n=2,
    max_n=_MAX_QUADRATIC,
    description="all n(n-1)/2 transpositions (i,j), i < j, in lexicographic order",
    source=f"{_CAYLEYPY}.all_transpositions; layers = Stirling numbers of the first kind, OEIS A132393",
)
def all_transpositions(n: int) -> GeneratorSet:
    """All transpositions ``(i, j)``, ``i < j``, in lexicographic order.

    The distance of a permutation from the identity is n minus its number of cycles, so
    layer k has c(n, n-k) elements (unsigned Stirling numbers of the first kind).

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.all_transpositions``; OEIS A132393.

    Examples
    --------
    >>> all_transpositions(3).names
    ('(0,1)', '(0,2)', '(1,2)')
    """
    pairs = list(combinations(range(n), 2))
    perms = [transposition(n, i, j) for i, j in pairs]
    names = [f"({i},{j})" for i, j in pairs]
    return permutation_set("all_transpositions", n, names, perms, f"all_transpositions(n={n}); CayleyPy")


@family(
    "stars",
    min_n=2,
    max_n=_MAX_LINEAR,
    description="star transpositions (0,i), i = 1..n-1",
    source="Akers and Krishnamurthy, A group-theoretic model for symmetric interconnection networks (1989)",
)
def stars(n: int) -> GeneratorSet:
    """Star transpositions ``(0, i)``, i = 1..n-1 (the star graph of Akers and Krishnamurthy).

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: S. B. Akers, B. Krishnamurthy, IEEE Trans. Computers 38 (1989) 555-566; the
    diameter is floor(3(n-1)/2).

    Examples
    --------
    >>> stars(3).names
    ('(0,1)', '(0,2)')
    """
    perms = [transposition(n, 0, i) for i in range(1, n)]
    names = [f"(0,{i})" for i in range(1, n)]
    return permutation_set("stars", n, names, perms, f"stars(n={n}): transpositions (0,i); Akers-Krishnamurthy 1989")


@family(
    "pancake",
    min_n=2,
    max_n=_MAX_LINEAR,
    description="prefix reversals R1..R(n-1), Ri reverses positions 0..i",
    source=f"{_CAYLEYPY}.pancake; diameters OEIS A058986",
)
def pancake(n: int) -> GeneratorSet:
    """Pancake generators: prefix reversals ``R1 .. R(n-1)``, ``Ri`` reverses positions 0..i.

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.pancake``; diameters are OEIS A058986.

    Examples
    --------
    >>> pancake(3).perms.tolist()
    [[1, 0, 2], [2, 1, 0]]
    """
    perms = [reversal(n, 0, i) for i in range(1, n)]
    names = [f"R{i}" for i in range(1, n)]
    return permutation_set("pancake", n, names, perms, f"pancake(n={n}): prefix reversals; CayleyPy, OEIS A058986")


@family(
    "burnt_pancake",
    degree="2n",
    group="B_n (hyperoctahedral, order 2^n n!)",
    min_n=1,
    max_n=_MAX_LINEAR // 2,
    n_meaning="number of pancakes; degree 2n",
    description="signed prefix reversals R1..Rn on 2n points (point i = bottom, n+i = top of pancake i)",
    source=f"{_CAYLEYPY}.burnt_pancake; diameters OEIS A078941",
)
def burnt_pancake(n: int) -> GeneratorSet:
    """Burnt pancake generators: signed prefix reversals on 2n points.

    Pancake i has its bottom side at point i and its top side at point n+i. ``Rj``
    (j = 1..n) flips the top j pancakes: it reverses the order of pancakes 0..j-1 and
    swaps each one's two sides. The group is the hyperoctahedral group B_n, of order
    2^n n!.

    Parameters
    ----------
    n : int
        Number of pancakes, at least 1; the degree is 2n.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.burnt_pancake``; diameters are OEIS A078941.

    Examples
    --------
    >>> burnt_pancake(2).perms.tolist()
    [[2, 1, 0, 3], [3, 2, 1, 0]]
    """
    perms = []
    for j in range(1, n + 1):
        p = list(range(2 * n))
        for i in range(j):
            p[i] = n + j - 1 - i
            p[n + i] = j - 1 - i
        perms.append(p)
    names = [f"R{j}" for j in range(1, n + 1)]
    description = f"burnt_pancake(n={n}): signed prefix reversals on {2 * n} points; CayleyPy"
    return permutation_set("burnt_pancake", n, names, perms, description)


@family(
    "full_reversals",
    min_n=2,
    max_n=_MAX_QUADRATIC,
    description="reversals R[i..j] of every segment i < j, in lexicographic order",
    source=f"{_CAYLEYPY}.full_reversals",
)
def full_reversals(n: int) -> GeneratorSet:
    """All n(n-1)/2 segment reversals ``R[i..j]`` (i < j), in lexicographic order of (i, j).

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.full_reversals`` (sorting by reversals).

    Examples
    --------
    >>> full_reversals(3).names
    ('R[0..1]', 'R[0..2]', 'R[1..2]')
    """
    pairs = list(combinations(range(n), 2))
    perms = [reversal(n, i, j) for i, j in pairs]
    names = [f"R[{i}..{j}]" for i, j in pairs]
    return permutation_set("full_reversals", n, names, perms, f"full_reversals(n={n}); CayleyPy")


@family(
    "three_cycles",
    group="A_n",
    min_n=3,
    max_n=_MAX_CUBIC,
    description="all 3-cycles (a b c) with a < b, a < c; they generate A_n",
    source=f"{_CAYLEYPY}.three_cycles",
)
def three_cycles(n: int) -> GeneratorSet:
    """All 2·C(n,3) 3-cycles ``(a b c)`` written with ``a`` smallest; they generate A_n.

    Order: the triples ``(a, b, c)`` of ``itertools.permutations(range(n), 3)`` with
    ``a < b`` and ``a < c``, as in CayleyPy.

    Parameters
    ----------
    n : int
        Degree, at least 3.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.three_cycles``.

    Examples
    --------
    >>> three_cycles(3).perms.tolist()
    [[1, 2, 0], [2, 0, 1]]
    """
    triples = [t for t in permutations(range(n), 3) if t[0] < t[1] and t[0] < t[2]]
    perms = [from_cycles(n, [t]) for t in triples]
    names = [f"({a} {b} {c})" for a, b, c in triples]
    description = f"three_cycles(n={n}): all 3-cycles, generate A_{n}; CayleyPy"
    return permutation_set("three_cycles", n, names, perms, description)


@family(
    "all_cycles",
    min_n=2,
    max_n=9,
    description="every cycle of length 2..n (OEIS A006231 generators), by length, then support, then order",
    source=f"{_CAYLEYPY}.all_cycles; count OEIS A006231",
)
def all_cycles(n: int) -> GeneratorSet:
    """Every cycle of length 2..n; there are A006231(n) of them (5, 20, 84, 409, ... for n = 3, 4, 5, 6).

    Order: by length k, then by support (``itertools.combinations``), then by the order of
    the points after the smallest one (``itertools.permutations``). Each cycle is written
    with its smallest point first. CayleyPy has the same set; its order may differ.

    Parameters
    ----------
    n : int
        Degree, 2 to 9 (n = 10 would already give 1,112,073 generators).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.all_cycles``; OEIS A006231.

    Examples
    --------
    >>> all_cycles(3).names
    ('(0 1)', '(0 2)', '(1 2)', '(0 1 2)', '(0 2 1)')
    """
    cycles = [
        (support[0], *rest)
        for k in range(2, n + 1)
        for support in combinations(range(n), k)
        for rest in permutations(support[1:])
    ]
    perms = [from_cycles(n, [c]) for c in cycles]
    names = ["(" + " ".join(map(str, c)) + ")" for c in cycles]
    description = f"all_cycles(n={n}): all cycles of length >= 2; CayleyPy, OEIS A006231"
    return permutation_set("all_cycles", n, names, perms, description)
