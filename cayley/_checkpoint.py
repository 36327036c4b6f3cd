"""Atomic checkpoint files: write to a temporary name, then rename."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_array(path: Path, array: np.ndarray) -> None:
    """Write one array to an ``.npy`` file atomically."""
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def write_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Write arrays to an ``.npz`` file atomically."""
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


def read_json(path: Path) -> dict | None:
    """The JSON at ``path``, or None when there is none."""
    if not path.exists():
        return None
    with open(path) as f:
        return json.load(f)


def open_for(graph, directory: str | Path, data_name: str) -> tuple[Path, Path, dict | None]:
    """Paths of a growth checkpoint in ``directory`` and its metadata, if any.

    Raises ``ValueError`` when the directory holds the checkpoint of a different graph.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    meta_path, data_path = directory / "growth.json", directory / data_name
    meta = read_json(meta_path)
    if meta is not None and meta.get("fingerprint") != graph.fingerprint():
        raise ValueError(f"checkpoint in {directory} belongs to a different graph")
    if meta is not None and not data_path.exists():
        meta = None
    return meta_path, data_path, meta


def write_layers(meta_path: Path, graph, layer_sizes: list[int], layer_seconds: list[float]) -> None:
    """Record the layers done so far (after the data file, so both are consistent)."""
    write_json(meta_path, {"fingerprint": graph.fingerprint(), "layer_sizes": layer_sizes,
                           "layer_seconds": layer_seconds})
