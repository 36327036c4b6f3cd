"""The GPU engine on a CUDA device: identical results to the numba engine.

No hypothesis here, so that these run on a device machine without it; random generating
sets are in test_gpu_device_random.py.

Run with ``python -m pytest -m gpu tests/gpu``; every test skips without cupy and a device.
"""
import numpy as np
import pytest

from cayley import CayleyGraph, MemoryBudgetError, growth
from cayley.bfs import gpu
from cayley.generators import family_info, family_names

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not gpu.cupy_available(), reason="needs cupy and a CUDA device"),
]


def ranked_family_cases():
    for name in family_names():
        if family_info(name).kind == "matrix" or name.startswith("cube_3x3x3"):
            continue
        lo = max(family_info(name).min_n, 3)
        for n in range(lo, lo + 5):
            try:
                graph = CayleyGraph.from_family(name, n)
            except ValueError:
                continue
            yield name, n
            if name.startswith("cube_2x2x2"):
                break


def assert_same_on_gpu_and_cpu(graph: CayleyGraph, **kwargs) -> None:
    on_gpu = growth(graph, backend="cupy", **kwargs)
    on_cpu = growth(graph, backend="numba", **kwargs)
    assert on_gpu.backend == "cupy" and on_cpu.backend == "numba" and on_gpu.engine == on_cpu.engine
    assert on_gpu.layer_sizes == on_cpu.layer_sizes
    assert on_gpu.complete == on_cpu.complete and on_gpu.last_layer_complete == on_cpu.last_layer_complete
    assert np.array_equal(on_gpu.last_layer, on_cpu.last_layer)


@pytest.mark.parametrize(("family", "n"), list(ranked_family_cases()))
def test_every_family_matches_the_numba_engine(family, n):
    assert_same_on_gpu_and_cpu(CayleyGraph.from_family(family, n))


@pytest.mark.parametrize(("family", "n", "start"), [("lrx", 10, "0000011111"), ("coxeter", 9, "001122334"),
                                                    ("pancake", 8, "01010101")])
def test_schreier_graphs_match_the_numba_engine(family, n, start):
    assert_same_on_gpu_and_cpu(CayleyGraph.from_family(family, n, start=start))


def test_larger_lehmer_cases_and_limits():
    assert_same_on_gpu_and_cpu(CayleyGraph.from_family("lrx", 10))  # 3.6 M states: many blocks of threads
    assert_same_on_gpu_and_cpu(CayleyGraph.from_family("coxeter", 9), max_layers=7, last_layer_limit=10)
    assert growth(CayleyGraph.from_family("coxeter", 9), backend="cupy").layer_sizes[-1] == 1


@pytest.mark.parametrize(("family", "n", "params"), [("sl2", 5, {}), ("sl2", 11, {}), ("heisenberg", 5, {}),
                                                     ("ut", 4, {"p": 3}), ("lrx", 9, {}), ("pancake", 8, {})])
def test_hashed_engine_matches_the_numba_engine(family, n, params):
    assert_same_on_gpu_and_cpu(CayleyGraph.from_family(family, n, **params), engine="hashed")


def test_device_memory_guard_refuses_before_starting():
    with pytest.raises(MemoryBudgetError, match="GPU memory"):
        growth(CayleyGraph.from_family("lrx", 12), backend="cupy", memory_limit=10**6)
    with pytest.raises(MemoryBudgetError, match="hashed BFS layer"):
        growth(CayleyGraph.from_family("sl2", 11), backend="cupy", memory_limit=100)
