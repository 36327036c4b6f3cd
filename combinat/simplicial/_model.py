"""The exact constraint model of a degree-size pair, solved by OR-Tools CP-SAT.

One Boolean ``x[j, v]`` per facet ``j`` and vertex ``v``: facet ``j`` has ``sizes[j]``
vertices, vertex ``v`` lies in ``degrees[v]`` facets (linear constraints), and no facet lies
inside another: for facets ``j`` smaller than ``k``, some vertex of ``j`` is outside ``k``
(a clause over Booleans ``y_v => x[j, v] and not x[k, v]``). Facets of equal size must
differ, which the symmetry breaking below already says. Large models add the "not inside"
constraints lazily (:data:`FULL_MODEL_BOOLEANS`).

Symmetry breaking (sound: every complex has a relabelled copy that satisfies it, because
sorting the rows of a 0/1 matrix within blocks and its columns within blocks only increases
the matrix read row by row, so alternate sorting ends in a doubly sorted copy):

* facets of equal size are interchangeable: their rows are in strictly decreasing
  lexicographic order (strict, since equal facets are not allowed);
* vertices of equal degree are interchangeable (the orbits of a Young subgroup, see
  ``_symmetry``): their columns are in non-increasing lexicographic order.

An answer is exact: a solution is a witness, and "infeasible" proves that no complex exists.
Measured on the 60 dense shared instances, presolve off and no linear relaxation
(``linearization_level=0``) solve 2-3 times faster than CP-SAT's defaults; one worker keeps
the answers reproducible. OR-Tools is imported on first use.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from cayley import _memory
from cayley.errors import BackendUnavailableError

from ._symmetry import to_caller_labels, vertex_classes

# Memory of CP-SAT per Boolean of the model, with its clauses and watch lists (measured
# peak resident memory of the largest generated instances, rounded up).
_BYTES_PER_BOOLEAN = 600
FULL_MODEL_BOOLEANS = 60_000
"""Up to this many Booleans the model states every "not inside" constraint at once; above,
only the ones a solution violated, solving again until a solution violates none (a
relaxation's infeasibility is still a proof, and each round adds constraints, so this ends)."""


@dataclass
class ModelOutcome:
    """Raw outcome of the model: ``facets`` (vertex arrays in the order of ``sizes``) when
    realizable, else ``proved`` says whether CP-SAT proved infeasibility (False: time ran out)."""

    facets: list[np.ndarray] | None
    proved: bool
    booleans: int
    seconds: float


def available() -> bool:
    """Whether OR-Tools can be imported.

    Examples
    --------
    >>> isinstance(available(), bool)
    True
    """
    try:
        import ortools.sat.python.cp_model  # noqa: F401
    except ImportError:
        return False
    return True


def count_booleans(degrees: np.ndarray, sizes: np.ndarray) -> int:
    """Booleans of the model for this pair (``sizes`` sorted decreasingly), an upper bound.

    Examples
    --------
    >>> count_booleans(np.array([2, 2, 1, 1]), np.array([3, 2, 1]))
    30
    """
    n, m = int(degrees.size), int(sizes.size)
    _, per_size = np.unique(sizes, return_counts=True)
    nested_pairs = (m * (m - 1) - int((per_size * (per_size - 1)).sum())) // 2
    _, per_degree = np.unique(degrees, return_counts=True)
    row_ties, column_ties = m - per_size.size, n - per_degree.size
    return m * n + nested_pairs * n + row_ties * n + column_ties * m


def estimate_bytes(degrees: np.ndarray, sizes: np.ndarray) -> int:
    """Bytes the model and CP-SAT need for this pair, about.

    Examples
    --------
    >>> estimate_bytes(np.array([2, 2, 1, 1]), np.array([3, 2, 1])) < 10**5
    True
    """
    return count_booleans(degrees, sizes) * _BYTES_PER_BOOLEAN


def solve(degrees: np.ndarray, sizes: np.ndarray, time_limit: float | None,
          memory_limit: int | None = None) -> ModelOutcome:
    """Solve the model of ``(degrees, sizes)`` (``sizes`` sorted decreasingly).

    Raises
    ------
    BackendUnavailableError
        When OR-Tools is not installed.
    MemoryBudgetError
        Before the model is built, when :func:`estimate_bytes` exceeds ``memory_limit``.

    Examples
    --------
    >>> out = solve(np.array([2, 2, 2, 1, 1]), np.array([3, 3, 2]), time_limit=10)
    >>> [len(f) for f in out.facets]
    [3, 3, 2]
    >>> solve(np.array([2, 2, 1, 1]), np.array([3, 2, 1]), time_limit=10).proved
    True
    """
    if not available():
        raise BackendUnavailableError(
            "the exact model needs OR-Tools: pip install ortools (or use method='search')")
    from ortools.sat.python import cp_model

    start = time.perf_counter()
    limit = _memory.available_bytes() if memory_limit is None else memory_limit
    needed = estimate_bytes(degrees, sizes)
    _memory.require(needed, f"the constraint model of {sizes.size} facets on {degrees.size} "
                            "vertices", limit)
    classes = vertex_classes(degrees)
    d = degrees[classes.order]
    n, m = int(d.size), int(sizes.size)
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{j}_{v}") for v in range(n)] for j in range(m)]
    for j in range(m):
        model.add(sum(x[j]) == int(sizes[j]))
    for v in range(n):
        model.add(sum(x[j][v] for j in range(m)) == int(d[v]))
    for j in range(m - 1):
        if sizes[j] == sizes[j + 1]:
            _add_lex_greater(model, x[j], x[j + 1], strict=True)
    for v in np.flatnonzero(classes.same_class_as_next()).tolist():
        _add_lex_greater(model, [row[v] for row in x], [row[v + 1] for row in x], strict=False)
    lazy = count_booleans(degrees, sizes) > FULL_MODEL_BOOLEANS
    if not lazy:
        for k in range(m):  # sizes decrease: facet j > k is no larger than facet k
            for j in range(k + 1, m):
                if sizes[j] < sizes[k]:
                    _add_not_inside(model, x[j], x[k])

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = 0
    params.cp_model_presolve = False
    params.linearization_level = 0
    params.max_memory_in_mb = max(1, limit // 2**20)
    deadline = None if time_limit is None else start + time_limit
    while True:
        if deadline is not None:
            params.max_time_in_seconds = max(deadline - time.perf_counter(), 1e-3)
        status = solver.solve(model)
        booleans = len(model.proto.variables)
        seconds = time.perf_counter() - start
        if status == cp_model.MODEL_INVALID:  # a bug in the model above, never the user's input
            raise RuntimeError(f"CP-SAT rejected the model: {model.validate()}")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return ModelOutcome(None, status == cp_model.INFEASIBLE, booleans, seconds)
        matrix = np.array([[solver.boolean_value(b) for b in row] for row in x], dtype=np.int64)
        nested = _nested_pairs(matrix, sizes)
        if not nested:
            facets = [np.flatnonzero(row) for row in matrix]
            return ModelOutcome(to_caller_labels(classes.order, facets), False, booleans, seconds)
        for j, k in nested:  # only in the lazy model: forbid what this solution did
            _add_not_inside(model, x[j], x[k])
        model.clear_hints()
        for row, values in zip(x, matrix.tolist()):
            for b, value in zip(row, values):
                model.add_hint(b, value)


def _nested_pairs(matrix: np.ndarray, sizes: np.ndarray) -> list[tuple[int, int]]:
    """Pairs ``(j, k)``: facet ``j`` (smaller) lies inside facet ``k`` in a 0/1 matrix."""
    inside = (matrix @ matrix.T == sizes[:, None]) & (sizes[:, None] < sizes[None, :])
    return [(int(j), int(k)) for j, k in zip(*np.nonzero(inside))]


def _add_not_inside(model, small: list, big: list) -> None:
    """Some vertex of the facet ``small`` is outside the facet ``big``."""
    witnesses = []
    for a, b in zip(small, big):
        y = model.new_bool_var("")
        model.add_implication(y, a)
        model.add_implication(y, ~b)
        witnesses.append(y)
    model.add_bool_or(witnesses)


def _add_lex_greater(model, a: list, b: list, strict: bool) -> None:
    """``a >= b`` lexicographically (``a > b`` when ``strict``), 1 above 0.

    ``e`` is forced true while the prefixes are equal, and an equal prefix forbids
    ``a[i] < b[i]``; an ``e`` left true when not forced only adds constraints, so the
    encoding is exact.
    """
    equal = None  # the prefix before position i is equal (None: the empty prefix)
    for i, (ai, bi) in enumerate(zip(a, b)):
        guard = [] if equal is None else [~equal]
        model.add_bool_or([*guard, ai, ~bi])
        if i == len(a) - 1 and not strict:
            return
        nxt = model.new_bool_var("")
        model.add_bool_or([*guard, ~ai, ~bi, nxt])
        model.add_bool_or([*guard, ai, bi, nxt])
        equal = nxt
    if strict and equal is not None:
        model.add_bool_or([~equal])
