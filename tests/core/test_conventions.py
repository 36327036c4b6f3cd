"""Conventions pinned against GAP 4.12.1 and SymPy 1.14 (vectors from shared/data/conventions.md)."""
import numpy as np
from sympy.combinatorics import Permutation

from cayley import perm


def test_product_p_then_q_matches_gap():
    # GAP: (1,2)*(2,3) = (1,3,2), ListPerm = [3,1,2]
    p = perm.from_cycles("(1,2)", 3)
    q = perm.from_cycles("(2,3)", 3)
    r = perm.compose(p, q)
    assert perm.to_cycles(r) == "(1,3,2)"
    assert (r + 1).tolist() == [3, 1, 2]
    assert r.tolist() == q[p].tolist()
    # SymPy agrees: p*q applies p first
    assert (Permutation([1, 0, 2]) * Permutation([0, 2, 1])).array_form == r.tolist()


def test_gather_action_matches_sympy_and_scatter_matches_gap():
    p = perm.from_cycles("(1,3,5,6,4)", 6)
    assert p.tolist() == [2, 1, 4, 0, 5, 3]
    state = np.array([5, 4, 6, 1, 7, 5])
    assert perm.act(state, p).tolist() == [6, 4, 7, 5, 5, 1]  # SymPy p(list)
    scattered = np.empty_like(state)
    scattered[p] = state
    assert scattered.tolist() == [1, 4, 5, 5, 6, 7]  # GAP Permuted
    assert perm.act(["a", "b", "c"], [1, 2, 0]).tolist() == ["b", "c", "a"]


def test_conjugate_matches_gap():
    # GAP: (1,2,3)^(1,2) = (1,3,2)
    c = perm.conjugate(perm.from_cycles("(1,2,3)"), perm.from_cycles("(1,2)", 3))
    assert perm.to_cycles(c) == "(1,3,2)"
