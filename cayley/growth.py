"""The result of a growth computation."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np

__all__ = ["GrowthResult"]


@dataclass
class GrowthResult:
    """Layer sizes of a breadth-first search from a start state, and how they were computed.

    Attributes
    ----------
    layer_sizes : list of int
        ``layer_sizes[d]`` is the number of states at distance ``d`` from the start.
    last_layer : numpy.ndarray
        Up to ``last_layer_limit`` states of the last layer (the antipodes), one per row, in
        the original symbols of the start state (matrices are flattened row by row).
    last_layer_complete : bool
        Whether ``last_layer`` holds the whole last layer.
    complete : bool
        False when the search stopped early (``max_layers``): then ``diameter`` is only a
        lower bound and ``order`` only counts the states seen.
    engine, backend : str
        Which engine (``"ranked"`` or ``"hashed"``) and backend ran.
    state_space : str
        The perfect hash (ranked engine) or key packing (hashed engine).
    seconds : float
        Wall time of the search; ``layer_seconds`` per layer.
    compile_seconds : float
        The part of ``seconds`` numba spent compiling kernels for their first use (0 once
        they are cached; ``python -m cayley warmup`` compiles them all ahead).
    peak_memory_bytes : int
        Largest working set the engine allocated (state array or frontiers).

    Examples
    --------
    >>> from cayley import CayleyGraph, growth
    >>> r = growth(CayleyGraph.from_family("coxeter", 4))
    >>> r.layer_sizes, r.diameter, r.order
    ([1, 3, 5, 6, 5, 3, 1], 6, 24)
    """

    layer_sizes: list[int]
    last_layer: np.ndarray
    last_layer_complete: bool
    complete: bool
    engine: str
    backend: str
    state_space: str
    seconds: float
    peak_memory_bytes: int
    layer_seconds: list[float] = field(default_factory=list)
    graph: str = ""
    compile_seconds: float = 0.0

    @property
    def diameter(self) -> int:
        """Eccentricity of the start state (the diameter for Cayley graphs)."""
        return len(self.layer_sizes) - 1

    @property
    def order(self) -> int:
        """Number of states reached (the group order for Cayley graphs)."""
        return sum(self.layer_sizes)

    def to_dict(self) -> dict:
        """A JSON-ready dict (last layer as lists)."""
        d = asdict(self)
        d["last_layer"] = np.asarray(self.last_layer).tolist()
        d["diameter"] = self.diameter
        d["order"] = self.order
        return d

    def to_json(self, **kwargs) -> str:
        """The result as a JSON string (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), **kwargs)

    def plot(self, ax=None, log: bool = True):
        """Bar plot of the layer sizes (needs the ``plot`` extra: matplotlib)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError("plot() needs matplotlib: pip install 'permlab[plot]'") from exc
        if ax is None:
            _, ax = plt.subplots()
        ax.bar(range(len(self.layer_sizes)), self.layer_sizes)
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("distance from start")
        ax.set_ylabel("states")
        ax.set_title(f"{self.graph}: diameter {self.diameter}, {self.order} states")
        return ax

    def __repr__(self) -> str:
        return (
            f"GrowthResult({self.graph}: order={self.order}, diameter={self.diameter}, "
            f"engine={self.engine}, {self.seconds:.3f} s)"
        )
