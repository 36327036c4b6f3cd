"""Hostile input to the core library: degrees, generators, states and memory guards."""
import numpy as np
import pytest

from cayley import CayleyGraph, PermutationGroup, _memory, perm
from cayley.errors import InputError, MemoryBudgetError
from cayley.paths import beam_search, shortest_word


# ----------------------------------------------------------------------------- degrees
@pytest.mark.parametrize("degree", [perm.MAX_DEGREE + 1, 10**9, 10**20])
def test_degree_beyond_uint16_images_is_refused(degree):
    for make in (lambda: perm.identity(degree),
                 lambda: perm.from_cycles("(1,2)", degree),
                 lambda: PermutationGroup(["(1,2)"], degree=degree),
                 lambda: CayleyGraph(["(1,2)"], degree=degree)):
        with pytest.raises(InputError, match=f"degree {degree} is too large.*at most 65536"):
            make()


def test_a_point_beyond_the_largest_degree_is_refused():
    with pytest.raises(InputError, match="at most 65536"):
        PermutationGroup(["(1,70000)"])


def test_largest_degree_is_allowed():
    assert PermutationGroup(["(1,2)"], degree=perm.MAX_DEGREE).order() == 2
    assert perm.compact(perm.identity(perm.MAX_DEGREE)).max() == perm.MAX_DEGREE - 1


@pytest.mark.parametrize("degree", [-1, 1.5, "3", True])
def test_degree_must_be_a_non_negative_int(degree):
    with pytest.raises((TypeError, ValueError)):
        perm.check_degree(degree)


def test_stabilizer_chain_level_is_memory_guarded(monkeypatch):
    monkeypatch.setattr(_memory, "available_bytes", lambda: 1_000_000)
    with pytest.raises(MemoryBudgetError, match="stabilizer-chain level of degree 300"):
        PermutationGroup([np.roll(np.arange(300), 1), perm.from_cycles("(1,2)", 300)])


def test_ranking_tables_are_memory_guarded(monkeypatch):
    group = PermutationGroup([np.roll(np.arange(2000), 1)])  # cyclic: one level, 2000 x 2000 tables
    monkeypatch.setattr(_memory, "available_bytes", lambda: 10_000_000)
    with pytest.raises(MemoryBudgetError, match="ranking tables"):
        group.tables


def test_transversals_unchanged_by_the_guard():
    group = PermutationGroup(["(1,2,3,4,5,6,7,8,9,10,11)", "(3,7,11,8)(4,10,5,6)"])
    for level in group._levels:
        assert (level.transversal[:, level.base_point] == level.orbit).all()
        assert (np.take_along_axis(level.transversal, level.inverse_transversal, axis=1)
                == np.arange(group.degree)).all()
    assert group.order() == 7920


# ----------------------------------------------------------------------------- apply
def test_apply_rejects_an_unknown_generator_name():
    graph = CayleyGraph.from_family("lrx", 4)
    with pytest.raises(InputError, match=r"unknown generator '\(0,1\)'.*\['L', 'R', 'X'\].*0\.\.2"):
        graph.apply(np.arange(4), "(0,1)")


@pytest.mark.parametrize("generator", [3, -1, 10**20, 1.0, None, True, np.array([0])])
def test_apply_rejects_a_bad_generator_number(generator):
    with pytest.raises(InputError, match="generator"):
        CayleyGraph.from_family("lrx", 4).apply(np.arange(4), generator)


def test_apply_takes_a_name_or_a_number():
    graph = CayleyGraph.from_family("coxeter", 4)  # generator names are "(0,1)", "(1,2)", ...
    states = np.array([[3, 2, 1, 0], [0, 1, 2, 3]])
    assert graph.apply(states, "(0,1)").tolist() == graph.apply(states, 0).tolist() == [[2, 3, 1, 0], [1, 0, 2, 3]]
    assert graph.apply(states, np.int64(2)).tolist() == [[3, 2, 0, 1], [0, 1, 3, 2]]


@pytest.mark.parametrize("states", [np.arange(3), np.arange(5), np.zeros((2, 3)), np.int64(1)])
def test_apply_rejects_states_of_the_wrong_shape(states):
    with pytest.raises(InputError, match="states have shape"):
        CayleyGraph.from_family("lrx", 4).apply(states, 0)


def test_apply_on_matrix_states():
    graph = CayleyGraph.from_family("sl2", 5)
    assert graph.apply(np.eye(2, dtype=np.int64), "x").tolist() == [[1, 1], [0, 1]]
    with pytest.raises(InputError, match="2x2 matrices"):
        graph.apply(np.arange(4), "x")


# ----------------------------------------------------------------------------- states
@pytest.mark.parametrize("state,words", [
    ("1,0,2", "target state '1,0,2' has length 3"),
    ([1, 0, 2], "target state has length 3"),
    ([[1, 0, 2, 3, 4]], r"target state has shape \(1, 5\)"),
    ("1,0,x,3,4", "target state '1,0,x,3,4': expected digits"),
    ("99999999999999999999,0,2,3,4", "64-bit"),
])
def test_wrong_target_states_name_the_target(state, words):
    graph = CayleyGraph.from_family("lrx", 5)
    for search in (shortest_word, beam_search):
        with pytest.raises(InputError, match=words):
            search(graph, state)


def test_wrong_start_state_names_the_start():
    with pytest.raises(InputError, match="start state '010' has length 3"):
        CayleyGraph.from_family("lrx", 5, start="010")


def test_beam_width_is_memory_guarded():
    with pytest.raises(MemoryBudgetError, match="a beam of width"):
        beam_search(CayleyGraph.from_family("lrx", 5), "1,0,2,3,4", width=10**20)


def test_bidirectional_search_layers_are_memory_guarded(monkeypatch):
    monkeypatch.setattr(_memory, "available_bytes", lambda: 10_000)
    with pytest.raises(MemoryBudgetError, match="next BFS layer"):
        shortest_word(CayleyGraph.from_family("coxeter", 8), "7,6,5,4,3,2,1,0")
