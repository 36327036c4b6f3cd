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
    """Breadth-first search with sorted frontiers; same return value as the ranked driver."""
    if graph.is_matrix:
        codec = KeyCodec(graph.degree * graph.degree, graph.modulus)
        start_row = graph.start.reshape(1, -1)
    else:
        codec = KeyCodec(graph.degree, len(graph.symbols))
        start_row = graph.start_codes[None, :]
    undirected = graph.inverse_closed
    meta = None
    if checkpoint is not None:
        meta_path, data_path, meta = _checkpoint.open_for(graph, checkpoint, "frontiers.npz")
    if meta is not None:
        saved = np.load(data_path)
        previous, current = saved["previous"], saved["current"]
        layer_sizes, layer_seconds = meta["layer_sizes"], meta["layer_seconds"]
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
        if checkpoint is not None:
            _checkpoint.write_arrays(data_path, previous=previous, current=current)
            _checkpoint.write_layers(meta_path, graph, layer_sizes, layer_seconds)
    last = codec.decode(current[:last_layer_limit])
    return layer_sizes, layer_seconds, last, layer_sizes[-1] <= last_layer_limit, complete, peak, codec.description
