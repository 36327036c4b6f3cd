"""Memory estimates and the guard that refuses computations that would not fit."""
from __future__ import annotations

import os

from cayley.errors import MemoryBudgetError


def available_bytes() -> int:
    """Memory available to this process (Linux MemAvailable; total physical memory otherwise)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def format_bytes(n: float) -> str:
    """Human-readable byte count, e.g. ``'1.5 GB'``."""
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if abs(n) < 1000 or unit == "PB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000
    return f"{n} B"


def require(needed: int, what: str, limit: int | None = None) -> None:
    """Raise :class:`MemoryBudgetError` when ``needed`` bytes exceed the available memory.

    Examples
    --------
    >>> require(10, "a test")
    """
    available = available_bytes() if limit is None else limit
    if needed > available:
        raise MemoryBudgetError(
            f"{what} needs {format_bytes(needed)} ({needed} bytes) but only "
            f"{format_bytes(available)} ({available} bytes) are available"
        )
