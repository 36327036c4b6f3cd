"""Both BFS engines against each other, networkx and known values."""
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, MemoryBudgetError, growth
from cayley.generators import family_info, family_names

SMALL_N = {"cube_2x2x2_qtm": None, "cube_2x2x2_htm": None, "cube_3x3x3_qtm": None, "cube_3x3x3_htm": None}


def networkx_layers(graph: CayleyGraph) -> list[int]:
    """Oracle: explicit digraph by brute force, then networkx bfs_layers."""
    start = tuple(graph.start.ravel())
    edges, seen, todo = [], {start}, [graph.start]
    while todo:
        state = todo.pop()
        for g in range(graph.n_generators):
            nxt = graph.apply(state, g)
            key = tuple(nxt.ravel())
            edges.append((tuple(state.ravel()), key))
            if key not in seen:
                seen.add(key)
                todo.append(nxt)
    digraph = nx.DiGraph(edges)
    digraph.add_node(start)
    return [len(layer) for layer in nx.bfs_layers(digraph, [start])]


def small_cases():
    for name in family_names():
        info = family_info(name)
        if name.startswith("cube_3x3x3"):
            continue
        if info.kind == "matrix":
            yield (name, 3, {"p": 2}) if name == "ut" else (name, 5, {})  # sl2/heisenberg: n is p
            continue
        lo = max(info.min_n, 3)
        for n in range(lo, lo + 4):
            try:  # some families take only some n (e.g. even n)
                CayleyGraph.from_family(name, n)
            except ValueError:
                continue
            yield name, n, {}
            if name.startswith("cube_2x2x2"):
                break


@pytest.mark.parametrize(("family", "n", "params"), list(small_cases()))
def test_engines_agree_with_each_other_and_networkx(family, n, params):
    graph = CayleyGraph.from_family(family, n, **params)
    if graph.state_count_bound > 50_000 and not graph.is_matrix:
        pytest.skip("too large for the networkx oracle")
    hashed = growth(graph, engine="hashed")
    auto = growth(graph)
    assert auto.layer_sizes == hashed.layer_sizes
    if auto.engine == "ranked":  # the default's two bits per state against the byte codes
        assert "two bits per state" in auto.state_space
        assert growth(graph, codes="byte").layer_sizes == hashed.layer_sizes
    if hashed.order <= 20_000:
        assert hashed.layer_sizes == networkx_layers(graph)
    if not graph.is_matrix:
        assert auto.order == graph.group.order()


def mahonian(n):
    # inversions of permutations of n: coefficients of prod (1 + q + ... + q^(k-1)), OEIS A008302
    poly = [1]
    for k in range(1, n + 1):
        poly = np.convolve(poly, np.ones(k, dtype=np.int64)).tolist()
    return poly


@pytest.mark.parametrize("n", [3, 5, 7, 8])
def test_coxeter_growth_is_mahonian(n):
    assert growth(CayleyGraph.from_family("coxeter", n)).layer_sizes == mahonian(n)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_all_transpositions_growth_is_stirling_first_kind(n):
    from sympy.functions.combinatorial.numbers import stirling

    expected = [int(stirling(n, n - k, kind=1)) for k in range(n)]
    result = growth(CayleyGraph.from_family("all_transpositions", n))
    assert result.layer_sizes == expected
    assert result.diameter == n - 1


def test_pancake_diameters_match_oeis_a058986():
    expected = [1, 3, 4, 5, 7, 8]  # n = 2..7 (OEIS A058986)
    assert [growth(CayleyGraph.from_family("pancake", n)).diameter for n in range(2, 8)] == expected


def test_lrx_8_and_2x2x2_cube_vectors_from_conventions():
    lrx8 = [1, 3, 6, 12, 23, 44, 80, 142, 247, 411, 662, 1019, 1481, 2059, 2745, 3465, 4126, 4633,
            4913, 4777, 4163, 3079, 1612, 488, 94, 25, 6, 3, 1]
    assert growth(CayleyGraph.from_family("lrx", 8)).layer_sizes == lrx8
    qtm = [1, 6, 27, 120, 534, 2256, 8969, 33058, 114149, 360508, 930588, 1350852, 782536, 90280, 276]
    result = growth(CayleyGraph.from_family("cube_2x2x2_qtm", 2))
    assert result.layer_sizes == qtm
    assert result.engine == "ranked" and "stabilizer-chain" in result.state_space
    assert result.order == 3674160


def test_schreier_graph_of_a_binary_string():
    graph = CayleyGraph.from_family("lrx", 8, start="00001111")
    ranked, hashed = growth(graph, engine="ranked"), growth(graph, engine="hashed")
    assert ranked.layer_sizes == hashed.layer_sizes == networkx_layers(graph)
    assert ranked.order == math.comb(8, 4)
    # antipodes come back in the caller's symbols
    assert set(np.unique(ranked.last_layer)) <= {0, 1}


def test_directed_graph_visited_set():
    graph = CayleyGraph([np.roll(np.arange(6), 1), [1, 0, 2, 3, 4, 5]])  # no inverses given
    assert not graph.inverse_closed
    assert growth(graph, engine="hashed").layer_sizes == networkx_layers(graph)
    assert growth(graph, engine="ranked").layer_sizes == networkx_layers(graph)


@settings(max_examples=25)
@given(st.integers(3, 6), st.lists(st.permutations(list(range(6))), min_size=1, max_size=3), st.data())
def test_random_generating_sets_engines_agree(n, gens, data):
    gens = [np.asarray(g)[:n] for g in gens if sorted(g[:n]) == list(range(n))] or [np.arange(n)]
    start = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    for s in (None, start):
        graph = CayleyGraph(gens, start=s)
        expected = networkx_layers(graph)
        assert growth(graph, engine="hashed").layer_sizes == expected
        assert growth(graph).layer_sizes == expected


def test_sl2_and_heisenberg_orders():
    for p in (3, 5, 7):
        assert growth(CayleyGraph.from_family("sl2", p)).order == p * (p * p - 1)
        assert growth(CayleyGraph.from_family("heisenberg", p)).order == p**3
    assert growth(CayleyGraph.from_family("ut", 4, p=3)).order == 3**6


def test_checkpoint_resume_gives_identical_layers(tmp_path):
    graph = CayleyGraph.from_family("pancake", 7)
    full = growth(graph)
    for engine in ("ranked", "hashed"):
        directory = tmp_path / engine
        partial = growth(graph, engine=engine, max_layers=4, checkpoint=directory)
        assert not partial.complete and partial.layer_sizes == full.layer_sizes[:5]
        resumed = growth(graph, engine=engine, checkpoint=directory)
        assert resumed.complete and resumed.layer_sizes == full.layer_sizes


def test_checkpoint_of_another_graph_is_refused(tmp_path):
    growth(CayleyGraph.from_family("pancake", 5), checkpoint=tmp_path)
    with pytest.raises(ValueError, match="different graph"):
        growth(CayleyGraph.from_family("coxeter", 5), checkpoint=tmp_path)


def test_on_layer_callback_and_result_json():
    seen = []
    result = growth(CayleyGraph.from_family("coxeter", 5), on_layer=lambda d, s, t: seen.append((d, s)))
    assert seen == list(enumerate(result.layer_sizes))
    data = __import__("json").loads(result.to_json())
    assert data["diameter"] == 10 and data["order"] == 120 and data["engine"] == "ranked"
    assert data["last_layer"] == [[4, 3, 2, 1, 0]]


def test_memory_guard_refuses_before_starting():
    with pytest.raises(MemoryBudgetError, match="needs .* available"):
        growth(CayleyGraph.from_family("lrx", 12), memory_limit=10**6)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: CayleyGraph.from_family("lrxx", 5), ValueError, "unknown|Unknown"),
        (lambda: CayleyGraph.from_family("lrx", 1), ValueError, "n"),
        (lambda: CayleyGraph(["(1,2"]), ValueError, "malformed"),
        (lambda: CayleyGraph([[1, 0], [0, 2, 1]]), ValueError, "generator 1"),
        (lambda: CayleyGraph([[1, 0, 2]], start="01"), ValueError, "length 2"),
        (lambda: CayleyGraph([[1, 0, 2]], start="0a1"), ValueError, "digits"),
        (lambda: CayleyGraph([]), ValueError, "empty"),
        (lambda: growth(CayleyGraph([[1, 0]]), engine="fast"), ValueError, "engine"),
        (lambda: growth(CayleyGraph([[1, 0]]), backend="torch"), ValueError, "backend"),
        (lambda: growth(CayleyGraph.from_family("sl2", 3), engine="ranked"), ValueError, "perfect hash"),
        (lambda: growth(CayleyGraph([[1, 0]]), max_layers=-1), ValueError, "max_layers"),
        (lambda: growth("lrx"), TypeError, "CayleyGraph"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_cupy_backend_is_reported_unavailable():
    from cayley import BackendUnavailableError

    with pytest.raises(BackendUnavailableError):
        growth(CayleyGraph([[1, 0]]), backend="cupy")


def test_proper_subgroup_with_a_non_identity_start_ranks_group_elements():
    # A_5 on a shuffled start: the stabilizer-chain rank needs states that are group elements.
    graph = CayleyGraph(["(1,2,3)", "(1,2,3,4,5)"], start=[3, 4, 0, 2, 1])
    ranked, hashed = growth(graph, engine="ranked"), growth(graph, engine="hashed")
    assert ranked.layer_sizes == hashed.layer_sizes == networkx_layers(graph)
    assert ranked.order == 60
    assert sorted(ranked.last_layer[0].tolist()) == [0, 1, 2, 3, 4]
    assert sorted(map(tuple, ranked.last_layer.tolist())) == sorted(map(tuple, hashed.last_layer.tolist()))


def test_growth_pauses_the_garbage_collector_only_while_it_runs():
    import gc

    seen = []
    graph = CayleyGraph.from_family("lrx", 5)
    growth(graph, on_layer=lambda *layer: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        growth(graph)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    with pytest.raises(ValueError):
        growth(graph, max_layers=-1)
    assert gc.isenabled()
