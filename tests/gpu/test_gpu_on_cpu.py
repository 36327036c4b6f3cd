"""The GPU engine's host side, on any machine: backend choice, memory guard, kernel
preparation, and the layer loop run with CPU stand-ins of the kernels (see conftest.py)."""
import math
import sys
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley import BackendUnavailableError, CayleyGraph, MemoryBudgetError, growth
from cayley.bfs import _check_backend
from cayley.bfs import _gpu_kernels as gk
from cayley.bfs import _tuning, gpu
from cayley.bfs._state_space import lehmer_space, ranked_space_for

FAMILIES = [("lrx", 7), ("coxeter", 6), ("pancake", 6), ("top_spin", 6), ("all_transpositions", 6),
            ("stars", 6), ("burnt_pancake", 4), ("three_cycles", 6), ("rapaport_m2", 6)]
SCHREIER = [("lrx", 8, "00001111"), ("coxeter", 7, "0011122"), ("pancake", 6, "001122")]
SUBGROUPS = [(["(1,2,3)", "(1,2,3,4,5)"], [3, 4, 0, 2, 1]), (["(1,2,3)", "(4,5,6)", "(1,4)(2,5)(3,6)"], None)]


def fake_cupy(available: bool) -> types.ModuleType:
    module = types.ModuleType("cupy")
    module.cuda = types.SimpleNamespace(is_available=lambda: available)
    return module


# ---------------------------------------------------------------------- backend selection
def test_explicit_cupy_without_cupy_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy -> ImportError
    with pytest.raises(BackendUnavailableError, match="needs the cupy package.*backend='numba'"):
        growth(CayleyGraph.from_family("lrx", 4), backend="cupy")
    assert not gpu.cupy_available()
    assert growth(CayleyGraph.from_family("lrx", 4)).backend == "numba"


def test_explicit_cupy_without_a_device_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(False))
    with pytest.raises(BackendUnavailableError, match="no device"):
        growth(CayleyGraph.from_family("lrx", 4), backend="cupy")
    assert _check_backend("auto") == "numba"


def test_auto_picks_cupy_only_when_a_device_is_usable(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(True))
    assert gpu.cupy_available() and _check_backend("auto") == "cupy" and _check_backend("cupy") == "cupy"
    assert _check_backend("numba") == "numba"
    # What the GPU engines cannot do falls back to numba under "auto" ...
    wide = CayleyGraph.from_family("lrx", 20)  # 20 entries of 5 bits: no 64-bit keys
    assert growth(wide, engine="hashed", max_layers=2).backend == "numba"
    # ... and is refused when cupy is asked for explicitly.
    with pytest.raises(ValueError, match="64-bit keys"):
        growth(wide, engine="hashed", backend="cupy")


def test_explicit_cupy_with_a_checkpoint_is_refused(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy(True))
    with pytest.raises(ValueError, match="checkpoints"):
        growth(CayleyGraph.from_family("lrx", 4), backend="cupy", checkpoint=tmp_path)
    assert growth(CayleyGraph.from_family("lrx", 4), checkpoint=tmp_path).backend == "numba"


# ---------------------------------------------------------------------- memory guard
def test_device_memory_guard_names_bytes_needed_and_free():
    gpu.require_device_memory(100, 100, "x")
    with pytest.raises(MemoryBudgetError, match=r"needs 101 B \(101 bytes\) of GPU memory but only 100 B"):
        gpu.require_device_memory(101, 100, "x")
    with pytest.raises(MemoryBudgetError, match=r"\(50 bytes\) are available on the device"):
        gpu.require_device_memory(60, 100, "x", limit=50)  # the smaller of free and limit


def test_device_bytes_two_bits_per_state():
    # S_13 (6,227,020,800 states) in 1.56 GB, S_14 in 21.8 GB: fits an 80 GB card.
    assert gk.device_bytes(math.factorial(13)) == 4 * (math.factorial(13) // 16) + 4096
    assert 21.7e9 < gk.device_bytes(math.factorial(14)) < 21.9e9
    assert gk.device_bytes(1) == 4 + 4096


# ---------------------------------------------------------------------- host preparation
@given(st.integers(1, 10**6))
def test_padding_marks_exactly_the_entries_past_the_end_visited(size):
    words = gk.words_for(size)
    assert 16 * (words - 1) < size <= 16 * words
    last = gk.padded_last_word(size)
    entries = [(last >> (2 * k)) & 3 for k in range(16)]
    real = size - 16 * (words - 1)
    assert entries == [0] * real + [3] * (16 - real)


@given(st.integers(1, 10**13))
def test_launch_configuration_covers_the_range_with_bounded_grids(items):
    (blocks,), (threads,) = gk.launch_config(items)
    assert threads == 256 and 1 <= blocks <= _tuning.GPU_MAX_BLOCKS
    assert blocks * threads >= items or blocks == _tuning.GPU_MAX_BLOCKS  # grid-stride loop covers the rest


def test_kernel_defines_specialise_the_source():
    source = gk.kernel_source(lehmer_space(14), 14)
    assert "#define N 14" in source and "#define LOW 12" in source and "#define LOW_FACT 479001600u" in source
    assert f"#define KIND {lehmer_space(14).kind}" in source and "__shfl_down_sync" in source
    assert "__shfl_down_sync" not in gk.kernel_source(lehmer_space(5), 5, host=True).split("KIND")[0]
    assert gk.unsupported_reason(lehmer_space(16), 16) is None
    with pytest.raises(ValueError, match="degree <= 16"):
        gk.kernel_defines(lehmer_space(17), 17)
    group_of_degree_300 = types.SimpleNamespace(kind=gk.BSGS)
    assert "degree <= 256" in gk.unsupported_reason(group_of_degree_300, 300)


def test_kernel_tables_have_the_source_layout():
    multiset = ranked_space_for(CayleyGraph.from_family("lrx", 6, start="001122"))
    t64, _ = gk.kernel_tables(multiset)
    assert t64.tolist() == [math.factorial(k) for k in range(7)] + [2, 2, 2]
    subgroup = CayleyGraph(*SUBGROUPS[0])
    group = gpu.device_space(subgroup, ranked_space_for(subgroup))  # the chain, not A_5's halved rank
    t64, t8 = gk.kernel_tables(group)
    depth, n = group.tables[4].shape[0], 5
    assert t64[:depth].tolist() == group.tables[4].tolist()  # base
    assert t64[depth:2 * depth].tolist() == group.tables[8].tolist()  # radix
    assert t64[2 * depth:].reshape(depth, n).tolist() == group.tables[5].tolist()  # position
    assert t8[: depth * n * n].reshape(depth, n, n).tolist() == group.tables[6].tolist()
    assert f"#define D {depth}" in gk.kernel_source(group, 5)


@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40), st.integers(0, 700))
def test_current_ranks_decode_two_bit_codes(words, limit):
    codes = np.asarray(words, dtype=np.uint32)
    brute = [16 * w + k for w, x in enumerate(words) for k in range(16) if (x >> (2 * k)) & 3 == 1]
    assert gpu.current_ranks(codes, np, limit).tolist() == brute[:limit]


# ---------------------------------------------------------------------- the layer loop
def graphs():
    yield from (CayleyGraph.from_family(f, n) for f, n in FAMILIES)
    yield from (CayleyGraph.from_family(f, n, start=s) for f, n, s in SCHREIER)
    yield from (CayleyGraph(g, start=s) for g, s in SUBGROUPS)


@pytest.mark.parametrize("graph", list(graphs()), ids=repr)
def test_driver_with_numpy_kernels_matches_growth(graph, run_on_cpu, numpy_kernels):
    expected = growth(graph, backend="numba")
    run = run_on_cpu(graph, numpy_kernels)
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    last_complete = run.last_layer_complete
    assert sizes == expected.layer_sizes and complete and last_complete
    assert graph.symbols[last].tolist() == expected.last_layer.tolist()


@pytest.mark.parametrize("graph", list(graphs()), ids=repr)
def test_cuda_source_compiled_for_the_host_matches_growth(graph, run_on_cpu, host_kernels):
    expected = growth(graph, backend="numba")
    run = run_on_cpu(graph, host_kernels)
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    assert sizes == expected.layer_sizes and complete
    assert graph.symbols[last].tolist() == expected.last_layer.tolist()


@pytest.mark.parametrize("low", [0, 3, 12])
def test_both_digit_paths_of_the_lehmer_unranker(low, monkeypatch, run_on_cpu, host_kernels):
    # The unranker takes the last min(n, 12) digits in 32-bit arithmetic and the others in
    # 64-bit; below n = 13 only the first path runs, so move the split to test the second.
    monkeypatch.setattr(gk, "_LEHMER_LOW", low)
    graph = CayleyGraph.from_family("coxeter", 7)
    assert run_on_cpu(graph, host_kernels)[0] == growth(graph).layer_sizes


def test_cuda_source_on_the_host_for_larger_cases(run_on_cpu, host_kernels):
    graph = CayleyGraph.from_family("lrx", 9)  # 362,880 states
    assert run_on_cpu(graph, host_kernels)[0] == growth(graph).layer_sizes
    cube = CayleyGraph.from_family("cube_2x2x2_htm", 2)  # 3,674,160 states, stabilizer chain
    sizes = run_on_cpu(cube, host_kernels)[0]
    assert sizes == [1, 9, 54, 321, 1847, 9992, 50136, 227536, 870072, 1887748, 623800, 2644]  # God's numbers, HTM


def test_limits_of_the_driver(run_on_cpu, numpy_kernels):
    graph = CayleyGraph.from_family("pancake", 6)
    full = growth(graph)
    run = run_on_cpu(graph, numpy_kernels, max_layers=3, last_layer_limit=5)
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    last_complete = run.last_layer_complete
    assert sizes == full.layer_sizes[:4] and not complete
    assert not last_complete and last.shape == (5, 6)


@settings(max_examples=15)
@given(st.integers(3, 7), st.lists(st.permutations(list(range(7))), min_size=1, max_size=3), st.data())
def test_random_generating_sets_on_the_host_compiled_kernels(run_on_cpu, host_kernels, n, gens, data):
    gens = [np.asarray(g)[:n] for g in gens if sorted(g[:n]) == list(range(n))] or [np.arange(n)]
    start = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    for s in (None, start):
        graph = CayleyGraph(gens, start=s)
        if ranked_space_for(graph) is None:
            continue
        assert run_on_cpu(graph, host_kernels)[0] == growth(graph, engine="ranked").layer_sizes


HASHED = [CayleyGraph.from_family("sl2", 5), CayleyGraph.from_family("heisenberg", 3),
          CayleyGraph.from_family("ut", 4, p=2), CayleyGraph.from_family("pancake", 6),
          CayleyGraph.from_family("lrx", 8, start="00011122"),
          CayleyGraph([np.roll(np.arange(6), 1), [1, 0, 2, 3, 4, 5]])]  # directed: visited set


@pytest.mark.parametrize("graph", HASHED, ids=repr)
def test_hashed_driver_with_numpy_arrays_matches_the_cpu_engine(graph, monkeypatch):
    from cayley.bfs._progress import LayerProgress

    monkeypatch.setattr(_tuning, "GPU_HASHED_CHUNK", 64)  # several chunks per layer
    expected = growth(graph, engine="hashed", backend="numba")
    run = gpu.run_hashed(
        graph, None, 1000, LayerProgress(None, False, None), xp=np)
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    last_complete = run.last_layer_complete
    description = run.description
    assert sizes == expected.layer_sizes and complete and last_complete
    assert description == expected.state_space
    last = last if graph.is_matrix else graph.symbols[last]
    assert last.reshape(expected.last_layer.shape).tolist() == expected.last_layer.tolist()


def test_hashed_driver_limits_and_memory_guard():
    from cayley.bfs._progress import LayerProgress

    graph = CayleyGraph.from_family("sl2", 7)
    quiet = LayerProgress(None, False, None)
    run = gpu.run_hashed(graph, 2, 3, quiet, xp=np)
    sizes, last, complete = run.layer_sizes, run.last_layer, run.complete
    assert sizes == growth(graph, backend="numba").layer_sizes[:3] and not complete and last.shape[0] == 3
    assert not run.last_layer_complete
    with pytest.raises(MemoryBudgetError, match="hashed BFS layer 1 needs"):
        gpu.run_hashed(graph, None, 3, quiet, xp=np, memory_limit=10)
