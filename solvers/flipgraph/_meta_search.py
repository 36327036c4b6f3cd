"""Meta search: moves between formats to find good starts, then walks the target format."""
from __future__ import annotations

import time

from ._meta import extend, permute, strassen_start
from ._scheme import Scheme, check_format
from ._search import SearchResult, search


def meta_search(n: int, m: int, p: int, *, ring: str = "zt", target: int | None = None,
                time_limit: float = 60.0, seed: int = 0, neighbour_share: float = 0.3,
                **search_kwargs) -> SearchResult:
    """Search <n,m,p> from the best of several starts built in other formats.

    Candidate starts: the naive scheme, a Strassen tiling (:func:`strassen_start`), and for
    every dimension above 2 a scheme for the format one smaller in that dimension, found by
    a short search (``neighbour_share`` of the time, split evenly) and then extended
    (:func:`extend`). Formats that are permutations of each other share one search
    (:func:`permute`). The best start is then walked for the remaining time.

    Examples
    --------
    >>> res = meta_search(2, 2, 3, ring="zt", time_limit=20)
    >>> res.rank, res.reached
    (11, True)
    """
    n, m, p = check_format(n, m, p)
    t0 = time.perf_counter()
    starts = [Scheme.naive(n, m, p, ring), strassen_start(n, m, p, ring)]
    smaller = [d for d, size in enumerate((n, m, p)) if size > 2]
    done: dict[tuple[int, int, int], Scheme] = {}
    for d in smaller:
        fmt = [n, m, p]
        fmt[d] -= 1
        key = tuple(sorted(fmt))
        if key not in done:
            sub = search(key, ring=ring, time_limit=max(time_limit * neighbour_share / len(smaller), 0.1),
                         seed=seed, **search_kwargs)
            done[key] = sub.scheme
        base = done[key]
        order = _order_to(base.format, tuple(fmt))
        starts.append(extend(permute(base, order), d))
    start = min(starts, key=lambda s: s.rank)
    remaining = max(time_limit - (time.perf_counter() - t0), 0.1)
    res = search(start, ring=ring, target=target, time_limit=remaining, seed=seed, **search_kwargs)
    res.seconds = time.perf_counter() - t0
    return res


def _order_to(have: tuple[int, int, int], want: tuple[int, int, int]) -> tuple[int, int, int]:
    """A permutation ``order`` with ``have[order[i]] == want[i]``."""
    used: list[int] = []
    for size in want:
        used.append(next(i for i in range(3) if have[i] == size and i not in used))
    return tuple(used)
