"""Facet-list helpers, I/O and shipped datasets of combinat.simplicial."""
import networkx as nx
import pytest
from hypothesis import given, strategies as st

from combinat.simplicial import (
    dataset_names,
    degree_size_sequences,
    from_bipartite,
    is_simplicial,
    load_dataset,
    parse_facet_list,
    prune_included,
    read_facet_list,
    read_sequence,
    to_bipartite,
    write_facet_list,
    write_sequence,
)


def brute_is_simplicial(facets):
    sets = [frozenset(f) for f in facets]
    if any(len(s) != len(f) or not s for s, f in zip(sets, facets)):
        return False
    return not any(i != j and a <= b for i, a in enumerate(sets) for j, b in enumerate(sets))


facet_lists = st.lists(st.lists(st.integers(0, 7), min_size=0, max_size=5), max_size=8)


@given(facet_lists)
def test_is_simplicial_matches_brute_force(facets):
    assert is_simplicial(facets) == brute_is_simplicial(facets)


@given(facet_lists)
def test_prune_included_gives_the_maximal_faces(facets):
    pruned = prune_included(facets)
    assert is_simplicial(pruned)
    faces = {frozenset(f) for f in facets if f}
    maximal = {f for f in faces if not any(f < g for g in faces)}
    assert {frozenset(f) for f in pruned} == maximal


def test_degree_size_sequences_and_labels():
    facets = [["a", "b", "c"], ["b", "c", "d"], ["d", "e"]]
    assert degree_size_sequences(facets) == ([2, 2, 2, 1, 1], [3, 3, 2])
    assert is_simplicial(facets)
    assert not is_simplicial([["a", "a"]])


def test_bad_facet_lists_raise():
    with pytest.raises(TypeError, match="facets"):
        is_simplicial("abc")
    with pytest.raises(TypeError, match="facets\\[1\\]"):
        is_simplicial([[1], 2])


@given(facet_lists.map(prune_included))
def test_bipartite_round_trip(facets):
    graph = to_bipartite(facets)
    assert nx.is_bipartite(graph)
    assert graph.number_of_edges() == sum(len(f) for f in facets)
    assert from_bipartite(graph) == [tuple(sorted(f)) for f in facets]


def test_from_bipartite_with_explicit_facet_nodes():
    graph = nx.Graph([("x", 1), ("x", 2), ("y", 2), ("y", 3)])
    assert from_bipartite(graph, facet_nodes=["x", "y"]) == [(1, 2), (2, 3)]
    with pytest.raises(ValueError, match="facet nodes"):
        from_bipartite(graph)


def test_file_round_trips(tmp_path):
    facets = [(0, 1, 2), ("a", "b"), (7,)]
    write_facet_list(facets, tmp_path / "f.txt")
    assert read_facet_list(tmp_path / "f.txt") == facets
    write_sequence([3, 2, 2], tmp_path / "d.txt")
    assert read_sequence(tmp_path / "d.txt") == [3, 2, 2]
    assert parse_facet_list("# header\n\n1 2\n") == [(1, 2)]
    with pytest.raises(ValueError, match="whitespace"):
        write_facet_list([("a b",)], tmp_path / "g.txt")
    (tmp_path / "bad.txt").write_text("1 2 x")
    with pytest.raises(ValueError, match="'x'"):
        read_sequence(tmp_path / "bad.txt")


def test_shipped_datasets_match_the_shared_copies(shared_data):
    folder = shared_data / "simplicial" / "scm_facet_lists"
    files = {"diseasome": "diseasome_facet_list.txt", "pollinators": "pollinators_facet_list.txt",
             "olesen_2002": "olesen_2002.txt", "simple": "simple_facet_list.txt"}
    assert dataset_names() == sorted(files)
    for name, file in files.items():
        assert load_dataset(name) == read_facet_list(folder / file)


def test_dataset_facts_from_the_readme(shared_data):
    # shared/data/simplicial/README.md: pollinators has 91 lines, 57 facets after pruning,
    # and its pruned joint sequence is the derived degree/size files.
    pollinators = prune_included(load_dataset("pollinators"))
    assert len(load_dataset("pollinators")) == 91 and len(pollinators) == 57
    folder = shared_data / "simplicial"
    degrees, sizes = degree_size_sequences(pollinators)
    assert sorted(read_sequence(folder / "derived_pollinators_pruned_degs.txt"),
                  reverse=True) == degrees
    assert sorted(read_sequence(folder / "derived_pollinators_pruned_sizes.txt"),
                  reverse=True) == sizes
    assert len(prune_included(load_dataset("olesen_2002"))) == 5
    assert degree_size_sequences(load_dataset("simple")) == ([2, 2, 2, 1, 1], [3, 3, 2])
    assert is_simplicial(load_dataset("diseasome"))
    with pytest.raises(ValueError, match="available"):
        load_dataset("crime")
