"""Depth-first construction of a facet list with given degrees and sizes.

Facets are placed largest first. A node of the search is the residual state after ``t``
facets are placed: residual degrees ``r`` and the placed facets. Only the traces
``F & active`` of placed facets on the still-active vertices (``r > 0``) constrain the
future (a later facet must not lie inside any of them), and only traces at least as large as
the smallest remaining size matter ("live" traces). So the state is
``(t, r, set of live traces)``; states proved dead are memoised under exactly that key.

Interchangeable vertices: two active vertices with equal residual degree and equal
membership in every live trace can be swapped by an automorphism of the residual problem,
so the next facet is chosen as a *count* per symmetry class, not as a vertex subset.
(Keying classes on the original degree instead, as SimplicialTest does, merges vertices
that are not interchangeable and loses solutions, e.g. d=(5,5,3,3,2,2), s=(4,4,3,3,3,3).)

Symmetry classes and the enumeration of count vectors live in ``_classes``. When only edges
remain (at least ``MIN_TAIL_EDGES`` of them, on at most ``MAX_TAIL_VERTICES`` active
vertices) the end game is decided exactly as an f-factor problem (``_graph_tail``).

Pruning (each is a necessary condition, so a "no" is a proof): max residual degree at most
the number of remaining facets (and vertices reaching it must join the next facet),
Gale-Ryser on the residual pair, and for every live trace ``T``: each remaining facet of size
at most ``|T|`` needs a vertex outside ``T``, so their number is at most the residual degree
mass outside ``T``.

Memory: every frame of the depth-first stack holds its state key (the residual degrees and
the live traces) and its live traces, so a search ``m`` facets deep may hold ``m**2 / 2``
traces of ``n / 8`` bytes each twice. :func:`estimate_bytes` bounds this from the input
sizes, and :func:`search` refuses (:class:`~cayley.errors.MemoryBudgetError`) before it
starts when the bound exceeds its memory limit; the memo of dead states only uses what the
bound leaves of the limit.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numba import njit

from cayley import _memory

from ._bitset import first_containing_row, n_words, popcount
from ._checks import gale_ryser
from ._classes import compositions, symmetry_classes
from ._graph_tail import MAX_TAIL_VERTICES, MIN_TAIL_EDGES, edge_tail

_MEMO_LIMIT = 2_000_000
_RANDOM_TRIES = 2
_FIRST_PHASE_STEPS = 1000
# Memory model of the search (see estimate_bytes): a stack frame with its candidate
# generator, the candidate arrays per active vertex that a frame keeps (degree-proportional
# picks, symmetry-class members), and a memoised key's set slot and bytes header.
_FRAME_BYTES = 2048
_BYTES_PER_ACTIVE_VERTEX = 64
_MEMO_ENTRY_BYTES = 100


@dataclass
class SearchOutcome:
    """Raw outcome of the search: ``facets`` (internal order) or None, and if None whether
    the search space was exhausted (a proof) or the budget ran out."""

    facets: list[np.ndarray] | None
    exhausted: bool
    steps: int
    budget: str | None = None  # "max_steps" or "time_limit" when that budget ran out


def key_dtype(n_facets: int) -> type:
    """Smallest unsigned dtype holding a residual degree (at most ``n_facets``)."""
    if n_facets < 2**8:
        return np.uint8
    return np.uint16 if n_facets < 2**16 else np.uint32


def estimate_bytes(n_vertices: int, n_facets: int) -> int:
    """Bytes a search over ``n_vertices`` and ``n_facets`` holds at most (the memo aside).

    The stack holds up to ``n_facets`` frames; frame ``t`` holds its key (the residual
    degrees and at most ``t`` live traces), the same traces as an array, and candidate
    arrays over the active vertices. The placed facets and one transient trace matrix come
    on top. The bound is nearly reached on sparse instances, where most traces stay live.

    Examples
    --------
    >>> estimate_bytes(100, 50) < 2**20 < estimate_bytes(100_000, 50_000)
    True
    """
    row = 8 * n_words(n_vertices)
    key_item = np.dtype(key_dtype(n_facets)).itemsize
    per_frame = _FRAME_BYTES + 4 + n_vertices * (key_item + _BYTES_PER_ACTIVE_VERTEX)
    traces = row * n_facets * (n_facets - 1)  # sum over t < n_facets of 2 * t rows
    return n_facets * per_frame + traces + 2 * n_facets * row


@njit(cache=True)
def _active_bits(residual, words):
    bits = np.zeros(words, dtype=np.uint64)
    for v in range(residual.shape[0]):
        if residual[v] > 0:
            bits[v >> 6] |= np.uint64(1) << np.uint64(v & 63)
    return bits


@njit(cache=True)
def _live_traces(placed, n_placed, active, threshold):
    """Traces ``placed[i] & active`` with at least ``threshold`` vertices."""
    words = active.shape[0]
    out = np.empty((n_placed, words), dtype=np.uint64)
    n_live = 0
    for i in range(n_placed):
        count = 0
        for w in range(words):
            x = placed[i, w] & active[w]
            out[n_live, w] = x
            count += popcount(x)
        if count >= threshold:
            n_live += 1
    return out[:n_live]


@njit(cache=True)
def _traces_leave_room(residual, sizes, t, traces):
    """Every remaining facet of size <= |T| needs a vertex outside the trace T."""
    m = sizes.shape[0]
    total = 0
    for v in range(residual.shape[0]):
        total += residual[v]
    for i in range(traces.shape[0]):
        inside_mass = 0
        inside_count = 0
        for w in range(traces.shape[1]):
            x = traces[i, w]
            while x:
                low = x & (~x + np.uint64(1))
                bit = popcount(low - np.uint64(1))
                inside_mass += residual[w * 64 + bit]
                inside_count += 1
                x ^= low
        # sizes are sorted decreasingly: count remaining sizes <= inside_count
        first = t
        while first < m and sizes[first] > inside_count:
            first += 1
        if m - first > total - inside_mass:
            return False
    return True


@njit(cache=True)
def _pack_vertices(vertices, words):
    bits = np.zeros(words, dtype=np.uint64)
    for v in vertices:
        bits[v >> 6] |= np.uint64(1) << np.uint64(v & 63)
    return bits


class _Budget:
    def __init__(self, max_steps: int | None, time_limit: float | None):
        self.max_steps = max_steps
        self.deadline = None if time_limit is None else time.perf_counter() + time_limit
        self.steps = 0
        self.exhausted: str | None = None  # the budget that ran out

    def spend(self) -> bool:
        """Count one step; False once the budget is exhausted."""
        self.steps += 1
        if self.max_steps is not None and self.steps > self.max_steps:
            self.exhausted = "max_steps"
        elif self.deadline is not None and time.perf_counter() > self.deadline:
            self.exhausted = "time_limit"
        return self.exhausted is None


class _Frame:
    """One node of the depth-first search: the candidates for facet number ``t``."""

    def __init__(self, key: bytes, candidates: Iterator[np.ndarray],
                 tail: list[np.ndarray] | None = None):
        self.key = key
        self.candidates = candidates
        self.chosen: np.ndarray | None = None
        self.tail = tail  # all remaining facets, when the end game was solved exactly


def search(degrees: np.ndarray, sizes: np.ndarray, max_steps: int | None = None,
           time_limit: float | None = None, seed: int = 0,
           memory_limit: int | None = None) -> SearchOutcome:
    """Find facets (``facets[j]`` has ``sizes[j]`` vertices) with the given vertex degrees.

    ``sizes`` must be sorted decreasingly and pass the sum check. The search runs in phases
    that alternate two value orders (degree-proportional random picks first, then plain
    highest-residual-degree first) with growing step allowances. Every phase is a complete
    search that shares the memo of dead states, so any phase that runs out of candidates
    proves that no realization exists; ``exhausted=False`` means the caller's budget ran out
    (``budget`` names it).

    ``memory_limit`` (bytes, default the memory available now) must hold
    :func:`estimate_bytes`, else :class:`~cayley.errors.MemoryBudgetError` is raised before
    anything is allocated; the memo of dead states stops growing when it would use more
    than the rest of the limit (it only prunes, so the answers stay exact).
    """
    limit = _memory.available_bytes() if memory_limit is None else memory_limit
    needed = estimate_bytes(degrees.size, sizes.size)
    _memory.require(needed, f"the search for {sizes.size} facets on {degrees.size} vertices", limit)
    state = _Search(degrees, sizes, _Budget(max_steps, time_limit), seed, memo_bytes=limit - needed)
    allowance = _FIRST_PHASE_STEPS
    # Sparse complexes (many degree-1 vertices) suit the proportional picks first.
    order = (True, False) if np.mean(degrees == 1) >= 0.25 else (False, True)
    while True:
        for proportional in order:
            verdict = state.run_phase(proportional, allowance)
            if verdict != "phase_over":
                return SearchOutcome(state.found, verdict == "exhausted", state.budget.steps,
                                     state.budget.exhausted)
        allowance *= 4


class _Search:
    """Residual state, memo of dead states and the depth-first phases over them."""

    def __init__(self, degrees: np.ndarray, sizes: np.ndarray, budget: _Budget, seed: int,
                 memo_bytes: int):
        self.sizes = sizes
        self.m = sizes.size
        self.words = n_words(degrees.size)
        self.residual = degrees.astype(np.int64).copy()
        self.placed = np.zeros((self.m, self.words), dtype=np.uint64)
        self.smallest = int(sizes[-1])
        self.key_dtype = key_dtype(self.m)
        self.failed: set[bytes] = set()
        self.memo_bytes_left = memo_bytes
        self.budget = budget
        self.rng = np.random.default_rng(seed)
        self.found: list[np.ndarray] | None = None

    def run_phase(self, proportional: bool, allowance: int) -> str:
        """One complete depth-first search from the root, stopped after ``allowance`` steps.

        Returns "found", "exhausted" (proof of no), "phase_over" or "budget_over"."""
        residual, placed = self.residual, self.placed
        root = self.enter(0, proportional)
        if root is None:
            return "exhausted"
        if root.tail is not None:
            self.found = root.tail
            return "found"
        stack = [root]
        phase_end = self.budget.steps + allowance
        while stack:
            frame = stack[-1]
            t = len(stack) - 1
            if frame.chosen is not None:  # undo the previous candidate of this frame
                residual[frame.chosen] += 1
                frame.chosen = None
            chosen = next(frame.candidates, None)
            if chosen is None:
                self.remember_dead(frame.key)
                stack.pop()
                continue
            if self.budget.steps >= phase_end:
                for f in stack:  # restore the root state for the next phase
                    if f.chosen is not None:
                        residual[f.chosen] += 1
                return "phase_over"
            if not self.budget.spend():
                return "budget_over"
            frame.chosen = chosen
            residual[chosen] -= 1
            placed[t] = _pack_vertices(chosen, self.words)
            if t + 1 == self.m:
                self.found = [f.chosen.copy() for f in stack]
                return "found"
            child = self.enter(t + 1, proportional)
            if child is not None and child.tail is not None:
                self.found = [f.chosen.copy() for f in stack] + child.tail
                return "found"
            if child is not None:
                stack.append(child)
        return "exhausted"

    def enter(self, t: int, proportional: bool) -> _Frame | None:
        """Frame for placing facet ``t``, or None when the state is provably dead."""
        residual, sizes = self.residual, self.sizes
        if residual.max(initial=0) > self.m - t or not gale_ryser(residual, sizes[t:]):
            return None
        active = _active_bits(residual, self.words)
        traces = _live_traces(self.placed, t, active, self.smallest)
        if not _traces_leave_room(residual, sizes, t, traces):
            return None
        key = b"".join([t.to_bytes(4, "little"), residual.astype(self.key_dtype).tobytes(),
                        *sorted(row.tobytes() for row in traces)])
        if key in self.failed:
            return None
        if (sizes[t] == 2 and self.m - t >= MIN_TAIL_EDGES
                and np.count_nonzero(residual) <= MAX_TAIL_VERTICES):
            decided, tail = edge_tail(residual, traces)
            if decided and tail is None:
                self.remember_dead(key)
                return None
            if decided:
                return _Frame(key, iter(()), tail=[np.array(e) for e in tail])
        return _Frame(key, self.candidates(t, traces, proportional))

    def remember_dead(self, key: bytes) -> None:
        cost = len(key) + _MEMO_ENTRY_BYTES
        if len(self.failed) < _MEMO_LIMIT and cost <= self.memo_bytes_left and key not in self.failed:
            self.failed.add(key)
            self.memo_bytes_left -= cost

    def candidates(self, t: int, traces: np.ndarray, proportional: bool) -> Iterator[np.ndarray]:
        """Vertex sets for facet ``t`` not inside a live trace: optional heuristic picks,
        then one representative of every count vector over the symmetry classes."""
        residual = self.residual
        saturated = self.m - t  # vertices with this residual degree must join every remaining facet
        if proportional:
            yield from self.proportional_picks(t, traces, saturated)
        classes = symmetry_classes(residual, traces)
        low = [len(c) if residual[c[0]] == saturated else 0 for c in classes]
        high = [len(c) for c in classes]
        for counts in compositions(low, high, int(self.sizes[t])):
            chosen = np.concatenate([c[:k] for c, k in zip(classes, counts) if k])
            if self.outside_traces(chosen, traces):
                yield chosen

    def proportional_picks(self, t: int, traces: np.ndarray, saturated: int) -> Iterator[np.ndarray]:
        """Vertices drawn with probability proportional to residual degree, as in a
        configuration model (real complexes often look like one): large facets then take
        mostly low-degree vertices, which leave small traces behind. Saturated vertices are
        always included. Weighted sampling without replacement by Efraimidis-Spirakis keys."""
        residual = self.residual
        forced = np.flatnonzero(residual == saturated)
        free = np.flatnonzero((residual > 0) & (residual < saturated))
        k = int(self.sizes[t]) - forced.size
        if k < 0 or k > free.size:
            return
        exponents = 1.0 / residual[free]
        for _ in range(_RANDOM_TRIES):
            keys = self.rng.random(free.size) ** exponents
            picked = free[np.argpartition(-keys, k - 1)[:k]] if k else free[:0]
            chosen = np.sort(np.concatenate([forced, picked]))
            if self.outside_traces(chosen, traces):
                yield chosen

    def outside_traces(self, chosen: np.ndarray, traces: np.ndarray) -> bool:
        return first_containing_row(_pack_vertices(chosen, self.words), traces, traces.shape[0]) < 0
