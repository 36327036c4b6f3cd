"""Heuristics for beam search: estimates of the distance from a state to a target.

Every heuristic is an object made for one graph and one target, with one method:
``scores(states)`` takes rows of states in the graph's codes (``graph.encode_states``; the
symbols themselves for the identity start) and returns one non-negative ``int32`` per row,
lower meaning closer. ``admissible`` says whether the score never exceeds the true distance,
so that a word as long as the start's score is known to be shortest.

* :class:`Hamming`: positions that differ from the target.
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

Learned heuristics (models trained on random walks) are not part of this module yet.

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
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numba import njit, prange

from cayley import _memory
from cayley.errors import InputError
from cayley.graph import CayleyGraph

__all__ = [
    "FunctionHeuristic", "Hamming", "Heuristic", "MaxHeuristic", "PatternDatabase", "SumHeuristic",
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
