"""Maximise set functions greedily: submodular functions and submodular-order functions.

Functions follow :class:`SetFunction` (plain ``value(S)`` plus an incremental state with
``gain(state, e)`` / ``add(state, e)``).  Algorithms return a :class:`GreedyResult` with the
set, its value, the gain trace and the number of oracle calls.  See ``docs/submodular.md``.
"""
from ._callable import CallableFunction
from ._coverage import WeightedCoverage
from ._facility import FacilityLocation
from ._feature import FeatureBased
from ._greedy import lazy_greedy, naive_greedy, stochastic_greedy
from ._matroid import IndependenceOracle, PartitionMatroid, matroid_swap_greedy
from ._order_check import OrderCheck, check_submodular_order
from ._order_greedy import knapsack_threshold_greedy, threshold_greedy, threshold_grid
from ._protocol import SetFunction, SetState
from ._result import GreedyResult
from ._streaming import streaming_greedy

__all__ = [
    "CallableFunction",
    "FacilityLocation",
    "FeatureBased",
    "GreedyResult",
    "IndependenceOracle",
    "OrderCheck",
    "PartitionMatroid",
    "SetFunction",
    "SetState",
    "WeightedCoverage",
    "check_submodular_order",
    "knapsack_threshold_greedy",
    "lazy_greedy",
    "matroid_swap_greedy",
    "naive_greedy",
    "stochastic_greedy",
    "streaming_greedy",
    "threshold_greedy",
    "threshold_grid",
]
