"""Explicit graphs: adjacency against an independent networkx BFS, numbering, guards."""
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, MemoryBudgetError
from cayley.explicit import adjacency, edges, explicit, exact_ranked_space, laplacian, to_networkx

GRAPHS = {
    "coxeter4": lambda: CayleyGraph.from_family("coxeter", 4),
    "lrx5": lambda: CayleyGraph.from_family("lrx", 5),
    "pancake4": lambda: CayleyGraph.from_family("pancake", 4),
    "cyclic6": lambda: CayleyGraph(["(1,2,3,4,5,6)", "(1,6,5,4,3,2)"]),  # stabilizer-chain ranks
    "schreier0011": lambda: CayleyGraph.from_family("coxeter", 4, start="0011"),  # multiset ranks
    "schreier_orbit": lambda: CayleyGraph(["(1,2,3)", "(4,5)"], start="00101"),  # BFS order
    "directed": lambda: CayleyGraph(["(1,2,3,4)", "(1,2)"]),  # not inverse-closed
    "sl2_3": lambda: CayleyGraph.from_family("sl2", 3),  # matrix group, BFS order
}


def networkx_by_bfs(graph: CayleyGraph) -> nx.MultiDiGraph:
    """The graph built independently: BFS over state tuples, one edge per generator."""
    start = graph.start if graph.is_matrix else graph.start_codes
    out = nx.MultiDiGraph()
    key = lambda s: tuple(np.asarray(s).reshape(-1).tolist())  # noqa: E731
    seen, queue = {key(start)}, [start]
    out.add_node(key(start))
    while queue:
        state = queue.pop()
        for g in range(graph.n_generators):
            image = graph.apply(state, g)
            out.add_edge(key(state), key(image))
            if key(image) not in seen:
                seen.add(key(image))
                queue.append(image)
    return out


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_adjacency_equals_networkx_bfs(name):
    graph = GRAPHS[name]()
    table = explicit(graph)
    reference = networkx_by_bfs(graph)
    order = [tuple(np.asarray(s).reshape(-1).tolist()) for s in table.states]
    assert sorted(order) == sorted(reference.nodes)
    expected = nx.to_scipy_sparse_array(reference, nodelist=order, format="csr").toarray()
    assert np.array_equal(adjacency(graph).toarray(), expected)


@pytest.mark.parametrize("name", ["coxeter4", "lrx5", "cyclic6", "schreier0011"])
def test_rank_numbering(name):
    graph = GRAPHS[name]()
    table = explicit(graph)
    space = exact_ranked_space(graph)
    assert table.numbering == "rank"
    assert np.array_equal(space.rank(table.states), np.arange(space.size))


def test_bfs_numbering_starts_at_start_state():
    graph = GRAPHS["schreier_orbit"]()
    table = explicit(graph)
    assert table.numbering == "bfs"
    assert table.states[0].tolist() == graph.start_codes.tolist()
    assert table.n_vertices == 6  # 3 positions of the 1 among the first three x 2 for the swap


def test_edges_are_generator_applications():
    graph = GRAPHS["lrx5"]()
    table = explicit(graph)
    e = edges(graph)
    assert len(e) == 120 * 3 and e.names == ["L", "R", "X"]
    for g in range(3):
        sel = e.generator == g
        assert np.array_equal(table.states[e.source[sel]][:, graph.generators[g]], table.states[e.target[sel]])


def test_laplacians():
    graph = GRAPHS["coxeter4"]()
    lap = laplacian(graph, sparse=False)
    assert np.allclose(lap.sum(axis=1), 0) and np.allclose(lap, lap.T)
    assert np.allclose(np.diag(lap), 3)
    norm = laplacian(graph, normalized=True, sparse=False)
    assert np.allclose(norm, lap / 3)


def test_to_networkx_labels():
    graph = GRAPHS["pancake4"]()
    h = to_networkx(graph)
    assert h.number_of_nodes() == 24 and h.number_of_edges() == 72
    for u, v, data in h.edges(data=True):
        state = np.asarray(h.nodes[u]["state"])
        assert tuple(state[graph.generators[data["generator"]]].tolist()) == h.nodes[v]["state"]
        assert data["name"] == graph.names[data["generator"]]


def test_too_large_is_refused_with_size():
    with pytest.raises(ValueError, match="3628800 vertices"):
        explicit(CayleyGraph.from_family("lrx", 10), max_vertices=1000)
    with pytest.raises(ValueError, match="at least 5 vertices"):
        explicit(CayleyGraph.from_family("sl2", 5), max_vertices=4)
    with pytest.raises(MemoryBudgetError, match="needs"):
        explicit(CayleyGraph.from_family("lrx", 6), memory_limit=1000)
    with pytest.raises(TypeError, match="CayleyGraph"):
        adjacency([[1, 0]])


@settings(max_examples=25)
@given(
    st.integers(3, 5).flatmap(
        lambda n: st.lists(st.permutations(range(n)), min_size=1, max_size=3)
    ),
    st.booleans(),
)
def test_random_generating_sets(perms, schreier):
    """Any generating set: adjacency equals the networkx BFS; with inverses, top eigenvalue k."""
    from cayley import perm
    from cayley.spectra import full_spectrum

    gens = [np.asarray(p) for p in perms] + [perm.inverse(np.asarray(p)) for p in perms]
    n = len(perms[0])
    start = "0" * (n - 2) + "11" if schreier else None
    graph = CayleyGraph(gens, start=start)
    table = explicit(graph)
    reference = networkx_by_bfs(graph)
    order = [tuple(s.tolist()) for s in table.states]
    assert sorted(order) == sorted(reference.nodes)
    assert np.array_equal(adjacency(graph).toarray(),
                          nx.to_scipy_sparse_array(reference, nodelist=order).toarray())
    assert full_spectrum(graph)[-1] == pytest.approx(len(gens))
