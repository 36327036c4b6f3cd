"""``LearnedHeuristic`` (optional extra ``learn``: scikit-learn): trained on random walks its
scores follow the true distances, beam search with it returns words that replay, files round-trip.
Skipped without scikit-learn, except the one-line error that says how to install it."""
import sys
from collections import deque

import numpy as np
import pytest
from scipy.stats import spearmanr

from cayley import CayleyGraph
from cayley.errors import InputError
from cayley.heuristics import LearnedHeuristic
from cayley.paths import beam_search, shortest_word

TARGET = [1, 0, 5, 4, 3, 2]  # the lrx 6 antipode, distance 15


def test_missing_scikit_learn_is_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn raises ImportError
    with pytest.raises(InputError, match=r"need scikit-learn: pip install 'permlab\[learn\]'"):
        LearnedHeuristic.train(CayleyGraph.from_family("lrx", 6), TARGET, length=5, count=5)


@pytest.fixture(scope="module")
def trained():
    pytest.importorskip("sklearn")
    graph = CayleyGraph.from_family("lrx", 6)
    return graph, LearnedHeuristic.train(graph, TARGET, length=12, count=100, model="boosting", seed=3)


def distances_to(graph: CayleyGraph, target: list[int]) -> dict[tuple, int]:
    """Brute force: the distance from every state to ``target`` (BFS backwards over tuples)."""
    inverse = np.argsort(graph.generators, axis=1)
    dist, queue = {tuple(target): 0}, deque([tuple(target)])
    while queue:
        s = queue.popleft()
        for g in inverse:
            u = tuple(np.asarray(s)[g].tolist())
            if u not in dist:
                dist[u] = dist[s] + 1
                queue.append(u)
    return dist


@pytest.mark.slow  # training takes 5 to 30 s on a busy 2-core machine
def test_scores_follow_the_true_distances(trained):
    graph, h = trained
    dist = distances_to(graph, TARGET)
    states = np.asarray(list(dist), dtype=np.uint8)
    rho = spearmanr(h.scores(states), list(dist.values())).statistic
    assert rho > 0.5, rho  # walk lengths only bound the distances from above


@pytest.mark.slow
def test_beam_words_replay_and_files_round_trip(trained, tmp_path):
    graph, h = trained
    r = beam_search(graph, TARGET, width=50, heuristic=h, progress=False)
    state = graph.start
    for name in r.word:
        state = graph.apply(state, graph.names.index(name))
    assert state.tolist() == TARGET and r.length >= shortest_word(graph, TARGET).length == 15
    path = tmp_path / "lrx6.joblib"
    h.save(path)
    again = LearnedHeuristic.load(path, graph)
    states = graph.start_codes[None, :].astype(np.uint8)
    assert again.scores(states).tolist() == h.scores(states).tolist()
    with pytest.raises(InputError, match="other generators"):
        LearnedHeuristic.load(path, CayleyGraph.from_family("coxeter", 6))
    with pytest.raises(InputError, match="model 'forest'"):
        LearnedHeuristic.train(graph, TARGET, length=5, count=5, model="forest")


@pytest.mark.slow
def test_cli_uses_a_saved_model_for_its_target_only(trained, tmp_path, capsys):
    import json

    from cayley.__main__ import main

    graph, h = trained
    path = str(tmp_path / "lrx6.joblib")
    h.save(path)
    assert main(["path", "lrx", "6", "--state", "1,0,5,4,3,2", "--beam", "50", "--heuristic", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["length"] >= 15
    assert main(["path", "lrx", "6", "--state", "0,1,5,4,3,2", "--beam", "50", "--heuristic", path]) == 2
    assert "trained for another target" in capsys.readouterr().err
    (tmp_path / "junk.joblib").write_text("not a model")
    assert main(["path", "lrx", "6", "--state", "1,0,5,4,3,2", "--beam", "50", "--heuristic",
                 str(tmp_path / "junk.joblib")]) == 2
    assert "not a file written by LearnedHeuristic.save" in capsys.readouterr().err
