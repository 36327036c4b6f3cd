"""Meta moves: maps between schemes of different formats.

* :func:`extend` adds rows/columns (the new part multiplied naively),
* :func:`project` deletes them (terms that lose a factor disappear),
* :func:`direct_sum` places two schemes side by side along a dimension,
* :func:`product` is the tensor (Kronecker) product <n1 n2, m1 m2, p1 p2>,
* :func:`cyclic`, :func:`transpose`, :func:`permute` use the symmetries of the tensor:
  (u, v, w) for <n,m,p> gives (v, w, u) for <m,p,n>, and (AB)^T = B^T A^T gives <p,m,n>.

All of them return valid schemes over the ring of their inputs.
"""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._scheme import Scheme, check_format

_DIMS = {"n": 0, "m": 1, "p": 2, 0: 0, 1: 1, 2: 2}


def _dim(dim) -> int:
    if dim not in _DIMS:
        raise InputError(f"dimension must be 'n', 'm', 'p' or 0, 1, 2, got {dim!r}")
    return _DIMS[dim]


def _common_ring(*schemes: Scheme) -> str:
    rings = {s.ring for s in schemes}
    if len(rings) != 1:
        raise InputError(f"schemes live in different rings {sorted(rings)}; convert with with_ring first")
    return rings.pop()


def _embed(s: Scheme, fmt: tuple[int, int, int], offset: tuple[int, int, int]) -> tuple[np.ndarray, ...]:
    """Factor rows of ``s`` re-indexed into the larger format ``fmt`` at ``offset``."""
    n, m, p = s.format
    N, M, P = fmt
    oi, ok, oj = offset
    r = s.rank
    dtype = object if s.is_rational else np.int64
    u = np.zeros((r, N, M), dtype)
    v = np.zeros((r, M, P), dtype)
    w = np.zeros((r, P, N), dtype)
    u[:, oi:oi + n, ok:ok + m] = s.u.reshape(r, n, m)
    v[:, ok:ok + m, oj:oj + p] = s.v.reshape(r, m, p)
    w[:, oj:oj + p, oi:oi + n] = s.w.reshape(r, p, n)
    return u.reshape(r, -1), v.reshape(r, -1), w.reshape(r, -1)


def _naive_terms(fmt, triples) -> tuple[np.ndarray, ...]:
    N, M, P = fmt
    triples = list(triples)
    u = np.zeros((len(triples), N * M), np.int64)
    v = np.zeros((len(triples), M * P), np.int64)
    w = np.zeros((len(triples), P * N), np.int64)
    for t, (i, k, j) in enumerate(triples):
        u[t, i * M + k] = v[t, k * P + j] = w[t, j * N + i] = 1
    return u, v, w


def extend(s: Scheme, dim="p", by: int = 1) -> Scheme:
    """Grow one dimension by ``by``; the new rows/columns are computed naively.

    The rank grows by the two other dimensions' product times ``by``.

    Examples
    --------
    >>> extend(Scheme.strassen(), "p").format, extend(Scheme.strassen(), "p").rank
    ((2, 2, 3), 11)
    """
    d = _dim(dim)
    if not isinstance(by, int) or by < 1:
        raise InputError(f"by must be a positive integer, got {by!r}")
    fmt = list(s.format)
    fmt[d] += by
    fmt = tuple(fmt)
    old = s.format
    triples = [(i, k, j) for i in range(fmt[0]) for k in range(fmt[1]) for j in range(fmt[2])
               if i >= old[0] or k >= old[1] or j >= old[2]]
    parts = [np.vstack([a, b]) for a, b in zip(_embed(s, fmt, (0, 0, 0)), _naive_terms(fmt, triples))]
    return Scheme(*fmt, *parts, s.ring)


def project(s: Scheme, dim="p", by: int = 1) -> Scheme:
    """Shrink one dimension by ``by`` (drop the last rows/columns); zero terms are removed.

    Examples
    --------
    >>> project(extend(Scheme.strassen(), "n"), "n").rank
    7
    """
    d = _dim(dim)
    fmt = list(s.format)
    if not isinstance(by, int) or by < 1 or fmt[d] - by < 1:
        raise InputError(f"cannot shrink dimension {dim!r} of {s.format} by {by!r}")
    fmt[d] -= by
    n, m, p = s.format
    N, M, P = fmt
    r = s.rank
    u = s.u.reshape(r, n, m)[:, :N, :M].reshape(r, -1)
    v = s.v.reshape(r, m, p)[:, :M, :P].reshape(r, -1)
    w = s.w.reshape(r, p, n)[:, :P, :N].reshape(r, -1)
    keep = [t for t in range(r) if u[t].any() and v[t].any() and w[t].any()]
    return Scheme(N, M, P, u[keep], v[keep], w[keep], s.ring)


def direct_sum(a: Scheme, b: Scheme, dim="p") -> Scheme:
    """Join <n,m,p1> and <n,m,p2> into <n,m,p1+p2> (or along n or m); rank r1 + r2.

    Examples
    --------
    >>> direct_sum(Scheme.strassen(), Scheme.strassen(), "m").format
    (2, 4, 2)
    """
    d = _dim(dim)
    ring = _common_ring(a, b)
    fa, fb = a.format, b.format
    if any(fa[k] != fb[k] for k in range(3) if k != d):
        raise InputError(f"formats {fa} and {fb} must agree outside dimension {dim!r}")
    fmt = tuple(fa[k] + fb[k] if k == d else fa[k] for k in range(3))
    off = tuple(fa[k] if k == d else 0 for k in range(3))
    parts = [np.vstack([x, y]) for x, y in zip(_embed(a, fmt, (0, 0, 0)), _embed(b, fmt, off))]
    return Scheme(*fmt, *parts, ring)


def product(a: Scheme, b: Scheme) -> Scheme:
    """Tensor product: a scheme for <n1 n2, m1 m2, p1 p2> of rank r1 r2.

    Examples
    --------
    >>> s = product(Scheme.strassen(), Scheme.strassen())
    >>> s.format, s.rank, s.is_ternary
    ((4, 4, 4), 49, True)
    """
    ring = _common_ring(a, b)
    (n1, m1, p1), (n2, m2, p2) = a.format, b.format
    ra, rb = a.rank, b.rank

    def kron(x, y, sx, sy):  # rows of x are sx[0] x sx[1] matrices, rows of y sy[0] x sy[1]
        out = x.reshape(ra, 1, sx[0], 1, sx[1], 1) * y.reshape(1, rb, 1, sy[0], 1, sy[1])
        return out.reshape(ra * rb, sx[0] * sy[0] * sx[1] * sy[1])

    u = kron(a.u, b.u, (n1, m1), (n2, m2))
    v = kron(a.v, b.v, (m1, p1), (m2, p2))
    w = kron(a.w, b.w, (p1, n1), (p2, n2))
    return Scheme(n1 * n2, m1 * m2, p1 * p2, u, v, w, ring)


def cyclic(s: Scheme) -> Scheme:
    """The scheme (v, w, u) for <m, p, n>.

    Examples
    --------
    >>> cyclic(Scheme.naive(2, 3, 4)).format
    (3, 4, 2)
    """
    return Scheme(s.m, s.p, s.n, s.v, s.w, s.u, s.ring)


def transpose(s: Scheme) -> Scheme:
    """The scheme for <p, m, n> from (AB)^T = B^T A^T.

    Examples
    --------
    >>> transpose(Scheme.naive(2, 3, 4)).format
    (4, 3, 2)
    """
    n, m, p = s.format
    r = s.rank
    u = s.v.reshape(r, m, p).transpose(0, 2, 1).reshape(r, -1)
    v = s.u.reshape(r, n, m).transpose(0, 2, 1).reshape(r, -1)
    w = s.w.reshape(r, p, n).transpose(0, 2, 1).reshape(r, -1)
    return Scheme(p, m, n, u, v, w, s.ring)


def permute(s: Scheme, order: tuple[int, int, int]) -> Scheme:
    """The scheme for the format ``(dims[order[0]], dims[order[1]], dims[order[2]])``.

    Examples
    --------
    >>> permute(Scheme.naive(2, 3, 4), (2, 0, 1)).format
    (4, 2, 3)
    """
    if sorted(order) != [0, 1, 2]:
        raise InputError(f"order must be a permutation of (0, 1, 2), got {order!r}")
    from cayley import CayleyGraph
    from cayley.paths import shortest_word

    # The format maps act on the dimension labels (n, m, p) by gathering: cyclic takes
    # (a, b, c) to (b, c, a), transpose to (c, b, a). A shortest word in S_3 by the core's
    # BFS, replayed on the scheme, gives the scheme of the permuted format.
    labels = CayleyGraph([np.array([1, 2, 0]), np.array([2, 1, 0])], names=["cyclic", "transpose"])
    moves = {"cyclic": cyclic, "transpose": transpose}
    for name in shortest_word(labels, list(order)).word:
        s = moves[name](s)
    return s


def strassen_start(n: int, m: int, p: int, ring: str = "zt") -> Scheme:
    """A start scheme for <n,m,p> built from 2x2x2 Strassen blocks and naive borders.

    The better of two constructions: even parts of each dimension tiled with Strassen
    blocks (direct sums) with odd remainders added by :func:`extend`; and, when every
    dimension is even, Strassen (x) the start for the halved format (:func:`product`),
    e.g. 49 for 4x4x4.

    Examples
    --------
    >>> strassen_start(2, 2, 4).rank, strassen_start(4, 4, 4).rank
    (14, 49)
    """
    n, m, p = check_format(n, m, p)
    if min(n, m, p) < 2:
        return Scheme.naive(n, m, p, ring)
    s = Scheme.strassen(ring)
    for d, size in enumerate((n, m, p)):
        block = s
        for _ in range(size // 2 - 1):
            s = direct_sum(s, block, d)
    for d, size in enumerate((n, m, p)):
        if size % 2:
            s = extend(s, d)
    if n % 2 == m % 2 == p % 2 == 0 and max(n, m, p) > 2:
        half = Scheme.naive(n // 2, m // 2, p // 2, ring) if min(n, m, p) == 2 else \
            strassen_start(n // 2, m // 2, p // 2, ring)
        prod = product(Scheme.strassen(ring), half)
        if prod.rank < s.rank:
            s = prod
    return s
