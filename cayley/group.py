"""Permutation groups by a deterministic Schreier-Sims algorithm.

A :class:`PermutationGroup` computes a base and strong generating set (BSGS) with the
incremental Schreier-Sims algorithm (Holt, Eick and O'Brien, *Handbook of Computational Group
Theory*, section 4.4.2). Schreier generators of a level are formed and sifted as one numpy
batch, which is where the speed comes from. Transversals are stored as dense arrays, which also
give the perfect hash used by the ranked BFS engine: every element ``g`` factors uniquely as
``u[L-1] * ... * u[1] * u[0]`` (``*`` is "then") with ``u[l]`` a transversal element of level
``l``, so its rank is the mixed-radix number of its transversal indices. For the full
symmetric group of degree <= 20 the rank is the lexicographic (Lehmer) rank instead: the same
bijection the BFS engine uses for S_n, and several times faster.

Examples
--------
>>> from cayley import PermutationGroup
>>> G = PermutationGroup(["(1,2,3,4,5,6,7,8,9,10,11)", "(3,7,11,8)(4,10,5,6)"])
>>> G.order()
7920
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np

from cayley import _memory, perm

__all__ = [
    "PermutationGroup",
    "alternating",
    "cyclic",
    "dihedral",
    "mathieu",
    "symmetric",
]

_INT64_MAX = 2**63 - 1


class _Level:
    """One level of the stabilizer chain: base point, generators, orbit and transversal."""

    def __init__(self, base_point: int, gens: list[np.ndarray], degree: int) -> None:
        self.base_point = base_point
        self.gens = gens
        self.recompute_orbit(degree)

    def recompute_orbit(self, degree: int) -> None:
        """Orbit of the base point under ``gens`` with transversal elements ``u[k][b] = orbit[k]``.

        Raises :class:`~cayley.errors.MemoryBudgetError` before allocating a transversal
        (``16 * orbit * degree`` bytes with its inverses) that does not fit in memory.
        """
        b = self.base_point
        position = [-1] * degree
        position[b] = 0
        orbit, parent, via = [b], [0], [-1]
        # images[p][i]: point p under generator i, as Python ints (numpy scalars are slow here)
        images = np.stack(self.gens).T.tolist() if self.gens else [[] for _ in range(degree)]
        k = 0
        while k < len(orbit):
            for i, image in enumerate(images[orbit[k]]):
                if position[image] < 0:
                    position[image] = len(orbit)
                    orbit.append(image)
                    parent.append(k)
                    via.append(i)
            k += 1
        _memory.require(16 * len(orbit) * degree,
                        f"a stabilizer-chain level of degree {degree} with a basic orbit of {len(orbit)} points")
        transversal = np.empty((len(orbit), degree), dtype=np.int64)
        transversal[0] = np.arange(degree)
        for k in range(1, len(orbit)):
            transversal[k] = self.gens[via[k]][transversal[parent[k]]]  # u then g
        self.orbit = np.asarray(orbit, dtype=np.int64)
        self.position = np.asarray(position, dtype=np.int64)
        self.transversal = transversal
        inverses = np.empty_like(self.transversal)
        np.put_along_axis(inverses, self.transversal, np.arange(degree)[None, :], axis=1)
        self.inverse_transversal = inverses


def _random_elements(gens: list[np.ndarray], count: int, seed: int = 0) -> Iterable[np.ndarray]:
    """``count`` nearly uniform random elements of the group ``gens`` generate, by product
    replacement with an accumulator ("rattle", Leedham-Green and Murray; Holt, Eick and
    O'Brien, section 3.2.2): ten slots start as the generators, each step multiplies a random
    slot by another, and the accumulator by the result."""
    rng = np.random.default_rng(seed)
    slots = [gens[i % len(gens)].copy() for i in range(max(10, len(gens)))]
    accumulator = np.arange(len(gens[0]))
    steps = 50 + count
    first = rng.integers(0, len(slots), size=steps).tolist()
    shift = rng.integers(1, len(slots), size=steps).tolist()  # the other slot, never the same
    left = rng.integers(0, 2, size=steps).tolist()
    for step in range(steps):
        i, j = first[step], (first[step] + shift[step]) % len(slots)
        slots[i] = slots[j][slots[i]] if left[step] else slots[i][slots[j]]
        accumulator = slots[i][accumulator]
        if step >= 50:
            yield accumulator


def _coerce_generator(g: object, degree: int | None) -> np.ndarray:
    if isinstance(g, str):
        return perm.from_cycles(g, degree)
    return perm.as_perm(g, degree)


class PermutationGroup:
    """A permutation group given by generators, with its stabilizer chain.

    Parameters
    ----------
    generators : sequence
        Permutations as 0-based image arrays or lists, or 1-based GAP cycle strings such as
        ``"(1,2,3)(4,5)"``. All must have the same degree.
    degree : int, optional
        Degree of the group; needed when every generator is a cycle string that does not move
        the largest point, or when ``generators`` is empty-of-moves. At most
        :data:`cayley.perm.MAX_DEGREE`; a larger one raises :class:`~cayley.errors.InputError`
        before anything is allocated.
    base : sequence of int, optional
        Points that must start the base (e.g. ``[point]`` to read off a point stabilizer).

    Examples
    --------
    >>> G = PermutationGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    >>> G.order(), G.is_transitive()
    (24, True)
    >>> G.unrank(G.rank([3, 2, 1, 0])).tolist()
    [3, 2, 1, 0]
    """

    def __init__(
        self,
        generators: Sequence[object],
        degree: int | None = None,
        base: Sequence[int] = (),
    ) -> None:
        if isinstance(generators, (str, np.ndarray)) and np.ndim(generators) < 2:
            raise TypeError("generators must be a list of permutations, not a single permutation")
        generators = list(generators)
        if not generators:
            raise ValueError("generators: the list is empty; give at least one permutation")
        if degree is None:
            arrays = [g for g in generators if not isinstance(g, str)]
            if arrays:
                degree = len(arrays[0])
            else:
                degree = max(len(perm.from_cycles(g)) for g in generators)
        degree = perm.check_degree(degree)
        gens = []
        for index, g in enumerate(generators):
            try:
                gens.append(_coerce_generator(g, degree))
            except ValueError as exc:
                raise ValueError(f"generator {index}: {exc}") from exc
        self.degree: int = int(degree)
        self.generators: list[np.ndarray] = gens
        for point in base:
            if not 0 <= int(point) < self.degree:
                raise ValueError(f"base point {point} is outside 0..{self.degree - 1}")
        self._levels: list[_Level] = []
        self._schreier_sims(list(dict.fromkeys(int(b) for b in base)))

    # ------------------------------------------------------------------ Schreier-Sims
    def _sift(self, g: np.ndarray, start: int = 0) -> tuple[np.ndarray, int]:
        """Sift ``g`` from level ``start``: return the residue and the level where it stopped."""
        for i in range(start, len(self._levels)):
            level = self._levels[i]
            j = level.position[g[level.base_point]]
            if j < 0:
                return g, i
            g = level.inverse_transversal[j][g]
        return g, len(self._levels)

    def _sift_batch(self, gs: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
        """Sift each row of ``gs`` from level ``start``; return residues and stop levels."""
        stops = np.full(gs.shape[0], len(self._levels), dtype=np.int64)
        active = np.arange(gs.shape[0])
        gs = gs.copy()
        for i in range(start, len(self._levels)):
            if active.size == 0:
                break
            level = self._levels[i]
            j = level.position[gs[active, level.base_point]]
            dropped = j < 0
            stops[active[dropped]] = i
            active, j = active[~dropped], j[~dropped]
            gs[active] = np.take_along_axis(level.inverse_transversal[j], gs[active], axis=1)
        return gs, stops

    def _new_base_point(self, g: np.ndarray) -> int:
        moved = np.flatnonzero(g != np.arange(self.degree))
        return int(moved[0])

    def _schreier_sims(self, base_prefix: list[int]) -> None:
        ident = np.arange(self.degree)
        gens = [g for g in self.generators if not np.array_equal(g, ident)]
        if not gens:
            return
        base = list(base_prefix)
        for g in gens:
            if all(g[b] == b for b in base):
                base.append(self._new_base_point(g))
        for i, b in enumerate(base):
            level_gens = [g for g in gens if all(g[c] == c for c in base[:i])]
            self._levels.append(_Level(b, level_gens, self.degree))
        if self._reaches_the_largest_order(gens):
            return
        i = len(self._levels) - 1
        while i >= 0:
            residue, stop = self._first_failing_schreier_generator(i)
            if residue is None:
                i -= 1
                continue
            if stop == len(self._levels):
                self._levels.append(_Level(self._new_base_point(residue), [], self.degree))
            for level in self._levels[i + 1 : stop + 1]:
                level.gens.append(residue)
                level.recompute_orbit(self.degree)
            i = stop

    def _reaches_the_largest_order(self, gens: list[np.ndarray]) -> bool:
        """Sift random elements into the chain; True once it has the order of S_n (A_n when
        every generator is even), which proves it complete; False once eight random elements
        were already in the chain, or after ``4n`` in all.

        The orbits of an unfinished chain lie inside the true basic orbits, so the product of
        their lengths never exceeds the group order; reaching ``n!`` (``n!/2``) therefore means
        the group is S_n (A_n) and every level is complete. Only a transitive group can get
        there, and only one is tried; the random elements come from a fixed seed
        (:func:`_random_elements`), so the chain is the same on every run.
        """
        n = self.degree
        if n < 3 or len(self._levels[0].orbit) < n:
            return False
        even = all(perm.sign(g) == 1 for g in gens)
        largest = math.factorial(n) // (2 if even else 1)
        if self.order() == largest:  # the generators' own levels may already have it
            return True
        in_chain = 0
        for element in _random_elements(gens, 4 * n):
            residue, stop = self._sift(element)
            if stop == len(self._levels):
                if np.array_equal(residue, np.arange(n)):
                    in_chain += 1
                    if in_chain == 8:  # likely a smaller group: leave it to the full algorithm
                        return False
                    continue
                self._levels.append(_Level(self._new_base_point(residue), [], n))
            for level in self._levels[1 : stop + 1]:
                level.gens.append(residue)
                level.recompute_orbit(n)
            if self.order() == largest:
                return True
        return False

    def _first_failing_schreier_generator(self, i: int) -> tuple[np.ndarray | None, int]:
        """Sift all Schreier generators of level ``i``; return the first non-trivial residue."""
        level = self._levels[i]
        if not level.gens:
            return None, 0
        reps = level.transversal
        for s in level.gens:
            moved = s[reps]  # u then s, for every transversal element u
            target = level.position[moved[:, level.base_point]]
            schreier = np.take_along_axis(level.inverse_transversal[target], moved, axis=1)
            residues, stops = self._sift_batch(schreier, i + 1)
            nontrivial = (stops < len(self._levels)) | np.any(residues != np.arange(self.degree), axis=1)
            if nontrivial.any():
                k = int(np.flatnonzero(nontrivial)[0])
                return residues[k], int(stops[k])
        return None, 0

    # ------------------------------------------------------------------ basic queries
    @property
    def base(self) -> list[int]:
        """Base points of the stabilizer chain."""
        return [lv.base_point for lv in self._levels]

    @property
    def strong_generators(self) -> list[np.ndarray]:
        """A strong generating set relative to :attr:`base` (the union over all levels)."""
        unique: dict[bytes, np.ndarray] = {}
        for level in self._levels:
            for g in level.gens:
                unique.setdefault(g.tobytes(), g)
        return list(unique.values())

    @property
    def basic_orbit_lengths(self) -> list[int]:
        """Lengths of the basic orbits: the mixed radix of :meth:`rank`."""
        return [len(lv.orbit) for lv in self._levels]

    def order(self) -> int:
        """The group order as a Python int.

        Examples
        --------
        >>> symmetric(5).order()
        120
        """
        return math.prod(self.basic_orbit_lengths)

    def __len__(self) -> int:
        order = self.order()
        if order > _INT64_MAX:
            raise OverflowError("the group order exceeds 2**63; use order() instead of len()")
        return order

    def __repr__(self) -> str:
        return f"PermutationGroup(degree={self.degree}, order={self.order()}, ngens={len(self.generators)})"

    def contains(self, p: object) -> bool:
        """Whether ``p`` is an element of the group (by sifting).

        Examples
        --------
        >>> alternating(4).contains([1, 0, 2, 3])
        False
        """
        g = _coerce_generator(p, self.degree)
        residue, stop = self._sift(g)
        return stop == len(self._levels) and bool(np.array_equal(residue, np.arange(self.degree)))

    __contains__ = contains

    def is_transitive(self) -> bool:
        """Whether the group acts transitively on ``0..degree-1``."""
        return len(self.orbit(0)) == self.degree

    def orbit(self, point: int) -> list[int]:
        """The orbit of ``point``, in breadth-first order.

        Examples
        --------
        >>> PermutationGroup(["(1,2)(3,4)"]).orbit(2)
        [2, 3]
        """
        if not isinstance(point, (int, np.integer)) or not 0 <= point < self.degree:
            raise ValueError(f"point must be an int in 0..{self.degree - 1}, got {point!r}")
        seen = {int(point)}
        orbit = [int(point)]
        for x in orbit:
            for g in self.generators:
                y = int(g[x])
                if y not in seen:
                    seen.add(y)
                    orbit.append(y)
        return orbit

    def stabilizer(self, point: int) -> PermutationGroup:
        """The stabilizer of ``point`` as a new group.

        Examples
        --------
        >>> symmetric(5).stabilizer(0).order()
        24
        """
        self.orbit(point)  # validates the point
        chain = PermutationGroup(self.generators, self.degree, base=[point])
        # A strong generating set contains generators of every stabilizer in its chain.
        gens = [g for g in chain.strong_generators if g[point] == point]
        return PermutationGroup(gens or [np.arange(self.degree)], self.degree)

    # ------------------------------------------------------------------ ranking
    @cached_property
    def _lehmer(self) -> bool:
        """Whether ranks are lexicographic (Lehmer) ranks: the full symmetric group, degree <= 20."""
        return 1 < self.degree <= 20 and self.order() == math.factorial(self.degree)

    @cached_property
    def tables(self) -> dict[str, np.ndarray]:
        """Dense arrays of the chain, as the numba ranking kernels want them.

        ``transversal[l, j]`` and ``inverse_transversal[l, j]`` are the ``j``-th transversal
        element of level ``l`` and its inverse; ``position[l, x]`` is the index of point ``x`` in
        the basic orbit (or -1); ``inverse_by_point[l, x]`` is the inverse transversal element
        that maps ``x`` back to the base point (compact dtype).
        """
        depth = len(self._levels)
        width = max(self.basic_orbit_lengths, default=1)
        small = np.uint8 if self.degree <= 256 else np.uint16
        itemsize = np.dtype(small).itemsize
        _memory.require(depth * self.degree * (width * (16 + itemsize) + 8 + self.degree * itemsize),
                        f"the ranking tables of a stabilizer chain of degree {self.degree} and depth {depth}")
        transversal = np.zeros((depth, width, self.degree), dtype=np.int64)
        inverse = np.zeros_like(transversal)
        position = np.full((depth, self.degree), -1, dtype=np.int64)
        inverse_by_point = np.zeros((depth, self.degree, self.degree), dtype=small)
        for i, lv in enumerate(self._levels):
            transversal[i, : len(lv.orbit)] = lv.transversal
            inverse[i, : len(lv.orbit)] = lv.inverse_transversal
            position[i] = lv.position
            inverse_by_point[i, lv.orbit] = lv.inverse_transversal
        return {
            "base": np.asarray(self.base, dtype=np.int64),
            "radix": np.asarray(self.basic_orbit_lengths, dtype=np.int64),
            "transversal": transversal,
            "inverse_transversal": inverse,
            "position": position,
            "inverse_by_point": inverse_by_point,
            "compact_transversal": transversal.astype(small),
        }

    def rank(self, p: object) -> int:
        """Rank of ``p`` in ``range(order())``: a bijection with :meth:`unrank` as inverse.

        Mixed-radix over the stabilizer chain, or lexicographic for the full symmetric group.

        Raises ``ValueError`` when ``p`` is not in the group.

        Examples
        --------
        >>> G = symmetric(4)
        >>> G.rank([0, 1, 2, 3])
        0
        """
        return int(self.rank_batch(np.asarray([_coerce_generator(p, self.degree)]))[0])

    def unrank(self, r: int) -> np.ndarray:
        """The element of rank ``r`` (see :meth:`rank`).

        Examples
        --------
        >>> symmetric(3).unrank(0).tolist()
        [0, 1, 2]
        """
        return self.unrank_batch([r])[0]

    def rank_batch(self, ps: object) -> np.ndarray:
        """Ranks of the rows of an ``(m, degree)`` array (numba kernel, parallel).

        Returns an ``int64`` array when the order fits in 63 bits, else an object array of
        Python ints. Rows that are not group elements raise ``ValueError``.

        Examples
        --------
        >>> symmetric(3).rank_batch([[0, 1, 2], [1, 0, 2]]).tolist()
        [0, 2]
        """
        from cayley import ranking

        ps = np.asarray(ps)
        if ps.ndim != 2 or ps.shape[1] != self.degree:
            raise ValueError(f"expected an (m, {self.degree}) array of permutations, got shape {ps.shape}")
        if not np.issubdtype(ps.dtype, np.integer):
            raise TypeError(f"permutations must hold integers, got dtype {ps.dtype}")
        if ps.size and (ps.min() < 0 or ps.max() >= self.degree):
            raise ValueError(f"permutation entries must lie in 0..{self.degree - 1}")
        if self._lehmer:
            ranks = ranking.lehmer_rank(ps)
            if ranks.size and ranks.min() < 0:
                bad = int(np.flatnonzero(ranks < 0)[0])
                raise ValueError(f"row {bad} is not an element of the group (not a permutation)")
            return ranks
        big = self.order() > _INT64_MAX
        values, ok = ranking.bsgs_rank(ps, self.tables, as_digits=big)
        if not ok.all():
            bad = int(np.flatnonzero(~ok)[0])
            raise ValueError(f"row {bad} is not an element of the group")
        if big:
            return np.asarray(_combine_digits_python(values, self.tables["radix"]), dtype=object)
        return values

    def unrank_batch(self, ranks: object) -> np.ndarray:
        """Elements of the given ranks as an ``(m, degree)`` ``int64`` array (numba kernel).

        Examples
        --------
        >>> symmetric(3).unrank_batch([0, 5]).shape
        (2, 3)
        """
        from cayley import ranking

        order = self.order()
        if order <= _INT64_MAX:
            ranks = np.atleast_1d(np.asarray(ranks))
            if ranks.dtype == object:
                ranks = np.asarray([_checked_int(r) for r in ranks.tolist()], dtype=np.int64)
            if not np.issubdtype(ranks.dtype, np.integer):
                raise TypeError(f"ranks must be integers, got dtype {ranks.dtype}")
            if ranks.size and (ranks.min() < 0 or ranks.max() >= order):
                raise ValueError(f"ranks must lie in range(order) = range({order})")
            if self._lehmer:
                return ranking.lehmer_unrank(ranks, self.degree)
            return ranking.bsgs_unrank(self.tables, self.degree, ranks=ranks)
        values = [_checked_int(r) for r in np.atleast_1d(np.asarray(ranks, dtype=object)).tolist()]
        for r in values:
            if not 0 <= r < order:
                raise ValueError(f"rank {r} is outside range(order) = range({order})")
        digits = np.asarray(_split_digits_python(values, self.tables["radix"]), dtype=np.int64)
        digits = digits.reshape(len(values), len(self.tables["radix"]))
        return ranking.bsgs_unrank(self.tables, self.degree, digits=digits)

    def random_element(self, rng: np.random.Generator | int | None = None) -> np.ndarray:
        """A uniformly random element (uniform transversal digit at every level of the chain).

        Examples
        --------
        >>> symmetric(6).contains(symmetric(6).random_element(rng=0))
        True
        """
        from cayley import ranking

        rng = np.random.default_rng(rng)
        digits = np.asarray([[rng.integers(r) for r in self.tables["radix"]]], dtype=np.int64)
        return ranking.bsgs_unrank(self.tables, self.degree, digits=digits)[0]

    def elements(self) -> np.ndarray:
        """All elements in rank order, as an ``(order, degree)`` array (small groups only)."""
        order = self.order()
        if order > 10**7:
            raise ValueError(f"refusing to list {order} elements (limit 10**7)")
        return self.unrank_batch(np.arange(order, dtype=np.int64))

    # ------------------------------------------------------------------ sympy
    def to_sympy(self):
        """The same group as a ``sympy.combinatorics.PermutationGroup``."""
        from sympy.combinatorics import Permutation
        from sympy.combinatorics import PermutationGroup as SympyGroup

        return SympyGroup([Permutation(g.tolist(), size=self.degree) for g in self.generators])

    @classmethod
    def from_sympy(cls, group) -> PermutationGroup:
        """Build from a ``sympy.combinatorics.PermutationGroup``."""
        return cls([list(g.array_form) for g in group.generators], degree=group.degree)


def _checked_int(r: object) -> int:
    if not isinstance(r, (int, np.integer)) or isinstance(r, bool):
        raise TypeError(f"ranks must be ints, got {type(r).__name__}")
    return int(r)


def _combine_digits_python(digits: np.ndarray, radix: np.ndarray) -> list[int]:
    out = []
    for row in digits.tolist():
        r = 0
        for d, m in zip(row, radix.tolist()):
            r = r * m + d
        out.append(r)
    return out


def _split_digits_python(ranks: Iterable[int], radix: np.ndarray) -> list[list[int]]:
    out = []
    radix_list = radix.tolist()
    for r in ranks:
        r = int(r)
        row = []
        for m in reversed(radix_list):
            r, d = divmod(r, m)
            row.append(d)
        out.append(row[::-1])
    return out


# ---------------------------------------------------------------------- named groups
def _check_degree(n: int, minimum: int, name: str) -> None:
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"{name}: n must be an int, got {type(n).__name__}")
    if n < minimum:
        raise ValueError(f"{name}: n must be >= {minimum}, got {n}")


def symmetric(n: int) -> PermutationGroup:
    """The symmetric group S_n, generated by ``(1,...,n)`` and ``(1,2)``.

    Examples
    --------
    >>> symmetric(6).order()
    720
    """
    _check_degree(n, 1, "symmetric")
    if n == 1:
        return PermutationGroup([[0]])
    return PermutationGroup([np.roll(np.arange(n), -1), perm.from_cycles([[0, 1]], n)])


def alternating(n: int) -> PermutationGroup:
    """The alternating group A_n (generators from ``conventions.md``).

    Examples
    --------
    >>> alternating(5).order()
    60
    """
    _check_degree(n, 1, "alternating")
    if n < 3:
        return PermutationGroup([np.arange(n)])
    three = perm.from_cycles([[0, 1, 2]], n)
    rest = list(range(n)) if n % 2 else list(range(1, n))
    return PermutationGroup([three, perm.from_cycles([rest], n)])


def cyclic(n: int) -> PermutationGroup:
    """The cyclic group C_n acting regularly on n points.

    Examples
    --------
    >>> cyclic(7).order()
    7
    """
    _check_degree(n, 1, "cyclic")
    return PermutationGroup([np.roll(np.arange(n), -1)])


def dihedral(n: int) -> PermutationGroup:
    """The dihedral group of order 2n, the symmetries of an n-gon (n >= 3).

    Examples
    --------
    >>> dihedral(5).order()
    10
    """
    _check_degree(n, 3, "dihedral")
    return PermutationGroup([np.roll(np.arange(n), -1), (-np.arange(n)) % n])


_MATHIEU = {
    # GAP's MathieuGroup generators (1-based cycles).
    11: ["(1,2,3,4,5,6,7,8,9,10,11)", "(3,7,11,8)(4,10,5,6)"],
    12: [
        "(1,2,3,4,5,6,7,8,9,10,11)",
        "(3,7,11,8)(4,10,5,6)",
        "(1,12)(2,11)(3,6)(4,8)(5,9)(7,10)",
    ],
    22: [
        "(1,2,3,4,5,6,7,8,9,10,11)(12,13,14,15,16,17,18,19,20,21,22)",
        "(1,4,5,9,3)(2,8,10,7,6)(12,15,16,20,14)(13,19,21,18,17)",
        "(1,21)(2,10,8,6)(3,13,4,17)(5,19,9,18)(11,22)(12,14,16,20)",
    ],
    23: [
        "(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23)",
        "(3,17,10,7,9)(4,13,14,19,5)(8,18,11,12,23)(15,20,22,21,16)",
    ],
    24: [
        "(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23)",
        "(3,17,10,7,9)(4,13,14,19,5)(8,18,11,12,23)(15,20,22,21,16)",
        "(1,24)(2,23)(3,12)(4,16)(5,18)(6,10)(7,20)(8,14)(9,21)(11,17)(13,22)(15,19)",
    ],
}


def mathieu(n: int) -> PermutationGroup:
    """The Mathieu group M_n for n in {11, 12, 22, 23, 24} (GAP's generators).

    Examples
    --------
    >>> mathieu(11).order()
    7920
    """
    if n not in _MATHIEU:
        raise ValueError(f"mathieu: n must be one of {sorted(_MATHIEU)}, got {n!r}")
    return PermutationGroup(_MATHIEU[n], degree=n)
