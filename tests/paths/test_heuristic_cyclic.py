"""``CyclicInversions``: its O(n^2) grid and tie-break against the definitions, its invariance
under rotations, and beam searches with it that reach the lrx antipode at the distance
breadth-first search gives."""
import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph
from cayley.__main__ import main
from cayley.errors import InputError
from cayley.heuristics import CyclicInversions
from cayley.paths import beam_search, shortest_word


def antipode(n: int) -> list[int]:
    return [1, 0] + list(range(n - 1, 1, -1))


def inversions(q: list[int], cut: int, offset: int) -> int:
    """Inversions of ``q`` read from position ``cut``, values ranked from ``offset``."""
    n = len(q)
    ranks = [(q[(cut + i) % n] - offset) % n for i in range(n)]
    return sum(ranks[a] > ranks[b] for a in range(n) for b in range(a + 1, n))


def score_by_definition(q: list[int]) -> tuple[int, int]:
    """Brute force: the fewest inversions over cuts and offsets, and the fewest rotations to a
    neighbouring pair whose swap lowers the count of a best (cut, offset)."""
    n = len(q)
    grid = {(cut, offset): inversions(q, cut, offset) for cut in range(n) for offset in range(n)}
    best = min(grid.values())
    if best == 0:
        return 0, 0
    distance = n
    for (cut, offset), count in grid.items():
        for p in range(n):
            if count == best and p != (cut - 1) % n:  # a pair not split by the cut
                swapped = list(q)
                swapped[p], swapped[(p + 1) % n] = swapped[(p + 1) % n], swapped[p]
                if inversions(swapped, cut, offset) < best:
                    distance = min(distance, p, n - p)
    return best, distance


def replay(graph: CayleyGraph, word: list[str]) -> list[int]:
    state = graph.start
    for name in word:
        state = graph.apply(state, graph.names.index(name))
    return np.asarray(state).tolist()


@settings(max_examples=20, deadline=None)
@given(st.integers(3, 8).flatmap(lambda n: st.tuples(st.permutations(range(n)), st.permutations(range(n)))))
def test_the_grid_and_tie_break_follow_their_definitions(pair):
    state, target = pair
    n = len(state)
    h = CyclicInversions(CayleyGraph.from_family("lrx", n), list(target))
    position = np.argsort(target)
    q = [int(position[s]) for s in state]  # the target position of the symbol at each position
    swaps, distance = score_by_definition(q)
    row = np.asarray([state], dtype=np.uint8)
    assert h.swaps(row).tolist() == [swaps] and h.scores(row).tolist() == [swaps * (n + 1) + distance]


def test_rotations_keep_the_score_and_the_target_scores_zero():
    graph = CayleyGraph.from_family("lrx", 6)
    h = CyclicInversions(graph, antipode(6))
    states = np.asarray(list(itertools.permutations(range(6))), dtype=np.uint8)
    scores = h.swaps(states)
    for g in ("L", "R"):
        assert np.array_equal(h.swaps(states[:, graph.generators[graph.names.index(g)]]), scores)
    assert h.scores(np.asarray([antipode(6)], dtype=np.uint8)).tolist() == [0]
    assert scores.max() == (6 - 1) ** 2 // 4  # the identity and its rotations are the farthest


@pytest.mark.parametrize("n", [5, 6, 7, 8])
def test_the_antipode_scores_the_swaps_of_a_shortest_word(n):
    graph = CayleyGraph.from_family("lrx", n)
    h = CyclicInversions(graph, antipode(n))
    word = shortest_word(graph, antipode(n)).word  # bidirectional BFS
    assert h.swaps(graph.start_codes[None, :].astype(np.uint8)).tolist() == [word.count("X")]
    assert word.count("X") == (n - 1) ** 2 // 4


@pytest.mark.parametrize("n", [8, 9])
def test_beam_with_cyclic_inversions_reaches_the_antipode_at_its_distance(n):
    graph = CayleyGraph.from_family("lrx", n)
    r = beam_search(graph, antipode(n), width=200, heuristic="cyclic", progress=False)
    assert replay(graph, r.word) == antipode(n)
    assert r.length == shortest_word(graph, antipode(n)).length == n * (n - 1) // 2


def test_lrx_16_antipode_word_has_the_conjectured_length():
    # n(n-1)/2 = 120: the conjectured distance (the lrx diameter, known by BFS up to n = 14)
    graph = CayleyGraph.from_family("lrx", 16)
    r = beam_search(graph, antipode(16), width=1000, heuristic="cyclic", ball_radius=6, progress=False)
    assert replay(graph, r.word) == antipode(16) and r.length == 120
    assert not r.shortest and r.lower_bound == 7  # only the ball's radius is proven


def test_cli_cyclic_and_its_errors(capsys):
    state = ",".join(map(str, antipode(9)))
    assert main(["path", "lrx", "9", "--state", state, "--beam", "100", "--heuristic", "cyclic", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["length"] == 36 and out["heuristic"] == "cyclic"
    assert replay(CayleyGraph.from_family("lrx", 9), out["word"]) == antipode(9)
    assert main(["path", "lrx", "4", "--state", "1,1,0,0", "--beam", "10", "--start", "0,0,1,1",
                 "--heuristic", "cyclic"]) == 2
    assert "error: cyclic inversions need a target whose symbols are all distinct" in capsys.readouterr().err


def test_bad_graphs_are_refused():
    with pytest.raises(InputError, match="permutation generators"):
        CyclicInversions(CayleyGraph.from_family("sl2", 3), np.eye(2, dtype=int))
