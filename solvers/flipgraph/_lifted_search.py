"""Ternary schemes by searching over GF(2) and assigning signs."""
from __future__ import annotations

import time

from cayley.errors import InputError

from ._known import known_rank
from ._lift import assign_signs
from ._scheme import Scheme
from ._search import SearchResult, search


def search_lifted(start, *, target: int | None = None, time_limit: float = 60.0, seed: int = 0,
                  sign_tries: int = 8, round_seconds: float = 5.0, **search_kwargs) -> SearchResult:
    """Find a ternary (zt) scheme of rank ``target`` via GF(2) walks plus sign assignment.

    GF(2) walks are several times faster than ternary ones and reach low ranks sooner, but
    only some GF(2) schemes carry signs that make them valid over Z. This repeats: walk
    over GF(2) toward ``target`` for at most ``round_seconds`` (new seed each round), try
    :func:`assign_signs` on the best GF(2) scheme of the round if it beats the best ternary
    one so far; stop at the
    first ternary scheme or when ``time_limit`` runs out (then the best ternary scheme
    seen, or the start, is returned with ``reached=False``).

    Parameters
    ----------
    start : Scheme or (n, m, p)
        A ternary start scheme or a format (naive start).
    target : int, optional
        Default: the best known zt rank.

    Examples
    --------
    >>> res = search_lifted((2, 2, 2), time_limit=30)
    >>> res.ring, res.rank, res.scheme.verify("zt")
    ('zt', 7, True)
    """
    t0 = time.perf_counter()
    base = start if isinstance(start, Scheme) else Scheme.naive(*start, ring="zt")
    if not base.verify("zt"):
        raise InputError(f"start {base!r} is not a valid ternary scheme")
    if target is None:
        target = known_rank(*base.format, "zt")
    best = base
    history = [(0.0, base.rank)]
    flips = pluses = 0
    round_no = 0
    while time.perf_counter() - t0 < time_limit and best.rank > target:
        left = time_limit - (time.perf_counter() - t0)
        budget = min(left, max(round_seconds, 0.05))
        res = search(base.with_ring("gf2"), ring="gf2", target=target, time_limit=budget,
                     seed=seed + 7919 * round_no, **search_kwargs)
        round_no += 1
        flips += res.flips
        pluses += res.plus_transitions
        if res.rank >= best.rank:
            continue
        signed = assign_signs(res.scheme, tries=sign_tries, seed=seed + round_no)
        if signed is not None and signed.rank < best.rank:
            best = signed
            history.append((time.perf_counter() - t0, best.rank))
    return SearchResult(best, "zt", target, best.rank <= target, flips, pluses,
                        time.perf_counter() - t0, history)
