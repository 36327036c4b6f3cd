"""Coxeter groups of types B_n and D_n by their simple reflections, acting on 2n points.

The signed permutations of n elements act on the points ``0..n-1`` (one sign) and
``n..2n-1`` (the other): point ``i`` and point ``n+i`` are the two sides of element i.
Definitions, order and names follow CayleyPy 0.2.0's ``PermutationGroups.coxeter_b`` and
``coxeter_d``; see J. E. Humphreys, *Reflection Groups and Coxeter Groups* (1990), 2.10.
"""
from __future__ import annotations

from cayley.generators._base import GeneratorSet, family, permutation_set
from cayley.generators._cycles import from_cycles

_CAYLEYPY = "CayleyPy (github.com/cayleypy/cayleypy), PermutationGroups"
_HUMPHREYS = "J. E. Humphreys, Reflection Groups and Coxeter Groups (1990)"


def _adjacent_pairs(n: int) -> tuple[list[str], list[list[int]]]:
    """The reflections ``(i, i+1)(n+i, n+i+1)``, i = 0..n-2, and their names."""
    names = [f"({i},{i + 1})({n + i},{n + i + 1})" for i in range(n - 1)]
    perms = [from_cycles(2 * n, [[i, i + 1], [n + i, n + i + 1]]) for i in range(n - 1)]
    return names, perms


@family(
    "coxeter_b",
    min_n=2,
    max_n=512,
    n_meaning="rank n; degree 2n",
    degree="2n",
    group="B_n (order 2^n n!)",
    description="simple reflections of B_n on 2n points: (0,n), then (i,i+1)(n+i,n+i+1), i = 0..n-2",
    source=f"{_CAYLEYPY}.coxeter_b; {_HUMPHREYS}; growth = Poincare polynomial of B_n",
)
def coxeter_b(n: int) -> GeneratorSet:
    """Simple reflections of the Coxeter group B_n, as permutations of 2n points.

    Order: the sign change ``(0, n)``, then ``(i, i+1)(n+i, n+i+1)`` for i = 0..n-2.
    The growth function is the Poincare polynomial prod_{i=1..n} [2i]_q.

    Parameters
    ----------
    n : int
        Rank, at least 2; the degree is 2n.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.coxeter_b`` (same order and names); Humphreys (1990).

    Examples
    --------
    >>> coxeter_b(2).perms.tolist()
    [[2, 1, 0, 3], [1, 0, 3, 2]]
    """
    names, perms = _adjacent_pairs(n)
    names.insert(0, f"(0,{n})")
    perms.insert(0, from_cycles(2 * n, [[0, n]]))
    return permutation_set("coxeter_b", n, names, perms, f"coxeter_b(n={n}): B_{n} on {2 * n} points; CayleyPy")


@family(
    "coxeter_d",
    min_n=2,
    max_n=512,
    n_meaning="rank n; degree 2n",
    degree="2n",
    group="D_n (order 2^(n-1) n!)",
    description="simple reflections of D_n on 2n points: (0,n+1)(1,n), then (i,i+1)(n+i,n+i+1), i = 0..n-2",
    source=f"{_CAYLEYPY}.coxeter_d; {_HUMPHREYS}; growth = Poincare polynomial of D_n",
)
def coxeter_d(n: int) -> GeneratorSet:
    """Simple reflections of the Coxeter group D_n, as permutations of 2n points.

    Order: ``(0, n+1)(1, n)`` (swap elements 0 and 1 and turn both over), then
    ``(i, i+1)(n+i, n+i+1)`` for i = 0..n-2. The growth function is the Poincare
    polynomial [n]_q prod_{i=1..n-1} [2i]_q.

    Parameters
    ----------
    n : int
        Rank, at least 2; the degree is 2n.

    Notes
    -----
    Source: CayleyPy ``PermutationGroups.coxeter_d`` (same order and names); Humphreys (1990).

    Examples
    --------
    >>> coxeter_d(2).names
    ('(0,3)(1,2)', '(0,1)(2,3)')
    """
    names, perms = _adjacent_pairs(n)
    names.insert(0, f"(0,{n + 1})(1,{n})")
    perms.insert(0, from_cycles(2 * n, [[0, n + 1], [1, n]]))
    return permutation_set("coxeter_d", n, names, perms, f"coxeter_d(n={n}): D_{n} on {2 * n} points; CayleyPy")
