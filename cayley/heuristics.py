"""Heuristics for beam search: estimates of the distance from a state to a target.

Every heuristic is an object made for one graph and one target, with one method:
``scores(states)`` takes rows of states in the graph's codes (``graph.encode_states``; the
symbols themselves for the identity start) and returns one non-negative ``int32`` per row,
lower meaning closer. ``admissible`` says whether the score never exceeds the true distance,
so that a word as long as the start's score is known to be shortest.

* :class:`Hamming`: positions that differ from the target.
* :class:`CyclicInversions`: adjacent transpositions on a cycle still to make, for graphs
  whose moves rotate the positions and swap neighbours (lrx, top-spin-like puzzles).
* :class:`PatternDatabase`: the exact distance, in a Schreier graph of the group, from the
  positions of some tracked symbols to their positions in the target. The positions of ``k``
  tracked symbols form a ``k``-tuple of points; the group moves it within its orbit, whose
  tuples are ranked by the first ``k`` levels of a stabilizer chain whose base starts with the
  target's tuple (:class:`cayley.PermutationGroup` with ``base=``): a perfect hash onto
  ``range(orbit size)``. The distance table is one byte per rank, filled by a breadth-first
  search over the ranks. It is admissible: a word reaching the target moves the tuple home.
* :class:`MaxHeuristic` (admissible when its parts are) and :class:`SumHeuristic` (additive:
  stronger guidance, no longer a lower bound when moves act on several patterns at once).
* :func:`pattern_databases` chooses the tracked symbols by a rule (greedily, the points with
  the smallest orbits under the stabilizer of those already tracked, up to a table size) and
  builds the databases covering every moved position.

* :class:`LearnedHeuristic`: a scikit-learn regressor trained on random walks from the target
  (:func:`cayley.walks.random_walks`) to predict the steps back to it; an optional extra
  (``pip install permlab[learn]``), saved and loaded as files.

Examples
--------
>>> from cayley import CayleyGraph
>>> from cayley.heuristics import PatternDatabase
>>> g = CayleyGraph.from_family("lrx", 6)
>>> pdb = PatternDatabase(g, [0, 1, 2, 3, 4, 5], values=[0, 1])
>>> pdb.size, pdb.scores(np.array([[1, 0, 2, 3, 4, 5]])).tolist()
(30, [1])
"""
from __future__ import annotations

import copy
import math
import pickle
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numba import njit, prange

from cayley import _memory
from cayley.errors import InputError
from cayley.graph import CayleyGraph

__all__ = [
    "CyclicInversions", "FunctionHeuristic", "Hamming", "LearnedHeuristic", "Heuristic", "MaxHeuristic", "PatternDatabase", "SumHeuristic",
    "choose_patterns", "pattern_databases",
]

DEFAULT_MAX_ENTRIES = 1 << 24  # bytes of one pattern database chosen by the rule
_UNSEEN = 255
_BLOCK = 4096


def _target_codes(graph: CayleyGraph, target: object) -> np.ndarray:
    """The target as one row of codes, validated as for the path searches."""
    from cayley.paths import _prepare  # paths imports this module

    return _prepare(graph, target)[2][0]


class Heuristic(ABC):
    """An estimate of the distance to one target (see the module docstring).

    Attributes
    ----------
    target : ndarray
        The target in codes (one row).
    admissible : bool
        True when the score never exceeds the distance to the target.
    """

    target: np.ndarray
    admissible: bool = False

    @abstractmethod
    def scores(self, states: np.ndarray) -> np.ndarray:
        """Scores (``int32``, lower is closer) of an ``(m, n)`` array of states in codes."""

    def retarget(self, graph: CayleyGraph, target: object) -> Heuristic:
        """The same heuristic for another target (or another start state, which renumbers the
        codes) of a graph with the same generators, reusing its tables where it has any."""
        raise InputError(f"{type(self).__name__} cannot be re-targeted; make a new one")

    def __call__(self, states: np.ndarray) -> np.ndarray:
        return self.scores(states)


# --------------------------------------------------------------------------- Hamming
@njit(cache=True, parallel=True)
def _hamming(states, target, out):
    for i in prange(states.shape[0]):
        c = 0
        for j in range(states.shape[1]):
            if states[i, j] != target[j]:
                c += 1
        out[i] = c


class Hamming(Heuristic):
    """Number of positions where a state differs from the target.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> h = Hamming(CayleyGraph.from_family("lrx", 4), [1, 0, 2, 3])
    >>> h.scores(np.array([[0, 1, 2, 3], [1, 0, 2, 3]])).tolist()
    [2, 0]
    """

    def __init__(self, graph: CayleyGraph, target: object) -> None:
        self.target = _target_codes(graph, target)

    def scores(self, states: np.ndarray) -> np.ndarray:
        out = np.empty(states.shape[0], dtype=np.int32)
        _hamming(states, self.target.astype(states.dtype), out)
        return out

    def retarget(self, graph: CayleyGraph, target: object) -> Hamming:
        return Hamming(graph, target)


# --------------------------------------------------------------------------- cyclic inversions
@njit(cache=True, inline="always")
def _inversion_grid(q, where, grid):
    """``grid[c, j]`` = inversions of the cyclic sequence ``q`` (a permutation of
    ``range(n)``) read from position ``j`` with the values ranked from ``c``; returns the fewest.

    Moving the cut by one puts the first value, of rank ``r``, last: the count changes by
    ``n - 1 - 2r``. Moving the value order by one makes value ``c`` (rank 0, read ``k``-th)
    the largest: the count changes by ``n - 1 - 2k``. So the whole grid costs ``O(n^2)``.
    """
    n = q.shape[0]
    for p in range(n):
        where[q[p]] = p
    inv = 0
    for a in range(n):
        for b in range(a + 1, n):
            if q[a] > q[b]:
                inv += 1
    best = inv
    for c in range(n):
        cut = inv  # inversions read from position 0
        for j in range(n):
            grid[c, j] = cut
            best = min(best, cut)
            rank = q[j] - c
            cut += n - 1 - 2 * (rank if rank >= 0 else rank + n)
        inv += n - 1 - 2 * where[c]
    return best


@njit(cache=True, inline="always")
def _swap_distance(q, grid, best):
    """Fewest rotations that bring to the front (positions 0, 1) a neighbouring pair whose
    swap lowers the count of a best cut and value rotation: a pair read in the wrong order
    from that cut, not split by it."""
    n = q.shape[0]
    if best == 0:
        return 0
    d = n
    for c in range(n):
        for j in range(n):
            if grid[c, j] != best:
                continue
            for p in range(n):
                if p == (j + n - 1) % n:  # the pair (p, p + 1) is split by the cut
                    continue
                a, b = q[p] - c, q[(p + 1) % n] - c
                if (a if a >= 0 else a + n) > (b if b >= 0 else b + n):
                    d = min(d, p, n - p)
    return d


@njit(cache=True, parallel=True)
def _cyclic_inversions(states, target_position, tie_break, out):
    m, n = states.shape
    for b in prange((m + _BLOCK - 1) // _BLOCK):
        q = np.empty(n, dtype=np.int64)
        where = np.empty(n, dtype=np.int64)
        grid = np.empty((n, n), dtype=np.int64)
        for i in range(b * _BLOCK, min(m, (b + 1) * _BLOCK)):
            for p in range(n):
                q[p] = target_position[states[i, p]]
            best = _inversion_grid(q, where, grid)
            out[i] = best * (n + 1) + _swap_distance(q, grid, best) if tie_break else best


class CyclicInversions(Heuristic):
    """Adjacent transpositions on a cycle still to make, then how far the next one is.

    Place the positions on a cycle and write at each the target position of the symbol there;
    the target reads ``0, 1, ..., n-1`` from some cut. :meth:`swaps` is the fewest inversions
    of that cyclic sequence over every cut of the cycle and every rotation of the values, so
    that rotating the positions (``L``, ``R`` of lrx) leaves it unchanged and swapping two
    neighbours (``X``) changes it by one for most states (by up to 4 at n = 8, through the cut
    between the swapped pair): an estimate of the swaps still to make. The score is
    ``swaps * (n + 1) + d``, ``d`` being the fewest rotations that bring to the front a pair
    whose swap lowers the count: swaps first, ties broken by the moves to the next useful
    swap. Not admissible. For the lrx antipode :meth:`swaps` is ``floor((n-1)^2 / 4)``, the
    number of ``X`` in the shortest words breadth-first search finds for n = 5..8. ``O(n^2)``
    per state; the target's symbols must be distinct.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("lrx", 6)
    >>> h = CyclicInversions(g, [1, 0, 5, 4, 3, 2])
    >>> states = np.array([[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]])  # the start, the target rotated
    >>> h.swaps(states).tolist(), h.scores(states).tolist()
    ([6, 0], [42, 0])
    """

    def __init__(self, graph: CayleyGraph, target: object) -> None:
        if graph.is_matrix:
            raise InputError("cyclic inversions need permutation generators, not matrices")
        self.target = _target_codes(graph, target)
        if np.unique(self.target).size != self.target.size:
            raise InputError("cyclic inversions need a target whose symbols are all distinct")
        self._position = np.argsort(self.target).astype(np.int64)

    def _run(self, states: np.ndarray, tie_break: bool) -> np.ndarray:
        out = np.empty(states.shape[0], dtype=np.int32)
        _cyclic_inversions(states, self._position, tie_break, out)
        return out

    def swaps(self, states: np.ndarray) -> np.ndarray:
        """The fewest inversions over cuts and value rotations alone (``int32`` per row)."""
        return self._run(states, False)

    def scores(self, states: np.ndarray) -> np.ndarray:
        return self._run(states, True)

    def retarget(self, graph: CayleyGraph, target: object) -> CyclicInversions:
        return CyclicInversions(graph, target)


class FunctionHeuristic(Heuristic):
    """A Python function ``f(states, target) -> scores`` on states in the graph's own symbols
    (matrices flattened), as :func:`cayley.paths.beam_search` accepted before heuristic objects.

    Scores may be of any real dtype; they are used only to order states.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("lrx", 4)
    >>> h = FunctionHeuristic(g, [1, 0, 2, 3], lambda s, t: (s != t).sum(axis=1) * 0.5)
    >>> h.scores(np.array([[0, 1, 2, 3]])).tolist()
    [1.0]
    """

    def __init__(self, graph: CayleyGraph, target: object, function: Callable) -> None:
        if not callable(function):
            raise TypeError("heuristic must be callable as heuristic(states, target) -> scores")
        self.target = _target_codes(graph, target)
        self.function = function
        self.symbols = None if graph.is_matrix else graph.symbols

    def _decode(self, rows: np.ndarray) -> np.ndarray:
        return rows.astype(np.int64) if self.symbols is None else self.symbols[rows]

    def scores(self, states: np.ndarray) -> np.ndarray:
        return np.asarray(self.function(self._decode(states), self._decode(self.target[None, :])[0]))


# --------------------------------------------------------------------------- pattern databases
@njit(cache=True, inline="always")
def _tuple_rank(y, position, inverse_by_point, radix, work):
    """Rank of the tuple ``y`` of points in the orbit of the chain's base prefix."""
    k = y.shape[0]
    for j in range(k):
        work[j] = y[j]
    r = np.int64(0)
    for level in range(k):
        point = work[level]
        r = r * radix[level] + position[level, point]
        for j in range(level + 1, k):
            work[j] = inverse_by_point[level, point, work[j]]
    return r


@njit(cache=True, inline="always")
def _tuple_unrank(r, base, radix, transversal, digits, y):
    """The tuple of rank ``r``: ``y[j] = u_0(u_1(...u_j(base[j])))`` for the digits' transversal
    elements ``u_l``."""
    k = y.shape[0]
    for level in range(k - 1, -1, -1):
        digits[level] = r % radix[level]
        r //= radix[level]
    for j in range(k):
        x = transversal[j, digits[j], base[j]]
        for level in range(j - 1, -1, -1):
            x = transversal[level, digits[level], x]
        y[j] = x


@njit(cache=True, parallel=True)
def _pdb_layer(dist, d, gens, base, radix, transversal, position, inverse_by_point, found):
    """Give every unseen predecessor of a tuple at distance ``d`` the distance ``d + 1``.

    A move ``g`` takes the positions ``y`` of the tracked symbols to ``g^-1[y]``, so the
    predecessors of ``y`` are ``g[y]``.
    """
    k = base.shape[0]
    size = dist.shape[0]
    for b in prange((size + _BLOCK - 1) // _BLOCK):
        digits = np.empty(k, dtype=np.int64)
        y = np.empty(k, dtype=np.int64)
        z = np.empty(k, dtype=np.int64)
        work = np.empty(k, dtype=np.int64)
        hit = False
        for r in range(b * _BLOCK, min(size, (b + 1) * _BLOCK)):
            if dist[r] != d:
                continue
            _tuple_unrank(r, base, radix, transversal, digits, y)
            for g in range(gens.shape[0]):
                for j in range(k):
                    z[j] = gens[g, y[j]]
                s = _tuple_rank(z, position, inverse_by_point, radix, work)
                if dist[s] == _UNSEEN:
                    dist[s] = d + 1  # racing threads write the same value
                    hit = True
        found[b] = hit


@njit(cache=True, parallel=True)
def _pdb_scores(states, slot, k, position, inverse_by_point, radix, dist, out):
    """``out[i]`` = the table's distance for the positions of the tracked codes in ``states[i]``."""
    m, n = states.shape
    for b in prange((m + _BLOCK - 1) // _BLOCK):
        y = np.empty(k, dtype=np.int64)
        work = np.empty(k, dtype=np.int64)
        for i in range(b * _BLOCK, min(m, (b + 1) * _BLOCK)):
            for p in range(n):
                s = slot[states[i, p]]
                if s >= 0:
                    y[s] = p
            out[i] = dist[_tuple_rank(y, position, inverse_by_point, radix, work)]


def _tuple_chain(generators: np.ndarray, points: Sequence[int]):
    """A stabilizer chain whose base starts with ``points``, and the tuple orbit's size."""
    from cayley.group import PermutationGroup

    group = PermutationGroup(list(generators), degree=generators.shape[1], base=list(points))
    tables = group.tables
    k = len(points)
    if list(tables["base"][:k]) != list(points):  # pragma: no cover - Schreier-Sims keeps the prefix
        raise RuntimeError("internal error: the stabilizer chain lost its base prefix")
    return tables, math.prod(int(x) for x in tables["radix"][:k])


class PatternDatabase(Heuristic):
    """Exact distances of a pattern: the positions of some tracked symbols (admissible).

    Parameters
    ----------
    graph : CayleyGraph
        A permutation graph.
    target : str or array_like of int
        The target state, in the graph's symbols.
    values : sequence of int
        The tracked symbols; each must occur once in the target.
    max_entries : int
        Refuse (``InputError``) a table with more entries (bytes) than this.
    table : ndarray, optional
        A table built before for the same pattern (see :meth:`load`); skips the search.

    Attributes
    ----------
    values : list of int
        The tracked symbols that count: those whose positions the others determine (the
        other facets of a puzzle piece) are dropped, the table being the same without them.
    size : int
        Entries of the table: the number of tuples in the orbit.
    table : ndarray
        ``uint8`` distance per rank.
    depth : int
        The largest distance in the table.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("coxeter", 5)
    >>> pdb = PatternDatabase(g, [4, 3, 2, 1, 0], values=[0, 4])
    >>> pdb.size, pdb.depth
    (20, 7)
    """

    admissible = True

    def __init__(self, graph: CayleyGraph, target: object, values: Sequence[int],
                 max_entries: int = 1 << 30, table: np.ndarray | None = None) -> None:
        if graph.is_matrix:
            raise InputError("pattern databases need permutation generators, not matrices")
        self.target = _target_codes(graph, target)
        try:
            codes = graph.encode_states(np.asarray(list(values), dtype=np.int64).reshape(-1))
        except ValueError:
            raise InputError(f"values {list(values)}: not all are symbols of the start state") from None
        if codes.size == 0 or len(set(codes.tolist())) != codes.size:
            raise InputError("values: give at least one tracked symbol, each once")
        where = [np.flatnonzero(self.target == c) for c in codes]
        if any(w.size != 1 for w in where):
            raise InputError("every tracked symbol must occur exactly once in the target")
        positions = [int(w[0]) for w in where]
        gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
        moved = np.flatnonzero((gens != np.arange(graph.degree)).any(axis=0))
        tables, size = _tuple_chain(gens, positions)
        keep = [j for j in range(len(positions)) if tables["radix"][j] > 1]  # the others follow
        if not keep:
            raise InputError(f"the tracked symbols never move: the generators move only positions {moved.tolist()}")
        if len(keep) < len(positions):
            positions, codes = [positions[j] for j in keep], codes[keep]
            tables, size = _tuple_chain(gens, positions)
        if size > max_entries:
            raise InputError(f"the pattern's orbit has {size} tuples, more than max_entries={max_entries}; "
                             "track fewer symbols")
        self.values = graph.symbols[codes].tolist()
        self.size = size
        self._gens = gens
        self._slot = _slots(graph, codes)
        k = len(positions)
        self._base = tables["base"][:k].copy()
        self._radix = tables["radix"][:k].copy()
        self._position = np.ascontiguousarray(tables["position"][:k])
        self._inverse = np.ascontiguousarray(tables["inverse_by_point"][:k]).astype(np.int64)
        self._transversal = np.ascontiguousarray(tables["transversal"][:k])
        if table is None:
            table = self._search()
        elif table.shape != (size,) or table.dtype != np.uint8:
            raise InputError(f"a stored table of shape {table.shape} does not fit this pattern ({size} entries)")
        self.table = table
        self.depth = int(table.max())

    def _search(self) -> np.ndarray:
        """Breadth-first search of the tuple orbit from the target's tuple (rank 0)."""
        _memory.require(self.size, f"a pattern database of {self.size} entries")
        dist = np.full(self.size, _UNSEEN, dtype=np.uint8)
        dist[0] = 0
        found = np.zeros((self.size + _BLOCK - 1) // _BLOCK, dtype=np.bool_)
        for d in range(_UNSEEN - 1):
            _pdb_layer(dist, d, self._gens, self._base, self._radix, self._transversal, self._position,
                       self._inverse, found)
            if not found.any():
                return dist
        raise InputError("the pattern's distances exceed 254, beyond a one-byte table")

    def scores(self, states: np.ndarray) -> np.ndarray:
        out = np.empty(states.shape[0], dtype=np.int32)
        _pdb_scores(states, self._slot, len(self._base), self._position, self._inverse, self._radix,
                    self.table, out)
        return out

    def retarget(self, graph: CayleyGraph, target: object) -> PatternDatabase:
        """The database of the symbols at the same positions of another target, sharing the
        table: relabelling symbols commutes with the generators, so distances of the tracked
        positions do not depend on which symbols sit there.

        Examples
        --------
        >>> from cayley import CayleyGraph
        >>> g = CayleyGraph.from_family("lrx", 5)
        >>> pdb = PatternDatabase(g, [0, 1, 2, 3, 4], values=[0, 1])
        >>> other = pdb.retarget(g, [1, 0, 2, 3, 4])
        >>> other.values, other.table is pdb.table, other.scores(np.array([[1, 0, 2, 3, 4]])).tolist()
        ([1, 0], True, [0])
        """
        if not np.array_equal(np.asarray(graph.generators, dtype=np.int64), self._gens):
            raise InputError("retarget: the graph has other generators than the pattern database")
        row = _target_codes(graph, target)
        codes = row[self._base]
        if (np.bincount(row)[codes] != 1).any():
            raise InputError("every tracked symbol must occur exactly once in the target")
        other = copy.copy(self)
        other.target = row
        other.values = graph.symbols[codes].tolist()
        other._slot = _slots(graph, codes)
        return other

    def save(self, path: str | Path) -> None:
        """Write the table and what it was built for to ``path`` (``.npz``); see :meth:`load`."""
        with open(path, "wb") as f:
            np.savez_compressed(f, table=self.table, target=self.target, values=np.asarray(self.values),
                                generators=self._gens)

    @classmethod
    def load(cls, path: str | Path, graph: CayleyGraph) -> PatternDatabase:
        """A database saved by :meth:`save`, for the same generators (checked).

        Examples
        --------
        >>> import tempfile, os
        >>> from cayley import CayleyGraph
        >>> g = CayleyGraph.from_family("lrx", 5)
        >>> pdb = PatternDatabase(g, [1, 0, 4, 3, 2], values=[0, 1])
        >>> path = os.path.join(tempfile.mkdtemp(), "pdb.npz")
        >>> pdb.save(path)
        >>> bool((PatternDatabase.load(path, g).table == pdb.table).all())
        True
        """
        with np.load(path) as data:
            if not np.array_equal(data["generators"], np.asarray(graph.generators, dtype=np.int64)):
                raise InputError(f"{path}: the pattern database was built for other generators")
            return cls(graph, graph.symbols[data["target"]], data["values"].tolist(), table=data["table"])

    def __repr__(self) -> str:
        return f"PatternDatabase(values={self.values}, size={self.size}, depth={self.depth})"


def _slots(graph: CayleyGraph, codes: np.ndarray) -> np.ndarray:
    """Per code, its place in the tracked tuple (-1: not tracked)."""
    slot = np.full(int(graph.start_codes.max()) + 1, -1, dtype=np.int64)
    slot[codes] = np.arange(len(codes))
    return slot


class MaxHeuristic(Heuristic):
    """The largest score of several heuristics for the same target (admissible when all are).

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("lrx", 5)
    >>> h = MaxHeuristic([PatternDatabase(g, [1, 0, 2, 3, 4], values=[v]) for v in range(5)])
    >>> h.admissible, h.scores(np.array([[0, 1, 2, 3, 4]])).tolist()
    (True, [1])
    """

    def __init__(self, parts: Sequence[Heuristic]) -> None:
        self.parts = _same_target(parts)
        self.target = self.parts[0].target
        self.admissible = all(p.admissible for p in self.parts)

    def scores(self, states: np.ndarray) -> np.ndarray:
        out = self.parts[0].scores(states)
        for p in self.parts[1:]:
            np.maximum(out, p.scores(states), out=out)
        return out

    def retarget(self, graph: CayleyGraph, target: object) -> MaxHeuristic:
        return MaxHeuristic([p.retarget(graph, target) for p in self.parts])


class SumHeuristic(Heuristic):
    """The sum of several heuristics' scores (additive; not a lower bound in general).

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("lrx", 5)
    >>> h = SumHeuristic([PatternDatabase(g, [1, 0, 2, 3, 4], values=[v]) for v in range(5)])
    >>> h.admissible, h.scores(np.array([[0, 1, 2, 3, 4]])).tolist()
    (False, [2])
    """

    def __init__(self, parts: Sequence[Heuristic]) -> None:
        self.parts = _same_target(parts)
        self.target = self.parts[0].target

    def scores(self, states: np.ndarray) -> np.ndarray:
        out = self.parts[0].scores(states)
        for p in self.parts[1:]:
            out = out + p.scores(states)
        return out

    def retarget(self, graph: CayleyGraph, target: object) -> SumHeuristic:
        return SumHeuristic([p.retarget(graph, target) for p in self.parts])


def _same_target(parts: Sequence[Heuristic]) -> list[Heuristic]:
    parts = list(parts)
    if not parts or not all(isinstance(p, Heuristic) for p in parts):
        raise TypeError("give a non-empty list of Heuristic objects")
    if any(not np.array_equal(p.target, parts[0].target) for p in parts):
        raise InputError("the heuristics to combine are for different targets")
    return parts


# --------------------------------------------------------------------------- the rule
def _orbit_lengths(generators: list[np.ndarray], degree: int) -> np.ndarray:
    """Length of the orbit of every point under the group the permutations generate."""
    parent = np.arange(degree)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in generators:
        for x in range(degree):
            a, b = find(x), find(int(g[x]))
            if a != b:
                parent[a] = b
    roots = np.asarray([find(x) for x in range(degree)])
    return np.bincount(roots, minlength=degree)[roots]


def choose_patterns(graph: CayleyGraph, target: object, max_entries: int = DEFAULT_MAX_ENTRIES) -> list[list[int]]:
    """Tracked symbols for pattern databases of at most ``max_entries`` entries, by a rule.

    Greedily, a pattern adds the position whose orbit under the stabilizer of the positions
    already tracked is smallest (ties: the lowest position) while the table stays within
    ``max_entries``; positions that the tracked ones determine (orbit 1) are covered for free.
    New patterns start until every moved position holding a unique symbol is covered.
    Returns the symbols of each pattern.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> choose_patterns(CayleyGraph.from_family("lrx", 6), [0, 1, 2, 3, 4, 5], max_entries=400)
    [[0, 1, 2, 3], [4, 5]]
    """
    from cayley.group import PermutationGroup

    row = _target_codes(graph, target)
    gens = [np.asarray(g, dtype=np.int64) for g in graph.generators]
    n = graph.degree
    unique = np.bincount(row, minlength=n)[row] == 1
    remaining = {p for p in range(n) if unique[p] and _orbit_lengths(gens, n)[p] > 1}
    patterns = []
    while remaining:
        prefix, size, stabilizer = [], 1, gens
        while True:
            orbits = _orbit_lengths(stabilizer, n)
            if prefix:
                remaining -= {p for p in remaining if orbits[p] == 1}
            fits = [p for p in remaining if size * orbits[p] <= max_entries]
            if not fits:
                break
            p = min(fits, key=lambda q: (orbits[q], q))
            prefix.append(p)
            size *= int(orbits[p])
            remaining.discard(p)
            strong = PermutationGroup(gens, degree=n, base=prefix).strong_generators
            stabilizer = [g for g in strong if all(g[b] == b for b in prefix)] or [np.arange(n)]
        if not prefix:
            raise InputError(f"max_entries={max_entries} is smaller than the orbit of a single position")
        patterns.append(prefix)
    return [graph.symbols[row[p]].tolist() for p in patterns]


def pattern_databases(graph: CayleyGraph, target: object, max_entries: int = DEFAULT_MAX_ENTRIES,
                      combine: str = "max") -> Heuristic:
    """Pattern databases chosen by :func:`choose_patterns`, combined by ``"max"`` or ``"sum"``.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> h = pattern_databases(CayleyGraph.from_family("lrx", 6), [1, 0, 5, 4, 3, 2], max_entries=400)
    >>> [p.values for p in h.parts], h.admissible
    ([[1, 0, 5, 4], [3, 2]], True)
    """
    if combine not in ("max", "sum"):
        raise InputError(f"combine must be 'max' or 'sum', got {combine!r}")
    parts = [PatternDatabase(graph, target, values, max_entries=max_entries)
             for values in choose_patterns(graph, target, max_entries)]
    return MaxHeuristic(parts) if combine == "max" else SumHeuristic(parts)


# --------------------------------------------------------------------------- learned
LEARNED_SCALE = 8  # scores are round(predicted steps * LEARNED_SCALE): ties only within 1/8 step
LEARNED_MODELS = ("mlp", "boosting")


def _sklearn():
    """scikit-learn, or one clear line saying how to install it."""
    try:
        import sklearn
    except ImportError:
        raise InputError("learned heuristics need scikit-learn: pip install 'permlab[learn]'") from None
    return sklearn


def _one_hot(states: np.ndarray, symbols: int) -> np.ndarray:
    """``(m, n * symbols)`` float32 rows: 1 where position ``p`` holds code ``c`` (column ``p * symbols + c``)."""
    m, n = states.shape
    out = np.zeros((m, n * symbols), dtype=np.float32)
    out[np.arange(m)[:, None], np.arange(n) * symbols + states.astype(np.int64)] = 1
    return out


class LearnedHeuristic(Heuristic):
    """Steps to the target predicted by a scikit-learn regressor trained on random walks.

    Walks start at the target and apply the generators' inverses, so the ``k``-th state of a
    walk is at most ``k`` steps from the target; a regressor learns ``k`` from the state, one-hot
    encoded (a column per position and symbol). Made by :meth:`train`, kept by :meth:`save` and
    :meth:`load`. Needs scikit-learn (``pip install 'permlab[learn]'``). Not admissible.

    Parameters
    ----------
    graph : CayleyGraph
        A permutation graph.
    target : str or array_like of int
        The target the model was trained for.
    model : sklearn regressor
        Fitted on :func:`_one_hot` rows of codes.

    Examples
    --------
    Not run as doctests: scikit-learn is optional and training takes seconds.

    .. code-block:: python

        from cayley import CayleyGraph
        from cayley.paths import beam_search
        g = CayleyGraph.from_family("lrx", 9)
        h = LearnedHeuristic.train(g, [1, 0, 8, 7, 6, 5, 4, 3, 2], length=60, count=2000)
        beam_search(g, [1, 0, 8, 7, 6, 5, 4, 3, 2], width=1000, heuristic=h).length
    """

    def __init__(self, graph: CayleyGraph, target: object, model: object) -> None:
        if graph.is_matrix:
            raise InputError("learned heuristics need permutation generators, not matrices")
        self.target = _target_codes(graph, target)
        self.model = model
        self._symbols = int(graph.start_codes.max()) + 1
        self._gens = np.asarray(graph.generators, dtype=np.int64)
        self._target_symbols = graph.symbols[self.target]

    @classmethod
    def train(cls, graph: CayleyGraph, target: object, length: int, count: int, model: str = "mlp",
              seed: int = 0) -> LearnedHeuristic:
        """Fit ``model`` (``"mlp"``: a small neural network; ``"boosting"``: histogram gradient
        boosting) on ``count`` non-backtracking walks of ``length`` steps from ``target``.

        Examples
        --------
        .. code-block:: python

            h = LearnedHeuristic.train(CayleyGraph.from_family("lrx", 5), [1, 0, 4, 3, 2], 10, 100, "boosting")
            type(h.model).__name__  # 'HistGradientBoostingRegressor'
        """
        _sklearn()
        from cayley.walks import random_walks

        if model not in LEARNED_MODELS:
            raise InputError(f"model {model!r}: give one of {', '.join(LEARNED_MODELS)}")
        row = _target_codes(graph, target)
        backwards = CayleyGraph(np.argsort(graph.generators, axis=1), start=graph.symbols[row])
        walks = random_walks(backwards, length, count, mode="nbt", seed=seed)
        states = graph.encode_states(backwards.symbols[walks.states.reshape(-1, graph.degree)])
        steps = np.asarray(walks.steps, dtype=np.float32).reshape(-1)
        if model == "mlp":
            from sklearn.neural_network import MLPRegressor

            regressor = MLPRegressor(hidden_layer_sizes=(128, 64), early_stopping=True, random_state=seed, max_iter=200)
        else:
            from sklearn.ensemble import HistGradientBoostingRegressor

            regressor = HistGradientBoostingRegressor(max_iter=200, random_state=seed)
        symbols = int(graph.start_codes.max()) + 1
        regressor.fit(_one_hot(states, symbols), steps)
        return cls(graph, graph.symbols[row], regressor)

    def scores(self, states: np.ndarray) -> np.ndarray:
        predicted = self.model.predict(_one_hot(states, self._symbols))
        return np.clip(np.rint(predicted * LEARNED_SCALE), 0, np.iinfo(np.int32).max).astype(np.int32)

    def save(self, path: str | Path) -> None:
        """Write the model, generators and target to ``path`` (joblib); see :meth:`load`."""
        import joblib

        joblib.dump({"model": self.model, "generators": self._gens, "target": self._target_symbols}, path)

    @classmethod
    def load(cls, path: str | Path, graph: CayleyGraph) -> LearnedHeuristic:
        """A model saved by :meth:`save`, for the same generators (checked). Loading a file runs
        the code pickled in it: load only files you trust.

        Examples
        --------
        .. code-block:: python

            h.save("lrx9.joblib")
            same = LearnedHeuristic.load("lrx9.joblib", g)
        """
        _sklearn()
        import joblib

        try:
            data = joblib.load(path)
        except (pickle.UnpicklingError, EOFError, ValueError, KeyError, IndexError):
            raise InputError(f"{path}: not a file written by LearnedHeuristic.save") from None
        if not isinstance(data, dict) or not {"model", "generators", "target"} <= set(data):
            raise InputError(f"{path}: not a file written by LearnedHeuristic.save")
        if not np.array_equal(data["generators"], np.asarray(graph.generators, dtype=np.int64)):
            raise InputError(f"{path}: the learned heuristic was trained for other generators")
        return cls(graph, data["target"], data["model"])
