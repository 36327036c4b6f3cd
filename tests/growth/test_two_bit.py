"""The ranked engine with two bits per state (``cayley.bfs._two_bit``), in memory and out of
core, against the byte engine and the hashed engine: plane passes and state-by-state layers,
Schreier starts, directed graphs, random generating sets, kill and resume out of core, and
the errors of a work directory that cannot serve."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import CayleyGraph, MemoryBudgetError, growth
from cayley.bfs import _two_bit
from cayley.bfs import _two_bit_cpu as kernels
from cayley.bfs._state_space import ranked_space_for, rotation_space_for
from cayley.errors import CheckpointError, InputError

# (family, n): rotation hashes with planes of whole words (n >= 9), a halved one with parity
# tables (top_spin 11 is too slow here; 9 and 10 have no parity windows), Lehmer hashes of
# one plane (n >= 8), and hashes without planes
PLANE_CASES = [("lrx", 9), ("top_spin", 9), ("coxeter", 8), ("pancake", 8),
               pytest.param("lrx", 10, marks=pytest.mark.slow), pytest.param("top_spin", 10, marks=pytest.mark.slow),
               pytest.param("stars", 8, marks=pytest.mark.slow), pytest.param("cyclic_coxeter", 8, marks=pytest.mark.slow)]
STATE_CASES = [("burnt_pancake", 5), ("lrx", 7), ("all_transpositions", 7), ("cube_2x2x2_qtm", None)]


@pytest.fixture(params=["in memory", "out of core"])
def where(request, tmp_path, monkeypatch):
    """growth() options of the two-bit engine: in memory, or out of core in 4 KiB segments."""
    if request.param == "in memory":
        return {"codes": "two_bit"}
    monkeypatch.setattr(_two_bit, "SEGMENT_BYTES", 4096)
    return {"codes": "out_of_core", "workdir": tmp_path / "work"}


@pytest.mark.parametrize("dense", [None, 1 << 62, pytest.param(12, marks=pytest.mark.slow)])
@pytest.mark.parametrize(("family", "n"), PLANE_CASES)
def test_plane_and_state_layers_match_the_byte_engine(monkeypatch, where, dense, family, n):
    # the cost model's mix, every layer by planes, or only the dense middle ones
    monkeypatch.setattr(_two_bit, "DENSE_LAYER", dense)
    graph = CayleyGraph.from_family(family, n)
    calls = []
    expand = kernels.expand_planes
    monkeypatch.setattr(kernels, "expand_planes", lambda *args: calls.append(1) or expand(*args))
    byte, two = growth(graph, codes="byte"), growth(graph, **where)
    assert two.layer_sizes == byte.layer_sizes
    assert two.last_layer.tolist() == byte.last_layer.tolist()
    assert calls or dense is None
    partial = growth(graph, max_layers=6, **({**where, "workdir": where["workdir"] / "p"} if "workdir" in where else where))
    assert partial.layer_sizes == byte.layer_sizes[:7] and not partial.complete


@pytest.mark.parametrize(("family", "n"), STATE_CASES)
def test_state_layers_match_the_byte_engine(where, family, n):
    graph = CayleyGraph.from_family(family, n) if n else CayleyGraph.from_family(family)
    byte, two = growth(graph, codes="byte"), growth(graph, **where)
    assert two.layer_sizes == byte.layer_sizes
    assert two.last_layer.tolist() == byte.last_layer.tolist()


def test_schreier_graphs_match_the_hashed_engine(where):
    graph = CayleyGraph.from_family("lrx", 12, start="000111222333")  # 369,600 arrangements
    two, hashed = growth(graph, **where), growth(graph, engine="hashed")
    assert "multiset" in two.state_space and two.layer_sizes == hashed.layer_sizes
    assert sorted(map(tuple, two.last_layer.tolist())) == sorted(map(tuple, hashed.last_layer.tolist()))


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 9), st.integers(1, 7), st.lists(st.permutations(range(9)), min_size=1, max_size=2),
       st.booleans(), st.booleans())
def test_random_generating_sets_match_the_hashed_engine(n, shift, extra, directed, dense):
    # a rotation (so n = 9 goes by planes), other random permutations; directed or with inverses
    rotation = [(i + shift % (n - 1) + 1) % n for i in range(n)]
    generators = [rotation, *([v for v in p if v < n] for p in extra)]
    if not directed:
        generators = [*generators, *(np.argsort(g).tolist() for g in generators)]
    graph = CayleyGraph(generators)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_two_bit, "DENSE_LAYER", 1 << 62 if dense else 10**12)
        two = growth(graph, engine="ranked", codes="two_bit")
    assert two.layer_sizes == growth(graph, engine="hashed").layer_sizes


@settings(max_examples=15, deadline=None)
@given(st.integers(8, 9), st.lists(st.permutations(range(9)), min_size=2, max_size=3))
def test_random_even_sets_by_planes_match_the_hashed_engine(n, perms):
    # A_n (halved Lehmer hash): windows at the end go by the parity of the digits before them
    generators = []
    for p in perms:
        g = [v for v in p if v < n]
        if sum(x > y for i, x in enumerate(g) for y in g[i + 1:]) % 2:
            g[-2], g[-1] = g[-1], g[-2]
        generators.append(g)
    graph = CayleyGraph(generators)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_two_bit, "DENSE_LAYER", 1 << 62)
        two = growth(graph, engine="ranked", codes="two_bit")
    assert two.layer_sizes == growth(graph, engine="hashed").layer_sizes


def test_halved_rotation_planes_use_parity_scatters():
    graph = CayleyGraph.from_family("top_spin", 11)
    space = rotation_space_for(graph, ranked_space_for(graph))
    moves = kernels.plane_moves(space.kind, 11, space.tables)
    assert moves.moves[:, 2].tolist().count(kernels.PARITY_SCATTER) == 2
    assert moves.turns[0].planes.tolist() == [[0, 3], [1, 2], [2, 1], [3, 0]]


def test_two_bits_take_a_quarter_of_the_bytes():
    graph = CayleyGraph.from_family("lrx", 13)
    space = ranked_space_for(graph)
    assert _two_bit.codes_bytes(space) == 6_227_020_800 // 4  # 13! states


def test_a_work_directory_of_another_graph_is_refused(tmp_path):
    growth(CayleyGraph.from_family("lrx", 8), codes="out_of_core", workdir=tmp_path, max_layers=3)
    with pytest.raises(CheckpointError, match="different graph"):
        growth(CayleyGraph.from_family("pancake", 8), codes="out_of_core", workdir=tmp_path)


def test_a_work_directory_that_cannot_be_written_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="not writable"):
        growth(CayleyGraph.from_family("lrx", 8), codes="out_of_core", workdir=blocker / "work")


def test_a_full_disk_is_refused_before_any_work(tmp_path, monkeypatch):
    class Usage:
        free = 1000

    monkeypatch.setattr(_two_bit.shutil, "disk_usage", lambda path: Usage)
    with pytest.raises(MemoryBudgetError, match=r"needs .* of disk .* but only 1\.0 KB .* are free"):
        growth(CayleyGraph.from_family("lrx", 9), codes="out_of_core", workdir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_out_of_core_needs_a_work_directory_and_says_so():
    with pytest.raises(ValueError, match="needs a work directory"):
        growth(CayleyGraph.from_family("lrx", 8), codes="out_of_core")


def test_too_large_without_a_work_directory_says_how_to_run_out_of_core():
    with pytest.raises(MemoryBudgetError, match="give a work directory to run out of core"):
        growth(CayleyGraph.from_family("lrx", 13), memory_limit=10**9)


def test_the_memory_guard_picks_out_of_core_when_the_codes_do_not_fit(tmp_path):
    from cayley import estimate_memory

    graph = CayleyGraph.from_family("lrx", 13)
    assert estimate_memory(graph).codes == "two_bit"
    plan = estimate_memory(graph, workdir=tmp_path, memory_limit=10**9)
    assert plan.codes == "out_of_core" and plan.disk_bytes == 1_556_755_200 and plan.bytes < 10**9  # one copy
