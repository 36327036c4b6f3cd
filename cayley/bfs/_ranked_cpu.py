"""Numba kernels of the ranked BFS engine.

One byte per state, Korf-style codes: 0 unseen, 1 current layer, 2 next layer, 3 visited.
Marking writes the constant 2 into a byte, so threads racing on the same state agree and no
update is lost; no atomics are needed. The array is split into blocks; a layer expands only
the blocks that hold current states and converts (1 -> 3, 2 -> 1, eight bytes at a time)
only the blocks that were touched.

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
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from cayley._bits import popcount
from cayley.ranking import alternating_unrank_cached, lehmer_unrank_cached, multiset_rank_one, multiset_unrank_one

LEHMER, MULTISET, BSGS, ALTERNATING, SIGNED = 0, 1, 2, 3, 4
UNSEEN, CURRENT, NEXT, VISITED = 0, 1, 2, 3
_LOW = np.uint64(0x0101010101010101)
_PENDING = 512  # neighbour ranks buffered before marking


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
    for i in range(n):
        v = cache[2 + i] + n * ((r >> i) & 1)
        state[i] = v
        state[n + i] = v - n if v >= n else v + n


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
        return _lehmer_rank(state, state.shape[0], t[0], state.shape[0])
    if kind == ALTERNATING:
        return _lehmer_rank(state, state.shape[0], t[0], state.shape[0]) >> 1
    if kind == SIGNED:
        return _signed_rank(state, t[0])
    if kind == MULTISET:
        return multiset_rank_one(state, t[2], t[3], t[7])
    return _bsgs_rank(state, t[4], t[5], t[6], t[8], t[7])


@njit(cache=True, inline="always")
def _unrank(kind, r, state, t, cache):
    """Write the state of rank ``r`` into ``state``.

    ``t`` = (fact, tail, counts, factorial, base, position, inverse_by_point, scratch, radix,
    transversal, tail_parity); ``cache`` is the Lehmer prefix cache.
    """
    n = state.shape[0]
    if kind == LEHMER or kind == ALTERNATING:
        if kind == LEHMER:
            lehmer_unrank_cached(r, n, t[1], cache)
        else:
            alternating_unrank_cached(r, n, t[1], t[10], cache)
        for i in range(n):
            state[i] = cache[2 + i]
    elif kind == SIGNED:
        _signed_unrank(r, state, t[1], cache)
    elif kind == MULTISET:
        multiset_unrank_one(r, state, t[2], t[3], t[7])
    else:
        _bsgs_unrank(r, state, t[8], t[9], t[7])


@njit(cache=True, inline="always")
def _thread_tables(tables):
    """The tables with a private copy of the scratch array (slot 7) for one thread."""
    return (tables[0], tables[1], tables[2], tables[3], tables[4], tables[5], tables[6],
            tables[7].copy(), tables[8], tables[9], tables[10])


# ---------------------------------------------------------------------- layer kernels
@njit(cache=True, parallel=True)
def expand(codes, active_blocks, block_shift, gens, last_moved, kind, tables, touched):
    """Mark every unseen neighbour of every current state as next; flag touched blocks.

    ``last_moved[g]`` is the last position generator ``g`` moves. For Lehmer ranks the digits
    of later positions are unchanged, so their part of the rank, ``r mod (n-1-m)!``, is reused;
    alternating ranks do the same with the state's Lehmer rank, then halve.
    Neighbour ranks are collected in a small buffer and marked in a separate tight loop, so
    the processor overlaps the cache misses of many marks.
    """
    n = gens.shape[1]
    total = codes.shape[0]
    block_size = 1 << block_shift
    for bi in prange(active_blocks.shape[0]):
        t = _thread_tables(tables)
        cache = np.full(2 + 2 * n, -1, dtype=np.int64)
        state = np.empty(n, dtype=np.int64)
        neighbour = np.empty(n, dtype=np.int64)
        pending = np.empty(_PENDING + gens.shape[0], dtype=np.int64)
        count = 0
        start = active_blocks[bi] << block_shift
        stop = min(start + block_size, total)
        words = codes[start:stop].view(np.uint64)
        for w in range(words.shape[0]):
            word = words[w]
            if ((word & _LOW) & ~((word >> np.uint64(1)) & _LOW)) == 0:
                continue  # no byte equals CURRENT
            for b in range(8):
                r = start + 8 * w + b
                if codes[r] != CURRENT:
                    continue
                _unrank(kind, r, state, t, cache)
                lehmer = r
                if kind == ALTERNATING:  # the weight-1! digit of the Lehmer rank tells the half
                    lehmer = 2 * r + (state[n - 2] > state[n - 1])
                for g in range(gens.shape[0]):
                    if kind == LEHMER or kind == ALTERNATING:
                        m = last_moved[g] + 1
                        for i in range(m):
                            neighbour[i] = state[gens[g, i]]
                        rr = _lehmer_rank(neighbour, n, t[0], m)
                        if m < n:
                            rr += lehmer % t[0][n - m]
                        if kind == ALTERNATING:
                            rr >>= 1
                    else:
                        for i in range(n):
                            neighbour[i] = state[gens[g, i]]
                        rr = _rank(kind, neighbour, t)
                    pending[count] = rr
                    count += 1
                if count >= _PENDING:
                    _mark(codes, pending, count, block_shift, touched)
                    count = 0
        _mark(codes, pending, count, block_shift, touched)


@njit(cache=True, inline="always")
def _mark(codes, pending, count, block_shift, touched):
    for k in range(count):
        rr = pending[k]
        if codes[rr] == UNSEEN:
            codes[rr] = NEXT
            touched[rr >> block_shift] = True


@njit(cache=True, parallel=True)
def advance(codes, blocks, block_shift, counts):
    """CURRENT -> VISITED and NEXT -> CURRENT in the given blocks; count the new current."""
    total = codes.shape[0]
    block_size = 1 << block_shift
    for bi in prange(blocks.shape[0]):
        start = blocks[bi] << block_shift
        stop = min(start + block_size, total)
        words = codes[start:stop].view(np.uint64)
        found = np.uint64(0)
        for w in range(words.shape[0]):
            x = words[w]
            if x == 0:
                continue
            low = x & _LOW
            high = (x >> np.uint64(1)) & _LOW
            found += ((high & ~low & _LOW) * _LOW) >> np.uint64(56)
            words[w] = (low << np.uint64(1)) | ((low | high) & _LOW)
        counts[bi] = found


@njit(cache=True)
def collect(codes, code, limit, kind, tables, n):
    """Up to ``limit`` states whose byte equals ``code``, in rank order."""
    t = _thread_tables(tables)
    cache = np.full(2 + 2 * n, -1, dtype=np.int64)
    out = np.empty((limit, n), dtype=np.int64)
    ranks = np.empty(limit, dtype=np.int64)
    found = 0
    for r in range(codes.shape[0]):
        if found == limit:
            break
        if codes[r] == code:
            _unrank(kind, r, out[found], t, cache)
            ranks[found] = r
            found += 1
    return out[:found], ranks[:found]


@njit(cache=True)
def rank_states(states, kind, tables):
    """Ranks of the rows of ``states``."""
    t = _thread_tables(tables)
    out = np.empty(states.shape[0], dtype=np.int64)
    for i in range(states.shape[0]):
        out[i] = _rank(kind, states[i], t)
    return out
