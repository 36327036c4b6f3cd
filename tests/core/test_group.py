"""Schreier-Sims, membership, ranking: known orders and cross-checks with SymPy."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation
from sympy.combinatorics import PermutationGroup as SympyGroup

from cayley import PermutationGroup, alternating, cyclic, dihedral, mathieu, perm, symmetric

# Rubik's cube facets, GAP's example (shared/data/conventions.md).
RUBIK = [
    "(1,3,8,6)(2,5,7,4)(9,33,25,17)(10,34,26,18)(11,35,27,19)",
    "(9,11,16,14)(10,13,15,12)(1,17,41,40)(4,20,44,37)(6,22,46,35)",
    "(17,19,24,22)(18,21,23,20)(6,25,43,16)(7,28,42,13)(8,30,41,11)",
    "(25,27,32,30)(26,29,31,28)(3,38,43,19)(5,36,45,21)(8,33,48,24)",
    "(33,35,40,38)(34,37,39,36)(3,9,46,32)(2,12,47,29)(1,14,48,27)",
    "(41,43,48,46)(42,45,47,44)(14,22,30,38)(15,23,31,39)(16,24,32,40)",
]


@pytest.mark.parametrize(
    ("group", "order"),
    [
        # Orders from conventions.md (GAP 4.12.1) and the ATLAS of finite groups.
        (lambda: PermutationGroup(RUBIK, degree=48), 43252003274489856000),
        (lambda: mathieu(11), 7920),
        (lambda: mathieu(12), 95040),
        (lambda: mathieu(22), 443520),
        (lambda: mathieu(23), 10200960),
        (lambda: mathieu(24), 244823040),
        (lambda: PermutationGroup(["(3,7,5)(4,8,6)", "(1,2,6)(3,4,8)"]), 168),  # PSL(2,7)
        (lambda: PermutationGroup(["(1,2,3,4,5,6,7)", "(2,3)(4,7)"]), 168),  # PSL(3,2)
        (lambda: symmetric(10), math.factorial(10)),
        (lambda: alternating(9), math.factorial(9) // 2),
        (lambda: alternating(8), math.factorial(8) // 2),
        (lambda: cyclic(13), 13),
        (lambda: dihedral(9), 18),
    ],
)
def test_known_orders(group, order):
    assert group().order() == order


@st.composite
def generating_sets(draw):
    n = draw(st.integers(2, 10))
    k = draw(st.integers(1, 3))
    return n, [draw(st.permutations(list(range(n)))) for _ in range(k)]


@given(generating_sets())
def test_order_and_membership_match_sympy(data):
    n, gens = data
    G = PermutationGroup(gens)
    S = SympyGroup([Permutation(g, size=n) for g in gens])
    assert G.order() == S.order()
    probe = list(np.random.default_rng(len(gens)).permutation(n))
    assert G.contains(probe) == S.contains(Permutation(probe, size=n))
    assert G.is_transitive() == S.is_transitive()
    assert sorted(G.orbit(0)) == sorted(S.orbit(0))
    assert G.stabilizer(0).order() == S.stabilizer(0).order()


@settings(max_examples=25)
@given(generating_sets())
def test_rank_unrank_is_a_bijection_exhaustively_on_small_groups(data):
    n, gens = data
    G = PermutationGroup(gens)
    if G.order() > 5040:
        return
    elements = G.elements()
    assert len({e.tobytes() for e in elements}) == G.order()
    assert G.rank_batch(elements).tolist() == list(range(G.order()))
    assert all(G.contains(e) for e in elements[:50])


def test_rank_unrank_sampled_on_large_groups():
    for G in (symmetric(12), mathieu(24), PermutationGroup(RUBIK, degree=48)):
        rng = np.random.default_rng(5)
        xs = np.stack([G.random_element(rng) for _ in range(200)])
        ranks = G.rank_batch(xs)
        assert np.array_equal(G.unrank_batch(ranks), xs)
        assert all(0 <= int(r) < G.order() for r in ranks)
    rubik = PermutationGroup(RUBIK, degree=48)
    assert rubik.rank(perm.identity(48)) == 0
    top = rubik.order() - 1
    assert rubik.rank(rubik.unrank(top)) == top


def test_sympy_round_trip_and_strong_generators():
    G = mathieu(12)
    assert G.to_sympy().order() == 95040
    assert PermutationGroup.from_sympy(G.to_sympy()).order() == 95040
    # base and strong generators determine the order
    H = PermutationGroup(G.strong_generators, degree=12)
    assert H.order() == 95040
    assert math.prod(G.basic_orbit_lengths) == 95040


def test_point_fixed_by_the_group_has_the_whole_group_as_stabilizer():
    G = PermutationGroup(["(1,2,3)"], degree=5)
    assert G.stabilizer(4).order() == 3
    assert G.stabilizer(0).order() == 1
    assert not G.is_transitive()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: PermutationGroup([]), ValueError, "empty"),
        (lambda: PermutationGroup([[0, 1], [0, 1, 2]]), ValueError, "generator 1"),
        (lambda: PermutationGroup(["(1,2"]), ValueError, "malformed"),
        (lambda: PermutationGroup([[0, 0]]), ValueError, "not a permutation"),
        (lambda: symmetric(4).rank([1, 0, 2]), ValueError, "degree"),
        (lambda: alternating(4).rank([1, 0, 2, 3]), ValueError, "not an element"),
        (lambda: symmetric(4).rank_batch([[0, 0, 1, 2]]), ValueError, "not an element"),
        (lambda: symmetric(4).unrank(24), ValueError, "range"),
        (lambda: symmetric(4).unrank(-1), ValueError, "range"),
        (lambda: symmetric(4).unrank(1.5), TypeError, "integer"),
        (lambda: symmetric(4).orbit(7), ValueError, "0..3"),
        (lambda: mathieu(13), ValueError, "one of"),
        (lambda: symmetric("5"), TypeError, "int"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_ranking_kernels_against_python_references():
    from cayley import ranking

    ps = np.array([list(p) for p in __import__("itertools").permutations(range(5))])
    assert ranking.lehmer_rank(ps).tolist() == list(range(120))
    assert np.array_equal(ranking.lehmer_unrank(np.arange(120), 5), ps)
    states = sorted(set(__import__("itertools").permutations([0, 0, 1, 1, 2])))
    counts = np.array([2, 2, 1])
    assert ranking.multiset_count(counts) == len(states) == 30
    assert ranking.multiset_rank(np.array(states), counts).tolist() == list(range(30))
    assert ranking.multiset_unrank(np.arange(30), counts).tolist() == [list(s) for s in states]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: __import__("cayley.ranking").ranking.lehmer_rank(np.array([[0, 5, 1]])), "0..2"),
        (lambda: __import__("cayley.ranking").ranking.lehmer_rank(np.array([0, 1, 2])), r"\(m, n\)"),
        (lambda: __import__("cayley.ranking").ranking.multiset_rank(np.array([[0, 0, 0]]), np.array([2, 1])), "counts"),
        (lambda: __import__("cayley.ranking").ranking.multiset_rank(np.array([[0, 1]]), np.array([2, 1])), "shape"),
    ],
)
def test_ranking_functions_reject_bad_rows(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(("gens", "order"), [
    (["(1,2,3,4,5,6,7)", "(1,2)"], 5040),  # S_7: an odd generator
    (["(1,2,3,4,5,6,7)", "(1,2,3)"], 2520),  # A_7: every generator even
    (["(1,2,3,4,5,6)", "(2,6)(3,5)"], 12),  # D_6, transitive but small: the full algorithm
])
def test_chains_finished_from_random_elements_are_complete(gens, order, monkeypatch):
    calls = []
    random_phase = PermutationGroup._reaches_the_largest_order
    monkeypatch.setattr(PermutationGroup, "_reaches_the_largest_order",
                        lambda self, g: calls.append(random_phase(self, g)) or calls[-1])
    G = PermutationGroup(gens)
    assert G.order() == order
    assert calls == [order > 12]  # S_n and A_n are proved by their order alone
    elements = G.elements()
    assert len({e.tobytes() for e in elements}) == order
    assert G.rank_batch(elements).tolist() == list(range(order))
    assert G.stabilizer(0).order() == order // G.degree
