"""The ranked BFS engine on one GPU (CuPy), and the backend checks ``growth`` uses.

The driver is written against an array module ``xp`` and a pair of layer kernels, so the
same layer loop runs on the GPU (``cupy`` and the CUDA kernels of
:mod:`cayley.bfs._gpu_kernels`) and, in the tests, on the CPU (``numpy`` and reference
kernels). The codes array stays on the device for the whole search; per layer the host sees
only a flag (did ``expand`` mark anything) and the new layer's size (reduced on the device).
At the end the ranks of the last layer are read back and unranked on the host.

Both engines run on the GPU: the ranked engine (Lehmer, multiset and stabilizer-chain ranks;
other hashes fall back to the group's stabilizer chain, see :func:`device_space`) with CUDA kernels, and the hashed engine (states packed in 64-bit keys) with cupy's sort.
Checkpoints, and hashed states wider than 64 bits, are CPU-only: ``backend="auto"`` then
uses numba, an explicit ``backend="cupy"`` raises ``ValueError``.

Examples
--------
>>> cupy_available() in (True, False)
True
"""
from __future__ import annotations

import time
from typing import Protocol

import numpy as np

from cayley import _memory
from cayley.errors import BackendUnavailableError, MemoryBudgetError
from cayley.bfs import _gpu_kernels as gk
from cayley.bfs import _tuning
from cayley.bfs._engine_run import EngineRun
from cayley.bfs._progress import LayerProgress
from cayley.bfs._ranked_cpu import BSGS, LEHMER, MULTISET
from cayley.bfs._state_space import RankedSpace, bsgs_space

__all__ = ["cupy_available", "device_space", "hashed_unsupported_reason", "require_cupy", "require_device_memory", "run",
           "run_hashed"]



def cupy_available() -> bool:
    """True when cupy imports and sees a CUDA device.

    Examples
    --------
    >>> isinstance(cupy_available(), bool)
    True
    """
    try:
        import cupy
    except Exception:  # ImportError, or a broken CUDA installation raising at import
        return False
    try:
        return bool(cupy.cuda.is_available())
    except Exception:
        return False


def require_cupy():
    """The cupy module, or :class:`BackendUnavailableError` saying why it cannot be used."""
    try:
        import cupy
    except Exception as exc:
        raise BackendUnavailableError(
            f"backend='cupy' needs the cupy package and a CUDA GPU; importing cupy failed ({exc}). "
            "Install permlab[gpu] (CUDA 12) or permlab[gpu-cuda13], or use backend='numba'"
        ) from None
    try:
        available = bool(cupy.cuda.is_available())
    except Exception:
        available = False
    if not available:
        raise BackendUnavailableError(
            "backend='cupy' needs a CUDA GPU, but cupy sees no device (cupy.cuda.is_available() "
            "is False); use backend='numba'"
        )
    return cupy


def require_device_memory(needed: int, free: int, what: str, limit: int | None = None) -> None:
    """Raise :class:`MemoryBudgetError` when ``needed`` bytes exceed the device's ``free`` bytes
    (or ``limit``, when given and smaller).

    Examples
    --------
    >>> require_device_memory(10, 100, "a test")
    """
    available = free if limit is None else min(free, limit)
    if needed > available:
        raise MemoryBudgetError(
            f"{what} needs {_memory.format_bytes(needed)} ({needed} bytes) of GPU memory but only "
            f"{_memory.format_bytes(available)} ({available} bytes) are available on the device"
        )


class LayerKernels(Protocol):
    """The two device operations of a layer, over the codes array of the driver."""

    def expand(self, codes) -> bool:
        """Mark every unseen neighbour of a CURRENT state as NEXT; True if any was marked."""

    def advance(self, codes) -> int:
        """CURRENT -> VISITED, NEXT -> CURRENT; return the number of new CURRENT states."""


class CupyKernels:
    """The CUDA kernels of :mod:`cayley.bfs._gpu_kernels` bound to one graph and state space."""

    def __init__(self, cupy, space: RankedSpace, generators: np.ndarray):
        degree = generators.shape[1]
        self._cp = cupy
        self._expand, self._advance = gk.compiled_kernels(space, degree)
        t64, t8 = gk.kernel_tables(space)
        self._gens = cupy.asarray(gk.kernel_generators(space, generators))
        self._t64, self._t8 = cupy.asarray(t64), cupy.asarray(t8)
        self._n_gens = np.int32(generators.shape[0])
        self._flag = cupy.zeros(1, dtype=cupy.int32)
        self._count = cupy.zeros(1, dtype=cupy.uint64)

    def expand(self, codes) -> bool:
        self._flag.fill(0)
        grid, block = gk.launch_config(codes.shape[0])
        self._expand(grid, block, (codes, np.int64(codes.shape[0]), self._gens, self._n_gens, self._t64, self._t8, self._flag))
        return bool(int(self._flag.get()[0]))

    def advance(self, codes) -> int:
        self._count.fill(0)
        grid, block = gk.launch_config(codes.shape[0])
        self._advance(grid, block, (codes, np.int64(codes.shape[0]), self._count))
        return int(self._count.get()[0])


def _to_host(array) -> np.ndarray:
    return array.get() if hasattr(array, "get") else np.asarray(array)


def current_ranks(codes, xp, limit: int) -> np.ndarray:
    """Up to ``limit`` ranks whose code is CURRENT, in increasing order (read on the host).

    Examples
    --------
    >>> current_ranks(np.array([0b0100, 0b01], dtype=np.uint32), np, 10).tolist()  # ranks 1, 16
    [1, 16]
    """
    found: list[np.ndarray] = []
    remaining = limit
    for start in range(0, codes.shape[0], _tuning.GPU_COLLECT_CHUNK):
        if remaining <= 0:
            break
        words = codes[start:start + _tuning.GPU_COLLECT_CHUNK]
        current = (words & xp.uint32(0x55555555)) & ~((words >> xp.uint32(1)) & xp.uint32(0x55555555))
        index = xp.flatnonzero(current)[:remaining]  # each word holds at least one current state
        bits = _to_host(current[index]).astype(np.uint64)
        index = _to_host(index).astype(np.int64)
        slots = np.arange(gk.STATES_PER_WORD, dtype=np.uint64)
        hit = ((bits[:, None] >> (2 * slots)) & 1).astype(bool)
        ranks = ((start + index)[:, None] * gk.STATES_PER_WORD + slots.astype(np.int64))[hit]
        found.append(ranks[:remaining])
        remaining -= found[-1].shape[0]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def device_space(graph, space: RankedSpace) -> RankedSpace:
    """``space`` if the CUDA kernels implement its hash, else the stabilizer-chain space of
    the graph's group (same states, slower ranks; the CPU-only hashes are Cayley graphs').

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> from cayley.bfs._state_space import ranked_space_for
    >>> graph = CayleyGraph.from_family("top_spin", 7)  # the alternating group A_7
    >>> device_space(graph, ranked_space_for(graph)).description
    'stabilizer-chain rank of a group of order 2520'
    """
    if space.kind in (LEHMER, MULTISET, BSGS):
        return space
    return bsgs_space(graph.group)


def unrank_states(space: RankedSpace, ranks: np.ndarray, degree: int) -> np.ndarray:
    """The (relabelled) states of the given ranks, as an ``(m, degree)`` int64 array."""
    from cayley.ranking import bsgs_unrank, lehmer_unrank, multiset_unrank

    t = space.tables
    if space.kind == LEHMER:
        return lehmer_unrank(ranks, degree)
    if space.kind == MULTISET:
        return multiset_unrank(ranks, t.counts)
    assert space.kind == BSGS
    return bsgs_unrank({"base": t.base, "radix": t.radix, "compact_transversal": t.transversal}, degree, ranks=ranks)


def run(
    graph,
    space: RankedSpace,
    max_layers: int | None,
    last_layer_limit: int,
    progress: LayerProgress,
    xp=None,
    kernels: LayerKernels | None = None,
    memory_limit: int | None = None,
):
    """Breadth-first search over ``space`` on the device.

    ``xp`` and ``kernels`` default to cupy and :class:`CupyKernels`; tests pass numpy and
    reference kernels built for ``device_space(graph, space)``. Returns an
    :class:`~cayley.bfs._engine_run.EngineRun` whose ``peak_bytes`` are the device bytes; the
    last layer is in the rank order of ``space``, like the numba engine's, also after a
    fallback.
    """
    asked, space = space, device_space(graph, space)
    needed = gk.device_bytes(space.size)
    if xp is None:
        xp = require_cupy()
        xp.get_default_memory_pool().free_all_blocks()  # blocks cached from earlier searches
        free, _ = xp.cuda.runtime.memGetInfo()
        require_device_memory(needed, free, f"GPU ranked BFS over {space.size} states", memory_limit)
    if kernels is None:
        kernels = CupyKernels(xp, space, graph.generators)
    n_words = gk.words_for(space.size)
    codes = xp.zeros(n_words, dtype=xp.uint32)
    codes[n_words - 1] = gk.padded_last_word(space.size)
    start = int(space.rank(graph.start_codes[None, :])[0])
    word = start // gk.STATES_PER_WORD
    codes[word] = int(codes[word]) | (1 << (2 * (start % gk.STATES_PER_WORD)))
    layer_sizes, layer_seconds = [1], [0.0]
    progress(0, 1, 0.0)
    complete = False  # until a layer adds nothing; max_layers may stop the search first
    while max_layers is None or len(layer_sizes) <= max_layers:
        t0 = time.perf_counter()
        if not kernels.expand(codes):
            complete = True
            break
        size = kernels.advance(codes)
        seconds = time.perf_counter() - t0
        layer_sizes.append(size)
        layer_seconds.append(seconds)
        progress(len(layer_sizes) - 1, size, seconds)
    ranks = current_ranks(codes, xp, last_layer_limit)
    states = unrank_states(space, ranks, graph.degree)
    if space is not asked:
        states = states[np.argsort(asked.rank(states))]
    last_complete = layer_sizes[-1] <= last_layer_limit
    return EngineRun(layer_sizes, layer_seconds, states, last_complete, complete, needed, space.description)


# ---------------------------------------------------------------------- hashed engine


def _key_codec(graph):
    from cayley.bfs._hashed import KeyCodec

    if graph.is_matrix:
        return KeyCodec(graph.degree * graph.degree, graph.modulus)
    return KeyCodec(graph.degree, len(graph.symbols))


def hashed_unsupported_reason(graph) -> str | None:
    """Why the GPU hashed engine cannot take ``graph`` (None when it can): it needs states
    that pack into 64-bit keys."""
    codec = _key_codec(graph)
    if not codec.packed:
        return f"the GPU hashed engine packs states in 64-bit keys; {codec.description} do not fit"
    return None


def _free_bytes(xp) -> int:
    if xp is np:
        return _memory.available_bytes()
    free, _ = xp.cuda.runtime.memGetInfo()
    return int(free + xp.get_default_memory_pool().free_bytes())


def _minus(a, b, xp):
    """The keys of sorted unique ``a`` that are not in sorted ``b``."""
    if b.shape[0] == 0 or a.shape[0] == 0:
        return a
    at = xp.minimum(xp.searchsorted(b, a), b.shape[0] - 1)
    return a[b[at] != a]


def run_hashed(graph, max_layers, last_layer_limit, progress: LayerProgress, xp=None, memory_limit=None):
    """The hashed engine (sorted frontiers of packed ``uint64`` keys) with the arrays on the
    device: ``xp.unique`` sorts, ``searchsorted`` subtracts; for inverse-closed generators
    only the last two layers are kept. Returns an :class:`~cayley.bfs._engine_run.EngineRun`.
    """
    xp = require_cupy() if xp is None else xp
    codec = _key_codec(graph)
    shifts = xp.asarray(codec.shifts)
    mask = xp.uint64((1 << codec.bits) - 1)
    gens = xp.asarray(graph.generators)
    side = graph.degree

    def encode(rows):
        return (rows.astype(xp.uint64) << shifts).sum(axis=1, dtype=xp.uint64)  # disjoint fields

    def decode(keys):
        return ((keys[:, None] >> shifts) & mask).astype(xp.int64)

    def neighbours(keys):
        parts = []
        for lo in range(0, keys.shape[0], _tuning.GPU_HASHED_CHUNK):
            states = decode(keys[lo:lo + _tuning.GPU_HASHED_CHUNK])
            for g in range(gens.shape[0]):
                if graph.is_matrix:
                    image = (states.reshape(-1, side, side) @ gens[g]) % graph.modulus
                    parts.append(encode(image.reshape(-1, side * side)))
                else:
                    parts.append(encode(states[:, gens[g]]))
        return xp.unique(xp.concatenate(parts))

    start = graph.start.reshape(1, -1) if graph.is_matrix else graph.start_codes[None, :]
    current = encode(xp.asarray(start))
    previous = current[:0]
    layer_sizes, layer_seconds, peak = [1], [0.0], 0
    progress(0, 1, 0.0)
    complete = False
    while max_layers is None or len(layer_sizes) <= max_layers:
        t0 = time.perf_counter()
        needed = (current.shape[0] * gens.shape[0] * 2 + previous.shape[0]) * 8
        require_device_memory(needed, _free_bytes(xp), f"hashed BFS layer {len(layer_sizes)}", memory_limit)
        peak = max(peak, needed + (current.shape[0] + previous.shape[0]) * 8)
        fresh = _minus(_minus(neighbours(current), current, xp), previous, xp)
        if fresh.shape[0] == 0:
            complete = True
            break
        previous = current if graph.inverse_closed else xp.unique(xp.concatenate([previous, current]))
        current = fresh
        seconds = time.perf_counter() - t0
        layer_sizes.append(int(current.shape[0]))
        layer_seconds.append(seconds)
        progress(len(layer_sizes) - 1, layer_sizes[-1], seconds)
    last = _to_host(decode(current[:last_layer_limit]))
    return EngineRun(layer_sizes, layer_seconds, last, layer_sizes[-1] <= last_layer_limit, complete, peak,
                     codec.description)
