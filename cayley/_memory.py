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
    """Human-readable byte count, e.g. ``'1.5 GB'`` (powers of ten past a thousand PB).

    Examples
    --------
    >>> format_bytes(1_500_000_000), format_bytes(512), format_bytes(8 * 10**33)
    ('1.5 GB', '512 B', '8.0e+18 PB')
    """
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if abs(n) < 1000 or unit == "PB":
            if unit == "B":
                return f"{int(n)} B"
            return f"{n:.1f} {unit}" if abs(n) < 1000 else f"{n:.1e} {unit}"
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
