"""Dense layers of the rotation and Lehmer hashes, a whole plane at a time (numba kernels).

Under the rotation hashes (``ROTATION``, ``ROTATION_EVEN`` in :mod:`cayley.bfs._ranked_cpu`)
a state is an offset ``k`` (the position of value 0) and a tail, and its rank is ``k`` times
the plane size plus the tail's Lehmer rank. The Lehmer hashes of S_n and A_n are the same with
one plane whose tail is the whole permutation (:func:`lehmer_moves`). Each generator, at each
offset ``k``, is one of:

* a *rotation*: the offset changes, the tail does not. Plane ``k`` maps onto plane ``k2``
  state for state.
* a *window* move: it permutes tail positions ``a..b`` among themselves. Lehmer digits ``a..b``
  of the tail then change to digits that depend on those digits alone (the digits of a
  permutation's first values fix their relative order), and the digits after ``b`` stay. So
  the plane splits into blocks of ``(m-a)!`` ranks and each block into sub-blocks of
  ``(m-1-b)!`` consecutive ranks (``m = n - 1``; half that for A_n), and the move sends each
  sub-block, whole and in order, to the sub-block of a fixed permutation of the digit tuples.
* anything else (a generator that moves value 0 across the tail, so that every tail position
  changes): a *turn* of the tail, ranked state by state from tables (:class:`TailTurns`).

A dense layer therefore costs a few streaming passes over memory instead of a ranking per
state: for each destination plane and range of tails (a *tile*, one thread's own bytes), the
current states of every rotation and window move's source range are OR-ed together eight
bytes at a time, and the unseen bytes among them become next; the same pass settles the
layer expanded before (:func:`expand_planes`). The turns are pushed afterwards, state by
state, from the current states of their source planes. Sparse layers keep the per-state
kernels: a plane pass reads every byte, a per-state layer only the current ones.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numba import njit, prange

from cayley._bits import popcount, prefetch, trailing_zeros
from cayley.bfs import _ranked_cpu as kernels
from cayley.ranking import (lehmer_rank, lehmer_unrank, lehmer_unrank_cached, new_lehmer_cache, tail_parity_cached,
                            tail_table_cached)

ROTATE, SUB_BLOCKS, BYTES, PARITY_BYTES, BYTE_MASKS = 0, 1, 2, 3, 4  # how a move applies (PlaneMoves.moves[:, 2])
_MASK_GROUP = 128  # BYTE_MASKS: blocks that whole groups of at most this many bytes hold
_PACK = np.uint64(0x0102040810204080)  # (bytes of 0 or 1) * _PACK >> 56: a bit per byte
_SPREAD = np.asarray([sum(((b >> i) & 1) << (8 * i) for i in range(8)) for b in range(256)], dtype=np.uint64)
_MAX_TUPLES = 1 << 16  # larger digit-tuple permutations are turns instead


class PlaneMoves(NamedTuple):
    """The moves of a generating set under a rotation or Lehmer hash, sorted for the plane
    kernels.

    ``moves[i]`` = (source plane, destination plane, how, sub-block size, block size, offset
    of its table in ``tables``, two more for PARITY_BYTES); the moves into plane ``d`` are
    ``moves[first[d]:first[d + 1]]``. How a window move applies, by the size of its
    sub-blocks:

    * SUB_BLOCKS: the table maps each destination sub-block of a block to its source
      sub-block (copied eight bytes at a time when sub-blocks are whole words).
    * Sub-blocks of a few bytes, in blocks that tiles hold whole: BYTE_MASKS when groups of
      words of at most ``_MASK_GROUP`` bytes hold whole blocks (``moves[i, 3]`` is then the
      group's size): for each word of a group and each mask of its current bytes, the mask
      of the group's destination bytes (two words). Otherwise BYTES: the table maps each
      byte of a block to its destination byte, pushed from the current bytes only.
    * Under the halved rank of A_n the last two digits are not stored (the second-last
      follows from the parity of the others), so a window that reaches them has two BYTES
      tables, PARITY_BYTES, for the two parities of the digits before the window
      (``moves[i, 6]`` of them, of radices ``moves[i, 7]`` down).

    ``turns`` are the moves ranked state by state, in rounds of turns into distinct planes.
    A plane holds the tails of ``tail`` values (even ones when ``even``).
    """

    moves: np.ndarray
    first: np.ndarray
    tables: np.ndarray
    turns: tuple
    plane: int
    tile: int
    tail: int
    even: bool

    @property
    def nbytes(self) -> int:
        """Bytes of the tables."""
        turn_arrays = [array for turns in self.turns for array in turns if isinstance(array, np.ndarray)]
        return sum(array.nbytes for array in [self.moves, self.first, self.tables, *turn_arrays])


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
    >>> int(moves.plane), moves.turns[0].planes.tolist()  # X moves value 0 from offsets 0 and 1
    (362880, [[0, 1], [1, 0]])
    """
    return _classify(n - 1, kind == kernels.ROTATION_EVEN, space_tables.rotation_tail, space_tables.rotation_window)


def lehmer_moves(gens: np.ndarray, even: bool) -> PlaneMoves | None:
    """The moves of generators ``gens`` (rows) under the Lehmer hash of S_n (or, ``even``,
    the halved one of A_n): one plane of all states, each generator a window move on the
    positions it moves, or a turn when its window holds too many digit tuples (then ranked
    state by state from tables, as fast as by the per-state kernels). None when the plane
    is too small.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> moves = lehmer_moves(CayleyGraph.from_family("coxeter", 10).generators, False)
    >>> int(moves.plane), len(moves.turns)  # nine adjacent transpositions: all window moves
    (3628800, 0)
    """
    return _classify(gens.shape[1], even, *lehmer_tails(gens))


def lehmer_tails(gens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(tail, window)`` of generators ``gens`` under a Lehmer hash, as the rotation hashes
    give them: one plane (offset 0) whose tail is the whole permutation."""
    n_gens, n = gens.shape
    tail = np.zeros((n_gens, 1, n), dtype=np.int64)
    tail[:, 0] = gens
    window = np.zeros((n_gens, 1, 3), dtype=np.int64)
    window[:, 0, :2] = kernels.moved_windows(gens)
    return tail, window


def _classify(m: int, even: bool, tail: np.ndarray, window: np.ndarray) -> PlaneMoves | None:
    """:class:`PlaneMoves` of the moves ``tail[g, k]`` (the gather of tail positions of
    generator ``g`` at offset ``k``) inside ``window[g, k]`` = (first, last, destination
    offset), on tails of ``m`` values."""
    n = window.shape[1]
    plane = math.factorial(m) // (2 if even else 1)
    if plane % 8:
        return None
    n_gens = window.shape[0]
    # a tile divides the plane and holds whole blocks of up to 8! ranks (half that for A_n)
    tile = math.factorial(8) // (2 if even else 1) if m >= 8 else plane
    rows, tables, offset, turns = [], [], 0, []
    for g in range(n_gens):
        for k in range(n):
            a, b, k2 = (int(x) for x in window[g, k])
            if a > b:
                if k2 != k:  # not the identity
                    rows.append((k, k2, ROTATE, plane, plane, 0, 0, 0))
                continue
            sub = math.factorial(m - 1 - b) // (2 if even else 1)
            tuples = math.prod(range(m - b, m - a + 1))
            gather = None
            if a == 0 and b == m - 1:
                pass  # the whole tail turns (at every degree, so small runs load that kernel)
            elif even and b > m - 3:
                if tile % (math.factorial(m - a) // 2) == 0:
                    sources = _parity_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1]))
                    gather = np.argsort(sources.reshape(2, -1), axis=1).ravel()  # destination of each byte
                    how, sub, tuples = PARITY_BYTES, 1, math.factorial(m - a) // 2
            elif tuples <= _MAX_TUPLES:
                source = _tuple_sources(m, a, b, tuple(int(x) for x in tail[g, k, a:b + 1]))
                if sub < 8 and tile % (tuples * sub) == 0:
                    gather = np.argsort((source[:, None] * sub + np.arange(sub)).ravel())  # destinations
                    how = BYTES
                    if math.lcm(gather.size, 8) <= _MASK_GROUP:
                        gather, how = _group_masks(gather), BYTE_MASKS
                else:
                    gather, how = source, SUB_BLOCKS
            if gather is None:
                turns.append((k, k2, tail[g, k, :m]))
                continue
            block = tuples * sub
            rows.append((k, k2, how, math.lcm(block, 8) if how == BYTE_MASKS else sub, block, offset, a, m))
            tables.append(gather)
            offset += gather.size
    return assemble(rows, tables, turns, n, plane, tile, m, even)


def assemble(rows: list, tables: list, turns: list, n_planes: int, plane: int, tile: int, m: int,
             even: bool) -> PlaneMoves:
    """:class:`PlaneMoves` from classified moves: ``rows`` sorted by destination plane, their
    ``tables`` concatenated, and the ``turns`` (source, destination, gather) grouped in rounds
    of turns into distinct planes, so that a round's count of new states is exact."""
    rows = sorted(rows, key=lambda row: row[1])
    moves = np.asarray(rows, dtype=np.int64).reshape(-1, 8)
    first = np.searchsorted(moves[:, 1], np.arange(n_planes + 1)).astype(np.int64)
    table = np.concatenate(tables).astype(np.int64) if tables else np.zeros(1, dtype=np.int64)
    rounds: list = []
    for turn in sorted(turns, key=lambda turn: turn[0]):
        free = [r for r in rounds if all(other[1] != turn[1] for other in r)]
        if free:
            free[0].append(turn)
        else:
            rounds.append([turn])
    return PlaneMoves(moves, first, table, tuple(tail_turns(m, even, r) for r in rounds), plane, tile, m, even)


def _group_masks(destination: np.ndarray) -> np.ndarray:
    """BYTE_MASKS table of a move that sends byte ``q`` of each block to byte
    ``destination[q]``: for word ``k`` of a group (the least multiple of 8 bytes that holds
    whole blocks) and each mask of its bytes, the mask of their destinations in the group,
    as two 64-bit halves, flattened."""
    block = destination.size
    group = math.lcm(block, 8)
    target = (np.arange(group) // block) * block + destination[np.arange(group) % block]
    bits = np.zeros((group, 2), dtype=np.uint64)  # each byte's destination bit
    bits[np.arange(group), target // 64] = np.uint64(1) << (target % 64).astype(np.uint64)
    masks = np.zeros((group // 8, 256, 2), dtype=np.uint64)
    for k in range(group // 8):
        table = np.zeros((1, 2), dtype=np.uint64)
        for i in range(8):  # masks with bit i set: those without it, plus byte 8k+i's bit
            table = np.concatenate([table, table | bits[8 * k + i]])
        masks[k] = table
    return masks.ravel().view(np.int64)


@lru_cache(maxsize=256)
def _tuple_sources(m: int, a: int, b: int, gather: tuple) -> np.ndarray:
    """For the move that sets tail position ``a + j`` to the old position ``gather[j]``
    (``a..b`` permuted among themselves, in a tail of ``m`` values): the source digit tuple
    (digits ``a..b``, as a mixed-radix index) of each destination tuple."""
    width = b - a + 1
    size = m - a  # the suffix from position a holds the values 0..size-1, relabelled
    rest = math.factorial(size - width)
    count = math.factorial(size) // rest
    # each digit tuple as the permutation of the suffix with those digits and zeros after
    # them: its first values, then the others in increasing order
    before = lehmer_unrank(np.arange(count, dtype=np.int64) * rest, size)
    after = before.copy()
    after[:, :width] = before[:, np.asarray(gather) - a]
    source = np.empty(count, dtype=np.int64)
    source[lehmer_rank(after) // rest] = np.arange(count)
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
def expand_planes(codes, moves, first, tables, plane, tile, code, counts):
    """Expand the states of code ``code`` (CURRENT or NEXT) under the rotation and window
    moves, and settle the layer before them, in one pass: every unseen state reached gets the
    other code, ``3 - code``, and the states that had it (the layer expanded before, not
    settled since) become VISITED. ``counts[i]`` is set to the states marked in tile ``i``.

    So dense layers need no separate pass to settle them (:func:`cayley.bfs._ranked_cpu.advance`):
    the current code alternates between CURRENT and NEXT from one plane pass to the next. One
    work item is one range of tails (a tile) in every plane: its own bytes, written eight at
    a time, so no two threads write the same word and the count is exact.
    """
    words = codes.view(np.uint64)
    n_planes = first.shape[0] - 1
    low = kernels._LOW
    new_shift = np.uint64(2 - code)  # bit 0 moved to the new code's bit
    for tile_index in prange(plane // tile):
        t0 = tile_index * tile
        reached = np.empty(tile // 8, dtype=np.uint64)
        parities = np.empty(tile, dtype=np.uint8)  # of the blocks of a PARITY_BYTES move
        marked = np.uint64(0)
        for d in range(n_planes):  # the same tiles of all planes: a rotation's source is cached
            reached[:] = 0
            for i in range(first[d], first[d + 1]):
                _apply(codes, words, moves[i], tables, plane, t0, tile, reached, parities, code)
            own = words[(d * plane + t0) // 8:(d * plane + t0 + tile) // 8]
            for w in range(own.shape[0]):  # no branch: a store costs less than a mispredicted one
                x = own[np.uint64(w)]
                stale = kernels.code_bytes(x, 3 - code)
                new = reached[np.uint64(w)] & ~(x | (x >> np.uint64(1))) & low
                own[np.uint64(w)] = x | stale | (stale << np.uint64(1)) | (new << new_shift)
                marked += (new * low) >> np.uint64(56)
        counts[tile_index] = marked


@njit(cache=True, inline="always")
def _apply(codes, words, move, tables, plane, t0, tile, reached, parities, code):
    """OR into ``reached`` the bits of the states of code ``code`` that ``move`` sends into
    tails ``t0..t0+tile-1``. Indices are unsigned (no negative-index wraparound code in the
    inner loops)."""
    source = move[0] * plane
    how = move[2]
    sub = move[3]
    block = move[4]
    table = move[5]
    if how == ROTATE:
        _or_current(reached, words[(source + t0) // 8:(source + t0 + tile) // 8], code)
    elif how == SUB_BLOCKS:
        # tiles, blocks and sub-blocks are factorials (halved for A_n): one divides the other
        if sub >= tile:  # the tile lies in one sub-block
            q = t0 % block
            j = q // sub
            _or_range(codes, words, reached, 0, source + t0 - q + tables[table + j] * sub + q - j * sub, tile, code)
        else:  # whole sub-blocks: of whole blocks, or of the one block the tile lies in
            if block <= tile:
                base0, bases, j0, j1 = t0, tile // block, 0, block // sub
            else:
                q = t0 % block
                base0, bases, j0 = t0 - q, 1, q // sub
                j1 = j0 + tile // sub
            for i in range(bases):
                base = base0 + i * block
                for j in range(j0, j1):
                    _or_range(codes, words, reached, base + j * sub - t0, source + base + tables[table + j] * sub,
                              sub, code)
    elif how == BYTE_MASKS:
        group_words = sub // 8
        _or_by_masks(reached, words[(source + t0) // 8:(source + t0 + tile) // 8],
                     tables[table:table + group_words * 512], group_words, code)
    else:  # BYTES, PARITY_BYTES: the tile holds whole blocks, so the sources lie in it too
        by_parity = how == PARITY_BYTES
        if by_parity:
            _block_parities(parities, t0 // block, tile // block, move[6], move[7])
        _scatter_current(reached.view(np.uint8), words[(source + t0) // 8:(source + t0 + tile) // 8],
                         tables[table:table + 2 * block if by_parity else table + block], block, parities, by_parity,
                         code)


@njit(cache=True, inline="always")
def _or_by_masks(reached, src_words, masks, group_words, code):
    """The BYTE_MASKS move on a tile: per group of ``group_words`` words, OR the destination
    masks of each word's mask of bytes of code ``code``, then spread the bits to bytes."""
    for g0 in range(0, src_words.shape[0], group_words):
        low = np.uint64(0)
        high = np.uint64(0)
        for k in range(group_words):
            mask = np.int64((kernels.code_bytes(src_words[np.uint64(g0 + k)], code) * _PACK) >> np.uint64(56))
            at = np.uint64(2 * (256 * k + mask))
            low |= np.uint64(masks[at])
            high |= np.uint64(masks[at + np.uint64(1)])
        for k in range(group_words):
            half = low if k < 8 else high
            reached[np.uint64(g0 + k)] |= _SPREAD[(half >> np.uint64(8 * (k % 8))) & np.uint64(0xFF)]


@njit(cache=True, inline="always")
def _block_parities(parities, first_block, count, a, m):
    """The parity of the ``a`` tail digits before the window (the block index's digits in
    radices ``m, m-1, ...``) of blocks ``first_block ..`` into ``parities[:count]``, counted
    up block by block."""
    digits = np.empty(max(a, 1), dtype=np.int64)
    rest = first_block
    parity = 0
    for i in range(a - 1, -1, -1):
        digits[i] = rest % (m - i)
        rest //= m - i
        parity ^= digits[i] & 1
    for b in range(count):
        parities[b] = parity
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
def _scatter_current(flags, src_words, scatter, block, parities, by_parity, code):
    """Flag the destination of every byte of code ``code`` in ``src_words`` (a tile): byte ``q`` of a
    block goes to byte ``scatter[q]`` of the same block (``scatter[block + q]`` when the
    block's parity is odd, ``by_parity``). Only the current bytes cost anything, so this
    beats a gather over every byte while fewer than about one state in ten is current."""
    inverse = 1.0 / block
    for w in range(src_words.shape[0]):
        hits = kernels.code_bytes(src_words[np.uint64(w)], code)
        while hits:
            u = 8 * w + (trailing_zeros(hits) >> 3)
            hits &= hits - np.uint64(1)
            b = np.int64((u + 0.5) * inverse)  # exact: u and block are far below 2**40
            q = u - b * block
            if by_parity:
                q += parities[np.uint64(b)] * block
            flags[np.uint64(b * block + scatter[np.uint64(q)])] = 1


@njit(cache=True, inline="always")
def _or_range(codes, words, reached, out, src, length, code):
    """Flag ``reached`` bytes ``out..out+length-1`` where bytes ``src..`` of ``codes`` hold ``code``."""
    if (out | src | length) % 8 == 0:
        _or_current(reached[out // 8:(out + length) // 8], words[src // 8:(src + length) // 8], code)
    else:
        flags = reached.view(np.uint8)
        for i in range(length):
            flags[np.uint64(out + i)] |= codes[np.uint64(src + i)] == code


@njit(cache=True, inline="always")
def _or_current(reached, words, code):
    """Flag ``reached`` words' bytes where the bytes of ``words`` hold ``code``."""
    for w in range(words.shape[0]):
        reached[np.uint64(w)] |= kernels.code_bytes(words[np.uint64(w)], code)


# ---------------------------------------------------------------------- tail turns
class TailTurns(NamedTuple):
    """The turns of a plane hash (moves ranked state by state), ranked from tables.

    Split a tail into its first ``h = m - L`` values (the *prefix*, fixed within a block of
    ``L!`` consecutive Lehmer ranks, ``L = min(m, 8)``) and its last ``L`` (the *low* values,
    told by the rank's row in the block). A turn's new Lehmer rank sums, over the pairs of
    new positions that are inverted, the weight of the earlier one's position. Pairs of
    prefix values are a constant of the block, pairs of low values a function of the row
    (``low``), and a pair of prefix value ``x`` and low value ``y`` is inverted when ``y`` is
    among the low values smaller than ``x`` (or not, as the pair's new order says): a
    function of the positions of the ``c`` smallest low values (``masks[c, row]``, a bit per
    low position), ``c`` the block's count of low values under ``x``, weighed by
    ``weights[i, p]``. A prefix position that lands before every low one (``spread[i, p]``
    False) counts ``c`` times its weight, a constant of the block as well.

    ``planes[i]`` = (source, destination) of turn ``i``, sorted by source: the turns from plane
    ``sources[s]`` are ``first[s]:first[s + 1]``. ``order[i, p]`` is the new position of
    prefix position ``p``. Halved ranks (A_n) index rows by the prefix's
    parity, then the row of the halved rank: ``block = L!/2`` ranks per prefix. ``tail_table``
    is the Lehmer tail table of ``L`` values, with which the prefix of a block is decoded.
    """

    sources: np.ndarray
    first: np.ndarray
    planes: np.ndarray
    order: np.ndarray
    spread: np.ndarray
    weights: np.ndarray
    low: np.ndarray
    masks: np.ndarray
    tail_table: np.ndarray
    block: int


def tail_turns(m: int, even: bool, moves: list) -> TailTurns:
    """Tables of the turns ``moves`` = [(source plane, destination plane, gather), ...], where
    the new tail's position ``j`` holds the old tail's value at ``gather[j]`` (``m`` values),
    sorted by source plane."""
    size = min(m, 8)
    h = m - size
    columns, masks = _low_rows(size, even)
    fact = np.asarray([math.factorial(i) for i in range(m + 1)], dtype=np.int64)
    count = len(moves)
    order = np.zeros((count, h), dtype=np.int64)
    spread = np.zeros((count, h), dtype=np.bool_)
    weights = np.zeros((count, h, 1 << size), dtype=np.int64)
    low = np.zeros((count, columns.shape[1]), dtype=np.int64)
    bits = (np.arange(1 << size)[:, None] >> np.arange(size)) & 1  # bit q of each mask
    for i, (_, _, gather) in enumerate(moves):
        new = np.argsort(np.asarray(gather))  # new position of each old position
        order[i] = new[:h]
        # low-low pairs: the low values in their new order, and each one's smaller successors
        ordered = np.argsort(new[h:])
        for j in range(size - 1):
            later = np.zeros(columns.shape[1], dtype=np.uint8)
            for j2 in range(j + 1, size):
                later += (columns[ordered[j2]] < columns[ordered[j]]).view(np.uint8)
            low[i] += later * fact[m - 1 - new[h + ordered[j]]]
        for p in range(h):
            before = new[h:] < new[p]  # low positions that land before prefix position p
            spread[i, p] = before.any()
            w = fact[m - 1 - np.minimum(new[p], new[h:])]
            weights[i, p] = np.where(before, 1 - bits, bits) @ w
    planes = np.asarray([(k, k2) for k, k2, _ in moves], dtype=np.int64).reshape(-1, 2)
    sources = np.unique(planes[:, 0])
    first = np.searchsorted(planes[:, 0], np.append(sources, planes[-1, 0] + 1)).astype(np.int64)
    return TailTurns(sources, first, planes, order, spread, weights, low, masks, tail_table_cached(size),
                     math.factorial(size) // (2 if even else 1))


@lru_cache(maxsize=4)
def _low_rows(size: int, even: bool) -> tuple[np.ndarray, np.ndarray]:
    """The low values' permutation at each row index (:class:`TailTurns`), as columns (the
    value at low position ``q`` of each row), and the masks of the positions of its ``c``
    smallest values (``masks[c, row]``).

    Rows are those of the Lehmer tail table or, for halved ranks, the even-prefix rows then
    the odd-prefix ones (the alternating unranker's choice between Lehmer rows ``2k`` and
    ``2k + 1``).
    """
    rows = tail_table_cached(size)
    if even:
        doubled = 2 * np.arange(rows.shape[0] // 2)
        parity = tail_parity_cached(size)[doubled].astype(np.int64)
        rows = np.concatenate([rows[doubled + ((p + parity) & 1)] for p in (0, 1)])
    columns = np.ascontiguousarray(rows.T)
    masks = np.zeros((size + 1, rows.shape[0]), dtype=np.uint8)
    for c in range(1, size + 1):
        for q in range(size):
            masks[c] |= (columns[q] < c).view(np.uint8) << np.uint8(q)
    return columns, masks


@njit(cache=True, parallel=True)
def push_turns(codes, plane, even, m, sources, first, planes, order, spread, weights, low, masks, tail_table,
               block, code, counts):
    """Give every unseen neighbour of a state of code ``code`` under the turns
    (:class:`TailTurns`, no two into one plane) the code ``3 - code``, and count them:
    ``counts[item]`` for each work item, one block of ``block`` ranks in a source plane.

    A block's prefix is decoded once (by the Lehmer unranker, at the block's first rank), and
    each neighbour costs a table read per spread prefix position. ``sources`` are the planes
    with turns, those of ``sources[s]`` being ``first[s]:first[s + 1]``. The count is exact: a turn is a bijection between two planes,
    so only one state of this call can reach a given neighbour.
    """
    fact = factorials(m)
    blocks = plane // block
    for item in prange(sources.shape[0] * blocks):
        s = item // blocks
        hi = item - s * blocks
        turns = first[s + 1] - first[s]
        smaller, row0, base = block_turns(hi, m, even, block, tail_table, order, spread, first[s], turns, fact)
        pending = np.empty(kernels._PENDING + turns, dtype=np.int64)
        count = 0
        marked = 0
        start = sources[s] * plane + hi * block
        words = codes[start:start + block].view(np.uint64)
        for w in range(words.shape[0]):
            hits = kernels.code_bytes(words[np.uint64(w)], code)
            while hits:
                row = np.uint64(row0 + 8 * w + (trailing_zeros(hits) >> 3))
                hits &= hits - np.uint64(1)
                for j in range(turns):
                    rr = turn_rank(np.uint64(first[s] + j), row, base[j], low, spread, weights, masks, smaller, even,
                                   planes, plane)
                    pending[count] = rr
                    prefetch(codes, rr)
                    count += 1
                if count >= kernels._PENDING:
                    marked += _mark(codes, pending, count, 3 - code)
                    count = 0
        counts[item] = marked + _mark(codes, pending, count, 3 - code)


@njit(cache=True, inline="always")
def factorials(m):
    """``k!`` for ``k <= m``."""
    fact = np.ones(m + 1, dtype=np.int64)
    for i in range(1, m + 1):
        fact[i] = fact[i - 1] * i
    return fact


@njit(cache=True, inline="always")
def block_turns(hi, m, even, block, tail_table, order, spread, first, turns, fact):
    """What the turns ``first..first+turns-1`` (:class:`TailTurns`) share within block ``hi``
    of a plane: the low values under each prefix value, the first row index, and each
    turn's rank part that is constant in the block (:func:`_block_rank`)."""
    h = order.shape[1]
    cache = new_lehmer_cache(m)
    lehmer_unrank_cached(hi * tail_table.shape[0], m, tail_table, cache)  # the block's first Lehmer rank
    values = cache[2:2 + h]
    smaller = np.empty(h, dtype=np.int64)  # low values under each prefix value
    used = 0
    for p in range(h):
        used |= 1 << values[p]
    for p in range(h):
        smaller[p] = values[p] - popcount(used & ((1 << values[p]) - 1))
    row0 = cache[1] * block if even else 0  # cache[1]: the parity of the prefix's digits
    base = np.empty(turns, dtype=np.int64)
    for j in range(turns):
        base[j] = _block_rank(order[first + j], spread[first + j], values, smaller, m, fact)
    return smaller, row0, base


@njit(cache=True, inline="always")
def turn_rank(i, row, base, low, spread, weights, masks, smaller, even, planes, plane):
    """The rank of turn ``i``'s neighbour of the state at row ``row`` of a block whose
    constant part is ``base`` (:func:`block_turns`)."""
    rr = base + low[i, row]
    for p in range(smaller.shape[0]):
        if spread[i, p]:
            rr += weights[i, p, masks[smaller[p], row]]
    if even:
        rr >>= 1
    return rr + planes[i, 1] * plane


@njit(cache=True, inline="always")
def _block_rank(order, spread, values, smaller, m, fact):
    """The part of a turn's new rank that is constant in a block: inverted pairs of prefix
    values, and prefix values that land before every low one (``c`` inversions each)."""
    h = values.shape[0]
    rank = 0
    for p in range(h):
        w = fact[m - 1 - order[p]]
        for p2 in range(h):
            if order[p] < order[p2] and values[p] > values[p2]:
                rank += w
        if not spread[p]:
            rank += w * smaller[p]
    return rank


@njit(cache=True, inline="always")
def _mark(codes, pending, count, code):
    """Give the unseen states among ``pending[:count]`` the code ``code``; return how many."""
    marked = 0
    for i in range(count):
        rr = np.uint64(pending[i])
        if codes[rr] == kernels.UNSEEN:
            codes[rr] = code
            marked += 1
    return marked
