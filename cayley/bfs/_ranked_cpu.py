"""Numba kernels of the ranked BFS engine.

One byte per state, Korf-style codes: 0 unseen, 1 current layer, 2 next layer, 3 visited.
Marking writes the constant 2 into a byte, so threads racing on the same state agree and no
update is lost; no atomics are needed. The array is split into blocks; a layer expands only
the blocks that hold current states and converts (1 -> 3, 2 -> 1, eight bytes at a time)
only the blocks that were touched. Inside a block, one flag byte per 64-byte line says
whether the line holds current states (``lines[0]``) or next ones (``lines[1]``), so sparse
layers scan and convert only those lines, not the whole array.

A state space has a *kind* of perfect hash:

* ``LEHMER``: permutations of ``0..n-1`` (Cayley graphs of S_n), lexicographic rank. Unranking
  in scan order caches the decoded prefix and reads the last ``t`` positions from a table.
* ``ALTERNATING``: even permutations (Cayley graphs of A_n), the Lehmer rank halved; unranking
  is Lehmer unranking of ``2k`` plus a swap of the last two entries when that one is odd.
* ``SIGNED``: signed permutations on ``2n`` points, point ``i`` paired with ``n+i`` (Cayley
  graphs of the hyperoctahedral group B_n, e.g. burnt pancakes): the Lehmer rank of the
  underlying permutation times ``2^n`` plus the sign bits. The first ``n`` entries determine
  a state; each is ``v`` (sign 0) or ``n+v`` (sign 1) for the underlying value ``v``.
* ``MULTISET``: strings with repeated symbols (Schreier graphs), lexicographic multiset rank.
* ``BSGS``: elements of a permutation group, mixed-radix rank over its stabilizer chain.
* ``ROTATION``: permutations of ``0..n-1`` for generating sets with a rotation of positions.
  A state is its *offset* ``k`` (the position of value 0) and its *tail*, the values after
  0 read cyclically (a permutation of ``n-1`` values, minus one each); rank = ``k`` times
  ``(n-1)!`` plus the Lehmer rank of the tail. The states of one offset form a *plane*; a
  rotation only changes the plane (same tail, no ranking at all), and any other generator
  permutes a window of the tail, re-ranked from the tail's Lehmer digits or prefix sums. In
  dense layers whole planes are expanded at once (:mod:`cayley.bfs._planes_cpu`).
* ``ROTATION_EVEN``: the same for A_n with ``n`` odd (rotations are even, so the tail is an
  even permutation); the tail's rank is halved as for ``ALTERNATING`` and a plane holds
  ``(n-1)!/2`` states.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit, prange

from cayley._bits import popcount, prefetch, trailing_zeros
from cayley.ranking import alternating_unrank_cached, lehmer_unrank_cached, multiset_rank_one, multiset_unrank_one

LEHMER, MULTISET, BSGS, ALTERNATING, SIGNED, ROTATION, ROTATION_EVEN = KINDS = 0, 1, 2, 3, 4, 5, 6
UNSEEN, CURRENT, NEXT, VISITED = 0, 1, 2, 3
_LOW = np.uint64(0x0101010101010101)
LINE_SHIFT = 6  # 64-byte lines (8 words) carry the current / next flags of ``lines``
_PENDING = 512  # neighbour ranks buffered before marking
_PULL_BATCH = 64  # unseen states whose neighbours are ranked before any is read




class RankTables(NamedTuple):
    """The arrays the rank and unrank kernels of every hash kind read (one type for all
    kinds, so each kernel compiles once; a kind leaves the tables it does not use as
    one-element placeholders, see :func:`cayley.bfs._state_space.rank_tables`)."""

    fact: np.ndarray  # int64 k! for k <= n (Lehmer, alternating, signed, rotation hashes)
    tail: np.ndarray  # uint8 rows of the last positions' permutations (Lehmer unranker)
    counts: np.ndarray  # int64 symbol counts (multiset)
    factorial: np.ndarray  # int64 k! for k <= n (multiset)
    base: np.ndarray  # int64 base points (stabilizer chain)
    position: np.ndarray  # int64 (level, point) -> transversal index (stabilizer chain)
    inverse_by_point: np.ndarray  # uint8 inverse transversal elements by point (stabilizer chain)
    scratch: np.ndarray  # int64 per-thread scratch of the multiset and chain ranks
    radix: np.ndarray  # int64 transversal sizes (stabilizer chain)
    transversal: np.ndarray  # uint8 transversal elements (stabilizer chain)
    tail_parity: np.ndarray  # uint8 parities of the tail rows (alternating hashes)
    rotation_tail: np.ndarray  # int64 (generator, offset, position) -> tail position (rotation)
    rotation_window: np.ndarray  # int64 (generator, offset) -> first, last moved, new offset (rotation)
    tail_digits: np.ndarray  # uint8 Lehmer digits of the tail rows


# ---------------------------------------------------------------------- hashes
@njit(cache=True, inline="always")
def _lehmer_rank(state, n, fact, stop):
    """Lexicographic rank contribution of positions ``0..stop-1`` of a permutation of 0..n-1.

    With ``stop = n`` this is the rank. The digit of position ``i`` is the number of smaller
    values to its right, i.e. ``v`` minus the smaller values to its left.
    """
    used = 0
    rank = 0
    for i in range(stop):
        v = state[i]
        rank += (v - popcount(used & ((1 << v) - 1))) * fact[n - 1 - i]
        used |= 1 << v
    return rank


@njit(cache=True, inline="always")
def _signed_rank(state, fact):
    """``SIGNED`` rank: Lehmer rank of the underlying permutation, then the sign bits."""
    n = state.shape[0] // 2
    used = 0
    rank = 0
    signs = 0
    for i in range(n):
        v = state[i]
        if v >= n:
            v -= n
            signs |= 1 << i
        rank += (v - popcount(used & ((1 << v) - 1))) * fact[n - 1 - i]
        used |= 1 << v
    return (rank << n) | signs


@njit(cache=True, inline="always")
def _signed_unrank(r, state, tail, cache):
    """Inverse of :func:`_signed_rank`; consecutive ranks share the cached Lehmer prefix."""
    n = state.shape[0] // 2
    lehmer_unrank_cached(r >> n, n, tail, cache)
    for i in range(n):  # no branch on a sign: the predictor would miss half the time
        sign = (r >> i) & 1
        state[i] = cache[2 + i] + n * sign
        state[n + i] = cache[2 + i] + n * (1 - sign)


@njit(cache=True, inline="always")
def _bsgs_rank(state, base, position, inverse_by_point, radix, img):
    depth = base.shape[0]
    for level in range(depth):
        img[level] = state[base[level]]
    rank = 0
    for level in range(depth):
        point = img[level]
        rank = rank * radix[level] + position[level, point]
        for k in range(level + 1, depth):
            img[k] = inverse_by_point[level, point, img[k]]
    return rank


@njit(cache=True, inline="always")
def _bsgs_unrank(r, out, radix, transversal, digits):
    depth = radix.shape[0]
    n = out.shape[0]
    value = r
    for level in range(depth - 1, -1, -1):
        digits[level] = value % radix[level]
        value //= radix[level]
    for x in range(n):
        out[x] = x
    for level in range(depth - 1, -1, -1):
        u = transversal[level, digits[level]]
        for x in range(n):
            out[x] = u[out[x]]


@njit(cache=True, inline="always")
def _rank(kind, state, t):
    """Rank of ``state`` under hash ``kind`` with tables ``t`` (see :func:`_unrank`)."""
    if kind == LEHMER:
        return _lehmer_rank(state, state.shape[0], t.fact, state.shape[0])
    if kind == ALTERNATING:
        return _lehmer_rank(state, state.shape[0], t.fact, state.shape[0]) >> 1
    if kind == SIGNED:
        return _signed_rank(state, t.fact)
    if kind == ROTATION or kind == ROTATION_EVEN:
        return _rotation_rank(kind, state, t.fact, t.scratch)
    return _rank_other(kind, state, t)


@njit(cache=True, inline="always")
def plane_size(kind, fact, n):
    """States per offset (plane) of a rotation hash of degree ``n``: ``(n-1)!`` or half that."""
    return fact[n - 1] >> 1 if kind == ROTATION_EVEN else fact[n - 1]


@njit(cache=True)
def _rotation_rank(kind, state, fact, tail):
    """``ROTATION`` rank: the offset of value 0 times the plane size plus the tail's rank
    (``tail`` is scratch of at least ``n - 1`` entries)."""
    n = state.shape[0]
    k = 0
    while state[k] != 0:
        k += 1
    for j in range(1, n):
        i = k + j
        tail[j - 1] = state[i - n if i >= n else i] - 1
    rank = _lehmer_rank(tail, n - 1, fact, n - 1)
    if kind == ROTATION_EVEN:
        rank >>= 1
    return k * plane_size(kind, fact, n) + rank


@njit(cache=True)
def _rank_other(kind, state, t):
    """:func:`_rank` for the multiset and stabilizer-chain hashes. Not inlined: the run-time
    switches (:func:`_rank`, :func:`_neighbour_rank`) would compile these bodies into every
    caller, and as calls they cost little next to their own work."""
    if kind == MULTISET:
        return multiset_rank_one(state, t.counts, t.factorial, t.scratch)
    return _bsgs_rank(state, t.base, t.position, t.inverse_by_point, t.radix, t.scratch)


@njit(cache=True, inline="always")
def _unrank(kind, r, state, t, cache):
    """Write the state of rank ``r`` into ``state``.

    ``t`` = (fact, tail, counts, factorial, base, position, inverse_by_point, scratch, radix,
    transversal, tail_parity, rotation_tail, rotation_window, tail_digits); ``cache`` is the
    Lehmer prefix cache (:func:`new_cache`).
    """
    if kind == LEHMER or kind == ALTERNATING:
        _unrank_lehmer(kind, r, state, t, cache)
    elif kind == SIGNED:
        _signed_unrank(r, state, t.tail, cache)
    elif kind == ROTATION or kind == ROTATION_EVEN:
        _unrank_rotation(kind, r, state, t, cache)
    else:
        _unrank_other(kind, r, state, t, cache)


@njit(cache=True, inline="always")
def _unrank_lehmer(kind, r, state, t, cache):
    """:func:`_unrank` for the Lehmer and alternating hashes; returns the tail table row
    read (see :func:`cayley.ranking.lehmer_unrank_cached`)."""
    n = state.shape[0]
    if kind == LEHMER:
        row = lehmer_unrank_cached(r, n, t.tail, cache)
    else:
        row = alternating_unrank_cached(r, n, t.tail, t.tail_parity, cache)
    for i in range(n):
        state[np.uint64(i)] = cache[np.uint64(2 + i)]
    return row


@njit(cache=True)
def _unrank_rotation(kind, r, state, t, cache):
    """:func:`_unrank` for the rotation hashes. Out of line: the layer kernels decode through
    :func:`_prepare_rotation` instead, :func:`collect` needs it once per last-layer state, and
    the run-time switch's other callers never meet these hashes, so inlined it would only
    lengthen their compilation."""
    n = state.shape[0]
    k = _rotation_tail(kind, r, n, t, cache, 0)
    state[k] = 0
    for j in range(1, n):
        i = k + j
        state[i - n if i >= n else i] = cache[1 + j] + 1


@njit(cache=True)
def _unrank_other(kind, r, state, t, cache):
    """:func:`_unrank` for the multiset and stabilizer-chain hashes (not inlined, as
    :func:`_rank_other`)."""
    if kind == MULTISET:
        multiset_unrank_one(r, state, t.counts, t.factorial, t.scratch)
    else:
        _bsgs_unrank(r, state, t.radix, t.transversal, t.scratch)


@njit(cache=True, inline="always")
def new_cache(n):
    """Scratch of the cached unrankers for degree ``n``, one per thread; its regions:

    * ``[0, 2+2n)``: the Lehmer prefix cache (as :func:`cayley.ranking.new_lehmer_cache`);
    * :func:`_plane_slot`: the plane (offset) last decoded, rotation hashes;
    * :func:`_masks_at` (``n`` entries) and :func:`_prefix_at` (``n``): the prefix tables of
      :func:`_prefix_tables`, the last prefix rank being the whole tail's;
    * :func:`_digits_at` (``n``): the Lehmer digits of :func:`_lehmer_digits`.

    Every kernel that unranks takes its scratch from here (a shorter one would be written
    past its end by the rotation hashes).
    """
    return np.full(5 + 5 * n, -1, dtype=np.int64)


@njit(cache=True, inline="always")
def _plane_slot(n):
    return np.uint64(2 + 2 * n)


@njit(cache=True, inline="always")
def _masks_at(n):
    return np.uint64(4 + 2 * n)


@njit(cache=True, inline="always")
def _prefix_at(n):
    return np.uint64(4 + 3 * n)


@njit(cache=True, inline="always")
def _digits_at(n):
    return np.uint64(5 + 4 * n)


def moved_windows(gens: np.ndarray) -> np.ndarray:
    """``(first, last)`` position each generator moves (``(1, 0)`` for the identity)."""
    moved = gens != np.arange(gens.shape[1])
    return np.asarray([(np.flatnonzero(row)[0], np.flatnonzero(row)[-1]) if row.any() else (1, 0)
                       for row in moved], dtype=np.int64).reshape(-1, 2)


@njit(cache=True, inline="always")
def _rotation_tail(kind, r, n, t, cache, needs):
    """Decode the tail of rotation rank ``r`` into ``cache[2:n+1]`` (with what ``needs`` asks
    for, by :func:`_decode_tail`); return the offset.

    The offset last seen is kept in the cache: ranks in scan order stay in one plane.
    """
    size = plane_size(kind, t.fact, n)
    base = _plane_slot(n)
    k = cache[base]
    tail = r - k * size
    if np.uint64(tail) >= np.uint64(size):  # also when negative: one comparison
        k = r // size
        tail = r - k * size
        cache[base] = k
    _decode_tail(kind == ROTATION_EVEN, tail, n, t, cache, needs)
    return k


@njit(cache=True, inline="always")
def _decode_tail(even, rank, n, t, cache, needs):
    """Tail of rank ``rank`` (``m = n - 1`` values; an even one when ``even``) into the cache, with
    its prefix tables or Lehmer digits as ``needs`` says and then its Lehmer rank at
    ``cache[_prefix_at(n) + m]`` (where the prefix tables end with it)."""
    m = n - 1
    if even:
        row = alternating_unrank_cached(rank, m, t.tail, t.tail_parity, cache)
    else:
        row = lehmer_unrank_cached(rank, m, t.tail, cache)
    if needs & PREFIX_TABLES:
        _prefix_tables(cache[2:], m, t.fact, cache, n)
    elif needs & DIGITS:
        _lehmer_digits(cache[2:], m, t.tail_digits[row], cache, n)
        # the alternating unranker decoded Lehmer rank 2 rank or 2 rank + 1, told by the 1! digit
        cache[_prefix_at(n) + np.uint64(m)] = 2 * rank + (cache[m] > cache[m + 1]) if even else rank


@njit(cache=True, inline="always")
def _prefix_tables(values, m, fact, cache, n):
    """For the permutation ``values[:m]`` of ``0..m-1`` (in a degree-``n`` cache), store the
    set of values before each position ``i`` (``cache[_masks_at(n) + i]``, ``i < m``) and the
    Lehmer rank contribution of positions ``< i`` (``cache[_prefix_at(n) + i]``, ``i <= m``;
    the rank at ``i = m``)."""
    masks = _masks_at(n)
    prefix = _prefix_at(n)
    used = 0
    rank = 0
    for i in range(m):
        ui = np.uint64(i)
        v = values[ui]
        cache[masks + ui] = used
        cache[prefix + ui] = rank
        rank += (v - popcount(used & ((1 << v) - 1))) * fact[np.uint64(m - 1 - i)]
        used |= 1 << v
    cache[prefix + np.uint64(m)] = rank


PREFIX_TABLES, DIGITS = 1, 2  # what _prepare computes beside the state (prepare_needs)


@njit(cache=True, inline="always")
def prepare_needs(kind, windows, t):
    """What :func:`_prepare` must compute for generators with these ``windows``, as bits.

    ``PREFIX_TABLES`` when a window starts after position 0 (:func:`_window_rank`). For all
    but the signed hash a window of two adjacent positions, a transposition, needs the Lehmer
    ``DIGITS`` instead (:func:`_swap_rank`), unless another window needs the prefix tables
    anyway: those serve every window. The rotation hashes read their windows in the tail
    from ``t``.
    """
    if kind == ROTATION or kind == ROTATION_EVEN:
        windows = t.rotation_window.reshape(-1, 3)
    needs = 0
    for g in range(windows.shape[0]):
        a = windows[g, 0]
        if a > 0 and a <= windows[g, 1]:
            if kind != SIGNED and windows[g, 1] == a + 1:
                needs |= DIGITS
            else:
                needs |= PREFIX_TABLES
    return PREFIX_TABLES if needs & PREFIX_TABLES else needs


# The layer kernels visit a state in two steps: ``prepare`` decodes state ``r`` (and returns a
# key), then ``neighbour_rank`` ranks its neighbour under each generator from what was
# decoded. Each hash family has its own pair; the per-hash layer kernels pass theirs to the
# block functions as arguments (:func:`_layer_kernel`), so only that pair is compiled in.
# :func:`_prepare` and :func:`_neighbour_rank` choose at run time, for the other engines.
@njit(cache=True, inline="always")
def _prepare_lehmer(kind, r, state, t, cache, neighbour, needs):
    """Lehmer and alternating: the state, its prefix tables and Lehmer digits (in the cache,
    as ``needs`` says); the key is the Lehmer rank."""
    n = state.shape[0]
    row = _unrank_lehmer(kind, r, state, t, cache)
    if needs & PREFIX_TABLES:
        _prefix_tables(state, n, t.fact, cache, n)
    if needs & DIGITS:
        _lehmer_digits(state, n, t.tail_digits[row], cache, n)
    if kind == ALTERNATING:  # the weight-1! digit of the Lehmer rank tells the half
        return 2 * r + (state[n - 2] > state[n - 1])
    return r


@njit(cache=True, inline="always")
def _neighbour_rank_lehmer(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs):
    """Generator ``g`` permutes only the positions of ``windows[g]`` (first and last moved)
    among themselves, so only the Lehmer digits there change (:func:`_swap_rank` for two
    adjacent positions after 0, else :func:`_window_rank`); alternating ranks halve the
    Lehmer rank."""
    n = state.shape[0]
    gg = np.uint64(g)
    a = windows[gg, 0]
    b = windows[gg, 1]
    if needs == DIGITS and b == a + 1:
        rr = _swap_rank(key, cache, n, n, a, state, t.fact)
    else:
        rr = _window_rank(key, cache, n, a, b, n, t.fact, state, gens[gg])
    if kind == ALTERNATING:
        rr >>= 1
    return rr


@njit(cache=True, inline="always")
def _prepare_signed(kind, r, state, t, cache, neighbour, needs):
    """Signed: the state, the underlying value of every point (in ``neighbour``) and its
    prefix tables; the key is the rank."""
    n = state.shape[0]
    half = n // 2
    _signed_unrank(r, state, t.tail, cache)
    for j in range(n):
        v = state[np.uint64(j)]
        neighbour[np.uint64(j)] = v - half * (v >= half)
    if needs & PREFIX_TABLES:
        _prefix_tables(neighbour, half, t.fact, cache, n)
    return r


@njit(cache=True, inline="always")
def _neighbour_rank_signed(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs):
    """As for Lehmer ranks on the underlying values of the first half, with the window's
    sign bits replaced. A signed generator moves point ``i`` iff it moves ``i + half``."""
    n = state.shape[0]
    half = n // 2
    gg = np.uint64(g)
    a = windows[gg, 0]
    b = windows[gg, 1]
    b = b - half if b >= half else b
    perm = gens[gg]
    rr = _window_rank(key >> half, cache, n, a, b, half, t.fact, neighbour, perm)
    window = ((1 << (b + 1)) - 1) ^ ((1 << a) - 1)
    signs = key & ((1 << half) - 1) & ~window
    for i in range(a, b + 1):  # no branch: a sign is a coin flip for the branch predictor
        signs |= np.int64(state[np.uint64(perm[np.uint64(i)])] >= half) << i
    return (rr << half) | signs


@njit(cache=True, inline="always")
def _prepare_rotation(kind, r, state, t, cache, neighbour, needs):
    """Rotation: only the tail and its prefix tables or Lehmer digits (in the cache, as
    ``needs`` says); the key is the offset."""
    return _rotation_tail(kind, r, state.shape[0], t, cache, needs)


@njit(cache=True, inline="always")
def _neighbour_rank_rotation(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs):
    """Generator ``g`` maps offset ``k = key`` to ``rotation_window[g, k, 2]`` and permutes
    the tail by ``rotation_tail[g, k]`` inside the window ``rotation_window[g, k, :2]``."""
    n = state.shape[0]
    size = plane_size(kind, t.fact, n)
    gg = np.uint64(g)
    window = t.rotation_window
    k = np.uint64(key)
    a = window[gg, k, 0]
    b = window[gg, k, 1]
    k2 = window[gg, k, 2]
    if a > b:
        return r + (k2 - key) * size
    tail_rank = cache[_prefix_at(n) + np.uint64(n - 1)]  # the whole tail's (see _decode_tail)
    if needs == DIGITS and b == a + 1:
        rr = _swap_rank(tail_rank, cache, n, n - 1, a, cache[2:], t.fact)
    else:
        rr = _window_rank(tail_rank, cache, n, a, b, n - 1, t.fact, cache[2:], t.rotation_tail[gg, k])
    if kind == ROTATION_EVEN:
        rr >>= 1
    return k2 * size + rr


@njit(cache=True, inline="always")
def _prepare_other(kind, r, state, t, cache, neighbour, needs):
    """Other hashes: the state; the key is the rank."""
    _unrank_other(kind, r, state, t, cache)
    return r


@njit(cache=True, inline="always")
def _neighbour_rank_other(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs):
    """The neighbour ranked from scratch (``neighbour`` is its scratch space)."""
    perm = gens[np.uint64(g)]
    for i in range(state.shape[0]):
        neighbour[i] = state[perm[i]]
    return _rank_other(kind, neighbour, t)


@njit(cache=True, inline="always")
def _prepare(kind, r, state, t, cache, neighbour, needs):
    """Decode state ``r`` for :func:`_neighbour_rank`; return its key there (a run-time
    choice of the hash's own function)."""
    if kind == LEHMER or kind == ALTERNATING:
        return _prepare_lehmer(kind, r, state, t, cache, neighbour, needs)
    if kind == SIGNED:
        return _prepare_signed(kind, r, state, t, cache, neighbour, needs)
    if kind == ROTATION or kind == ROTATION_EVEN:
        return _prepare_rotation(kind, r, state, t, cache, neighbour, needs)
    return _prepare_other(kind, r, state, t, cache, neighbour, needs)


@njit(cache=True, inline="always")
def _neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs):
    """Rank of ``state[gens[g]]``, the neighbour of state ``r`` prepared by :func:`_prepare`
    with ``needs`` (a run-time choice of the hash's own function)."""
    if kind == LEHMER or kind == ALTERNATING:
        return _neighbour_rank_lehmer(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
    if kind == SIGNED:
        return _neighbour_rank_signed(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
    if kind == ROTATION or kind == ROTATION_EVEN:
        return _neighbour_rank_rotation(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
    return _neighbour_rank_other(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)


@njit(cache=True, inline="always")
def _lehmer_digits(values, m, tail_digits, cache, n):
    """Lehmer digits of the permutation ``values[:m]`` into ``m`` entries from
    ``cache[_digits_at(n)]`` (a
    degree-``n`` cache): the first ``m - t`` counted, the last ``t`` read from
    ``tail_digits``, the digits of the tail table row the unranker read, with the
    last-but-one digit read off the values (the alternating unranker may have swapped the
    last two)."""
    base = _digits_at(n)
    k = m - tail_digits.shape[0]
    used = 0
    for i in range(k):
        v = values[np.uint64(i)]
        cache[base + np.uint64(i)] = v - popcount(used & ((1 << v) - 1))
        used |= 1 << v
    for j in range(tail_digits.shape[0]):
        cache[base + np.uint64(k + j)] = tail_digits[np.uint64(j)]
    if m >= 2:
        cache[base + np.uint64(m - 2)] = values[np.uint64(m - 2)] > values[np.uint64(m - 1)]


@njit(cache=True, inline="always")
def _swap_rank(lehmer, cache, n, m, i, values, fact):
    """Lehmer rank of ``values[:m]`` (rank ``lehmer``, digits from :func:`_lehmer_digits` in
    a degree-``n`` cache) with positions ``i`` and ``i + 1`` swapped: only those two digits
    change. The larger value moving left gains the smaller one on its right; moving right,
    it loses it."""
    base = _digits_at(n) + np.uint64(i)
    d0 = cache[base]
    d1 = cache[base + np.uint64(1)]
    f0 = fact[np.uint64(m - 1 - i)]
    f1 = fact[np.uint64(m - 2 - i)]
    rising = np.int64(values[np.uint64(i)] < values[np.uint64(i + 1)])  # no branch: a coin flip
    return lehmer + (d1 - d0 + rising) * f0 + (d0 - d1 - 1 + rising) * f1


@njit(cache=True, inline="always")
def _window_rank(lehmer, cache, n, a, b, m, fact, values, perm):
    """Lehmer rank of ``values[perm]`` (length ``m``) when ``perm`` moves only positions
    ``a..b`` of ``values[:m]``, whose Lehmer rank is ``lehmer``.

    The digits outside the window are the old ones. A window from position 0 is ranked from
    scratch and the digits after it are ``lehmer mod (m-1-b)!`` (one division, no tables);
    any other window's digits are counted against the set of values before it and replace
    the old ones, both read from the prefix tables (:func:`_prefix_tables`) in the cache.
    Indices are unsigned, which spares the compiler's negative-index wraparound code.
    """
    if a == 0:
        rr = lehmer % fact[np.uint64(m - 1 - b)] if b < m - 1 else 0
        used = 0
    else:
        prefix = _prefix_at(n)
        rr = lehmer - cache[prefix + np.uint64(b + 1)] + cache[prefix + np.uint64(a)]
        used = cache[_masks_at(n) + np.uint64(a)]
    for i in range(a, b + 1):
        ui = np.uint64(i)
        x = values[np.uint64(perm[ui])]  # the new value at position i
        rr += (x - popcount(used & ((1 << x) - 1))) * fact[np.uint64(m - 1 - i)]
        used |= 1 << x
    return rr


@njit(cache=True, inline="always")
def _thread_tables(tables):
    """The tables with a private copy of the scratch array for one thread."""
    return RankTables(tables.fact, tables.tail, tables.counts, tables.factorial, tables.base, tables.position,
                      tables.inverse_by_point, tables.scratch.copy(), tables.radix, tables.transversal,
                      tables.tail_parity, tables.rotation_tail, tables.rotation_window, tables.tail_digits)


# ---------------------------------------------------------------------- layer kernels
def expand_layer(codes, blocks, block_shift, gens, windows, kind, tables, pull, touched, unseen_left, lines):
    """One BFS layer over the given blocks; flag the blocks and lines where a state became next.

    Top-down (``pull`` False, :func:`_push_block`): every unseen neighbour of a current state
    becomes next; ``blocks`` are those holding current states.
    Bottom-up (``pull`` True, :func:`_pull_block`): every unseen state with a current
    neighbour becomes next; ``blocks`` are those that may hold unseen states, and
    ``unseen_left[i]`` says whether ``blocks[i]`` still does. Cheaper once fewer states are
    unseen than current (the tail of a growth): the writes go to the state's own byte, in
    scan order. Only valid for undirected graphs (generating set closed under inverses), where
    the neighbours ``s g`` of ``s`` are also the states that reach it.

    ``windows[g]`` are the first and last positions generator ``g`` moves
    (:func:`moved_windows`); ``lines`` are the line flags (module docstring): top-down reads
    only the lines ``lines[0]`` flags, and both directions flag in ``lines[1]`` the lines they
    mark.
    """
    _LAYER_KERNELS[kind](codes, blocks, block_shift, gens, windows, tables, pull, touched, unseen_left, lines)


def _layer_kernel(kind: int):
    """The parallel layer kernel of one hash, with ``kind`` frozen in as a constant.

    The compiler then keeps only that hash's code in the inner loop (a run-time ``kind`` there
    costs about 70 ns per state, more than the whole Lehmer unranking), and compiles a kernel
    only for the hashes a program uses. The hash's ``prepare`` / ``neighbour_rank`` pair is
    chosen by conditions on that constant in the kernel's own body, which numba prunes before
    it inlines the callees: only that pair is then copied in. Chosen inside the inlined callees
    instead, every hash's code was copied at every level and dropped only afterwards: the
    Lehmer kernel took 38 s to compile instead of 15.
    """

    def kernel(codes, blocks, block_shift, gens, windows, tables, pull, touched, unseen_left, lines):
        needs = prepare_needs(kind, windows, tables)
        for bi in prange(blocks.shape[0]):
            b = blocks[bi]
            # one branch survives: numba drops the others before it inlines the calls
            if kind == LEHMER or kind == ALTERNATING:
                status = _block(kind, _prepare_lehmer, _neighbour_rank_lehmer, codes, b, block_shift, gens, windows,
                                tables, touched, lines, pull, needs)
            elif kind == SIGNED:
                status = _block(kind, _prepare_signed, _neighbour_rank_signed, codes, b, block_shift, gens, windows,
                                tables, touched, lines, pull, needs)
            elif kind == ROTATION or kind == ROTATION_EVEN:
                status = _block(kind, _prepare_rotation, _neighbour_rank_rotation, codes, b, block_shift, gens,
                                windows, tables, touched, lines, pull, needs)
            else:
                status = _block(kind, _prepare_other, _neighbour_rank_other, codes, b, block_shift, gens, windows,
                                tables, touched, lines, pull, needs)
            if status & 1:
                touched[b] = True
            unseen_left[bi] = status >= 2

    kernel.__name__ = "expand_layer"
    return _specialise(kernel, kind, parallel=True)


def _specialise(kernel, kind: int, **options):
    """``kernel``, a closure over ``kind``, compiled (and cached in a file of its own)."""
    kernel.__qualname__ = kernel.__name__ = f"{kernel.__name__}_kind{kind}"
    return njit(cache=True, **options)(kernel)


@njit(cache=True, inline="always")
def _block(kind, prepare, neighbour_rank, codes, block, block_shift, gens, windows, tables, touched, lines, pull,
           needs):
    """:func:`_pull_block` or :func:`_push_block` (status 0) on the states of ``block``, with
    the hash's ``prepare`` / ``neighbour_rank`` pair and what ``prepare`` computes
    (:func:`prepare_needs`)."""
    n = gens.shape[1]
    t = _thread_tables(tables)
    cache = new_cache(n)
    state = np.empty(n, dtype=np.int64)
    neighbour = np.empty(n, dtype=np.int64)
    buffer = np.empty(max(_PENDING + gens.shape[0], _PULL_BATCH * (gens.shape[0] + 1)), dtype=np.int64)
    start = block << block_shift
    stop = min(start + (1 << block_shift), codes.shape[0])
    if pull:
        return _pull_block(codes, start, stop, gens, windows, kind, prepare, neighbour_rank, t, cache, state,
                           neighbour, buffer, lines, needs)
    _push_block(codes, start, stop, block_shift, gens, windows, kind, prepare, neighbour_rank, t, cache, state,
                neighbour, buffer, touched, lines, needs)
    return 0


@njit(cache=True, inline="always")
def _push_block(codes, start, stop, block_shift, gens, windows, kind, prepare, neighbour_rank, t, cache, state,
                neighbour, pending, touched, lines, needs):
    """Top-down :func:`expand_layer` on the states ``start..stop-1``, in the lines flagged
    as holding current states.

    Neighbour ranks are collected in a small buffer (their bytes prefetched) and marked in a
    separate tight loop, so the processor overlaps the cache misses of many marks.
    """
    count = 0
    words = codes[start:stop].view(np.uint64)
    current = lines[0, start >> LINE_SHIFT:]
    for w in range(words.shape[0]):
        if current[np.uint64(w >> 3)] == 0:
            continue
        word = words[w]
        hits = code_bytes(word, CURRENT)
        while hits:
            r = start + 8 * w + (trailing_zeros(hits) >> 3)
            hits &= hits - np.uint64(1)
            key = prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(gens.shape[0]):
                rr = neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
                pending[count] = rr
                prefetch(codes, rr)
                count += 1
            if count >= _PENDING:
                _mark(codes, pending, count, block_shift, touched, lines)
                count = 0
    _mark(codes, pending, count, block_shift, touched, lines)


@njit(cache=True, inline="always")
def _pull_block(codes, start, stop, gens, windows, kind, prepare, neighbour_rank, t, cache, state, neighbour,
                buffer, lines, needs):
    """Bottom-up :func:`expand_layer` on the states ``start..stop-1``.

    The neighbour ranks of up to ``_PULL_BATCH`` unseen states are computed (and their bytes
    prefetched) before any is read, so the cache misses overlap. Returns bit 0: some state
    became next; bit 1: some state is still unseen.
    """
    n_gens = gens.shape[0]
    batch = buffer[: _PULL_BATCH * n_gens]
    batch_ranks = buffer[_PULL_BATCH * n_gens: _PULL_BATCH * (n_gens + 1)]
    status = 0
    k = 0
    words = codes[start:stop].view(np.uint64)
    for w in range(words.shape[0]):
        word = words[w]
        hits = ~(word | (word >> np.uint64(1))) & _LOW  # bit 8b set where byte b is UNSEEN (00)
        while hits:
            r = start + 8 * w + (trailing_zeros(hits) >> 3)
            hits &= hits - np.uint64(1)
            key = prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(n_gens):
                rr = neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
                batch[k * n_gens + g] = rr
                prefetch(codes, rr)
            batch_ranks[k] = r
            k += 1
            if k == _PULL_BATCH:
                status |= _pull_check(codes, batch, batch_ranks, k, n_gens, lines)
                k = 0
    return status | _pull_check(codes, batch, batch_ranks, k, n_gens, lines)


@njit(cache=True, inline="always")
def _pull_check(codes, batch, batch_ranks, k, n_gens, lines):
    """Mark next each of the ``k`` batched states with a current neighbour (status bits of
    :func:`_pull_block`)."""
    status = 0
    for j in range(k):
        left = 2
        for g in range(n_gens):
            if codes[np.uint64(batch[j * n_gens + g])] == CURRENT:
                r = np.uint64(batch_ranks[j])
                codes[r] = NEXT
                lines[1, r >> LINE_SHIFT] = 1
                left = 1
                break
        status |= left
    return status


@njit(cache=True, inline="always")
def code_bytes(word, code):
    """Bit 8b of the result set where byte b of ``word`` is ``code``, CURRENT (01) or NEXT (10)."""
    return (word >> np.uint64(code - 1)) & ~(word >> np.uint64(2 - code)) & _LOW


@njit(cache=True, inline="always")
def _mark(codes, pending, count, block_shift, touched, lines):
    for k in range(count):
        rr = np.uint64(pending[k])  # unsigned: no wraparound code
        if codes[rr] == UNSEEN:
            codes[rr] = NEXT
            touched[rr >> block_shift] = True
            lines[1, rr >> LINE_SHIFT] = 1


_LAYER_KERNELS = {kind: _layer_kernel(kind) for kind in KINDS}


@njit(cache=True, parallel=True)
def advance(codes, blocks, block_shift, counts, lines, current=NEXT):
    """Settle a layer in the flagged lines of the given blocks (which hold every flagged
    line): the states of code ``current`` become CURRENT and the other layer's VISITED, so
    CURRENT -> VISITED and NEXT -> CURRENT by default, or NEXT -> VISITED when ``current`` is
    CURRENT (after two plane passes, :mod:`cayley.bfs._planes_cpu`). Count the new current
    per block. A line's current flag then says whether a state in it is current; its next
    flag is cleared."""
    total = codes.shape[0]
    block_size = 1 << block_shift
    for bi in prange(blocks.shape[0]):
        start = blocks[bi] << block_shift
        stop = min(start + block_size, total)
        words = codes[start:stop].view(np.uint64)
        flags = lines[:, start >> LINE_SHIFT:]
        found = np.uint64(0)
        for line in range(words.shape[0] >> 3):
            ul = np.uint64(line)
            if flags[0, ul] == 0 and flags[1, ul] == 0:
                continue
            became = np.uint64(0)
            for w in range(8 * line, 8 * line + 8):
                x = words[w]
                low = x & _LOW
                high = (x >> np.uint64(1)) & _LOW
                if current == NEXT:
                    became += ((high & ~low) * _LOW) >> np.uint64(56)  # NEXT bytes (10) in x
                    words[w] = (low << np.uint64(1)) | ((low | high) & _LOW)
                else:
                    became += ((low & ~high) * _LOW) >> np.uint64(56)  # CURRENT bytes (01) in x
                    words[w] = x | high
            found += became
            flags[0, ul] = became != 0
            flags[1, ul] = 0
        counts[bi] = found


def collect(codes, code, limit, kind, tables, n, lines=None):
    """Up to ``limit`` states whose byte equals ``code``, in rank order, and their ranks;
    only the 64-byte lines that ``lines`` flags are read (all of them by default)."""
    if lines is None:
        lines = np.ones(-(-codes.shape[0] >> LINE_SHIFT), dtype=np.uint8)
    return _COLLECT[kind](codes, code, limit, tables, n, lines)


def rank_states(states, kind, tables):
    """Ranks of the rows of ``states``."""
    return _RANK_STATES[kind](states, tables)


def _collect_kernel(kind: int):
    def collect(codes, code, limit, tables, n, lines):
        t = _thread_tables(tables)
        cache = new_cache(n)
        out = np.empty((limit, n), dtype=np.int64)
        ranks = np.empty(limit, dtype=np.int64)
        found = 0
        for line in range(lines.shape[0]):
            if lines[line] == 0:
                continue
            for r in range(line << LINE_SHIFT, min((line + 1) << LINE_SHIFT, codes.shape[0])):
                if found < limit and codes[r] == code:
                    _unrank(kind, r, out[found], t, cache)
                    ranks[found] = r
                    found += 1
        return out[:found], ranks[:found]

    return _specialise(collect, kind)


def _rank_states_kernel(kind: int):
    def rank_states(states, tables):
        t = _thread_tables(tables)
        out = np.empty(states.shape[0], dtype=np.int64)
        for i in range(states.shape[0]):
            out[i] = _rank(kind, states[i], t)
        return out

    return _specialise(rank_states, kind)


_COLLECT = {kind: _collect_kernel(kind) for kind in KINDS}
_RANK_STATES = {kind: _rank_states_kernel(kind) for kind in KINDS}
