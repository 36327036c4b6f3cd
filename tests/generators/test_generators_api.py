"""The lookup API, parameter validation and the GeneratorSet record."""
import dataclasses
import doctest
import importlib
from pathlib import Path

import numpy as np
import pytest

import cayley.generators as G
from cayley.generators import FamilyInfo, GeneratorSet, family_info, family_names, generators

MODULES = ["", "._base", "._cycles", "._symmetric", "._involutions", "._puzzles", "._matrix", "._registry",
           "._cycle_sets", "._block_moves", "._coxeter_types", "._classes", "._cube", "._hungarian",
           "._named_puzzles", "._gap", "._catalogue"]


@pytest.mark.parametrize("suffix", MODULES)
def test_docstring_examples_run(suffix):
    module = importlib.import_module("cayley.generators" + suffix)
    result = doctest.testmod(module)
    assert result.failed == 0


def test_user_guide_examples_run():
    guide = Path(__file__).resolve().parents[2] / "docs" / "families.md"
    result = doctest.testfile(str(guide), module_relative=False)
    assert result.attempted >= 5 and result.failed == 0


def test_every_public_family_function_is_registered_under_its_name():
    names = family_names()
    assert len(names) == len(set(names)) >= 140  # issue 22: at least 140 predefined generating sets
    gap = [name for name in names if name.startswith("gap:")]
    assert len(gap) == 92 and gap == G.gap_puzzle_names()
    for name in (name for name in names if not name.startswith("gap:")):
        assert getattr(G, name).__name__ == name
        assert name in G.__all__
        assert getattr(G, name).__doc__ and "Source" in getattr(G, name).__doc__


def test_family_info_fields():
    info = family_info("lrx")
    assert isinstance(info, FamilyInfo)
    assert (info.name, info.kind, info.min_n, info.params) == ("lrx", "permutation", 3, (("k", 1),))
    assert "CayleyPy" in info.source
    assert family_info("sl2").kind == "matrix"
    assert family_info("cube_3x3x3_htm").min_n == family_info("cube_3x3x3_htm").max_n == 3


def test_lookup_is_case_and_space_insensitive():
    assert generators(" LRX ", 4).family == "lrx"
    assert generators("GAP:fto").family == generators("gap:FTO").family == "gap:FTO"


def test_unknown_family_lists_known_ones_and_suggests_close_names():
    with pytest.raises(ValueError, match="Did you mean 'pancake'") as error:
        generators("pancakes", 5)
    assert "Known families" in str(error.value) and "lrx" in str(error.value)
    with pytest.raises(ValueError, match="unknown family"):
        family_info("no_such_thing")


@pytest.mark.parametrize(
    ("family", "n", "message"),
    [
        ("lrx", 2, "at least 3"),
        ("all_cycles", 10, "at most 9"),
        ("cube_2x2x2_qtm", 3, "at least 2, at most 2"),
        ("burnt_pancake", 0, "number of pancakes"),
        ("sl2", 4, "prime"),
        ("involutive_derangements", 5, "even"),
        ("top_spin", 3, "k=4 must not exceed n=3"),
        ("ut", 1, "matrix size"),
    ],
)
def test_n_out_of_range_is_a_value_error_naming_the_range(family, n, message):
    with pytest.raises(ValueError, match=message):
        generators(family, n)


@pytest.mark.parametrize("bad", [5.0, "5", True, None, [5]])
def test_non_int_n_is_a_type_error(bad):
    with pytest.raises(TypeError, match="n"):
        generators("lrx", bad)


def test_numpy_integers_are_accepted():
    assert generators("lrx", np.int64(5)).n == 5
    assert type(generators("lrx", np.int64(5)).n) is int


def test_keyword_parameters_are_checked():
    assert generators("lrx", 5, k=2).perms[2].tolist() == [2, 1, 0, 3, 4]
    assert generators("ut", 3, p=7).modulus == 7
    with pytest.raises(ValueError, match="k=5 is out of range"):
        generators("lrx", 5, k=5)
    with pytest.raises(TypeError, match="unknown parameter"):
        generators("lrx", 5, q=1)
    with pytest.raises(TypeError, match="p must be an int"):
        generators("ut", 3, p=2.5)
    with pytest.raises(ValueError, match="p=1"):
        generators("ut", 3, p=1)


def test_fixed_size_puzzles_need_no_n():
    assert generators("cube_2x2x2_qtm").n == 2
    assert G.cube_3x3x3_qtm().n == 3
    with pytest.raises(TypeError, match="n is required"):
        generators("lrx")


def test_family_must_be_a_string():
    with pytest.raises(TypeError, match="family must be a str"):
        generators(3, 5)


def test_generator_set_is_immutable_and_describes_itself():
    g = generators("pancake", 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.n = 5
    with pytest.raises(ValueError):
        g.perms[0, 0] = 3
    assert (g.kind, g.degree, len(g)) == ("permutation", 4, 3)
    assert "pancake" in repr(g) and "\n" not in g.description
    m = generators("sl2", 5)
    assert (m.kind, m.degree, m.perms) == ("matrix", 2, None)


def test_generator_set_rejects_inconsistent_fields():
    perms = np.array([[1, 0]], dtype=np.int64)
    with pytest.raises(ValueError, match="2 names for 1 generators"):
        GeneratorSet("x", 2, ("a", "b"), perms, None, None, True, "")
    with pytest.raises(ValueError, match="exactly one"):
        GeneratorSet("x", 2, ("a",), None, None, None, True, "")
    with pytest.raises(ValueError, match="int64"):
        GeneratorSet("x", 2, ("a",), perms.astype(np.int32), None, None, True, "")
