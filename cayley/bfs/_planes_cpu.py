"""Dense layers of the rotation hashes, a whole plane at a time (numba kernels).

Under the rotation hashes (``ROTATION``, ``ROTATION_EVEN`` in :mod:`cayley.bfs._ranked_cpu`)
a state is an offset ``k`` (the position of value 0) and a tail, and its rank is ``k`` times
the plane size plus the tail's Lehmer rank. Each generator, at each offset ``k``, is one of:

* a *rotation*: the offset changes, the tail does not. Plane ``k`` maps onto plane ``k2``
  state for state.
* a *window* move: it permutes tail positions ``a..b`` among themselves. Lehmer digits ``a..b``
  of the tail then change to digits that depend on those digits alone (the digits of a
  permutation's first values fix their relative order), and the digits after ``b`` stay. So
  the plane splits into blocks of ``(m-a)!`` ranks and each block into sub-blocks of
  ``(m-1-b)!`` consecutive ranks (``m = n - 1``; half that for A_n), and the move sends each
  sub-block, whole and in order, to the sub-block of a fixed permutation of the digit tuples.
* anything else (a generator that moves value 0 across the tail, so that every tail position
  changes): *scattered*, ranked state by state.

A dense layer therefore costs a few streaming passes over memory instead of a ranking per
state: for each destination plane and range of tails (a *tile*, one thread's own bytes), the
current states of every rotation and window move's source range are OR-ed together eight
bytes at a time, and the unseen bytes among them become next. The scattered moves are
pushed afterwards, state by state, from the current states of their source planes. Sparse
layers keep the per-state kernels: a plane pass reads every byte, a per-state layer only the
current ones.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numba import njit, prange

from cayley._bits import prefetch, trailing_zeros
from cayley.bfs import _ranked_cpu as kernels

ROTATE, SUB_BLOCKS, BYTES, PARITY_BYTES = 0, 1, 2, 3  # how a move applies (PlaneMoves.moves[:, 2])
_MAX_TUPLES = 1 << 16  # larger digit-tuple permutations are scattered moves instead


class PlaneMoves(NamedTuple):
    """The moves of a rotation hash's generating set, sorted for the plane kernels.

    ``moves[i]`` = (source plane, destination plane, ROTATE / SUB_BLOCKS / BYTES, sub-block
    size, block size, offset of its table in ``tables``); the moves into plane ``d`` are
    ``moves[first[d]:first[d + 1]]``. A SUB_BLOCKS table maps each destination sub-block of a
    block to its source sub-block (copied eight bytes at a time when sub-blocks are whole
    words); a BYTES table, for sub-blocks of a few bytes in blocks that tiles hold whole, maps
    each destination byte of a block to its source byte. Under the halved rank of A_n the
    last two digits are not stored (the second-last follows from the parity of the others),
    so a window that reaches them has two BYTES tables, PARITY_BYTES, for the two parities
    of the digits before the window (``moves[i, 6]`` of them, of radices ``moves[i, 7]``
    down). ``scattered[k]`` lists (as a 0/1 row over the generators) the moves from plane
    ``k`` ranked state by state.
    """

    moves: np.ndarray
    first: np.ndarray
    tables: np.ndarray
    scattered: np.ndarray
    plane: int
    tile: int


def plane_moves(kind: int, n: int, space_tables: tuple) -> PlaneMoves | None:
    """Classify the generators' moves of a rotation hash (tables ``space_tables``) by plane;
    None when a plane is not a whole number of 8-byte words (tiny degrees).

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> from cayley.bfs._state_space import ranked_space_for, rotation_space_for
    >>> g = CayleyGraph.from_family("lrx", 10)
    >>> space = rotation_space_for(g, ranked_space_for(g))
    >>> moves = plane_moves(space.kind, 10, space.tables)
    >>> int(moves.plane), int(moves.scattered.sum())  # X moves value 0 from offsets 0 and 1
    (362880, 2)
    """
    even = kind == kernels.ROTATION_EVEN
    m = n - 1
    plane = math.factorial(m) // (2 if even else 1)
    if plane % 8:
        return None
    tail, window = space_tables[11], space_tables[12]
    n_gens = window.shape[0]
    # a tile divides the plane and holds whole blocks of up to 8! ranks (half that for A_n)
    tile = math.factorial(8) // (2 if even else 1) if m >= 8 else plane
    rows, tables, offset = [], [], 0
    scattered = np.zeros((n, n_gens), dtype=np.uint8)
    for g in range(n_gens):
        for k in range(n):
            a, b, k2 = (int(x) for x in window[g, k])
            if a > b:
                rows.append((k, k2, ROTATE, plane, plane, 0, 0, 0))
                continue
            sub = math.factorial(m - 1 - b) // (2 if even else 1)
            tuples = math.prod(range(m - b, m - a + 1))
            gather = None
            if a == 0 and b == m - 1:
                pass  # the whole tail turns: scattered (at every degree, so small runs load that kernel)
            elif even and b > m - 3:
                if tile % (math.factorial(m - a) // 2) == 0:
                    gather, how = _parity_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1])), PARITY_BYTES
                    sub, tuples = 1, math.factorial(m - a) // 2
            elif tuples <= _MAX_TUPLES:
                source = _tuple_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1]))
                if sub < 8 and tile % (tuples * sub) == 0:
                    gather = (source[:, None] * sub + np.arange(sub)).ravel()
                    how = BYTES
                else:
                    gather, how = source, SUB_BLOCKS
            if gather is None:
                scattered[k, g] = 1
                continue
            rows.append((k, k2, how, sub, tuples * sub, offset, a, m))
            tables.append(gather)
            offset += gather.size
    rows.sort(key=lambda row: row[1])
    moves = np.asarray(rows, dtype=np.int64).reshape(-1, 8)
    first = np.searchsorted(moves[:, 1], np.arange(n + 1)).astype(np.int64)
    table = np.concatenate(tables).astype(np.int64) if tables else np.zeros(1, dtype=np.int64)
    return PlaneMoves(moves, first, table, scattered, plane, tile)


@lru_cache(maxsize=256)
def _tuple_sources(m: int, a: int, b: int, gather: tuple) -> np.ndarray:
    """For the move that sets tail position ``a + j`` to the old position ``gather[j]``
    (``a..b`` permuted among themselves, in a tail of ``m`` values): the source digit tuple
    (digits ``a..b``, as a mixed-radix index) of each destination tuple."""
    width = b - a + 1
    size = m - a  # the suffix from position a holds the values 0..size-1, relabelled
    radices = np.arange(size, size - width, -1)
    count = int(np.prod(radices))
    digits = np.stack(np.unravel_index(np.arange(count), radices), axis=1)
    values = np.empty_like(digits)
    free = np.ones((count, size), dtype=bool)
    for j in range(width):  # value j: the digits[:, j]-th smallest value still free
        values[:, j] = np.argmax(np.cumsum(free, axis=1) > digits[:, j:j + 1], axis=1)
        free[np.arange(count), values[:, j]] = False
    moved = values[:, np.asarray(gather) - a]
    # new digit: smaller values to the right in the window plus smaller values not in it
    smaller_right = np.zeros_like(moved)
    smaller_used = np.zeros_like(moved)
    for j in range(width):
        smaller_right[:, j] = (moved[:, j + 1:] < moved[:, j:j + 1]).sum(axis=1)
        smaller_used[:, j] = (values < moved[:, j:j + 1]).sum(axis=1)
    new_digits = smaller_right + moved - smaller_used
    target = np.ravel_multi_index(tuple(new_digits.T), radices)
    source = np.empty(count, dtype=np.int64)
    source[target] = np.arange(count)
    return source


def _parity_sources(m: int, a: int, b: int, gather: tuple) -> np.ndarray:
    """:func:`_tuple_sources` of a window that reaches the last two tail positions, for halved
    ranks: for each parity ``p`` of the digits before the window, the source of each halved
    destination index (a destination's second-last digit makes its digit sum even)."""
    window = m - a
    source = _tuple_sources(m, a, m - 1, tuple(gather) + tuple(range(b + 1, m)))
    radices = np.arange(window, 0, -1)
    digits = np.stack(np.unravel_index(np.arange(source.size), radices), axis=1)
    halves = []
    for p in (0, 1):
        full = np.flatnonzero((digits.sum(axis=1) + p) % 2 == 0)  # sorted: index 2h + bit
        halves.append(source[full] >> 1)
    return np.concatenate(halves)


@njit(cache=True, parallel=True)
def expand_planes(codes, moves, first, tables, plane, tile):
    """Mark NEXT every unseen state that a rotation or window move reaches from a current one.

    One work item is one range of tails (a tile) in every plane: its own bytes, written eight
    at a time (reached and UNSEEN, 00, becomes NEXT, 10), so no two threads write the same
    word.
    """
    words = codes.view(np.uint64)
    n_planes = first.shape[0] - 1
    for tile_index in prange(plane // tile):
        t0 = tile_index * tile
        reached = np.empty(tile // 8, dtype=np.uint64)
        for d in range(n_planes):  # the same tiles of all planes: a rotation's source is cached
            reached[:] = 0
            for i in range(first[d], first[d + 1]):
                _apply(codes, words, moves[i], tables, plane, t0, tile, reached)
            own = words[(d * plane + t0) // 8:(d * plane + t0 + tile) // 8]
            for w in range(own.shape[0]):  # no branch: a store costs less than a mispredicted one
                x = own[np.uint64(w)]
                own[np.uint64(w)] = x | ((reached[np.uint64(w)] & ~(x | (x >> np.uint64(1)))) << np.uint64(1))


@njit(cache=True, inline="always")
def _apply(codes, words, move, tables, plane, t0, tile, reached):
    """OR into ``reached`` the current bits that ``move`` sends into tails ``t0..t0+tile-1``.
    Indices are unsigned (no negative-index wraparound code in the inner loops)."""
    source = move[0] * plane
    how = move[2]
    sub = move[3]
    block = move[4]
    table = move[5]
    if how == ROTATE:
        _or_current(reached, words[(source + t0) // 8:(source + t0 + tile) // 8])
    elif how == SUB_BLOCKS:
        flags = reached.view(np.uint8)
        u = t0
        while u < t0 + tile:  # one sub-block piece at a time
            q = u % block
            j = q // sub
            start = q - j * sub
            length = min(sub - start, t0 + tile - u)
            src = source + u - q + tables[table + j] * sub + start
            out = u - t0
            if sub % 8 == 0:  # then so are src, out and length
                _or_current(reached[out // 8:(out + length) // 8], words[src // 8:(src + length) // 8])
            else:
                for i in range(length):
                    flags[np.uint64(out + i)] |= codes[np.uint64(src + i)] == kernels.CURRENT
            u += length
    elif how == PARITY_BYTES:
        _gather_by_parity(codes[source:source + plane], reached.view(np.uint8), tables[table:table + 2 * block],
                          t0, tile, block, move[6], move[7])
    else:
        flags = reached.view(np.uint8)
        gather = tables[table:table + block]
        for u in range(t0, t0 + tile, block):  # the tile holds whole blocks
            _gather_current(flags[u - t0:u - t0 + block], codes[source + u:source + u + block], gather)


@njit(cache=True, inline="always")
def _gather_by_parity(plane_codes, flags, gathers, t0, tile, block, a, m):
    """The PARITY_BYTES move: the table of each block chosen by the parity of the ``a`` tail
    digits before it (the block index's digits in radices ``m, m-1, ...``), counted up block
    by block."""
    digits = np.empty(max(a, 1), dtype=np.int64)
    rest = t0 // block
    parity = 0
    for i in range(a - 1, -1, -1):
        digits[i] = rest % (m - i)
        rest //= m - i
        parity ^= digits[i] & 1
    for u in range(t0, t0 + tile, block):
        _gather_current(flags[u - t0:u - t0 + block], plane_codes[u:u + block],
                        gathers[parity * block:(parity + 1) * block])
        i = a - 1
        while i >= 0:  # next block: add one to the digits, carrying
            digits[i] += 1
            parity ^= 1
            if digits[i] < m - i:
                break
            digits[i] = 0
            parity ^= (m - i) & 1
            i -= 1


@njit(cache=True, inline="always")
def _gather_current(out, src, gather):
    """Flag ``out[q]`` where ``src[gather[q]]`` is CURRENT."""
    for q in range(out.shape[0]):
        out[np.uint64(q)] |= src[np.uint64(gather[np.uint64(q)])] == kernels.CURRENT


@njit(cache=True, inline="always")
def _or_current(reached, words):
    for w in range(words.shape[0]):
        reached[np.uint64(w)] |= kernels.current_bytes(words[np.uint64(w)])


def push_scattered(codes, kind, plane, scattered, tables, chunk):
    """Mark NEXT the unseen neighbours of current states under the scattered moves: each
    neighbour's whole tail ranked from scratch, from the decoded tail through the move's
    gather ``tables[11][g, k]`` (so no prefix tables or digits are needed). ``chunk`` divides
    the plane; the work items are the chunks of the planes that have scattered moves."""
    _PUSH_SCATTERED[kind](codes, plane, scattered, tables, chunk)


def _scattered_kernel(kind: int):
    """:func:`push_scattered` with the hash ``kind`` frozen in (its other hash's code pruned)."""

    def push_scattered(codes, plane, scattered, tables, chunk):
        n_gens, n = tables[12].shape[0], tables[12].shape[1]
        m = n - 1
        sources = np.flatnonzero(scattered.sum(axis=1))  # planes with scattered moves
        chunks = plane // chunk
        for item in prange(sources.shape[0] * chunks):
            k = sources[item // chunks]
            t = kernels._thread_tables(tables)
            cache = kernels.new_cache(n)
            pending = np.empty(kernels._PENDING + n_gens, dtype=np.int64)
            count = 0
            start = k * plane + (item % chunks) * chunk
            block = codes[start:start + chunk].view(np.uint64)
            for w in range(block.shape[0]):
                hits = kernels.current_bytes(block[w])
                while hits:
                    r = start + 8 * w + (trailing_zeros(hits) >> 3)
                    hits &= hits - np.uint64(1)
                    kernels._rotation_tail(kind, r, n, t, cache, 0)  # the tail's values into cache[2:]
                    for g in range(n_gens):
                        if scattered[k, g]:
                            rr = kernels._window_rank(0, cache, n, 0, m - 1, m, t[0], cache[2:], t[11][g, k])
                            if kind == kernels.ROTATION_EVEN:
                                rr >>= 1
                            rr += t[12][g, k, 2] * plane
                            pending[count] = rr
                            prefetch(codes, rr)
                            count += 1
                    if count >= kernels._PENDING:
                        _mark(codes, pending, count)
                        count = 0
            _mark(codes, pending, count)

    return kernels._specialise(push_scattered, kind, parallel=True)


@njit(cache=True, inline="always")
def _mark(codes, pending, count):
    for i in range(count):
        rr = np.uint64(pending[i])
        if codes[rr] == kernels.UNSEEN:
            codes[rr] = kernels.NEXT


_PUSH_SCATTERED = {kind: _scattered_kernel(kind) for kind in (kernels.ROTATION, kernels.ROTATION_EVEN)}
