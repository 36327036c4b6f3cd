"""Revenue-ordered assortments, brute force and the ADXOpt local search."""
from __future__ import annotations

import itertools
import math

import numpy as np

from cayley.errors import InputError

from ._base import ChoiceModel
from ._validate import as_constraint


def revenue_ordered(model: ChoiceModel, constraint=None) -> tuple[np.ndarray, float, int]:
    """Best feasible price prefix ``{1..j}`` (decreasing price); optimal for unconstrained MNL.

    Talluri and van Ryzin (2004): under MNL the optimal unconstrained assortment is a
    revenue-ordered set.  Returns (items, revenue, number of revenue evaluations).

    Examples
    --------
    >>> from solvers.assortment import MNL
    >>> items, rev, _ = revenue_ordered(MNL([10, 8, 6, 4], [1, 1, 1, 1]), {})
    >>> items.tolist(), rev
    ([0, 1], 6.0)
    """
    cons = as_constraint(constraint, model.n)
    order = model.price_order()
    loads = np.cumsum(cons.A[:, order], axis=1)  # row loads of the prefixes of length 1..n
    lengths = np.flatnonzero(np.all(loads <= cons.b[:, None] + 1e-9, axis=0)) + 1
    if lengths.size == 0:
        return np.zeros(0, dtype=np.int64), 0.0, 0
    revs = model.prefix_revenues(order, int(lengths.max()))[lengths - 1]
    j = int(np.argmax(revs))
    if revs[j] <= 0:
        return np.zeros(0, dtype=np.int64), 0.0, lengths.size
    return np.sort(order[: lengths[j]]), float(revs[j]), lengths.size


def brute_force(model: ChoiceModel, constraint=None, max_n: int = 22) -> tuple[np.ndarray, float, int]:
    """Enumerate every feasible assortment (vectorised in blocks); exact for small ``n``.

    Ties go to the smallest assortment, then the lexicographically first.

    Examples
    --------
    >>> from solvers.assortment import MNL
    >>> items, rev, _ = brute_force(MNL([10, 8, 7.5], [0.2, 0.5, 3.0]), {"cardinality": 2})
    >>> items.tolist(), round(rev, 6)
    ([1, 2], 5.888889)
    """
    cons = as_constraint(constraint, model.n)
    n = model.n
    if n > max_n:
        raise InputError(f"brute force enumerates 2^n assortments; n = {n} exceeds max_n = {max_n}")
    limit = n if cons.cardinality is None else min(cons.cardinality, n)
    best_items, best_rev, count = np.zeros(0, dtype=np.int64), 0.0, 1
    for size in range(1, limit + 1):
        combos = np.array(list(itertools.combinations(range(n), size)), dtype=np.int64)
        for block in np.array_split(combos, max(1, math.ceil(len(combos) / 50_000))):
            masks = np.zeros((len(block), n), dtype=bool)
            np.put_along_axis(masks, block, True, axis=1)
            ok = cons.feasible(masks)
            masks, block = masks[ok], block[ok]
            if not len(block):
                continue
            revs = model.revenues(masks)
            count += len(block)
            j = int(np.argmax(revs))
            if revs[j] > best_rev * (1 + 1e-12) + 1e-15:
                best_items, best_rev = block[j].copy(), float(revs[j])
    return best_items, best_rev, count


def adxopt(
    model: ChoiceModel, constraint=None, max_removals: int = 1
) -> tuple[np.ndarray, float, int]:
    """ADXOpt local search (Jagabathula 2014): add, delete or exchange one product at a time.

    From the empty set, each step takes the best improving addition if one exists, and
    otherwise the best improving deletion or exchange; a product may be removed at most
    ``max_removals`` times.  Stops at a local optimum.  Returns (items, revenue, evaluations).

    Examples
    --------
    >>> from solvers.assortment import MNL
    >>> items, rev, _ = adxopt(MNL([10, 9], [0.1, 5]), {"cardinality": 1})
    >>> items.tolist(), rev
    ([1], 7.5)
    """
    cons = as_constraint(constraint, model.n)
    n = model.n
    current = np.zeros(n, dtype=bool)
    value, calls = 0.0, 0
    removed = np.zeros(n, dtype=np.int64)
    for _ in range(4 * n * (max_removals + 1) + 4):
        inside, outside = np.flatnonzero(current), np.flatnonzero(~current & (removed <= max_removals))
        adds = np.repeat(current[None], outside.size, axis=0)
        adds[np.arange(outside.size), outside] = True
        moves = adds[cons.feasible(adds)]
        if moves.shape[0]:
            revs = model.revenues(moves)
            calls += moves.shape[0]
            j = int(np.argmax(revs))
            if revs[j] > value + 1e-12:
                current, value = moves[j], float(revs[j])
                continue
        deletes = np.repeat(current[None], inside.size, axis=0)
        deletes[np.arange(inside.size), inside] = False
        swaps = np.repeat(current[None], inside.size * outside.size, axis=0)
        rows = np.arange(inside.size * outside.size)
        swaps[rows, np.repeat(inside, outside.size)] = False
        swaps[rows, np.tile(outside, inside.size)] = True
        moves = np.concatenate([deletes, swaps])
        moves = moves[cons.feasible(moves)]
        if not moves.shape[0]:
            break
        revs = model.revenues(moves)
        calls += moves.shape[0]
        j = int(np.argmax(revs))
        if revs[j] <= value + 1e-12:
            break
        removed[current & ~moves[j]] += 1
        current, value = moves[j], float(revs[j])
    return np.flatnonzero(current), value, calls
