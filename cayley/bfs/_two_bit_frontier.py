"""Out-of-core growth of undirected graphs that keeps only the last two layers.

In an undirected graph every neighbour of layer ``k`` lies in layer ``k - 1``, ``k`` or
``k + 1``, so layer ``k + 1`` is the set of neighbours of layer ``k`` that are in neither of
the two (Korf's frontier search): what came before layer ``k - 1`` need not be remembered.
This engine gives layer ``j`` the code ``1 + j mod 3`` and code 0 to every other state,
unseen or forgotten. Its codes live in ONE file of the work directory (half the disk of
:mod:`cayley.bfs._two_bit`'s two), and a dense layer is one plane pass *in place*: it
recodes the states of layer ``k - 2`` to 0 and marks layer ``k + 1`` with their code. The
operating system's file cache can then hold most of the file between layers.

A pass in place is not atomic, but it is repeatable: every state a half-done pass for layer
``k + 1`` wrote has the code of layer ``k + 1``, the same as layer ``k - 2``. So a resumed
run first gives every state of that code the code 0, which leaves exactly layers ``k - 1``
and ``k`` (the counts are checked against the record), and computes the layer again. Each
finished layer is flushed to disk before its record is written.

Layers of few states (the first ones and the last ones) do not need the file at all: they
are sorted arrays of ranks in memory (*sparse* layers, saved with the checkpoint), and the
next layer is the sorted neighbours of the last one minus the last two. The run writes the
file when a layer grows past a share of the states (``_tuning.TWO_BIT_SPARSE_NEIGHBOURS``)
and reads the last two layers back out of it when they shrink below it again.
"""
from __future__ import annotations

import mmap
import time
from pathlib import Path

import numpy as np

from cayley.bfs import _tuning
from cayley.bfs import _two_bit_cpu as kernels
from cayley.bfs._code_files import open_code_file, segments
from cayley.bfs._engine_run import EngineRun
from cayley.bfs._progress import LayerProgress
from cayley.bfs._ranked_cpu import ALTERNATING, LEHMER, ROTATION, ROTATION_EVEN, UNSEEN
from cayley.bfs._state_space import RankedSpace

CODE_FILE = "codes.bin"
SPARSE_LAYER = None  # states up to which a layer stays sparse, instead of the tuned share (tests)
_SPARSE_BATCH = 1 << 21  # states of a sparse layer expanded at a time


def applies(graph, space: RankedSpace) -> bool:
    """Whether this engine runs ``graph`` out of core: undirected, under a hash with plane
    passes."""
    return bool(graph.inverse_closed) and space.kind in (LEHMER, ALTERNATING, ROTATION, ROTATION_EVEN)


def label(layer: int) -> int:
    """The code of layer ``layer`` in the file."""
    return 1 + layer % 3


def sparse_limit(space: RankedSpace, n_gens: int, moves) -> int:
    """Layers of up to this many states stay in memory (all of them without plane moves)."""
    if moves is None:
        return space.size
    if SPARSE_LAYER is not None:
        return SPARSE_LAYER
    return int(space.size * _tuning.TWO_BIT_SPARSE_NEIGHBOURS / max(1, n_gens))


def sparse_bytes(space: RankedSpace, n_gens: int) -> int:
    """Bytes of memory the sparse layers take at most: the last two (up to twice the limit
    together) and the neighbours of one, sorted."""
    limit = int(space.size * _tuning.TWO_BIT_SPARSE_NEIGHBOURS / max(1, n_gens))
    return 8 * (2 * limit + 2 * n_gens * limit)


class CodeFile:
    """The codes of every state in one file, mapped, walked segment by segment."""

    def __init__(self, directory: Path, space: RankedSpace, segment_bytes: int) -> None:
        self.size = space.size
        self.words = kernels.words_for(space.size)
        self.segment_bytes = segment_bytes
        self.path = directory / CODE_FILE
        self.codes = open_code_file(self.path, self.words)

    def segments(self, count: int, unit_bytes: int) -> list[tuple[int, int]]:
        return segments(count, unit_bytes, self.segment_bytes)

    def release(self) -> None:
        """Drop the mapped pages from this process (they stay in the file cache)."""
        self.codes._mmap.madvise(mmap.MADV_DONTNEED)

    def prefetch_source(self, ranges) -> None:
        """Ask the operating system to read words ``[lo, hi)`` of each range now."""
        page = mmap.PAGESIZE
        for lo, hi in ranges:
            start = lo * 8 // page * page
            self.codes._mmap.madvise(mmap.MADV_WILLNEED, start, min(hi * 8, self.codes.nbytes) - start)

    def forget_source(self, ranges) -> None:
        """Nothing: the pass works in place, and the next one reads the same pages."""

    def count(self) -> np.ndarray:
        """How many states have each code (the padding after the last state not counted)."""
        counts = np.zeros(4, dtype=np.int64)
        for lo, hi in self.segments(self.words, 8):
            counts += kernels.count_codes(self.codes[lo:hi])
            self.release()
        counts[UNSEEN] -= self.words * 32 - self.size
        return counts

    def forget(self, code: int) -> None:
        """Give every state of code ``code`` the code 0."""
        for lo, hi in self.segments(self.words, 8):
            kernels.forget_code(self.codes[lo:hi], code)
            self.release()

    def write_layers(self, layers: list[np.ndarray], codes: list[int]) -> None:
        """The file holding exactly ``layers`` (sorted ranks), ``layers[i]`` with code ``codes[i]``."""
        for lo, hi in self.segments(self.words, 8):
            self.codes[lo:hi] = 0
            for ranks, code in zip(layers, codes):
                first, stop = np.searchsorted(ranks, [lo << kernels.WORD_SHIFT, hi << kernels.WORD_SHIFT])
                kernels.set_codes(self.codes, ranks[first:stop], code)
            self.release()
        self.flush()

    def read_layers(self, codes: list[int], sizes: list[int]) -> list[np.ndarray]:
        """The sorted ranks of the ``sizes[i]`` states of code ``codes[i]``, in one pass."""
        layers = [np.empty(size, dtype=np.int64) for size in sizes]
        found = [0] * len(codes)
        for lo, hi in self.segments(self.words, 8):
            for i, code in enumerate(codes):
                found[i] += kernels.collect_ranks(self.codes[lo:hi], lo, code, layers[i][found[i]:])
            self.release()
        if found != list(sizes):
            raise AssertionError(f"the code file holds {found} states of codes {codes}, not {sizes}")
        return layers

    def flush(self) -> None:
        self.codes.flush()

    def close(self) -> None:
        self.codes._mmap.close()


def sparse_layer(previous: np.ndarray, current: np.ndarray, gens: np.ndarray, space: RankedSpace) -> np.ndarray:
    """The sorted ranks of the next layer: neighbours of ``current`` in neither layer."""
    found = []
    for lo in range(0, current.shape[0], _SPARSE_BATCH):
        neighbours = kernels.neighbour_ranks(current[lo:lo + _SPARSE_BATCH], gens, space.kind, space.tables)
        neighbours.sort()
        found.append(kernels.drop_sorted(neighbours, current, previous))
    if not found:
        return np.zeros(0, dtype=np.int64)
    merged = np.concatenate(found)
    merged.sort()
    return kernels.drop_sorted(merged, current[:0], previous[:0])


def run(graph, space: RankedSpace, moves, max_layers, last_layer_limit, store, progress: LayerProgress,
        directory: Path, segment_bytes: int) -> EngineRun:
    """Breadth-first search over ``space`` keeping two layers (module docstring), with the
    open checkpoint store ``store`` of the work directory ``directory``."""
    from cayley.bfs._two_bit import PassCodes, expand_planes

    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    limit = sparse_limit(space, gens.shape[0], moves)
    file = CodeFile(directory, space, segment_bytes)
    try:
        saved = store.load()
        previous = current = None  # the last two layers, when sparse
        if saved is None:
            layer_sizes, layer_seconds = [1], [0.0]
            previous = np.zeros(0, dtype=np.int64)
            current = np.asarray([space.rank(graph.start_codes[None, :])[0]], dtype=np.int64)
            progress(0, 1, 0.0)
        else:
            layer_sizes = saved.record["layer_sizes"][:saved.generation + 1]
            layer_seconds = saved.record["layer_seconds"][:saved.generation + 1]
            if saved.record.get("sparse"):
                previous, current = saved.arrays.get("previous"), saved.arrays.get("current")
                if previous is None or current is None or current.shape[0] != layer_sizes[-1]:
                    raise store.damaged("its sparse layers are missing or of the wrong size")
            else:
                _restore(file, layer_sizes, store)
        complete = True
        while True:
            k = len(layer_sizes) - 1
            if max_layers is not None and k >= max_layers:
                complete = False
                break
            t0 = time.perf_counter()
            if current is not None:
                following = sparse_layer(previous, current, gens, space)
                size = following.shape[0]
                if size == 0:
                    break
                previous, current = current, following
                if size > limit:  # from now on in the file
                    file.write_layers([previous, current], [label(k), label(k + 1)])
                    previous = current = None
            else:
                recode = PassCodes(label(k), label(k + 1), UNSEEN, label(k + 1))
                size = expand_planes(file.codes, file.codes, moves, recode, file, k % 2 == 1)
                if size == 0:
                    break
                file.flush()
                if size + layer_sizes[-1] <= 2 * limit and size < layer_sizes[-1]:  # shrinking: back to memory
                    previous, current = file.read_layers([label(k), label(k + 1)], [layer_sizes[-1], size])
            seconds = time.perf_counter() - t0
            layer_sizes.append(size)
            layer_seconds.append(seconds)
            progress(k + 1, size, seconds)
            record = {"layer_sizes": layer_sizes, "layer_seconds": layer_seconds, "sparse": current is not None}
            if current is not None:
                store.save(k + 1, record, previous=previous, current=current)
            else:
                store.save(k + 1, record)
        k = len(layer_sizes) - 1
        if current is not None:
            ranks = current[:last_layer_limit]
        else:
            ranks = file.read_layers([label(k)], [layer_sizes[-1]])[0][:last_layer_limit]
        states = kernels.unrank_many(ranks, space.kind, space.tables, graph.degree)
    finally:
        file.close()
    if space.kind in (ROTATION, ROTATION_EVEN):
        states = states[np.lexsort(states.T[::-1])]  # in Lehmer order, as the other engines give them
    allocated = min(3 * segment_bytes, file.words * 8) + (moves.nbytes if moves is not None else 0)
    return EngineRun(layer_sizes, layer_seconds, states, layer_sizes[-1] <= last_layer_limit, complete, allocated,
                     space.description + ", two bits per state, out of core, last two layers")


def _restore(file: CodeFile, layer_sizes: list[int], store) -> None:
    """Undo a half-done pass (module docstring) and check that the file holds exactly the
    last two layers of ``layer_sizes``; raise :meth:`store.damaged` if not."""
    k = len(layer_sizes) - 1
    file.forget(label(k + 1))
    counts = file.count()
    found = {"layer": int(counts[label(k)]), "layer before": int(counts[label(k - 1)]),
             "other": int(counts[label(k + 1)])}
    expected = {"layer": layer_sizes[k], "layer before": layer_sizes[k - 1] if k else 0, "other": 0}
    if found != expected:
        raise store.damaged(f"its code file holds {found} states where its layers say {expected}")
