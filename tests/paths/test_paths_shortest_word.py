"""Shortest words: bidirectional BFS against brute-force BFS distances; beam search validity."""
from collections import deque

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cayley import CayleyGraph, growth
from cayley.paths import PathNotFoundError, beam_search, shortest_word, word_length_distribution


def bfs_distances(graph: CayleyGraph) -> dict[tuple, int]:
    """Brute-force BFS from the start state over tuples (the oracle)."""
    start = tuple(int(x) for x in graph.start.ravel())
    dist, queue = {start: 0}, deque([graph.start])
    while queue:
        s = queue.popleft()
        d = dist[tuple(int(x) for x in s.ravel())]
        for i in range(graph.n_generators):
            t = graph.apply(s, i)
            key = tuple(int(x) for x in t.ravel())
            if key not in dist:
                dist[key] = d + 1
                queue.append(t)
    return dist


def replay(graph: CayleyGraph, word: list[str]) -> np.ndarray:
    state = graph.start
    for name in word:
        state = graph.apply(state, graph.names.index(name))
    return state


SMALL_GRAPHS = [
    ("coxeter", 4, None),
    ("pancake", 5, None),
    ("lrx", 5, None),
    ("lx", 5, None),  # directed: the backward search must use inverse generators
    ("top_spin", 6, None),
    ("lrx", 6, "001011"),  # Schreier graph over a multiset
]


@pytest.mark.parametrize("family,n,start", SMALL_GRAPHS)
def test_shortest_word_length_equals_bfs_layer_for_every_state(family, n, start):
    graph = CayleyGraph.from_family(family, n, start=start)
    dist = bfs_distances(graph)
    assert sorted(np.bincount(list(dist.values())).tolist()) == sorted(growth(graph).layer_sizes)
    for state, d in dist.items():
        result = shortest_word(graph, list(state))
        assert result.length == d and result.shortest
        assert tuple(replay(graph, result.word).tolist()) == state


def test_matrix_group_words_are_shortest():
    graph = CayleyGraph.from_family("sl2", 3)
    dist = bfs_distances(graph)
    assert len(dist) == 24  # |SL(2,3)| = p(p^2-1)
    for state, d in dist.items():
        result = shortest_word(graph, np.array(state).reshape(2, 2))
        assert result.length == d
        assert tuple(replay(graph, result.word).ravel().tolist()) == state


def test_known_distance_pancake_reversal():
    # Reversing the whole stack is one flip; the lx graph of the issue example has distance 34
    # by brute force in this test file's oracle.
    assert shortest_word(CayleyGraph.from_family("pancake", 8), "7,6,5,4,3,2,1,0").word == ["R7"]
    lx = CayleyGraph.from_family("lx", 8)
    assert shortest_word(lx, "1,0,7,6,5,4,3,2").length == bfs_distances(lx)[(1, 0, 7, 6, 5, 4, 3, 2)]


@pytest.mark.parametrize("family,n,start", SMALL_GRAPHS)
def test_beam_search_returns_valid_words(family, n, start):
    graph = CayleyGraph.from_family(family, n, start=start)
    dist = bfs_distances(graph)
    rng = np.random.default_rng(0)
    states = list(dist)
    for k in rng.choice(len(states), size=min(15, len(states)), replace=False):
        result = beam_search(graph, list(states[k]), width=20)
        assert result.method == "beam_search"
        assert tuple(replay(graph, result.word).tolist()) == states[k]
        assert result.length >= dist[states[k]] >= result.lower_bound
        assert not result.shortest or result.length == dist[states[k]]


def test_beam_search_with_full_width_is_bfs():
    # With a beam wider than any layer, beam search is plain BFS and finds shortest words.
    graph = CayleyGraph.from_family("coxeter", 5)
    dist = bfs_distances(graph)
    for state in list(dist)[::7]:
        assert beam_search(graph, list(state), width=10_000).length == dist[state]


def test_custom_heuristic_is_used():
    graph = CayleyGraph.from_family("lrx", 7)
    calls = []

    def h(states, target):
        calls.append(states.shape)
        return np.count_nonzero(states != target, axis=1)

    target = [6, 5, 4, 3, 2, 1, 0]
    result = beam_search(graph, target, width=50, heuristic=h)
    assert calls and all(shape[1] == 7 for shape in calls)
    assert replay(graph, result.word).tolist() == target


@given(st.lists(st.integers(0, 2), max_size=25))
def test_random_words_are_never_shorter_than_shortest(word):
    graph = CayleyGraph.from_family("lrx", 6)
    target = replay(graph, [graph.names[i] for i in word])
    result = shortest_word(graph, target)
    assert result.length <= len(word)
    assert np.array_equal(replay(graph, result.word), target)
    assert result.length <= 15  # lrx n=6 has diameter n(n-1)/2 = 15


@given(st.lists(st.integers(0, 4), max_size=30), st.integers(10, 30))
def test_beam_search_words_replay_to_the_target(word, width):
    graph = CayleyGraph.from_family("pancake", 6)
    target = replay(graph, [graph.names[i] for i in word])
    result = beam_search(graph, target, width=width)
    assert np.array_equal(replay(graph, result.word), target)
    assert result.length >= shortest_word(graph, target).length


@given(st.permutations(list(range(5))))
def test_shortest_word_coxeter_length_is_inversion_count(p):
    # In the Coxeter generators, word length = number of inversions (Bjorner-Brenti, Prop. 1.5.2)
    inversions = sum(p[i] > p[j] for i in range(5) for j in range(i + 1, 5))
    assert shortest_word(CayleyGraph.from_family("coxeter", 5), p).length == inversions


def test_word_length_distribution_is_growth():
    assert word_length_distribution(CayleyGraph.from_family("all_transpositions", 4)) == [1, 6, 11, 6]


def test_empty_word_for_start_and_json():
    result = shortest_word(CayleyGraph.from_family("lrx", 5), "0,1,2,3,4")
    assert result.word == [] and result.to_dict()["length"] == 0
    assert '"method": "bidirectional_bfs"' in result.to_json()


# ---------------------------------------------------------------------------- bad inputs
def test_wrong_length_state():
    with pytest.raises(ValueError, match="length 3"):
        shortest_word(CayleyGraph.from_family("lrx", 5), [0, 1, 2])
    with pytest.raises(ValueError, match="length 3"):
        beam_search(CayleyGraph.from_family("lrx", 5), [0, 1, 2])


def test_state_with_other_symbols():
    with pytest.raises(ValueError, match="rearrangement"):
        shortest_word(CayleyGraph.from_family("lrx", 4), [0, 1, 2, 2])
    with pytest.raises(ValueError, match="expected digits"):
        shortest_word(CayleyGraph.from_family("lrx", 4), "a,b,c,d")


def test_state_not_in_the_group():
    # Coxeter-like generators of A_4 only: an odd permutation is unreachable.
    graph = CayleyGraph(["(1,2,3)", "(2,3,4)"], degree=4)
    with pytest.raises(PathNotFoundError, match="not reachable"):
        shortest_word(graph, [1, 0, 2, 3])
    with pytest.raises(PathNotFoundError, match="did not reach"):
        beam_search(graph, [1, 0, 2, 3], width=5)


def test_bad_parameters():
    graph = CayleyGraph.from_family("lrx", 5)
    with pytest.raises(TypeError, match="CayleyGraph"):
        shortest_word("lrx", [0, 1, 2, 3, 4])
    with pytest.raises(ValueError, match="width"):
        beam_search(graph, [0, 1, 2, 3, 4], width=0)
    with pytest.raises(ValueError, match="heuristic 'manhattan'"):
        beam_search(graph, [0, 1, 2, 3, 4], heuristic="manhattan")
    with pytest.raises(TypeError, match="heuristic"):
        beam_search(graph, [0, 1, 2, 3, 4], heuristic=3)
    with pytest.raises(ValueError, match="max_states"):
        shortest_word(graph, [0, 1, 2, 3, 4], max_states=0)
    with pytest.raises(ValueError, match="2x2"):
        shortest_word(CayleyGraph.from_family("sl2", 3), np.eye(3, dtype=int))


def test_memory_budget_refusal():
    from cayley import MemoryBudgetError

    with pytest.raises(MemoryBudgetError, match="beam_search"):
        shortest_word(CayleyGraph.from_family("lrx", 9), "8,7,6,5,4,3,2,1,0", max_states=100)
