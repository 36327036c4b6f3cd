"""Perfect hashes of state spaces (numba kernels).

* Mixed-radix ranks over a stabilizer chain (any permutation group): see
  :meth:`cayley.PermutationGroup.rank`.
* Lehmer-code ranks of permutations of ``0..n-1`` (the symmetric group), and their halves for
  the even permutations (the alternating group).
* Multiset ranks of strings with repeated symbols (Schreier graphs on such states).

The wrappers fix dtypes so each kernel compiles once per layout.

Examples
--------
>>> import numpy as np
>>> from cayley import ranking
>>> ranking.lehmer_rank(np.array([[0, 1, 2], [2, 1, 0]])).tolist()
[0, 5]
"""
from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit, prange

from cayley._bits import popcount

__all__ = [
    "alternating_rank",
    "alternating_unrank",
    "alternating_unrank_cached",
    "bsgs_rank",
    "bsgs_unrank",
    "lehmer_rank",
    "lehmer_tail_digits",
    "lehmer_tail_parity",
    "lehmer_tail_table",
    "lehmer_unrank",
    "lehmer_unrank_cached",
    "new_lehmer_cache",
    "multiset_count",
    "multiset_rank",
    "multiset_unrank",
]


# ---------------------------------------------------------------------- stabilizer chains
_CHUNK = 4096


@njit(cache=True)
def _sift_digits(p, base, position, inverse_by_point, img, digits):
    """Transversal indices of ``p`` level by level; False if ``p`` is not in the group.

    ``img`` tracks the image of every point under the residue, which must end as the
    identity for ``p`` to be a group element.
    """
    n = p.shape[0]
    for x in range(n):
        img[x] = p[x]
    for level in range(base.shape[0]):
        point = img[base[level]]
        j = position[level, point]
        if j < 0:
            return False
        digits[level] = j
        for k in range(n):
            img[k] = inverse_by_point[level, point, img[k]]
    for x in range(n):
        if img[x] != x:
            return False
    return True


@njit(cache=True, parallel=True)
def _bsgs_rank_kernel(ps, base, position, inverse_by_point, radix, digits, ranks, ok):
    """Digits (when ``digits`` has rows) or int64 ranks (when ``ranks`` has rows) of each row."""
    m, n = ps.shape
    depth = base.shape[0]
    keep_digits = digits.shape[0] == m
    for chunk in prange((m + _CHUNK - 1) // _CHUNK):
        img = np.zeros(n, dtype=inverse_by_point.dtype)
        scratch = np.zeros(depth, dtype=np.int64)
        for r in range(chunk * _CHUNK, min(m, (chunk + 1) * _CHUNK)):
            ok[r] = _sift_digits(ps[r], base, position, inverse_by_point, img, scratch)
            if keep_digits:
                digits[r, :] = scratch
            else:
                value = 0
                for level in range(depth):
                    value = value * radix[level] + scratch[level]
                ranks[r] = value


def bsgs_rank(ps, tables, as_digits=False):
    """Ranks (int64) or transversal digits of the rows of ``ps``, with a membership flag per row.

    ``tables`` is :attr:`cayley.PermutationGroup.tables`. Rows must hold integers in
    ``0..degree-1`` (the caller checks the range).

    Examples
    --------
    >>> from cayley import symmetric
    >>> ranks, ok = bsgs_rank(np.array([[1, 0, 2]]), symmetric(3).tables)
    >>> ok.tolist()
    [True]
    """
    m = ps.shape[0]
    depth = tables["base"].shape[0]
    digits = np.zeros((m if as_digits else 0, depth), dtype=np.int64)
    ranks = np.zeros(0 if as_digits else m, dtype=np.int64)
    ok = np.zeros(m, dtype=np.bool_)
    _bsgs_rank_kernel(
        np.ascontiguousarray(ps), tables["base"], tables["position"],
        tables["inverse_by_point"], tables["radix"], digits, ranks, ok,
    )
    return (digits if as_digits else ranks), ok


@njit(cache=True, parallel=True)
def _bsgs_unrank_kernel(digits, ranks, radix, transversal, out):
    """Elements from digits (when ``digits`` has rows) or from int64 ranks."""
    m, n = out.shape
    depth = radix.shape[0]
    from_digits = digits.shape[0] == m
    for chunk in prange((m + _CHUNK - 1) // _CHUNK):
        scratch = np.zeros(depth, dtype=np.int64)
        g = np.empty(n, dtype=transversal.dtype)
        for r in range(chunk * _CHUNK, min(m, (chunk + 1) * _CHUNK)):
            if from_digits:
                scratch[:] = digits[r]
            else:
                value = ranks[r]
                for level in range(depth - 1, -1, -1):
                    scratch[level] = value % radix[level]
                    value //= radix[level]
            for x in range(n):
                g[x] = x
            for level in range(depth - 1, -1, -1):  # g = u[L-1] then ... then u[0]
                u = transversal[level, scratch[level]]
                for x in range(n):
                    g[x] = u[g[x]]
            for x in range(n):
                out[r, x] = g[x]


def bsgs_unrank(tables, degree, ranks=None, digits=None):
    """Group elements from int64 ``ranks`` or from transversal ``digits`` (give one).

    Examples
    --------
    >>> from cayley import symmetric
    >>> bsgs_unrank(symmetric(3).tables, 3, ranks=np.array([0])).tolist()
    [[0, 1, 2]]
    """
    depth = tables["base"].shape[0]
    if digits is None:
        ranks = np.ascontiguousarray(ranks, dtype=np.int64)
        digits = np.zeros((0, depth), dtype=np.int64)
        m = ranks.shape[0]
    else:
        digits = np.ascontiguousarray(digits, dtype=np.int64)
        ranks = np.zeros(0, dtype=np.int64)
        m = digits.shape[0]
    out = np.empty((m, degree), dtype=np.int64)
    _bsgs_unrank_kernel(digits, ranks, tables["radix"], tables["compact_transversal"], out)
    return out


# ---------------------------------------------------------------------- Lehmer codes
@njit(cache=True, inline="always")
def _lehmer_rank_one(p):
    """Lexicographic rank of ``p``, or -1 when ``p`` repeats a value (is not a permutation)."""
    n = p.shape[0]
    rank = 0
    used = 0
    for i in range(n):
        v = p[i]
        bit = 1 << v
        if used & bit:
            return -1
        rank = rank * (n - i) + v - popcount(used & (bit - 1))
        used |= bit
    return rank


@njit(cache=True, parallel=True)
def _lehmer_rank_kernel(ps, out):
    for r in prange(ps.shape[0]):
        out[r] = _lehmer_rank_one(ps[r])


@functools.cache
def tail_table_cached(t: int) -> np.ndarray:
    """:func:`lehmer_tail_table`, built once per ``t`` and shared: do not modify it. Left
    writeable, as numba compiles read-only arrays as another type."""
    return lehmer_tail_table(t)


def lehmer_tail_table(t: int) -> np.ndarray:
    """All permutations of ``0..t-1`` in lexicographic order, as a ``(t!, t)`` uint8 array.

    Examples
    --------
    >>> lehmer_tail_table(3).tolist()
    [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
    """
    if not 0 <= t <= 10:
        raise ValueError(f"lehmer_tail_table: t must lie in 0..10 (t! rows of t bytes), got {t}")
    rows = np.zeros((1, 0), dtype=np.uint8)
    for m in range(1, t + 1):
        # the permutations of 0..m-1 starting with f, in order: f, then the rows of m - 1
        # mapped onto the other values in increasing order
        blocks = []
        for f in range(m):
            others = np.delete(np.arange(m, dtype=np.uint8), f)
            blocks.append(np.hstack([np.full((rows.shape[0], 1), f, dtype=np.uint8), others[rows]]))
        rows = np.vstack(blocks)
    return rows


@functools.cache
def tail_digits_cached(t: int) -> np.ndarray:
    """:func:`lehmer_tail_digits`, built once per ``t`` and shared (see
    :func:`tail_table_cached`)."""
    return lehmer_tail_digits(t)


def lehmer_tail_digits(t: int) -> np.ndarray:
    """Lehmer digits of each row of :func:`lehmer_tail_table` (digit ``i``: the smaller values
    right of position ``i``), as a ``(t!, t)`` uint8 array.

    Examples
    --------
    >>> lehmer_tail_digits(3).tolist()
    [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0], [2, 0, 0], [2, 1, 0]]
    """
    if not 0 <= t <= 10:
        raise ValueError(f"lehmer_tail_digits: t must lie in 0..10 (t! rows of t bytes), got {t}")
    digits = np.empty((math.factorial(t), t), dtype=np.uint8)
    for i in range(t):  # row k's digits are k's factorial-base digits: that is the Lehmer rank
        run = np.repeat(np.arange(t - i, dtype=np.uint8), math.factorial(t - 1 - i))
        digits[:, i] = np.tile(run, math.factorial(t) // run.size)
    return digits


@functools.cache
def tail_parity_cached(t: int) -> np.ndarray:
    """:func:`lehmer_tail_parity`, built once per ``t`` and shared (see
    :func:`tail_table_cached`)."""
    return lehmer_tail_parity(t)


def lehmer_tail_parity(t: int) -> np.ndarray:
    """Parity (0 even, 1 odd) of each row of :func:`lehmer_tail_table`, as a uint8 array.

    Examples
    --------
    >>> lehmer_tail_parity(3).tolist()
    [0, 1, 1, 0, 0, 1]
    """
    return tail_digits_cached(t).sum(axis=1, dtype=np.uint8) & 1  # parity of the digit sum


@njit(cache=True, inline="always")
def new_lehmer_cache(n):
    """The scratch of :func:`lehmer_unrank_cached` for degree ``n`` (``2 + 2n`` entries, no
    prefix decoded yet)."""
    return np.full(2 + 2 * n, -1, dtype=np.int64)


@njit(cache=True, inline="always")
def lehmer_unrank_cached(r, n, tail, cache):
    """Write the permutation of lexicographic rank ``r`` into ``cache[2:2+n]``.

    ``tail`` is :func:`lehmer_tail_table` of ``t <= n``: row ``k`` is the permutation of rank
    ``k`` of ``0..t-1``, which gives the last ``t`` positions without any division.
    ``cache[0]`` holds the prefix index last decoded, ``cache[1]`` the parity of that prefix's
    Lehmer digits, ``cache[2+n:2+n+t]`` the sorted unused values after that prefix. Only a new
    prefix costs divisions. Returns the tail row used, ``r mod t!``.
    """
    t = tail.shape[1]
    tail_count = tail.shape[0]
    if tail_count == 40320:  # the usual 8! rows: a division by a constant is a multiplication
        hi = r // 40320
    else:
        hi = r // tail_count
    lo = r - hi * tail_count
    if cache[0] != hi:
        cache[0] = hi
        value = hi
        k = n - t
        digit_sum = 0
        # digits of hi in radices (n - i) for i < k, least significant (i = k-1) first
        for i in range(k - 1, -1, -1):
            radix = n - i
            cache[2 + i] = value % radix
            digit_sum += cache[2 + i]
            value //= radix
        cache[1] = digit_sum & 1
        unused = (1 << n) - 1
        for i in range(k):
            d = cache[2 + i]
            v = 0
            while True:  # the d-th smallest unused value
                if unused & (1 << v):
                    if d == 0:
                        break
                    d -= 1
                v += 1
            cache[2 + i] = v
            unused &= ~(1 << v)
        j = 0
        for v in range(n):
            if unused & (1 << v):
                cache[2 + n + j] = v
                j += 1
    k = n - t
    for j in range(t):
        cache[2 + k + j] = cache[2 + n + tail[lo, j]]
    return lo


@njit(cache=True, inline="always")
def alternating_unrank_cached(k, n, tail, tail_parity, cache):
    """Write the even permutation of alternating rank ``k`` into ``cache[2:2+n]`` (n >= 2).

    The permutations of Lehmer ranks ``2k`` and ``2k+1`` differ only in the digit of weight
    1!, i.e. by swapping the last two entries, so exactly one of them is even: that one has
    rank ``k``. A permutation's parity is the parity of its Lehmer digit sum, here the
    prefix's (``cache[1]``, see :func:`lehmer_unrank_cached`) plus the tail row's
    (``tail_parity``, see :func:`lehmer_tail_parity`). Returns the tail row of ``2k``.
    """
    lo = lehmer_unrank_cached(2 * k, n, tail, cache)
    if (cache[1] + tail_parity[lo]) & 1:
        cache[n], cache[n + 1] = cache[n + 1], cache[n]
    return lo


@njit(cache=True, parallel=True)
def _lehmer_unrank_kernel(ranks, n, tail, tail_parity, even, out):
    """Permutations of the given Lehmer ranks, or of the given alternating ranks when ``even``."""
    m = ranks.shape[0]
    for chunk in prange((m + _CHUNK - 1) // _CHUNK):
        cache = new_lehmer_cache(n)
        for r in range(chunk * _CHUNK, min(m, (chunk + 1) * _CHUNK)):
            if even:
                alternating_unrank_cached(ranks[r], n, tail, tail_parity, cache)
            else:
                lehmer_unrank_cached(ranks[r], n, tail, cache)
            for i in range(n):
                out[r, i] = cache[2 + i]


def _checked_rows(ps, caller: str, min_degree: int) -> np.ndarray:
    """``ps`` as a contiguous ``(m, n)`` integer array with entries in ``0..n-1``, or ValueError."""
    ps = np.ascontiguousarray(ps)
    if ps.ndim != 2 or not np.issubdtype(ps.dtype, np.integer):
        raise ValueError(f"{caller}: expected an (m, n) integer array, got shape {ps.shape}, dtype {ps.dtype}")
    if not min_degree <= ps.shape[1] <= 20:
        raise ValueError(f"{caller}: degree must be in {min_degree}..20 (20! < 2**63), got {ps.shape[1]}")
    if ps.size and (ps.min() < 0 or ps.max() >= ps.shape[1]):
        raise ValueError(f"{caller}: entries must lie in 0..{ps.shape[1] - 1}")
    return ps


def lehmer_rank(ps: np.ndarray) -> np.ndarray:
    """Lexicographic ranks of the rows of an ``(m, n)`` array of permutations (n <= 20).

    Rows must hold values in ``0..n-1``; a row that repeats a value gets rank -1.

    Examples
    --------
    >>> lehmer_rank(np.array([[1, 0, 2]])).tolist()
    [2]
    """
    ps = _checked_rows(ps, "lehmer_rank", min_degree=0)
    out = np.empty(ps.shape[0], dtype=np.int64)
    _lehmer_rank_kernel(ps, out)
    return out


def lehmer_unrank(ranks: np.ndarray, n: int) -> np.ndarray:
    """Permutations of ``0..n-1`` with the given lexicographic ranks.

    Examples
    --------
    >>> lehmer_unrank(np.array([5]), 3).tolist()
    [[2, 1, 0]]
    """
    if not 0 <= n <= 20:
        raise ValueError(f"lehmer_unrank: n must be in 0..20, got {n}")
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    if ranks.size and (ranks.min() < 0 or ranks.max() >= math.factorial(n)):
        raise ValueError(f"lehmer_unrank: ranks must lie in range({n}!)")
    out = np.empty((ranks.shape[0], n), dtype=np.int64)
    _lehmer_unrank_kernel(ranks, n, tail_table_cached(min(n, 8)), tail_parity_cached(1), False, out)
    return out


@njit(cache=True)
def _is_odd(p):
    odd = 0
    for i in range(p.shape[0]):
        for j in range(i + 1, p.shape[0]):
            odd ^= p[i] > p[j]
    return odd


@njit(cache=True, parallel=True)
def _alternating_rank_kernel(ps, out):
    for r in prange(ps.shape[0]):
        rank = _lehmer_rank_one(ps[r])
        out[r] = -1 if rank < 0 or _is_odd(ps[r]) else rank >> 1


def alternating_rank(ps: np.ndarray) -> np.ndarray:
    """Ranks of even permutations among the even permutations of ``0..n-1`` (2 <= n <= 20).

    The rank is the lexicographic (Lehmer) rank halved: lexicographic order restricted to
    the alternating group. A row that is not an even permutation gets rank -1.

    Examples
    --------
    >>> alternating_rank(np.array([[0, 1, 2], [1, 2, 0], [1, 0, 2]])).tolist()
    [0, 1, -1]
    """
    ps = _checked_rows(ps, "alternating_rank", min_degree=2)
    out = np.empty(ps.shape[0], dtype=np.int64)
    _alternating_rank_kernel(ps, out)
    return out


def alternating_unrank(ranks: np.ndarray, n: int) -> np.ndarray:
    """Even permutations of ``0..n-1`` with the given alternating ranks (inverse of
    :func:`alternating_rank`).

    Examples
    --------
    >>> alternating_unrank(np.array([0, 1, 2]), 3).tolist()
    [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
    """
    if not 2 <= n <= 20:
        raise ValueError(f"alternating_unrank: n must be in 2..20, got {n}")
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    if ranks.size and (ranks.min() < 0 or ranks.max() >= math.factorial(n) // 2):
        raise ValueError(f"alternating_unrank: ranks must lie in range({n}!/2)")
    t = min(n, 8)
    out = np.empty((ranks.shape[0], n), dtype=np.int64)
    _lehmer_unrank_kernel(ranks, n, tail_table_cached(t), tail_parity_cached(t), True, out)
    return out


# ---------------------------------------------------------------------- multisets
def multiset_count(counts: np.ndarray) -> int:
    """Number of distinct arrangements of a multiset with the given symbol counts.

    Examples
    --------
    >>> multiset_count(np.array([2, 2]))
    6
    """
    counts = [int(c) for c in counts]
    return math.factorial(sum(counts)) // math.prod(math.factorial(c) for c in counts)




@njit(cache=True, inline="always")
def arrangements(remaining, total, factorial):
    """Distinct arrangements of ``total`` symbols with ``remaining[s]`` copies of symbol ``s``."""
    value = factorial[total]
    for s in range(remaining.shape[0]):
        value //= factorial[remaining[s]]
    return value


@njit(cache=True, inline="always")
def multiset_rank_one(state, counts, factorial, remaining):
    """Lexicographic rank of one string; ``remaining`` is scratch of ``counts``' shape."""
    n = state.shape[0]
    remaining[:] = counts
    rank = 0
    for i in range(n):
        v = state[i]
        for s in range(v):
            if remaining[s] > 0:
                remaining[s] -= 1
                rank += arrangements(remaining, n - i - 1, factorial)
                remaining[s] += 1
        remaining[v] -= 1
    return rank


@njit(cache=True, inline="always")
def multiset_unrank_one(r, out, counts, factorial, remaining):
    """Write the string of rank ``r`` into ``out`` (inverse of :func:`multiset_rank_one`)."""
    n = out.shape[0]
    remaining[:] = counts
    value = r
    for i in range(n):
        for s in range(remaining.shape[0]):
            if remaining[s] == 0:
                continue
            remaining[s] -= 1
            block = arrangements(remaining, n - i - 1, factorial)
            if value < block:
                out[i] = s
                break
            value -= block
            remaining[s] += 1


@njit(cache=True, parallel=True)
def _multiset_rank_kernel(states, counts, factorial, out):
    for r in prange(states.shape[0]):
        out[r] = multiset_rank_one(states[r], counts, factorial, counts.copy())


@njit(cache=True, parallel=True)
def _multiset_unrank_kernel(ranks, counts, factorial, out):
    for r in prange(ranks.shape[0]):
        multiset_unrank_one(ranks[r], out[r], counts, factorial, counts.copy())


def _check_multiset(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = np.asarray(counts, dtype=np.int64)
    n = int(counts.sum())
    if n > 20 or multiset_count(counts) > 2**62:
        raise ValueError("multiset ranks need sum(counts) <= 20 so that counts fit in int64")
    factorial = np.array([math.factorial(k) for k in range(n + 1)], dtype=np.int64)
    return counts, factorial


def multiset_rank(states: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Lexicographic ranks of strings over ``0..k-1`` with symbol ``s`` used ``counts[s]`` times.

    Examples
    --------
    >>> multiset_rank(np.array([[0, 0, 1], [1, 0, 0]]), np.array([2, 1])).tolist()
    [0, 2]
    """
    counts, factorial = _check_multiset(counts)
    states = np.ascontiguousarray(states, dtype=np.int64)
    if states.ndim != 2 or states.shape[1] != counts.sum():
        raise ValueError(f"multiset_rank: expected an (m, {counts.sum()}) array, got shape {states.shape}")
    tallies = np.stack([(states == s).sum(axis=1) for s in range(len(counts))], axis=1)
    if states.size and (states.min() < 0 or not (tallies == counts).all()):
        raise ValueError(f"multiset_rank: every row must use symbol s exactly counts[s] times, counts={counts.tolist()}")
    out = np.empty(states.shape[0], dtype=np.int64)
    _multiset_rank_kernel(states, counts, factorial, out)
    return out


def multiset_unrank(ranks: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Inverse of :func:`multiset_rank`.

    Examples
    --------
    >>> multiset_unrank(np.array([2]), np.array([2, 1])).tolist()
    [[1, 0, 0]]
    """
    counts, factorial = _check_multiset(counts)
    ranks = np.ascontiguousarray(ranks, dtype=np.int64)
    out = np.empty((ranks.shape[0], int(counts.sum())), dtype=np.int64)
    _multiset_unrank_kernel(ranks, counts, factorial, out)
    return out
