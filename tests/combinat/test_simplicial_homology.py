"""betti_numbers over GF(2): textbook complexes and networkx cross-checks."""
import itertools

import networkx as nx
import pytest
from hypothesis import given, strategies as st

from combinat.simplicial import betti_numbers

# Minimal 6-vertex triangulation of the real projective plane: over GF(2) its Betti numbers
# are (1, 1, 1) (Hatcher, Algebraic Topology, Example 3.2 with Z/2 coefficients).
RP2 = [(0, 1, 2), (0, 2, 3), (0, 3, 4), (0, 4, 5), (0, 5, 1),
       (1, 2, 4), (2, 3, 5), (3, 4, 1), (4, 5, 2), (5, 1, 3)]
# 7-vertex (Moebius) triangulation of the torus: (1, 2, 1).
TORUS = [(i % 7, (i + 1) % 7, (i + 3) % 7) for i in range(7)] + \
        [(i % 7, (i + 2) % 7, (i + 3) % 7) for i in range(7)]


@pytest.mark.parametrize("facets, max_dim, expected", [
    ([(0, 1), (1, 2), (0, 2)], 1, [1, 1]),
    ([(0, 1, 2)], 2, [1, 0, 0]),
    ([f for f in itertools.combinations(range(4), 3)], 2, [1, 0, 1]),  # 2-sphere
    (RP2, 2, [1, 1, 1]),
    (TORUS, 2, [1, 2, 1]),
    ([(0,), (1,), (2, 3)], 0, [3]),
])
def test_known_betti_numbers(facets, max_dim, expected):
    assert betti_numbers(facets, max_dim) == expected


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)).filter(lambda e: e[0] != e[1]),
                min_size=1, max_size=20))
def test_graphs_match_networkx(edges):
    graph = nx.Graph(edges)
    components = nx.number_connected_components(graph)
    cycle_rank = graph.number_of_edges() - graph.number_of_nodes() + components
    assert betti_numbers([tuple(e) for e in graph.edges], 1) == [components, cycle_rank]


@given(st.lists(st.sets(st.integers(0, 7), min_size=1, max_size=4), min_size=1, max_size=6))
def test_euler_characteristic(facets):
    faces = {frozenset(s) for f in facets for k in range(1, len(f) + 1)
             for s in itertools.combinations(sorted(f), k)}
    top = max(len(f) for f in faces) - 1
    euler = sum((-1) ** (len(f) - 1) for f in faces)
    betti = betti_numbers([sorted(f) for f in facets], top)
    assert sum((-1) ** k * b for k, b in enumerate(betti)) == euler


def test_bad_max_dim():
    with pytest.raises(ValueError, match="max_dim"):
        betti_numbers([(0, 1)], -1)
