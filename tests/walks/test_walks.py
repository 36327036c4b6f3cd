"""Random walks: replay, non-backtracking, reproducibility, BFS-truncated distances, mixing."""
import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cayley import CayleyGraph, MemoryBudgetError
from cayley.explicit import exact_ranked_space
from cayley.spectra import full_spectrum
from cayley.walks import add_walks_command, distance_table, empirical_tv_to_uniform, random_walks, tv_to_uniform

ROOT = Path(__file__).resolve().parents[2]


def replay_ok(graph, walks) -> bool:
    """Every step is the recorded generator applied to the previous state (or a stay)."""
    gens = graph.generators
    before, after = walks.states[:, :-1].astype(np.int64), walks.states[:, 1:].astype(np.int64)
    moves = walks.moves.astype(np.int64)
    applied = np.take_along_axis(before, gens[np.maximum(moves, 0)], axis=2)
    expected = np.where((moves >= 0)[..., None], applied, before)
    return bool(np.array_equal(expected, after))


@pytest.mark.parametrize("mode", ["plain", "nbt", "bfs"])
@pytest.mark.parametrize("family,n,start", [("lrx", 6, None), ("coxeter", 5, "00112"), ("pancake", 5, None)])
def test_walks_replay(family, n, start, mode):
    graph = CayleyGraph.from_family(family, n, start=start)
    walks = random_walks(graph, length=12, count=200, mode=mode, seed=3)
    assert walks.states.shape == (200, 13, n)
    assert (walks.states[:, 0] == graph.start_codes).all()
    assert replay_ok(graph, walks)
    if mode != "bfs":
        assert (walks.moves >= 0).all() and (walks.moves < graph.n_generators).all()


def test_non_backtracking_never_undoes():
    graph = CayleyGraph.from_family("lrx", 7)  # L and R are inverse, X is an involution
    walks = random_walks(graph, length=30, count=2000, mode="nbt", seed=11)
    inverse = np.array([1, 0, 2])
    assert not (walks.moves[:, 1:] == inverse[walks.moves[:, :-1]]).any()
    assert not (walks.states[:, 2:] == walks.states[:, :-2]).all(axis=2).any()
    # a plain walk does undo steps, so the check above can fail
    plain = random_walks(graph, length=30, count=2000, mode="plain", seed=11)
    assert (plain.states[:, 2:] == plain.states[:, :-2]).all(axis=2).any()


def test_same_seed_same_walks():
    graph = CayleyGraph.from_family("lrx", 8)
    a = random_walks(graph, 20, 500, mode="nbt", seed=42)
    b = random_walks(graph, 20, 500, mode="nbt", seed=42)
    c = random_walks(graph, 20, 500, mode="nbt", seed=43)
    assert np.array_equal(a.states, b.states) and np.array_equal(a.moves, b.moves)
    assert not np.array_equal(a.moves, c.moves)
    fresh = random_walks(graph, 5, 10)
    assert np.array_equal(random_walks(graph, 5, 10, seed=fresh.seed).states, fresh.states)


def test_generators_chosen_uniformly():
    walks = random_walks(CayleyGraph.from_family("coxeter", 6), 50, 4000, seed=5)
    freq = np.bincount(walks.moves.reshape(-1), minlength=5) / walks.moves.size
    assert np.allclose(freq, 0.2, atol=0.005)  # 200,000 draws: standard error 0.0009


def test_bfs_walks_follow_true_distances():
    graph = CayleyGraph.from_family("pancake", 6)
    walks = random_walks(graph, length=10, count=300, mode="bfs", seed=2, distances=True)
    assert np.array_equal(walks.steps, walks.distances)
    climbed = np.diff(walks.steps.astype(int), axis=1)
    assert np.array_equal(climbed, (walks.moves >= 0).astype(int))  # one layer per move
    assert (walks.steps[:, -1] <= 7).all()  # pancake 6 has diameter 7 (OEIS A058986)
    stuck = np.argwhere(walks.moves < 0)
    assert (walks.moves[stuck[:, 0], -1] < 0).all()  # a walker that stops stays stopped
    # where a walker stopped, no neighbour lies one layer farther
    space, dist = exact_ranked_space(graph), distance_table(graph)
    for w, s in stuck[:50]:
        state = walks.states[w, s].astype(np.int64)
        images = state[graph.generators]
        assert (dist[space.rank(images)] <= dist[space.rank(state[None])[0]]).all()


def test_distances_of_plain_walks():
    graph = CayleyGraph.from_family("coxeter", 5)
    walks = random_walks(graph, length=8, count=100, seed=9, distances=True)
    # the distance of a permutation in the adjacent-transposition graph is its inversion count
    s = walks.states.reshape(-1, 5).astype(int)
    count = sum((s[:, i] > s[:, j]) for i in range(5) for j in range(i + 1, 5))
    assert np.array_equal(walks.distances.reshape(-1), count)


def test_distance_table_matches_growth():
    from cayley import growth

    graph = CayleyGraph.from_family("lrx", 6)
    dist = distance_table(graph)
    assert np.bincount(dist).tolist() == growth(graph).layer_sizes


def test_exact_tv_against_spectrum():
    graph = CayleyGraph.from_family("all_transpositions", 4)
    tv = tv_to_uniform(graph, 30, lazy=True)
    assert tv[0] == pytest.approx(1 - 1 / 24) and np.all(np.diff(tv) <= 1e-12)
    # lazy walk: TV decays at the rate of the second-largest eigenvalue of (I + A/k)/2
    values = np.sort(np.abs(0.5 * (1 + full_spectrum(graph) / 6)))
    assert tv[30] / tv[29] == pytest.approx(values[-2], rel=1e-3)
    # plain walks on a bipartite graph never mix: TV stays at 1/2
    assert tv_to_uniform(graph, 20)[20] == pytest.approx(0.5)


def test_empirical_tv_close_to_exact():
    graph = CayleyGraph.from_family("coxeter", 4)
    walks = random_walks(graph, 6, 200_000, seed=1)
    exact = tv_to_uniform(graph, 6)
    assert np.allclose(empirical_tv_to_uniform(graph, walks), exact, atol=0.01)


def test_bad_inputs():
    graph = CayleyGraph.from_family("lrx", 5)
    with pytest.raises(ValueError, match="length must be >= 0"):
        random_walks(graph, -1, 10)
    with pytest.raises(ValueError, match="count must be >= 1"):
        random_walks(graph, 5, 0)
    with pytest.raises(TypeError, match="length must be an int"):
        random_walks(graph, 2.5, 10)
    with pytest.raises(ValueError, match="mode must be one of"):
        random_walks(graph, 5, 10, mode="lazy")
    with pytest.raises(ValueError, match="matrix groups"):
        random_walks(CayleyGraph.from_family("sl2", 3), 5, 10)
    with pytest.raises(ValueError, match="perfect hash"):
        random_walks(CayleyGraph(["(1,2,3)", "(4,5)"], start="00101"), 5, 10, mode="bfs")
    with pytest.raises(ValueError, match="two generators"):
        random_walks(CayleyGraph(["(1,2,3)"]), 5, 10, mode="nbt")
    with pytest.raises(MemoryBudgetError, match="walks"):
        random_walks(graph, 100, 10**6, memory_limit=10**6)
    with pytest.raises(ValueError, match="seed"):
        random_walks(graph, 5, 10, seed=-1)


def test_cli_walks(tmp_path):
    parser = argparse.ArgumentParser()
    add_walks_command(parser.add_subparsers(dest="command"))
    out = tmp_path / "w.npz"
    args = parser.parse_args(["walks", "lrx", "6", "--length", "5", "--count", "7", "--out", str(out), "--seed", "4"])
    assert args.run(args) == 0
    data = np.load(out)
    assert data["states"].shape == (7, 6, 6) and int(data["seed"]) == 4
    assert np.array_equal(data["states"], random_walks(CayleyGraph.from_family("lrx", 6), 5, 7, seed=4).states)


def test_example_runs(tmp_path):
    script = ROOT / "examples" / "random_walk_mixing.py"
    result = subprocess.run([sys.executable, str(script), "4", "--walkers", "2000", "--steps", "10",
                             "--out", str(tmp_path / "mix.png")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "mixing" in result.stdout.lower()


def test_length_is_bounded_by_the_int16_step_counts():
    graph = CayleyGraph.from_family("coxeter", 3)
    assert random_walks(graph, 32767, 1, seed=0).steps[0, -1] == 32767
    with pytest.raises(ValueError, match="at most 32767"):
        random_walks(graph, 32768, 1, seed=0)


def test_memory_guards_count_every_array(monkeypatch):
    from cayley import _memory

    graph = CayleyGraph.from_family("coxeter", 6)  # 720 vertices
    walks = 100 * 5 * (6 + 2 + 1)  # states (uint8), moves and true distances per step
    with pytest.raises(MemoryBudgetError, match="distance table of 720 vertices"):
        random_walks(graph, 4, 100, distances=True, memory_limit=walks + 719)
    assert random_walks(graph, 4, 100, distances=True, memory_limit=walks + 720).distances.shape == (100, 5)
    plain = random_walks(graph, 4, 100, seed=0)
    monkeypatch.setattr(_memory, "available_bytes", lambda: 1000)
    with pytest.raises(MemoryBudgetError, match="empirical distribution of 100 walkers"):
        empirical_tv_to_uniform(graph, plain)
