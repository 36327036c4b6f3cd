"""Out-of-core growth of undirected graphs with the last two layers only
(``cayley.bfs._two_bit_frontier``): against the byte engine with every split between sparse
layers in memory and plane passes in the file, Schreier starts, random generating sets,
resumes after a pass stopped half-way, and damaged code files."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, estimate_memory, growth
from cayley.bfs import _two_bit
from cayley.bfs import _two_bit_cpu as kernels
from cayley.bfs import _two_bit_frontier as frontier
from cayley.errors import CheckpointError

# (family, n, sparse layers up to): rotation hashes with planes of whole words, a halved one,
# Lehmer hashes of one plane; sparse 0: every layer after the first in the file; 40: in
# memory at both ends; None: the tuned share (all in memory at these sizes)
CASES = [("lrx", 9, 0), ("lrx", 9, 40), ("lrx", 9, None), ("top_spin", 9, 0), ("top_spin", 9, 40),
         ("pancake", 8, 0), ("pancake", 8, 40), ("coxeter", 9, 0),
         pytest.param("lrx", 10, 0, marks=pytest.mark.slow), pytest.param("stars", 8, 0, marks=pytest.mark.slow),
         pytest.param("coxeter", 9, 40, marks=pytest.mark.slow)]


@pytest.fixture(autouse=True)
def small_segments(monkeypatch):
    monkeypatch.setattr(_two_bit, "SEGMENT_BYTES", 4096)


@pytest.mark.parametrize(("family", "n", "sparse"), CASES)
def test_layers_match_the_byte_engine(tmp_path, monkeypatch, sparse, family, n):
    monkeypatch.setattr(frontier, "SPARSE_LAYER", sparse)
    graph = CayleyGraph.from_family(family, n)
    calls = []
    expand = kernels.expand_planes
    monkeypatch.setattr(kernels, "expand_planes", lambda *args: calls.append(1) or expand(*args))
    byte = growth(graph, codes="byte")
    run = growth(graph, codes="out_of_core", workdir=tmp_path / "w")
    assert "last two layers" in run.state_space
    assert run.layer_sizes == byte.layer_sizes
    assert run.last_layer.tolist() == byte.last_layer.tolist()
    assert calls or sparse is None
    partial = growth(graph, codes="out_of_core", workdir=tmp_path / "p", max_layers=7)
    assert partial.layer_sizes == byte.layer_sizes[:8] and not partial.complete


def test_a_rotation_hash_without_plane_moves_stays_in_memory(tmp_path):
    graph = CayleyGraph.from_family("lrx", 7)  # planes of 720 states: not whole words of tiles
    assert growth(graph, codes="out_of_core", workdir=tmp_path).layer_sizes == growth(graph, codes="byte").layer_sizes


def test_schreier_graphs_keep_two_files():
    # a multiset hash has no plane passes: the two-file engine runs it (and directed graphs)
    graph = CayleyGraph.from_family("lrx", 8, start="00011122")
    assert not frontier.applies(graph, _two_bit_space(graph))


@settings(max_examples=6, deadline=None)
@given(st.integers(8, 9), st.integers(1, 7), st.lists(st.permutations(range(9)), min_size=1, max_size=2),
       st.sampled_from([0, 30, None]))
def test_random_undirected_sets_match_the_hashed_engine(tmp_path_factory, n, shift, extra, sparse):
    rotation = [(i + shift % (n - 1) + 1) % n for i in range(n)]
    generators = [rotation, *([v for v in p if v < n] for p in extra)]
    generators = [*generators, *(np.argsort(g).tolist() for g in generators)]
    graph = CayleyGraph(generators)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontier, "SPARSE_LAYER", sparse)
        run = growth(graph, engine="ranked", codes="out_of_core", workdir=tmp_path_factory.mktemp("w"))
    assert run.layer_sizes == growth(graph, engine="hashed").layer_sizes


class Stop(Exception):
    pass


@pytest.mark.parametrize("stop_at", [3, 10, 25])
def test_a_pass_stopped_half_way_resumes_exactly(tmp_path, monkeypatch, stop_at):
    # the kernel call number stop_at writes its segment, then the run dies: the file holds
    # part of a layer; the resumed run forgets it, checks the two layers left and goes on
    monkeypatch.setattr(frontier, "SPARSE_LAYER", 20)
    graph = CayleyGraph.from_family("lrx", 9)
    calls = []
    expand = kernels.expand_planes

    def dying(*args):
        expand(*args)
        calls.append(1)
        if len(calls) == stop_at:
            raise Stop

    monkeypatch.setattr(kernels, "expand_planes", dying)
    with pytest.raises(Stop):
        growth(graph, codes="out_of_core", workdir=tmp_path)
    monkeypatch.setattr(kernels, "expand_planes", expand)
    resumed = growth(graph, codes="out_of_core", workdir=tmp_path)
    assert resumed.layer_sizes == growth(graph, codes="byte").layer_sizes


def test_a_code_file_that_disagrees_with_its_record_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(frontier, "SPARSE_LAYER", 0)
    graph = CayleyGraph.from_family("lrx", 9)
    growth(graph, codes="out_of_core", workdir=tmp_path, max_layers=12)
    codes = np.memmap(tmp_path / frontier.CODE_FILE, dtype=np.uint64, mode="r+")
    word = int(np.flatnonzero(codes)[0])
    codes[word] = 0  # states of the last two layers lost
    codes.flush()
    del codes
    with pytest.raises(CheckpointError, match="code file holds"):
        growth(graph, codes="out_of_core", workdir=tmp_path)


def test_an_undirected_graph_needs_one_copy_of_the_codes_on_disk(tmp_path):
    plan = estimate_memory(CayleyGraph.from_family("lrx", 13), workdir=tmp_path, memory_limit=10**9)
    assert plan.codes == "out_of_core" and plan.disk_bytes == 1_556_755_200  # 13! / 4
    directed = CayleyGraph([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0], [1, 0, *range(2, 13)]])
    assert estimate_memory(directed, workdir=tmp_path, memory_limit=10**9).disk_bytes == 2 * 1_556_755_200


def test_sorted_difference_keeps_each_value_once():
    a = np.asarray([1, 1, 2, 3, 5, 5, 8, 9], dtype=np.int64)
    assert kernels.drop_sorted(a, np.asarray([2, 9]), np.asarray([3, 4])).tolist() == [1, 5, 8]


def _two_bit_space(graph):
    from cayley.bfs._state_space import ranked_space_for

    return ranked_space_for(graph)
