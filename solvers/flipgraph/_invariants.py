"""Invariants of schemes under the symmetry group, and the term colouring used by the exact test.

For one scheme (format fixed) every term gets features that the sandwich action, term
permutations and sign scalings do not change:

* ranks of U, V, W, UV, VW, WU, UVW, VWU, WUV (over GF(2), or over Q for integer rings) and
  tr(UVW) (mod 2 over GF(2), exact otherwise: P U Q^-1 Q V R^-1 R W P^-1 is a conjugate);
* for the signed group, the numbers of nonzero entries of U, V and W;

and every ordered pair of terms s, t the ranks of U_s V_t, V_s W_t and W_s U_t, plus, for
integral schemes, the GF(2) ranks of U_s + U_t, V_s + V_t, W_s + W_t and the cube
tr(U_s V_t W_u) mod 2 (signs vanish mod 2, and GL over Z reduces to GL over GF(2)).

A few rounds of colour refinement (Weisfeiler-Leman style, with order-independent 64-bit
multiset hashes) turn these into one colour per term. The colours of a scheme map to the
colours of an equivalent scheme's terms under the certificate's term permutation, so the exact
test only pairs terms of equal colour. The scheme invariant is the sorted colour multiset,
minimised over the format maps onto the canonical format, so the format symmetries are
included. Equal inputs give equal hashes on every machine; a hash collision could only make
two inequivalent schemes share an invariant, and the exact test then tells them apart.
"""
from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np

from ._scheme import Scheme
from ._symmetry import FormatMap, canonical_format, check_group, factor_matrices, format_maps, gf2_rank, q_rank

_ROUNDS = 2
# Pair features (r^2 products of factor matrices) and the cube (r^3 traces) are left out
# above these numbers of entries (a function of format and rank only, so still invariant).
_PAIR_LIMIT = 2**22
_CUBE_LIMIT = 2**23
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_SALTS = [np.uint64(0x243F6A8885A308D3 * (k + 1) & 0xFFFFFFFFFFFFFFFF) for k in range(8)]


class SchemeInvariants(NamedTuple):
    """Invariants of a scheme under its symmetry group (equal for equivalent schemes).

    Attributes
    ----------
    format : tuple of int
        The canonical format of the scheme's format orbit (:func:`canonical_format`).
    rank, ring, group : int, str, str
    term_types : tuple of tuple of int
        Sorted per-term features (ranks of U, V, W, UV, VW, WU, UVW, VWU, WUV; tr(UVW);
        nonzero counts for the signed group), after the format map that minimises the colours.
    digest : str
        Hash of the refined colour multiset (16 hex digits).
    """

    format: tuple[int, int, int]
    rank: int
    ring: str
    group: str
    term_types: tuple[tuple[int, ...], ...]
    digest: str


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array (wrapping arithmetic)."""
    x = x.astype(np.uint64) + _GOLDEN  # array arithmetic wraps silently
    x = (x ^ (x >> np.uint64(30))) * _C1
    x = (x ^ (x >> np.uint64(27))) * _C2
    return x ^ (x >> np.uint64(31))


def _hash_columns(features: np.ndarray, ranks: int) -> np.ndarray:
    """One uint64 hash per row of an integer feature array (..., k) whose first ``ranks``
    columns are ranks (below 128: packed nine to a word before mixing)."""
    h = np.zeros(features.shape[:-1], np.uint64)
    for start in range(0, ranks, 9):
        block = features[..., start:min(start + 9, ranks)].astype(np.uint64)
        packed = (block << (np.uint64(7) * np.arange(block.shape[-1], dtype=np.uint64))).sum(axis=-1)
        h = _mix(h * _C1 + packed)
    for k in range(ranks, features.shape[-1]):
        h = _mix(h * _C1 + features[..., k].astype(np.int64).astype(np.uint64))
    return h


class _Data(NamedTuple):
    """Invariant features of one scheme in one format: per term, per ordered pair, per triple."""

    terms: np.ndarray  # (r, k): ranks of U V W, UV VW WU, UVW VWU WUV, [tr UVW], [nnz U V W]
    pairs: np.ndarray | None  # (r, r, 3 or 6): ranks of U_s V_t, V_s W_t, W_s U_t, [U_s+U_t, ... mod 2]
    cube: np.ndarray | None  # (r, r, r): tr(U_s V_t W_u) mod 2, integral schemes only
    nnz_at: int | None  # column of the nonzero counts in ``terms``

    def mapped(self, fmap: FormatMap) -> _Data:
        """The features of the scheme's image under ``fmap``, computed from these.

        Transposition (U, V, W) -> (V^T, U^T, W^T) swaps rank(U) and rank(V), takes
        rank(V'W') = rank(WU), rank(U'V'W') = rank(WUV), (U'_s V'_t) = (U_t V_s)^T and
        tr(U'_s V'_t W'_u) = tr(U_t V_s W_u); the cyclic shift rotates every triple and
        tr(V_s W_t U_u) = tr(U_u V_s W_t).
        """
        terms, pairs, cube = self.terms, self.pairs, self.cube
        k, sums = terms.shape[1], pairs is not None and pairs.shape[2] == 6
        if fmap.transposed:
            cols = [1, 0, 2, 3, 5, 4, 8, 7, 6] + list(range(9, k))
            if self.nnz_at is not None:
                cols[self.nnz_at:] = [self.nnz_at + 1, self.nnz_at, self.nnz_at + 2]
            terms = terms[:, cols]
            if pairs is not None:
                swapped = pairs.transpose(1, 0, 2)[..., [0, 2, 1]]
                pairs = np.concatenate([swapped, pairs[..., [4, 3, 5]]], axis=2) if sums else swapped
            cube = None if cube is None else cube.transpose(1, 0, 2)
        for _ in range(fmap.shift):
            cols = [1, 2, 0, 4, 5, 3, 7, 8, 6] + list(range(9, k))
            if self.nnz_at is not None:
                cols[self.nnz_at:] = [self.nnz_at + 1, self.nnz_at + 2, self.nnz_at]
            terms = terms[:, cols]
            pairs = None if pairs is None else pairs[..., [1, 2, 0, 4, 5, 3] if sums else [1, 2, 0]]
            cube = None if cube is None else cube.transpose(1, 2, 0)
        return _Data(terms, pairs, cube, self.nnz_at)


def _trace(mats: np.ndarray) -> np.ndarray:
    return np.trace(mats, axis1=-2, axis2=-1)


def _data(scheme: Scheme, group: str) -> _Data:
    """The features of ``scheme`` (see the module docstring)."""
    u, v, w = factor_matrices(scheme)
    gf2 = scheme.ring == "gf2"
    rank = gf2_rank if gf2 else q_rank
    if scheme.is_rational:
        u, v, w = (np.vectorize(float, otypes=[np.float64])(x) for x in (u, v, w))
    uv, vw, wu = u @ v, v @ w, w @ u
    prods = [u, v, w, uv, vw, wu, uv @ w, vw @ u, wu @ v]
    cols = [rank(x) for x in prods]
    if not scheme.is_rational:
        tr = _trace(prods[6])
        cols.append(tr % 2 if gf2 else tr)
    nnz_at = None
    if group == "signed" and not gf2:
        nnz_at = len(cols)
        cols += [np.count_nonzero(x, axis=(1, 2)) for x in (u, v, w)]
    terms = np.stack(cols, axis=1).astype(np.int64)
    r = scheme.rank
    n, m, p = scheme.format
    if r * r * max(n * p, m * n, p * m) > _PAIR_LIMIT:
        return _Data(terms, None, None, nnz_at)
    puv, pvw, pwu = (x[:, None] @ y[None, :] for x, y in ((u, v), (v, w), (w, u)))
    pair_cols = [rank(x) for x in (puv, pvw, pwu)]
    cube = None
    if not scheme.is_rational:
        pair_cols += [gf2_rank(x[:, None] ^ x[None, :]) for x in (u & 1, v & 1, w & 1)]
    if not scheme.is_rational and r ** 3 <= _CUBE_LIMIT:
        # tr(U_s V_t W_u) = sum_ij (U_s V_t)[i, j] W_u[j, i]
        cube = ((puv.reshape(r, r, -1) & 1) @ (w & 1).transpose(0, 2, 1).reshape(r, -1).T) & 1
    return _Data(terms, np.stack(pair_cols, axis=-1).astype(np.int64), cube, nnz_at)


def term_features(scheme: Scheme, group: str | None = None) -> np.ndarray:
    """Per-term invariant features, shape (rank, k) int64 (see the module docstring).

    Examples
    --------
    >>> term_features(Scheme.strassen("gf2"))[0].tolist()  # U = V = W = I
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 0]
    """
    return _data(scheme, check_group(group, scheme.ring)).terms


class _Refiner:
    """Colour refinement over the pair and triple features of one scheme (module docstring)."""

    def __init__(self, data: _Data) -> None:
        self.r = len(data.terms)
        self.pair_hash = None if data.pairs is None else _hash_columns(data.pairs, data.pairs.shape[2])
        self.cube = None if data.cube is None else data.cube.reshape(self.r, self.r * self.r).astype(np.uint64)

    def __call__(self, colour: np.ndarray) -> np.ndarray:
        """Colours after the refinement rounds, starting from ``colour`` (uint64 per term)."""
        if self.pair_hash is None:
            return _mix(colour)
        for _ in range(_ROUNDS):
            out = _mix(self.pair_hash * _SALTS[0] + colour[None, :]).sum(axis=1)
            into = _mix(self.pair_hash.T * _SALTS[1] + colour[None, :]).sum(axis=1)
            new = _mix(colour * _SALTS[2] + out) + _mix(into * _SALTS[3])
            if self.cube is not None:  # the multiset {(colour t, colour u) : tr(U_s V_t W_u) = 1}
                tu = _mix(colour[:, None] * _SALTS[4] + colour[None, :] * _SALTS[5]).reshape(-1)
                new = new + _mix(self.cube @ tu)
            colour = _mix(new)
        return colour


def _refine(data: _Data) -> np.ndarray:
    """Refined term colours of one scheme, from its term features."""
    return _Refiner(data)(_hash_columns(data.terms, 9))


def individualise(colour: np.ndarray, t: int, depth: int) -> np.ndarray:
    """``colour`` with term ``t`` given a colour of its own (the ``depth``-th term fixed)."""
    out = colour.copy()
    out[t] = _mix(colour[t:t + 1] * _SALTS[7] + np.uint64(depth + 1))[0]
    return out


def term_colours(scheme: Scheme, group: str | None = None) -> np.ndarray:
    """Refined colours of the terms (uint64, one per term), invariant under the sandwich
    action, term permutations and sign scalings (not under format maps).

    Examples
    --------
    >>> c = term_colours(Scheme.strassen("gf2"))
    >>> len(set(c.tolist()))  # the term U = V = W = I stands apart from the other six
    2
    """
    return _refine(_data(scheme, check_group(group, scheme.ring)))


def _digest(colours: np.ndarray) -> str:
    return hashlib.blake2b(np.sort(colours).tobytes(), digest_size=8).hexdigest()


def invariants(scheme: Scheme, group: str | None = None) -> SchemeInvariants:
    """Invariants of ``scheme`` under term permutations, the sandwich action of ``group``,
    sign scalings and the format maps: equivalent schemes have equal invariants.

    Parameters
    ----------
    scheme : Scheme
    group : {"gl", "signed"}, optional
        Default "gl" over GF(2), "signed" otherwise (see :data:`GROUPS`).

    Examples
    --------
    >>> from solvers.flipgraph import random_map
    >>> s = Scheme.strassen("gf2")
    >>> invariants(s) == invariants(random_map(s, rng=3)[1])
    True
    >>> invariants(s).term_types[-1]  # the term U = V = W = I
    (2, 2, 2, 2, 2, 2, 2, 2, 2, 0)
    """
    return profile(scheme, group).invariants


class Profile(NamedTuple):
    """A scheme's invariants and its term colours after each format map onto the canonical
    format (what :func:`classify` computes once per scheme)."""

    invariants: SchemeInvariants
    colours: dict[FormatMap, np.ndarray]


def profile(scheme: Scheme, group: str | None = None) -> Profile:
    """Invariants and term colours of ``scheme`` (see :class:`Profile`)."""
    group = check_group(group, scheme.ring)
    fmt = canonical_format(scheme.format)
    best = None
    data = _data(scheme, group)
    colours = {}
    for fmap in format_maps(scheme.format, fmt):
        image = data.mapped(fmap)
        colours[fmap] = _refine(image)
        key = (_digest(colours[fmap]), tuple(sorted(map(tuple, image.terms.tolist()))))
        if best is None or key < best:
            best = key
    return Profile(SchemeInvariants(fmt, scheme.rank, scheme.ring, group, best[1], best[0]), colours)
