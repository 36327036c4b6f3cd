"""Progress of a long :func:`~combinat.simplicial.realize` call: a bar and/or a callback.

A helper thread wakes every ``interval`` seconds and reports ``(stage, seconds)``: the stage
running now (``"search"``, ``"local"`` or ``"model"``) and the seconds since the call
began. The tqdm bar (on standard error) counts seconds against the time budget and only
appears once a run has lasted ``delay`` seconds, so quick answers print nothing.
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

ProgressCallback = Callable[[str, float], None]


class Progress:
    """Context manager reporting the current stage until it exits.

    Examples
    --------
    >>> seen = []
    >>> with Progress(lambda stage, seconds: seen.append(stage), False, 10.0) as p:
    ...     p.stage("search")
    >>> seen[0]
    'search'
    """

    def __init__(self, callback: ProgressCallback | None, show: bool | None,
                 time_limit: float | None, interval: float = 1.0, delay: float = 1.0) -> None:
        self.callback = callback
        self.interval = interval
        self.start = time.perf_counter()
        self.current = "checks"
        self.bar = None
        if show is None:
            show = sys.stderr.isatty()
        if show:
            from tqdm import tqdm

            budget = "" if time_limit is None else f" of {time_limit:g} s"
            self.bar = tqdm(total=time_limit, desc="realize", delay=delay,
                            bar_format="{desc}: {elapsed}" + budget)
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.ticker = None
        if self.bar is not None or callback is not None:
            self.ticker = threading.Thread(target=self._tick, daemon=True, name="realize-progress")

    def __enter__(self) -> Progress:
        if self.ticker is not None:
            self.ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        if self.ticker is not None:
            self.ticker.join()
        if self.bar is not None:
            self.bar.close()

    def stage(self, name: str) -> None:
        """Enter stage ``name`` and report it now (from the calling thread)."""
        self.current = name
        self._report()

    def _report(self) -> None:
        with self.lock:
            seconds = time.perf_counter() - self.start
            self._show(seconds)
            if self.callback is not None:
                self.callback(self.current, seconds)

    def _show(self, seconds: float) -> None:
        if self.bar is not None:
            self.bar.set_description_str(f"realize ({self.current})", refresh=False)
            self.bar.n = seconds
            self.bar.refresh()

    def _tick(self) -> None:
        while not self.done.wait(self.interval):
            self._report()
