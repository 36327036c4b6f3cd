"""The numba beam search, meet in the middle, and heuristics (Hamming, pattern databases)."""
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, MemoryBudgetError
from cayley import _beam
from cayley.errors import InputError, PathNotFoundError
from cayley.heuristics import (FunctionHeuristic, Hamming, MaxHeuristic, PatternDatabase, SumHeuristic,
                               choose_patterns, pattern_databases)
from cayley.paths import beam_search, shortest_word


def distances_to(graph: CayleyGraph, target) -> dict[tuple, int]:
    """Brute force: the distance from every state to ``target`` (BFS backwards over tuples)."""
    inverse = np.argsort(graph.generators, axis=1)
    t = tuple(int(x) for x in target)
    dist, queue = {t: 0}, deque([t])
    while queue:
        s = queue.popleft()
        for g in inverse:
            u = tuple(np.asarray(s)[g].tolist())
            if u not in dist:
                dist[u] = dist[s] + 1
                queue.append(u)
    return dist


def replay(graph: CayleyGraph, word: list[str]) -> np.ndarray:
    state = graph.start
    for name in word:
        state = graph.apply(state, name)
    return state


GRAPHS = {name: CayleyGraph.from_family(name, n) for name, n in
          [("lrx", 6), ("coxeter", 5), ("pancake", 6), ("top_spin", 6), ("lx", 6)]}


# ---------------------------------------------------------------------------- beam search
@settings(max_examples=25)
@given(st.sampled_from(sorted(GRAPHS)), st.lists(st.integers(0, 10), max_size=20), st.integers(1, 40),
       st.sampled_from([0, 1, 3, None]), st.integers(0, 3), st.sampled_from(["hamming", "pdb"]))
def test_words_replay_and_are_never_below_the_distance(name, moves, width, history, radius, heuristic):
    graph = GRAPHS[name]
    word = [graph.names[m % graph.n_generators] for m in moves]
    target = replay(graph, word)
    exact = shortest_word(graph, target).length
    try:
        r = beam_search(graph, target, width=width, history=history, ball_radius=radius, heuristic=heuristic,
                        max_steps=200, progress=False)
    except PathNotFoundError:
        return  # a narrow beam may lose the way; it must never return a wrong word
    assert np.array_equal(replay(graph, r.word), target)
    assert r.length >= exact >= r.lower_bound
    if r.shortest:
        assert r.length == exact


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_a_beam_wider_than_every_layer_with_full_history_is_bfs(name):
    graph = GRAPHS[name]
    rng = np.random.default_rng(1)
    for _ in range(5):
        target = rng.permutation(graph.degree)
        try:
            exact = shortest_word(graph, target).length
        except PathNotFoundError:
            continue  # top_spin 6 generates A_6 only
        r = beam_search(graph, target, width=10_000, history=None, ball_radius=2, progress=False)
        assert r.length == exact and r.shortest


def test_meet_in_the_middle_completes_the_word_from_the_ball():
    graph = CayleyGraph.from_family("lrx", 7)
    target = [1, 0, 6, 5, 4, 3, 2]  # the antipode: distance 21
    r = beam_search(graph, target, width=1, ball_radius=21, progress=False)
    assert r.length == 21 and r.shortest and r.lower_bound == 21  # the start lies in the ball
    steps = []
    r = beam_search(graph, target, width=50, ball_radius=12, history=None, progress=False,
                    on_step=lambda step, size, best, seconds: steps.append(step))
    assert np.array_equal(replay(graph, r.word), target)
    assert len(steps) <= r.length - 12 and r.lower_bound >= 13


def test_pattern_database_heuristic_finds_the_lrx_antipode_word():
    graph = CayleyGraph.from_family("lrx", 9)
    target = [1, 0, 8, 7, 6, 5, 4, 3, 2]
    h = pattern_databases(graph, target, max_entries=20_000)
    r = beam_search(graph, target, width=2000, heuristic=h, ball_radius=6, progress=False)
    assert r.length == 36 and np.array_equal(replay(graph, r.word), target)


def test_start_equal_to_target_and_unreachable_targets():
    graph = GRAPHS["lrx"]
    r = beam_search(graph, list(range(6)), progress=False)
    assert r.word == [] and r.shortest
    a4 = CayleyGraph(["(1,2,3)", "(2,3,4)"], degree=4)
    with pytest.raises(PathNotFoundError, match="did not reach"):
        beam_search(a4, [1, 0, 2, 3], width=5, history=None, progress=False)


def test_matrix_groups_and_schreier_graphs():
    sl2 = CayleyGraph.from_family("sl2", 5)
    m = sl2.apply(sl2.apply(sl2.start, 0), 1)
    r = beam_search(sl2, m, width=50, progress=False)
    assert np.array_equal(replay(sl2, r.word), m)
    strings = CayleyGraph.from_family("lrx", 8, start="00110101")
    r = beam_search(strings, "11010100", width=30, ball_radius=2, progress=False)
    assert "".join(map(str, replay(strings, r.word))) == "11010100"


def test_progress_bar_and_callback(capsys):
    graph = CayleyGraph.from_family("pancake", 7)
    seen = []
    beam_search(graph, [6, 0, 5, 1, 4, 2, 3], width=5, progress=True,
                on_step=lambda step, size, best, seconds: seen.append((step, size, best)))
    assert seen and seen[0][0] == 1 and all(size <= 5 for _, size, _ in seen)
    assert "beam" in capsys.readouterr().err


def test_bad_arguments():
    graph = GRAPHS["lrx"]
    target = [1, 0, 2, 3, 4, 5]
    for kwargs, match in [({"history": -1}, "history"), ({"ball_radius": -2}, "ball_radius"),
                          ({"max_steps": 1.5}, "max_steps"), ({"width": True}, "width")]:
        with pytest.raises(ValueError, match=match):
            beam_search(graph, target, **kwargs)
    with pytest.raises(InputError, match="another target"):
        beam_search(graph, target, heuristic=Hamming(graph, [0, 1, 2, 3, 5, 4]))
    with pytest.raises(MemoryBudgetError, match="max_ball_states"):
        beam_search(CayleyGraph.from_family("lrx", 9), [1, 0, 8, 7, 6, 5, 4, 3, 2], ball_radius=30,
                    max_ball_states=1000)


# ---------------------------------------------------------------------------- kernels
@given(st.lists(st.integers(0, 40), min_size=1, max_size=300), st.integers(1, 300))
def test_counting_selection_keeps_the_lowest_scores(scores, width):
    scores = np.asarray(scores, dtype=np.int64)
    hashes = np.random.default_rng(len(scores)).integers(1, 2**63, size=len(scores), dtype=np.uint64)
    out = np.empty(min(width, len(scores)), dtype=np.int64)
    count = _beam.select_lowest(scores, hashes, width, out)
    assert count == min(width, len(scores)) and len(set(out.tolist())) == count
    assert sorted(scores[out].tolist()) == sorted(scores.tolist())[:count]


def test_history_forgets_after_depth_steps():
    seen = _beam.History(2, 4)
    for step in range(1, 7):
        seen.add(np.asarray([step], dtype=np.uint64))
    remembered = {v for v in range(1, 7) if v in set(seen.old.tolist()) | set(seen.new.tolist())}
    assert {5, 6} <= remembered <= {3, 4, 5, 6}  # at least 2 steps, at most 4
    everything = _beam.History(None, 1)
    for step in range(1, 200):
        everything.add(np.asarray([step], dtype=np.uint64))
    assert everything.total == 199 and set(range(1, 200)) <= set(everything.new.tolist())


# ---------------------------------------------------------------------------- heuristics
@pytest.mark.parametrize("name", ["lrx", "coxeter", "pancake", "top_spin"])
def test_pattern_databases_are_exact_on_their_pattern_and_admissible(name):
    graph = GRAPHS[name]
    target = np.arange(graph.degree)[::-1].copy() if name != "top_spin" else np.roll(np.arange(6), 2)
    dist = distances_to(graph, target)
    states = np.asarray(list(dist), dtype=np.uint8)
    truth = np.asarray(list(dist.values()))
    whole = PatternDatabase(graph, target, values=range(graph.degree))
    assert np.array_equal(whole.scores(states), truth)  # every symbol tracked: the true distance
    assert whole.size == len(dist) and whole.depth == truth.max()
    h = pattern_databases(graph, target, max_entries=40)
    assert h.admissible and all(p.size <= 40 for p in h.parts)
    assert (h.scores(states) <= truth).all() and h.scores(target[None, :].astype(np.uint8))[0] == 0
    # a pattern's score is the distance of the tracked symbols' positions, by brute force
    pdb = h.parts[0]
    tracked = np.isin(states, pdb.values)
    projected = distances_to(graph, np.where(np.isin(target, pdb.values), target, -1))
    expected = [projected[tuple(np.where(t, s, -1).tolist())] for s, t in zip(states.astype(int), tracked)]
    assert pdb.scores(states).tolist() == expected


def test_pattern_rule_tracks_each_puzzle_piece_once():
    cube = CayleyGraph.from_family("cube_2x2x2_htm", 2)
    patterns = choose_patterns(cube, cube.start, max_entries=30_000)
    assert sum(len(p) for p in patterns) == 7  # one facet per movable corner: the others follow
    h = pattern_databases(cube, cube.start, max_entries=30_000, combine="sum")  # built once
    assert isinstance(h, SumHeuristic) and not h.admissible
    rng = np.random.default_rng(3)
    for _ in range(3):
        word = [cube.names[i] for i in rng.integers(0, cube.n_generators, size=14)]
        graph = CayleyGraph(cube.generators, start=replay(cube, word), names=cube.names)  # the scramble
        r = beam_search(graph, cube.start, width=500, heuristic=h.retarget(graph, cube.start), ball_radius=3,
                        progress=False)
        assert np.array_equal(replay(graph, r.word), cube.start) and r.length <= 14


def test_combinations_and_function_heuristics():
    graph = GRAPHS["lrx"]
    target = [1, 0, 5, 4, 3, 2]
    a, b = (PatternDatabase(graph, target, values=v) for v in ([0, 1], [4, 5]))
    states = np.asarray([np.random.default_rng(s).permutation(6) for s in range(20)], dtype=np.uint8)
    assert np.array_equal(MaxHeuristic([a, b]).scores(states), np.maximum(a.scores(states), b.scores(states)))
    assert np.array_equal(SumHeuristic([a, b]).scores(states), a.scores(states) + b.scores(states))
    other = [0, 5, 1, 4, 2, 3]
    moved = MaxHeuristic([a, b]).retarget(graph, other)
    fresh = MaxHeuristic([PatternDatabase(graph, other, values=p.values) for p in moved.parts])
    assert np.array_equal(moved.scores(states), fresh.scores(states))
    assert np.array_equal(Hamming(graph, target).retarget(graph, other)(states), Hamming(graph, other)(states))
    f = FunctionHeuristic(graph, target, lambda s, t: (s != t).sum(axis=1) / 2)
    with pytest.raises(InputError, match="cannot be re-targeted"):
        f.retarget(graph, other)
    with pytest.raises(InputError, match="other generators"):
        a.retarget(GRAPHS["pancake"], other)
    assert np.array_equal(f(states), Hamming(graph, target)(states) / 2)
    r = beam_search(graph, target, width=20, heuristic=lambda s, t: (s != t).sum(axis=1) / 2, progress=False)
    assert np.array_equal(replay(graph, r.word), target)


def test_pattern_database_files(tmp_path):
    graph = GRAPHS["coxeter"]
    pdb = PatternDatabase(graph, [4, 3, 2, 1, 0], values=[0, 1, 2])
    pdb.save(tmp_path / "p.npz")
    again = PatternDatabase.load(tmp_path / "p.npz", graph)
    assert again.values == pdb.values and np.array_equal(again.table, pdb.table)
    with pytest.raises(InputError, match="other generators"):
        PatternDatabase.load(tmp_path / "p.npz", GRAPHS["pancake"])


def test_heuristic_input_errors():
    graph = GRAPHS["lrx"]
    target = list(range(6))
    with pytest.raises(InputError, match="each once"):
        PatternDatabase(graph, target, values=[1, 1])
    with pytest.raises(InputError, match="not all are symbols"):
        PatternDatabase(graph, target, values=[9])
    with pytest.raises(InputError, match="max_entries"):
        PatternDatabase(graph, target, values=[0, 1, 2], max_entries=10)
    with pytest.raises(InputError, match="single position"):
        choose_patterns(graph, target, max_entries=3)
    with pytest.raises(InputError, match="exactly once"):
        PatternDatabase(CayleyGraph.from_family("lrx", 4, start="0012"), "0012", values=[0])
    with pytest.raises(InputError, match="never move"):
        PatternDatabase(CayleyGraph(["(1,2)"], degree=3), [0, 1, 2], values=[2])
    with pytest.raises(InputError, match="matrices"):
        PatternDatabase(CayleyGraph.from_family("sl2", 3), np.eye(2, dtype=int), values=[0])
    with pytest.raises(InputError, match="combine"):
        pattern_databases(graph, target, combine="min")
    with pytest.raises(InputError, match="different targets"):
        MaxHeuristic([Hamming(graph, target), Hamming(graph, [1, 0, 2, 3, 4, 5])])
