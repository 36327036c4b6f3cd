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
