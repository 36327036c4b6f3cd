"""Growth functions of the families, by a naive BFS oracle, against published values.

Sources: ``../shared/data/conventions.md`` (GAP/SymPy-checked vectors), OEIS, and the growth
tables that CayleyPy ships in ``cayleypy/data/*.csv`` (same generators, so same layers).
"""
from math import factorial

import pytest
from _generators_oracle import matrix_growth, perm_growth, undirected_growth_numpy

from cayley.generators import generators

# conventions.md: LRX n=8 and the 2x2x2 cube with one corner fixed.
LRX_8 = [1, 3, 6, 12, 23, 44, 80, 142, 247, 411, 662, 1019, 1481, 2059, 2745, 3465, 4126, 4633, 4913,
         4777, 4163, 3079, 1612, 488, 94, 25, 6, 3, 1]
CUBE_2_QTM = [1, 6, 27, 120, 534, 2256, 8969, 33058, 114149, 360508, 930588, 1350852, 782536, 90280, 276]
CUBE_2_HTM = [1, 9, 54, 321, 1847, 9992, 50136, 227536, 870072, 1887748, 623800, 2644]

# CayleyPy's cayleypy/data/<family>_cayley_growth.csv (and globes_growth.csv).
CAYLEYPY_GROWTH = {
    ("lx", 4): [1, 2, 3, 5, 5, 5, 3],
    ("lx", 6): [1, 2, 3, 5, 8, 13, 20, 30, 42, 56, 73, 87, 98, 101, 85, 59, 29, 7, 1],
    ("top_spin", 5): [1, 3, 4, 2],
    ("top_spin", 7): [1, 3, 6, 12, 20, 34, 58, 96, 158, 234, 334, 430, 410, 326, 258, 112, 24, 4],
    ("top_spin", 8): [1, 3, 6, 12, 23, 44, 85, 148, 244, 389, 621, 996, 1584, 2484, 3764, 5452, 6968, 7138,
                      6292, 3036, 848, 166, 16],
    ("burnt_pancake", 3): [1, 3, 6, 12, 18, 6, 2],
    ("burnt_pancake", 5): [1, 5, 20, 80, 280, 680, 1214, 1127, 389, 40, 4],
    ("rapaport_m2", 6): [1, 3, 5, 8, 13, 21, 32, 47, 64, 90, 124, 122, 104, 52, 22, 10, 2],
    ("all_cycles", 5): [1, 84, 35],
    ("globe", 3): [1, 6, 23, 72, 179, 202, 85, 8],
}
GLOBE_1_2 = [1, 8, 48, 220, 575, 1100, 1952, 3520, 5312, 6304, 7168, 7264, 5056, 1568, 224]


def test_the_oracles_agree_with_each_other():
    for g in (generators("lrx", 7), generators("pancake", 6), generators("cube_2x2x2_qtm")):
        if g.degree <= 8:
            assert undirected_growth_numpy(g.perms) == perm_growth(g.perms)
    assert perm_growth(generators("lx", 3).perms) == [1, 2, 3]  # directed: L has no inverse


def test_lrx_8_matches_conventions():
    assert perm_growth(generators("lrx", 8).perms) == LRX_8


def test_cube_2x2x2_quarter_turn_growth():
    assert undirected_growth_numpy(generators("cube_2x2x2_qtm").perms) == CUBE_2_QTM


def test_cube_2x2x2_half_turn_growth():
    assert undirected_growth_numpy(generators("cube_2x2x2_htm").perms) == CUBE_2_HTM


@pytest.mark.parametrize(("family", "n"), sorted(CAYLEYPY_GROWTH))
def test_growth_matches_cayleypy_tables(family, n):
    assert perm_growth(generators(family, n).perms) == CAYLEYPY_GROWTH[family, n]


def test_globe_with_wider_rings_matches_cayleypy():
    assert perm_growth(generators("globe", 1, b=2).perms) == GLOBE_1_2


def _mahonian(n: int) -> list[int]:
    """Coefficients of prod_{i=1..n} (1 + q + ... + q^(i-1)) (OEIS A008302)."""
    row = [1]
    for i in range(1, n + 1):
        row = [sum(row[k - j] for j in range(i) if 0 <= k - j < len(row)) for k in range(len(row) + i - 1)]
    return row


def test_coxeter_growth_is_mahonian():
    assert perm_growth(generators("coxeter", 5).perms) == [1, 4, 9, 15, 20, 22, 20, 15, 9, 4, 1]  # conventions.md
    assert perm_growth(generators("coxeter", 6).perms) == _mahonian(6)


def _stirling_first(n: int) -> list[int]:
    """Unsigned Stirling numbers of the first kind c(n, k), k = 0..n (OEIS A132393)."""
    row = [1]
    for m in range(n):
        row = [(row[k - 1] if k else 0) + (m * row[k] if k < len(row) else 0) for k in range(len(row) + 1)]
    return row


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_all_transpositions_layers_are_stirling_numbers(n):
    c = _stirling_first(n)
    assert perm_growth(generators("all_transpositions", n).perms) == [c[n - k] for k in range(n)]


def test_pancake_diameters_oeis_a058986():
    # A058986: 0, 1, 3, 4, 5, 7, 8, ... for n = 1, 2, 3, ...
    assert [len(perm_growth(generators("pancake", n).perms)) - 1 for n in range(2, 8)] == [1, 3, 4, 5, 7, 8]


def test_burnt_pancake_diameters_oeis_a078941():
    assert [len(perm_growth(generators("burnt_pancake", n).perms)) - 1 for n in range(1, 6)] == [1, 4, 6, 8, 10]


def test_star_graph_diameter():
    # Akers, Harel, Krishnamurthy (1987): diameter floor(3(n-1)/2).
    assert [len(perm_growth(generators("stars", n).perms)) - 1 for n in range(2, 8)] == [
        3 * (n - 1) // 2 for n in range(2, 8)
    ]


@pytest.mark.parametrize("p", [2, 3, 5, 7])
def test_sl2_order(p):
    g = generators("sl2", p)
    assert sum(matrix_growth(g.matrices, g.modulus)) == p * (p * p - 1)


@pytest.mark.parametrize("p", [2, 3, 5])
def test_heisenberg_order_and_agreement_with_ut3(p):
    h = generators("heisenberg", p)
    layers = matrix_growth(h.matrices, h.modulus)
    assert sum(layers) == p**3
    u = generators("ut", 3, p=p)
    assert matrix_growth(u.matrices, u.modulus) == layers  # same generators, other order


@pytest.mark.parametrize(("d", "p"), [(2, 5), (4, 2), (4, 3)])
def test_ut_order(d, p):
    g = generators("ut", d, p=p)
    assert sum(matrix_growth(g.matrices, g.modulus)) == p ** (d * (d - 1) // 2)


def test_growth_sums_to_the_group_order():
    assert sum(perm_growth(generators("full_reversals", 6).perms)) == factorial(6)
    assert sum(perm_growth(generators("cyclic_coxeter", 6).perms)) == factorial(6)
    assert sum(perm_growth(generators("three_cycles", 6).perms)) == factorial(6) // 2
