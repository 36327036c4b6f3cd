"""Numba kernels of the ranked engine with two bits per state.

The codes are the byte engine's (:mod:`cayley.bfs._ranked_cpu`: 0 unseen, 1 current, 2
next, 3 visited), packed 32 to a 64-bit word: state ``r`` is bits ``2(r mod 32)`` and
``2(r mod 32) + 1`` of word ``r // 32``. A word's bits are read in *spread* form: bit ``2i``
of :func:`code_bits` says whether state ``i`` of the word has a code.

Two threads may mark states of one word at once, so a mark by rank is an atomic OR
(:func:`cayley._bits.atomic_or`), made only for a state read as unseen: a mark only ever
turns unseen into the marking code, so the OR cannot change another state's code and no
mark is lost. Passes that write whole words write only words that one thread owns, and
never at the same time as marks by rank.

The states are cut into *chunks* of ``2**chunk_shift`` (whole words); a layer expands only
the chunks that hold current states and settles only those it touched. Dense layers of the
rotation and Lehmer hashes go plane by plane (:func:`expand_planes`, :func:`push_turns`), as
in :mod:`cayley.bfs._planes_cpu`, with the moves of :func:`plane_moves`.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from cayley._bits import atomic_or, popcount, prefetch, trailing_zeros
from cayley.bfs import _planes_cpu as byte_planes
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._ranked_cpu import (ALTERNATING, CURRENT, KINDS, LEHMER, NEXT, ROTATION, ROTATION_EVEN, SIGNED,
                                    UNSEEN, _neighbour_rank_lehmer, _neighbour_rank_other, _neighbour_rank_rotation,
                                    _neighbour_rank_signed, _prepare_lehmer, _prepare_other, _prepare_rotation,
                                    _prepare_signed, _thread_tables, _unrank, new_cache, prepare_needs)

WORD_SHIFT = 5  # 32 states per word
_LOW = np.uint64(0x5555555555555555)
_PENDING = 512  # neighbour ranks buffered before marking
_PULL_BATCH = 64  # unseen states whose neighbours are ranked before any is read
ROTATE, SUB_BLOCKS, SCATTER, PARITY_SCATTER = 0, 1, 2, 3  # how a plane move applies (moves[:, 2])


@njit(cache=True, inline="always")
def code_bits(word, code):
    """Bit ``2i`` set where state ``i`` of ``word`` has ``code`` (1, 2 or 3)."""
    flip_low = np.uint64(0) if code & 1 else ~np.uint64(0)  # a lane matches where both bits xor to 1
    flip_high = np.uint64(0) if code & 2 else ~np.uint64(0)
    return (word ^ flip_low) & ((word >> np.uint64(1)) ^ flip_high) & _LOW


@njit(cache=True, inline="always")
def _unseen_bits(word):
    return ~(word | (word >> np.uint64(1))) & _LOW


def words_for(size: int) -> int:
    """Words that hold ``size`` states."""
    return -(-size >> WORD_SHIFT) if size % 32 else size >> WORD_SHIFT


def new_codes(size: int, start: int) -> np.ndarray:
    """Codes of ``size`` states, all unseen but state ``start`` (current), the padding after
    the last state visited."""
    codes = np.zeros(-(-size // 32), dtype=np.uint64)
    pad_visited(codes, size)
    codes[start >> WORD_SHIFT] |= np.uint64(CURRENT) << np.uint64(2 * (start & 31))
    return codes


def pad_visited(codes: np.ndarray, size: int) -> None:
    """Give the states after the last one (in its word) the code VISITED."""
    if size % 32:
        codes[-1] |= np.uint64(~((1 << (2 * (size % 32))) - 1) & (2**64 - 1))


# ---------------------------------------------------------------------- per-state layers
def expand_layer(codes, chunks, chunk_shift, gens, windows, kind, tables, pull, touched, unseen_left):
    """One BFS layer over the given chunks, state by state; flag in ``touched`` the chunks
    where a state became next.

    Top-down (``pull`` False): every unseen neighbour of a current state becomes next;
    ``chunks`` are those holding current states. Bottom-up (``pull`` True): every unseen
    state with a current neighbour becomes next (undirected graphs only); ``chunks`` are those
    that may hold unseen states, and ``unseen_left[i]`` says whether ``chunks[i]`` still does.
    As :func:`cayley.bfs._ranked_cpu.expand_layer`, whose hash functions it calls.
    """
    _LAYER_KERNELS[kind](codes, chunks, chunk_shift, gens, windows, tables, pull, touched, unseen_left)


def _layer_kernel(kind: int):
    """The parallel layer kernel of one hash, ``kind`` frozen in (see
    :func:`cayley.bfs._ranked_cpu._layer_kernel` for why)."""

    def kernel(codes, chunks, chunk_shift, gens, windows, tables, pull, touched, unseen_left):
        needs = prepare_needs(kind, windows, tables)
        for ci in prange(chunks.shape[0]):
            c = chunks[ci]
            if kind == LEHMER or kind == ALTERNATING:
                status = _chunk(kind, _prepare_lehmer, _neighbour_rank_lehmer, codes, c, chunk_shift, gens, windows,
                                tables, touched, pull, needs)
            elif kind == SIGNED:
                status = _chunk(kind, _prepare_signed, _neighbour_rank_signed, codes, c, chunk_shift, gens, windows,
                                tables, touched, pull, needs)
            elif kind == ROTATION or kind == ROTATION_EVEN:
                status = _chunk(kind, _prepare_rotation, _neighbour_rank_rotation, codes, c, chunk_shift, gens,
                                windows, tables, touched, pull, needs)
            else:
                status = _chunk(kind, _prepare_other, _neighbour_rank_other, codes, c, chunk_shift, gens, windows,
                                tables, touched, pull, needs)
            if status & 1:
                touched[c] = True
            unseen_left[ci] = status >= 2

    kernel.__name__ = "expand_layer_two_bit"
    return kernels._specialise(kernel, kind, parallel=True)


@njit(cache=True, inline="always")
def _chunk(kind, prepare, neighbour_rank, codes, chunk, chunk_shift, gens, windows, tables, touched, pull, needs):
    """Push or pull (status as :func:`cayley.bfs._ranked_cpu._pull_block`) on one chunk."""
    n = gens.shape[1]
    t = _thread_tables(tables)
    cache = new_cache(n)
    state = np.empty(n, dtype=np.int64)
    neighbour = np.empty(n, dtype=np.int64)
    buffer = np.empty(max(_PENDING + gens.shape[0], _PULL_BATCH * (gens.shape[0] + 1)), dtype=np.int64)
    w0 = (chunk << chunk_shift) >> WORD_SHIFT
    w1 = min(w0 + (1 << (chunk_shift - WORD_SHIFT)), codes.shape[0])
    if pull:
        return _pull_words(codes, w0, w1, gens, windows, kind, prepare, neighbour_rank, t, cache, state, neighbour,
                           buffer, needs)
    _push_words(codes, w0, w1, chunk_shift, gens, windows, kind, prepare, neighbour_rank, t, cache, state, neighbour,
                buffer, touched, needs)
    return 0


@njit(cache=True, inline="always")
def _push_words(codes, w0, w1, chunk_shift, gens, windows, kind, prepare, neighbour_rank, t, cache, state, neighbour,
                pending, touched, needs):
    """Top-down on words ``w0..w1-1``: neighbour ranks are buffered (their words prefetched)
    and marked in a separate loop, so the cache misses of many marks overlap."""
    count = 0
    for w in range(w0, w1):
        hits = code_bits(codes[np.uint64(w)], CURRENT)
        while hits:
            r = (w << WORD_SHIFT) + (trailing_zeros(hits) >> 1)
            hits &= hits - np.uint64(1)
            key = prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(gens.shape[0]):
                rr = neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
                pending[count] = rr
                prefetch(codes, rr >> WORD_SHIFT)
                count += 1
            if count >= _PENDING:
                _mark(codes, pending, count, chunk_shift, touched)
                count = 0
    _mark(codes, pending, count, chunk_shift, touched)


@njit(cache=True, inline="always")
def _mark(codes, pending, count, chunk_shift, touched):
    """Mark NEXT the unseen states among ``pending[:count]``."""
    for k in range(count):
        rr = np.uint64(pending[k])
        w = rr >> np.uint64(WORD_SHIFT)
        shift = (rr & np.uint64(31)) << np.uint64(1)
        if (codes[w] >> shift) & np.uint64(3) == 0:
            atomic_or(codes, w, np.uint64(NEXT) << shift)
            touched[rr >> np.uint64(chunk_shift)] = True


@njit(cache=True, inline="always")
def _pull_words(codes, w0, w1, gens, windows, kind, prepare, neighbour_rank, t, cache, state, neighbour, buffer,
                needs):
    """Bottom-up on words ``w0..w1-1`` (the chunk's own: plain writes). Returns bit 0: some
    state became next; bit 1: some state is still unseen."""
    n_gens = gens.shape[0]
    batch = buffer[: _PULL_BATCH * n_gens]
    batch_ranks = buffer[_PULL_BATCH * n_gens: _PULL_BATCH * (n_gens + 1)]
    status = 0
    k = 0
    for w in range(w0, w1):
        hits = _unseen_bits(codes[np.uint64(w)])
        while hits:
            r = (w << WORD_SHIFT) + (trailing_zeros(hits) >> 1)
            hits &= hits - np.uint64(1)
            key = prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(n_gens):
                rr = neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour, cache, needs)
                batch[k * n_gens + g] = rr
                prefetch(codes, rr >> WORD_SHIFT)
            batch_ranks[k] = r
            k += 1
            if k == _PULL_BATCH:
                status |= _pull_check(codes, batch, batch_ranks, k, n_gens)
                k = 0
    return status | _pull_check(codes, batch, batch_ranks, k, n_gens)


@njit(cache=True, inline="always")
def _code(codes, r):
    rr = np.uint64(r)
    return (codes[rr >> np.uint64(WORD_SHIFT)] >> ((rr & np.uint64(31)) << np.uint64(1))) & np.uint64(3)


@njit(cache=True, inline="always")
def _pull_check(codes, batch, batch_ranks, k, n_gens):
    status = 0
    for j in range(k):
        left = 2
        for g in range(n_gens):
            if _code(codes, batch[j * n_gens + g]) == CURRENT:
                r = np.uint64(batch_ranks[j])
                codes[r >> np.uint64(WORD_SHIFT)] |= np.uint64(NEXT) << ((r & np.uint64(31)) << np.uint64(1))
                left = 1
                break
        status |= left
    return status


_LAYER_KERNELS = {kind: _layer_kernel(kind) for kind in KINDS}


@njit(cache=True, parallel=True)
def advance(codes, chunks, chunk_shift, counts, current):
    """Settle a layer in the given chunks: the states of code ``current`` become CURRENT and
    the other layer's VISITED (CURRENT -> VISITED and NEXT -> CURRENT when ``current`` is
    NEXT; NEXT -> VISITED when it is CURRENT, after plane passes). ``counts[i]`` = the new
    current states of ``chunks[i]``."""
    per_chunk = 1 << (chunk_shift - WORD_SHIFT)
    for ci in prange(chunks.shape[0]):
        w0 = chunks[ci] * per_chunk
        w1 = min(w0 + per_chunk, codes.shape[0])
        found = 0
        for w in range(w0, w1):
            x = codes[np.uint64(w)]
            low = x & _LOW
            high = (x >> np.uint64(1)) & _LOW
            if current == NEXT:
                found += popcount(high & ~low)
                codes[np.uint64(w)] = (low << np.uint64(1)) | ((low | high) & _LOW)
            else:
                found += popcount(low & ~high)
                codes[np.uint64(w)] = x | high
        counts[ci] = found


@njit(cache=True, parallel=True)
def copy_chunks(src, dst, chunks, chunk_shift):
    """``dst = src`` on the given chunks (whole words)."""
    per_chunk = 1 << (chunk_shift - WORD_SHIFT)
    for ci in prange(chunks.shape[0]):
        w0 = chunks[ci] * per_chunk
        for w in range(w0, min(w0 + per_chunk, src.shape[0])):
            dst[w] = src[w]


@njit(cache=True, parallel=True)
def count_codes(codes):
    """How many states of ``codes`` have each code (``counts[c]``, padding included)."""
    n_words = codes.shape[0]
    chunk = 1 << 16
    n_chunks = -(-n_words // chunk)
    partial = np.zeros((n_chunks, 4), dtype=np.int64)
    for ci in prange(n_chunks):
        for w in range(ci * chunk, min((ci + 1) * chunk, n_words)):
            x = codes[w]
            low = x & _LOW
            high = (x >> np.uint64(1)) & _LOW
            partial[ci, 1] += popcount(low & ~high)
            partial[ci, 2] += popcount(high & ~low)
            partial[ci, 3] += popcount(low & high)
    counts = np.zeros(4, dtype=np.int64)
    for c in range(1, 4):
        counts[c] = partial[:, c].sum()
    counts[0] = 32 * n_words - counts[1] - counts[2] - counts[3]
    return counts


def collect(codes, first_word, code, limit, kind, tables, n):
    """Up to ``limit`` states of code ``code`` in the words ``codes`` (word ``first_word``
    of the space onwards), in rank order, and their ranks."""
    return _COLLECT[kind](codes, first_word, code, limit, tables, n)


def _collect_kernel(kind: int):
    def collect(codes, first_word, code, limit, tables, n):
        t = _thread_tables(tables)
        cache = new_cache(n)
        out = np.empty((limit, n), dtype=np.int64)
        ranks = np.empty(limit, dtype=np.int64)
        found = 0
        for w in range(codes.shape[0]):
            if found >= limit:
                break
            hits = code_bits(codes[w], code)
            while hits and found < limit:
                r = ((first_word + w) << WORD_SHIFT) + (trailing_zeros(hits) >> 1)
                hits &= hits - np.uint64(1)
                _unrank(kind, r, out[found], t, cache)
                ranks[found] = r
                found += 1
        return out[:found], ranks[:found]

    collect.__name__ = "collect_two_bit"
    return kernels._specialise(collect, kind)


_COLLECT = {kind: _collect_kernel(kind) for kind in KINDS}


# ---------------------------------------------------------------------- plane passes
def plane_moves(kind: int, n: int, space_tables) -> byte_planes.PlaneMoves | None:
    """The moves of a rotation hash for the two-bit plane passes (None when a plane is not a
    whole number of words); as :func:`cayley.bfs._planes_cpu.plane_moves`."""
    return _classify(n - 1, kind == ROTATION_EVEN, space_tables.rotation_tail, space_tables.rotation_window)


def lehmer_moves(gens: np.ndarray, even: bool) -> byte_planes.PlaneMoves | None:
    """The moves of ``gens`` under the Lehmer hash of S_n (A_n when ``even``), one plane."""
    return _classify(gens.shape[1], even, *byte_planes.lehmer_tails(gens))


def _classify(m: int, even: bool, tail: np.ndarray, window: np.ndarray) -> byte_planes.PlaneMoves | None:
    """:class:`~cayley.bfs._planes_cpu.PlaneMoves` for two-bit codes (see
    :func:`cayley.bfs._planes_cpu._classify`, whose move analysis this shares). A window
    move whose blocks lie in a tile and whose sub-blocks are shorter than a word is a
    SCATTER (a table of each state's destination in its block; PARITY_SCATTER, two tables,
    for the halved ranks' windows that reach the last two digits); other window moves are
    SUB_BLOCKS, OR-ed range by range with shifts; a move of the whole tail is a turn."""
    n = window.shape[1]
    plane = math.factorial(m) // (2 if even else 1)
    if m < 8 or plane % 32:
        return None
    tile = math.factorial(8) // (2 if even else 1)
    rows, tables, offset, turns = [], [], 0, []
    for g in range(window.shape[0]):
        for k in range(n):
            a, b, k2 = (int(x) for x in window[g, k])
            if a > b:
                if k2 != k:
                    rows.append((k, k2, ROTATE, plane, plane, 0, 0, 0))
                continue
            sub = math.factorial(m - 1 - b) // (2 if even else 1)
            tuples = math.prod(range(m - b, m - a + 1))
            gather = None
            if a == 0 and b == m - 1:
                pass
            elif even and b > m - 3:
                if tile % (math.factorial(m - a) // 2) == 0:
                    sources = byte_planes._parity_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1]))
                    gather = np.argsort(sources.reshape(2, -1), axis=1).ravel()
                    how, sub, tuples = PARITY_SCATTER, 1, math.factorial(m - a) // 2
            elif tuples <= byte_planes._MAX_TUPLES:
                source = byte_planes._tuple_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1]))
                if sub < 32 and tile % (tuples * sub) == 0:
                    gather, how = np.argsort((source[:, None] * sub + np.arange(sub)).ravel()), SCATTER
                else:
                    gather, how = source, SUB_BLOCKS
            if gather is None:
                turns.append((k, k2, tail[g, k, :m]))
                continue
            rows.append((k, k2, how, sub, tuples * sub, offset, a, m))
            tables.append(gather)
            offset += gather.size
    return byte_planes.assemble(rows, tables, turns, n, plane, tile, m, even)


@njit(cache=True, parallel=True)
def expand_planes(src, dst, moves, first, tables, plane, tile, code, stale, stale_to, mark, counts, tile_lo, tile_hi):
    """Expand the states of code ``code`` under the rotation and window moves, for the tails
    of tiles ``tile_lo..tile_hi-1`` of every plane, and recode another layer in the same
    pass: states of code ``stale`` get the code ``stale_to``, then unseen states reached get
    the code ``mark`` (see :func:`cayley.bfs._planes_cpu.expand_planes`). Settling the
    layer expanded before is ``stale = mark = 3 - code``, ``stale_to = VISITED``; frontier
    search forgets the layer before that with ``stale = mark``, ``stale_to = UNSEEN``. Reads
    ``src`` and writes every word of those tiles to ``dst`` (the same array, or a copy of it
    being brought up to date). ``counts[i]`` = the states marked in tile ``i``."""
    n_planes = first.shape[0] - 1
    mark_lanes = np.uint64(mark)
    stale_lanes = np.uint64(stale_to)
    tile_words = tile >> WORD_SHIFT
    for ti in prange(tile_hi - tile_lo):
        tile_index = tile_lo + ti
        t0 = tile_index * tile
        reached = np.empty(tile_words, dtype=np.uint64)
        parities = np.empty(tile, dtype=np.uint8)
        marked = 0
        for d in range(n_planes):
            reached[:] = 0
            for i in range(first[d], first[d + 1]):
                _apply(src, moves[i], tables, plane, t0, tile, reached, parities, code)
            w0 = (d * plane + t0) >> WORD_SHIFT
            for w in range(tile_words):
                x = src[np.uint64(w0 + w)]
                old = code_bits(x, stale)
                new = reached[np.uint64(w)] & _unseen_bits(x)
                # bits * code puts the code in each lane of a spread bit (no carries: code < 4)
                dst[np.uint64(w0 + w)] = (x & ~(old * np.uint64(3))) | old * stale_lanes | new * mark_lanes
                marked += popcount(new)
        counts[tile_index] = marked


@njit(cache=True, inline="always")
def _apply(src, move, tables, plane, t0, tile, reached, parities, code):
    """OR into ``reached`` (spread bits of the tile's states) the states of code ``code``
    that ``move`` sends into tails ``t0..t0+tile-1``."""
    source = move[0] * plane
    how = move[2]
    sub = move[3]
    block = move[4]
    table = move[5]
    if how == ROTATE:
        _or_states(reached, 0, src, source + t0, tile, code)
    elif how == SUB_BLOCKS:
        if sub >= tile:  # the tile lies in one sub-block
            q = t0 % block
            j = q // sub
            _or_states(reached, 0, src, source + t0 - q + tables[table + j] * sub + q - j * sub, tile, code)
        else:
            if block <= tile:
                base0, bases, j0, j1 = t0, tile // block, 0, block // sub
            else:
                q = t0 % block
                base0, bases, j0 = t0 - q, 1, q // sub
                j1 = j0 + tile // sub
            for i in range(bases):
                base = base0 + i * block
                for j in range(j0, j1):
                    _or_states(reached, base + j * sub - t0, src, source + base + tables[table + j] * sub, sub, code)
    else:  # SCATTER, PARITY_SCATTER: the tile holds whole blocks, so the sources lie in it too
        by_parity = how == PARITY_SCATTER
        if by_parity:
            byte_planes._block_parities(parities, t0 // block, tile // block, move[6], move[7])
        _scatter(reached, src[(source + t0) >> WORD_SHIFT:(source + t0 + tile) >> WORD_SHIFT],
                 tables[table:table + 2 * block if by_parity else table + block], block, parities, by_parity, code)


@njit(cache=True, inline="always")
def _or_states(reached, out, src, start, length, code):
    """Set the spread bits of ``reached`` states ``out..out+length-1`` where states
    ``start..start+length-1`` of ``src`` have ``code``: word by word when all three are
    whole words, else with shifts across word boundaries."""
    if (out | start | length) & 31 == 0:
        o = out >> WORD_SHIFT
        s = start >> WORD_SHIFT
        for j in range(length >> WORD_SHIFT):
            reached[np.uint64(o + j)] |= code_bits(src[np.uint64(s + j)], code)
        return
    x = out
    end = out + length
    while x < end:
        offset = x & 31
        take = min(32 - offset, end - x)
        s = start + (x - out)
        sw = np.uint64(s >> WORD_SHIFT)
        sb = s & 31
        bits = code_bits(src[sw], code) >> np.uint64(2 * sb)
        if sb + take > 32:
            bits |= code_bits(src[sw + np.uint64(1)], code) << np.uint64(64 - 2 * sb)
        if take < 32:
            bits &= (np.uint64(1) << np.uint64(2 * take)) - np.uint64(1)
        reached[np.uint64(x >> WORD_SHIFT)] |= bits << np.uint64(2 * offset)
        x += take


@njit(cache=True, inline="always")
def _scatter(reached, src_words, scatter, block, parities, by_parity, code):
    """Flag the destination of every state of code ``code`` in ``src_words`` (a tile):
    state ``q`` of a block goes to state ``scatter[q]`` of the same block
    (``scatter[block + q]`` when the block's parity is odd, ``by_parity``)."""
    inverse = 1.0 / block
    for w in range(src_words.shape[0]):
        hits = code_bits(src_words[np.uint64(w)], code)
        while hits:
            u = (w << WORD_SHIFT) + (trailing_zeros(hits) >> 1)
            hits &= hits - np.uint64(1)
            b = np.int64((u + 0.5) * inverse)  # exact: u and block are far below 2**40
            q = u - b * block
            if by_parity:
                q += parities[np.uint64(b)] * block
            v = np.uint64(b * block + scatter[np.uint64(q)])
            reached[v >> np.uint64(WORD_SHIFT)] |= np.uint64(1) << ((v & np.uint64(31)) << np.uint64(1))


@njit(cache=True, parallel=True)
def push_turns(src, dst, plane, even, m, sources, first, planes, order, spread, weights, low, masks, tail_table,
               block, code, mark, counts, block_lo, block_hi):
    """Give every unseen neighbour of a state of code ``code`` under the turns
    (:class:`cayley.bfs._planes_cpu.TailTurns`) the code ``mark`` in ``dst``, for the
    blocks ``block_lo..block_hi-1`` of each source plane (as
    :func:`cayley.bfs._planes_cpu.push_turns`); ``counts[item]`` = the states marked by
    work item ``item`` (exact: atomic marks)."""
    fact = byte_planes.factorials(m)
    blocks = block_hi - block_lo
    mark_code = np.uint64(mark)
    for item in prange(sources.shape[0] * blocks):
        s = item // blocks
        hi = block_lo + item - s * blocks
        turns = first[s + 1] - first[s]
        smaller, row0, base = byte_planes.block_turns(hi, m, even, block, tail_table, order, spread, first[s], turns,
                                                      fact)
        pending = np.empty(_PENDING + turns, dtype=np.int64)
        count = 0
        marked = 0
        start = sources[s] * plane + hi * block
        words = src[start >> WORD_SHIFT:(start + block) >> WORD_SHIFT]
        for w in range(words.shape[0]):
            hits = code_bits(words[np.uint64(w)], code)
            while hits:
                row = np.uint64(row0 + (w << WORD_SHIFT) + (trailing_zeros(hits) >> 1))
                hits &= hits - np.uint64(1)
                for j in range(turns):
                    rr = byte_planes.turn_rank(np.uint64(first[s] + j), row, base[j], low, spread, weights, masks,
                                               smaller, even, planes, plane)
                    pending[count] = rr
                    prefetch(dst, rr >> WORD_SHIFT)
                    count += 1
                if count >= _PENDING:
                    marked += _mark_counted(dst, pending, count, mark_code)
                    count = 0
        counts[item] = marked + _mark_counted(dst, pending, count, mark_code)


@njit(cache=True, inline="always")
def _mark_counted(codes, pending, count, code):
    """Give the unseen states among ``pending[:count]`` the code ``code``; return how many
    (exact: the atomic OR returns the word before it)."""
    marked = 0
    for k in range(count):
        rr = np.uint64(pending[k])
        w = rr >> np.uint64(WORD_SHIFT)
        shift = (rr & np.uint64(31)) << np.uint64(1)
        if (codes[w] >> shift) & np.uint64(3) == UNSEEN:
            old = atomic_or(codes, w, code << shift)
            marked += (old >> shift) & np.uint64(3) == UNSEEN
    return marked


# ---------------------------------------------------------------------- frontier search (out of core)
@njit(cache=True, parallel=True)
def forget_code(codes, code):
    """Give every state of code ``code`` the code 0."""
    n_words = codes.shape[0]
    step = 1 << 12
    for ci in prange(-(-n_words // step)):
        for w in range(ci * step, min((ci + 1) * step, n_words)):
            x = codes[w]
            codes[w] = x & ~(code_bits(x, code) * np.uint64(3))


@njit(cache=True)
def set_codes(codes, ranks, code):
    """Give the states ``ranks`` (unseen) the code ``code``."""
    for i in range(ranks.shape[0]):
        r = np.uint64(ranks[i])
        codes[r >> np.uint64(WORD_SHIFT)] |= np.uint64(code) << ((r & np.uint64(31)) << np.uint64(1))


@njit(cache=True)
def collect_ranks(codes, first_word, code, out):
    """Write into ``out`` the ranks of the states of code ``code`` in the words ``codes``
    (word ``first_word`` of the space onwards), in order; return how many (at most
    ``out.shape[0]`` written)."""
    found = 0
    for w in range(codes.shape[0]):
        hits = code_bits(codes[w], code)
        while hits:
            if found < out.shape[0]:
                out[found] = ((first_word + w) << WORD_SHIFT) + (trailing_zeros(hits) >> 1)
            found += 1
            hits &= hits - np.uint64(1)
    return found


@njit(cache=True)
def drop_sorted(a, b, c):
    """The distinct values of the sorted array ``a`` that are in neither of the sorted
    arrays ``b`` and ``c``, in order."""
    out = np.empty(a.shape[0], dtype=np.int64)
    found = 0
    j = 0
    k = 0
    for i in range(a.shape[0]):
        x = a[i]
        if i > 0 and a[i - 1] == x:
            continue
        while j < b.shape[0] and b[j] < x:
            j += 1
        while k < c.shape[0] and c[k] < x:
            k += 1
        if (j < b.shape[0] and b[j] == x) or (k < c.shape[0] and c[k] == x):
            continue
        out[found] = x
        found += 1
    return out[:found].copy()


def neighbour_ranks(ranks, gens, kind, tables):
    """The ranks of the neighbours of the states ``ranks`` under each generator (state
    ``ranks[i]``'s under ``gens[g]`` at ``i * len(gens) + g``), by the ranked engine's
    incremental neighbour ranks (a window move re-ranks only the digits it moves).

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> from cayley.bfs._state_space import ranked_space_for
    >>> g = CayleyGraph.from_family("coxeter", 4)
    >>> space = ranked_space_for(g)
    >>> neighbour_ranks(np.asarray([0]), np.asarray(g.generators), space.kind, space.tables).tolist()
    [6, 2, 1]
    """
    gens = np.ascontiguousarray(gens, dtype=np.int64)
    out = np.empty(ranks.shape[0] * gens.shape[0], dtype=np.int64)
    _neighbour_ranks(np.ascontiguousarray(ranks, dtype=np.int64), gens, kernels.moved_windows(gens), kind, tables,
                     out)
    return out


@njit(cache=True, parallel=True)
def _neighbour_ranks(ranks, gens, windows, kind, tables, out):
    n = gens.shape[1]
    n_gens = gens.shape[0]
    needs = prepare_needs(kind, windows, tables)
    step = 1 << 12
    for bi in prange(-(-ranks.shape[0] // step)):
        t = _thread_tables(tables)
        cache = new_cache(n)
        state = np.empty(n, dtype=np.int64)
        neighbour = np.empty(n, dtype=np.int64)
        for i in range(bi * step, min((bi + 1) * step, ranks.shape[0])):
            r = ranks[i]
            key = kernels._prepare(kind, r, state, t, cache, neighbour, needs)
            for g in range(n_gens):
                out[i * n_gens + g] = kernels._neighbour_rank(kind, r, key, state, gens, g, windows, t, neighbour,
                                                              cache, needs)


def unrank_many(ranks, kind, tables, n):
    """The states of ``ranks``, one per row."""
    return _UNRANK_MANY[kind](ranks, tables, n)


def _unrank_many_kernel(kind: int):
    def unrank_many(ranks, tables, n):
        t = _thread_tables(tables)
        cache = new_cache(n)
        out = np.empty((ranks.shape[0], n), dtype=np.int64)
        for i in range(ranks.shape[0]):
            _unrank(kind, ranks[i], out[i], t, cache)
        return out

    unrank_many.__name__ = "unrank_many_two_bit"
    return kernels._specialise(unrank_many, kind)


_UNRANK_MANY = {kind: _unrank_many_kernel(kind) for kind in KINDS}
