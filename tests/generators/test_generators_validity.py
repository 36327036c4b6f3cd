"""Every family yields valid generators: permutations of the right degree, or matrices mod p
of determinant 1; inverse-closure is reported truthfully; group orders match the literature."""
from math import factorial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cayley.generators import family_info, family_names, generators

# Small valid parameters for every family: (n, keyword parameters).
SAMPLES = {
    "lrx": [(3, {}), (5, {}), (6, {"k": 5}), (8, {})],
    "lx": [(3, {}), (6, {})],
    "top_spin": [(4, {}), (7, {}), (6, {"k": 3})],
    "coxeter": [(2, {}), (5, {})],
    "cyclic_coxeter": [(3, {}), (6, {})],
    "all_transpositions": [(2, {}), (5, {})],
    "stars": [(2, {}), (6, {})],
    "pancake": [(2, {}), (7, {})],
    "burnt_pancake": [(1, {}), (4, {})],
    "full_reversals": [(2, {}), (5, {})],
    "three_cycles": [(3, {}), (5, {})],
    "all_cycles": [(2, {}), (5, {})],
    "rapaport_m1": [(3, {}), (6, {}), (7, {})],
    "rapaport_m2": [(4, {}), (7, {})],
    "involutive_derangements": [(2, {}), (6, {})],
    "cube_2x2x2_qtm": [(2, {})],
    "cube_2x2x2_htm": [(2, {})],
    "cube_3x3x3_qtm": [(3, {})],
    "cube_3x3x3_htm": [(3, {})],
    "globe": [(1, {}), (2, {"b": 2})],
    "sl2": [(2, {}), (7, {})],
    "heisenberg": [(2, {}), (5, {})],
    "ut": [(2, {"p": 3}), (4, {"p": 5})],
    "consecutive_k_cycles": [(3, {}), (6, {"k": 2}), (6, {"k": 6})],
    "wrapped_k_cycles": [(3, {}), (6, {"k": 2}), (6, {"k": 4})],
    "increasing_k_cycles": [(3, {}), (6, {"k": 2}), (6, {"k": 4})],
    "down_cycles": [(2, {}), (6, {})],
    "prefix_cycles": [(2, {}), (6, {})],
    "lsl_cycles": [(3, {}), (6, {}), (6, {"add_inverses": 0})],
    "larx": [(3, {}), (6, {})],
    "three_cycles_0ij": [(3, {}), (6, {})],
    "three_cycles_01i": [(3, {}), (6, {}), (6, {"add_inverses": False})],
    "transposons": [(2, {}), (6, {})],
    "block_interchange": [(2, {}), (6, {})],
    "signed_reversals": [(1, {}), (4, {})],
    "cubic_pancake": [(3, {}), (8, {"subset": 4}), (8, {"subset": 7})],
    "generalized_stars": [(3, {}), (6, {"k": 3})],
    "coxeter_b": [(2, {}), (5, {})],
    "coxeter_d": [(2, {}), (5, {})],
    "koltsov3": [(5, {}), (7, {"perm_type": 1, "k": 2, "d": 3})],
    "sheveleva2": [(4, {}), (8, {"k": 2}), (8, {"k": 5})],
    "derangements": [(2, {}), (5, {})],
    "conjugacy_classes": [(1, {"classes": "1"}), (5, {}), (6, {"classes": "3+2,4:3", "seed": 2})],
    "rand_generators": [(2, {"k": 1}), (7, {"k": 3, "seed": 4})],
    "rubik_cube": [(2, {}), (3, {"metric": "htm"}), (4, {"metric": "QSTM"}), (2, {"metric": "ATM"})],
    "hungarian_rings": [(6, {}), (8, {"rings": "5,2,5,2"}), (4, {"rings": "3,0,2,0"})],
    "megaminx": [(1, {})],
    "pyraminx": [(1, {})],
    "starminx": [(1, {})],
    "starminx_2": [(1, {})],
    "mini_pyramorphix": [(1, {})],
    "picture_cube333": [(1, {})],
    "special_linear_fundamental_roots": [(2, {}), (6, {"d": 3})],
    "special_linear_root_weyl": [(2, {}), (5, {"d": 4})],
}
SAMPLES["heisenberg"].append((3, {"d": 5}))
CASES = [(family, n, params) for family, samples in SAMPLES.items() for n, params in samples]

# The generators' degree as a function of n (the family parameter).
DEGREE = {
    "burnt_pancake": lambda n, params: 2 * n,
    "cube_2x2x2_qtm": lambda n, params: 24,
    "cube_2x2x2_htm": lambda n, params: 24,
    "cube_3x3x3_qtm": lambda n, params: 48,
    "cube_3x3x3_htm": lambda n, params: 48,
    "globe": lambda n, params: 2 * (n + 1) * params.get("b", 1),
    "sl2": lambda n, params: 2,
    "heisenberg": lambda n, params: params.get("d", 3),
    "signed_reversals": lambda n, params: 2 * n,
    "coxeter_b": lambda n, params: 2 * n,
    "coxeter_d": lambda n, params: 2 * n,
    "rubik_cube": lambda n, params: 6 * n * n,
    "megaminx": lambda n, params: 120,
    "pyraminx": lambda n, params: 36,
    "starminx": lambda n, params: 120,
    "starminx_2": lambda n, params: 132,
    "mini_pyramorphix": lambda n, params: 24,
    "picture_cube333": lambda n, params: 72,
    "special_linear_fundamental_roots": lambda n, params: params.get("d", 2),
    "special_linear_root_weyl": lambda n, params: params.get("d", 2),
}


# The samples whose sets are directed (not inverse-closed): LX (L without R); cycles of length
# >= 3 without their inverses; LARX's long cycle; Sheveleva's S (it holds a 4-cycle); random
# permutations and sampled classes; and the sets whose inverses were switched off.
DIRECTED = [
    ("lx", 3, {}), ("lx", 6, {}),
    ("consecutive_k_cycles", 3, {}), ("consecutive_k_cycles", 6, {"k": 6}),
    ("wrapped_k_cycles", 3, {}), ("wrapped_k_cycles", 6, {"k": 4}),
    ("increasing_k_cycles", 3, {}), ("increasing_k_cycles", 6, {"k": 4}),
    ("down_cycles", 6, {}), ("prefix_cycles", 6, {}), ("larx", 6, {}),
    ("lsl_cycles", 6, {"add_inverses": 0}), ("three_cycles_01i", 6, {"add_inverses": False}),
    ("sheveleva2", 4, {}), ("sheveleva2", 8, {"k": 2}), ("sheveleva2", 8, {"k": 5}),
    ("conjugacy_classes", 6, {"classes": "3+2,4:3", "seed": 2}), ("rand_generators", 7, {"k": 3, "seed": 4}),
]


def test_samples_cover_every_family():
    assert set(SAMPLES) == {name for name in family_names() if not name.startswith("gap:")}


def _is_inverse_closed_by_membership(g) -> bool:
    """Independent check: the inverse of each generator, computed directly, is in the set."""
    if g.kind == "permutation":
        present = {tuple(p) for p in g.perms.tolist()}
        return all(tuple(np.argsort(p).tolist()) in present for p in g.perms)
    present = {m.tobytes() for m in g.matrices}
    inverses = [np.rint(np.linalg.inv(m) * round(np.linalg.det(m))).astype(np.int64) % g.modulus for m in g.matrices]
    return all(inv.tobytes() in present for inv in inverses)


@pytest.mark.parametrize(("family", "n", "params"), CASES)
def test_generators_are_valid(family, n, params):
    g = generators(family, n, **params)
    expected_degree = DEGREE.get(family, lambda n, params: n)(n, params)
    assert g.family == family and g.n == n and g.degree == expected_degree
    assert len(g.names) == len(g) >= 1
    assert g.kind == family_info(family).kind
    if g.kind == "permutation":
        assert g.perms.dtype == np.int64 and g.perms.shape == (len(g), g.degree)
        identity = np.arange(g.degree)
        assert all(np.array_equal(np.sort(p), identity) for p in g.perms)
        assert g.matrices is None and g.modulus is None
    else:
        assert g.matrices.dtype == np.int64 and g.matrices.shape == (len(g), g.degree, g.degree)
        assert g.matrices.min() >= 0 and g.matrices.max() < g.modulus
        for m in g.matrices:
            assert round(np.linalg.det(m)) % g.modulus == 1
            assert family in {"sl2", "special_linear_fundamental_roots", "special_linear_root_weyl"} or not np.tril(
                m, -1).any()  # unitriangular
        assert g.perms is None


@pytest.mark.parametrize(("family", "n", "params"), CASES)
def test_inverse_closed_exactly_when_expected(family, n, params):
    g = generators(family, n, **params)
    assert g.inverse_closed == ((family, n, params) not in DIRECTED)
    assert g.inverse_closed == _is_inverse_closed_by_membership(g)


MIN_N_WITH_DEFAULTS = {"top_spin": 4, "consecutive_k_cycles": 3, "wrapped_k_cycles": 3, "increasing_k_cycles": 3,
                       "koltsov3": 5, "hungarian_rings": 6, "rubik_cube": 2}


@given(st.data())
def test_any_small_n_in_range_gives_valid_permutations(data):
    family = data.draw(st.sampled_from([f for f in family_names() if family_info(f).kind == "permutation"]))
    info = family_info(family)
    # The smallest n the default parameters allow (k = 3 cycles, k = 4 top spin, Santa rings...).
    low = max(info.min_n, MIN_N_WITH_DEFAULTS.get(family, 0))
    top = low + 5 if info.max_n is None else min(info.max_n, low + 5)
    n = data.draw(st.integers(low, top))
    if family == "involutive_derangements" and n % 2:
        n -= 1
    g = generators(family, n)
    assert np.array_equal(np.sort(g.perms, axis=1), np.tile(np.arange(g.degree), (len(g), 1)))
    assert len(set(g.names)) == len(g.names) or family in {"globe"}


# --- group orders by sympy's Schreier-Sims ---------------------------------------------


def _order(g) -> int:
    from sympy.combinatorics import Permutation, PermutationGroup

    return int(PermutationGroup([Permutation(p) for p in g.perms.tolist()]).order())


SYMMETRIC = ["lrx", "lx", "coxeter", "cyclic_coxeter", "all_transpositions", "stars", "pancake", "full_reversals",
             "all_cycles", "rapaport_m1", "rapaport_m2"]


# all_cycles(7) would have 2119 generators; n <= 6 is enough for it.
SYMMETRIC_CASES = [(f, n) for f in SYMMETRIC for n in (4, 5, 6, 7) if not (f == "all_cycles" and n == 7)]


@pytest.mark.parametrize(("family", "n"), SYMMETRIC_CASES)
def test_families_of_the_symmetric_group_generate_s_n(family, n):
    assert _order(generators(family, n)) == factorial(n)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7])
def test_three_cycles_generate_a_n(n):
    assert _order(generators("three_cycles", n)) == factorial(n) // 2


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_burnt_pancakes_generate_the_hyperoctahedral_group(n):
    assert _order(generators("burnt_pancake", n)) == 2**n * factorial(n)


def test_top_spin_orders():
    # k = 4: dihedral for n = 4, 5 (T is then a reflection of the n-gon); A_n for odd n >= 7
    # (all generators even), S_n for even n >= 6. Same totals as CayleyPy's top_spin growth table.
    expected = {4: 8, 5: 10, 6: 720, 7: 2520, 8: 40320, 9: factorial(9) // 2}
    assert {n: _order(generators("top_spin", n)) for n in expected} == expected


def test_lrx_with_k_sharing_a_factor_with_n_is_imprimitive():
    # L and (0 2) preserve the blocks {0,2,4}, {1,3,5}: the wreath product S_3 wr C_2 of order 72.
    assert _order(generators("lrx", 6, k=2)) == 72
    assert _order(generators("lrx", 7, k=3)) == factorial(7)


def test_involutive_derangement_orders():
    # Klein four-group for n = 4; S_6 (odd generators); A_8 (even generators).
    assert [_order(generators("involutive_derangements", n)) for n in (2, 4, 6, 8)] == [2, 4, 720, 20160]


def test_cube_group_orders():
    # 2x2x2 with a corner fixed: 7! * 3^6 = 3674160; Rubik: 43252003274489856000 (conventions.md).
    assert _order(generators("cube_2x2x2_qtm")) == _order(generators("cube_2x2x2_htm")) == 3674160
    assert _order(generators("cube_3x3x3_qtm")) == 43252003274489856000
    assert _order(generators("cube_3x3x3_htm")) == 43252003274489856000


def test_cube_generators_have_the_expected_shape():
    qtm = generators("cube_3x3x3_qtm")
    assert qtm.names == ("U", "U'", "L", "L'", "F", "F'", "R", "R'", "B", "B'", "D", "D'")
    # GAP's U = (1,3,8,6)(2,5,7,4)(9,33,25,17)(10,34,26,18)(11,35,27,19), 0-based here.
    assert qtm.perms[0][0] == 2 and qtm.perms[0][8] == 32 and qtm.perms[0][47] == 47
    for p in qtm.perms:  # every face turn moves 20 facets and has order 4
        assert np.count_nonzero(p != np.arange(48)) == 20
        assert np.array_equal(p[p[p[p]]], np.arange(48))
    two = generators("cube_2x2x2_qtm")
    for p in two.perms:  # a face turn of the 2x2x2 moves 4 corners, i.e. 12 facets
        assert np.count_nonzero(p != np.arange(24)) == 12
    # The fixed corner D-L-B: GAP facets 14, 40, 46 are corner facets number 6, 19, 22.
    assert np.flatnonzero((two.perms == np.arange(24)).all(axis=0)).tolist() == [6, 19, 22]
