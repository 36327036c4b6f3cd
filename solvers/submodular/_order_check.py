"""Check whether a permutation is a submodular order of a set function.

``pi`` is a submodular order of ``f`` when ``f(C | B) <= f(C | A)`` for every ``A ⊆ B`` and every
non-empty ``C`` whose items all come after the last item of ``B`` in ``pi`` (Udwani, arXiv
2107.02743, Definition 1).  Every order of a submodular function qualifies; for MNL revenue
the decreasing-price order is a submodular order of the monotone closure but not of the raw
revenue.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from ._checks import check_function, check_order
from ._protocol import SetFunction


@dataclass
class OrderCheck:
    """Outcome of :func:`check_submodular_order`.

    ``holds`` is False when a violation larger than the tolerance was found.  ``A``, ``B``,
    ``C``, ``gain_A = f(C | A)`` and ``gain_B = f(C | B)`` describe the worst triple seen
    (``gain_B - gain_A`` is ``violation``).  ``exhaustive`` says whether every triple was
    checked; a sampled check that finds nothing is evidence, not proof.
    """

    holds: bool
    violation: float
    A: list[int]
    B: list[int]
    C: list[int]
    gain_A: float
    gain_B: float
    exhaustive: bool
    triples_checked: int


@njit(cache=True)
def _worst_triple(vals, n):
    full = (1 << n) - 1
    worst = -np.inf
    wa, wb, wc = 0, 0, 0
    count = 0
    for b in range(1, full + 1):
        high = 0
        while (b >> (high + 1)) != 0:
            high += 1
        rest = full & ~((1 << (high + 1)) - 1)
        if rest == 0:
            continue
        a = b
        while True:
            c = rest
            while c != 0:
                diff = (vals[b | c] - vals[b]) - (vals[a | c] - vals[a])
                count += 1
                if diff > worst:
                    worst = diff
                    wa, wb, wc = a, b, c
                c = (c - 1) & rest
            if a == 0:
                break
            a = (a - 1) & b
    return worst, wa, wb, wc, count


def _unmask(mask: int, order: np.ndarray) -> list[int]:
    return sorted(int(order[i]) for i in range(order.size) if mask >> i & 1)


def check_submodular_order(
    f: SetFunction,
    order=None,
    *,
    exhaustive_limit: int = 10,
    samples: int = 2000,
    tol: float = 1e-9,
    seed=None,
) -> OrderCheck:
    """Search for the worst violation of the submodular-order inequality along ``order``.

    Parameters
    ----------
    f : SetFunction
        The function to test.
    order : array_like, optional
        A permutation of ``0..n-1`` (identity by default).
    exhaustive_limit : int
        Ground sets with at most this many items are checked exhaustively (all ``2^n`` values
        are computed once, then every triple ``A ⊆ B``, ``C`` after ``B`` is compared).
    samples : int
        Number of random triples for larger ground sets.
    tol : float
        Violations up to ``tol * max(1, |f|)`` are treated as rounding noise.
    seed : int or numpy.random.Generator, optional
        Randomness for the sampled check.

    Examples
    --------
    >>> from solvers.submodular import WeightedCoverage
    >>> f = WeightedCoverage([[0, 1], [1, 2], [2]])
    >>> check_submodular_order(f, [2, 0, 1]).holds
    True
    """
    check_function(f)
    order = check_order(order, f.n)
    n = f.n
    if n <= exhaustive_limit:
        if n > 20:
            raise ValueError("exhaustive_limit above 20 would enumerate more than 2^20 sets")
        vals = np.array(
            [f.value([int(order[i]) for i in range(n) if m >> i & 1]) for m in range(1 << n)]
        )
        worst, a, b, c, count = _worst_triple(vals, n)
        if count == 0:
            return OrderCheck(True, 0.0, [], [], [], 0.0, 0.0, True, 0)
        gain_a, gain_b = vals[a | c] - vals[a], vals[b | c] - vals[b]
        scale = max(1.0, float(np.abs(vals).max()))
        return OrderCheck(
            bool(worst <= tol * scale), float(worst), _unmask(a, order), _unmask(b, order),
            _unmask(c, order), float(gain_a), float(gain_b), True, int(count),
        )
    rng = np.random.default_rng(seed)
    worst = (-np.inf, [], [], [], 0.0, 0.0)
    scale = 1.0
    for _ in range(samples):
        last = int(rng.integers(0, n - 1))
        b = [int(order[i]) for i in range(last) if rng.random() < 0.5] + [int(order[last])]
        a = [e for e in b if rng.random() < 0.5]
        after = order[last + 1 :]
        c = [int(e) for e in after if rng.random() < 0.5] or [int(rng.choice(after))]
        fa, fb = f.value(a), f.value(b)
        gain_a, gain_b = f.value(a + c) - fa, f.value(b + c) - fb
        scale = max(scale, abs(fa), abs(fb))
        if gain_b - gain_a > worst[0]:
            worst = (gain_b - gain_a, sorted(a), sorted(b), sorted(c), gain_a, gain_b)
    v, a, b, c, gain_a, gain_b = worst
    return OrderCheck(bool(v <= tol * scale), float(v), a, b, c, gain_a, gain_b, False, samples)
