"""Bit-packing of factor vectors: one uint64 word per vector (values), plus one for signs.

A factor vector x with entries in {-1, 0, 1} and length <= 64 is stored as two words:
``mask`` (bit b set where x[b] != 0) and ``sign`` (bit b set where x[b] == -1; always a
subset of ``mask``). Over GF(2) only ``mask`` is used and ``sign`` is zero.

Walker state is a structure of arrays: ``masks[walker, dim, term]`` and
``signs[walker, dim, term]`` (dim 0 = u, 1 = v, 2 = w), ``ranks[walker]``. A GPU twin can
use the same arrays transposed to (dim, term, walker) for coalesced access.
"""
from __future__ import annotations

import numpy as np

from cayley.errors import InputError

from ._scheme import Scheme

WORD_BITS = 64


def check_word_width(n: int, m: int, p: int) -> None:
    """Raise InputError if a factor of the <n,m,p> format does not fit one 64-bit word."""
    lengths = {"u (n*m)": n * m, "v (m*p)": m * p, "w (p*n)": p * n}
    too_long = {k: v for k, v in lengths.items() if v > WORD_BITS}
    if too_long:
        raise InputError(
            f"format {n}x{m}x{p} has factor vectors longer than {WORD_BITS} entries "
            f"({', '.join(f'{k} = {v}' for k, v in too_long.items())}); the walk kernels "
            f"support n*m, m*p, p*n <= {WORD_BITS}"
        )


def pack_vectors(rows: np.ndarray, ternary: bool) -> tuple[np.ndarray, np.ndarray]:
    """Pack an (r, L) coefficient array into (mask, sign) uint64 words of length r.

    Examples
    --------
    >>> m, s = pack_vectors(np.array([[1, 0, -1]]), ternary=True)
    >>> int(m[0]), int(s[0])
    (5, 4)
    """
    rows = np.asarray(rows)
    if rows.dtype == object:
        raise InputError("rational coefficients cannot be packed; the walk needs coefficients in {-1, 0, 1}")
    if rows.shape[1] > WORD_BITS:
        raise InputError(f"factor length {rows.shape[1]} exceeds the {WORD_BITS}-bit word")
    if ternary:
        if rows.size and np.abs(rows).max() > 1:
            raise InputError("ternary packing needs coefficients in {-1, 0, 1}")
        nonzero, negative = rows != 0, rows < 0
    else:
        nonzero, negative = (rows % 2) != 0, np.zeros(rows.shape, bool)
    weights = np.left_shift(np.uint64(1), np.arange(rows.shape[1], dtype=np.uint64))
    mask = (nonzero.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
    sign = (negative.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
    return mask, sign


def unpack_vectors(mask: np.ndarray, sign: np.ndarray, length: int) -> np.ndarray:
    """Inverse of :func:`pack_vectors`: (r,) words to an (r, length) int64 array."""
    bits = np.arange(length, dtype=np.uint64)
    nonzero = (mask[:, None] >> bits) & np.uint64(1)
    negative = (sign[:, None] >> bits) & np.uint64(1)
    return nonzero.astype(np.int64) * (1 - 2 * negative.astype(np.int64))


def pack_scheme(scheme: Scheme, ternary: bool, capacity: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pack a scheme into ``masks``, ``signs`` of shape (3, capacity).

    ``capacity`` (default: the rank) leaves room for plus transitions.
    """
    check_word_width(*scheme.format)
    cap = max(capacity or 0, scheme.rank)
    masks = np.zeros((3, cap), np.uint64)
    signs = np.zeros((3, cap), np.uint64)
    for d, rows in enumerate(scheme.factors()):
        masks[d, :scheme.rank], signs[d, :scheme.rank] = pack_vectors(rows, ternary)
    return masks, signs


def unpack_scheme(n: int, m: int, p: int, masks: np.ndarray, signs: np.ndarray, rank: int, ring: str) -> Scheme:
    """Build a :class:`Scheme` from the first ``rank`` packed terms."""
    lengths = (n * m, m * p, p * n)
    u, v, w = (unpack_vectors(masks[d, :rank], signs[d, :rank], lengths[d]) for d in range(3))
    return Scheme(n, m, p, u, v, w, ring)
