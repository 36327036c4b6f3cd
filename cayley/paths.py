"""Short words in Cayley and Schreier graphs: bidirectional BFS and beam search.

A *word* is a list of generator names; applied one after the other to the graph's start
state (``state = graph.apply(state, g)``) it reaches a target state. :func:`shortest_word`
finds a shortest word by breadth-first search from both ends (meet in the middle), so it
only has to store two balls of about half the distance. :func:`beam_search` handles graphs
whose balls are too large: it keeps the ``width`` most promising states per step and returns
a word that need not be shortest (the result says so). Every word is replayed on the start
state before it is returned.

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

from cayley import _memory
from cayley.errors import InputError, MemoryBudgetError, PathNotFoundError
from cayley.bfs._hashed import KeyCodec
from cayley.graph import CayleyGraph, _matrix_inverse, _parse_state

__all__ = ["PathNotFoundError", "PathResult", "beam_search", "shortest_word", "word_length_distribution"]

Heuristic = Callable[[np.ndarray, np.ndarray], np.ndarray]


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
        States stored by the search (both directions for the BFS).
    """

    word: list[str]
    method: str
    shortest: bool
    seconds: float
    states_seen: int

    @property
    def length(self) -> int:
        """Number of generators in the word."""
        return len(self.word)

    def to_dict(self) -> dict:
        """A JSON-ready dict with keys word, length, method, shortest, seconds, states_seen."""
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
def hamming(states: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Number of positions where each state differs from the target (default heuristic).

    Examples
    --------
    >>> hamming(np.array([[0, 1, 2], [2, 1, 0]]), np.array([0, 1, 2])).tolist()
    [0, 2]
    """
    return np.count_nonzero(states != target, axis=1)


def beam_search(
    graph: CayleyGraph,
    state: object,
    width: int = 1000,
    heuristic: Heuristic | None = None,
    max_steps: int | None = None,
) -> PathResult:
    """A word reaching ``state``, found by beam search; it need not be shortest.

    Starting from the start state, each step applies every generator to the beam, drops
    states seen before, and keeps the ``width`` states the heuristic scores lowest.

    Parameters
    ----------
    graph : CayleyGraph
    state : str or array_like of int
        The target (as for :func:`shortest_word`).
    width : int
        Beam width: states kept per step.
    heuristic : callable, optional
        ``heuristic(states, target) -> scores`` on rows of states in the graph's symbols
        (matrices flattened); lower is closer. Default :func:`hamming`.
    max_steps : int, optional
        Give up after this many steps (default ``10 * degree**2``).

    Returns
    -------
    PathResult
        With ``shortest=False``: the word is valid but may be longer than the distance.

    Raises
    ------
    PathNotFoundError
        When the beam empties or ``max_steps`` pass without reaching the state.

    Examples
    --------
    >>> g = CayleyGraph.from_family("lrx", 6)
    >>> r = beam_search(g, "1,0,2,3,4,5", width=100)
    >>> r.word, r.shortest
    (['X'], False)
    """
    t0 = time.perf_counter()
    enc, rows, target = _prepare(graph, state)
    if not isinstance(width, int) or width < 1:
        raise ValueError(f"width must be a positive int, got {width!r}")
    if heuristic is None:
        heuristic = hamming
    elif not callable(heuristic):
        raise TypeError("heuristic must be callable as heuristic(states, target) -> scores")
    if max_steps is None:
        max_steps = 10 * graph.degree**2
    elif not isinstance(max_steps, int) or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative int, got {max_steps!r}")
    children = width * graph.n_generators
    _memory.require(children * (enc.state_bytes + enc.codec.key_bytes + 40),
                    f"a beam of width {width} ({children} children per step)")
    target_key = enc.codec.encode(target)
    target_state = enc.to_states(target)[0]
    visited = enc.codec.encode(rows)
    steps: list[tuple[np.ndarray, np.ndarray]] = []  # (parent index, generator) per step
    for _ in range(max_steps + 1):
        keys = enc.codec.encode(rows)
        hit = np.flatnonzero(keys == target_key[0])
        if hit.size:
            word = _beam_word(steps, int(hit[0]))
            _replay(graph, word, target, enc)
            return PathResult(
                word=[graph.names[i] for i in word],
                method="beam_search",
                shortest=False,
                seconds=time.perf_counter() - t0,
                states_seen=int(visited.size),
            )
        n = rows.shape[0]
        children = np.concatenate([enc.apply(rows, graph.generators, i) for i in range(graph.n_generators)])
        parent = np.tile(np.arange(n, dtype=np.int64), graph.n_generators)
        via = np.repeat(np.arange(graph.n_generators, dtype=np.int64), n)
        child_keys = enc.codec.encode(children)
        fresh = ~_member(visited, child_keys)
        _, first = np.unique(child_keys[fresh], return_index=True)
        keep = np.flatnonzero(fresh)[first]
        if keep.size == 0:
            break
        if keep.size > width:
            scores = np.asarray(heuristic(enc.to_states(children[keep]), target_state))
            keep = keep[np.argsort(scores, kind="stable")[:width]]
        rows = children[keep]
        steps.append((parent[keep], via[keep]))
        visited = _merge(visited, np.sort(child_keys[keep]))
    raise PathNotFoundError(
        f"beam search (width {width}) did not reach the state in {len(steps)} steps; "
        "try a larger width or max_steps, or shortest_word"
    )


def _beam_word(steps: list[tuple[np.ndarray, np.ndarray]], index: int) -> list[int]:
    word = []
    for parent, via in reversed(steps):
        word.append(int(via[index]))
        index = int(parent[index])
    return word[::-1]


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
