"""How long numba compiles during a call, and a word when it starts to.

The kernels are compiled on their first call and cached on disk (``@njit(cache=True)``), so
the first run on a fresh install spends most of its time compiling. :class:`CompileWatch`
listens to numba's compile events (its documented event API) for the duration of a call:
it adds up the time of the outermost compilations and calls ``notify`` once, when the
first one begins.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager

from numba.core import event

FIRST_USE_NOTICE = "compiling kernels for first use; cached afterwards (python -m cayley warmup compiles them all)"


class CompileWatch(event.Listener):
    """Seconds numba spent compiling while :meth:`watching` was active.

    Examples
    --------
    >>> import numpy as np
    >>> from numba import njit
    >>> watch = CompileWatch()
    >>> with watch.watching():
    ...     _ = njit(lambda x: x + 1)(np.int64(1))
    >>> watch.seconds > 0
    True
    """

    def __init__(self, notify: Callable[[], None] | None = None) -> None:
        self.seconds = 0.0
        self._notify = notify
        self._depth = 0
        self._since = 0.0
        self._started = False

    @contextmanager
    def watching(self):
        """Listen to numba's compilations inside the ``with`` block."""
        with event.install_listener("numba:compile", self):
            yield self

    def on_start(self, ev) -> None:  # numba's Listener interface
        if self._depth == 0:
            self._since = time.perf_counter()
            if not self._started and self._notify is not None:
                self._started = True
                self._notify()
        self._depth += 1

    def on_end(self, ev) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.seconds += time.perf_counter() - self._since
