"""Generating sets of S_n (or A_n) made of cycles: consecutive, wrapped, increasing, prefix,
"down" cycles, the LSL and LARX pairs and the 3-cycles through fixed points.

Definitions, generator order and names follow CayleyPy 0.2.0's ``PermutationGroups`` (its
``graphs_lib.py``); the constructions below are written from those definitions. A cycle
``(a b c)`` maps a to b, b to c and c to a: ``p[a] = b``.
"""
from __future__ import annotations

from itertools import combinations, permutations

from cayley.errors import InputError
from cayley.generators._base import GeneratorSet, check_int_param, family, permutation_set
from cayley.generators._cycles import from_cycles, inverse, shift_left

_CAYLEYPY = "CayleyPy (github.com/cayleypy/cayleypy), PermutationGroups"
_MAX_FEW = 4096
_MAX_LINEAR = 1024
_MAX_QUADRATIC = 256
_MAX_COMBINATIONS = 200_000


def _flag(family_name: str, value: object) -> bool:
    """A yes/no parameter: a bool, or the ints 0 and 1 (as given on the command line)."""
    if isinstance(value, bool):
        return value
    return bool(check_int_param(family_name, "add_inverses", value, 0, 1))


def _check_k(family_name: str, k: object, n: int, low: int) -> int:
    k = check_int_param(family_name, "k", k, low, None)
    if k > n:
        raise InputError(f"{family_name}: k={k} must not exceed n={n} (allowed: {low} <= k <= n)")
    return k


def _cycle_name(cycle, sep: str = ",") -> str:
    return "(" + sep.join(map(str, cycle)) + ")"


@family(
    "consecutive_k_cycles",
    min_n=2,
    max_n=_MAX_LINEAR,
    params=(("k", 3),),
    group="S_n for even k, A_n for odd k (k < n)",
    description="the n-k+1 cycles (i, i+1, ..., i+k-1), i = 0..n-k (k=3 by default)",
    source=f"{_CAYLEYPY}.consecutive_k_cycles",
)
def consecutive_k_cycles(n: int, k: int = 3) -> GeneratorSet:
    """All cycles of k consecutive points: ``(i, i+1, ..., i+k-1)`` for i = 0..n-k.

    Parameters
    ----------
    n : int
        Degree, at least 2.
    k : int, optional
        Cycle length, ``2 <= k <= n`` (default 3).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.consecutive_k_cycles(n, k)`` (same order and names).

    Examples
    --------
    >>> consecutive_k_cycles(4, k=3).perms.tolist()
    [[1, 2, 0, 3], [0, 2, 3, 1]]
    """
    k = _check_k("consecutive_k_cycles", k, n, 2)
    cycles = [list(range(i, i + k)) for i in range(n - k + 1)]
    description = f"consecutive_k_cycles(n={n}, k={k}): cycles (i..i+{k - 1}); CayleyPy"
    return permutation_set(
        "consecutive_k_cycles", n, [_cycle_name(c) for c in cycles], [from_cycles(n, [c]) for c in cycles], description
    )


@family(
    "wrapped_k_cycles",
    min_n=2,
    max_n=_MAX_LINEAR,
    params=(("k", 3),),
    group="S_n for even k, A_n for odd k (k < n)",
    description="the n cycles (i, i+1, ..., i+k-1) with indices mod n, i = 0..n-1 (k=3 by default)",
    source=f"{_CAYLEYPY}.wrapped_k_cycles",
)
def wrapped_k_cycles(n: int, k: int = 3) -> GeneratorSet:
    """Consecutive k-cycles around a circle: ``(i, i+1, ..., i+k-1)`` mod n, i = 0..n-1.

    For k = n the n generators are the same n-cycle (kept, as in CayleyPy).

    Parameters
    ----------
    n : int
        Degree, at least 2.
    k : int, optional
        Cycle length, ``2 <= k <= n`` (default 3).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.wrapped_k_cycles(n, k)`` (same order and names).

    Examples
    --------
    >>> wrapped_k_cycles(4, k=3).names
    ('(0 1 2)', '(1 2 3)', '(2 3 0)', '(3 0 1)')
    """
    k = _check_k("wrapped_k_cycles", k, n, 2)
    cycles = [[(start + j) % n for j in range(k)] for start in range(n)]
    description = f"wrapped_k_cycles(n={n}, k={k}): cycles (i..i+{k - 1}) mod {n}; CayleyPy"
    return permutation_set(
        "wrapped_k_cycles", n, [_cycle_name(c, " ") for c in cycles], [from_cycles(n, [c]) for c in cycles], description
    )


@family(
    "increasing_k_cycles",
    min_n=2,
    max_n=_MAX_LINEAR,
    params=(("k", 3),),
    group="S_n for even k, A_n for odd k (k < n)",
    description="every cycle (c1, ..., ck) with c1 < ... < ck, in lexicographic order (k=3 by default)",
    source=f"{_CAYLEYPY}.increasing_k_cycles",
)
def increasing_k_cycles(n: int, k: int = 3) -> GeneratorSet:
    """All C(n, k) increasing k-cycles ``(c1 c2 ... ck)``, ``c1 < ... < ck``, lexicographic order.

    Parameters
    ----------
    n : int
        Degree, at least 2.
    k : int, optional
        Cycle length, ``2 <= k <= n`` (default 3); at most 200,000 generators.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.increasing_k_cycles(n, k)`` (same order and names).

    Examples
    --------
    >>> increasing_k_cycles(4, k=3).names
    ('(0,1,2)', '(0,1,3)', '(0,2,3)', '(1,2,3)')
    """
    k = _check_k("increasing_k_cycles", k, n, 2)
    cycles = list(combinations(range(n), k))
    if len(cycles) > _MAX_COMBINATIONS:
        raise InputError(f"increasing_k_cycles: C({n},{k}) = {len(cycles)} generators; at most {_MAX_COMBINATIONS}")
    description = f"increasing_k_cycles(n={n}, k={k}): increasing {k}-cycles; CayleyPy"
    return permutation_set(
        "increasing_k_cycles", n, [_cycle_name(c) for c in cycles], [from_cycles(n, [c]) for c in cycles], description
    )


@family(
    "down_cycles",
    min_n=2,
    max_n=_MAX_QUADRATIC,
    description="every cycle (i, i+1, ..., j) of consecutive points, 0 <= i < j < n, in lexicographic order",
    source=f"{_CAYLEYPY}.down_cycles",
)
def down_cycles(n: int) -> GeneratorSet:
    """All n(n-1)/2 cycles of consecutive points ``(i, i+1, ..., j)``, ``i < j``, ordered by (i, j).

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.down_cycles`` (same order and names).

    Examples
    --------
    >>> down_cycles(3).names
    ('(0,1)', '(0,1,2)', '(1,2)')
    """
    cycles = [list(range(i, j + 1)) for i, j in combinations(range(n), 2)]
    return permutation_set(
        "down_cycles", n, [_cycle_name(c) for c in cycles], [from_cycles(n, [c]) for c in cycles],
        f"down_cycles(n={n}): cycles (i..j); CayleyPy",
    )


@family(
    "prefix_cycles",
    min_n=2,
    max_n=_MAX_LINEAR,
    description="the prefix cycles (0, 1, ..., j-1), j = 2..n",
    source=f"{_CAYLEYPY}.prefix_cycles",
)
def prefix_cycles(n: int) -> GeneratorSet:
    """The n-1 prefix cycles ``(0 1 ... j-1)``, j = 2..n (directed: no inverses).

    Parameters
    ----------
    n : int
        Degree, at least 2.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.prefix_cycles`` (same order and names).

    Examples
    --------
    >>> prefix_cycles(3).perms.tolist()
    [[1, 0, 2], [1, 2, 0]]
    """
    cycles = [list(range(j)) for j in range(2, n + 1)]
    return permutation_set(
        "prefix_cycles", n, [_cycle_name(c) for c in cycles], [from_cycles(n, [c]) for c in cycles],
        f"prefix_cycles(n={n}): cycles (0..j-1); CayleyPy",
    )


@family(
    "lsl_cycles",
    min_n=3,
    max_n=_MAX_FEW,
    params=(("add_inverses", 1),),
    description="L = the long cycle (0 1 ... n-1), S = the sub-long cycle (1 2 ... n-1), then their inverses",
    source=f"{_CAYLEYPY}.lsl_cycles",
)
def lsl_cycles(n: int, add_inverses: int = 1) -> GeneratorSet:
    """The long cycle ``L = (0 1 ... n-1)`` and the sub-long cycle ``S = (1 2 ... n-1)``.

    Order ``L, S`` then, with ``add_inverses`` (default), ``L_inv, S_inv``.

    Parameters
    ----------
    n : int
        Degree, at least 3.
    add_inverses : bool or 0/1, optional
        Append the inverses (default 1: the graph is undirected).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.lsl_cycles(n, add_inverses)`` (same order and names).

    Examples
    --------
    >>> lsl_cycles(4).names
    ('L', 'S', 'L_inv', 'S_inv')
    """
    long_cycle = shift_left(n)
    sub_long = from_cycles(n, [list(range(1, n))])
    names, perms = ["L", "S"], [long_cycle, sub_long]
    if _flag("lsl_cycles", add_inverses):
        names += ["L_inv", "S_inv"]
        perms += [inverse(long_cycle), inverse(sub_long)]
    return permutation_set("lsl_cycles", n, names, perms, f"lsl_cycles(n={n}): long and sub-long cycles; CayleyPy")


@family(
    "larx",
    min_n=3,
    max_n=_MAX_FEW,
    description="X = (0 1) and the sub-long cycle (1 2 ... n-1) (directed: no inverses)",
    source=f"{_CAYLEYPY}.larx",
)
def larx(n: int) -> GeneratorSet:
    """Two generators: the transposition ``(0 1)`` and the cycle ``(1 2 ... n-1)``.

    Names are the image lists, as in CayleyPy: ``"(1 0 2 ...)"`` and ``"(0 2 3 ... 1)"``.

    Parameters
    ----------
    n : int
        Degree, at least 3 (for n = 2 the cycle is the identity).

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.larx`` (same order and names).

    Examples
    --------
    >>> larx(4).perms.tolist()
    [[1, 0, 2, 3], [0, 2, 3, 1]]
    """
    perms = [from_cycles(n, [[0, 1]]), from_cycles(n, [list(range(1, n))])]
    names = [_cycle_name(p, " ") for p in perms]
    return permutation_set("larx", n, names, perms, f"larx(n={n}): (0 1) and (1 .. {n - 1}); CayleyPy")


@family(
    "three_cycles_0ij",
    min_n=3,
    max_n=_MAX_QUADRATIC,
    group="A_n",
    description="the 3-cycles (0 i j), i != j, i, j = 1..n-1, in itertools.permutations order",
    source=f"{_CAYLEYPY}.three_cycles_0ij",
)
def three_cycles_0ij(n: int) -> GeneratorSet:
    """All (n-1)(n-2) 3-cycles through 0: ``(0 i j)`` for ordered pairs i != j; they generate A_n.

    Parameters
    ----------
    n : int
        Degree, at least 3.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.three_cycles_0ij`` (same order and names).

    Examples
    --------
    >>> three_cycles_0ij(3).names
    ('(0 1 2)', '(0 2 1)')
    """
    cycles = [(0, i, j) for i, j in permutations(range(1, n), 2)]
    return permutation_set(
        "three_cycles_0ij", n, [_cycle_name(c, " ") for c in cycles], [from_cycles(n, [c]) for c in cycles],
        f"three_cycles_0ij(n={n}): 3-cycles (0 i j), generate A_{n}; CayleyPy",
    )


@family(
    "three_cycles_01i",
    min_n=3,
    max_n=_MAX_FEW,
    params=(("add_inverses", 1),),
    group="A_n",
    description="the 3-cycles (0 1 i), i = 2..n-1, each followed by its inverse (1 0 i)",
    source=f"{_CAYLEYPY}.three_cycles_01i",
)
def three_cycles_01i(n: int, add_inverses: int = 1) -> GeneratorSet:
    """The 3-cycles ``(0 1 i)``, i = 2..n-1, each followed by its inverse ``(1 0 i)``; they generate A_n.

    Parameters
    ----------
    n : int
        Degree, at least 3.
    add_inverses : bool or 0/1, optional
        Put each inverse after its cycle (default 1). With 0 the set is directed.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.three_cycles_01i(n, add_inverses)`` (same order and names).

    Examples
    --------
    >>> three_cycles_01i(4).names
    ('(0 1 2)', '(1 0 2)', '(0 1 3)', '(1 0 3)')
    """
    with_inverses = _flag("three_cycles_01i", add_inverses)
    names, perms = [], []
    for i in range(2, n):
        names.append(f"(0 1 {i})")
        perms.append(from_cycles(n, [[0, 1, i]]))
        if with_inverses:
            names.append(f"(1 0 {i})")
            perms.append(from_cycles(n, [[1, 0, i]]))
    return permutation_set("three_cycles_01i", n, names, perms, f"three_cycles_01i(n={n}): (0 1 i); CayleyPy")
