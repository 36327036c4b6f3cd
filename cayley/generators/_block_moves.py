"""Genome-rearrangement moves on a sequence: transposons, block interchanges, signed
reversals, three prefix reversals (cubic pancakes) and generalized stars.

A move is the image list ``p`` of a rearrangement: gathering ``new_state = state[p]``
puts ``state[p[t]]`` at position t. Definitions, generator order and names follow CayleyPy
0.2.0's ``PermutationGroups``; the constructions are written from those definitions.
"""
from __future__ import annotations

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
from cayley.generators._cycles import reversal, transposition

_CAYLEYPY = "CayleyPy (github.com/cayleypy/cayleypy), PermutationGroups"

# Which prefix lengths each cubic_pancake subset uses, as functions of n (CayleyPy's table).
_CUBIC_SUBSETS = {
    1: lambda n: (n, n - 1, 2),
    2: lambda n: (n, n - 1, 3),
    3: lambda n: (n, n - 1, n - 2),
    4: lambda n: (n, n - 1, n - 3),
    5: lambda n: (n, n - 2, 2),
    6: lambda n: (n, n - 2, 3),
    7: lambda n: (n, n - 2, n - 3),
}


@family(
    "transposons",
    min_n=2,
    max_n=64,
    description="move the block i..j-1 to just after position k (i < j <= k), for all i, j, k",
    source=f"{_CAYLEYPY}.transposons",
)
def transposons(n: int) -> GeneratorSet:
    """Transpositions of blocks: the segment ``i..j-1`` swaps places with the segment ``j..k``.

    For every ``i < j <= k < n`` (loops over i, then j, then k), the move puts
    ``state[j..k]`` first, then ``state[i..j-1]``; its name is ``T[i..j-1,k]``.

    Parameters
    ----------
    n : int
        Degree, 2 to 64 (about n^3/6 generators).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.transposons`` (same order and names).

    Examples
    --------
    >>> transposons(3).perms.tolist()
    [[1, 0, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1]]
    """
    names, perms = [], []
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j, n):
                perms.append([*range(i), *range(j, k + 1), *range(i, j), *range(k + 1, n)])
                names.append(f"T[{i}..{j - 1},{k}]")
    return permutation_set("transposons", n, names, perms, f"transposons(n={n}): block moves; CayleyPy")


@family(
    "block_interchange",
    min_n=2,
    max_n=32,
    description="swap the blocks i..j-1 and k..l-1 (i < j <= k < l <= n), for all i, j, k, l",
    source=f"{_CAYLEYPY}.block_interchange; D. A. Christie, Sorting permutations by block-interchanges (1996)",
)
def block_interchange(n: int) -> GeneratorSet:
    """Block interchanges: exchange the segments ``i..j-1`` and ``k..l-1``, ``i < j <= k < l <= n``.

    Loops over i, j, k, l in that order; the name is ``I[i..j-1,k..l-1]``.

    Parameters
    ----------
    n : int
        Degree, 2 to 32 (about n^4/24 generators).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.block_interchange`` (same order and names);
    D. A. Christie, Information Processing Letters 60 (1996); arXiv:0811.0740.

    Examples
    --------
    >>> block_interchange(3).names
    ('I[0..0,1..1]', 'I[0..0,1..2]', 'I[0..0,2..2]', 'I[0..1,2..2]', 'I[1..1,2..2]')
    """
    names, perms = [], []
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j, n):
                for stop in range(k + 1, n + 1):
                    perms.append([*range(i), *range(k, stop), *range(j, k), *range(i, j), *range(stop, n)])
                    names.append(f"I[{i}..{j - 1},{k}..{stop - 1}]")
    return permutation_set("block_interchange", n, names, perms, f"block_interchange(n={n}); CayleyPy")


@family(
    "signed_reversals",
    min_n=1,
    max_n=128,
    n_meaning="number of signed elements; degree 2n",
    degree="2n",
    group="B_n (hyperoctahedral, order 2^n n!)",
    description="signed reversals R[i..j] (i <= j) on 2n points: point t = bottom, n+t = top of element t",
    source=f"{_CAYLEYPY}.signed_reversals; sorting by signed reversals (Hannenhalli and Pevzner 1995)",
)
def signed_reversals(n: int) -> GeneratorSet:
    """Signed reversals of every segment ``i..j`` (``i <= j``) of n signed elements, on 2n points.

    Element t has its bottom side at point t and its top side at point n+t. ``R[i..j]``
    reverses the order of elements i..j and turns each over: position t (i <= t <= j)
    receives the top of element ``i + j - t`` and position ``n + t`` its bottom. Order
    by (i, j); n(n+1)/2 generators.

    Parameters
    ----------
    n : int
        Number of elements, 1 to 128; the degree is 2n.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.signed_reversals`` (same order and names).

    Examples
    --------
    >>> signed_reversals(2).perms.tolist()
    [[2, 1, 0, 3], [3, 2, 1, 0], [0, 3, 2, 1]]
    """
    names, perms = [], []
    for i in range(n):
        for j in range(i, n):
            p = list(range(2 * n))
            for t in range(i, j + 1):
                p[t] = n + i + j - t
                p[n + t] = i + j - t
            perms.append(p)
            names.append(f"R[{i}..{j}]")
    return permutation_set("signed_reversals", n, names, perms, f"signed_reversals(n={n}) on {2 * n} points; CayleyPy")


@family(
    "cubic_pancake",
    min_n=3,
    max_n=1024,
    params=(("subset", 1),),
    description="three prefix reversals: Rk reverses the first k elements; subset 1..7 picks "
    "{Rn,R(n-1),R2}, {Rn,R(n-1),R3}, {Rn,R(n-1),R(n-2)}, {Rn,R(n-1),R(n-3)}, {Rn,R(n-2),R2}, "
    "{Rn,R(n-2),R3}, {Rn,R(n-2),R(n-3)}",
    source=f"{_CAYLEYPY}.cubic_pancake; cubic pancake graphs (Bulteau, Fertin, Rusu)",
)
def cubic_pancake(n: int, subset: int = 1) -> GeneratorSet:
    """Three prefix reversals ``Rk`` (``Rk`` reverses the first k elements), chosen by ``subset``.

    ====== =======================
    subset generators, in order
    ====== =======================
    1      Rn, R(n-1), R2
    2      Rn, R(n-1), R3
    3      Rn, R(n-1), R(n-2)
    4      Rn, R(n-1), R(n-3)
    5      Rn, R(n-2), R2
    6      Rn, R(n-2), R3
    7      Rn, R(n-2), R(n-3)
    ====== =======================

    Note that ``Rk`` here reverses k elements, while the pancake family's ``Ri``
    reverses positions 0..i (CayleyPy's names in both cases).

    Parameters
    ----------
    n : int
        Degree, at least 3, and large enough that every prefix length is at least 2.
    subset : int, optional
        Which triple, 1 to 7 (default 1).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.cubic_pancake(n, subset)`` (same order and names).

    Examples
    --------
    >>> cubic_pancake(5, subset=1).names
    ('R5', 'R4', 'R2')
    """
    subset = check_int_param("cubic_pancake", "subset", subset, 1, 7)
    lengths = _CUBIC_SUBSETS[subset](n)
    if min(lengths) < 2:
        need = n + 2 - min(lengths)
        raise InputError(
            f"cubic_pancake: subset={subset} needs n >= {need} (every prefix length at least 2), got n={n}"
        )
    perms = [reversal(n, 0, k - 1) for k in lengths]
    description = f"cubic_pancake(n={n}, subset={subset}): R{lengths[0]}, R{lengths[1]}, R{lengths[2]}; CayleyPy"
    return permutation_set("cubic_pancake", n, [f"R{k}" for k in lengths], perms, description)


@family(
    "generalized_stars",
    min_n=3,
    max_n=256,
    params=(("k", 1),),
    description="transpositions (i, j) for i < k <= j: each of the first k points with each other point (k=1: stars)",
    source=f"{_CAYLEYPY}.generalized_stars",
)
def generalized_stars(n: int, k: int = 1) -> GeneratorSet:
    """Transpositions ``(i, j)`` for ``0 <= i < k <= j < n``, ordered by i then j.

    For k = 1 these are the star transpositions ``(0, j)``.

    Parameters
    ----------
    n : int
        Degree, at least 3.
    k : int, optional
        Number of centres, ``1 <= k < n`` (default 1).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.generalized_stars(n, k)`` (same order and names ``Si-j``).

    Examples
    --------
    >>> generalized_stars(4, k=2).names
    ('S0-2', 'S0-3', 'S1-2', 'S1-3')
    """
    k = check_int_param("generalized_stars", "k", k, 1, n - 1)
    pairs = [(i, j) for i in range(k) for j in range(k, n)]
    return permutation_set(
        "generalized_stars", n, [f"S{i}-{j}" for i, j in pairs], [transposition(n, i, j) for i, j in pairs],
        f"generalized_stars(n={n}, k={k}); CayleyPy",
    )

