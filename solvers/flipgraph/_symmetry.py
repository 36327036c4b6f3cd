"""The symmetry group of the matrix-multiplication tensor, acting on schemes.

A scheme is a list of rank-one terms u_t (x) v_t (x) w_t; read as matrices, U_t is n x m,
V_t is m x p and W_t is p x n (the transposed-C layout of :mod:`._scheme`), and the scheme is
correct when sum_t U_t (x) V_t (x) W_t is the tensor of the trilinear form tr(A B C). That
form, and so the set of correct schemes, is preserved by

* the **sandwich action** (U, V, W) -> (P U Q^-1, Q V R^-1, R W P^-1) with P, Q, R invertible
  (tr(P A Q^-1 Q B R^-1 R C P^-1) = tr(A B C));
* the **format maps**: the cyclic shift (U, V, W) -> (V, W, U) from <n,m,p> to <m,p,n>, and
  the transposition (U, V, W) -> (V^T, U^T, W^T) from <n,m,p> to <p,m,n> ((AB)^T = B^T A^T);
* **term permutations** and **sign scalings** (u, v, w) -> (a u, b v, c w) with a b c = 1.

Every element of the group they generate is a sandwich after a format map, so a map between
two schemes is recorded as a :class:`SchemeMap`: the format map, P, Q, R, the term
permutation and the term signs, a certificate that :meth:`SchemeMap.check` recomputes.

The finite parts are :class:`cayley.group.PermutationGroup` objects: :func:`sandwich_group`
is GL_n(2) x GL_m(2) x GL_p(2) acting on the nonzero vectors of the three spaces (or the
signed permutation matrices acting on +-e_i), with its order from Schreier-Sims, uniform
random elements from the stabilizer chain and :meth:`SandwichGroup.matrices` to read an
element back as (P, Q, R).
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from cayley.errors import InputError
from cayley.group import PermutationGroup

from ._meta import cyclic, transpose
from ._scheme import Scheme, check_format, check_ring

GROUPS = ("gl", "signed")
"""Matrix groups of the sandwich action: "gl" (GL over GF(2), or GL over Z for the integer
rings) and "signed" (signed permutation matrices; permutation matrices over GF(2))."""


def check_group(group: str | None, ring: str) -> str:
    """The matrix group for schemes over ``ring``: ``group``, or the default ("gl" over
    GF(2), "signed" otherwise).

    Examples
    --------
    >>> check_group(None, "gf2"), check_group(None, "zt")
    ('gl', 'signed')
    """
    ring = check_ring(ring)
    if group is None:
        return "gl" if ring == "gf2" else "signed"
    if group not in GROUPS:
        raise InputError(f"unknown group {group!r}; allowed: {', '.join(GROUPS)}")
    return group


class FormatMap(NamedTuple):
    """A format map: transpose (when ``transposed``), then ``shift`` cyclic shifts.

    Examples
    --------
    >>> FormatMap(transposed=True, shift=1).image((2, 3, 4))
    (3, 2, 4)
    """

    transposed: bool = False
    shift: int = 0

    def image(self, fmt: tuple[int, int, int]) -> tuple[int, int, int]:
        """The format a scheme of format ``fmt`` is mapped to."""
        n, m, p = fmt
        dims = (p, m, n) if self.transposed else (n, m, p)
        return dims[self.shift:] + dims[:self.shift]

    def apply(self, scheme: Scheme) -> Scheme:
        """The image of ``scheme`` (terms in the same order).

        Examples
        --------
        >>> FormatMap(shift=1).apply(Scheme.naive(2, 3, 4)).format
        (3, 4, 2)
        """
        out = transpose(scheme) if self.transposed else scheme
        for _ in range(self.shift):
            out = cyclic(out)
        return out

    def __str__(self) -> str:
        parts = (["transpose"] if self.transposed else []) + ["cyclic"] * self.shift
        return " then ".join(parts) or "identity"


FORMAT_MAPS = tuple(FormatMap(t, s) for t in (False, True) for s in range(3))
"""The six format maps (the symmetric group on the three factors)."""


def format_maps(source: tuple[int, int, int], target: tuple[int, int, int]) -> list[FormatMap]:
    """The format maps that send format ``source`` to ``target`` (identity first).

    Examples
    --------
    >>> len(format_maps((2, 2, 2), (2, 2, 2))), len(format_maps((2, 3, 4), (4, 3, 2)))
    (6, 1)
    """
    return [f for f in FORMAT_MAPS if f.image(tuple(source)) == tuple(target)]


def canonical_format(fmt: tuple[int, int, int]) -> tuple[int, int, int]:
    """The smallest format (lexicographically) that a format map reaches from ``fmt``.

    Examples
    --------
    >>> canonical_format((4, 3, 2)), canonical_format((3, 4, 2))
    ((2, 3, 4), (2, 3, 4))
    """
    return min(f.image(tuple(fmt)) for f in FORMAT_MAPS)


# ------------------------------------------------------------------ matrices over the rings
_TABLE_BITS = 16  # matrices of at most this many entries take their rank from a table


@functools.lru_cache(maxsize=None)
def _gf2_rank_table(rows: int, cols: int) -> np.ndarray:
    """Rank of every 0/1 matrix of shape (rows, cols), indexed by its bits (row-major)."""
    codes = np.arange(2 ** (rows * cols))
    mats = (codes[:, None] >> np.arange(rows * cols)[None, :]) & 1
    return _gf2_rank_eliminate(mats.reshape(-1, rows, cols)).astype(np.int8)


def gf2_rank(mats: np.ndarray) -> np.ndarray:
    """Ranks over GF(2) of a stack of integer matrices of shape (..., rows, cols) (taken mod 2).

    Examples
    --------
    >>> gf2_rank(np.array([[[1, 1], [1, 1]], [[1, 0], [1, 1]]])).tolist()
    [1, 2]
    """
    mats = np.asarray(mats)
    rows, cols = mats.shape[-2:]
    if rows * cols > _TABLE_BITS:
        return _gf2_rank_eliminate(mats)
    weights = (1 << np.arange(rows * cols)).reshape(rows, cols)
    codes = ((mats & 1) * weights).sum(axis=(-2, -1))
    return _gf2_rank_table(rows, cols)[codes].astype(np.int64)


def _gf2_rank_eliminate(mats: np.ndarray) -> np.ndarray:
    """:func:`gf2_rank` by vectorised Gaussian elimination."""
    shape = mats.shape[:-2]
    rows, cols = mats.shape[-2:]
    a = (mats.reshape(-1, rows, cols) & 1).astype(np.uint8)
    rank = np.zeros(a.shape[0], np.int64)
    index = np.arange(rows)
    for c in range(cols):
        eligible = (a[:, :, c] == 1) & (index[None, :] >= rank[:, None])
        has = np.flatnonzero(eligible.any(axis=1))
        if has.size == 0:
            continue
        piv = np.argmax(eligible[has], axis=1)
        top = rank[has]
        pivot_rows = a[has, piv].copy()
        a[has, piv] = a[has, top]
        a[has, top] = pivot_rows
        below = (a[has, :, c] == 1) & (index[None, :] > top[:, None])
        a[has] ^= below[:, :, None].astype(np.uint8) * pivot_rows[:, None, :]
        rank[has] += 1
    return rank.reshape(shape)


def q_rank(mats: np.ndarray) -> np.ndarray:
    """Ranks over Q of a stack of small integer or rational matrices (..., rows, cols)."""
    mats = np.asarray(mats)
    if mats.dtype == object:
        mats = np.vectorize(float, otypes=[np.float64])(mats)
    return np.linalg.matrix_rank(mats.astype(np.float64)).astype(np.int64)


def _gauss_inverse(mat: np.ndarray, ring: str) -> np.ndarray | None:
    """Inverse over GF(2) (ring "gf2") or over Z (else); None when there is none."""
    k = mat.shape[0]
    if ring == "gf2":
        a = np.concatenate([mat % 2, np.eye(k, dtype=np.int64)], axis=1)
        for c in range(k):
            piv = np.flatnonzero(a[c:, c])
            if piv.size == 0:
                return None
            a[[c, c + piv[0]]] = a[[c + piv[0], c]]
            rows = np.flatnonzero(a[:, c])
            rows = rows[rows != c]
            a[rows] ^= a[c]
        return a[:, k:].astype(np.int64)
    a = [[Fraction(int(x)) for x in row] + [Fraction(int(i == j)) for j in range(k)]
         for i, row in enumerate(mat.tolist())]
    for c in range(k):
        piv = next((r for r in range(c, k) if a[r][c] != 0), None)
        if piv is None:
            return None
        a[c], a[piv] = a[piv], a[c]
        lead = a[c][c]
        a[c] = [x / lead for x in a[c]]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    inv = [row[k:] for row in a]
    if any(x.denominator != 1 for row in inv for x in row):
        return None
    return np.array([[int(x) for x in row] for row in inv], dtype=np.int64)


def _is_signed_permutation(mat: np.ndarray) -> bool:
    return bool(np.isin(mat, (-1, 0, 1)).all() and (np.abs(mat).sum(axis=0) == 1).all()
                and (np.abs(mat).sum(axis=1) == 1).all())


def factor_matrices(scheme: Scheme) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The factors of ``scheme`` as stacks of matrices U (r, n, m), V (r, m, p), W (r, p, n)."""
    n, m, p = scheme.format
    r = scheme.rank
    return scheme.u.reshape(r, n, m), scheme.v.reshape(r, m, p), scheme.w.reshape(r, p, n)


def sandwich(scheme: Scheme, p: np.ndarray, q: np.ndarray, r: np.ndarray) -> Scheme:
    """The image (P U Q^-1, Q V R^-1, R W P^-1) of every term of ``scheme``.

    Parameters
    ----------
    scheme : Scheme
    p, q, r : array_like
        Invertible n x n, m x m and p x p matrices over the scheme's ring (GF(2) for "gf2",
        integer matrices with determinant +-1 otherwise).

    Raises
    ------
    InputError
        A matrix has the wrong shape or is not invertible over the ring.

    Examples
    --------
    >>> s = sandwich(Scheme.strassen(), [[0, 1], [1, 0]], [[1, 0], [0, 1]], [[1, 1], [0, 1]])
    >>> s.verify()
    True
    """
    mats = [np.asarray(x, dtype=np.int64) for x in (p, q, r)]
    inverses = []
    for name, mat, d in zip("PQR", mats, scheme.format):
        if mat.shape != (d, d):
            raise InputError(f"{name} must be a {d} x {d} matrix, got shape {mat.shape}")
        inv = _gauss_inverse(mat, "gf2" if scheme.ring == "gf2" else "z")
        if inv is None:
            raise InputError(f"{name} is not invertible over {'GF(2)' if scheme.ring == 'gf2' else 'Z'}")
        inverses.append(inv)
    return _sandwich(scheme, mats, inverses)


def _sandwich(scheme: Scheme, mats: list[np.ndarray], inverses: list[np.ndarray]) -> Scheme:
    """:func:`sandwich` with the inverses given (no checks)."""
    u, v, w = factor_matrices(scheme)
    (p, q, r), (pi, qi, ri) = mats, inverses
    if scheme.is_rational:
        p, q, r, pi, qi, ri = (x.astype(object) for x in (p, q, r, pi, qi, ri))
    k = scheme.rank
    return Scheme(*scheme.format, (p @ u @ qi).reshape(k, -1), (q @ v @ ri).reshape(k, -1),
                  (r @ w @ pi).reshape(k, -1), scheme.ring)


# ------------------------------------------------------------------ certificates
@dataclass(frozen=True, eq=False)
class SchemeMap:
    """A map between two schemes: a certificate of their equivalence.

    The image of ``source`` is ``sandwich(format_map.apply(source), p, q, r)``; its term t
    equals ``signs[t]`` times the factors of term ``terms[t]`` of the target, so
    :meth:`apply` returns the target itself.

    Attributes
    ----------
    format_map : FormatMap
    p, q, r : numpy.ndarray
        The sandwich matrices for the target's format (n x n, m x m, p x p).
    terms : numpy.ndarray
        Term t of the source goes to term ``terms[t]`` of the target.
    signs : numpy.ndarray
        Shape (rank, 3): the factor signs of each term (product 1; all 1 over GF(2)).
    group : str
        "gl" or "signed": the group P, Q and R belong to.
    """

    format_map: FormatMap
    p: np.ndarray
    q: np.ndarray
    r: np.ndarray
    terms: np.ndarray
    signs: np.ndarray
    group: str

    def apply(self, source: Scheme) -> Scheme:
        """The image of ``source``, its terms permuted and scaled into the target's order.

        Examples
        --------
        >>> from solvers.flipgraph import equivalence
        >>> s = Scheme.strassen("gf2")
        >>> cert = equivalence(s, s)
        >>> cert.apply(s) == s
        True
        """
        image = self.format_map.apply(source)
        if image.format != (len(self.p), len(self.q), len(self.r)) or image.rank != len(self.terms):
            raise InputError(f"this map does not apply to {source!r}")
        ring = "gf2" if source.ring == "gf2" else "z"
        inverses = [_gauss_inverse(x, ring) for x in (self.p, self.q, self.r)]
        if any(x is None for x in inverses):
            raise InputError("the matrices of this map are not invertible")
        image = _sandwich(image, [self.p, self.q, self.r], inverses)
        order = np.argsort(self.terms)
        factors = [f[order] * self.signs[order, k:k + 1] for k, f in enumerate(image.factors())]
        return Scheme(*image.format, *factors, source.ring)

    def check(self, source: Scheme, target: Scheme) -> bool:
        """Recompute the map: True when it is a valid element of its group and sends
        ``source`` exactly onto ``target``.

        Examples
        --------
        >>> from solvers.flipgraph import equivalence
        >>> s = Scheme.strassen("gf2")
        >>> equivalence(s, s).check(s, s)
        True
        """
        if source.ring != target.ring or source.rank != target.rank or \
                self.format_map.image(source.format) != target.format:
            return False
        if sorted(self.terms.tolist()) != list(range(target.rank)) or self.signs.shape != (target.rank, 3):
            return False
        if not (np.isin(self.signs, (-1, 1)).all() and (self.signs.prod(axis=1) == 1).all()):
            return False
        if source.ring == "gf2" and not (self.signs == 1).all():
            return False
        for mat, d in zip((self.p, self.q, self.r), target.format):
            if mat.shape != (d, d) or not self._in_group(mat, source.ring):
                return False
        return self.apply(source) == target

    def _in_group(self, mat: np.ndarray, ring: str) -> bool:
        if ring == "gf2":
            ok = gf2_rank(mat) == len(mat)
            return bool(ok) and (self.group == "gl" or _is_signed_permutation(mat % 2))
        if self.group == "signed":
            return _is_signed_permutation(mat)
        return _gauss_inverse(mat, "z") is not None

    def to_dict(self) -> dict:
        """JSON-ready form: format map, P, Q, R, term permutation and signs."""
        return {"format_map": str(self.format_map), "P": self.p.tolist(), "Q": self.q.tolist(),
                "R": self.r.tolist(), "terms": self.terms.tolist(), "signs": self.signs.tolist(),
                "group": self.group}


# ------------------------------------------------------------------ the group as permutations
def _gf2_vectors(d: int) -> np.ndarray:
    """The nonzero vectors of GF(2)^d as rows, in the order of their integer codes 1 .. 2^d-1."""
    codes = np.arange(1, 2**d)
    return (codes[:, None] >> np.arange(d)[None, :]) & 1


def _gl2_generators(d: int) -> list[np.ndarray]:
    """Generators of GL_d(2): a transvection and the permutation matrices of S_d."""
    if d == 1:
        return [np.eye(1, dtype=np.int64)]
    t = np.eye(d, dtype=np.int64)
    t[0, 1] = 1
    swap = np.eye(d, dtype=np.int64)[[1, 0] + list(range(2, d))]
    cycle = np.roll(np.eye(d, dtype=np.int64), 1, axis=0)
    return [t, swap, cycle]


def _signed_generators(d: int) -> list[np.ndarray]:
    """Generators of the signed permutation matrices of size d."""
    flip = np.eye(d, dtype=np.int64)
    flip[0, 0] = -1
    if d == 1:
        return [flip]
    swap = np.eye(d, dtype=np.int64)[[1, 0] + list(range(2, d))]
    cycle = np.roll(np.eye(d, dtype=np.int64), 1, axis=0)
    return [flip, swap, cycle]


class SandwichGroup:
    """The sandwich group GL_n x GL_m x GL_p of a format as a :class:`PermutationGroup`.

    Over GF(2) ("gf2", group "gl") the points are the nonzero vectors of GF(2)^n, GF(2)^m
    and GF(2)^p (degree 2^n + 2^m + 2^p - 3); the "signed" group (signed permutation
    matrices, for the integer rings; permutation matrices over GF(2)) acts on the vectors
    +-e_i (degree 2(n + m + p)). GL over Z is infinite and has no such form.

    Parameters
    ----------
    n, m, p : int
    ring : str
        The scheme ring: "gf2", or an integer ring ("zt", "z", "q").
    group : {"gl", "signed"}, optional
        Default "gl" over GF(2), "signed" otherwise.

    Examples
    --------
    >>> G = SandwichGroup(2, 2, 2, "gf2")
    >>> G.permutations.order()  # |GL_2(2)|^3
    216
    >>> P, Q, R = G.matrices(G.permutations.random_element(rng=1))
    >>> sandwich(Scheme.strassen("gf2"), P, Q, R).verify()
    True
    """

    def __init__(self, n: int, m: int, p: int, ring: str = "gf2", group: str | None = None) -> None:
        self.format = check_format(n, m, p)
        self.ring = check_ring(ring)
        self.group = check_group(group, self.ring)
        if self.group == "gl" and self.ring != "gf2":
            raise InputError("GL over Z is infinite: use group='signed' for a permutation group")
        if self.ring == "gf2":
            blocks = [_gf2_vectors(d) for d in self.format]
            gens = [(_gl2_generators if self.group == "gl" else _signed_generators)(d) for d in self.format]
            gens = [[g % 2 for g in gs] for gs in gens] if self.group == "signed" else gens
        else:
            blocks = [np.concatenate([np.eye(d, dtype=np.int64), -np.eye(d, dtype=np.int64)]) for d in self.format]
            gens = [_signed_generators(d) for d in self.format]
        self._blocks = blocks
        self._offsets = np.cumsum([0] + [len(b) for b in blocks])
        self._index = [{row.tobytes(): i for i, row in enumerate(b)} for b in blocks]
        self.degree = int(self._offsets[-1])
        perms = []
        for k, block_gens in enumerate(gens):
            for g in block_gens:
                mats = [np.eye(d, dtype=np.int64) for d in self.format]
                mats[k] = g
                perms.append(self.permutation(*mats))
        self.permutations = PermutationGroup(perms, self.degree)
        """The group as a PermutationGroup on the points (Schreier-Sims order, random elements)."""

    def permutation(self, p: np.ndarray, q: np.ndarray, r: np.ndarray) -> np.ndarray:
        """The permutation of the points by which (P, Q, R) acts (x -> P x on each block)."""
        images = []
        for k, mat in enumerate((p, q, r)):
            block = self._blocks[k]
            moved = (block @ np.asarray(mat, dtype=np.int64).T)
            if self.ring == "gf2":
                moved %= 2
            images += [self._offsets[k] + self._index[k][row.tobytes()] for row in moved]
        return np.asarray(images, dtype=np.int64)

    def matrices(self, perm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P, Q, R) of an element given as a permutation of the points."""
        out = []
        for k, d in enumerate(self.format):
            block = self._blocks[k]
            # e_i is the point of code 2^i over GF(2) (index 2^i - 1), point i for signed
            points = [(1 << i) - 1 if self.ring == "gf2" else i for i in range(d)]
            cols = [block[int(perm[self._offsets[k] + pt]) - self._offsets[k]] for pt in points]
            out.append(np.stack(cols, axis=1).astype(np.int64))
        return out[0], out[1], out[2]

    def order(self) -> int:
        """The order of the group (Schreier-Sims).

        Examples
        --------
        >>> SandwichGroup(3, 3, 3, "zt").order() == 48 ** 3
        True
        """
        return self.permutations.order()


def random_map(scheme: Scheme, rng: np.random.Generator | int | None = None,
               group: str | None = None) -> tuple[SchemeMap, Scheme]:
    """A uniformly random element of the symmetry group applied to ``scheme``: a random
    format map (among those that keep the format), a uniformly random sandwich from
    :class:`SandwichGroup`, a random term order and random term signs.

    Returns the map and the image; the map is checked.

    Examples
    --------
    >>> cert, image = random_map(Scheme.strassen("gf2"), rng=0)
    >>> cert.check(Scheme.strassen("gf2"), image), image.verify()
    (True, True)
    """
    rng = np.random.default_rng(rng)
    group = check_group(group, scheme.ring)
    maps = format_maps(scheme.format, scheme.format)
    fmap = maps[int(rng.integers(len(maps)))]
    sg = SandwichGroup(*scheme.format, ring=scheme.ring, group=group)
    p, q, r = sg.matrices(sg.permutations.random_element(rng))
    terms = rng.permutation(scheme.rank)
    signs = np.ones((scheme.rank, 3), np.int64)
    if scheme.ring != "gf2":
        signs[:, :2] = rng.choice([-1, 1], size=(scheme.rank, 2))
        signs[:, 2] = signs[:, 0] * signs[:, 1]
    cert = SchemeMap(fmap, p, q, r, terms, signs, group)
    image = cert.apply(scheme)
    if not cert.check(scheme, image):
        raise RuntimeError("internal error: a random group element failed its check")
    return cert, image


def group_order(fmt: tuple[int, int, int], ring: str, group: str | None = None) -> int:
    """Order of the symmetry group of the format acting on schemes: sandwiches (modulo the
    scalar triples that fix every term) times the format maps that keep the format.

    Examples
    --------
    >>> group_order((2, 2, 2), "gf2")  # 6^3 sandwiches, 6 format maps
    1296
    """
    ring = check_ring(ring)
    group = check_group(group, ring)
    sg = SandwichGroup(*fmt, ring=ring, group=group)
    scalars = 1 if ring == "gf2" else 8  # (+-I, +-I, +-I) fix every term up to signs
    return sg.order() // scalars * len(format_maps(fmt, fmt))


SIGN_PAIRS = tuple(itertools.product((1, -1), repeat=2))
"""The scalings (a, b) of the first two factors of a term; the third gets a * b."""
