"""Growth checkpoints that cannot lie.

A checkpoint is a directory. Each writer (a growth run, or one MPI rank of a distributed
run) owns a *stem* in it (``growth``, ``shard-0-of-2``) and writes, after every layer:

1. the layer's arrays as ``<stem>.<name>.<generation>.npy`` (the generation is the layer
   number), each written under a temporary name private to the writer, flushed to disk and
   renamed into place;
2. the record ``<stem>.json``, which names those files with their byte sizes and CRC-32
   checksums, beside what identifies the run (graph fingerprint, engine, state space) and
   the layer sizes; it is renamed into place last, so data and record change as one unit;
3. only then, the files of generations the record no longer names are removed.

A kill at any moment leaves the previous record and every file it names intact. On resume,
:meth:`CheckpointStore.load` refuses (:class:`~cayley.errors.CheckpointError`) a record of
another graph, engine or state space, of an older format, or a data file whose size or
checksum differs; the engines then recompute the layer counts from the data and refuse a
mismatch too. A lock (``<stem>.lock``, ``flock``) refuses a second writer while the first
is alive, and is released by the operating system however the first one ends.

Examples
--------
>>> import tempfile, numpy as np
>>> with tempfile.TemporaryDirectory() as d:
...     with CheckpointStore(d, "growth", {"fingerprint": "abc", "engine": "hashed"}) as store:
...         store.save(3, {"layer_sizes": [1, 2, 2, 1]}, current=np.arange(1, dtype=np.uint64))
...     with CheckpointStore(d, "growth", {"fingerprint": "abc", "engine": "hashed"}) as store:
...         saved = store.load()
>>> saved.generation, saved.record["layer_sizes"], saved.arrays["current"].tolist()
(3, [1, 2, 2, 1], [0])
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cayley.errors import CheckpointError

FORMAT = 2  # version of the record; checkpoints of other versions are refused
_CRC_CHUNK = 1 << 26  # bytes checksummed per call (bounded extra memory)


@dataclass(frozen=True)
class SavedLayer:
    """One generation read back from a checkpoint, checked against its record.

    Attributes
    ----------
    generation : int
        The layer number the data was saved after.
    record : dict
        The JSON record (layer sizes and the writer's own entries).
    arrays : dict of str to numpy.ndarray
        The arrays saved with that generation.
    """

    generation: int
    record: dict
    arrays: dict


class CheckpointStore:
    """One writer's checkpoint in ``directory``: locked while open, saved atomically.

    Parameters
    ----------
    directory : path
        Created if missing.
    stem : str
        The writer's file prefix (``"growth"``; ``"shard-0-of-4"`` for MPI rank 0 of 4).
    identity : dict
        JSON values that a resumed run must match exactly (graph fingerprint, engine,
        state space); a mismatch names the differing entry.
    keep : int
        Generations kept on disk (2 for MPI shards, so that every rank still holds the
        newest layer all ranks finished when one of them was killed a layer earlier).
    """

    def __init__(self, directory: str | Path, stem: str, identity: dict, keep: int = 1) -> None:
        self.dir = Path(directory)
        if self.dir.exists() and not self.dir.is_dir():
            raise CheckpointError(f"checkpoint {str(self.dir)!r} is a file, not a directory")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.stem, self.identity, self.keep = stem, dict(identity), keep
        self.record_path = self.dir / f"{stem}.json"
        self._lock = open(self.dir / f"{stem}.lock", "a+")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.seek(0)
            holder = self._lock.read().strip() or "unknown"
            self._lock.close()
            raise CheckpointError(f"checkpoint {str(self.dir)!r} is being written by another run "
                                  f"(process {holder}); wait for it to end or use another directory") from None
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(str(os.getpid()))
        self._lock.flush()
        for stale in self.dir.glob(f"{stem}.*.tmp-*"):  # left by a writer that was killed
            stale.unlink(missing_ok=True)

    # ------------------------------------------------------------------ context manager
    def __enter__(self) -> CheckpointStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the lock (the files stay)."""
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    # ------------------------------------------------------------------ reading
    def record(self) -> dict | None:
        """The checked record, or None when this stem has none yet."""
        if not self.record_path.exists():
            return None
        try:
            record = json.loads(self.record_path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self.damaged(f"its record cannot be read ({exc})") from None
        if not isinstance(record, dict):
            raise self.damaged("its record is not a JSON object")
        if record.get("format") != FORMAT:
            raise CheckpointError(
                f"checkpoint {str(self.dir)!r} was written by another version of permlab (format "
                f"{record.get('format', 1)}, this one reads {FORMAT}); delete it to start afresh")
        for key, value in self.identity.items():
            if record.get(key) != value:
                raise CheckpointError(
                    f"checkpoint {str(self.dir)!r} belongs to a different graph or engine: its {key} is "
                    f"{record.get(key)!r}, this run's is {value!r}; use another directory")
        generations = record.get("generations")
        sizes = record.get("layer_sizes")
        if (not isinstance(generations, dict) or not generations or not isinstance(sizes, list)
                or not all(isinstance(s, int) and s >= 0 for s in sizes)):
            raise self.damaged("its record lacks its generations or layer sizes")
        return record

    def load(self, generation: int | None = None) -> SavedLayer | None:
        """The newest generation (or ``generation``), its files checked against the record;
        None when there is no record."""
        record = self.record()
        if record is None:
            return None
        if generation is None:
            generation = max(int(g) for g in record["generations"])
        entries = record["generations"].get(str(generation))
        if not isinstance(entries, dict):
            raise self.damaged(f"its record has no layer {generation}")
        if len(record["layer_sizes"]) < generation + 1:
            raise self.damaged(f"its record has {len(record['layer_sizes'])} layer sizes for layer {generation}")
        arrays = {}
        for name, entry in entries.items():
            path = self.dir / str(entry.get("file", ""))
            if not path.is_file():
                raise self.damaged(f"{path.name} is missing")
            if path.stat().st_size != entry.get("bytes"):
                raise self.damaged(f"{path.name} has {path.stat().st_size} bytes, its record says {entry.get('bytes')}")
            try:
                array = np.load(path, allow_pickle=False)
            except (OSError, ValueError) as exc:
                raise self.damaged(f"{path.name} cannot be read ({exc})") from None
            if _crc32(array) != entry.get("crc32"):
                raise self.damaged(f"{path.name} does not match its checksum")
            arrays[name] = array
        return SavedLayer(generation, record, arrays)

    def damaged(self, why: str) -> CheckpointError:
        """The error for a checkpoint whose data contradicts its record (``why``)."""
        return CheckpointError(f"checkpoint {str(self.dir)!r} is damaged: {why}; "
                               "delete it to start afresh")

    # ------------------------------------------------------------------ writing
    def save(self, generation: int, record: dict, **arrays: np.ndarray) -> None:
        """Save ``arrays`` as ``generation``, then the record naming them (atomically), then
        drop the generations beyond the newest ``keep``.

        ``record`` holds the writer's entries (``layer_sizes`` at least); the identity, the
        format and the file table are added here.
        """
        previous = self.record() if self.keep > 1 else None
        generations = dict(previous["generations"]) if previous is not None else {}
        entries = {}
        for name, array in arrays.items():
            path = self.dir / f"{self.stem}.{name}.{generation}.npy"
            _write_atomically(path, lambda f, a=array: np.save(f, a, allow_pickle=False))
            entries[name] = {"file": path.name, "bytes": path.stat().st_size, "crc32": _crc32(array)}
        generations[str(generation)] = entries
        kept = sorted(generations, key=int)[-self.keep:]
        full = {**record, **self.identity, "format": FORMAT,
                "generations": {g: generations[g] for g in kept}}
        text = json.dumps(full, allow_nan=False)
        _write_atomically(self.record_path, lambda f: f.write(text.encode()))
        _sync_directory(self.dir)
        named = {e["file"] for g in kept for e in generations[g].values()}
        for old in self.dir.glob(f"{self.stem}.*.npy"):
            if old.name not in named:
                old.unlink(missing_ok=True)


def _write_atomically(path: Path, write) -> None:
    """``write(file)`` into a temporary name private to this writer, flush it to disk,
    rename it to ``path``."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sync_directory(directory: Path) -> None:
    """Make the renames in ``directory`` durable (where the platform allows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _crc32(array: np.ndarray) -> int:
    """CRC-32 of the array's bytes in C order."""
    data = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
    crc = 0
    for lo in range(0, len(data), _CRC_CHUNK):
        crc = zlib.crc32(data[lo:lo + _CRC_CHUNK], crc)
    return crc
