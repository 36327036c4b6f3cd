"""Realizability of a degree-size pair and construction of a witness complex."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cayley import _memory
from cayley.errors import InputError

from . import _model
from ._checks import antichain_gale_ryser, erdos_gallai, gale_ryser, havel_hakimi
from ._local import local_search
from ._progress import Progress, ProgressCallback
from ._search import search
from ._validate import as_positive_sequence, check_count, check_real
from .complexes import is_simplicial

Status = Literal["realizable", "not_realizable", "unknown"]
Method = Literal["auto", "search", "model"]
METHODS = ("auto", "search", "model")

DEFAULT_TIME_LIMIT = 60.0
"""Seconds :func:`realize` may take unless told otherwise."""
SEARCH_SLICE_STEPS = 1000
"""Steps the depth-first search gets before the local search takes over (``method="auto"``).

Measured on the dense benchmark sets: a search that answers within its first thousand
steps answers sparse and real-world instances (crime: 157 steps, diseasome: 341), and past
them the local search answers dense realizable ones sooner (median 0.02 s on the shared
dense set, against 0.38 s for the search, which misses 26 of the 60 within 1 s)."""
SEARCH_SLICE_SECONDS = 0.5
"""Seconds the depth-first search gets at most before the local search takes over."""
LOCAL_SLICE_SECONDS = 1.0
"""Seconds the local search for a witness gets at most before the model takes over."""
# Memory per incidence (vertex in facet) of a witness while it is built and returned: int
# objects and list/tuple slots (the facet lists, the sorted tuples, the JSON copies).
_WITNESS_BYTES_PER_INCIDENCE = 64


@dataclass
class RealizationResult:
    """Outcome of :func:`realize`.

    Attributes
    ----------
    status : {"realizable", "not_realizable", "unknown"}
        ``"unknown"`` means the step or time budget ran out before an answer (``reason``
        says which): it is never a "no".
    facets : list of tuple of int, or None
        The witness when realizable: ``facets[j]`` has ``sizes[j]`` vertices and vertex ``i``
        (the index into ``degrees``) lies in exactly ``degrees[i]`` facets.
    reason : str
        The check or method that decided the answer (e.g. ``"gale_ryser"``, ``"search"``,
        ``"search_exhausted"``, ``"antichain_gale_ryser"``, ``"local_search"``, ``"model"``,
        ``"model_infeasible"``; prefixed by
        ``"complement: "`` when the complementary pair was solved), or for ``"unknown"`` the
        budget that ran out (``"max_steps_exhausted"``, ``"time_limit_exhausted"``).
    steps : int
        Facet placements tried by the depth-first search (0 if the pre-checks decided).
    seconds : float
        Wall-clock time.
    """

    status: Status
    facets: list[tuple[int, ...]] | None = None
    reason: str = ""
    steps: int = 0
    seconds: float = 0.0
    reductions: dict[str, int] = field(default_factory=dict)

    @property
    def is_realizable(self) -> bool | None:
        """True, False, or None when the answer is unknown."""
        return {"realizable": True, "not_realizable": False}.get(self.status)

    def to_dict(self) -> dict:
        """JSON-ready dictionary (keys: status, facets, reason, steps, seconds)."""
        return {
            "status": self.status,
            "facets": None if self.facets is None else [list(f) for f in self.facets],
            "reason": self.reason,
            "steps": self.steps,
            "seconds": self.seconds,
        }


class _Infeasible(Exception):
    """Raised by the reductions with the name of the exact check that failed."""


def _quick_checks(d: np.ndarray, s: np.ndarray) -> None:
    n, m = d.size, s.size
    if sum(d.tolist()) != sum(s.tolist()):  # exact: int64 sums of huge entries could wrap
        raise _Infeasible("sum_mismatch")
    if d.max(initial=0) > m:
        raise _Infeasible("degree_exceeds_facet_count")
    if s.max(initial=0) > n:
        raise _Infeasible("size_exceeds_vertex_count")
    if m >= 2 and s.max() == n:
        raise _Infeasible("facet_contains_all_vertices")
    if not gale_ryser(d, s):
        raise _Infeasible("gale_ryser")


def realize(degrees, sizes, *, max_steps: int | None = None,
            time_limit: float | None = DEFAULT_TIME_LIMIT,
            memory_limit: int | None = None, method: Method = "auto",
            progress: bool | None = None,
            on_progress: ProgressCallback | None = None) -> RealizationResult:
    """Decide whether a simplicial complex has the given degree and facet-size sequences.

    ``degrees[i]`` is the number of facets (maximal faces) containing vertex ``i``;
    ``sizes[j]`` is the number of vertices of facet ``j``. Exact pre-checks (sum, bounds,
    Gale-Ryser, Erdos-Gallai when every facet is an edge) and exact reductions (singleton
    facets pair with degree-1 vertices; a vertex in every facet is a cone apex; facets that
    cover more than half of the vertices on average are replaced by their complements) run
    first. What is left goes to a complete depth-first search for a thousand steps (enough
    for sparse, real-world complexes), then to an exact antichain check (Gale-Ryser where
    the facets inside the top-degree vertices obey Sperner/LYM bounds, on the pair and on
    its complements), then to a local search for a witness (switches that
    keep every degree and size, until no facet lies inside another; it answers dense
    realizable instances), then to an exact constraint model solved by OR-Tools CP-SAT,
    with the symmetries of equal degrees and equal sizes broken, which proves the rest
    either way. Every answer is a proof; every witness is checked before it is returned.

    Parameters
    ----------
    degrees, sizes : sequence of positive int
        Zeros, negatives and non-integers raise; a sum mismatch is a proved "no".
    max_steps : int, optional
        Budget on facet placements tried by the depth-first search (default: none). With
        ``method="auto"`` the local search and the model still run when the search's steps
        are spent.
    time_limit : float or None
        Budget in seconds for the whole call (default :data:`DEFAULT_TIME_LIMIT`, 60 s);
        ``None`` runs until there is an answer.
    memory_limit : int, optional
        Bytes the witness, the search and the model may use (default: the memory available
        now).
    method : {"auto", "search", "model"}
        ``"auto"``: the search first for :data:`SEARCH_SLICE_STEPS` steps or
        :data:`SEARCH_SLICE_SECONDS` seconds, then the local search for up to
        :data:`LOCAL_SLICE_SECONDS`, then the model (the search alone when OR-Tools is
        missing or the model would not fit in ``memory_limit``). ``"search"``: the
        depth-first search alone. ``"model"``: the model alone, after the reductions.
    progress : bool, optional
        Show a progress line on standard error once a call lasts a second (default: when
        standard error is a terminal).
    on_progress : callable, optional
        Called as ``on_progress(stage, seconds)`` when a stage (``"search"``, ``"local"``,
        ``"model"``) starts and then about once a second from a helper thread.

    Returns
    -------
    RealizationResult
        ``status`` is ``"realizable"`` (with ``facets``), ``"not_realizable"`` (proved) or
        ``"unknown"`` (a budget ran out; ``reason`` names it).

    Raises
    ------
    TypeError
        For entries or budgets that are not integers (``time_limit``: not a number).
    InputError
        For entries that are not positive or exceed ``2**63 - 1``, a negative budget, a
        ``time_limit`` that is not finite, or an unknown ``method``.
    MemoryBudgetError
        Before it starts, when the witness or the search would need more than
        ``memory_limit`` (the search's need is bounded from the numbers of vertices and
        facets left after the reductions: about ``m**2 * n / 8`` bytes for ``m`` facets on
        ``n`` vertices), or with ``method="model"`` when the model would.
    BackendUnavailableError
        With ``method="model"`` when OR-Tools is not installed.

    Examples
    --------
    >>> r = realize([2, 2, 2, 1, 1], [3, 3, 2])
    >>> r.status, sorted(len(f) for f in r.facets)
    ('realizable', [2, 3, 3])
    >>> realize([2, 1], [1, 1, 1]).status
    'not_realizable'
    >>> realize([4, 4, 3, 2, 1, 1], [4, 3, 3, 3, 2], method="model").reason
    'antichain_gale_ryser'
    >>> realize([2, 2, 2, 2, 2], [4, 2, 2, 2], method="model").reason
    'model_infeasible'
    """
    start = time.perf_counter()
    d = as_positive_sequence(degrees, "degrees")
    s = as_positive_sequence(sizes, "sizes")
    if max_steps is not None:
        max_steps = check_count("max_steps", max_steps, 0)
    if time_limit is not None:
        time_limit = check_real("time_limit", time_limit, 0.0)
    if memory_limit is None:
        memory_limit = _memory.available_bytes()
    memory_limit = check_count("memory_limit", memory_limit, 1)
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    reductions = {"singleton": 0, "cone": 0, "complement": 0}
    try:
        _quick_checks(d, s)
    except _Infeasible as exc:
        return RealizationResult("not_realizable", None, str(exc), 0, time.perf_counter() - start,
                                 reductions)
    incidences = int(d.sum())
    _memory.require(incidences * _WITNESS_BYTES_PER_INCIDENCE,
                    f"a witness with {incidences} vertex-facet incidences", memory_limit)
    deadline = None if time_limit is None else start + time_limit
    with Progress(on_progress, progress, time_limit) as report:
        limits = _Limits(max_steps, deadline, memory_limit, method, report)
        outcome = _solve(d, s, limits, reductions)
    witness = None
    if outcome.status == "realizable":
        witness = [tuple(sorted(f)) for f in outcome.facets]
        _verify(d, s, witness)
    return RealizationResult(outcome.status, witness, outcome.reason, outcome.steps,
                             time.perf_counter() - start, reductions)


def _verify(d: np.ndarray, s: np.ndarray, facets: list[tuple[int, ...]]) -> None:
    """Check a witness against the input; a failure is a bug of this module, never the user's."""
    sizes_ok = [len(f) for f in facets] == s.tolist()
    counts = np.bincount(np.fromiter((v for f in facets for v in f), dtype=np.int64),
                         minlength=d.size)
    if not (sizes_ok and counts.size == d.size and (counts == d).all() and is_simplicial(facets)):
        raise RuntimeError("internal error: the witness found does not realize the input; "
                           "please report this input")


@dataclass
class _Outcome:
    status: Status
    reason: str
    facets: list[list[int]]
    steps: int = 0


@dataclass
class _Limits:
    """The budgets of one :func:`realize` call (``deadline`` on ``time.perf_counter``)."""

    max_steps: int | None
    deadline: float | None
    memory_limit: int
    method: Method
    progress: Progress

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        return None if self.deadline is None else max(0.0, self.deadline - time.perf_counter())


def _solve(d: np.ndarray, s: np.ndarray, limits: _Limits, reductions: dict[str, int]) -> _Outcome:
    """Realize (d, s); facets use the indices of ``d`` and are listed in the order of ``s``."""
    facets: list[list[int]] = [[] for _ in range(s.size)]
    vertex_ids = np.arange(d.size)
    facet_ids = np.arange(s.size)

    def done(status: Status, reason: str, steps: int = 0) -> _Outcome:
        return _Outcome(status, reason, facets, steps)

    try:
        while True:
            _quick_checks(d, s)
            if s.size == 0:
                return done("realizable", "empty")
            if s.size == 1:  # one facet holding every vertex (the checks force d == 1)
                facets[facet_ids[0]].extend(vertex_ids.tolist())
                return done("realizable", "single_facet")
            singles = np.flatnonzero(s == 1)
            if singles.size:
                ones = np.flatnonzero(d == 1)
                if singles.size > ones.size:
                    raise _Infeasible("more_singleton_facets_than_degree1_vertices")
                for j, v in zip(singles, ones):
                    facets[facet_ids[j]].append(int(vertex_ids[v]))
                reductions["singleton"] += int(singles.size)
                keep_v = np.ones(d.size, bool)
                keep_v[ones[:singles.size]] = False
                keep_f = s != 1
                d, vertex_ids = d[keep_v], vertex_ids[keep_v]
                s, facet_ids = s[keep_f], facet_ids[keep_f]
                continue
            apices = np.flatnonzero(d == s.size)
            if apices.size:
                for j in facet_ids:
                    facets[j].extend(vertex_ids[apices].tolist())
                reductions["cone"] += int(apices.size)
                s = s - apices.size
                if (s == 0).any():
                    raise _Infeasible("cone_apex_leaves_empty_facet")
                keep_v = d != s.size
                d, vertex_ids = d[keep_v], vertex_ids[keep_v]
                continue
            break
        if 2 * int(s.sum()) > s.size * d.size:
            # Complements: F_j -> V - F_j is a bijection between complexes with (d, s) and
            # with (m - d, n - s); every entry stays positive after the reductions above.
            reductions["complement"] += 1
            inner = _solve(s.size - d, d.size - s, limits, reductions)
            if inner.status == "realizable":
                for j, members in zip(facet_ids, inner.facets):
                    outside = np.setdiff1d(np.arange(d.size), members)
                    facets[j].extend(vertex_ids[outside].tolist())
            return done(inner.status, f"complement: {inner.reason}", inner.steps)
        if (s == 2).all():
            if not erdos_gallai(d):
                raise _Infeasible("uniform2_erdos_gallai")
            edges = havel_hakimi(d)
            for j, (a, b) in zip(facet_ids, edges):
                facets[j].extend([int(vertex_ids[a]), int(vertex_ids[b])])
            return done("realizable", "havel_hakimi")
    except _Infeasible as exc:
        return done("not_realizable", str(exc))

    order = np.argsort(-s, kind="stable")
    status, reason, members, steps = _decide(d, s[order], limits)
    for j, vertices in zip(facet_ids[order], members or []):
        facets[j].extend(vertex_ids[vertices].tolist())
    return done(status, reason, steps)


def _failed_antichain_check(d: np.ndarray, s: np.ndarray) -> str:
    """The name of the antichain check that proves (d, s) not realizable, or "" if none does.

    It runs on the pairs the first search slice leaves open (sparse and real-world pairs
    are answered before it and pay nothing); the complements of the facets form a complex
    with degrees ``m - d`` and sizes ``n - s``, which is checked too."""
    if not antichain_gale_ryser(d, s):
        return "antichain_gale_ryser"
    if not antichain_gale_ryser(s.size - d, d.size - s):
        return "antichain_gale_ryser_on_complements"
    return ""


def _decide(d: np.ndarray, s: np.ndarray, limits: _Limits
            ) -> tuple[Status, str, list[np.ndarray] | None, int]:
    """The search, the model, or slices of the search and the local search, then the model,
    on a reduced pair (``s`` sorted decreasingly): ``(status, reason, facets in the order
    of s, steps)``."""
    use_model = limits.method == "model" or (
        limits.method == "auto" and _model.available()
        and _model.estimate_bytes(d, s) <= limits.memory_limit)
    steps = 0
    if limits.method != "model":
        limits.progress.stage("search")
        max_steps, seconds = limits.max_steps, limits.remaining()
        if use_model:
            max_steps = min(SEARCH_SLICE_STEPS, SEARCH_SLICE_STEPS if max_steps is None else max_steps)
            seconds = min(SEARCH_SLICE_SECONDS, SEARCH_SLICE_SECONDS if seconds is None else seconds)
        outcome = search(d, s, max_steps=max_steps, time_limit=seconds,
                         memory_limit=limits.memory_limit)
        steps = outcome.steps
        if outcome.facets is not None:
            return "realizable", "search", outcome.facets, steps
        if outcome.exhausted:
            return "not_realizable", "search_exhausted", None, steps
    failed = _failed_antichain_check(d, s)
    if failed:
        return "not_realizable", failed, None, steps
    if limits.method != "model":
        if not use_model:
            return "unknown", f"{outcome.budget}_exhausted", None, steps
        limits.progress.stage("local")
        seconds = limits.remaining()
        local = local_search(d, s, LOCAL_SLICE_SECONDS if seconds is None
                             else min(LOCAL_SLICE_SECONDS, seconds))
        if local.facets is not None:
            return "realizable", "local_search", local.facets, steps
    limits.progress.stage("model")
    remaining = limits.remaining()
    if remaining is not None and remaining <= 0:
        return "unknown", "time_limit_exhausted", None, steps
    result = _model.solve(d, s, remaining, limits.memory_limit)
    if result.facets is not None:
        return "realizable", "model", result.facets, steps
    if result.proved:
        return "not_realizable", "model_infeasible", None, steps
    return "unknown", "time_limit_exhausted", None, steps
