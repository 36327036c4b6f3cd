"""Breadth-first growth of Cayley and Schreier graphs: one driver, two engines.

* ``"ranked"``: one byte per state over a perfect hash of the state space (Lehmer rank for
  S_n, multiset rank for strings with repeated symbols, stabilizer-chain rank for any other
  permutation group). No hash table, no sort. Default whenever a perfect hash applies.
* ``"hashed"``: sorted arrays of packed state keys; for matrix groups and for state spaces
  without a usable rank.

Examples
--------
>>> from cayley import CayleyGraph, growth
>>> growth(CayleyGraph.from_family("pancake", 5)).diameter
5
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cayley import _memory
from cayley.bfs._progress import LayerCallback, LayerProgress
from cayley.graph import CayleyGraph
from cayley.growth import GrowthResult

__all__ = ["MemoryEstimate", "estimate_memory", "growth"]

_ENGINES = ("auto", "ranked", "hashed")
_CODES = ("auto", "byte", "two_bit", "out_of_core")
_BACKENDS = ("auto", "numba", "cupy")


def _choose_engine(graph: CayleyGraph, engine: str):
    from cayley.bfs._state_space import ranked_space_for  # numba kernels load on first use

    if engine not in _ENGINES:
        raise ValueError(f"engine must be one of {_ENGINES}, got {engine!r}")
    space = ranked_space_for(graph) if engine != "hashed" else None
    if engine == "ranked" and space is None:
        raise ValueError(
            "the ranked engine needs a perfect hash: permutation states of degree <= 20 "
            "whose group or arrangement count is below 2**62; use engine='hashed'"
        )
    if engine == "auto" and space is not None and not graph.is_cayley:
        # Arrangements of a multiset: ranked only if the group can reach all of them.
        import math

        if graph.group.order() != math.factorial(graph.degree):
            space = None
    return ("ranked", space) if space is not None else ("hashed", None)


def _check_backend(backend: str) -> str:
    """``"cupy"`` or ``"numba"``; an explicit ``"cupy"`` without cupy or a GPU raises
    :class:`BackendUnavailableError`, ``"auto"`` picks cupy only when a device is usable."""
    if backend not in _BACKENDS:
        raise ValueError(f"backend must be one of {_BACKENDS}, got {backend!r}")
    if backend == "numba":
        return "numba"
    from cayley.bfs import gpu  # cupy itself is imported only inside these checks

    if backend == "cupy":
        gpu.require_cupy()
        return "cupy"
    return "cupy" if gpu.cupy_available() else "numba"


def _gpu_can_run(graph: CayleyGraph, space, checkpoint) -> str | None:
    """Why the GPU engine cannot run this search (None when it can)."""
    from cayley.bfs import gpu
    from cayley.bfs._gpu_kernels import unsupported_reason

    if checkpoint is not None:
        return "the GPU engines do not write checkpoints"
    if space is None:
        return gpu.hashed_unsupported_reason(graph)
    return unsupported_reason(space, graph.degree)


class MemoryEstimate(NamedTuple):
    """What :func:`growth` will need, from :func:`estimate_memory`.

    Attributes
    ----------
    engine : str
        The engine it picks: ``"ranked"`` or ``"hashed"``.
    backend : str
        Where the states live: ``"numba"`` (this machine's memory) or ``"cupy"`` (the GPU's).
    bytes : int or None
        Bytes needed there; None when not known in advance (the hashed engine on a graph
        whose number of states is unknown: it then checks before every layer).
    bound : bool
        True when ``bytes`` bounds what is allocated (the ranked engines); False when it
        is an estimate (the hashed engine: one key per reachable state).
    codes : str
        How the ranked engine stores a state: ``"byte"``, ``"two_bit"`` (in memory) or
        ``"out_of_core"`` (two bits per state in files of the work directory); ``"keys"``
        for the hashed engine.
    disk_bytes : int
        Bytes of disk the work directory needs (out of core; 0 otherwise).
    """

    engine: str
    backend: str
    bytes: int | None
    bound: bool
    codes: str = "byte"
    disk_bytes: int = 0


def estimate_memory(graph: CayleyGraph, engine: str = "auto", backend: str = "numba",
                    max_layers: int | None = None, codes: str = "auto", workdir: str | Path | None = None,
                    memory_limit: int | None = None) -> MemoryEstimate:
    """What :func:`growth` with these arguments needs, before it runs: the one memory model
    that its guard, the command line and :func:`cayley.sweep` use.

    The ranked engine's figure bounds what it allocates (its codes, flags and move tables).
    The hashed engine's is an estimate from the number of reachable states when that is
    known in advance (the group order of a Cayley graph; every arrangement of the start
    state's symbols when the group is the whole symmetric group; with ``max_layers``, at
    most ``g**d`` states at distance ``d``): one key per state, about what its frontiers and
    their neighbours hold around the largest layers. ``memory_limit`` of :func:`growth` is
    compared with this figure, in the memory of the chosen backend.

    Parameters
    ----------
    graph : CayleyGraph
    engine : {"auto", "ranked", "hashed"}
    backend : {"numba", "cupy"}
        ``"cupy"`` gives the device bytes of the GPU engines (no GPU needed to ask).
    max_layers, codes, workdir, memory_limit : optional
        As in :func:`growth`: which codes the ranked engine uses depends on them.

    Examples
    --------
    >>> estimate_memory(CayleyGraph.from_family("lrx", 10))  # 907,200 bytes of codes, the rest move tables
    MemoryEstimate(engine='ranked', backend='numba', bytes=17685760, bound=True, codes='two_bit', disk_bytes=0)
    >>> estimate_memory(CayleyGraph.from_family("lrx", 13), workdir="/tmp/w", memory_limit=10**9).codes
    'out_of_core'
    >>> estimate_memory(CayleyGraph.from_family("lrx", 30)).bytes > 10**32  # 30! states
    True
    """
    if backend not in ("numba", "cupy"):
        raise ValueError(f"backend must be 'numba' or 'cupy', got {backend!r}")
    if codes not in _CODES:
        raise ValueError(f"codes must be one of {_CODES}, got {codes!r}")
    name, space = _choose_engine(graph, engine)
    return _estimate(graph, name, space, backend, max_layers, codes, workdir, memory_limit)


def _estimate(graph: CayleyGraph, name: str, space, backend: str, max_layers: int | None, codes: str = "auto",
              workdir=None, memory_limit: int | None = None) -> MemoryEstimate:
    """:func:`estimate_memory` for an engine already chosen (``space`` None: hashed)."""
    from cayley.bfs import _gpu_kernels

    if space is not None and backend == "cupy":
        return MemoryEstimate(name, backend, _gpu_kernels.device_bytes(space.size), True)
    if space is not None:
        return _ranked_plan(graph, space, codes, workdir, memory_limit)
    return MemoryEstimate(name, backend, _hashed_estimate(graph, max_layers), False, "keys")


def _ranked_plan(graph: CayleyGraph, space, codes: str, workdir, memory_limit: int | None) -> MemoryEstimate:
    """How the CPU ranked engine stores the states, and what that needs.

    ``codes="auto"``: two bits per state in memory when they fit (faster than bytes as well
    as smaller, ``benchmarks/growth_vs_cayleypy.py``), else out of core when a work directory
    is given (and the codes would take more than ``_two_bit.IN_MEMORY_SHARE`` of the memory);
    ``"byte"``, ``"two_bit"`` and ``"out_of_core"`` ask for one (two bits go out of core too,
    with a work directory, when they do not fit in memory).
    """
    from cayley.bfs import _ranked, _two_bit

    if codes == "byte":
        return MemoryEstimate("ranked", "numba", _ranked.estimate_bytes(space, graph), True, "byte")
    if codes == "out_of_core" and workdir is None:
        raise ValueError("codes='out_of_core' needs a work directory (workdir=..., --workdir DIR)")
    in_memory = _two_bit.estimate_bytes(space, graph)
    available = _memory.available_bytes() if memory_limit is None else memory_limit
    if codes != "out_of_core" and (workdir is None or in_memory <= _two_bit.IN_MEMORY_SHARE * available):
        return MemoryEstimate("ranked", "numba", in_memory, True, "two_bit")
    return MemoryEstimate("ranked", "numba", _two_bit.estimate_bytes(space, graph, True, memory_limit), True,
                          "out_of_core", _two_bit.disk_bytes(space, graph))


def _reachable_states(graph: CayleyGraph) -> int | None:
    """The number of states a search from the start reaches, when known without searching."""
    import math

    if graph.is_matrix:
        return None
    order = graph.group.order()
    if graph.is_cayley:
        return order
    if order == math.factorial(graph.degree):  # every arrangement of the start's symbols
        counts = np.unique(graph.start, return_counts=True)[1]
        return math.factorial(graph.degree) // math.prod(math.factorial(int(c)) for c in counts)
    return None


def _hashed_estimate(graph: CayleyGraph, max_layers: int | None = None) -> int | None:
    """Bytes of one packed key per reachable state (None when the count is unknown); with
    ``max_layers``, per state within that distance at most (``g**d`` at distance ``d``)."""
    from cayley.bfs._hashed import KeyCodec

    states = _reachable_states(graph)
    if states is None:
        return None
    if max_layers is not None:
        states = min(states, sum(graph.n_generators**d for d in range(max_layers + 1)))
    return states * KeyCodec(graph.degree, len(graph.symbols)).key_bytes


def growth(
    graph: CayleyGraph,
    engine: str = "auto",
    backend: str = "auto",
    max_layers: int | None = None,
    last_layer_limit: int = 1000,
    checkpoint: str | Path | None = None,
    on_layer: LayerCallback | None = None,
    progress: bool | None = None,
    memory_limit: int | None = None,
    codes: str = "auto",
    workdir: str | Path | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> GrowthResult:
    """Layer sizes of a breadth-first search from the graph's start state.

    Parameters
    ----------
    graph : CayleyGraph
        Generators and start state (``CayleyGraph.from_family("lrx", 11)``).
    engine : {"auto", "ranked", "hashed"}
        ``"auto"`` uses the ranked engine whenever a perfect hash covers the reachable states.
    backend : {"auto", "numba", "cupy"}
    max_layers : int, optional
        Stop after this distance; the result then says ``complete=False``.
    last_layer_limit : int
        At most this many states of the last layer are returned.
    checkpoint : path, optional
        Directory for a checkpoint written atomically after every layer; a later call with
        the same graph and directory resumes from it.
    on_layer : callable, optional
        Called as ``on_layer(distance, size, seconds)`` after each layer.
    progress : bool, optional
        Show a tqdm bar (default: when stderr is a terminal).
    memory_limit : int, optional
        Bytes the search may use in the memory its states live in: this machine's with
        ``backend="numba"``, the GPU's with ``"cupy"`` (default: what is available there
        now). Checked against :func:`estimate_memory` before the search starts, and by the
        hashed engines again before every layer.
    codes : {"auto", "byte", "two_bit", "out_of_core"}
        How the ranked engine stores each state (CPU): ``"auto"`` and ``"two_bit"`` use two
        bits per state, in memory or, when they do not fit and ``workdir`` is given, out of
        core; ``"out_of_core"`` always in ``workdir``; ``"byte"`` one byte per state (the
        older layout, kept for comparison).
    workdir : path, optional
        A directory for the states when two bits per state do not fit in ``memory_limit``:
        the ranked engine then keeps them in a file there and streams it segment by segment,
        so an S_14 search (87 billion states, a file of 21.8 GB) runs in a few GB of memory.
        An undirected graph needs one copy of the codes on disk (only its last two layers
        are kept), a directed one two; checked before the search starts. The work directory
        is also the run's checkpoint: the same call resumes there.
    on_notice : callable, optional
        Called with a one-line message when kernels start compiling for their first use
        (``"compiling kernels for first use; cached afterwards ..."``); a tqdm bar shows it
        too. The result's ``compile_seconds`` says how long it took.

    Returns
    -------
    GrowthResult

    Examples
    --------
    >>> r = growth(CayleyGraph.from_family("all_transpositions", 5))
    >>> r.layer_sizes  # unsigned Stirling numbers of the first kind c(5, 5-k)
    [1, 10, 35, 50, 24]
    """
    if not isinstance(graph, CayleyGraph):
        raise TypeError(f"graph must be a CayleyGraph, got {type(graph).__name__}")
    if max_layers is not None and (not isinstance(max_layers, int) or max_layers < 0):
        raise ValueError(f"max_layers must be a non-negative int or None, got {max_layers!r}")
    if not isinstance(last_layer_limit, int) or last_layer_limit < 0:
        raise ValueError(f"last_layer_limit must be a non-negative int, got {last_layer_limit!r}")
    if codes not in _CODES:
        raise ValueError(f"codes must be one of {_CODES}, got {codes!r}")
    with _collector_paused():
        return _grow(graph, engine, backend, max_layers, last_layer_limit, checkpoint, on_layer, progress,
                     memory_limit, codes, workdir, on_notice)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for the duration, as ``timeit`` does: a full
    collection walks every object of the compiled kernels (about 40 ms), and the search makes
    no reference cycles for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _grow(graph, engine, backend, max_layers, last_layer_limit, checkpoint, on_layer, progress,
          memory_limit, codes="auto", workdir=None, on_notice=None) -> GrowthResult:
    """:func:`growth` after its argument checks."""
    from cayley._compile_watch import FIRST_USE_NOTICE, CompileWatch
    from cayley.bfs import _hashed, _ranked, _two_bit, gpu  # gpu imports cupy only when it runs

    backend_name = _check_backend(backend)
    engine_name, space = _choose_engine(graph, engine)
    if backend_name == "cupy" and (reason := _gpu_can_run(graph, space, checkpoint)) is not None:
        if backend == "cupy":
            raise ValueError(f"backend='cupy': {reason}; use backend='numba'")
        backend_name = "numba"
    t0 = time.perf_counter()
    estimate = None
    if backend_name == "numba":  # the GPU engines check the device's free memory themselves
        estimate = _estimate(graph, engine_name, space, "numba", max_layers, codes, workdir, memory_limit)
        if space is None:
            what = f"hashed BFS over up to {_reachable_states(graph)} states (one key each)"
        elif estimate.codes == "out_of_core":
            what = f"out-of-core ranked BFS over {space.size} states (beside {_memory.format_bytes(estimate.disk_bytes)} of disk)"
            _two_bit.work_directory(workdir, space, graph)  # refuses a work directory without room, before any work
        else:
            what = (f"ranked BFS over {space.size} states ({'one byte' if estimate.codes == 'byte' else 'two bits'} "
                    f"each{'' if workdir is not None or estimate.codes == 'byte' else '; give a work directory to run out of core'})")
        if estimate.bytes is not None:
            _memory.require(estimate.bytes, what, memory_limit)
    report = LayerProgress(on_layer, progress, space.size if space is not None else None, on_notice)
    compiling = CompileWatch(lambda: report.notice(FIRST_USE_NOTICE))
    try:
        with compiling.watching():
            if backend_name == "cupy" and space is not None:
                run = gpu.run(graph, space, max_layers, last_layer_limit, report, memory_limit=memory_limit)
            elif backend_name == "cupy":
                run = gpu.run_hashed(graph, max_layers, last_layer_limit, report, memory_limit=memory_limit)
            elif space is not None:
                from cayley.bfs._state_space import rotation_space_for

                space = rotation_space_for(graph, space)
                if estimate.codes == "byte":
                    run = _ranked.run(graph, space, max_layers, last_layer_limit, checkpoint, report)
                else:
                    run = _two_bit.run(graph, space, max_layers, last_layer_limit, checkpoint, report,
                                       workdir if estimate.codes == "out_of_core" else None, memory_limit)
            else:
                run = _hashed.run(graph, max_layers, last_layer_limit, checkpoint, report, memory_limit)
    finally:
        report.close()
    last = run.last_layer if graph.is_matrix else graph.symbols[run.last_layer]
    label = f"{graph.family} n={graph.family_n}" if graph.family else f"{graph.n_generators} generators"
    return GrowthResult(
        layer_sizes=[int(s) for s in run.layer_sizes],
        last_layer=last,
        last_layer_complete=bool(run.last_layer_complete),
        complete=run.complete,
        engine=engine_name,
        backend=backend_name,
        state_space=run.description,
        seconds=time.perf_counter() - t0,
        compile_seconds=compiling.seconds,
        peak_memory_bytes=int(run.peak_bytes),
        layer_seconds=[float(s) for s in run.layer_seconds],
        graph=label,
    )
