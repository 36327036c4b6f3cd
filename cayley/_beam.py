"""Numba kernels of the beam search: expansion, 64-bit hash sets, top-k selection.

States are rows of one byte per entry (``uint16`` above 256 symbols), hashed to 64-bit keys
by Zobrist hashing (the XOR of a random word per position and symbol). Hash sets are open
addressing tables of ``uint64`` keys, 0 meaning empty, with linear probing; a key 0 is
stored as 1. A hash collision can only make the search drop a state it has not seen; every
word is replayed on its states before it is returned, so collisions never make a wrong word.

:class:`History` holds the states kept in the last steps in two generations of tables, so
that a lookup probes two tables whatever the depth: states of the last ``depth`` steps at
least, of the last ``2 * depth`` at most, are recognised (``depth=None``: every step).
:class:`Ball` holds the states within a radius of the target with their distances, matched
row by row so that a word completed from it is exact.
"""
from __future__ import annotations

from contextlib import contextmanager

import numba
import numpy as np
from numba import njit, prange

from cayley import _memory

_TIE_BITS = 6  # ties of an integer score are broken by the top bits of the state's hash
# Below this many children a step runs on one thread: waking the pool costs more than it saves
# (0.45 ms against 17 ms for 30,000 children of lrx 12 on a busy 2-core machine).
PARALLEL_MIN = 1 << 18


@contextmanager
def threads_for(items: int):
    """Run the numba kernels inside on one thread when ``items`` is below :data:`PARALLEL_MIN`."""
    threads = numba.get_num_threads()
    numba.set_num_threads(threads if items >= PARALLEL_MIN else 1)
    try:
        yield
    finally:
        numba.set_num_threads(threads)


def zobrist_table(degree: int, symbols: int, seed: int = 0x5EED) -> np.ndarray:
    """Random ``uint64`` words, one per position and symbol."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2**64, size=(degree, symbols), dtype=np.uint64, endpoint=False)


def table_size(entries: int) -> int:
    """A power of two at least twice ``entries`` (load factor at most 1/2)."""
    return 1 << max(4, int(2 * max(entries, 1) - 1).bit_length())


@njit(cache=True, inline="always")
def _hash_row(row, zobrist):
    h = np.uint64(0)
    for j in range(row.shape[0]):
        h ^= zobrist[j, row[j]]
    return h if h != np.uint64(0) else np.uint64(1)


@njit(cache=True, inline="always")
def _contains(keys, h):
    mask = keys.shape[0] - 1
    slot = np.int64(h & np.uint64(mask))
    while True:
        k = keys[slot]
        if k == h:
            return True
        if k == np.uint64(0):
            return False
        slot = (slot + 1) & mask


@njit(cache=True, inline="always")
def _insert(keys, h):
    """Add ``h``; False when it was there already."""
    mask = keys.shape[0] - 1
    slot = np.int64(h & np.uint64(mask))
    while True:
        k = keys[slot]
        if k == h:
            return False
        if k == np.uint64(0):
            keys[slot] = h
            return True
        slot = (slot + 1) & mask


@njit(cache=True)
def insert_all(keys, hashes):
    """Add every key of ``hashes``; returns how many were new."""
    added = 0
    for i in range(hashes.shape[0]):
        if _insert(keys, hashes[i]):
            added += 1
    return added


@njit(cache=True, parallel=True)
def hash_rows(rows, zobrist, out):
    """``out[i]`` = the 64-bit hash of ``rows[i]``."""
    for i in prange(rows.shape[0]):
        out[i] = _hash_row(rows[i], zobrist)


@njit(cache=True, parallel=True)
def gather_children(beam, gens, children):
    """Row ``i * k + g`` of ``children`` = ``beam[i][gens[g]]`` (generators act by gathering)."""
    k, n = gens.shape
    for i in prange(beam.shape[0]):
        for g in range(k):
            c = i * k + g
            for j in range(n):
                children[c, j] = beam[i, gens[g, j]]


@njit(cache=True, inline="always")
def _ball_find(row, h, keys, index, rows, dist):
    """Distance to the target of ``row`` (hash ``h``) when it lies in the ball, else -1."""
    mask = keys.shape[0] - 1
    slot = np.int64(h & np.uint64(mask))
    n = row.shape[0]
    while True:
        k = keys[slot]
        if k == np.uint64(0):
            return -1
        if k == h:
            b = index[slot]
            same = True
            for j in range(n):
                if rows[b, j] != row[j]:
                    same = False
                    break
            if same:
                return np.int64(dist[b])
        slot = (slot + 1) & mask


@njit(cache=True, parallel=True)
def screen(children, zobrist, old, new, ball_keys, ball_index, ball_rows, ball_dist, hashes, hits):
    """Hash every child; zero the hash of those seen in the history tables ``old`` and ``new``;
    ``hits[c]`` = the child's distance to the target when it lies in the ball, else -1."""
    for c in prange(children.shape[0]):
        row = children[c]
        h = _hash_row(row, zobrist)
        if _contains(new, h) or _contains(old, h):
            hashes[c] = 0
            hits[c] = -1
        else:
            hashes[c] = h
            hits[c] = _ball_find(row, h, ball_keys, ball_index, ball_rows, ball_dist)


@njit(cache=True)
def unique_fresh(hashes, table, out):
    """Indices of the first child with each non-zero hash, in order; returns their count.

    ``table`` is an empty hash set of at least twice ``len(hashes)`` slots.
    """
    m = 0
    for c in range(hashes.shape[0]):
        h = hashes[c]
        if h != np.uint64(0) and _insert(table, h):
            out[m] = c
            m += 1
    return m


@njit(cache=True)
def ball_table(rows, zobrist, keys, index):
    """Fill ``keys``/``index`` with every row of the ball (rows with equal hashes all kept)."""
    mask = keys.shape[0] - 1
    for b in range(rows.shape[0]):
        h = _hash_row(rows[b], zobrist)
        slot = np.int64(h & np.uint64(mask))
        while keys[slot] != np.uint64(0):
            slot = (slot + 1) & mask
        keys[slot] = h
        index[slot] = b


@njit(cache=True)
def ball_lookup(row, zobrist, keys, index, rows, dist):
    """Distance to the target of one state when it lies in the ball, else -1."""
    return _ball_find(row, _hash_row(row, zobrist), keys, index, rows, dist)


@njit(cache=True)
def select_lowest(scores, hashes, width, out):
    """Indices of ``width`` entries with the lowest integer scores, in one counting pass.

    Ties are broken by the top bits of ``hashes`` (a pseudo-random order that does not favour
    any generator), then by index. No sort: a histogram of the keys finds the threshold.
    Returns the count written to ``out``.
    """
    m = scores.shape[0]
    if m <= width:
        for i in range(m):
            out[i] = i
        return m
    top = 0
    for i in range(m):
        if scores[i] > top:
            top = scores[i]
    shift = np.uint64(64 - _TIE_BITS)
    bins = (np.int64(top) + 1) << _TIE_BITS
    counts = np.zeros(bins + 1, dtype=np.int64)
    for i in range(m):
        counts[(np.int64(scores[i]) << _TIE_BITS) + np.int64(hashes[i] >> shift)] += 1
    total = 0
    threshold = 0
    while total + counts[threshold] < width:
        total += counts[threshold]
        threshold += 1
    room = width - total  # entries with key == threshold still to take
    j = 0
    for i in range(m):
        key = (np.int64(scores[i]) << _TIE_BITS) + np.int64(hashes[i] >> shift)
        if key < threshold:
            out[j] = i
            j += 1
        elif key == threshold and room > 0:
            out[j] = i
            j += 1
            room -= 1
    return j


class History:
    """Hashes of the states kept in the last steps (see the module docstring).

    Parameters
    ----------
    depth : int or None
        Steps remembered at least (0: none, only duplicates within a step are dropped;
        None: every step).
    per_step : int
        States kept per step at most (the beam width), to size the tables.
    """

    def __init__(self, depth: int | None, per_step: int) -> None:
        self.depth = depth
        size = 16 if depth == 0 else table_size(per_step * (depth or 4))  # None: grows as needed
        self.old = np.zeros(16, dtype=np.uint64)
        self.new = np.zeros(size, dtype=np.uint64)
        self.count = 0  # keys in `new`
        self.steps = 0  # steps in `new`
        self.total = 0  # keys remembered now, both generations

    @property
    def bytes(self) -> int:
        """Memory held by the tables."""
        return int(self.old.nbytes + self.new.nbytes)

    def add(self, hashes: np.ndarray) -> None:
        """Remember the hashes of one step's kept states."""
        if self.depth == 0:
            return
        if 2 * (self.count + hashes.shape[0]) > self.new.shape[0]:
            size = table_size(2 * (self.count + hashes.shape[0]))
            _memory.require(8 * size, f"remembering the {self.count} states of the last {self.steps} steps "
                                      "(give a smaller history)")
            grown = np.zeros(size, dtype=np.uint64)
            insert_all(grown, self.new[self.new != 0])
            self.new = grown
        added = insert_all(self.new, hashes)
        self.count += added
        self.total += added
        self.steps += 1
        if self.depth is not None and self.steps == self.depth:
            self.total = self.count
            self.old, self.new = self.new, np.zeros(self.new.shape, dtype=np.uint64)
            self.count = self.steps = 0


class Ball:
    """The states within some distance of the target, with that distance, matched exactly.

    Parameters
    ----------
    rows : ndarray
        ``(B, n)`` states (the beam's dtype), the target first.
    dist : ndarray
        ``(B,)`` distance of each to the target.
    zobrist : ndarray
        The hash words of the search.
    """

    def __init__(self, rows: np.ndarray, dist: np.ndarray, zobrist: np.ndarray) -> None:
        self.rows = np.ascontiguousarray(rows)
        self.dist = np.ascontiguousarray(dist, dtype=np.int64)
        self.zobrist = zobrist
        self.keys = np.zeros(table_size(rows.shape[0]), dtype=np.uint64)
        self.index = np.zeros(self.keys.shape[0], dtype=np.int64)
        ball_table(self.rows, zobrist, self.keys, self.index)

    @property
    def radius(self) -> int:
        """The largest distance held."""
        return int(self.dist.max())

    @property
    def bytes(self) -> int:
        """Memory held by the rows and the table."""
        return int(self.rows.nbytes + self.dist.nbytes + self.keys.nbytes + self.index.nbytes)

    def distance(self, row: np.ndarray) -> int:
        """Distance of ``row`` to the target when it lies in the ball, else -1."""
        return int(ball_lookup(row, self.zobrist, self.keys, self.index, self.rows, self.dist))
