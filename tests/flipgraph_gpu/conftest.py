"""Fixtures for the GPU flip-graph tests: a CUDA device (skip without) and the C build."""
import ctypes
import re
import shutil
import subprocess

import numpy as np
import pytest

from solvers.flipgraph._gpu_kernels import CUDA_SOURCE


@pytest.fixture(scope="session")
def cupy_device():
    """The ``cupy`` module when a CUDA device is usable; skips the test otherwise."""
    from cayley.errors import BackendUnavailableError
    from solvers.flipgraph.gpu import load_cupy

    try:
        return load_cupy()
    except BackendUnavailableError as exc:
        pytest.skip(str(exc))


# The CUDA text compiled as plain C++ for the host: one "thread" per call, looping over
# walkers, so the kernel's logic can be compared with its numba twin on any machine.
_HOST_PRELUDE = """
#define __device__
#define __forceinline__ inline
#define __global__
struct Idx { int x; };
static Idx blockIdx = {0}, blockDim = {1}, threadIdx = {0};
"""
_HOST_DRIVER = """
extern "C" void walk_all(u64 *m, u64 *sg, u64 *bm, u64 *bsg, i64 *ranks, i64 *best, u64 *rng,
                         i64 *counters, int W, int cap, i64 n_flips, i64 plateau, int plus_band,
                         int target, int ternary) {
    for (int w = 0; w < W; w++) {
        threadIdx.x = w;
        if (ternary) walk_zt(m, sg, bm, bsg, ranks, best, rng, counters, W, cap, n_flips, plateau, plus_band, target);
        else walk_gf2(m, sg, bm, bsg, ranks, best, rng, counters, W, cap, n_flips, plateau, plus_band, target);
    }
}
"""


@pytest.fixture(scope="session")
def host_compiled_kernel(tmp_path_factory):
    """``CUDA_SOURCE`` built with g++ as a host library: ``f(state, n_flips, ...)``."""
    compiler = shutil.which("g++")
    if compiler is None:
        pytest.skip("g++ not found")
    folder = tmp_path_factory.mktemp("cuda_on_host")
    source = re.sub(r'extern "C" __global__', "", CUDA_SOURCE)
    (folder / "walk.cpp").write_text(_HOST_PRELUDE + source + _HOST_DRIVER)
    lib_path = folder / "walk.so"
    subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-o", str(lib_path), str(folder / "walk.cpp")],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    ptr = np.ctypeslib.ndpointer
    words, ints = ptr(np.uint64), ptr(np.int64)
    lib.walk_all.argtypes = [words, words, words, words, ints, ints, words, ints, ctypes.c_int,
                             ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_int,
                             ctypes.c_int, ctypes.c_int]

    def step(state, n_flips, plateau, plus_band, target):
        lib.walk_all(state.masks, state.signs, state.best_masks, state.best_signs, state.ranks,
                     state.best_ranks, state.rng, state.counters, state.walkers, state.capacity,
                     n_flips, plateau, plus_band, target, int(state.ternary))

    return step
