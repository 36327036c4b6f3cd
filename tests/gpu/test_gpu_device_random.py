"""The GPU engine on random generating sets (hypothesis), against the numba engine."""
import numpy as np
import pytest

from cayley import CayleyGraph
from cayley.bfs import gpu
from cayley.bfs._state_space import ranked_space_for

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_gpu_device import assert_same_on_gpu_and_cpu  # noqa: E402

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not gpu.cupy_available(), reason="needs cupy and a CUDA device"),
]


@settings(max_examples=20)
@given(st.integers(3, 8), st.lists(st.permutations(list(range(8))), min_size=1, max_size=3), st.data())
def test_random_generating_sets_match_the_numba_engine(n, gens, data):
    gens = [np.asarray(g)[:n] for g in gens if sorted(g[:n]) == list(range(n))] or [np.arange(n)]
    start = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    for s in (None, start):
        graph = CayleyGraph(gens, start=s)
        if ranked_space_for(graph) is not None:
            assert_same_on_gpu_and_cpu(graph, engine="ranked")
