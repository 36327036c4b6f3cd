"""Ranked engine driver with two bits per state, in memory or out of core.

The layers are those of the byte engine (:mod:`cayley.bfs._ranked`): the same perfect
hashes, the same choice between state-by-state layers (push, or pull near the end) and plane
passes for dense layers of the rotation and Lehmer hashes, with the codes packed four to a
byte (:mod:`cayley.bfs._two_bit_cpu`).

Out of core (``workdir``), an undirected graph under a hash with plane passes runs in
:mod:`cayley.bfs._two_bit_frontier` (one file, the last two layers). Any other graph keeps
its codes in two files of the work directory, mapped into memory, and each layer is
computed from one into the other:

* a plane pass reads the file of the last finished layer and writes every word of the other;
* a state-by-state layer first copies into the other file the chunks the previous layer
  changed (all of them after a plane pass or a resume), then works on that file in place.

So the file named by the checkpoint record is never written while it is the newest finished
layer: a run killed at any moment resumes from it with identical results. Passes go segment
by segment (a range of tails in every plane, or a range of chunks), and the pages of each
segment are released from the process after it (they stay in the operating system's file
cache), so the resident memory stays near one segment whatever the size of the space. The
files are allocated in full before the search starts, so a full disk is found before any
layer, not as a crash in the middle of one.

Which families stream well: under the rotation hash (``lrx``, ``top_spin`` and every
generating set with a rotation of positions) a rotation maps a plane onto a plane at the same
tails, and the other moves stay in their plane or turn between a few planes, so a segment's
reads stay in that segment. Under the Lehmer hash of a prefix-reversal family (``pancake``)
every flip moves the first position, and neighbours lie all over the space: such runs work
out of core but read the whole file for every segment; give them the memory instead.
"""
from __future__ import annotations

import mmap
import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cayley import _checkpoint
from cayley import _memory
from cayley.bfs import _tuning
from cayley.bfs import _two_bit_cpu as kernels
from cayley.bfs import _two_bit_frontier as frontier
from cayley.bfs._code_files import open_code_file, segments
from cayley.bfs._engine_run import EngineRun
from cayley.bfs._progress import LayerProgress
from cayley.bfs import _ranked
from cayley.bfs._ranked import _threads_for
from cayley.bfs._ranked_cpu import ALTERNATING, CURRENT, LEHMER, NEXT, ROTATION, ROTATION_EVEN, VISITED, moved_windows
from cayley.bfs._state_space import RankedSpace, has_rotation
from cayley.errors import InputError, MemoryBudgetError

CODE_FILES = ("codes.a.bin", "codes.b.bin")
DENSE_LAYER = None  # a fixed share 1/DENSE_LAYER instead of the cost model's (tests)
SEGMENT_BYTES = None  # bytes of codes per out-of-core segment, instead of the memory budget's (tests)
# With a work directory, codes that would take more of the available memory than this go out
# of core: the available figure counts the file cache, which the rest of the machine needs.
IN_MEMORY_SHARE = 0.75


def codes_bytes(space: RankedSpace) -> int:
    """Bytes of the two-bit codes of ``space`` (one copy)."""
    return kernels.words_for(space.size) * 8


def estimate_bytes(space: RankedSpace, graph, out_of_core: bool = False, memory_limit: int | None = None) -> int:
    """Bytes of memory the two-bit engine allocates at most: the codes (out of core, three
    segments' worth of them: a segment of each file and the moves' reads beside them), a
    byte of flags and two counts per chunk, and the move tables (as
    :func:`cayley.bfs._ranked.estimate_bytes`)."""
    tables = 0
    if space.kind in (LEHMER, ALTERNATING, ROTATION, ROTATION_EVEN):
        planes_count = graph.degree if has_rotation(graph) else 1
        tables = (2 + len(graph.generators) * planes_count) << 19
    chunks = (space.size >> _tuning.TWO_BIT_CHUNK_SHIFT) + 1
    codes = 3 * _segment_bytes(memory_limit) if out_of_core else codes_bytes(space)
    if out_of_core and frontier.applies(graph, space):
        codes += frontier.sparse_bytes(space, len(graph.generators))
    return codes + 24 * chunks + tables


def disk_bytes(space: RankedSpace, graph) -> int:
    """Bytes of disk an out-of-core run needs in its work directory: one copy of the codes
    for an undirected graph (:mod:`cayley.bfs._two_bit_frontier`), else two."""
    return (1 if frontier.applies(graph, space) else 2) * codes_bytes(space)


def _segment_bytes(memory_limit: int | None) -> int:
    """Bytes of codes one out-of-core segment covers: a sixteenth of the memory budget, at
    most ``_tuning.TWO_BIT_SEGMENT_BYTES``."""
    if SEGMENT_BYTES is not None:
        return SEGMENT_BYTES
    budget = _memory.available_bytes() if memory_limit is None else memory_limit
    return int(max(1 << 16, min(_tuning.TWO_BIT_SEGMENT_BYTES, budget // 16)))


def run(graph, space: RankedSpace, max_layers, last_layer_limit, checkpoint, progress: LayerProgress,
        workdir=None, memory_limit=None):
    """Breadth-first search over ``space`` with two-bit codes, in memory or (``workdir``) in
    files. Returns an :class:`~cayley.bfs._engine_run.EngineRun`; its last layer is in rank
    order."""
    identity = {"fingerprint": graph.fingerprint(), "engine": "ranked", "codes": "two_bit", "hash": int(space.kind),
                "state_space": space.description, "states": int(space.size)}
    if workdir is not None:
        if checkpoint is not None and Path(checkpoint).resolve() != Path(workdir).resolve():
            raise InputError("an out-of-core run keeps its checkpoint in its work directory: give no checkpoint "
                             "or the same directory as the work directory")
        directory = work_directory(workdir, space, graph)
        moves = plane_moves(graph, space)
        if frontier.applies(graph, space):
            identity["layout"] = "last two layers"
            with _checkpoint.CheckpointStore(directory, "growth", identity) as store:
                return frontier.run(graph, space, moves, max_layers, last_layer_limit, store, progress, directory,
                                    _segment_bytes(memory_limit))
        with _checkpoint.CheckpointStore(directory, "growth", identity) as store:
            codes = _OutOfCore(directory, space, store, _segment_bytes(memory_limit))
            try:
                return _run(graph, space, moves, max_layers, last_layer_limit, store, progress, codes)
            finally:
                codes.close()
    moves = plane_moves(graph, space)
    if checkpoint is None:
        return _run(graph, space, moves, max_layers, last_layer_limit, None, progress, _InMemory(space, None))
    with _checkpoint.CheckpointStore(checkpoint, "growth", identity) as store:
        return _run(graph, space, moves, max_layers, last_layer_limit, store, progress, _InMemory(space, store))


def plane_moves(graph, space: RankedSpace):
    """The plane moves of ``space`` for ``graph``'s generators (None where dense layers go
    state by state)."""
    if space.kind in (ROTATION, ROTATION_EVEN):
        return kernels.plane_moves(space.kind, graph.degree, space.tables)
    if space.kind in (LEHMER, ALTERNATING):
        return kernels.lehmer_moves(np.ascontiguousarray(graph.generators, dtype=np.int64), space.kind == ALTERNATING)
    return None


def work_directory(workdir, space: RankedSpace, graph) -> Path:
    """The work directory, created, writable and with room for the code files; raises
    :class:`~cayley.errors.InputError` or :class:`~cayley.errors.MemoryBudgetError` saying
    what is missing, before any work."""
    directory = Path(workdir)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise InputError(f"the work directory {directory} is not writable: {e.strerror or e}") from None
    have = sum((directory / name).stat().st_size for name in CODE_FILES + (frontier.CODE_FILE,)
               if (directory / name).exists())
    free = shutil.disk_usage(directory).free + have
    needed = disk_bytes(space, graph)
    if needed > free:
        raise MemoryBudgetError(
            f"out-of-core BFS over {space.size} states needs {_memory.format_bytes(needed)} ({needed} bytes) of disk "
            f"in {directory} but only {_memory.format_bytes(free)} ({free} bytes) are free there")
    return directory


class _InMemory:
    """Codes in one array: each layer works in place, and a checkpoint saves a copy."""

    chunk_shift = _tuning.TWO_BIT_CHUNK_SHIFT
    out_of_core = False

    def __init__(self, space: RankedSpace, store) -> None:
        self.size = space.size
        self.store = store
        self.codes = None

    def start(self, saved, start_rank: int) -> None:
        if saved is None:
            self.codes = kernels.new_codes(self.size, start_rank)
            return
        codes = saved.arrays.get("codes")
        if codes is None or codes.dtype != np.uint64 or codes.shape != (kernels.words_for(self.size),):
            raise self.store.damaged(f"its codes are not {kernels.words_for(self.size)} words")
        self.codes = np.array(codes)

    def newest(self) -> np.ndarray:
        return self.codes

    def begin_layer(self, whole: bool) -> tuple[np.ndarray, np.ndarray]:
        return self.codes, self.codes

    def touched(self, chunks) -> None:
        pass

    def end_layer(self, generation: int, record: dict, whole: bool) -> None:
        if self.store is not None:
            self.store.save(generation, record, codes=self.codes)

    def release(self) -> None:
        pass

    def prefetch_source(self, ranges) -> None:
        pass

    def forget_source(self, ranges) -> None:
        pass

    def segments(self, count: int, unit_bytes: int) -> list[tuple[int, int]]:
        return [(0, count)]


class _OutOfCore:
    """Codes in two files of the work directory (module docstring)."""

    chunk_shift = _tuning.TWO_BIT_PAGE_CHUNK_SHIFT
    out_of_core = True

    def __init__(self, directory: Path, space: RankedSpace, store, segment_bytes: int) -> None:
        self.size = space.size
        self.words = kernels.words_for(space.size)
        self.store = store
        self.segment_bytes = segment_bytes
        self.paths = [directory / name for name in CODE_FILES]
        self.maps: list = []
        self.latest = 0  # the file holding the last finished layer
        self.dirty: np.ndarray | None = None  # chunks the last layer changed in place; None: all
        self.changed: list = []

    def start(self, saved, start_rank: int) -> None:
        fresh = not any(path.exists() and path.stat().st_size for path in self.paths)
        self.maps = [open_code_file(path, self.words) for path in self.paths]
        self.dirty = None
        if saved is not None:
            name = saved.record.get("codes_file")
            if name not in CODE_FILES:
                raise self.store.damaged("its record names no code file")
            self.latest = CODE_FILES.index(name)
            return
        for codes in self.maps:  # both files: all unseen, the padding visited
            if not fresh:  # new files were written with zeros
                for lo, hi in self.segments(self.words, 8):
                    codes[lo:hi] = 0
                    self.release()
            kernels.pad_visited(codes, self.size)
        self.maps[0][start_rank >> kernels.WORD_SHIFT] |= np.uint64(CURRENT) << np.uint64(2 * (start_rank & 31))
        for codes in self.maps:
            codes.flush()
        self.latest = 0
        self.dirty = np.asarray([start_rank >> self.chunk_shift], dtype=np.int64)  # where the two files differ

    def newest(self) -> np.ndarray:
        return self.maps[self.latest]

    def begin_layer(self, whole: bool) -> tuple[np.ndarray, np.ndarray]:
        """The (source, target) codes of the next layer. ``whole``: the layer writes every
        word of the target (a plane pass); otherwise the target is first brought up to the
        source's state, and the layer works on it in place."""
        src = self.maps[self.latest]
        dst = self.maps[1 - self.latest]
        self.changed = []
        if whole:
            return src, dst
        shift = self.chunk_shift
        chunks = self.dirty if self.dirty is not None else np.arange(-(-self.words * 32 >> shift), dtype=np.int64)
        for lo, hi in self.segments(chunks.shape[0], 2 * (1 << shift) >> 2):
            kernels.copy_chunks(src, dst, chunks[lo:hi], shift)
            self.release()
        return src, dst

    def touched(self, chunks) -> None:
        """Note chunks that the layer changes in place."""
        self.changed.append(np.asarray(chunks, dtype=np.int64))

    def end_layer(self, generation: int, record: dict, whole: bool) -> None:
        target = 1 - self.latest
        self.maps[target].flush()
        self.store.save(generation, dict(record, codes_file=CODE_FILES[target]))
        self.latest = target
        if whole:
            self.dirty = None
        else:
            self.dirty = np.unique(np.concatenate(self.changed)) if self.changed else np.zeros(0, dtype=np.int64)
        self.release()

    def release(self) -> None:
        """Drop the mapped pages from this process (they stay in the file cache)."""
        for codes in self.maps:
            codes._mmap.madvise(mmap.MADV_DONTNEED)

    def prefetch_source(self, ranges) -> None:
        """Ask the operating system to read words ``[lo, hi)`` of each range of the layer's
        source file now, in the background (the next segment's, while this one computes)."""
        codes = self.maps[self.latest]
        page = mmap.PAGESIZE
        for lo, hi in ranges:
            start = lo * 8 // page * page
            codes._mmap.madvise(mmap.MADV_WILLNEED, start, min(hi * 8, codes.nbytes) - start)

    def forget_source(self, ranges) -> None:
        """Evict words ``[lo, hi)`` of each range of the layer's source file from the file
        cache: read for the last time this layer, they make room for the target file's pages,
        which the next layer reads (two files of the codes do not fit in the cache, one
        may)."""
        fd = os.open(self.paths[self.latest], os.O_RDONLY)
        try:
            for lo, hi in ranges:
                os.posix_fadvise(fd, lo * 8, (hi - lo) * 8, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)

    def segments(self, count: int, unit_bytes: int) -> list[tuple[int, int]]:
        return segments(count, unit_bytes, self.segment_bytes)

    def close(self) -> None:
        for codes in self.maps:
            codes._mmap.close()
        self.maps = []


def _run(graph, space: RankedSpace, moves, max_layers, last_layer_limit, store, progress: LayerProgress, codes):
    """:func:`run` with its checkpoint store open (or None) and its codes' home ``codes``."""
    n_words = kernels.words_for(space.size)
    shift = codes.chunk_shift
    n_chunks = -(-(n_words << kernels.WORD_SHIFT) >> shift)
    chunk_bytes = (1 << shift) >> 2
    all_chunks = np.arange(n_chunks, dtype=np.int64)
    saved = store.load() if store is not None else None
    start = int(space.rank(graph.start_codes[None, :])[0])
    codes.start(saved, start)
    if saved is not None:
        record = saved.record
        layer_sizes = record["layer_sizes"][:saved.generation + 1]
        layer_seconds = record.get("layer_seconds", [0.0] * len(layer_sizes))[:saved.generation + 1]
        code, settled = int(record["code"]), bool(record["settled"])
        _check_counts(codes, space, layer_sizes, code, settled, store)
        active = all_chunks
    else:
        layer_sizes, layer_seconds = [1], [0.0]
        code, settled = CURRENT, True
        active = np.asarray([start >> shift], dtype=np.int64)
        progress(0, 1, 0.0)
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    windows = moved_windows(gens)
    pull_chunks = all_chunks
    dense_share = _dense_share(moves, gens.shape[0], codes.out_of_core) if moves is not None else None
    complete = True
    final = None  # the codes the last layer is read from, when a layer found nothing new
    while True:
        if max_layers is not None and len(layer_sizes) > max_layers:
            complete = False
            break
        t0 = time.perf_counter()
        unseen = space.size - sum(layer_sizes)
        pull = graph.inverse_closed and unseen < layer_sizes[-1]
        whole = moves is not None and min(unseen, layer_sizes[-1]) > dense_share * space.size
        src, dst = codes.begin_layer(whole)
        if whole:
            size = expand_planes(src, dst, moves, settling(code), codes, len(layer_sizes) % 2 == 1)
            if size == 0:  # the layer before is VISITED now; the current one is the last
                final = dst
                break
            code, settled = CURRENT + NEXT - code, False
        else:
            if not settled:
                counts = np.zeros(n_chunks, dtype=np.uint64)
                for lo, hi in codes.segments(n_chunks, chunk_bytes):
                    kernels.advance(dst, all_chunks[lo:hi], shift, counts[lo:hi], code)
                    codes.release()
                codes.touched(all_chunks)
                active = all_chunks[counts > 0]
                code, settled = CURRENT, True
            touched = np.zeros(n_chunks, dtype=np.bool_)
            chunks = pull_chunks if pull else active
            unseen_left = np.zeros(chunks.shape[0], dtype=np.bool_)
            small = (unseen if pull else layer_sizes[-1]) < _tuning.SMALL_LAYER and chunks.shape[0] < _tuning.SMALL_BLOCKS // 4
            with _threads_for(small):
                for lo, hi in codes.segments(chunks.shape[0], chunk_bytes):
                    kernels.expand_layer(dst, chunks[lo:hi], shift, gens, windows, space.kind, space.tables,
                                         pull, touched, unseen_left[lo:hi])
                    codes.release()
            if pull:
                pull_chunks = pull_chunks[unseen_left]
            if not touched.any():
                final = dst
                break
            chunks = np.union1d(active, np.flatnonzero(touched)).astype(np.int64)
            counts = np.zeros(chunks.shape[0], dtype=np.uint64)
            with _threads_for(small):
                for lo, hi in codes.segments(chunks.shape[0], chunk_bytes):
                    kernels.advance(dst, chunks[lo:hi], shift, counts[lo:hi], NEXT)
                    codes.release()
            codes.touched(chunks)
            active = chunks[counts > 0]
            size = int(counts.sum(dtype=np.uint64))
        seconds = time.perf_counter() - t0
        layer_sizes.append(size)
        layer_seconds.append(seconds)
        progress(len(layer_sizes) - 1, size, seconds)
        codes.end_layer(len(layer_sizes) - 1, {"layer_sizes": layer_sizes, "layer_seconds": layer_seconds,
                                               "code": code, "settled": settled}, whole)
    states = _collect(codes, final if final is not None else codes.newest(), code, last_layer_limit, space, graph)
    if space.kind in (ROTATION, ROTATION_EVEN):
        states = states[np.lexsort(states.T[::-1])]  # in Lehmer order, as the other engines give them
    resident = codes_bytes(space) if isinstance(codes, _InMemory) else min(3 * codes.segment_bytes, codes_bytes(space))
    allocated = resident + (moves.nbytes if moves is not None else 0)
    return EngineRun(layer_sizes, layer_seconds, states, layer_sizes[-1] <= last_layer_limit, complete, allocated,
                     space.description + ", two bits per state" + (", out of core" if isinstance(codes, _OutOfCore)
                                                                   else ""))


class PassCodes(NamedTuple):
    """The codes of a plane pass (:func:`cayley.bfs._two_bit_cpu.expand_planes`): states of
    code ``current`` are expanded, those of code ``stale`` recoded ``stale_to``, and unseen
    neighbours marked ``mark``."""

    current: int
    stale: int
    stale_to: int
    mark: int


def settling(code: int) -> PassCodes:
    """A pass from the layer of code ``code`` that marks the next layer with the other code
    and settles the layer before (which had it) as VISITED."""
    return PassCodes(code, CURRENT + NEXT - code, VISITED, CURRENT + NEXT - code)


def expand_planes(src, dst, moves, recode: PassCodes, codes, backwards: bool) -> int:
    """One dense layer: the rotation and window moves tile by tile (every word of ``dst``
    written, with the codes of ``recode``), then the turns; returns the new states.

    Out of core, ``backwards`` (every other layer) takes the segments in reverse order: a
    layer then first reads the pages the layer before wrote last, which the file cache
    still holds, where in one fixed order the cache would have evicted exactly the pages to
    be read first."""
    tiles = moves.plane // moves.tile
    n_planes = moves.first.shape[0] - 1
    counts = np.zeros(tiles, dtype=np.int64)
    turn_sources = {int(plane) for turns in moves.turns for plane in turns.sources}

    def words(lo: int, hi: int, planes) -> list[tuple[int, int]]:
        return [((d * moves.plane + lo * moves.tile) >> kernels.WORD_SHIFT,
                 (d * moves.plane + hi * moves.tile) >> kernels.WORD_SHIFT) for d in planes]

    segments = codes.segments(tiles, 2 * n_planes * moves.tile >> 2)
    if backwards:
        segments = segments[::-1]
    for i, (lo, hi) in enumerate(segments):
        if i + 1 < len(segments):
            codes.prefetch_source(words(*segments[i + 1], range(n_planes)))
        kernels.expand_planes(src, dst, moves.moves, moves.first, moves.tables, moves.plane, moves.tile,
                              recode.current, recode.stale, recode.stale_to, recode.mark, counts, lo, hi)
        codes.release()
        codes.forget_source(words(lo, hi, [d for d in range(n_planes) if d not in turn_sources]))
    size = int(counts.sum())
    for turns in moves.turns:
        blocks = moves.plane // turns.block
        for lo, hi in codes.segments(blocks, 2 * turns.sources.shape[0] * turns.block >> 2):
            counts = np.zeros(turns.sources.shape[0] * (hi - lo), dtype=np.int64)
            kernels.push_turns(src, dst, moves.plane, moves.even, moves.tail, turns.sources, turns.first,
                               turns.planes, turns.order, turns.spread, turns.weights, turns.low, turns.masks,
                               turns.tail_table, turns.block, recode.current, recode.mark, counts, lo, hi)
            codes.release()
            size += int(counts.sum())
    codes.forget_source(words(0, tiles, sorted(turn_sources)))
    return size


def _dense_share(moves, n_gens: int, out_of_core: bool) -> float:
    """The share of states current (and unseen) above which a plane pass costs less than the
    state-by-state kernels: the byte engine's cost model with the pass cost scaled by
    ``_tuning.TWO_BIT_PASS_SCALE``; out of core at most ``_tuning.TWO_BIT_OUT_OF_CORE_SHARE``
    (a state-by-state layer there copies, reads and settles every page it touches, and a
    layer of that share touches most of them)."""
    if DENSE_LAYER is not None:
        return 1 / DENSE_LAYER
    share = _ranked._dense_share(moves, n_gens) * _tuning.TWO_BIT_PASS_SCALE
    return min(share, _tuning.TWO_BIT_OUT_OF_CORE_SHARE) if out_of_core else share


def _check_counts(codes, space: RankedSpace, layer_sizes: list[int], code: int, settled: bool, store) -> None:
    """Refuse (:class:`~cayley.errors.CheckpointError`) saved codes that do not hold exactly
    the saved layers: as many states of the current code as the last layer, of it and
    VISITED (and, unsettled, the layer before's code) as all layers, none else."""
    latest = codes.newest()
    counts = np.zeros(4, dtype=np.int64)
    for lo, hi in codes.segments(latest.shape[0], 8):
        counts += kernels.count_codes(latest[lo:hi])
        codes.release()
    counts[VISITED] -= latest.shape[0] * 32 - space.size  # the padding
    other = CURRENT + NEXT - code
    found = {"current": int(counts[code]), "seen": int(counts[code] + counts[VISITED] + counts[other]),
             "layer before": int(counts[other])}
    expected = {"current": layer_sizes[-1], "seen": sum(layer_sizes),
                "layer before": 0 if settled else layer_sizes[-2]}
    if found != expected:
        raise store.damaged(f"its codes hold {found} states where its layers say {expected}")


def _collect(codes, latest: np.ndarray, code: int, limit: int, space: RankedSpace, graph) -> np.ndarray:
    """Up to ``limit`` states of code ``code`` in ``latest``, segment by segment."""
    found = []
    left = limit
    for lo, hi in codes.segments(latest.shape[0], 8):
        if left == 0:
            break
        states, _ = kernels.collect(latest[lo:hi], lo, code, left, space.kind, space.tables, graph.degree)
        codes.release()
        found.append(states)
        left -= states.shape[0]
    return np.concatenate(found) if found else np.zeros((0, graph.degree), dtype=np.int64)
