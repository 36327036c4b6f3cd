"""Hashed engine: frontiers as sorted arrays of packed state keys (numpy sort/unique).

States are packed into ``uint64`` keys when ``entries * bits`` fits in 64 bits, otherwise
compared as raw byte rows. For inverse-closed generators only the last two layers are kept
(next = neighbours minus current minus previous); otherwise a visited set.
"""
from __future__ import annotations

import math
import time

import numpy as np

from cayley import _checkpoint, _memory
from cayley.bfs._engine_run import EngineRun
from cayley.bfs._progress import LayerProgress


class KeyCodec:
    """Pack rows of small non-negative integers into sortable keys and back."""

    def __init__(self, entries: int, symbols: int) -> None:
        self.entries = entries
        self.bits = max(1, math.ceil(math.log2(max(symbols, 2))))
        self.packed = entries * self.bits <= 64
        self.dtype = np.uint8 if symbols <= 256 else np.uint16
        self.shifts = (np.arange(entries, dtype=np.uint64) * np.uint64(self.bits))[::-1].copy()

    @property
    def description(self) -> str:
        if self.packed:
            return f"{self.entries} x {self.bits}-bit fields packed in uint64 keys"
        return f"{self.entries}-entry byte rows"

    @property
    def key_bytes(self) -> int:
        return 8 if self.packed else self.entries * np.dtype(self.dtype).itemsize

    def encode(self, rows: np.ndarray) -> np.ndarray:
        if self.packed:
            return np.bitwise_or.reduce(rows.astype(np.uint64) << self.shifts, axis=1)
        compact = np.ascontiguousarray(rows.astype(self.dtype))
        return compact.view(np.dtype((np.void, compact.shape[1] * compact.itemsize))).ravel()

    def decode(self, keys: np.ndarray) -> np.ndarray:
        if self.packed:
            mask = np.uint64((1 << self.bits) - 1)
            return ((keys[:, None] >> self.shifts) & mask).astype(np.int64)
        return np.frombuffer(keys.tobytes(), dtype=self.dtype).reshape(-1, self.entries).astype(np.int64)


def _neighbours(graph, keys: np.ndarray, codec: KeyCodec, chunk: int = 1 << 18) -> np.ndarray:
    """Sorted unique keys of all neighbours of ``keys``."""
    parts = []
    for lo in range(0, keys.shape[0], chunk):
        states = codec.decode(keys[lo : lo + chunk])
        if graph.is_matrix:
            d = graph.degree
            mats = states.reshape(-1, d, d)
            for g in range(graph.n_generators):
                parts.append(codec.encode(graph.apply(mats, g).reshape(-1, d * d)))
        else:
            for g in range(graph.n_generators):
                parts.append(codec.encode(graph.apply(states, g)))
        if len(parts) > 4 * graph.n_generators:
            parts = [np.unique(np.concatenate(parts))]
    return np.unique(np.concatenate(parts))


def run(graph, max_layers, last_layer_limit, checkpoint, progress: LayerProgress, memory_limit=None):
    """Breadth-first search with sorted frontiers; returns an
    :class:`~cayley.bfs._engine_run.EngineRun` (last layer in key order)."""
    if checkpoint is None:
        return _run(graph, max_layers, last_layer_limit, None, progress, memory_limit)
    codec = _codec(graph)
    identity = {"fingerprint": graph.fingerprint(), "engine": "hashed", "state_space": codec.description}
    with _checkpoint.CheckpointStore(checkpoint, "growth", identity) as store:
        return _run(graph, max_layers, last_layer_limit, store, progress, memory_limit)


def _codec(graph) -> KeyCodec:
    if graph.is_matrix:
        return KeyCodec(graph.degree * graph.degree, graph.modulus)
    return KeyCodec(graph.degree, len(graph.symbols))


def _run(graph, max_layers, last_layer_limit, store, progress: LayerProgress, memory_limit):
    """:func:`run` with its checkpoint store open (or None)."""
    codec = _codec(graph)
    start_row = graph.start.reshape(1, -1) if graph.is_matrix else graph.start_codes[None, :]
    undirected = graph.inverse_closed
    saved = store.load() if store is not None else None
    if saved is not None:
        layer_sizes = saved.record["layer_sizes"][:saved.generation + 1]
        layer_seconds = saved.record.get("layer_seconds", [0.0] * len(layer_sizes))[:saved.generation + 1]
        previous, current = _checked_frontiers(saved.arrays, codec, undirected, layer_sizes, store)
    else:
        current = codec.encode(start_row)
        previous = current[:0]
        layer_sizes, layer_seconds = [1], [0.0]
        progress(0, 1, 0.0)
    peak = 0
    complete = True
    while True:
        if max_layers is not None and len(layer_sizes) > max_layers:
            complete = False
            break
        t0 = time.perf_counter()
        needed = (current.shape[0] * graph.n_generators * 2 + previous.shape[0]) * codec.key_bytes
        _memory.require(needed, f"hashed BFS layer {len(layer_sizes)}", memory_limit)
        peak = max(peak, needed)
        found = _neighbours(graph, current, codec)
        fresh = np.setdiff1d(found, current, assume_unique=True)
        fresh = np.setdiff1d(fresh, previous, assume_unique=True)
        if fresh.shape[0] == 0:
            break
        if undirected:
            previous = current
        else:
            previous = np.union1d(previous, current)
        current = fresh
        seconds = time.perf_counter() - t0
        layer_sizes.append(int(current.shape[0]))
        layer_seconds.append(seconds)
        progress(len(layer_sizes) - 1, int(current.shape[0]), seconds)
        if store is not None:
            store.save(len(layer_sizes) - 1, {"layer_sizes": layer_sizes, "layer_seconds": layer_seconds},
                       previous=previous, current=current)
    last = codec.decode(current[:last_layer_limit])
    return EngineRun(layer_sizes, layer_seconds, last, layer_sizes[-1] <= last_layer_limit, complete, peak,
                     codec.description)


def _checked_frontiers(arrays: dict, codec: KeyCodec, undirected: bool, layer_sizes: list[int], store):
    """The saved ``previous`` and ``current`` keys, after checking them against the saved
    layers: strictly increasing keys of the codec's width, as many current keys as the last
    layer, as many previous ones as the layer before (inverse-closed generators) or all
    layers before; raises :class:`~cayley.errors.CheckpointError` if not."""
    previous, current = arrays.get("previous"), arrays.get("current")
    width = np.dtype(np.uint64) if codec.packed else np.dtype((np.void, codec.key_bytes))
    for name, keys in (("previous", previous), ("current", current)):
        if keys is None or keys.ndim != 1 or keys.dtype != width:
            raise store.damaged(f"its {name} frontier is missing or not of {width} keys")
        if not np.array_equal(np.unique(keys), keys):
            raise store.damaged(f"its {name} frontier is not sorted and unique")
    before = (layer_sizes[-2] if len(layer_sizes) > 1 else 0) if undirected else sum(layer_sizes[:-1])
    if current.shape[0] != layer_sizes[-1] or previous.shape[0] != before:
        raise store.damaged(f"its frontiers hold {previous.shape[0]} and {current.shape[0]} states "
                            f"where its layers say {before} and {layer_sizes[-1]}")
    return previous, current
