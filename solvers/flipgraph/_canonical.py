"""A canonical form of GF(2) schemes (formats up to 4 x 4 x 4) by minimal images.

Terms are coded as integers (the bits of U, then V, then W). The terms are split into colour
classes (:func:`term_colours`, invariant), ordered by (total rank of the factors, class size,
colour). The canonical form is the lexicographically smallest sequence
(g(t_1), ..., g(t_r)) over all g in the group and all term orders that list the classes in
that order; it is found class by class with a stabilizer chain built on the way:

1. H = GL_n(2) x GL_m(2) x GL_p(2) (a :class:`cayley.group.PermutationGroup` from
   :class:`SandwichGroup`); the branches are the partial maps g found so far.
2. The next term of the sequence is the smallest point of the H-orbits (breadth-first search
   on term codes with lookup tables per generator) of the images g(t) of the next class.
3. Every (branch, term) whose image lies in that orbit gives a new branch (the orbit's
   transversal maps it to the minimum); branches with the same remaining images merge.
4. H becomes the stabilizer of the minimum: Schreier generators from the orbit's transversal,
   added until Schreier-Sims reports the order |H| / |orbit| (orbit-stabilizer theorem).

Once H is trivial the remaining terms of each branch are sorted within their classes and the
smallest sequence wins. Format maps onto the canonical format are tried in turn.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cayley.errors import InputError
from cayley.group import PermutationGroup

from ._invariants import _data, _digest, _refine, profile
from ._scheme import Scheme
from ._symmetry import SandwichGroup, _gauss_inverse, canonical_format, factor_matrices, format_maps

MAX_DIMENSION = 4
"""Largest n, m, p with a canonical form (factor codes of at most 16 bits)."""

ORBIT_LIMIT = 1 << 22
"""Largest term orbit searched; a larger one raises InputError (not affordable)."""

_SCHREIER_BATCH = 8


class _Element(NamedTuple):
    """A sandwich (P, Q, R) over GF(2) with its inverses."""

    mats: tuple[np.ndarray, np.ndarray, np.ndarray]
    inverses: tuple[np.ndarray, np.ndarray, np.ndarray]

    def then(self, other: _Element) -> _Element:
        """This element followed by ``other``."""
        mats = tuple(b @ a % 2 for a, b in zip(self.mats, other.mats))
        inverses = tuple(a @ b % 2 for a, b in zip(self.inverses, other.inverses))
        return _Element(mats, inverses)

    def inverse(self) -> _Element:
        return _Element(self.inverses, self.mats)


def _element(mats) -> _Element:
    mats = tuple(np.asarray(x, dtype=np.int64) % 2 for x in mats)
    return _Element(mats, tuple(_gauss_inverse(x, "gf2") for x in mats))


class _Coder:
    """Term codes of one format and the action of sandwiches on them."""

    def __init__(self, fmt: tuple[int, int, int]) -> None:
        n, m, p = fmt
        self.shapes = ((n, m), (m, p), (p, n))
        self.bits = [a * b for a, b in self.shapes]
        self.shift = [0, self.bits[0], self.bits[0] + self.bits[1]]
        # every factor matrix of each shape, indexed by its code
        self.all = [((np.arange(2**b)[:, None] >> np.arange(b)[None, :]) & 1).reshape(-1, *s)
                    for b, s in zip(self.bits, self.shapes)]
        self._tables: dict[bytes, list[np.ndarray]] = {}

    def factor_codes(self, mats: np.ndarray, k: int) -> np.ndarray:
        return ((mats.reshape(len(mats), -1) & 1) << np.arange(self.bits[k])).sum(axis=1)

    def codes(self, scheme: Scheme) -> np.ndarray:
        out = np.zeros(scheme.rank, np.int64)
        for k, mats in enumerate(factor_matrices(scheme)):
            out |= self.factor_codes(mats, k) << self.shift[k]
        return out

    def tables(self, g: _Element) -> list[np.ndarray]:
        """Lookup tables of g on the codes of U, V and W."""
        key = b"".join(x.tobytes() for x in g.mats)
        if key not in self._tables:
            (p, q, r), (pi, qi, ri) = g.mats, g.inverses
            left, right = (p, q, r), (qi, ri, pi)
            self._tables[key] = [self.factor_codes(left[k] @ self.all[k] @ right[k] % 2, k) for k in range(3)]
        return self._tables[key]

    def act(self, g: _Element, codes: np.ndarray) -> np.ndarray:
        out = np.zeros_like(codes)
        for k, table in enumerate(self.tables(g)):
            out |= table[(codes >> self.shift[k]) & ((1 << self.bits[k]) - 1)] << self.shift[k]
        return out


class _Orbit(NamedTuple):
    """An orbit of term codes found by breadth-first search from ``points[0]``."""

    points: np.ndarray
    parent: np.ndarray
    via: np.ndarray

    def transversal(self, i: int, gens: list[_Element], identity: _Element) -> _Element:
        """An element mapping the root to ``points[i]``."""
        path = []
        while i > 0:
            path.append(int(self.via[i]))
            i = int(self.parent[i])
        out = identity
        for g in reversed(path):
            out = out.then(gens[g])
        return out


def _orbit(coder: _Coder, root: int, gens: list[_Element]) -> _Orbit:
    """Breadth-first search of the orbit of ``root`` (all generators per layer in one batch)."""
    points, parent, via = [np.array([root])], [np.array([-1])], [np.array([-1])]
    seen = np.array([root])
    frontier, start = np.array([root]), 0
    while frontier.size:
        width = len(frontier)
        images = np.concatenate([coder.act(g, frontier) for g in gens])  # generator-major
        fresh, first = np.unique(images, return_index=True)
        pos = np.minimum(np.searchsorted(seen, fresh), len(seen) - 1)
        keep = seen[pos] != fresh
        frontier, first = fresh[keep], first[keep]
        if frontier.size:
            points.append(frontier)
            parent.append(start + first % width)
            via.append(first // width)
            seen = np.sort(np.concatenate([seen, frontier]))
            if len(seen) > ORBIT_LIMIT:
                raise InputError(f"a term orbit has more than {ORBIT_LIMIT} elements: the canonical form "
                                 "of this scheme is not affordable")
        start += width
    return _Orbit(np.concatenate(points), np.concatenate(parent), np.concatenate(via))


class _Group(NamedTuple):
    """The current group H: generators as sandwiches and as a PermutationGroup."""

    gens: list[_Element]
    perms: PermutationGroup


def _stabilizer(group: _Group, orbit: _Orbit, coder: _Coder, sg: SandwichGroup,
                identity: _Element, rng: np.random.Generator) -> _Group:
    """The stabilizer of the orbit's root: random Schreier generators until the order is
    |H| / |orbit|."""
    target = group.perms.order() // len(orbit.points)
    index = {int(x): i for i, x in enumerate(orbit.points.tolist())}
    gens: list[_Element] = []
    perms = PermutationGroup([np.arange(sg.degree)], sg.degree)
    while perms.order() < target:
        for _ in range(_SCHREIER_BATCH):
            i = int(rng.integers(len(orbit.points)))
            g = group.gens[int(rng.integers(len(group.gens)))]
            u = orbit.transversal(i, group.gens, identity)
            j = index[int(coder.act(g, orbit.points[i:i + 1])[0])]
            s = u.then(g).then(orbit.transversal(j, group.gens, identity).inverse())
            perm = sg.permutation(*s.mats)
            if not perms.contains(perm):
                gens.append(s)
                perms = PermutationGroup([sg.permutation(*x.mats) for x in gens], sg.degree)
    return _Group(gens or [identity], perms)


def _canonical_codes(scheme: Scheme) -> tuple[int, ...]:
    """The canonical code sequence of ``scheme`` under the sandwich group and term orders."""
    coder = _Coder(scheme.format)
    data = _data(scheme, "gl")
    colours = _refine(data)
    rank_sum = data.terms[:, :3].sum(axis=1)
    classes: dict[int, list[int]] = {}
    for t, c in enumerate(colours.tolist()):
        classes.setdefault(c, []).append(t)
    order = sorted(classes.values(), key=lambda ts: (int(rank_sum[ts[0]]), len(ts), int(colours[ts[0]])))
    codes = coder.codes(scheme)
    sg = SandwichGroup(*scheme.format, ring="gf2")
    identity = _element([np.eye(d, dtype=np.int64) for d in scheme.format])
    group = _Group([_element(sg.matrices(g)) for g in sg.permutations.generators], sg.permutations)
    rng = np.random.default_rng(0)
    # a branch: the images of the terms not yet placed, class by class (sorted tuples)
    branches = {tuple(tuple(sorted(codes[ts].tolist())) for ts in order)}
    sequence: list[int] = []
    for k in range(len(order)):
        for _ in range(len(order[k])):
            if group.perms.order() == 1:
                break
            orbits, covered = [], set()
            for x in sorted({x for b in branches for x in b[k]}):
                if x not in covered:
                    orbits.append(_orbit(coder, x, group.gens))
                    covered.update(orbits[-1].points.tolist())
            best = min(orbits, key=lambda o: int(o.points.min()))
            tau_index = int(np.argmin(best.points))
            u_tau = best.transversal(tau_index, group.gens, identity)
            where = {x: i for i, x in enumerate(best.points.tolist())}
            moved = set()
            for b in branches:
                for x in set(b[k]) & where.keys():
                    g = best.transversal(where[x], group.gens, identity).inverse().then(u_tau)  # x -> tau
                    rest = list(b[k])
                    rest.remove(x)
                    classes_left = b[:k] + (tuple(rest),) + b[k + 1:]
                    moved.add(tuple(tuple(sorted(coder.act(g, np.array(c, dtype=np.int64)).tolist()))
                                    for c in classes_left))
            branches = moved
            sequence.append(int(best.points[tau_index]))
            stab = _stabilizer(group, best, coder, sg, identity, rng)  # of the root; conjugate to tau
            gens = [u_tau.inverse().then(g).then(u_tau) for g in stab.gens]
            group = _Group(gens, PermutationGroup([sg.permutation(*g.mats) for g in gens], sg.degree))
    return tuple(sequence) + min(tuple(x for cls in b for x in cls) for b in branches)


def canonical_form(scheme: Scheme) -> Scheme:
    """The canonical form of a GF(2) scheme: equivalent schemes (term permutations, the
    sandwich action of GL over GF(2), format maps) get the same scheme, inequivalent ones
    different schemes.

    Parameters
    ----------
    scheme : Scheme
        A scheme over "gf2" with n, m, p <= 4.

    Raises
    ------
    InputError
        Another ring, a larger format, or a term orbit above :data:`ORBIT_LIMIT`.

    Examples
    --------
    >>> from solvers.flipgraph import random_map
    >>> s = Scheme.strassen("gf2")
    >>> canonical_form(s) == canonical_form(random_map(s, rng=4)[1])
    True
    """
    if not isinstance(scheme, Scheme):
        raise TypeError(f"expected a Scheme, got {type(scheme).__name__}")
    if scheme.ring != "gf2" or max(scheme.format) > MAX_DIMENSION:
        raise InputError(f"canonical forms are computed for GF(2) schemes with n, m, p <= {MAX_DIMENSION}; "
                         f"got {scheme!r}")
    fmt = canonical_format(scheme.format)
    # only the format maps whose image has the smallest invariant key (an invariant choice)
    prof = profile(scheme, "gl")
    keys = {f: _digest(c) for f, c in prof.colours.items()}
    maps = [f for f in format_maps(scheme.format, fmt) if keys[f] == prof.invariants.digest]
    best = min(_canonical_codes(f.apply(scheme)) for f in maps)
    coder = _Coder(fmt)
    codes = np.array(best, dtype=np.int64)
    factors = []
    for k, shape in enumerate(coder.shapes):
        bits = (codes >> coder.shift[k]) & ((1 << coder.bits[k]) - 1)
        factors.append(((bits[:, None] >> np.arange(coder.bits[k])[None, :]) & 1))
    return Scheme(*fmt, *factors, "gf2")
