"""One-pass streaming maximisation under a cardinality constraint (sieve over thresholds).

Items arrive once, in stream order.  For every guess ``v`` of ``OPT`` on a geometric grid in
``[m, 2 k m]`` (``m`` = best single item seen so far) a candidate set keeps each arriving item
whose gain reaches ``v / (2k)``; new guesses open as ``m`` grows and guesses below ``m`` are
dropped.  For monotone submodular ``f`` this is the sieve-streaming bound ``1/2 - eps``
(Badanidiyuru et al. 2014); Udwani (arXiv 2107.02743) shows a stream that follows a
submodular order gives the same for submodular-order functions.  Memory:
``O(k log(k) / eps)`` items.
"""
from __future__ import annotations

import math

import numpy as np

from ._checks import check_eps, check_function, check_k, check_order
from ._protocol import SetFunction
from ._result import GreedyResult, make_result


def streaming_greedy(f: SetFunction, k: int, stream=None, eps: float = 0.05) -> GreedyResult:
    """Single pass over ``stream`` (identity order by default) keeping ``O(log(k)/eps)`` sets.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2, 3]])
    >>> streaming_greedy(f, 2).value
    4.0
    """
    check_function(f)
    k = check_k(k, f.n)
    eps = check_eps(eps)
    stream = check_order(stream, f.n)
    base = 1.0 + eps
    sieves: dict[int, tuple] = {}  # exponent j of the guess v = base**j -> (state, gains)
    empty = f.new_state()
    best_single = 0.0
    calls = 0
    peak_memory = 0
    if k == 0:
        return make_result([], [], 0.0, 0, "streaming_greedy")
    for e in stream:
        e = int(e)
        single = f.gain(empty, e)
        calls += 1
        if single > best_single:
            best_single = single
            lo = math.ceil(math.log(best_single) / math.log(base))
            hi = math.floor(math.log(2 * k * best_single) / math.log(base))
            sieves = {j: s for j, s in sieves.items() if j >= lo}
            for j in range(lo, hi + 1):
                sieves.setdefault(j, (f.new_state(), []))
        for j, (state, gains) in sieves.items():
            if len(state.items) >= k:
                continue
            g = f.gain(state, e)
            calls += 1
            if g >= base**j / (2 * k):
                gains.append(f.add(state, e))
        peak_memory = max(peak_memory, sum(len(s.items) for s, _ in sieves.values()))
    if not sieves:
        return make_result([], [], 0.0, calls, "streaming_greedy")
    state, gains = max(sieves.values(), key=lambda sg: sg[0].value)
    return make_result(
        state.items, gains, state.value, calls, "streaming_greedy", peak_items_stored=peak_memory
    )
