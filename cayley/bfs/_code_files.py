"""Files of two-bit codes for the out-of-core engines, mapped into memory."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cayley import _memory
from cayley.errors import MemoryBudgetError

_ZERO_WRITE = 1 << 26  # bytes of zeros written at a time into a new code file


def open_code_file(path: Path, words: int) -> np.memmap:
    """The file of ``words`` 64-bit words at ``path``, mapped; created at its full size first
    if it is not: allocated (so a full disk cannot strike mid-layer) and written with zeros
    (a page of an allocated but never written block costs about 30 us to map on first read,
    a written one under 1 us). Raises :class:`~cayley.errors.MemoryBudgetError` when the disk
    cannot hold it."""
    size = words * 8
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if os.fstat(fd).st_size != size:
            try:
                os.posix_fallocate(fd, 0, size)
                zeros = bytes(min(size, _ZERO_WRITE))
                for offset in range(0, size, len(zeros)):
                    os.pwrite(fd, zeros[:size - offset], offset)
                os.fsync(fd)
            except OSError as e:
                os.ftruncate(fd, 0)
                raise MemoryBudgetError(f"cannot allocate {_memory.format_bytes(size)} for {path}: "
                                        f"{e.strerror or e}") from None
    finally:
        os.close(fd)
    return np.memmap(path, dtype=np.uint64, mode="r+", shape=(words,))


def segments(count: int, unit_bytes: int, segment_bytes: int) -> list[tuple[int, int]]:
    """``range(count)`` cut into ``[lo, hi)`` pieces of at most ``segment_bytes`` of units
    of ``unit_bytes`` each (at least one unit)."""
    step = max(1, segment_bytes // max(1, unit_bytes))
    return [(lo, min(lo + step, count)) for lo in range(0, count, step)]
