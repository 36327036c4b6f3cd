"""Flip-graph search on a GPU (CuPy): thousands of walkers, one per CUDA thread.

The device runs the walk kernel of :mod:`._gpu_kernels` in chunks. Between chunks the host

* finds the best walker with a device reduction (``argmin`` of the best ranks), copies only
  that walker's scheme back, verifies it exactly (Brent equations, :func:`._verify.verify`)
  and saves it atomically;
* every ``restart_flips`` flips (per walker) restarts the walkers behind the best rank from the best
  walker's scheme (copy-best broadcast, device to device).

The host loop :func:`run_walks` takes an array module (``cupy`` or ``numpy``) and a step
callable, so the same loop runs on the CPU against the numba twin of the kernel; that is
how the tests exercise it on machines without a GPU.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from cayley.errors import BackendUnavailableError, InputError

from ._gpu_kernels import N_COUNTERS, SINCE_IMPROVE, THREADS_PER_BLOCK
from ._io import write_scheme
from ._packing import pack_scheme, unpack_scheme
from ._scheme import Scheme
from ._search import SearchResult, _check_search, _splitmix, check_integer, require_walker_memory
from ._verify import verify

__all__ = ["WalkerState", "cupy_available", "cupy_step", "load_cupy", "numba_step", "pack_walkers", "run_walks",
           "search_gpu", "unpack_walker"]

BACKENDS = ("auto", "numba", "cupy")


def load_cupy():
    """Import CuPy and check that a CUDA device is visible.

    Raises
    ------
    BackendUnavailableError
        When CuPy is not installed or no device can be used.
    """
    try:
        import cupy
    except ImportError as exc:
        raise BackendUnavailableError(
            "backend='cupy' needs CuPy and a CUDA GPU: pip install 'permlab[gpu]' (cupy-cuda12x) "
            "or 'permlab[gpu-cuda13]'; use backend='numba' for the CPU walk"
        ) from exc
    try:
        available = cupy.cuda.is_available()
    except Exception:  # a broken driver install raises instead of answering False
        available = False
    if not available:
        raise BackendUnavailableError(
            "backend='cupy': CuPy is installed but no CUDA device is visible; "
            "use backend='numba' for the CPU walk"
        )
    return cupy


def cupy_available() -> bool:
    """True when :func:`load_cupy` would succeed (CuPy importable and a device visible)."""
    try:
        load_cupy()
    except BackendUnavailableError:
        return False
    return True


@dataclass
class WalkerState:
    """Walker arrays in the kernel's structure-of-arrays layout (walker index last).

    ``masks``, ``signs``, ``best_masks``, ``best_signs`` have shape (3, capacity, walkers)
    (signs stay zero over GF(2)); ``ranks``, ``best_ranks``, ``rng`` shape (walkers,);
    ``counters`` shape (4, walkers). All live in one array module.
    """

    masks: object
    signs: object
    best_masks: object
    best_signs: object
    ranks: object
    best_ranks: object
    rng: object
    counters: object
    ternary: bool

    @property
    def walkers(self) -> int:
        """Number of walkers."""
        return int(self.ranks.shape[0])

    @property
    def capacity(self) -> int:
        """Largest rank a walker can hold."""
        return int(self.masks.shape[1])


def pack_walkers(start: Scheme, walkers: int, capacity: int, seed: int, xp=np) -> WalkerState:
    """Every walker at ``start`` (ternary packing when ``start.ring == "zt"``), in ``xp``.

    Ternary schemes are canonicalised first (first nonzero entry of each u and v positive,
    the sign moved to w), as the kernel expects.

    Examples
    --------
    >>> st = pack_walkers(Scheme.naive(2, 2, 2, "gf2"), walkers=3, capacity=10, seed=0)
    >>> st.masks.shape, unpack_walker(st, 2, (2, 2, 2), best=True) == Scheme.naive(2, 2, 2, "gf2")
    ((3, 10, 3), True)
    """
    check_integer("walkers", walkers)
    ternary = start.ring == "zt"
    masks, signs = pack_scheme(_canonical(start) if ternary else start, ternary, capacity)
    soa = [np.ascontiguousarray(np.repeat(a[:, :, None], walkers, axis=2)) for a in (masks, signs)]
    rng = np.array([_splitmix(seed * 1_000_003 + w) for w in range(walkers)], np.uint64)
    ranks = np.full(walkers, start.rank, np.int64)
    return WalkerState(xp.asarray(soa[0]), xp.asarray(soa[1]), xp.asarray(soa[0].copy()),
                       xp.asarray(soa[1].copy()), xp.asarray(ranks), xp.asarray(ranks.copy()),
                       xp.asarray(rng), xp.zeros((N_COUNTERS, walkers), xp.int64), ternary)


def _canonical(scheme: Scheme) -> Scheme:
    """The same terms with the first nonzero entry of every u_t and v_t made positive."""
    u, v, w = (a.copy() for a in scheme.factors())
    for a in (u, v):
        first = a[np.arange(len(a)), np.argmax(a != 0, axis=1)]
        flip = first < 0
        a[flip] *= -1
        w[flip] *= -1
    return Scheme(*scheme.format, u, v, w, scheme.ring)


def _to_host(a) -> np.ndarray:
    return a.get() if hasattr(a, "get") else np.asarray(a)


def unpack_walker(state: WalkerState, w: int, fmt: tuple[int, int, int], best: bool = False) -> Scheme:
    """Walker ``w``'s current (or best) scheme of format ``fmt`` as a :class:`Scheme`.

    Only that walker's words are copied to the host. The ring is "zt" or "gf2".
    """
    masks, signs, ranks = ((state.best_masks, state.best_signs, state.best_ranks) if best
                           else (state.masks, state.signs, state.ranks))
    rank = int(ranks[w])
    return unpack_scheme(*fmt, _to_host(masks[:, :rank, w]), _to_host(signs[:, :rank, w]), rank,
                         "zt" if state.ternary else "gf2")


def _kernel_args(state: WalkerState) -> tuple:
    return (state.masks, state.signs, state.best_masks, state.best_signs, state.ranks,
            state.best_ranks, state.rng, state.counters)


def numba_step(state: WalkerState, n_flips: int, plateau: int, plus_band: int, target: int) -> None:
    """Advance every walker with the numba twin of the CUDA kernel (CPU stand-in)."""
    from ._gpu_kernels import walk_twin

    walk_twin(*_kernel_args(state), n_flips, plateau, plus_band, target, state.ternary)


def cupy_step(state: WalkerState, n_flips: int, plateau: int, plus_band: int, target: int) -> None:
    """Advance every walker by one launch of the CUDA kernel (returns after it finished)."""
    import cupy

    from ._gpu_kernels import compile_kernels

    kernel = compile_kernels(cupy, state.ternary)
    blocks = (state.walkers + THREADS_PER_BLOCK - 1) // THREADS_PER_BLOCK
    kernel((blocks,), (THREADS_PER_BLOCK,),
           (*_kernel_args(state), np.int32(state.walkers), np.int32(state.capacity),
            np.int64(n_flips), np.int64(plateau), np.int32(plus_band), np.int32(target)))
    cupy.cuda.get_current_stream().synchronize()


def run_walks(start: Scheme, *, xp, step: Callable, target: int, walkers: int,
              time_limit: float, max_flips: int | None = None, seed: int = 0,
              plateau: int = 3_000, plus_band: int = 2, restart_flips: int = 200_000,
              chunk_seconds: float = 0.05, out: str | os.PathLike | None = None,
              report: Callable[[float, int, int], None] | None = None) -> SearchResult:
    """The host loop: launch ``step``, verify and save improvements, broadcast the best.

    Parameters
    ----------
    start : Scheme
        A verified scheme over "gf2" or "zt" that every walker starts from.
    xp : module
        ``cupy`` or ``numpy``: where the walker arrays live.
    step : callable
        ``step(state, n_flips, plateau, plus_band, target)`` advances every walker
        (:func:`cupy_step` or :func:`numba_step`).
    chunk_seconds : float
        Aimed duration of one step; the flip budget per step adapts to it (so, unlike the
        numba search, a run cut by its target is not bit-reproducible across devices).

    Other parameters as in :func:`search_gpu`. Every scheme returned, saved or reported has
    been verified exactly on the host.

    Examples
    --------
    >>> res = run_walks(Scheme.naive(2, 2, 2, "gf2"), xp=np, step=numba_step, target=7,
    ...                 walkers=4, time_limit=30, seed=1)
    >>> res.rank, res.scheme.verify()
    (7, True)
    """
    state = pack_walkers(start, walkers, start.rank + plus_band + 2, seed, xp)
    best, history = start, [(0.0, start.rank)]
    chunk = 64
    t0 = time.perf_counter()
    since_restart = 0
    while True:
        tc = time.perf_counter()
        step(state, chunk, plateau, plus_band, target)
        now = time.perf_counter()
        since_restart += chunk
        chunk = int(min(max(chunk * (chunk_seconds / max(now - tc, 1e-6)) ** 0.5, 16), 1 << 24))
        w = int(xp.argmin(state.best_ranks))
        if int(state.best_ranks[w]) < best.rank:
            cand = unpack_walker(state, w, start.format, best=True)
            if not verify(cand, start.ring):
                raise RuntimeError(f"internal error: walker {w} produced an invalid scheme {cand!r}")
            best = cand
            history.append((now - t0, best.rank))
            if out:
                write_scheme(best, out)
            if report:
                report(now - t0, best.rank, int(state.counters[0].sum()))
        flips = int(state.counters[0].sum())
        if best.rank <= target or now - t0 >= time_limit or (max_flips and flips >= max_flips):
            break
        if since_restart >= restart_flips:
            since_restart = 0
            _broadcast_best(state, w, xp)
    counters = state.counters.sum(axis=1)
    return SearchResult(best, start.ring, target, best.rank <= target, int(counters[0]), int(counters[1]),
                        time.perf_counter() - t0, history)


def _broadcast_best(state: WalkerState, w: int, xp) -> None:
    """Restart every walker behind walker ``w``'s best rank from ``w``'s best scheme."""
    lag = state.best_ranks > state.best_ranks[w]
    if not bool(lag.any()):
        return
    idx = xp.nonzero(lag)[0]
    for current, best in ((state.masks, state.best_masks), (state.signs, state.best_signs)):
        source = best[:, :, w:w + 1]
        current[:, :, idx] = source
        best[:, :, idx] = source
    state.ranks[idx] = state.best_ranks[w]
    state.best_ranks[idx] = state.best_ranks[w]
    state.counters[SINCE_IMPROVE, idx] = 0


def _terminal_report(seconds: float, rank: int, flips: int) -> None:
    print(f"{seconds:8.2f} s  rank {rank:4d}  flips {flips:,}", file=sys.stderr, flush=True)


def search_gpu(start, *, ring: str = "gf2", target: int | None = None, walkers: int = 1 << 16,
               time_limit: float = 60.0, max_flips: int | None = None, seed: int = 0,
               plateau: int = 3_000, plus_band: int = 2, restart_flips: int = 200_000,
               out: str | os.PathLike | None = None,
               progress: bool | Callable[[float, int, int], None] = False,
               backend: str = "cupy") -> SearchResult:
    """Flip-graph search with one walker per CUDA thread (same results as :func:`search`).

    Parameters
    ----------
    start : Scheme, path or (n, m, p)
        As in :func:`search`.
    ring : {"gf2", "zt"}
        Walk over GF(2) (lift the result with :func:`lift`) or with coefficients in
        {-1, 0, 1} over Z (every move refuses a +-2).
    walkers : int
        Number of walkers (CUDA threads); default 65536.
    backend : {"cupy", "numba", "auto"}
        ``"cupy"`` runs on the GPU; ``"numba"`` runs the same host loop and algorithm on
        the CPU (the kernel's numba twin, one thread); ``"auto"`` takes cupy when usable.

    Other parameters as in :func:`search`.

    Returns
    -------
    SearchResult
        Verified exactly on the host; ``reached`` is False when the budget ran out first.

    Raises
    ------
    InputError
        An argument is out of range (as in :func:`search`).
    MemoryBudgetError
        The walker arrays would not fit in the host's memory.
    BackendUnavailableError
        ``backend="cupy"`` without CuPy or without a CUDA device.

    Examples
    --------
    >>> res = search_gpu((2, 2, 2), target=7, walkers=8, time_limit=30, seed=1, backend="numba")
    >>> res.rank, res.reached, res.scheme.verify()
    (7, True, True)
    """
    if backend not in BACKENDS:
        raise InputError(f"backend must be one of {BACKENDS}, got {backend!r}")
    ring, scheme, target = _check_search(start, ring, target, plus_band, time_limit, seed, out,
                                         walkers=walkers, plateau=plateau, max_flips=max_flips,
                                         restart_flips=restart_flips)
    require_walker_memory(scheme, walkers, plus_band)
    if backend == "auto":
        backend = "cupy" if cupy_available() else "numba"
    xp = load_cupy() if backend == "cupy" else np
    step = cupy_step if backend == "cupy" else numba_step
    report = (progress if callable(progress) else _terminal_report) if progress else None
    return run_walks(scheme, xp=xp, step=step, target=int(target), walkers=int(walkers),
                     time_limit=float(time_limit), max_flips=max_flips, seed=int(seed),
                     plateau=int(plateau), plus_band=int(plus_band),
                     restart_flips=int(restart_flips), out=out, report=report)
