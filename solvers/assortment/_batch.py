"""Batches of independent assortment instances, spread over an executor."""
from __future__ import annotations

from collections.abc import Iterable

from cayley.errors import InputError

from ._base import ChoiceModel
from ._optimize import METHODS, optimize
from ._result import AssortmentResult


def _optimize_item(item: tuple) -> AssortmentResult:
    """One instance of a batch (a top-level function so process pools can pickle it)."""
    model, constraint, method, eps, options = item
    return optimize(model, constraint, method, eps=eps, **options)


def optimize_many(instances: Iterable, method: str = "exact", *, eps: float = 0.05,
                  executor=None, **options) -> list[AssortmentResult]:
    """:func:`optimize` on every instance of a batch, the instances spread over ``executor``.

    Parameters
    ----------
    instances : iterable
        Choice models, or ``(model, constraint)`` pairs (constraint as in :func:`optimize`).
    method, eps, **options
        As in :func:`optimize`, the same for every instance.
    executor : None, "inline", "local" or concurrent.futures.Executor
        Where the instances run (see :mod:`cayley.executors`; default a local process
        pool). Every method is deterministic, so the results do not depend on it.

    Returns
    -------
    list of AssortmentResult
        In instance order.

    Examples
    --------
    >>> from solvers.assortment import random_mnl
    >>> batch = [(random_mnl(8, seed=s), {"cardinality": 3}) for s in range(3)]
    >>> [len(r.assortment) for r in optimize_many(batch, executor="inline")]
    [3, 3, 3]
    """
    from cayley.executors import map_independent

    if method not in METHODS:  # fail here, not in every worker
        raise InputError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    items = []
    for position, instance in enumerate(instances):
        model, constraint = (instance, None) if isinstance(instance, ChoiceModel) else _pair(instance, position)
        items.append((model, constraint, method, eps, options))
    return map_independent(_optimize_item, items, executor)


def _pair(instance, position: int) -> tuple:
    if isinstance(instance, tuple) and len(instance) == 2 and isinstance(instance[0], ChoiceModel):
        return instance
    raise TypeError(f"instances[{position}] must be a choice model or a (model, constraint) pair, "
                    f"got {type(instance).__name__}")
