"""Per-layer progress: a tqdm bar on a terminal and/or a user callback."""
from __future__ import annotations

import sys
from collections.abc import Callable

LayerCallback = Callable[[int, int, float], None]


class LayerProgress:
    """Report each finished layer as ``(distance, size, seconds)``."""

    def __init__(self, on_layer: LayerCallback | None, show: bool | None, total: int | None,
                 on_notice: Callable[[str], None] | None = None) -> None:
        self.on_layer = on_layer
        self.on_notice = on_notice
        if show is None:
            show = sys.stderr.isatty()
        self.bar = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="state", unit_scale=True, desc="growth")

    def notice(self, message: str) -> None:
        """Say ``message`` before the layers come: in the bar's title on a terminal, and to
        the user's ``on_notice`` callback."""
        if self.bar is not None:
            self.bar.set_description(f"growth ({message})")
        if self.on_notice is not None:
            self.on_notice(message)

    def __call__(self, distance: int, size: int, seconds: float) -> None:
        if self.bar is not None:
            if distance == 1:
                self.bar.set_description("growth")
            self.bar.update(size)
            self.bar.set_postfix(layer=distance)
        if self.on_layer is not None:
            self.on_layer(distance, size, seconds)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
