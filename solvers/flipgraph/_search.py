"""Search driver: populations of flip-graph walkers, verified improvements, executors.

One *population* is a batch of walkers advanced in parallel by the numba kernel
:func:`._kernels.walk` (prange over walkers). Between chunks the host

* takes the best walker; if it beats the best scheme so far, verifies it exactly
  (Brent equations) and saves it atomically (checkpoint; resume by passing the file as
  ``start``);
* keeps a pool of distinct schemes at the best rank and restarts lagging walkers from it
  (copy-best / restarts from recent improvements);
* reports progress (rank over time) on the terminal or to a callback.

Independent populations can be spread over any :class:`concurrent.futures.Executor`.
"""
from __future__ import annotations

import json
import math
import os
import sys
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from cayley._memory import require
from cayley.errors import InputError

from ._equivalence import InequivalentSet
from ._io import check_output_path, read_scheme, write_scheme
from ._known import known_rank
from ._packing import check_word_width, pack_scheme, unpack_scheme
from ._scheme import Scheme, check_format, check_ring
from ._verify import verify

_GOLDEN = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
_INT64_MAX = int(np.iinfo(np.int64).max)
# Host bytes of one walker besides its four (3, capacity) uint64 word arrays: ranks, best
# ranks, generator state, counters and the generator seed built in Python.
_WALKER_OVERHEAD = 128
# Bytes of one population's work item and result besides its schemes.
_POPULATION_OVERHEAD = 4096
# Flip budget of one GF(2) round of a lifted (zt) search: a round ends at the target or
# after this many flips, then signs are assigned and the next round starts from the start
# scheme with a new seed. Flips, not seconds, so that a seeded search is reproducible.
LIFT_ROUND_FLIPS = 1 << 25


@dataclass
class SearchResult:
    """Outcome of :func:`search`.

    Attributes
    ----------
    scheme : Scheme
        The best scheme found (verified exactly over ``ring``).
    ring : str
    target : int
        The rank the search stopped at when reached.
    reached : bool
        True when ``scheme.rank <= target``. False means the search stopped on its time or
        flip budget: the rank is an upper bound from this run, not a proven optimum.
    flips, plus_transitions : int
        Moves made by all walkers together.
    dead_ends : int
        Reductions into a scheme without flips that were undone (``avoid_dead_ends``).
    descents : int
        Walks restarted from the start scheme by the path length limit (``descent_flips``).
    seconds : float
    history : list of (seconds, rank)
        Each verified improvement.
    schemes : list of Scheme
        With ``distinct=K``: up to K pairwise inequivalent verified schemes of rank at most
        the target (see :func:`~solvers.flipgraph.classify`); empty otherwise.
    """

    scheme: Scheme
    ring: str
    target: int
    reached: bool
    flips: int = 0
    plus_transitions: int = 0
    seconds: float = 0.0
    history: list[tuple[float, int]] = field(default_factory=list)
    dead_ends: int = 0
    descents: int = 0
    schemes: list[Scheme] = field(default_factory=list)

    @property
    def rank(self) -> int:
        """Rank of the best scheme."""
        return self.scheme.rank

    def summary(self) -> dict:
        """JSON-ready summary: format, rank, ring, target, reached, flips, seconds, history."""
        return {
            "format": list(self.scheme.format),
            "rank": self.rank,
            "ring": self.ring,
            "target": self.target,
            "reached": self.reached,
            "flips": self.flips,
            "plus_transitions": self.plus_transitions,
            "dead_ends": self.dead_ends,
            "descents": self.descents,
            "seconds": round(self.seconds, 4),
            "history": [[round(t, 4), r] for t, r in self.history],
            "distinct": len(self.schemes),
        }


def _splitmix(x: int) -> int:
    x = (x + _GOLDEN) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return (x ^ (x >> 31)) or 1


def _resolve_start(start, ring: str) -> Scheme:
    if isinstance(start, Scheme):
        scheme = start
    elif isinstance(start, (str, os.PathLike)):
        scheme = read_scheme(start)
    elif isinstance(start, (tuple, list)) and len(start) == 3:
        check_word_width(*check_format(*start))
        scheme = Scheme.naive(*start, ring=ring)
    else:
        raise TypeError(f"start must be a Scheme, a file path or a format (n, m, p), got {start!r}")
    check_word_width(*scheme.format)
    if ring == "zt" and not scheme.is_ternary:
        raise InputError(f"a zt search needs a start with coefficients in {{-1, 0, 1}}; {scheme!r} has others")
    if scheme.is_rational:
        raise InputError(f"{scheme!r} has rational coefficients; the walk needs {{-1, 0, 1}} (zt) or GF(2)")
    if scheme.ring != ring:
        scheme = scheme.with_ring(ring) if ring == "gf2" else Scheme(*scheme.format, *scheme.factors(), ring)
    if ring == "gf2":  # store GF(2) coefficients as 0/1 in the zt-style arrays
        scheme = Scheme(*scheme.format, scheme.u % 2, scheme.v % 2, scheme.w % 2, "gf2")
    if not verify(scheme, ring):
        raise InputError(f"the start scheme {scheme!r} is not valid over {ring}")
    return scheme


def check_integer(name: str, value, minimum: int = 1) -> int:
    """``value`` as an int in ``minimum`` .. 2**63 - 1 (the kernels' int64), else InputError.

    Examples
    --------
    >>> check_integer("walkers", 8)
    8
    >>> check_integer("plus_band", -1, minimum=0)
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: plus_band must be an integer from 0 to 9223372036854775807, got -1
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not minimum <= value <= _INT64_MAX:
        raise InputError(f"{name} must be an integer from {minimum} to {_INT64_MAX}, got {value!r}")
    return int(value)


def check_seconds(name: str, value) -> float:
    """``value`` as a finite positive float, else InputError (NaN and infinity included).

    Examples
    --------
    >>> check_seconds("time_limit", float("nan"))
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: time_limit must be a finite positive number of seconds, got nan
    """
    number = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
    if not (number and math.isfinite(value) and value > 0):
        raise InputError(f"{name} must be a finite positive number of seconds, got {value!r}")
    return float(value)


class Strategy(NamedTuple):
    """The walk :func:`search` runs: the options it fills in when they are left as None.

    Attributes
    ----------
    lift : bool
        For ``ring="zt"``: walk over GF(2) and assign signs (:func:`search_lifted`) instead
        of walking with ternary coefficients.
    drift : bool
        Drifting walk (the C++ reference's policy, see :func:`._kernels.walk`) instead of
        going back to the best scheme whenever the rank leaves the plus band.
    plateau, plateau_max : int
        Flips before a plus transition: uniform in ``plateau .. plateau_max``.
    plus_band : int
        How far above its best rank a walker may climb.
    """

    lift: bool
    drift: bool
    plateau: int
    plateau_max: int
    plus_band: int


def default_strategy(ring: str, *, lift: bool | None = None, drift: bool | None = None,
                     plateau: int | None = None, plateau_max: int | None = None,
                     plus_band: int | None = None) -> Strategy:
    """The walk :func:`search` runs over ``ring`` for the options given (None: the default).

    The rules, measured side by side with the C++ reference on one core of a 2-core
    machine (``benchmarks/flipgraph_vs_reference.py``, ``docs/internals/flipgraph_search.md``):

    * ``ring="zt"`` walks over GF(2) and assigns signs (``lift``): 3x3x3 -> 23 in a median
      0.12 s against 0.72 s for the direct ternary walk, and 3x3x4 -> 29, 4x4x4 -> 49
      are reached within the limits where the direct walk stalls at 30-32 and 57;
    * walks over GF(2) drift (plateau 1,000 .. 20,000 flips, plus band 4): 3x3x4 -> 29 in
      a median 2.0 s against 7.9 s for the return-to-best walk, 2x4x5 and 4x4x4 get past
      the ranks (40, 52) where that walk stalls; 3x3x3 -> 23 is as fast;
    * a direct ternary walk (``lift=False``) keeps the return-to-best walk (plateau 3,000,
      band 2): drifting made 3x3x3 -> 23 2.5 times slower there.

    Examples
    --------
    >>> default_strategy("zt")
    Strategy(lift=True, drift=True, plateau=1000, plateau_max=20000, plus_band=4)
    >>> default_strategy("zt", lift=False)
    Strategy(lift=False, drift=False, plateau=3000, plateau_max=3000, plus_band=2)
    """
    lift = ring == "zt" if lift is None else bool(lift)
    if lift and ring != "zt":
        raise InputError(f"lift=True walks over GF(2) and assigns signs for ring 'zt', not {ring!r}")
    drift = (lift or ring == "gf2") if drift is None else bool(drift)
    if plateau is None:
        plateau = 1_000 if drift else 3_000
    check_integer("plateau", plateau)
    if plateau_max is None:
        plateau_max = 20 * plateau if drift else plateau
    check_integer("plateau_max", plateau_max, minimum=plateau)
    if plus_band is None:
        plus_band = 4 if drift else 2
    check_integer("plus_band", plus_band, minimum=0)
    return Strategy(lift, drift, int(plateau), int(plateau_max), int(plus_band))


def require_walker_memory(scheme: Scheme, walkers: int, plus_band: int, populations: int = 1) -> None:
    """Raise MemoryBudgetError, before anything is allocated, when the walker arrays of one
    population (and the work items and results of ``populations``) would not fit in memory."""
    capacity = scheme.rank + plus_band + 2
    scheme_bytes = 8 * scheme.rank * sum(scheme.format[i] * scheme.format[(i + 1) % 3] for i in range(3))
    per_walker = 4 * 3 * capacity * 8 + _WALKER_OVERHEAD
    require(walkers * per_walker + populations * (_POPULATION_OVERHEAD + 2 * scheme_bytes),
            f"a search with {walkers} walkers per population ({populations} population"
            f"{'s' if populations > 1 else ''}, plus_band {plus_band}) from a rank-{scheme.rank} "
            f"{'x'.join(map(str, scheme.format))} scheme")


def _check_search(start, ring: str, target: int | None, plus_band: int, time_limit: float,
                  seed: int, out, **counts: int | None) -> tuple[str, Scheme, int]:
    """Validate the arguments shared by :func:`search` and ``search_gpu``; return the ring,
    the verified start scheme and the target (default: the best known rank, else 0).

    ``counts`` are positive integers or None. ``out``, when given, must be writable: that is
    checked before the search starts, not at its first improvement.
    """
    ring = check_ring(ring)
    if ring not in ("gf2", "zt"):
        raise InputError(f"the walk runs over 'gf2' or 'zt', not {ring!r}; lift the result afterwards")
    for name, value in counts.items():
        if value is not None:
            check_integer(name, value)
    check_integer("plus_band", plus_band, minimum=0)
    check_integer("seed", seed, minimum=0)
    check_seconds("time_limit", time_limit)
    if target is not None:
        check_integer("target", target, minimum=0)
    if out is not None:
        check_output_path(out)
    scheme = _resolve_start(start, ring)
    if target is None:
        try:
            target = known_rank(*scheme.format, ring)
        except ValueError:
            target = 0
    return ring, scheme, int(target)


class _Population:
    """Walker arrays of one population (structure of arrays, see :mod:`._packing`)."""

    def __init__(self, start: Scheme, walkers: int, plus_band: int, seed: int, ternary: bool):
        self.format = start.format
        self.ternary = ternary
        cap = start.rank + plus_band + 2
        m, s = pack_scheme(start, ternary, cap)
        self.masks = np.repeat(m[None], walkers, axis=0)
        self.signs = np.repeat(s[None], walkers, axis=0)
        self.best_masks = self.masks.copy()
        self.best_signs = self.signs.copy()
        self.ranks = np.full(walkers, start.rank, np.int64)
        self.best_ranks = self.ranks.copy()
        self.rng = np.array([_splitmix(seed * 1_000_003 + w) for w in range(walkers)], np.uint64)
        from ._kernels import N_COUNTERS

        self.counters = np.zeros((walkers, N_COUNTERS), np.int64)

    def _kernel(self):
        import numba

        from ._kernels import walk, walk_serial

        return walk if numba.get_num_threads() > 1 and len(self.ranks) > 1 else walk_serial

    def advance(self, n_flips: int, plateau: int, plateau_max: int, plus_band: int, target: int,
                avoid_dead_ends: bool, drift: bool) -> None:
        self._kernel()(self.masks, self.signs, self.best_masks, self.best_signs, self.ranks,
                       self.best_ranks, self.rng, self.counters, n_flips, plateau, plateau_max, plus_band,
                       target, self.ternary, avoid_dead_ends, drift)

    def compile(self, plateau: int, plateau_max: int, plus_band: int, target: int, avoid_dead_ends: bool,
                drift: bool) -> None:
        """Compile (or load) the walk kernel :meth:`advance` will call, by a call of no flips on
        copies of the first walker, so that a time limit counts walking only."""
        first = [array[:1].copy() for array in (self.masks, self.signs, self.best_masks, self.best_signs,
                                                  self.ranks, self.best_ranks, self.rng, self.counters)]
        self._kernel()(*first, 0, plateau, plateau_max, plus_band, target, self.ternary, avoid_dead_ends, drift)

    def best_scheme(self, w: int, ring: str) -> Scheme:
        return unpack_scheme(*self.format, self.best_masks[w], self.best_signs[w],
                             int(self.best_ranks[w]), ring)

    def restart(self, w: int, scheme: Scheme) -> None:
        """Reset walker ``w`` (current and best) to ``scheme``."""
        cap = self.masks.shape[2]
        m, s = pack_scheme(scheme, self.ternary, cap)
        self.masks[w], self.signs[w] = m, s
        self.best_masks[w], self.best_signs[w] = m, s
        self.ranks[w] = self.best_ranks[w] = scheme.rank


def _chunk_schedule(walkers: int):
    """Flips per walker of each kernel call: 256, 512, ... up to about 2**16 flips of all
    walkers together, then constant. The schedule depends on nothing but ``walkers``, so a
    seeded search that stops on its target or flip budget is bit-reproducible; only a
    ``time_limit`` cut depends on the machine's speed."""
    chunk, cap = 256, max(256, (1 << 16) // walkers)
    while True:
        yield chunk
        chunk = min(2 * chunk, cap)


def _run_population(config: dict) -> SearchResult:
    """Run one population until its target, time or flip budget (executor entry point)."""
    import numba

    threads_before = numba.get_num_threads()
    if config.get("threads"):
        numba.set_num_threads(min(int(config["threads"]), numba.config.NUMBA_NUM_THREADS))
    try:
        return _walk_population(config)
    finally:
        numba.set_num_threads(threads_before)


def _walk_population(config: dict) -> SearchResult:
    ring, target = config["ring"], config["target"]
    start: Scheme = config["start"]
    pop = _Population(start, config["walkers"], config["plus_band"], config["seed"], ring == "zt")
    rng = np.random.default_rng(config["seed"])
    best, pool = start, [start]
    history = [(0.0, start.rank)]
    out, report = config.get("out"), config.get("report")
    pop.compile(config["plateau"], config["plateau_max"], config["plus_band"], target, config["avoid_dead_ends"],
                config["drift"])
    t0 = time.perf_counter()
    since_restart = 0
    descent_flips = config["descent_flips"]
    distinct = config.get("distinct")
    collected = InequivalentSet() if distinct else None
    descent_start = np.zeros(len(pop.ranks), np.int64)  # each walker's flips at its last (re)start
    descents = 0
    for chunk in _chunk_schedule(config["walkers"]):
        pop.advance(chunk, config["plateau"], config["plateau_max"], config["plus_band"], target,
                    config["avoid_dead_ends"], config["drift"])
        now = time.perf_counter()
        since_restart += chunk
        w = int(np.argmin(pop.best_ranks))
        if pop.best_ranks[w] < best.rank:
            cand = pop.best_scheme(w, ring)
            if not verify(cand, ring):
                raise RuntimeError(f"internal error: walker {w} produced an invalid scheme {cand!r}")
            best, pool = cand, [cand]
            history.append((now - t0, cand.rank))
            if out:
                write_scheme(best, out)
            if report:
                report(now - t0, best.rank, int(pop.counters[:, 0].sum()))
        if collected is not None:  # keep each scheme at the target, restart its walker
            for v in np.flatnonzero(pop.best_ranks <= target):
                cand = pop.best_scheme(int(v), ring)
                if not verify(cand, ring):
                    raise RuntimeError(f"internal error: walker {v} produced an invalid scheme {cand!r}")
                collected.add(cand)
                pop.restart(int(v), start)
                descent_start[v] = pop.counters[v, 0]
        flips = int(pop.counters[:, 0].sum())
        if best.rank <= target and (collected is None or len(collected) >= distinct) or \
                now - t0 >= config["time_limit"] or (config["max_flips"] and flips >= config["max_flips"]):
            break
        if since_restart >= config["restart_flips"] and (collected is None or best.rank > target):
            since_restart = 0
            for v in np.flatnonzero(pop.best_ranks == best.rank)[: config["pool_size"]]:
                if len(pool) < config["pool_size"]:
                    pool.append(pop.best_scheme(int(v), ring))
            for v in np.flatnonzero(pop.best_ranks > best.rank):
                pop.restart(int(v), pool[rng.integers(len(pool))])
                descent_start[v] = pop.counters[v, 0]
        if descent_flips:  # path length limit: a new descent from the start scheme
            for v in np.flatnonzero(pop.counters[:, 0] - descent_start >= descent_flips):
                pop.restart(int(v), start)
                descent_start[v] = pop.counters[v, 0]
                descents += 1
    from ._kernels import DEAD_ENDS, FLIPS, PLUSES

    return SearchResult(best, ring, target, best.rank <= target, int(pop.counters[:, FLIPS].sum()),
                        int(pop.counters[:, PLUSES].sum()), time.perf_counter() - t0, history,
                        int(pop.counters[:, DEAD_ENDS].sum()), descents,
                        collected.schemes[:distinct] if collected is not None else [])


def _terminal_report(prefix: str) -> Callable[[float, int, int], None]:
    def report(seconds: float, rank: int, flips: int) -> None:
        print(f"{prefix}{seconds:8.2f} s  rank {rank:4d}  flips {flips:,}", file=sys.stderr, flush=True)

    return report


def search(
    start,
    *,
    ring: str = "gf2",
    target: int | None = None,
    walkers: int | None = None,
    time_limit: float = 60.0,
    max_flips: int | None = None,
    seed: int = 0,
    plateau: int | None = None,
    plus_band: int | None = None,
    restart_flips: int = 200_000,
    pool_size: int = 16,
    avoid_dead_ends: bool = False,
    descent_flips: int | None = None,
    plateau_max: int | None = None,
    drift: bool | None = None,
    lift: bool | None = None,
    out: str | os.PathLike | None = None,
    progress: bool | Callable[[float, int, int], None] = False,
    populations: int = 1,
    executor: Executor | str | None = None,
    threads: int | None = None,
    backend: str = "auto",
    distinct: int | None = None,
) -> SearchResult:
    """Random flip-graph walks from ``start`` towards a scheme of rank ``target``.

    Parameters
    ----------
    start : Scheme, path or (n, m, p)
        Start scheme, a scheme file (resume from a checkpoint), or a format (naive start).
    ring : {"gf2", "zt"}
        Walk over GF(2), or with coefficients in {-1, 0, 1} over Z ("zt", valid over every ring).
    target : int, optional
        Stop when reached. Default: the best known rank of the format over ``ring``.
    walkers : int, optional
        Walkers per population (default 2 per numba thread).
    time_limit : float
        Wall-clock seconds per population (finite and positive).
    max_flips : int, optional
        Flip budget per population (all walkers together, checked between chunks).
    seed : int
        Reproducible per-walker generators (population k uses seed + k).
    plateau, plus_band : int, optional
        Flips without improvement before a plus transition; how far above its best rank
        a walker may climb. Default: see :func:`default_strategy` (1,000 and 4 for a
        drifting walk, 3,000 and 2 otherwise).
    restart_flips, pool_size : int
        Every ``restart_flips`` flips (per walker), walkers behind the best rank restart
        from a pool of up to ``pool_size`` schemes at the best rank.
    avoid_dead_ends : bool
        Never keep a scheme above ``target`` that has no flip at all: a reduction into one
        is undone (the walker goes back to its best scheme). Walks from the naive 4x4x4
        scheme over GF(2) otherwise end in Strassen (x) Strassen-like rank-49 schemes
        whose only moves are plus transitions that the next reduction undoes (see
        ``docs/flipgraph.md``). numba backend only.
    descent_flips : int, optional
        Path length limit (Kauers-Moosbauer): a walker that has made this many flips since
        its last (re)start starts a new walk from ``start`` (after its best scheme has been
        taken into account); with a large ``restart_flips`` the walks are independent
        descents. numba backend only.
    plateau_max : int, optional
        Draw each plateau uniformly from ``plateau .. plateau_max`` flips (default: 20 times
        ``plateau`` for a drifting walk, else ``plateau``). numba backend only.
    drift : bool, optional
        Drifting walk (the C++ reference's policy): flips only until the plateau, counted
        from the last reduction, ends inside the plus band; never back to the best scheme
        while flips exist. Default: True for walks over GF(2) (see
        :func:`default_strategy`). numba backend only when set.
    lift : bool, optional
        For ``ring="zt"``: walk over GF(2) and assign signs to the GF(2) schemes found
        (:func:`search_lifted`, rounds of ``LIFT_ROUND_FLIPS`` flips with seeds derived
        from ``seed``) instead of a walk with ternary coefficients. Default: True for
        ``ring="zt"``. Not with ``populations > 1`` or ``distinct``; numba backend only.
    out : path, optional
        Save every verified improvement here (Perminov JSON, atomic write). With several
        populations each writes ``<stem>.pop<k><suffix>`` and the best goes to ``out``.
    progress : bool or callable
        True prints improvements to stderr; a callable gets ``(seconds, rank, flips)``.
    populations : int
        Independent populations; more than one runs them on ``executor``.
    executor : None, "inline", "local" or concurrent.futures.Executor
        Where populations run (see :mod:`cayley.executors`): by default a local process
        pool; any executor works, e.g. ``mpi4py.futures.MPIPoolExecutor()`` or a Dask
        ``Client().get_executor()``. Each population carries its seed, so the result does
        not depend on the executor.
    threads : int, optional
        numba threads per population (default: all in-process, 1 per pooled population).
    distinct : int, optional
        Collect mode: keep walking after the target is reached (each walker that reaches
        it restarts from ``start``) until ``distinct`` pairwise inequivalent schemes of rank
        at most ``target`` are found, or the budget runs out; they are returned in
        ``SearchResult.schemes``. numba backend only.
    backend : {"auto", "numba", "cupy"}
        ``"cupy"`` runs one walker per CUDA thread (:func:`search_gpu`; ``walkers`` defaults
        to 65536 there); ``"auto"`` takes the GPU when CuPy and a device are usable (and neither
        ``avoid_dead_ends`` nor ``descent_flips`` is set), else numba.

    Returns
    -------
    SearchResult
        ``reached`` is False when the budget ran out first.

    Raises
    ------
    InputError
        An argument is out of range (counts and ``target`` must be integers that fit int64,
        ``time_limit`` a finite positive number), ``out`` names an unwritable format, or the
        start scheme does not suit the walk. Checked before the search starts.
    OSError
        ``out`` cannot be written (checked before the search starts).
    MemoryBudgetError
        The walkers would not fit in memory.
    BackendUnavailableError
        ``backend="cupy"`` without CuPy or a CUDA device.

    Examples
    --------
    >>> res = search((2, 2, 2), ring="gf2", target=7, time_limit=30, seed=1)
    >>> res.rank, res.reached, res.scheme.verify()
    (7, True, True)
    """
    if backend not in ("auto", "numba", "cupy"):
        raise InputError(f"backend must be 'auto', 'numba' or 'cupy', got {backend!r}")
    numba_only = avoid_dead_ends or descent_flips is not None or distinct is not None or \
        bool(drift) or bool(lift) or plateau_max is not None
    if numba_only and backend == "cupy":
        raise InputError("avoid_dead_ends, descent_flips, distinct, drift, lift and plateau_max run "
                         "on the numba backend only")
    if backend == "auto" and not numba_only or backend == "cupy":
        from .gpu import cupy_available, search_gpu

        if backend == "cupy" or cupy_available():  # the GPU walk: return-to-best, ternary for zt
            plateau, plus_band = plateau or 3_000, 2 if plus_band is None else plus_band
            ring, scheme, target = _check_search(start, ring, target, plus_band, time_limit, seed, out,
                                                 walkers=walkers, populations=populations,
                                                 plateau=plateau, max_flips=max_flips,
                                                 restart_flips=restart_flips, pool_size=pool_size,
                                                 threads=threads)
            return search_gpu(
                scheme, ring=ring, target=target, walkers=walkers or 1 << 16, time_limit=time_limit,
                max_flips=max_flips, seed=seed, plateau=plateau, plus_band=plus_band,
                restart_flips=restart_flips, out=out, progress=progress, backend="cupy",
            )
    if lift is None and (populations > 1 or distinct is not None):
        lift = False
    strategy = default_strategy(check_ring(ring), lift=lift, drift=drift, plateau=plateau,
                                plateau_max=plateau_max, plus_band=plus_band)
    if strategy.lift and (populations > 1 or distinct is not None):
        raise InputError("lift=True runs one population and does not collect distinct schemes")
    ring, scheme, target = _check_search(start, ring, target, strategy.plus_band, time_limit, seed, out,
                                         walkers=walkers, populations=populations,
                                         plateau=strategy.plateau, max_flips=max_flips,
                                         restart_flips=restart_flips, pool_size=pool_size,
                                         descent_flips=descent_flips, threads=threads,
                                         distinct=distinct)
    if strategy.lift:
        from ._lifted_search import search_lifted

        return search_lifted(scheme, target=target, time_limit=time_limit, seed=seed,
                             round_flips=LIFT_ROUND_FLIPS, round_seconds=time_limit,
                             max_flips=max_flips, out=out, progress=progress, walkers=walkers,
                             plateau=strategy.plateau, plateau_max=strategy.plateau_max,
                             plus_band=strategy.plus_band, drift=strategy.drift,
                             restart_flips=restart_flips, pool_size=pool_size,
                             avoid_dead_ends=avoid_dead_ends, descent_flips=descent_flips,
                             threads=threads, backend="numba")
    plateau, plus_band = strategy.plateau, strategy.plus_band
    if walkers is None:
        import numba

        walkers = 2 * (threads or numba.get_num_threads())
    require_walker_memory(scheme, walkers, plus_band, populations)
    config = dict(start=scheme, ring=ring, target=int(target), walkers=int(walkers),
                  time_limit=float(time_limit), max_flips=max_flips, seed=int(seed),
                  plateau=int(plateau), plus_band=int(plus_band),
                  restart_flips=int(restart_flips), pool_size=int(pool_size),
                  avoid_dead_ends=bool(avoid_dead_ends), descent_flips=descent_flips,
                  plateau_max=strategy.plateau_max, drift=strategy.drift,
                  out=out, threads=threads, report=None, distinct=distinct)
    if populations == 1 and executor in (None, "inline"):
        if progress:
            config["report"] = progress if callable(progress) else _terminal_report("")
        return _run_population(config)
    return _search_populations(config, populations, executor, out, progress)


def _search_populations(config, populations, executor, out, progress) -> SearchResult:
    from cayley.executors import map_independent

    configs = []
    for k in range(populations):
        c = dict(config, seed=config["seed"] + k, threads=config["threads"] or 1)
        if out:
            p = Path(out)
            c["out"] = str(p.with_name(f"{p.stem}.pop{k}{p.suffix}"))
        configs.append(c)
    t0 = time.perf_counter()
    results = map_independent(_run_population, configs, executor)
    best = min(results, key=lambda r: r.rank)
    collected = InequivalentSet()
    for scheme in (s for r in results for s in r.schemes):
        collected.add(scheme)
    if not verify(best.scheme, config["ring"]):
        raise RuntimeError("internal error: a population returned an invalid scheme")
    if out:
        write_scheme(best.scheme, out)
    if progress:
        report = progress if callable(progress) else _terminal_report("best of populations: ")
        report(time.perf_counter() - t0, best.rank, sum(r.flips for r in results))
    return SearchResult(best.scheme, best.ring, best.target, best.reached,
                        sum(r.flips for r in results), sum(r.plus_transitions for r in results),
                        time.perf_counter() - t0, best.history, sum(r.dead_ends for r in results),
                        sum(r.descents for r in results), collected.schemes[:config["distinct"] or 0])


def summary_json(result: SearchResult) -> str:
    """The result summary as one JSON line."""
    return json.dumps(result.summary())
