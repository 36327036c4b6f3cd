"""Numba kernels of the sharded (MPI) ranked BFS: one shard = a contiguous range of ranks.

A shard owns global ranks ``[lo, hi)`` and keeps their byte codes (the codes of
:mod:`cayley.bfs._ranked_cpu`: unseen, current, next, visited) at local index ``rank - lo``.
One exchange round takes a set of blocks holding current states and

1. :func:`expand_round` unranks each current state, applies the generators and ranks the
   neighbours; a neighbour this shard owns is marked at once, every other one is written
   to an output slot reserved for its block (no atomics, no lost updates);
2. :func:`bucket_by_owner` counting-sorts those ranks by owning shard and stores each as
   its offset inside the owner's range (uint32 when every shard is below 2**32 states);
3. after the all-to-all exchange, :func:`mark_received` marks the received offsets.

The engine sharded by planes (:mod:`cayley.bfs._sharded_planes`, two-bit codes) has its
sparse layers' kernels here too: :func:`bucket_by_plane_owner`,
:func:`mark_unseen` and :func:`recode`.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from cayley._bits import prefetch
from cayley.bfs._two_bit_cpu import WORD_SHIFT
from cayley.bfs._ranked_cpu import (
    CURRENT,
    NEXT,
    UNSEEN,
    VISITED,
    _neighbour_rank,
    _prepare,
    _thread_tables,
    new_cache,
    prepare_needs,
)


@njit(cache=True, parallel=True)
def expand_round(codes, lo, own, blocks, slot_start, block_size, gens, windows, kind, tables,
                 touched, remote, remote_count):
    """Expand the current states of ``blocks``; mark local neighbours, collect remote ones.

    ``slot_start[i]`` is where block ``i`` may write its remote neighbours in ``remote``
    (room for its current states times the number of generators); ``remote_count[i]``
    receives how many it wrote. ``lo`` is the global rank of ``codes[0]`` and ``own`` the
    number of ranks the shard owns (``codes`` may be longer: padding).
    """
    n = gens.shape[1]
    size = codes.shape[0]
    needs = prepare_needs(kind, windows, tables)
    for bi in prange(blocks.shape[0]):
        t = _thread_tables(tables)
        cache = new_cache(n)
        state = np.empty(n, dtype=np.int64)
        neighbour = np.empty(n, dtype=np.int64)
        start = blocks[bi] * block_size
        stop = min(start + block_size, size)
        out = slot_start[bi]
        for i in range(start, stop):
            if codes[i] != CURRENT:
                continue
            r = lo + i
            key = _prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(gens.shape[0]):
                rr = _neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
                local = rr - lo
                if 0 <= local < own:
                    if codes[local] == UNSEEN:
                        codes[local] = NEXT
                        touched[local // block_size] = True
                else:
                    remote[out] = rr
                    out += 1
        remote_count[bi] = out - slot_start[bi]


@njit(cache=True)
def bucket_by_owner(remote, slot_start, remote_count, bounds, out):
    """Counting sort of the collected ranks by owning shard; returns the per-owner counts.

    ``bounds[p]`` is the first rank of shard ``p`` (``bounds[-1]`` the total). ``out[k]``
    receives the offset of each rank inside its owner's range, grouped by owner in shard
    order.
    """
    n_shards = bounds.shape[0] - 1
    counts = np.zeros(n_shards, dtype=np.int64)
    for bi in range(slot_start.shape[0]):
        for k in range(slot_start[bi], slot_start[bi] + remote_count[bi]):
            counts[_owner(bounds, remote[k])] += 1
    cursor = np.zeros(n_shards, dtype=np.int64)
    for p in range(1, n_shards):
        cursor[p] = cursor[p - 1] + counts[p - 1]
    for bi in range(slot_start.shape[0]):
        for k in range(slot_start[bi], slot_start[bi] + remote_count[bi]):
            rr = remote[k]
            p = _owner(bounds, rr)
            out[cursor[p]] = rr - bounds[p]
            cursor[p] += 1
    return counts


@njit(cache=True, inline="always")
def _owner(bounds, r):
    """The shard whose range holds rank ``r`` (binary search over ``bounds``)."""
    a, b = 0, bounds.shape[0] - 1
    while b - a > 1:
        mid = (a + b) // 2
        if bounds[mid] <= r:
            a = mid
        else:
            b = mid
    return a


@njit(cache=True, parallel=True)
def mark_received(codes, offsets, block_size, touched):
    """Mark the received local offsets as next where unseen (constant writes: race-free)."""
    for k in prange(offsets.shape[0]):
        i = offsets[k]
        if codes[i] == UNSEEN:
            codes[i] = NEXT
            touched[i // block_size] = True


@njit(cache=True)
def current_per_block(codes, block_size):
    """Number of current states in every block."""
    n_blocks = -(-codes.shape[0] // block_size)
    counts = np.zeros(n_blocks, dtype=np.int64)
    for i in range(codes.shape[0]):
        if codes[i] == CURRENT:
            counts[i // block_size] += 1
    return counts


@njit(cache=True, parallel=True)
def advance_blocks(codes, blocks, block_size, counts):
    """Close a layer in the given blocks: current -> visited, next -> current; count per block."""
    for bi in prange(blocks.shape[0]):
        start = blocks[bi] * block_size
        stop = min(start + block_size, codes.shape[0])
        found = 0
        for i in range(start, stop):
            c = codes[i]
            if c == CURRENT:
                codes[i] = VISITED
            elif c == NEXT:
                codes[i] = CURRENT
                found += 1
        counts[bi] = found


# ---------------------------------------------------------------------- sharded by planes, two bits
_AHEAD = 16  # states between a word's prefetch and its read in mark_unseen
@njit(cache=True)
def bucket_by_plane_owner(ranks, plane, owner_of_plane, owner_lo, out):
    """Counting sort of global ``ranks`` by the MPI rank owning their plane
    (``owner_of_plane``); each is written to ``out`` as its offset in its owner's planes
    (which start at rank ``owner_lo[owner]``). Returns the counts per owner."""
    n_owners = owner_lo.shape[0]
    counts = np.zeros(n_owners, dtype=np.int64)
    for i in range(ranks.shape[0]):
        counts[owner_of_plane[ranks[i] // plane]] += 1
    cursor = np.zeros(n_owners, dtype=np.int64)
    for p in range(1, n_owners):
        cursor[p] = cursor[p - 1] + counts[p - 1]
    for i in range(ranks.shape[0]):
        q = owner_of_plane[ranks[i] // plane]
        out[cursor[q]] = ranks[i] - owner_lo[q]
        cursor[q] += 1
    return counts


@njit(cache=True)
def mark_unseen(codes, local, code, found):
    """Give the unseen states among ``local`` (ranks in the two-bit ``codes``) the code
    ``code`` and list them in ``found`` (once each); return how many. Each word is
    prefetched ``_AHEAD`` states before it is read (random reads: the misses overlap)."""
    count = 0
    for i in range(local.shape[0]):
        if i + _AHEAD < local.shape[0]:
            prefetch(codes, local[i + _AHEAD] >> WORD_SHIFT)
        r = np.uint64(local[i])
        w = r >> np.uint64(WORD_SHIFT)
        shift = (r & np.uint64(31)) << np.uint64(1)
        if (codes[w] >> shift) & np.uint64(3) == UNSEEN:
            codes[w] |= np.uint64(code) << shift
            found[count] = local[i]
            count += 1
    return count


@njit(cache=True)
def recode(codes, ranks, code):
    """Give the states ``ranks`` (in the two-bit ``codes``) the code ``code``."""
    for i in range(ranks.shape[0]):
        r = np.uint64(ranks[i])
        w = r >> np.uint64(WORD_SHIFT)
        shift = (r & np.uint64(31)) << np.uint64(1)
        codes[w] = (codes[w] & ~(np.uint64(3) << shift)) | (np.uint64(code) << shift)
