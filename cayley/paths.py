"""Short words in Cayley and Schreier graphs: bidirectional BFS and beam search.

A *word* is a list of generator names; applied one after the other to the graph's start
state (``state = graph.apply(state, g)``) it reaches a target state. :func:`shortest_word`
finds a shortest word by breadth-first search from both ends (meet in the middle), so it
only has to store two balls of about half the distance. :func:`beam_search` handles graphs
whose balls are too large: it keeps the ``width`` most promising states per step, as scored by
a heuristic of :mod:`cayley.heuristics` (Hamming distance, cyclic inversions, pattern databases), optionally
meets a ball stored around the target, and returns a word that need not be shortest (the
result says when it is). Every word is replayed on the start state before it is returned.

The number of elements whose shortest word has each length is the growth function:
:func:`word_length_distribution` simply calls :func:`cayley.growth`.

Examples
--------
>>> from cayley import CayleyGraph
>>> from cayley.paths import shortest_word
>>> g = CayleyGraph.from_family("coxeter", 4)
>>> shortest_word(g, [1, 0, 3, 2]).word
['(2,3)', '(0,1)']
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from cayley import _beam, _memory
from cayley.bfs._hashed import KeyCodec
from cayley.errors import InputError, MemoryBudgetError, PathNotFoundError
from cayley.graph import CayleyGraph, _matrix_inverse, _parse_state
from cayley.heuristics import CyclicInversions, FunctionHeuristic, Hamming, Heuristic, pattern_databases

__all__ = ["PathNotFoundError", "PathResult", "beam_search", "shortest_word", "word_length_distribution"]

@dataclass
class PathResult:
    """A word taking the start state to a target state.

    Attributes
    ----------
    word : list of str
        Generator names, applied left to right to the start state.
    method : str
        ``"bidirectional_bfs"`` or ``"beam_search"``.
    shortest : bool
        True when the word is proven shortest (bidirectional BFS); False for beam search,
        whose word may be longer than the distance.
    seconds : float
        Wall time of the search.
    states_seen : int
        States stored by the search (both directions for the BFS; for beam search the
        states kept over all steps plus the target's ball).
    lower_bound : int or None
        A proven lower bound of the distance: the length itself when ``shortest``; for beam
        search, an admissible heuristic's score at the start and the ball's radius plus one
        when the start lies outside it (0 when nothing is known).
    """

    word: list[str]
    method: str
    shortest: bool
    seconds: float
    states_seen: int
    lower_bound: int | None = None

    @property
    def length(self) -> int:
        """Number of generators in the word."""
        return len(self.word)

    def to_dict(self) -> dict:
        """A JSON-ready dict with keys word, length, method, shortest, seconds, states_seen, lower_bound."""
        return {**asdict(self), "length": self.length}

    def to_json(self, **kwargs) -> str:
        """The result as a JSON string (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), **kwargs)


# ---------------------------------------------------------------------------- states
class _Encoder:
    """Turns states of one graph into rows of small codes and sortable keys."""

    def __init__(self, graph: CayleyGraph) -> None:
        self.graph = graph
        if graph.is_matrix:
            self.symbols = None
            self.codec = KeyCodec(graph.degree * graph.degree, graph.modulus)
        else:
            self.symbols = graph.symbols
            self.codec = KeyCodec(graph.degree, len(self.symbols))

    def rows(self, state: object) -> np.ndarray:
        """Validate a target state and return it as one row of codes."""
        g = self.graph
        if g.is_matrix:
            if isinstance(state, str):  # the d*d entries row by row, e.g. "1,0,0,1"
                try:
                    state = _parse_state(state, g.degree**2, "target state").reshape(g.degree, g.degree)
                except InputError:
                    raise InputError(f"target state {state!r}: expected the {g.degree**2} entries of a "
                                     f"{g.degree}x{g.degree} matrix, row by row, comma-separated") from None
            arr = np.asarray(state)
            if not np.issubdtype(arr.dtype, np.integer):
                raise TypeError(f"target state must hold integers, got dtype {arr.dtype}")
            if arr.shape != (g.degree, g.degree):
                raise InputError(f"target state has shape {arr.shape}, expected a {g.degree}x{g.degree} matrix")
            if arr.min() < 0 or arr.max() >= g.modulus:
                raise InputError(f"target state entries must lie in [0, {g.modulus})")
            return arr.astype(np.int64).reshape(1, -1)
        arr = _parse_state(state, g.degree, "target state")
        if not np.array_equal(np.sort(arr), np.sort(g.start)):
            raise InputError(
                "target state is not a rearrangement of the start state's symbols "
                f"{np.sort(g.start).tolist()}, so no word reaches it"
            )
        return g.encode_states(arr[None, :])

    def apply(self, rows: np.ndarray, gens: np.ndarray, i: int) -> np.ndarray:
        """Apply ``gens[i]`` (a permutation or a matrix) to rows of codes."""
        if self.graph.is_matrix:
            d = self.graph.degree
            return ((rows.reshape(-1, d, d) @ gens[i]) % self.graph.modulus).reshape(-1, d * d)
        return rows[:, gens[i]]

    def inverse_generators(self) -> np.ndarray:
        """The inverses of the generators (for the backward search)."""
        g = self.graph
        if g.is_matrix:
            return np.stack([_matrix_inverse(m, g.modulus) for m in g.generators])
        return np.argsort(g.generators, axis=1)

    @property
    def state_bytes(self) -> int:
        """Bytes of one decoded state row (int64 codes)."""
        return 8 * self.codec.entries

    def to_states(self, rows: np.ndarray) -> np.ndarray:
        """Rows of codes back in the graph's own symbols (matrices stay flattened)."""
        return rows if self.symbols is None else self.symbols[rows]


def _member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which ``keys`` occur in the sorted unique array ``sorted_keys`` (binary search)."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape[0], dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[pos] == keys


def _merge(sorted_keys: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Insert sorted keys not yet present, keeping the array sorted (linear time)."""
    return np.insert(sorted_keys, np.searchsorted(sorted_keys, new), new)


def _start_row(graph: CayleyGraph) -> np.ndarray:
    return graph.start.reshape(1, -1) if graph.is_matrix else graph.start_codes.reshape(1, -1)


def _prepare(graph: object, state: object) -> tuple[_Encoder, np.ndarray, np.ndarray]:
    """Check the arguments common to both searches; the encoder, start row and target row."""
    if not isinstance(graph, CayleyGraph):
        raise TypeError(f"graph must be a CayleyGraph, got {type(graph).__name__}")
    enc = _Encoder(graph)
    start = _start_row(graph)
    return enc, start, enc.rows(state)


def _replay(graph: CayleyGraph, word: list[int], target_row: np.ndarray, enc: _Encoder) -> None:
    rows = _start_row(graph)
    for i in word:
        rows = enc.apply(rows, graph.generators, i)
    if not np.array_equal(rows, target_row):  # pragma: no cover - would be a bug in the search
        raise RuntimeError("internal error: the word found does not reach the state")


# ---------------------------------------------------------------------------- BFS
class _Side:
    """One direction of the bidirectional search: its layers and parent pointers."""

    def __init__(self, row: np.ndarray, enc: _Encoder, gens: np.ndarray) -> None:
        self.enc, self.gens = enc, gens
        key = enc.codec.encode(row)
        self.keys = [key]  # sorted unique keys per layer
        self.parent = [np.zeros(1, dtype=np.int64)]  # index into the previous layer
        self.via = [np.zeros(1, dtype=np.int64)]  # generator index used
        self.visited = key

    @property
    def depth(self) -> int:
        return len(self.keys) - 1

    @property
    def frontier_size(self) -> int:
        return len(self.keys[-1])

    def expand(self) -> None:
        """Add the next layer: neighbours of the frontier not seen before.

        Raises :class:`~cayley.errors.MemoryBudgetError` before building neighbours that would
        not fit in memory.
        """
        candidates = self.frontier_size * len(self.gens)
        _memory.require(candidates * (self.enc.state_bytes + 2 * self.enc.codec.key_bytes + 32),
                        f"the next BFS layer ({candidates} candidate states) of the shortest-word search")
        rows = self.enc.codec.decode(self.keys[-1])
        idx = np.arange(rows.shape[0], dtype=np.int64)
        keys, parent, via = [], [], []
        for i in range(len(self.gens)):
            keys.append(self.enc.codec.encode(self.enc.apply(rows, self.gens, i)))
            parent.append(idx)
            via.append(np.full(rows.shape[0], i, dtype=np.int64))
        keys, parent, via = np.concatenate(keys), np.concatenate(parent), np.concatenate(via)
        new = ~_member(self.visited, keys)
        keys, first = np.unique(keys[new], return_index=True)
        self.keys.append(keys)
        self.parent.append(parent[new][first])
        self.via.append(via[new][first])
        self.visited = _merge(self.visited, keys)

    def chain(self, depth: int, index: int) -> list[int]:
        """Generator indices from layer ``depth``/``index`` back to this side's root."""
        out = []
        for d in range(depth, 0, -1):
            out.append(int(self.via[d][index]))
            index = int(self.parent[d][index])
        return out


def shortest_word(graph: CayleyGraph, state: object, max_states: int = 20_000_000) -> PathResult:
    """A shortest word taking the graph's start state to ``state``.

    Bidirectional breadth-first search: one search from the start with the generators, one
    from ``state`` with their inverses; the side with the smaller frontier grows a layer
    until the two meet. Memory is about the two balls of radius half the distance.

    Parameters
    ----------
    graph : CayleyGraph
    state : str or array_like of int
        The target, in the start state's symbols (``"1,0,3,2"``, ``[1, 0, 3, 2]``), or a
        ``d x d`` matrix for matrix groups (as a string: its entries row by row, ``"1,1,0,1"``).
    max_states : int
        Refuse (``MemoryBudgetError``) once both searches together store more states; use
        :func:`beam_search` for such graphs.

    Returns
    -------
    PathResult
        With ``shortest=True``.

    Raises
    ------
    ValueError
        The state has the wrong length or symbols.
    PathNotFoundError
        The state is not reachable from the start.

    Examples
    --------
    >>> g = CayleyGraph.from_family("pancake", 5)
    >>> r = shortest_word(g, "4,3,2,1,0")
    >>> r.word, r.shortest
    (['R4'], True)
    """
    t0 = time.perf_counter()
    enc, start, target = _prepare(graph, state)
    if not isinstance(max_states, int) or max_states < 2:
        raise ValueError(f"max_states must be an int >= 2, got {max_states!r}")
    forward = _Side(start, enc, graph.generators)
    backward = _Side(target, enc, enc.inverse_generators())
    meet = _meeting(forward, backward, forward)
    while meet is None:
        side = forward if forward.frontier_size <= backward.frontier_size else backward
        side.expand()
        seen = len(forward.visited) + len(backward.visited)
        if side.frontier_size == 0:
            raise PathNotFoundError(f"state is not reachable from the start (searched {seen} states)")
        if seen > max_states:
            raise MemoryBudgetError(
                f"bidirectional BFS stored {seen} states (> max_states={max_states}) without meeting; "
                "raise max_states or use beam_search"
            )
        meet = _meeting(forward, backward, side)
    (fd, fi), (bd, bi) = meet
    word = forward.chain(fd, fi)[::-1] + backward.chain(bd, bi)
    _replay(graph, word, target, enc)
    return PathResult(
        word=[graph.names[i] for i in word],
        method="bidirectional_bfs",
        shortest=True,
        seconds=time.perf_counter() - t0,
        states_seen=int(len(forward.visited) + len(backward.visited)),
        lower_bound=len(word),
    )


def _meeting(forward: _Side, backward: _Side, grown: _Side):
    """Where the newest layer of ``grown`` first meets a layer of the other side.

    Returns ``((forward depth, index), (backward depth, index))`` or None. Before ``grown``
    added its layer of depth d the two balls were disjoint, so the distance is at least d
    plus the other side's depth; the shallowest meeting layer therefore gives a shortest word.
    """
    other = backward if grown is forward else forward
    new_keys = grown.keys[-1]
    for depth, layer in enumerate(other.keys):
        hits = np.flatnonzero(_member(layer, new_keys))
        if hits.size:
            here = (grown.depth, int(hits[0]))
            there = (depth, int(np.searchsorted(layer, new_keys[hits[0]])))
            return (here, there) if grown is forward else (there, here)
    return None


# ---------------------------------------------------------------------------- beam search
StepCallback = Callable[[int, int, "int | None", float], None]


def _heuristic(graph: CayleyGraph, state: object, target: np.ndarray, spec: object) -> Heuristic:
    """The heuristic object ``spec`` names: None or "hamming", "cyclic", "pdb", an object, or a function."""
    if spec is None or spec == "hamming":
        return Hamming(graph, state)
    if spec == "cyclic":
        return CyclicInversions(graph, state)
    if spec == "pdb":
        return pattern_databases(graph, state)
    if isinstance(spec, Heuristic):
        if not np.array_equal(spec.target, target[0]):
            raise InputError("the heuristic was made for another target state (or start state): "
                             "pass heuristic.retarget(graph, state)")
        return spec
    if isinstance(spec, str):
        raise InputError(f"heuristic {spec!r}: give 'hamming', 'cyclic', 'pdb', a Heuristic object or a function")
    if not callable(spec):
        raise TypeError("heuristic must be 'hamming', 'cyclic', 'pdb', a Heuristic or callable as heuristic(states, target)")
    return FunctionHeuristic(graph, state, spec)


def _state_dtype(graph: CayleyGraph) -> type:
    symbols = graph.modulus if graph.is_matrix else int(graph.start_codes.max()) + 1
    if symbols > 65536:
        raise InputError(f"beam search stores states in 16 bits; {symbols} symbols are too many")
    return np.uint8 if symbols <= 256 else np.uint16


class _Mover:
    """Applies generators to rows of states in the beam's dtype."""

    def __init__(self, graph: CayleyGraph, enc: _Encoder) -> None:
        self.graph, self.enc = graph, enc
        self.gens = np.ascontiguousarray(graph.generators, dtype=np.int64)

    def children(self, beam: np.ndarray) -> np.ndarray:
        """Row ``i * k + g``: generator ``g`` applied to ``beam[i]``."""
        k = self.graph.n_generators
        if self.graph.is_matrix:
            rows = beam.astype(np.int64)
            out = np.stack([self.enc.apply(rows, self.gens, g) for g in range(k)], axis=1)
            return out.reshape(-1, beam.shape[1]).astype(beam.dtype)
        out = np.empty((beam.shape[0] * k, beam.shape[1]), dtype=beam.dtype)
        _beam.gather_children(beam, self.gens, out)
        return out

    def one(self, row: np.ndarray, g: int) -> np.ndarray:
        return self.children(row[None, :])[g]


def _target_ball(enc: _Encoder, target: np.ndarray, radius: int, dtype: type, zobrist: np.ndarray,
                 max_states: int) -> _beam.Ball:
    """The states within ``radius`` moves of the target, by breadth-first search backwards."""
    side = _Side(target, enc, enc.inverse_generators())
    for _ in range(radius):
        side.expand()
        if side.frontier_size == 0:
            break
        if len(side.visited) > max_states:
            raise MemoryBudgetError(f"the ball of radius {radius} around the target holds over {max_states} "
                                    "states (max_ball_states); choose a smaller ball_radius")
    rows = np.concatenate([enc.codec.decode(keys) for keys in side.keys]).astype(dtype)
    dist = np.concatenate([np.full(len(keys), d, dtype=np.int64) for d, keys in enumerate(side.keys)])
    return _beam.Ball(rows, dist, zobrist)


def _complete(ball: _beam.Ball, mover: _Mover, row: np.ndarray, d: int) -> list[int]:
    """Generators leading from ``row`` (at distance ``d`` in the ball) to the target."""
    word = []
    while d > 0:
        for g in range(mover.graph.n_generators):
            image = mover.one(row, g)
            if ball.distance(image) == d - 1:
                word.append(g)
                row, d = image, d - 1
                break
        else:  # pragma: no cover - a ball from breadth-first search always has a way down
            raise RuntimeError("internal error: no way down in the target's ball")
    return word


def _restore(origins: list[np.ndarray], child: int, k: int) -> list[int]:
    """Generators from the start to child ``child`` of the last beam (``origins[s][i]``: the
    child index, ``parent * k + generator``, of state ``i`` kept at step ``s + 1``)."""
    word = [child % k]
    i = child // k
    for origin in reversed(origins):
        c = int(origin[i])
        word.append(c % k)
        i = c // k
    return word[::-1]


def _lowest(scores: np.ndarray, hashes: np.ndarray, width: int) -> np.ndarray:
    """Indices of the ``width`` lowest scores: one counting pass for integer scores,
    ``argpartition`` (introselect) for real ones; no full sort either way."""
    if np.issubdtype(scores.dtype, np.integer):
        low = int(scores.min())
        if low < 0 or int(scores.max()) > 1 << 24:
            scores = (scores - low).astype(np.int64) if int(scores.max()) - low <= 1 << 24 else scores.astype(float)
    if np.issubdtype(scores.dtype, np.integer):
        out = np.empty(width, dtype=np.int64)
        count = _beam.select_lowest(scores, hashes, width, out)
        return out[:count]
    return np.argpartition(scores, width - 1)[:width]


class _Progress:
    """A tqdm bar on a terminal and/or a callback ``on_step(step, beam size, best score, seconds)``."""

    def __init__(self, on_step: StepCallback | None, show: bool | None, total: int) -> None:
        self.on_step = on_step
        self.bar = None
        if show is None:
            import sys

            show = sys.stderr.isatty()
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="step", desc="beam")

    def __call__(self, step: int, size: int, best: int | None, seconds: float) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(beam=size, best=best)
        if self.on_step is not None:
            self.on_step(step, size, best, seconds)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def beam_search(
    graph: CayleyGraph,
    state: object,
    width: int = 1000,
    heuristic: object = None,
    max_steps: int | None = None,
    history: int | None = None,
    ball_radius: int = 0,
    max_ball_states: int = 20_000_000,
    progress: bool | None = None,
    on_step: StepCallback | None = None,
) -> PathResult:
    """A word reaching ``state``, found by beam search; shortest only when the result says so.

    From the start state, each step applies every generator to the beam (numba, parallel),
    drops children seen in the last ``history`` steps or twice in this one (64-bit hashes),
    and keeps the ``width`` children the heuristic scores lowest (a counting pass, no sort).
    With ``ball_radius`` > 0 the states within that many moves of the target are stored first
    (breadth-first search backwards from it), the beam stops as soon as a child lies in this
    ball, and the word is completed exactly from it: meet in the middle. The word is restored
    from parent indices and replayed on the start state before it is returned.

    Parameters
    ----------
    graph : CayleyGraph
    state : str or array_like of int
        The target (as for :func:`shortest_word`).
    width : int
        Beam width: states kept per step.
    heuristic : "hamming", "cyclic", "pdb", Heuristic or callable, optional
        Default ``"hamming"`` (:class:`cayley.heuristics.Hamming`); ``"cyclic"``:
        :class:`cayley.heuristics.CyclicInversions` (lrx and other families that rotate and swap
        neighbours); ``"pdb"``: pattern databases
        chosen by :func:`cayley.heuristics.pattern_databases`, max-combined; a
        :class:`cayley.heuristics.Heuristic` made for this target; or a function
        ``f(states, target) -> scores`` on states in the graph's symbols. Lower is closer.
    max_steps : int, optional
        Give up after this many steps (default ``10 * degree**2``).
    history : int or None
        Steps whose kept states are never revisited (at least that many, at most twice):
        non-backtracking search. 0 drops only duplicates within a step; None (default)
        remembers every step, about 16 bytes per kept state (``MemoryBudgetError`` when that
        outgrows the memory: give a depth then).
    ball_radius : int
        Radius of the target's ball for meet in the middle (0: the target alone).
    max_ball_states : int
        Refuse (``MemoryBudgetError``) a ball with more states.
    progress : bool, optional
        Show a tqdm bar (default: when stderr is a terminal).
    on_step : callable, optional
        Called as ``on_step(step, beam size, best score or None, seconds)`` after each step.

    Returns
    -------
    PathResult
        ``shortest`` is True when the word is as long as ``lower_bound`` (the distance itself
        when the start lies in the ball; otherwise the larger of an admissible heuristic's
        score at the start and the ball's radius plus one), or when no step had to drop a
        state and every step was remembered (the search was then a breadth-first search).

    Raises
    ------
    PathNotFoundError
        When the beam empties or ``max_steps`` pass without reaching the state.

    Examples
    --------
    >>> g = CayleyGraph.from_family("lrx", 6)
    >>> r = beam_search(g, "1,0,2,3,4,5", width=100)
    >>> r.word, r.shortest  # one move, and the start is not the target
    (['X'], True)
    >>> beam_search(g, "1,0,5,4,3,2", width=100, heuristic="pdb", ball_radius=4).length
    15
    >>> beam_search(CayleyGraph.from_family("lrx", 16), "1,0,15,14,13,12,11,10,9,8,7,6,5,4,3,2",
    ...             width=1000, heuristic="cyclic").length  # the conjectured distance 16 * 15 / 2
    120
    """
    t0 = time.perf_counter()
    enc, start, target = _prepare(graph, state)
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValueError(f"width must be a positive int, got {width!r}")
    if max_steps is None:
        max_steps = 10 * graph.degree**2
    elif isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative int, got {max_steps!r}")
    if history is not None and (isinstance(history, bool) or not isinstance(history, int) or history < 0):
        raise ValueError(f"history must be a non-negative int or None, got {history!r}")
    if isinstance(ball_radius, bool) or not isinstance(ball_radius, int) or ball_radius < 0:
        raise ValueError(f"ball_radius must be a non-negative int, got {ball_radius!r}")
    h = _heuristic(graph, state, target, heuristic)
    dtype = _state_dtype(graph)
    k, n = graph.n_generators, start.shape[1]
    symbols = graph.modulus if graph.is_matrix else int(graph.start_codes.max()) + 1
    children = width * k
    _memory.require(n * symbols * 8 + children * (2 * n * np.dtype(dtype).itemsize + 64)
                    + 32 * width * (history or 1),
                    f"a beam of width {width} ({children} children per step)")
    zobrist = _beam.zobrist_table(n, symbols)
    ball = _target_ball(enc, target, ball_radius, dtype, zobrist, max_ball_states)
    mover = _Mover(graph, enc)
    beam = start.astype(dtype)
    lower = int(h.scores(beam)[0]) if h.admissible else 0
    inside = ball.distance(beam[0])
    lower = inside if inside >= 0 else max(lower, ball.radius + 1)
    seen = _beam.History(history, width)
    start_hash = np.empty(1, dtype=np.uint64)
    _beam.hash_rows(beam, zobrist, start_hash)
    seen.add(start_hash)
    origins: list[np.ndarray] = []
    pruned, kept_total = False, 1
    report = _Progress(on_step, progress, max_steps)
    try:
        word = _complete(ball, mover, beam[0], inside) if inside >= 0 else None
        for step in range(1, max_steps + 1):
            if word is not None:
                break
            with _beam.threads_for(beam.shape[0] * k):
                rows = mover.children(beam)
                hashes = np.empty(rows.shape[0], dtype=np.uint64)
                hits = np.empty(rows.shape[0], dtype=np.int64)
                _beam.screen(rows, zobrist, seen.old, seen.new, ball.keys, ball.index, ball.rows, ball.dist,
                             hashes, hits)
                fresh = np.empty(rows.shape[0], dtype=np.int64)
                table = np.zeros(_beam.table_size(rows.shape[0]), dtype=np.uint64)
                count = _beam.unique_fresh(hashes, table, fresh)
                if count == 0:
                    break
                fresh = fresh[:count]
                touched = fresh[hits[fresh] >= 0]
                if touched.size:
                    c = int(touched[np.argmin(hits[touched])])
                    word = _restore(origins, c, k) + _complete(ball, mover, rows[c], int(hits[c]))
                    break
                best = None
                if count > width:
                    scores = h.scores(rows[fresh])
                    keep = _lowest(scores, hashes[fresh], width)
                    best = int(scores[keep].min()) if np.issubdtype(scores.dtype, np.integer) else None
                    fresh = fresh[keep]
                    pruned = True
            beam = rows[fresh]
            origins.append(fresh.astype(np.int32 if rows.shape[0] < 2**31 else np.int64))
            seen.add(hashes[fresh])
            kept_total += fresh.size
            report(step, fresh.size, best, time.perf_counter() - t0)
    finally:
        report.close()
    if word is None:
        raise PathNotFoundError(
            f"beam search (width {width}) did not reach the state in {len(origins)} steps; "
            "try a larger width or max_steps, a better heuristic, a ball_radius, or shortest_word"
        )
    _replay(graph, word, target, enc)
    shortest = len(word) == lower or (not pruned and history is None)
    return PathResult(
        word=[graph.names[i] for i in word],
        method="beam_search",
        shortest=bool(shortest),
        seconds=time.perf_counter() - t0,
        states_seen=int(kept_total + ball.rows.shape[0]),
        lower_bound=len(word) if shortest else lower,
    )


def word_length_distribution(graph: CayleyGraph, **kwargs) -> list[int]:
    """How many states have a shortest word of each length: the growth function.

    Keyword arguments go to :func:`cayley.growth`.

    Examples
    --------
    >>> word_length_distribution(CayleyGraph.from_family("coxeter", 3))
    [1, 2, 2, 1]
    """
    from cayley.bfs import growth

    return growth(graph, **kwargs).layer_sizes
