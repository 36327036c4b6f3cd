"""Tests on a CUDA device (``-m gpu``); each skips when CuPy or a device is missing."""
import numpy as np
import pytest

from solvers.flipgraph import Scheme, read_scheme, verify
from solvers.flipgraph.gpu import cupy_step, numba_step, pack_walkers, search_gpu, unpack_walker

pytestmark = pytest.mark.gpu


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_device_kernel_matches_numba_twin_exactly(cupy_device, ring):
    cp = cupy_device
    start = Scheme.naive(3, 3, 3, ring)
    device = pack_walkers(start, walkers=300, capacity=start.rank + 4, seed=9, xp=cp)
    host = pack_walkers(start, walkers=300, capacity=start.rank + 4, seed=9)
    for _ in range(3):
        cupy_step(device, 500, 80, 2, 0)
        numba_step(host, 500, 80, 2, 0)
        for name in ("masks", "signs", "best_masks", "best_signs", "ranks", "best_ranks", "rng",
                     "counters"):
            np.testing.assert_array_equal(getattr(device, name).get(), getattr(host, name), err_msg=name)


@pytest.mark.parametrize("ring", ["gf2", "zt"])
def test_device_walkers_stay_valid_on_4x4x4(cupy_device, ring):
    start = Scheme.naive(4, 4, 4, ring)
    state = pack_walkers(start, walkers=4096, capacity=start.rank + 4, seed=1, xp=cupy_device)
    cupy_step(state, 20_000, 3_000, 2, 0)
    assert int(state.best_ranks.min()) < 64
    for w in (0, 1, 4095, int(state.best_ranks.argmin())):
        assert verify(unpack_walker(state, w, (4, 4, 4)), ring)
        assert verify(unpack_walker(state, w, (4, 4, 4), best=True), ring)


def test_search_gpu_reaches_laderman_rank(cupy_device, tmp_path):
    # 3x3x3 rank 23: Laderman (1976)
    res = search_gpu((3, 3, 3), target=23, walkers=4096, time_limit=60, seed=0, out=tmp_path / "b.json")
    assert res.reached and res.rank == 23 and res.scheme.verify()
    assert read_scheme(tmp_path / "b.json") == res.scheme
