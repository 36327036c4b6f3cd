"""Stand-ins of the GPU layer kernels that run on the CPU, for the driver and kernel tests.

* ``NumpyKernels``: a vectorised NumPy reference written from the kernels' specification
  (not from their source): decode the CURRENT ranks, unrank, apply generators, rank, mark.
* ``HostCompiledKernels``: the CUDA C source of :mod:`cayley.bfs._gpu_kernels` itself,
  compiled by the host C++ compiler with its one-thread prelude and called through ctypes.
"""
from __future__ import annotations

import ctypes
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from cayley.bfs import _gpu_kernels as gk
from cayley.bfs import gpu
from cayley.bfs._state_space import ranked_space_for

_LOW = np.uint32(0x55555555)


class NumpyKernels:
    """Reference layer kernels over a uint32 code array (2 bits per state)."""

    def __init__(self, space, generators):
        self.space, self.gens = space, np.asarray(generators)

    def expand(self, codes) -> bool:
        ranks = gpu.current_ranks(codes, np, self.space.size)
        states = gpu.unrank_states(self.space, ranks, self.gens.shape[1])
        neighbours = np.concatenate([states[:, g] for g in self.gens])
        targets = np.unique(self.space.rank(neighbours))
        words, shifts = targets // 16, (2 * (targets % 16)).astype(np.uint32)
        unseen = ((codes[words] >> shifts) & np.uint32(3)) == 0
        np.bitwise_or.at(codes, words[unseen], np.uint32(2) << shifts[unseen])
        return bool(unseen.any())

    def advance(self, codes) -> int:
        low, high = codes & _LOW, (codes >> np.uint32(1)) & _LOW
        count = int(np.bitwise_count(high & ~low).sum())
        codes[:] = (low << np.uint32(1)) | (low | high)
        return count


_u32p = np.ctypeslib.ndpointer(np.uint32, flags="C_CONTIGUOUS")
_i64p = np.ctypeslib.ndpointer(np.int64, flags="C_CONTIGUOUS")
_u8p = np.ctypeslib.ndpointer(np.uint8, flags="C_CONTIGUOUS")
_i32p = np.ctypeslib.ndpointer(np.int32, flags="C_CONTIGUOUS")
_u64p = np.ctypeslib.ndpointer(np.uint64, flags="C_CONTIGUOUS")
_BUILD = Path(tempfile.gettempdir()) / "permlab-gpu-host-kernels"


def compile_host_library(source: str) -> ctypes.CDLL:
    """Compile ``source`` (host prelude + kernels) as C++ into a shared library, cached by hash."""
    _BUILD.mkdir(exist_ok=True)
    stem = _BUILD / hashlib.sha256(source.encode()).hexdigest()[:16]
    library = stem.with_suffix(".so")
    if not library.exists():
        stem.with_suffix(".cpp").write_text(source)
        scratch = stem.with_suffix(f".{np.random.randint(1 << 30)}.so")
        subprocess.run(["g++", "-std=c++17", "-O2", "-shared", "-fPIC", "-Wall", "-Werror",
                        "-Wno-unknown-pragmas", "-o", str(scratch), str(stem.with_suffix(".cpp"))],
                       check=True, capture_output=True, text=True)
        scratch.rename(library)
    lib = ctypes.CDLL(str(library))
    lib.expand.argtypes = [_u32p, ctypes.c_int64, _u8p, ctypes.c_int, _i64p, _u8p, _i32p]
    lib.advance.argtypes = [_u32p, ctypes.c_int64, _u64p]
    return lib


class HostCompiledKernels:
    """The CUDA kernels' source compiled for the CPU, run as a single thread."""

    def __init__(self, space, generators):
        degree = np.asarray(generators).shape[1]
        self.lib = compile_host_library(gk.kernel_source(space, degree, host=True))
        self.gens = gk.kernel_generators(space, generators)
        self.n_gens = np.asarray(generators).shape[0]
        self.t64, self.t8 = gk.kernel_tables(space)

    def expand(self, codes) -> bool:
        flag = np.zeros(1, dtype=np.int32)
        self.lib.expand(codes, codes.shape[0], self.gens, self.n_gens, self.t64, self.t8, flag)
        return bool(flag[0])

    def advance(self, codes) -> int:
        count = np.zeros(1, dtype=np.uint64)
        self.lib.advance(codes, codes.shape[0], count)
        return int(count[0])


@pytest.fixture(scope="session")
def host_compiler() -> None:
    if shutil.which("g++") is None:
        pytest.skip("no host C++ compiler (g++) to run the CUDA kernels' source on the CPU")


def no_progress(distance, size, seconds) -> None:
    """A LayerProgress stand-in."""


def run_with(graph, kernels_class, max_layers=None, last_layer_limit=1000):
    """``gpu.run`` on the CPU with numpy and the given stand-in kernels."""
    space = ranked_space_for(graph)
    kernels = kernels_class(gpu.device_space(graph, space), graph.generators)
    return gpu.run(graph, space, max_layers, last_layer_limit, no_progress, xp=np, kernels=kernels)


@pytest.fixture(scope="session")
def run_on_cpu():
    """``run_on_cpu(graph, kernels_class, ...)``: the GPU driver with numpy and stand-in kernels."""
    return run_with


@pytest.fixture(scope="session")
def numpy_kernels():
    return NumpyKernels


@pytest.fixture(scope="session")
def host_kernels(host_compiler):
    return HostCompiledKernels
