"""Exact equivalence of schemes with certificates, automorphisms, symmetry groups, classes.

The test looks for (P, Q, R), a term bijection pi and term signs with
P U_t Q^-1 = a_t U'_pi(t), Q V_t R^-1 = b_t V'_pi(t), R W_t P^-1 = a_t b_t W'_pi(t). For a
guessed pair t -> pi(t) with guessed signs these equations are *linear* in (P, Q, R):
P U_t = a_t U'_pi(t) Q and so on. A depth-first search pairs terms of equal colour
(:func:`term_colours`), always the source term with the fewest candidates next; each pair is
individualised (given a colour of its own) and the colours of both schemes are refined
again, so that later pairs must agree with their relation to the paired terms
(individualisation-refinement, as in graph isomorphism). The solution space of the linear
equations is kept in reduced row echelon form, over GF(2) or modulo a 25-bit prime (a
solution over Q reduces to one mod p, so an empty space mod p prunes exactly). Once the U_t of the paired
terms span all n x m matrices the space is at most a line (P X = X Q for all X forces
scalars), so the search tests the candidate on that line: over GF(2) it is the one nonzero
vector (small spaces are enumerated); over Z the rational solution is read back from its
residues (rational reconstruction), made primitive and checked for integrality, determinant
+-1 or a signed permutation. A candidate is applied to every term and matched as a whole.
The signs of the first paired term are fixed to +1: the scalar triples (+-I, +-I, +-I)
absorb them.

Every certificate is rechecked by :meth:`SchemeMap.check` (exact recomputation) before it is
returned; a failed recheck raises RuntimeError.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm
from typing import Iterable, NamedTuple

import numpy as np

from cayley.errors import InputError
from cayley.group import PermutationGroup

from ._invariants import Profile, SchemeInvariants, _Data, _data, _refine, _Refiner, individualise, profile
from ._scheme import Scheme
from ._symmetry import (SIGN_PAIRS, FormatMap, SchemeMap, _gauss_inverse, _is_signed_permutation,
                        check_group, factor_matrices, format_maps, gf2_rank)
from ._verify import _PRIME, _residues

# Over GF(2), solution spaces up to this dimension are enumerated instead of branched on.
_ENUMERATE_DIM = 4


def _rref(rows: np.ndarray, mod: int) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon basis (nonzero rows) of ``rows`` over Z/mod (mod prime) and its pivots."""
    a = rows % mod
    r = 0
    pivots = []
    for c in range(a.shape[1]):
        if r == a.shape[0]:
            break
        nz = np.flatnonzero(a[r:, c])
        if nz.size == 0:
            continue
        k = r + int(nz[0])
        if k != r:
            a[[r, k]] = a[[k, r]]
        if mod != 2 and a[r, c] != 1:
            a[r] = a[r] * pow(int(a[r, c]), -1, mod) % mod
        col = a[:, c].copy()
        col[r] = 0
        others = np.flatnonzero(col)
        if others.size:
            a[others] = (a[others] - col[others, None] * a[r]) % mod
        pivots.append(c)
        r += 1
    return a[:r], pivots


def _nullspace(basis: np.ndarray, pivots: list[int], size: int, mod: int) -> np.ndarray:
    """Basis (rows) of the solutions of ``basis @ x = 0`` from its reduced echelon form."""
    free = [c for c in range(size) if c not in set(pivots)]
    out = np.zeros((len(free), size), np.int64)
    for i, f in enumerate(free):
        out[i, f] = 1
        if len(pivots):
            out[i, pivots] = (-basis[:, f]) % mod
    return out


def _rational(x: int, mod: int) -> Fraction | None:
    """The fraction a/b with |a|, |b| <= sqrt(mod/2) congruent to x mod ``mod`` (or None)."""
    bound = int((mod // 2) ** 0.5)
    r0, r1, s0, s1 = mod, x % mod, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1, s0, s1 = r1, r0 - q * r1, s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound:
        return None
    return Fraction(r1, s1)


def _primitive_integers(vec: np.ndarray, mod: int) -> np.ndarray | None:
    """The primitive integer vector on the line of the residue vector ``vec`` (or None)."""
    first = int(np.flatnonzero(vec)[0])
    vec = vec * pow(int(vec[first]), -1, mod) % mod
    fracs = [_rational(int(x), mod) for x in vec]
    if any(f is None for f in fracs):
        return None
    den = lcm(*(f.denominator for f in fracs))
    ints = [int(f * den) for f in fracs]
    g = gcd(*ints)
    return np.array([x // g for x in ints], dtype=np.int64)


class _Leaf(NamedTuple):
    """A solution of the search: matrices, their inverses, term permutation and signs."""

    mats: tuple[np.ndarray, np.ndarray, np.ndarray]
    terms: np.ndarray
    signs: np.ndarray


class _Search:
    """Depth-first search for sandwiches from ``src`` onto ``dst`` (same format and rank)."""

    def __init__(self, src: Scheme, dst: Scheme, group: str, src_data: _Data, dst_data: _Data,
                 src_colours: np.ndarray, dst_colours: np.ndarray) -> None:
        self.src, self.dst, self.group = src, dst, group
        self.gf2 = src.ring == "gf2"
        self.mod = 2 if self.gf2 else _PRIME
        n, m, p = src.format
        self.dims = (n, m, p)
        self.size = n * n + m * m + p * p
        self.src_residues, self.dst_residues = (self._residue_factors(s) for s in (src, dst))
        self._left: dict[int, np.ndarray] = {}
        self._right: dict[int, np.ndarray] = {}
        self.src_colours, self.dst_colours = src_colours, dst_colours
        self.refiners = (_Refiner(src_data), _Refiner(dst_data))
        self.src_factors = factor_matrices(src)
        self.dst_index = self._term_index(dst)
        self.signs = [(1, 1)] if self.gf2 else list(SIGN_PAIRS)

    @staticmethod
    def _residue_factors(s: Scheme) -> list[np.ndarray]:
        mats = factor_matrices(s)
        mod = 2 if s.ring == "gf2" else _PRIME
        return [_residues(x, mod) if x.dtype == object else x % mod for x in mats]

    def _term_key(self, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> tuple[bytes, int, int]:
        """A key of the term modulo sign scalings, and the signs (a, b) that normalise it."""
        if self.gf2:
            return (u.tobytes() + v.tobytes() + w.tobytes(), 1, 1)
        a = 1 if u.flat[np.flatnonzero(u)[0]] > 0 else -1
        b = 1 if v.flat[np.flatnonzero(v)[0]] > 0 else -1
        if u.dtype == object:
            key = repr(((a * u).tolist(), (b * v).tolist(), (a * b * w).tolist())).encode()
        else:
            key = (a * u).tobytes() + (b * v).tobytes() + (a * b * w).tobytes()
        return (key, a, b)

    def _term_index(self, s: Scheme) -> dict[bytes, list[tuple[int, int, int]]]:
        index: dict[bytes, list[tuple[int, int, int]]] = {}
        for t, (u, v, w) in enumerate(zip(*factor_matrices(s))):
            key, a, b = self._term_key(u, v, w)
            index.setdefault(key, []).append((t, a, b))
        return index

    # ------------------------------------------------------------------ linear forms
    def left(self, t: int) -> np.ndarray:
        """Rows of P U_t, Q V_t, R W_t for source term t, as linear forms in
        x = (vec P, vec Q, vec R) (row-major: vec(P U) = (I (x) U^T) vec P)."""
        if t not in self._left:
            cuts, row_cuts = self._cuts()
            rows = np.zeros((row_cuts[-1], self.size), np.int64)
            for k, x in enumerate(self.src_residues):
                d = self.dims[k]
                rows[row_cuts[k]:row_cuts[k + 1], cuts[k]:cuts[k + 1]] = np.kron(np.eye(d, dtype=np.int64), x[t].T)
            self._left[t] = rows % self.mod
        return self._left[t]

    def right(self, t: int) -> np.ndarray:
        """Rows of U'_t Q, V'_t R and W'_t P for target term t (three blocks)."""
        if t not in self._right:
            cuts, row_cuts = self._cuts()
            blocks = np.zeros((3, row_cuts[-1], self.size), np.int64)
            for k, y in enumerate(self.dst_residues):
                k2 = (k + 1) % 3
                blocks[k, row_cuts[k]:row_cuts[k + 1], cuts[k2]:cuts[k2 + 1]] = \
                    np.kron(y[t], np.eye(self.dims[k2], dtype=np.int64))
            self._right[t] = blocks % self.mod
        return self._right[t]

    def _cuts(self) -> tuple[list[int], list[int]]:
        n, m, p = self.dims
        return [0, n * n, n * n + m * m, self.size], [0, n * m, n * m + m * p, n * m + m * p + p * n]

    # ------------------------------------------------------------------ candidates
    def _split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n, m, p = self.dims
        return (x[:n * n].reshape(n, n), x[n * n:n * n + m * m].reshape(m, m), x[n * n + m * m:].reshape(p, p))

    def _test(self, x: np.ndarray) -> _Leaf | None:
        """Apply the candidate on the line of ``x`` to every term; the solution or None."""
        if not self.gf2:
            x = _primitive_integers(x, self.mod)
            if x is None:
                return None
        mats = self._split(x)
        ring = "gf2" if self.gf2 else "z"
        if self.group == "signed" and not all(map(_is_signed_permutation, mats)):
            return None
        inverses = [_gauss_inverse(mt, ring) for mt in mats]
        if any(inv is None for inv in inverses):
            return None
        u, v, w = self.src_factors
        p, q, r = mats
        pi, qi, ri = inverses
        if u.dtype == object or v.dtype == object or w.dtype == object:
            p, q, r, pi, qi, ri = (t.astype(object) for t in (p, q, r, pi, qi, ri))
        images = [p @ u @ qi, q @ v @ ri, r @ w @ pi]
        if self.gf2:
            images = [im % 2 for im in images]
        used: dict[bytes, int] = {}
        terms = np.empty(self.src.rank, np.int64)
        signs = np.ones((self.src.rank, 3), np.int64)
        for t in range(self.src.rank):
            key, a, b = self._term_key(images[0][t], images[1][t], images[2][t])
            hits = self.dst_index.get(key)
            k = used.get(key, 0)
            if hits is None or k >= len(hits):
                return None
            used[key] = k + 1
            t2, a2, b2 = hits[k]
            terms[t] = t2
            signs[t] = (a * a2, b * b2, a * a2 * b * b2)
        return _Leaf(mats, terms, signs)

    def _leaves(self, basis: np.ndarray, pivots: list[int]) -> list[_Leaf]:
        null = _nullspace(basis, pivots, self.size, self.mod)
        vectors = null
        if self.gf2 and len(null) > 1:
            combos = (np.arange(1, 2 ** len(null))[:, None] >> np.arange(len(null))[None, :]) & 1
            vectors = combos @ null % 2
            n, m, p = self.dims
            cuts = (0, n * n, n * n + m * m, self.size)
            invertible = np.ones(len(vectors), bool)
            for k, d in enumerate(self.dims):  # drop singular candidates in one batch
                invertible &= gf2_rank(vectors[:, cuts[k]:cuts[k + 1]].reshape(-1, d, d)) == d
            vectors = vectors[invertible]
        return [leaf for leaf in map(self._test, vectors) if leaf is not None]

    # ------------------------------------------------------------------ search
    def run(self, find_all: bool) -> list[_Leaf]:
        """All solutions (``find_all``) or the first one found (a list of at most one)."""
        found: list[_Leaf] = []
        empty = np.zeros((0, self.size), np.int64)
        free = np.ones(self.src.rank, bool)
        self._dfs(0, empty, [], self.src_colours, self.dst_colours, free, free.copy(), found, find_all)
        return found

    def _next_term(self, cs: np.ndarray, cd: np.ndarray, free_src: np.ndarray,
                   free_dst: np.ndarray) -> tuple[int, list[int]]:
        """The free source term with the fewest free target terms of its colour, and those."""
        classes: dict[int, list[int]] = {}
        for t2 in np.flatnonzero(free_dst).tolist():
            classes.setdefault(int(cd[t2]), []).append(t2)
        t = min(np.flatnonzero(free_src).tolist(), key=lambda x: (len(classes.get(int(cs[x]), [])), x))
        return t, classes.get(int(cs[t]), [])

    def _dfs(self, depth: int, basis: np.ndarray, pivots: list[int], cs: np.ndarray, cd: np.ndarray,
             free_src: np.ndarray, free_dst: np.ndarray, found: list[_Leaf], find_all: bool) -> None:
        """Pair one more term (individualised and refined on both sides), then solve."""
        if not free_src.any():
            return
        t, candidates = self._next_term(cs, cd, free_src, free_dst)
        free_src = free_src.copy()
        free_src[t] = False
        for t2 in candidates:
            cs2 = self.refiners[0](individualise(cs, t, depth))
            cd2 = self.refiners[1](individualise(cd, t2, depth))
            free_dst2 = free_dst.copy()
            free_dst2[t2] = False
            if cs2[t] != cd2[t2] or not np.array_equal(np.sort(cs2[free_src]), np.sort(cd2[free_dst2])):
                continue
            for a, b in (self.signs if depth else self.signs[:1]):
                blocks = self.right(t2)
                rows = self.left(t) - a * blocks[0] - b * blocks[1] - a * b * blocks[2]
                new_basis, new_pivots = _rref(np.concatenate([basis, rows]), self.mod)
                dim = self.size - len(new_pivots)
                if dim == 0:
                    continue
                if dim == 1 or (self.gf2 and dim <= _ENUMERATE_DIM):
                    found.extend(self._leaves(new_basis, new_pivots))
                else:
                    self._dfs(depth + 1, new_basis, new_pivots, cs2, cd2, free_src, free_dst2, found, find_all)
                if found and not find_all:
                    return


def _check_pair(a: Scheme, b: Scheme) -> None:
    for s in (a, b):
        if not isinstance(s, Scheme):
            raise TypeError(f"expected a Scheme, got {type(s).__name__}")
    if a.ring != b.ring:
        raise InputError(f"schemes over different rings ({a.ring!r}, {b.ring!r}); convert with with_ring first")


def _certificate(fmap: FormatMap, leaf: _Leaf, group: str, source: Scheme, target: Scheme) -> SchemeMap:
    cert = SchemeMap(fmap, *leaf.mats, leaf.terms, leaf.signs, group)
    if not cert.check(source, target):
        raise RuntimeError("internal error: an equivalence certificate failed its recheck")
    return cert


def equivalence(a: Scheme, b: Scheme, group: str | None = None) -> SchemeMap | None:
    """An exact equivalence test: a checked map from ``a`` onto ``b``, or None.

    Two schemes are equivalent when a format map (cyclic shift and transposition, where
    they send ``a``'s format to ``b``'s), a sandwich (U, V, W) -> (P U Q^-1, Q V R^-1,
    R W P^-1) with P, Q, R in ``group``, a term permutation and term sign scalings send ``a``
    to ``b``.

    Parameters
    ----------
    a, b : Scheme
        Schemes over the same ring.
    group : {"gl", "signed"}, optional
        "gl": GL over GF(2) ("gf2") or GL over Z; "signed": signed permutation matrices.
        Default "gl" over GF(2), "signed" otherwise. Term signs are +-1: over GL(Z) that is
        complete when every factor is a primitive integer vector (as in ternary schemes).

    Returns
    -------
    SchemeMap or None
        The certificate, rechecked by recomputation, or None when the schemes are not
        equivalent (different invariants, or an exhausted search).

    Examples
    --------
    >>> from solvers.flipgraph import Scheme, random_map
    >>> s = Scheme.strassen("gf2")
    >>> _, image = random_map(s, rng=7)
    >>> cert = equivalence(s, image)
    >>> cert.check(s, image)
    True
    >>> equivalence(s, Scheme.naive(2, 2, 2, "gf2")) is None
    True
    """
    _check_pair(a, b)
    group = check_group(group, a.ring)
    if a.rank != b.rank:
        return None
    return _equivalence(a, b, profile(a, group), profile(b, group))


def _equivalence(a: Scheme, b: Scheme, pa: Profile, pb: Profile) -> SchemeMap | None:
    """:func:`equivalence` with the profiles of both schemes computed."""
    if pa.invariants != pb.invariants:
        return None
    group = pa.invariants.group
    for fmap, src, *features in _format_images(a, b, pa, pb):
        leaves = _Search(src, b, group, *features).run(find_all=False)
        if leaves:
            return _certificate(fmap, leaves[0], group, a, b)
    return None


def _format_images(a: Scheme, b: Scheme, pa: Profile, pb: Profile
                   ) -> Iterable[tuple[FormatMap, Scheme, _Data, _Data, np.ndarray, np.ndarray]]:
    """For each format map from ``a``'s format onto ``b``'s under which the term colours
    agree as multisets: the map, the image of ``a``, the features and colours of both
    (colours from the profiles when ``b`` has the canonical format)."""
    group = pa.invariants.group
    canonical = b.format == pb.invariants.format
    data_a, data_b = _data(a, group), _data(b, group)
    dst_colours = pb.colours[FormatMap()] if canonical else _refine(data_b)
    for fmap in format_maps(a.format, b.format):
        image = data_a.mapped(fmap)
        src_colours = pa.colours[fmap] if canonical else _refine(image)
        if np.array_equal(np.sort(src_colours), np.sort(dst_colours)):
            yield fmap, fmap.apply(a), image, data_b, src_colours, dst_colours


def automorphisms(scheme: Scheme, group: str | None = None) -> list[SchemeMap]:
    """Every map of ``scheme`` onto itself (format maps that keep the format included),
    counted modulo the scalar triples that fix every term; each is rechecked. The search
    lists them all, so its time grows with their number (1,296 for the naive 3x3x3 scheme
    over GF(2) take a few seconds).

    Examples
    --------
    >>> len(automorphisms(Scheme.strassen("gf2")))
    36
    """
    _check_pair(scheme, scheme)
    group = check_group(group, scheme.ring)
    out = []
    prof = profile(scheme, group)
    for fmap, src, *features in _format_images(scheme, scheme, prof, prof):
        for leaf in _Search(src, scheme, group, *features).run(find_all=True):
            out.append(_certificate(fmap, leaf, group, scheme, scheme))
    return out


@dataclass(frozen=True)
class SchemeSymmetry:
    """The symmetry group (stabilizer) of a scheme.

    Attributes
    ----------
    group : PermutationGroup
        The term permutations of the automorphisms, on ``0 .. rank-1`` (Schreier-Sims).
    generators : list of SchemeMap
        Automorphisms whose term permutations generate ``group`` (sandwich triples P, Q, R
        with their format maps and signs).
    order : int
        The number of automorphisms modulo the scalar triples; it equals
        ``group.order()`` unless some automorphism fixes every term.
    orbits : list of list of int
        The orbits of ``group`` on the terms.
    """

    group: PermutationGroup
    generators: list[SchemeMap]
    order: int
    orbits: list[list[int]]


def symmetry_group(scheme: Scheme, group: str | None = None) -> SchemeSymmetry:
    """The stabilizer of ``scheme`` in its symmetry group, as a permutation group on its terms.

    Examples
    --------
    >>> sym = symmetry_group(Scheme.strassen("gf2"))
    >>> sym.order, sym.group.order(), sorted(map(len, sym.orbits))
    (36, 36, [1, 6])
    """
    autos = automorphisms(scheme, group)
    identity = np.arange(scheme.rank)
    gens: list[SchemeMap] = []
    current = PermutationGroup([identity], scheme.rank)
    for cert in autos:
        if not current.contains(cert.terms):
            gens.append(cert)
            current = PermutationGroup([g.terms for g in gens], scheme.rank)
    orbits, seen = [], set()
    for t in range(scheme.rank):
        if t not in seen:
            orbit = current.orbit(t)
            seen.update(orbit)
            orbits.append(sorted(orbit))
    return SchemeSymmetry(current, gens, len(autos), orbits)


class SchemeClass(NamedTuple):
    """One equivalence class found by :func:`classify`.

    Attributes
    ----------
    members : tuple of int
        Indices of the schemes in the class (input order; the first is the representative).
    maps : tuple of SchemeMap
        For each member, a checked map from the representative onto it.
    invariants : SchemeInvariants
    """

    members: tuple[int, ...]
    maps: tuple[SchemeMap, ...]
    invariants: SchemeInvariants

    @property
    def representative(self) -> int:
        """Index of the representative (the first member)."""
        return self.members[0]


def classify(schemes: Iterable[Scheme], group: str | None = None) -> list[SchemeClass]:
    """Group schemes into equivalence classes (invariants first, then exact tests against
    the representatives with equal invariants); classes in order of first appearance.

    Schemes of different rings, formats (up to format maps) or ranks are never equivalent.

    Examples
    --------
    >>> from solvers.flipgraph import Scheme, random_map
    >>> s = Scheme.strassen("gf2")
    >>> found = classify([s, random_map(s, rng=1)[1], Scheme.naive(2, 2, 2, "gf2")])
    >>> [c.members for c in found]
    [(0, 1), (2,)]
    """
    found = InequivalentSet(group)
    members: list[list[int]] = []
    maps: list[list[SchemeMap]] = []
    for i, s in enumerate(schemes):
        if not isinstance(s, Scheme):
            raise TypeError(f"expected Schemes, item {i} is {type(s).__name__}")
        k, cert = found.add(s)
        if k == len(members):
            members.append([])
            maps.append([])
        members[k].append(i)
        maps[k].append(cert)
    return [SchemeClass(tuple(ms), tuple(cs), p.invariants) for ms, cs, p in zip(members, maps, found.profiles)]


class InequivalentSet:
    """Pairwise inequivalent schemes, collected one at a time (the representatives of
    :func:`classify`, and the ``distinct`` mode of :func:`search`).

    Parameters
    ----------
    group : {"gl", "signed"}, optional
        Default "gl" over GF(2), "signed" otherwise.

    Examples
    --------
    >>> from solvers.flipgraph import Scheme, random_map
    >>> found = InequivalentSet()
    >>> s = Scheme.strassen("gf2")
    >>> found.add(s)[0], found.add(random_map(s, rng=2)[1])[0], len(found)
    (0, 0, 1)
    """

    def __init__(self, group: str | None = None) -> None:
        self.group = group
        self.schemes: list[Scheme] = []
        """The representatives, in order of arrival."""
        self.profiles: list[Profile] = []
        self._buckets: dict[SchemeInvariants, list[int]] = {}

    def __len__(self) -> int:
        return len(self.schemes)

    def add(self, scheme: Scheme) -> tuple[int, SchemeMap]:
        """Add ``scheme``; return the index of its class and a checked map from the class
        representative onto it (index ``len(self) - 1`` and the identity for a new class)."""
        prof = profile(scheme, check_group(self.group, scheme.ring))
        for k in self._buckets.get(prof.invariants, []):
            cert = _equivalence(self.schemes[k], scheme, self.profiles[k], prof)
            if cert is not None:
                return k, cert
        self._buckets.setdefault(prof.invariants, []).append(len(self.schemes))
        self.schemes.append(scheme)
        self.profiles.append(prof)
        return len(self.schemes) - 1, _identity_map(scheme, prof.invariants.group)


def _identity_map(s: Scheme, group: str) -> SchemeMap:
    eye = [np.eye(d, dtype=np.int64) for d in s.format]
    return SchemeMap(FormatMap(), *eye, np.arange(s.rank), np.ones((s.rank, 3), np.int64), group)
