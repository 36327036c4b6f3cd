"""Batched random walks on Cayley and Schreier graphs, and their mixing.

Modes
-----
* ``"plain"``: each step applies a uniformly random generator.
* ``"nbt"`` (non-backtracking): never applies the inverse of the previous step's generator
  (generators whose inverse is not in the set are unrestricted).
* ``"bfs"`` (BFS-truncated): each step moves to a uniformly random neighbour one layer
  further from the start, so a walk is a random shortest path and its step count is the true
  distance; a walker that reaches a vertex with no farther neighbour stays there (its move is
  ``-1``). Needs the distance table of a ranked BFS (small enough graphs only).

Walks are reproducible: the generator chosen by walker ``w`` at step ``s`` is a hash of
``(seed, w, s)``, so results do not depend on the number of threads. States are written in
relabelled codes (``graph.start_codes``; for the identity start they are the symbols).

Examples
--------
>>> from cayley import CayleyGraph
>>> from cayley.walks import random_walks
>>> w = random_walks(CayleyGraph.from_family("lrx", 5), length=3, count=2, seed=1)
>>> w.states.shape, w.moves.shape, w.steps[0].tolist()
((2, 4, 5), (2, 3), [0, 1, 2, 3])
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from cayley import _memory, perm
from cayley.bfs import _ranked_cpu as kernels
from cayley.explicit import (
    DEFAULT_MAX_VERTICES,
    _check_graph,
    _image_ranks,
    adjacency,
    exact_ranked_space,
    explicit,
)
from cayley.graph import CayleyGraph

__all__ = [
    "Walks",
    "add_walks_command",
    "distance_table",
    "empirical_tv_to_uniform",
    "random_walks",
    "tv_to_uniform",
]

MODES = ("plain", "nbt", "bfs")
MAX_LENGTH = np.iinfo(np.int16).max  # steps per walk: step counts are stored as int16
_PLAIN, _NBT = 0, 1
_UNSEEN = 255
_BLOCK = 4096


@dataclass(frozen=True)
class Walks:
    """A batch of random walks.

    Attributes
    ----------
    states : ndarray
        ``(count, length + 1, n)`` state codes; ``states[w, 0]`` is the start state.
    moves : ndarray
        ``(count, length)`` int16: generator number applied at each step (-1: stayed).
    steps : ndarray
        ``(count, length + 1)``: the step count, or in ``"bfs"`` mode the true distance.
    distances : ndarray or None
        ``(count, length + 1)`` uint8 true distances from the start, when requested.
    mode, seed, names
        How the walks were made; ``random_walks(graph, length, count, mode, seed)`` replays them.
    """

    states: np.ndarray
    moves: np.ndarray
    steps: np.ndarray
    distances: np.ndarray | None
    mode: str
    seed: int
    names: list[str]


# --------------------------------------------------------------------------- randomness
@njit(cache=True, inline="always")
def _mix(x):
    """splitmix64 finaliser: a bijective scramble of a uint64."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, inline="always")
def _choice(seed, walker, step, k):
    """A uniform integer in ``[0, k)`` from the hash of ``(seed, walker, step)``."""
    x = _mix(np.uint64(seed) ^ _mix(np.uint64(walker) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(step)))
    return np.int64(((x >> np.uint64(32)) * np.uint64(k)) >> np.uint64(32))


# --------------------------------------------------------------------------- kernels
@njit(cache=True, parallel=True)
def _walk(start, gens, inverse, seed, mode, states, moves):
    """Plain or non-backtracking walks, all from ``start``."""
    count, span, n = states.shape
    k = gens.shape[0]
    for w in prange(count):
        for i in range(n):
            states[w, 0, i] = start[i]
        previous = -1
        for s in range(span - 1):
            if mode == _NBT and previous >= 0 and inverse[previous] >= 0:
                c = _choice(seed, w, s, k - 1)
                if c >= inverse[previous]:
                    c += 1
            else:
                c = _choice(seed, w, s, k)
            for i in range(n):
                states[w, s + 1, i] = states[w, s, gens[c, i]]
            moves[w, s] = c
            previous = c


@njit(cache=True, parallel=True)
def _walk_bfs(start, gens, seed, kind, tables, dist, states, moves, steps):
    """Walks that step to a random neighbour one layer farther (true distance = step count)."""
    count, span, n = states.shape
    k = gens.shape[0]
    for w in prange(count):
        t = kernels._thread_tables(tables)
        image = np.empty(n, dtype=np.int64)
        candidates = np.empty(k, dtype=np.int64)
        for i in range(n):
            states[w, 0, i] = start[i]
            image[i] = start[i]
        d = dist[kernels._rank(kind, image, t)]
        steps[w, 0] = d
        for s in range(span - 1):
            m = 0
            for g in range(k):
                for i in range(n):
                    image[i] = states[w, s, gens[g, i]]
                if dist[kernels._rank(kind, image, t)] == d + 1:
                    candidates[m] = g
                    m += 1
            if m == 0:
                for i in range(n):
                    states[w, s + 1, i] = states[w, s, i]
                moves[w, s] = -1
            else:
                c = candidates[_choice(seed, w, s, m)]
                for i in range(n):
                    states[w, s + 1, i] = states[w, s, gens[c, i]]
                moves[w, s] = c
                d += 1
            steps[w, s + 1] = d


@njit(cache=True, parallel=True)
def _distance_layer(dist, d, gens, kind, tables, found):
    """Give every unseen neighbour of a vertex at distance ``d`` the distance ``d + 1``."""
    n = gens.shape[1]
    size = dist.shape[0]
    for b in prange((size + _BLOCK - 1) // _BLOCK):
        t = kernels._thread_tables(tables)
        cache = kernels.new_cache(n)
        state = np.empty(n, dtype=np.int64)
        image = np.empty(n, dtype=np.int64)
        ranks = np.empty(gens.shape[0], dtype=np.int64)
        hit = False
        for r in range(b * _BLOCK, min(size, (b + 1) * _BLOCK)):
            if dist[r] != d:
                continue
            _image_ranks(kind, r, gens, t, cache, state, image, ranks)
            for g in range(gens.shape[0]):
                if dist[ranks[g]] == _UNSEEN:
                    dist[ranks[g]] = d + 1  # racing threads write the same value
                    hit = True
        found[b] = hit


@njit(cache=True, parallel=True)
def _lookup(states, kind, tables, dist, out):
    """``out[w, s] = dist[rank(states[w, s])]``."""
    count, span, n = states.shape
    for w in prange(count):
        t = kernels._thread_tables(tables)
        state = np.empty(n, dtype=np.int64)
        for s in range(span):
            for i in range(n):
                state[i] = states[w, s, i]
            out[w, s] = dist[kernels._rank(kind, state, t)]


# --------------------------------------------------------------------------- public API
def distance_table(graph: CayleyGraph, memory_limit: int | None = None) -> np.ndarray:
    """Distance from the start state of every vertex, indexed by rank (uint8).

    Examples
    --------
    >>> distance_table(CayleyGraph.from_family("coxeter", 3)).tolist()
    [0, 1, 1, 2, 2, 3]
    """
    space = _ranked(graph, "a distance table")
    _memory.require(space.size, f"a distance table of {space.size} vertices", memory_limit)
    dist = np.full(space.size, _UNSEEN, dtype=np.uint8)
    dist[space.rank(graph.start_codes[None, :])[0]] = 0
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    found = np.zeros((space.size + _BLOCK - 1) // _BLOCK, dtype=np.bool_)
    for d in range(_UNSEEN - 1):
        _distance_layer(dist, d, gens, space.kind, space.tables, found)
        if not found.any():
            return dist
    raise ValueError("the graph's diameter exceeds 254, beyond the uint8 distance table")


def _ranked(graph: CayleyGraph, what: str):
    space = exact_ranked_space(_check_graph(graph))
    if space is None:
        raise ValueError(
            f"{what} needs a perfect hash of exactly the reachable states (Cayley graphs of "
            "permutation groups from the identity, or generators of all of S_n)"
        )
    return space


def _inverse_indices(graph: CayleyGraph) -> np.ndarray:
    keys = {g.tobytes(): i for i, g in enumerate(graph.generators)}
    return np.asarray([keys.get(perm.inverse(g).tobytes(), -1) for g in graph.generators], dtype=np.int64)


def _check_walk_args(graph: object, length: object, count: object, mode: object) -> CayleyGraph:
    _check_graph(graph)
    if graph.is_matrix:
        raise ValueError("random walks support permutation graphs only, not matrix groups")
    for name, value, low in (("length", length, 0), ("count", count, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < low:
            raise ValueError(f"{name} must be >= {low}, got {value}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if mode == "nbt" and graph.n_generators < 2:
        raise ValueError("non-backtracking walks need at least two generators")
    return graph


def random_walks(
    graph: CayleyGraph,
    length: int,
    count: int,
    mode: str = "plain",
    seed: int | None = None,
    distances: bool = False,
    memory_limit: int | None = None,
) -> Walks:
    """``count`` random walks of ``length`` steps from the graph's start state (numba, parallel).

    Parameters
    ----------
    graph : CayleyGraph
        A permutation graph (Cayley or Schreier).
    length, count : int
        Steps per walk (0..:data:`MAX_LENGTH`) and number of walkers (>= 1).
    mode : {"plain", "nbt", "bfs"}
        See the module docstring.
    seed : int, optional
        Same seed, same walks. Default: a fresh random seed, stored in the result.
    distances : bool
        Also look up every state's true distance (needs a ranked distance table).
    memory_limit : int, optional
        Bytes the walks may use (default: the memory available now).

    Examples
    --------
    >>> g = CayleyGraph.from_family("coxeter", 4)
    >>> w = random_walks(g, length=6, count=3, mode="bfs", seed=7)
    >>> bool((w.steps[:, -1] <= 6).all()), w.steps[0, :3].tolist()
    (True, [0, 1, 2])
    """
    _check_walk_args(graph, length, count, mode)
    if length > MAX_LENGTH:
        raise ValueError(f"length must be at most {MAX_LENGTH} (step counts are int16), got {length}")
    seed = secrets.randbits(63) if seed is None else int(seed)
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be in [0, 2**64), got {seed}")
    space = None
    if mode == "bfs" or distances:
        space = _ranked(graph, "BFS-truncated walks" if mode == "bfs" else "distances")
    symbols = int(graph.start_codes.max()) + 1
    dtype = np.uint8 if symbols <= 256 else np.uint16
    span, n = length + 1, graph.degree
    per_walk = span * (n * np.dtype(dtype).itemsize + 2 + (1 if distances else 0) + (2 if mode == "bfs" else 0))
    what = f"{count} walks of {length} steps"
    if space is not None:
        what += f" with a distance table of {space.size} vertices"
    _memory.require(count * per_walk + (0 if space is None else space.size), what, memory_limit)
    start = graph.start_codes.astype(dtype)
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    states = np.empty((count, span, n), dtype=dtype)
    moves = np.empty((count, length), dtype=np.int16)
    dist = distance_table(graph, memory_limit) if space is not None else None
    if mode == "bfs":
        steps = np.empty((count, span), dtype=np.int16)
        _walk_bfs(start, gens, np.uint64(seed), space.kind, space.tables, dist, states, moves, steps)
    else:
        _walk(start, gens, _inverse_indices(graph), np.uint64(seed), _NBT if mode == "nbt" else _PLAIN, states, moves)
        steps = np.broadcast_to(np.arange(span, dtype=np.int16), (count, span))
    true = None
    if distances:
        true = np.empty((count, span), dtype=np.uint8)
        _lookup(states, space.kind, space.tables, dist, true)
    return Walks(states, moves, steps, true, mode, seed, list(graph.names))


def tv_to_uniform(graph: CayleyGraph, length: int, lazy: bool = False,
                  max_vertices: int = DEFAULT_MAX_VERTICES) -> np.ndarray:
    """Exact total-variation distance to uniform of the walk after ``0..length`` steps.

    ``TV_t = (1/2) sum_v |P^t(start, v) - 1/V|``, by repeated sparse products; ``lazy`` walks
    stay put with probability 1/2 (needed on bipartite graphs, where plain walks never mix).

    Examples
    --------
    >>> tv_to_uniform(CayleyGraph(["(1,2,3)", "(1,3,2)"]), 2).round(4).tolist()
    [0.6667, 0.3333, 0.1667]
    """
    _check_walk_args(graph, length, 1, "plain")
    table = explicit(graph, max_vertices=max_vertices)
    transition = adjacency(table).T.tocsr() / graph.n_generators
    size = table.n_vertices
    p = np.zeros(size)
    p[_start_vertex(graph, table.numbering)] = 1.0
    out = np.empty(length + 1)
    for t in range(length + 1):
        out[t] = 0.5 * np.abs(p - 1.0 / size).sum()
        p = 0.5 * (p + transition @ p) if lazy else transition @ p
    return out


def _start_vertex(graph: CayleyGraph, numbering: str) -> int:
    if numbering == "rank":
        return int(exact_ranked_space(graph).rank(graph.start_codes[None, :])[0])
    return 0


def empirical_tv_to_uniform(graph: CayleyGraph, walks: Walks, memory_limit: int | None = None) -> np.ndarray:
    """Total-variation distance between the walkers' empirical distribution and uniform, per step.

    A Monte-Carlo estimate: with ``count`` walkers on ``V`` vertices it cannot fall much
    below about ``sqrt(V / count) / 2`` even for a perfectly mixed walk. ``memory_limit``
    (bytes; default the memory available now) bounds the ranks and frequencies of one step.

    Examples
    --------
    >>> g = CayleyGraph(["(1,2,3)", "(1,3,2)"])
    >>> empirical_tv_to_uniform(g, random_walks(g, 1, 1000, seed=0)).round(1).tolist()
    [0.7, 0.3]
    """
    space = _ranked(graph, "empirical mixing")
    count, span, n = walks.states.shape
    _memory.require(count * (n + 2) * 8 + space.size * 16,
                    f"the empirical distribution of {count} walkers over {space.size} vertices", memory_limit)
    out = np.empty(span)
    for s in range(span):
        ranks = space.rank(walks.states[:, s].astype(np.int64))
        freq = np.bincount(ranks, minlength=space.size) / count
        out[s] = 0.5 * np.abs(freq - 1.0 / space.size).sum()
    return out


# --------------------------------------------------------------------------- CLI
def add_walks_command(sub) -> None:
    """Register ``walks FAMILY N --length L --count C --out FILE.npz`` on argparse sub-parsers."""
    p = sub.add_parser("walks", help="batched random walks, saved as .npz")
    p.add_argument("family", help="generator family, e.g. lrx")
    p.add_argument("n", type=int)
    p.add_argument("--length", type=int, required=True, help="steps per walk")
    p.add_argument("--count", type=int, required=True, help="number of walkers")
    p.add_argument("--out", required=True, help="output file, named *.npz (arrays states, moves, steps)")
    p.add_argument("--mode", choices=MODES, default="plain")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--distances", action="store_true", help="also store true distances")
    p.set_defaults(run=_run_walks)


def _run_walks(args) -> int:
    """Check ``--out`` first, then walk (memory-guarded), then write exactly ``--out``."""
    import time

    from cayley.cli import check_output_file

    out = check_output_file(args.out, "--out", suffix=".npz")
    graph = CayleyGraph.from_family(args.family, args.n)
    t0 = time.perf_counter()
    w = random_walks(graph, args.length, args.count, mode=args.mode, seed=args.seed, distances=args.distances)
    seconds = time.perf_counter() - t0
    arrays = {"states": w.states, "moves": w.moves, "steps": w.steps}  # a broadcast steps is written in chunks
    if w.distances is not None:
        arrays["distances"] = w.distances
    with open(out, "wb") as f:  # a file object: numpy appends no suffix
        np.savez(f, seed=np.uint64(w.seed), names=np.asarray(w.names), **arrays)
    print(f"{args.count} walks x {args.length} steps ({args.mode}, seed {w.seed}) in {seconds:.2f} s -> {out}")
    return 0
