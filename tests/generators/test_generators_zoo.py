"""The families of issue 22 ("the whole zoo"): each one against an independent definition at
small n, growth against published values, puzzle group orders, and the GAP parser.

Independent definitions: a move is written as what it does to a sequence (slicing), and
cycles through SymPy's ``Permutation`` (whose array form is our image list). Growth values:
OEIS, the Poincare polynomials of B_n and D_n (Humphreys, Reflection Groups and Coxeter
Groups, 1990, table 3.1: degrees 2, 4, ..., 2n and 2, 4, ..., 2n-2, n), and the growth
tables that CayleyPy 0.2.0 ships in ``cayleypy/data/*.csv`` (cited per test).
"""
from itertools import combinations, permutations
from math import comb, factorial
from pathlib import Path

import numpy as np
import pytest
from _generators_oracle import matrix_growth, perm_growth
from sympy.combinatorics import Permutation

from cayley.errors import InputError
from cayley.generators import (
    families_table,
    family_info,
    gap_puzzle_names,
    generators,
    load_gap_file,
    parse_gap,
    parse_params,
)


def cycle(n, *cycles):
    return Permutation([list(c) for c in cycles], size=n).array_form


def moved(n, rearrange):
    """The image list of a rearrangement of a sequence: gathering from the identity gives it back."""
    return list(rearrange(list(range(n))))


def perms(family, n, **params):
    return generators(family, n, **params).perms.tolist()


# --- permutation families against independent definitions ---------------------------------


@pytest.mark.parametrize("n", [4, 6])
def test_cycle_families(n):
    assert perms("consecutive_k_cycles", n, k=3) == [cycle(n, range(i, i + 3)) for i in range(n - 2)]
    assert perms("wrapped_k_cycles", n, k=3) == [cycle(n, [(i + t) % n for t in range(3)]) for i in range(n)]
    assert perms("increasing_k_cycles", n, k=3) == [cycle(n, c) for c in combinations(range(n), 3)]
    assert perms("down_cycles", n) == [cycle(n, range(i, j + 1)) for i in range(n) for j in range(i + 1, n)]
    assert perms("prefix_cycles", n) == [cycle(n, range(j)) for j in range(2, n + 1)]
    assert perms("three_cycles_0ij", n) == [cycle(n, (0, i, j)) for i in range(1, n) for j in range(1, n) if i != j]
    assert perms("three_cycles_01i", n) == [c for i in range(2, n) for c in (cycle(n, (0, 1, i)), cycle(n, (0, i, 1)))]
    long, sub = moved(n, lambda s: s[1:] + s[:1]), moved(n, lambda s: s[:1] + s[2:] + s[1:2])
    assert perms("lsl_cycles", n) == [long, sub, list(np.argsort(long)), list(np.argsort(sub))]
    assert perms("larx", n) == [cycle(n, (0, 1)), sub]


@pytest.mark.parametrize("n", [3, 5])
def test_block_moves(n):
    assert perms("transposons", n) == [
        moved(n, lambda s: s[:i] + s[j:k + 1] + s[i:j] + s[k + 1:])
        for i in range(n) for j in range(i + 1, n) for k in range(j, n)
    ]
    assert perms("block_interchange", n) == [
        moved(n, lambda s: s[:i] + s[k:m] + s[j:k] + s[i:j] + s[m:])
        for i in range(n) for j in range(i + 1, n) for k in range(j, n) for m in range(k + 1, n + 1)
    ]
    assert len(perms("transposons", n)) == comb(n + 1, 3) and len(perms("block_interchange", n)) == comb(n + 2, 4)
    assert perms("generalized_stars", n, k=2) == [cycle(n, (i, j)) for i in range(2) for j in range(2, n)]
    assert perms("cubic_pancake", n + 3, subset=5) == [
        moved(n + 3, lambda s: s[:k][::-1] + s[k:]) for k in (n + 3, n + 1, 2)
    ]


def _signed_reverse(n, i, j):
    """Reverse elements i..j of a signed sequence, turning each over; element t is (t, n+t)."""
    def rearrange(s):
        bottom, top = s[:n], s[n:]
        new_bottom = bottom[:i] + top[i:j + 1][::-1] + bottom[j + 1:]
        new_top = top[:i] + bottom[i:j + 1][::-1] + top[j + 1:]
        return new_bottom + new_top
    return moved(2 * n, rearrange)


@pytest.mark.parametrize("n", [1, 3, 4])
def test_signed_reversals(n):
    assert perms("signed_reversals", n) == [_signed_reverse(n, i, j) for i in range(n) for j in range(i, n)]


@pytest.mark.parametrize("n", [2, 4])
def test_coxeter_b_and_d(n):
    pairs = [cycle(2 * n, (i, i + 1), (n + i, n + i + 1)) for i in range(n - 1)]
    assert perms("coxeter_b", n) == [cycle(2 * n, (0, n))] + pairs
    assert perms("coxeter_d", n) == [cycle(2 * n, (0, n + 1), (1, n))] + pairs


def test_koltsov3_and_sheveleva2():
    ladder_even, ladder_odd = cycle(7, (0, 1), (2, 3), (4, 5)), cycle(7, (1, 2), (3, 4), (5, 6))
    assert perms("koltsov3", 7) == [ladder_even, ladder_odd, cycle(7, (1, 4), (2, 3))]
    assert perms("koltsov3", 7, perm_type=1, k=2, d=3)[2] == cycle(7, (2, 5))
    # k = 2 at n = 8: S = (0,1)(2,3)... with (1,2),(3,4) of the odd ladder replaced by the 4-cycle (1 2 3 4).
    assert perms("sheveleva2", 8, k=2) == [cycle(8, (0, 1), (3, 5), (6, 7)), cycle(8, (1, 2, 3, 4), (5, 6))]
    # k = n-3: only (k, k+1) leaves A.
    assert perms("sheveleva2", 7, k=4) == [cycle(7, (0, 1), (2, 3)), cycle(7, (3, 4, 5, 6), (1, 2))]


def test_derangements_and_classes():
    assert perms("derangements", 4) == [list(p) for p in permutations(range(4)) if all(p[i] != i for i in range(4))]
    # OEIS A000166: 1, 2, 9, 44, 265 derangements of 2..6 points.
    assert [len(generators("derangements", n)) for n in range(2, 7)] == [1, 2, 9, 44, 265]
    whole = perms("conjugacy_classes", 5, classes="3+2")
    by_type = [list(p) for p in permutations(range(5))
               if sorted(map(len, Permutation(list(p)).full_cyclic_form)) == [2, 3]]
    assert sorted(whole) == sorted(by_type) and len(whole) == 20  # 5!/(3*2) permutations of type 3+2
    assert perms("conjugacy_classes", 4) == sorted(perms("all_transpositions", 4))  # default: transpositions
    sampled = generators("conjugacy_classes", 9, classes="9:4", seed=11)
    assert len(sampled) == 4 and all(len(Permutation(p).cyclic_form) == 1 for p in sampled.perms.tolist())
    assert sampled.perms.tolist() == perms("conjugacy_classes", 9, classes="9:4", seed=11)  # seeded: repeatable


def test_rand_generators_are_seeded_and_distinct():
    a = generators("rand_generators", 6, k=20, seed=3)
    assert a.perms.tolist() == perms("rand_generators", 6, k=20, seed=3)
    assert len({tuple(p) for p in a.perms.tolist()}) == 20
    assert a.perms.tolist() != perms("rand_generators", 6, k=20, seed=4)


# --- growth against published values ------------------------------------------------------

def _poincare(degrees):
    """Coefficients of prod [d]_q = prod (1 + q + ... + q^(d-1))."""
    row = [1]
    for d in degrees:
        row = np.convolve(row, np.ones(d, dtype=np.int64)).tolist()
    return row


@pytest.mark.parametrize("n", [2, 3, 4])
def test_coxeter_b_d_growth_is_the_poincare_polynomial(n):
    assert perm_growth(generators("coxeter_b", n).perms) == _poincare(range(2, 2 * n + 1, 2))
    assert perm_growth(generators("coxeter_d", n).perms) == _poincare([*range(2, 2 * n - 1, 2), n])


def test_down_cycles_layers_are_stirling_numbers():
    # A permutation is a product of d down-cycles iff it has n-d cycles: layers c(n, n-d), OEIS A132393.
    assert perm_growth(generators("down_cycles", 6).perms) == [1, 15, 85, 225, 274, 120]


# CayleyPy 0.2.0, cayleypy/data/<family>_cayley_growth.csv (identity start).
CAYLEYPY_GROWTH = [
    ("transposons", 6, {}, [1, 35, 259, 380, 45]),
    ("block_interchange", 6, {}, [1, 70, 469, 180]),
    ("signed_reversals", 4, {}, [1, 10, 50, 170, 145, 8]),
    ("consecutive_k_cycles", 5, {"k": 3}, [1, 3, 9, 18, 18, 9, 2]),
    ("wrapped_k_cycles", 5, {"k": 2}, [1, 5, 15, 35, 42, 20, 2]),
    ("increasing_k_cycles", 5, {"k": 3}, [1, 10, 37, 11, 1]),
    ("derangements", 6, {}, [1, 265, 454]),
    ("prefix_cycles", 6, {}, [1, 5, 24, 90, 240, 360]),
    ("larx", 6, {}, [1, 2, 3, 5, 8, 12, 18, 28, 43, 63, 88, 113, 125, 108, 70, 24, 8, 1]),
    ("lsl_cycles", 6, {}, [1, 4, 10, 21, 42, 83, 142, 191, 167, 44, 10, 4, 1]),
    ("hungarian_rings", 8, {"rings": "5,2,5,2"}, [1, 4, 12, 32, 86, 228, 594, 1485, 3337, 5692, 5860, 2520, 296, 13]),
    ("hungarian_rings", 6, {"rings": "4,1,4,1"}, [1, 4, 10, 22, 42, 33, 7, 1]),
]


@pytest.mark.parametrize(("family", "n", "params", "layers"), CAYLEYPY_GROWTH)
def test_growth_matches_cayleypy_tables(family, n, params, layers):
    assert perm_growth(generators(family, n, **params).perms) == layers


# CayleyPy's sl_2/sl_3_*_growth.csv and heisenberg_growth.csv, keyed by the modulus.
MATRIX_GROWTH = [
    ("special_linear_fundamental_roots", 5, {}, [1, 4, 12, 26, 48, 26, 3]),
    ("special_linear_fundamental_roots", 2, {"d": 3}, [1, 4, 10, 22, 44, 44, 36, 6, 1]),
    ("special_linear_root_weyl", 4, {}, [1, 4, 10, 14, 11, 6, 2]),
    ("special_linear_root_weyl", 2, {"d": 3}, [1, 3, 4, 6, 8, 12, 16, 22, 22, 25, 26, 21, 2]),
    ("heisenberg", 2, {}, [1, 2, 2, 2, 1]),
    ("heisenberg", 3, {}, [1, 4, 8, 12, 2]),
]


@pytest.mark.parametrize(("family", "n", "params", "layers"), MATRIX_GROWTH)
def test_matrix_growth_matches_cayleypy_tables(family, n, params, layers):
    g = generators(family, n, **params)
    assert matrix_growth(g.matrices, g.modulus) == layers


@pytest.mark.parametrize(("d", "m"), [(2, 4), (2, 6), (3, 2)])
def test_special_linear_orders(d, m):
    # |SL(d, Z/mZ)| = m^(d^2-1) prod_{p | m} prod_{i=2..d} (1 - p^-i); both sets generate it.
    order = {(2, 4): 48, (2, 6): 144, (3, 2): 168}[d, m]
    for family in ("special_linear_fundamental_roots", "special_linear_root_weyl"):
        g = generators(family, m, d=d)
        assert sum(matrix_growth(g.matrices, g.modulus)) == order


def test_generalized_heisenberg_order():
    g = generators("heisenberg", 3, d=4)  # order p^(2d-3) = 3^5
    assert sum(matrix_growth(g.matrices, g.modulus)) == 3**5 and len(g) == 8


# --- puzzles -----------------------------------------------------------------------------

def _order(g) -> int:
    from cayley.group import PermutationGroup

    return PermutationGroup(list(g.perms), degree=g.degree).order()


def test_puzzle_group_orders():
    # 2x2x2: 7! 3^6 = 3,674,160 with a corner fixed; PuzzleGeometry's and CayleyPy's 2x2x2 turn
    # all six faces, so the 24 orientations of the whole cube multiply it.
    assert _order(generators("gap:2x2x2")) == _order(generators("rubik_cube", 2)) == 24 * 3674160
    # Rubik's cube: 43,252,003,274,489,856,000 (centres never move in QTM).
    assert _order(generators("rubik_cube", 3)) == _order(generators("gap:3x3x3")) == 43252003274489856000
    # Pyraminx with tips: 75,582,720 (Jaap's Puzzle Page). Its moves turn the big layers (three
    # tips each), so the whole puzzle turns too: the four axial centres move as the Klein
    # four-group, a factor 4; fixing them leaves the published group.
    pyraminx = generators("pyraminx")
    assert _order(pyraminx) == 4 * 75582720
    # PuzzleGeometry's pyraminx without rotations turns the small layers: exactly the published
    # group; without tips (the tetraminx) 75,582,720 / 3^4 = 933,120 (Jaap's Puzzle Page).
    assert _order(generators("gap:no_rot_pyraminx/pyraminx")) == 75582720
    assert _order(generators("gap:no_rot_tetraminx/tetraminx")) == 933120
    assert _order(generators("mini_pyramorphix")) == 288


@pytest.mark.slow
def test_megaminx_order_is_the_published_one():
    # 20!/2 * 3^19 * 30!/2 * 2^29 ~ 1.0e68 (en.wikipedia.org/wiki/Megaminx).
    expected = factorial(20) // 2 * 3**19 * factorial(30) // 2 * 2**29
    assert _order(generators("megaminx")) == expected == _order(generators("gap:megaminx"))


def test_puzzles_from_cayleypy_lists_and_their_growth():
    # CayleyPy's puzzles_growth.csv: mini_pyramorphix and the GAP pyramorphix from its ip colours.
    assert perm_growth(generators("mini_pyramorphix").perms) == [1, 17, 54, 84, 92, 40]
    pyramorphix = generators("gap:pyramorphix")
    assert perm_growth(pyramorphix.perms, start=pyramorphix.central_state.tolist()) == [1, 6, 27, 42, 20]


def test_megaminx_and_pyraminx_are_the_puzzlegeometry_moves_reordered():
    for family, gap in (("megaminx", "gap:megaminx"), ("pyraminx", "gap:pyraminx")):
        ours, theirs = generators(family), generators(gap)
        assert {tuple(p) for p in ours.perms.tolist()} == {tuple(p) for p in theirs.perms.tolist()}
    assert generators("pyraminx").names[8:10] == ("BL", "BL_inv")


def test_rubik_cube_matches_the_gap_cube_up_to_numbering():
    ours, gap = generators("rubik_cube", 3, metric="HTM"), generators("cube_3x3x3_htm")
    assert len(ours) == len(gap) == 18
    # Same cycle structure: 20 stickers move in every quarter turn, 6 of them on the turned face's edge...
    assert sorted(np.count_nonzero(p != np.arange(54)) for p in ours.perms) == sorted(
        np.count_nonzero(p != np.arange(48)) for p in gap.perms)
    assert generators("rubik_cube", 3, metric="QSTM").names[:2] == ("f0", "f0_inv")
    assert len(generators("rubik_cube", 3, metric="QTM")) == 12  # the middle slices are left out
    assert len(generators("rubik_cube", 4, metric="QTM")) == 24
    assert len(generators("rubik_cube", 2, metric="ATM")) == 3 * (3**2 - 1)
    colours = generators("rubik_cube", 2).central_state
    assert colours.tolist() == [face for face in range(6) for _ in range(4)]


def test_rubik_cube_fixed_corner_metrics():
    # CayleyPy's Puzzles.rubik_cube(2, "fixed_QTM"/"fixed_HTM"): the layers f0, r0, d0 (it names
    # r0 "r1"), so the corner of f1, r1, d1 never moves and the group has 7! * 3^6 elements.
    quarter, half = generators("rubik_cube", 2, metric="fixed_QTM"), generators("rubik_cube", 2, metric="FIXED_HTM")
    layers = {name: generators("rubik_cube", 2).perms[i] for i, name in enumerate(generators("rubik_cube", 2).names)}
    assert quarter.names == ("f0", "f0'", "r1", "r1'", "d0", "d0'")
    assert half.names == ("f0", "f0'", "f0^2", "r1", "r1'", "r1^2", "d0", "d0'", "d0^2")
    assert [p.tolist() for p in quarter.perms[::2]] == [layers[m].tolist() for m in ("f0", "r0", "d0")]
    assert [p.tolist() for p in half.perms[2::3]] == [p[p].tolist() for p in quarter.perms[::2]]
    assert _order(quarter) == _order(half) == 3674160
    assert quarter.central_state.tolist() == [face for face in range(6) for _ in range(4)]


def test_rubik_cube_metric_errors():
    with pytest.raises(InputError, match="metric='XTM' is not one of QTM, HTM, QSTM, ATM"):
        generators("rubik_cube", 3, metric="XTM")
    with pytest.raises(InputError, match="n must be at most 5"):
        generators("rubik_cube", 6, metric="ATM")
    with pytest.raises(InputError, match="metric=FIXED_QTM fixes a corner of the 2x2x2 only; n must be 2, got n=3"):
        generators("rubik_cube", 3, metric="fixed_QTM")


def test_parameter_errors_are_input_errors():
    with pytest.raises(InputError, match="k=5 must not exceed n=4"):
        generators("consecutive_k_cycles", 4, k=5)
    with pytest.raises(InputError, match="subset=7 needs n >= 5"):
        generators("cubic_pancake", 4, subset=7)
    with pytest.raises(InputError, match="cannot read classes"):
        generators("conjugacy_classes", 5, classes="3x2")
    with pytest.raises(InputError, match="sum to 7 > n=5"):
        generators("conjugacy_classes", 5, classes="4+3")
    with pytest.raises(InputError, match="rings 5,2,5,2 have 8 balls, but n=9"):
        generators("hungarian_rings", 9, rings="5,2,5,2")
    with pytest.raises(InputError, match="k=4 is out of range"):
        generators("sheveleva2", 6, k=4)


# --- GAP files ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", gap_puzzle_names())
def test_every_shipped_gap_file_parses_into_an_undirected_set(name):
    g = generators(name)
    assert g.family == name and g.inverse_closed and g.central_state is not None
    assert np.array_equal(np.sort(g.perms, axis=1), np.tile(np.arange(g.degree), (len(g), 1)))
    assert g.perms[:, :].max() == g.degree - 1
    first = generators(name).names[0]
    assert "M_" not in first and (first + "'" in g.names or any(
        np.array_equal(np.argsort(g.perms[0]), p) for p in g.perms))


def test_the_data_ships_92_gap_files_and_the_attribution():
    root = Path(__import__("cayley").__file__).parent / "data" / "puzzles"
    assert len(list(root.glob("defaults/*.gap"))) + len(list(root.glob("pyraminx_tetraminx/*/*.gap"))) == 92
    readme = (root / "README.md").read_text()
    assert "MIT License" in readme and "Rokicki" in readme and "CayleyPy" in readme


def test_load_gap_file(tmp_path):
    path = tmp_path / "tiny.gap"
    path.write_text("# a comment\nM_x:=(1,2)\n(3,4,5);\nM_y:=(1,5);\nGen:=[\nM_y,M_x\n];\nip:=[[1,2]];\n")
    g = load_gap_file(path)
    assert g.names == ("y", "x", "x'") and g.degree == 5 and g.inverse_closed
    assert g.central_state.tolist() == [0, 0, 1, 2, 3]
    assert load_gap_file(path, add_inverses=False).names == ("y", "x")


MALFORMED = [
    ("M_a:=(1,2,3)", "does not end with ';'"),
    ("M_a:=(1,2,3;", "is not GAP cycle notation"),
    ("M_a:=(1,2,2);", "repeats point 2"),
    ("M_a:=(0,1);", "stickers are numbered from 1"),
    ("M_a:=(1,2);\nM_a:=(2,3);", "defined twice"),
    ("M_a:=(1,2);\nGen:=[M_a,M_b];", "Gen names M_b"),
    ("M_a:=(1,2);\nGen:=M_a;", "Gen must be a list"),
    ("M_a:=(1,2);\nip:=[[1],[7]];", "ip mentions sticker 7"),
    ("M_a:=(1,2);\nip:=[1,2];", "ip must be a list of lists"),
    ("M_a:=(1,2);\nfoo:=3;", "unknown assignment foo"),
    ("M_a:=(1,2);\nthis is not gap;", "expected NAME:=VALUE"),
    ("# only a comment\n", "no moves found"),
    ("M_a:=();", "every move is the identity"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_gap_files_give_one_clear_line(tmp_path, text, message):
    path = tmp_path / "bad.gap"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as error:
        load_gap_file(path)
    assert "bad.gap" in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(InputError, match=message):
        parse_gap(text)


def test_gap_line_numbers():
    with pytest.raises(InputError, match=r"^f.gap:3: move M_b"):
        parse_gap("# c\nM_a:=(1,2);\nM_b:=(1,1);", "f.gap")


# --- the catalogue and --param ------------------------------------------------------------

def test_families_table_lists_every_family_with_its_fields():
    rows = families_table()
    assert len(rows) >= 140 and [row["name"] for row in rows][:2] == ["lrx", "lx"]
    assert all(set(row) == {"name", "kind", "n", "parameters", "group", "degree", "definition", "source"}
               for row in rows)
    assert all(all(isinstance(v, str) and v and "\n" not in v for v in row.values()) for row in rows)
    by_name = {row["name"]: row for row in rows}
    assert by_name["rubik_cube"]["degree"] == "24..24576" and by_name["rubik_cube"]["parameters"] == "metric='QTM'"
    assert by_name["gap:megaminx"]["degree"] == "120" and by_name["coxeter_b"]["group"].startswith("B_n")
    assert len(families_table(include_gap=False)) == len(rows) - 92


def test_parse_params():
    assert parse_params("koltsov3", ["perm_type=1", "k=2", "d=3"]) == {"perm_type": 1, "k": 2, "d": 3}
    assert parse_params("rubik_cube", ["metric=HTM"]) == {"metric": "HTM"}
    params = parse_params("consecutive_k_cycles", ["k=4"])
    assert generators("consecutive_k_cycles", 6, **params).names[0] == "(0,1,2,3)"
    with pytest.raises(InputError, match="expected KEY=VALUE"):
        parse_params("lrx", ["k"])
    with pytest.raises(InputError, match="k takes an int"):
        parse_params("lrx", ["k=x"])
    with pytest.raises(InputError, match="given twice"):
        parse_params("lrx", ["k=1", "k=2"])
    with pytest.raises(InputError, match="megaminx takes no parameters"):
        parse_params("megaminx", ["k=1"])


def test_family_info_of_new_families():
    assert family_info("special_linear_root_weyl").params == (("d", 2),)
    assert family_info("gap:2x2x2").min_n == family_info("gap:2x2x2").max_n == 1
    assert generators("gap:2x2x2").n == 1
