"""What every growth engine driver returns: one result type for the ranked, hashed, GPU
and sharded engines, turned into a :class:`cayley.GrowthResult` by the driver."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class EngineRun(NamedTuple):
    """The outcome of one engine's breadth-first search.

    Attributes
    ----------
    layer_sizes : list of int
        States at each distance from the start, from distance 0.
    layer_seconds : list of float
        Seconds each layer took (0 for the start).
    last_layer : numpy.ndarray
        Up to ``last_layer_limit`` states of the last layer, as rows of codes (or matrix
        entries), in the engine's documented order.
    last_layer_complete : bool
        Whether ``last_layer`` holds the whole last layer.
    complete : bool
        False when ``max_layers`` stopped the search.
    peak_bytes : int
        Bytes the engine allocated for its states at most.
    description : str
        The state space or key layout the engine searched.
    """

    layer_sizes: list
    layer_seconds: list
    last_layer: np.ndarray
    last_layer_complete: bool
    complete: bool
    peak_bytes: int
    description: str
