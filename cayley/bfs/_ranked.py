"""Ranked engine driver: one byte per state over a perfect hash (numba kernels)."""
from __future__ import annotations

import time
from contextlib import contextmanager

import numpy as np

from cayley import _checkpoint
from cayley.bfs import _planes_cpu as planes
from cayley.bfs import _tuning
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._engine_run import EngineRun
from cayley.bfs._progress import LayerProgress
from cayley.bfs._state_space import RankedSpace, has_rotation

BLOCK_SHIFT = _tuning.BLOCK_SHIFT
BLOCK_SIZE = 1 << BLOCK_SHIFT
_MOVE_NAMES = {planes.ROTATE: "rotate", planes.SUB_BLOCKS: "sub_blocks", planes.BYTES: "bytes",
               planes.PARITY_BYTES: "parity_bytes", planes.BYTE_MASKS: "byte_masks"}
DENSE_LAYER = None  # a fixed share 1/DENSE_LAYER instead of the cost model's (tests)


def estimate_bytes(space: RankedSpace, graph) -> int:
    """Bytes the ranked engine allocates for ``space`` and ``graph``, at most: the state codes
    in whole 64-byte lines, two flag bytes per line, block bookkeeping and, for the hashes that
    may go by planes, a bound on the move tables: a MiB, and half a MiB per generator and
    plane (a table of at most 65,536 digit tuples, or a turn's tables; a plane per offset of
    value 0 when a rotation re-hashes the space, see
    :func:`cayley.bfs._state_space.rotation_space_for`)."""
    tables = 0
    if space.kind in (kernels.LEHMER, kernels.ALTERNATING, kernels.ROTATION, kernels.ROTATION_EVEN):
        planes_count = graph.degree if has_rotation(graph) else 1
        tables = (2 + len(graph.generators) * planes_count) << 19
    return _codes_bytes(space) + tables


def _codes_bytes(space: RankedSpace) -> int:
    lines = -(-space.size // 64)
    blocks = -(-space.size // BLOCK_SIZE)
    return lines * 64 + 2 * lines + blocks * 24


def run(graph, space: RankedSpace, max_layers, last_layer_limit, checkpoint, progress: LayerProgress):
    """Breadth-first search over ``space``.

    Returns an :class:`~cayley.bfs._engine_run.EngineRun`; its last layer is in rank order.
    """
    if checkpoint is None:
        return _run(graph, space, max_layers, last_layer_limit, None, progress)
    identity = {"fingerprint": graph.fingerprint(), "engine": "ranked", "hash": int(space.kind),
                "state_space": space.description, "states": int(space.size)}
    with _checkpoint.CheckpointStore(checkpoint, "growth", identity) as store:
        return _run(graph, space, max_layers, last_layer_limit, store, progress)


def _run(graph, space: RankedSpace, max_layers, last_layer_limit, store, progress: LayerProgress):
    """:func:`run` with its checkpoint store open (or None)."""
    padded = -(-space.size // 64) * 64  # whole lines (kernels.LINE_SHIFT)
    n_blocks = -(-padded // BLOCK_SIZE)
    saved = store.load() if store is not None else None
    lines = np.zeros((2, padded >> kernels.LINE_SHIFT), dtype=np.uint8)  # current / next in a line
    if saved is not None:
        layer_sizes = saved.record["layer_sizes"][:saved.generation + 1]
        layer_seconds = saved.record.get("layer_seconds", [0.0] * len(layer_sizes))[:saved.generation + 1]
        codes = _checked_codes(saved.arrays.get("codes"), space, padded, layer_sizes, store)
        lines[0] = (codes.reshape(-1, 1 << kernels.LINE_SHIFT) == kernels.CURRENT).any(axis=1)
        active = np.unique(np.flatnonzero(lines[0]) >> (BLOCK_SHIFT - kernels.LINE_SHIFT)).astype(np.int64)
    else:
        codes = np.zeros(padded, dtype=np.uint8)
        codes[space.size:] = kernels.VISITED
        start = int(space.rank(graph.start_codes[None, :])[0])
        codes[start] = kernels.CURRENT
        lines[0, start >> kernels.LINE_SHIFT] = 1
        active = np.asarray([start >> BLOCK_SHIFT], dtype=np.int64)
        layer_sizes, layer_seconds = [1], [0.0]
        progress(0, 1, 0.0)
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    windows = kernels.moved_windows(gens)
    pull_blocks = np.arange(n_blocks, dtype=np.int64)  # blocks that may hold unseen states
    moves = None
    if space.kind in (kernels.ROTATION, kernels.ROTATION_EVEN):
        moves = planes.plane_moves(space.kind, graph.degree, space.tables)
    elif space.kind in (kernels.LEHMER, kernels.ALTERNATING):
        moves = planes.lehmer_moves(gens, space.kind == kernels.ALTERNATING)
    dense_share = _dense_share(moves, gens.shape[0]) if moves is not None else None
    all_blocks = np.arange(n_blocks, dtype=np.int64)
    # Plane passes leave their layer unsettled: the current layer has the code ``code`` and the
    # one expanded before it the other code, until the next plane pass or a settling pass.
    code, settled = kernels.CURRENT, True
    complete = True
    while True:
        if max_layers is not None and len(layer_sizes) > max_layers:
            complete = False
            break
        t0 = time.perf_counter()
        unseen = space.size - sum(layer_sizes)
        # pull: fewer states are left to find than to expand, so search from the unseen side
        pull = graph.inverse_closed and unseen < layer_sizes[-1]
        if moves is not None and min(unseen, layer_sizes[-1]) > dense_share * space.size:
            size = _expand_planes(codes, moves, code)
            if size == 0:  # the layer before is VISITED now; the current one is the last
                settled = False
                break
            code, settled = kernels.CURRENT + kernels.NEXT - code, False
        else:
            if not settled:
                active = _settle(codes, code, lines, all_blocks)
                code, settled = kernels.CURRENT, True
            touched = np.zeros(n_blocks, dtype=np.bool_)
            blocks = pull_blocks if pull else active
            unseen_left = np.zeros(blocks.shape[0], dtype=np.bool_)
            small = (unseen if pull else layer_sizes[-1]) < _tuning.SMALL_LAYER and blocks.shape[0] < _tuning.SMALL_BLOCKS
            with _threads_for(small):
                kernels.expand_layer(codes, blocks, BLOCK_SHIFT, gens, windows, space.kind, space.tables,
                                     pull, touched, unseen_left, lines)
            if pull:
                pull_blocks = pull_blocks[unseen_left]
            if not touched.any():
                break
            blocks = np.union1d(active, np.flatnonzero(touched)).astype(np.int64)
            counts = np.zeros(blocks.shape[0], dtype=np.uint64)
            with _threads_for(layer_sizes[-1] < _tuning.SMALL_LAYER and blocks.shape[0] < _tuning.SMALL_BLOCKS):
                kernels.advance(codes, blocks, BLOCK_SHIFT, counts, lines)
            active = blocks[counts > 0]
            size = int(counts.sum(dtype=np.uint64))
        seconds = time.perf_counter() - t0
        layer_sizes.append(size)
        layer_seconds.append(seconds)
        progress(len(layer_sizes) - 1, size, seconds)
        if store is not None:
            if not settled:  # files hold settled layers
                active = _settle(codes, code, lines, all_blocks)
                code, settled = kernels.CURRENT, True
            store.save(len(layer_sizes) - 1, {"layer_sizes": layer_sizes, "layer_seconds": layer_seconds},
                       codes=codes)
    states, _ = kernels.collect(codes, code, last_layer_limit, space.kind, space.tables, graph.degree,
                                lines[0] if settled else None)
    if space.kind in (kernels.ROTATION, kernels.ROTATION_EVEN):
        states = states[np.lexsort(states.T[::-1])]  # in Lehmer order, as the other engines give them
    last_complete = layer_sizes[-1] <= last_layer_limit
    allocated = _codes_bytes(space) + (moves.nbytes if moves is not None else 0)
    return EngineRun(layer_sizes, layer_seconds, states, last_complete, complete, allocated, space.description)


def _checked_codes(codes, space: RankedSpace, padded: int, layer_sizes: list[int], store) -> np.ndarray:
    """The saved codes, after checking that they hold exactly the saved layers: as many
    current states as the last layer, as many current and visited ones as all layers, no
    next ones, and visited padding; raises :class:`~cayley.errors.CheckpointError` if not."""
    if codes is None or codes.dtype != np.uint8 or codes.shape != (padded,):
        raise store.damaged(f"its codes are not {padded} bytes")
    counts = np.zeros(256, dtype=np.int64)
    step = 1 << 24
    for lo in range(0, space.size, step):
        counts += np.bincount(codes[lo:min(lo + step, space.size)], minlength=256)
    expected = {"current": layer_sizes[-1], "current and visited": sum(layer_sizes), "next": 0, "invalid": 0}
    found = {"current": int(counts[kernels.CURRENT]),
             "current and visited": int(counts[kernels.CURRENT] + counts[kernels.VISITED]),
             "next": int(counts[kernels.NEXT]), "invalid": int(counts[4:].sum())}
    if found != expected or not (codes[space.size:] == kernels.VISITED).all():
        raise store.damaged(f"its codes hold {found} states where its layers say {expected}")
    return codes


def _dense_share(moves, n_gens: int) -> float:
    """The share of the states current (and unseen) above which a plane pass costs less than
    the per-state kernels, by the cost model of :mod:`cayley.bfs._tuning` (or ``1 / DENSE_LAYER`` when that is set)."""
    if DENSE_LAYER is not None:
        return 1 / DENSE_LAYER
    n_planes = moves.first.shape[0] - 1
    pass_ns = _tuning.PASS_NS_BY_MOVE
    per_byte = _tuning.PASS_BASE_NS + sum(pass_ns[_MOVE_NAMES[int(how)]] for how in moves.moves[:, 2]) / n_planes
    turns_per_state = sum(turns.planes.shape[0] for turns in moves.turns) / n_planes
    per_state = _tuning.STATE_NS + _tuning.NEIGHBOUR_NS * n_gens - _tuning.TURN_NS * turns_per_state
    return per_byte / per_state


def _expand_planes(codes, moves, code: int) -> int:
    """One dense layer of a rotation hash from the states of code ``code``: the rotation and
    window moves plane by plane, then the tail turns state by state (two kernels: the first
    writes whole words). Returns the number of new states."""
    counts = np.zeros(moves.plane // moves.tile, dtype=np.uint64)
    planes.expand_planes(codes, moves.moves, moves.first, moves.tables, moves.plane, moves.tile, code, counts)
    size = int(counts.sum(dtype=np.uint64))
    for turns in moves.turns:
        counts = np.zeros(turns.sources.shape[0] * (moves.plane // turns.block), dtype=np.int64)
        planes.push_turns(codes, moves.plane, moves.even, moves.tail,
                          turns.sources, turns.first, turns.planes, turns.order, turns.spread, turns.weights,
                          turns.low, turns.masks, turns.tail_table, turns.block, code, counts)
        size += int(counts.sum())
    return size


def _settle(codes, code: int, lines, blocks) -> np.ndarray:
    """Settle the layer left by plane passes (current code ``code``): it becomes CURRENT, the
    one before it VISITED, and ``lines`` flag its lines. Returns the blocks that hold it."""
    lines[0] = 1
    lines[1] = 0
    counts = np.zeros(blocks.shape[0], dtype=np.uint64)
    kernels.advance(codes, blocks, BLOCK_SHIFT, counts, lines, code)
    return blocks[counts > 0]


@contextmanager
def _threads_for(small: bool):
    """One numba thread for a small layer: a parallel call waits for its slowest thread, and
    on a loaded machine a thread that waits for a core (or faults in fresh pages beside
    another) costs more than the work (a few milliseconds per layer of a few dozen states,
    measured)."""
    import numba

    if not small:
        yield
        return
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(previous)

