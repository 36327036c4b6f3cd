"""Conjecture exploration: sweeps over n and exact quasi-polynomial fits.

:func:`sweep` computes the growth of one generator family for many n (in parallel through
any ``concurrent.futures.Executor``) and returns a :class:`SweepTable` that exports to CSV,
JSON and an OEIS-style line. :func:`fit_quasipolynomial` looks for the simplest formula
``f(n) = P_r(n)`` for ``n = r (mod s)`` with polynomials ``P_r`` of rational coefficients,
computed exactly with fractions, checks it on held-out points, and refuses when the data
cannot pin a formula down. :func:`plot_diameters` and :func:`plot_growth` draw the results
(they need matplotlib).

Examples
--------
>>> from cayley.conjecture import fit_quasipolynomial
>>> fit = fit_quasipolynomial(range(2, 10), [n * (n - 1) // 2 for n in range(2, 10)])
>>> fit.period, str(fit.expressions[0]), fit.confirmed
(1, 'n**2/2 - n/2', True)
"""
from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from cayley.errors import USER_ERRORS, FitError, MemoryBudgetError
from cayley.executors import map_independent

__all__ = [
    "FitError",
    "QuasiPolynomialFit",
    "SweepTable",
    "fit_quasipolynomial",
    "plot_diameters",
    "plot_growth",
    "sweep",
]

_COLUMNS = ("n", "order", "diameter", "last_layer_size", "seconds")


# ---------------------------------------------------------------------------- sweep
@dataclass
class SweepTable:
    """Growth of one family for several n: one row per n.

    Attributes
    ----------
    family : str
    params : dict
        Extra family parameters (e.g. ``{"k": 4}`` for top_spin).
    rows : list of dict
        Keys ``n, order, diameter, last_layer_size, seconds``, sorted by n.
    layer_sizes : dict
        The full growth function per n.
    failed : dict
        The n whose growth raised, with the exception (only with ``sweep(..., on_error="keep")``);
        ``rows`` then hold the n that finished.
    """

    family: str
    params: dict
    rows: list[dict]
    layer_sizes: dict[int, list[int]] = field(default_factory=dict)
    failed: dict[int, BaseException] = field(default_factory=dict)

    def column(self, name: str) -> list:
        """One column of the table (``"n"``, ``"order"``, ``"diameter"``, ...)."""
        if name not in _COLUMNS:
            raise ValueError(f"unknown column {name!r}; columns are {_COLUMNS}")
        return [row[name] for row in self.rows]

    def to_csv(self, path: str | Path | None = None) -> str:
        """The table as CSV text (also written to ``path`` when given)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        if path is not None:
            Path(path).write_text(buf.getvalue())
        return buf.getvalue()

    def to_json(self, path: str | Path | None = None, **kwargs) -> str:
        """The table as JSON (family, params, rows, layer_sizes); also written to ``path``."""
        data = {
            "family": self.family,
            "params": self.params,
            "rows": self.rows,
            "layer_sizes": {str(n): sizes for n, sizes in self.layer_sizes.items()},
        }
        text = json.dumps(data, **kwargs)
        if path is not None:
            Path(path).write_text(text)
        return text

    def oeis_line(self, column: str = "diameter") -> str:
        """One column as an OEIS-style line: the terms, then what they are.

        Examples
        --------
        >>> t = SweepTable("coxeter", {}, [dict(n=n, order=0, diameter=n * (n - 1) // 2,
        ...     last_layer_size=1, seconds=0.0) for n in (2, 3, 4)])
        >>> t.oeis_line()
        '1, 3, 6 (diameter of the coxeter Cayley graph for n = 2..4)'
        """
        values = ", ".join(str(v) for v in self.column(column))
        ns = self.column("n")
        extra = "".join(f", {k}={v}" for k, v in self.params.items())
        span = f"{ns[0]}..{ns[-1]}" if ns == list(range(ns[0], ns[-1] + 1)) else ",".join(map(str, ns))
        return f"{values} ({column} of the {self.family}{extra} Cayley graph for n = {span})"

    def __str__(self) -> str:
        lines = [f"{'n':>4} {'order':>14} {'diameter':>9} {'last layer':>11} {'seconds':>8}"]
        for r in self.rows:
            lines.append(
                f"{r['n']:>4} {r['order']:>14} {r['diameter']:>9} {r['last_layer_size']:>11} {r['seconds']:>8.2f}"
            )
        return "\n".join(lines)


def _growth_row(item: tuple[str, int, dict, str, str]) -> tuple[dict, list[int]]:
    """Growth of one family member (a top-level function so process pools can pickle it)."""
    from cayley.bfs import growth

    family, n, params, engine, backend = item
    from cayley.graph import CayleyGraph

    t0 = time.perf_counter()
    result = growth(CayleyGraph.from_family(family, n, **params), engine=engine, backend=backend)
    if not result.complete:  # pragma: no cover - growth only stops early on max_layers
        raise RuntimeError(f"growth of {family} n={n} stopped early")
    row = {
        "n": n,
        "order": result.order,
        "diameter": result.diameter,
        "last_layer_size": result.layer_sizes[-1],
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return row, result.layer_sizes


def _growth_row_or_error(item: tuple[str, int, dict, str, str]) -> tuple[dict, list[int]] | BaseException:
    """:func:`_growth_row`, or the user error it raised (returned, so the other rows survive)."""
    try:
        return _growth_row(item)
    except USER_ERRORS as exc:
        return exc


def _check_fits(family: str, ns: list[int], engine: str, params: dict) -> None:
    """Raise before any growth runs when some ``n`` cannot run (a bad n or parameter) or
    would not fit in memory (:func:`cayley.estimate_memory`). The n are checked in
    increasing order, so the first that fails is named."""
    from cayley import _memory
    from cayley.bfs import estimate_memory
    from cayley.graph import CayleyGraph

    for n in ns:
        graph = CayleyGraph.from_family(family, n, **params)
        estimate = estimate_memory(graph, engine)
        what = f"growth of {family} n={n} ({estimate.engine} engine)"
        if estimate.bytes is not None:
            try:
                _memory.require(estimate.bytes, what)
            except MemoryBudgetError as exc:
                done = [m for m in ns if m < n]
                hint = f"n up to {done[-1]} fit" if done else "no n of the sweep fits"
                raise MemoryBudgetError(f"{exc}; nothing was run ({hint})") from None


def sweep(
    family: str,
    ns: Iterable[int],
    backend: str = "auto",
    executor: Executor | str | None = None,
    engine: str = "auto",
    on_error: str = "raise",
    **params: int,
) -> SweepTable:
    """Growth of ``family`` for every n in ``ns``.

    Every n is checked before any growth runs: a family parameter or an n the family does not
    take raises, and so does an n whose growth would not fit in memory
    (:class:`~cayley.errors.MemoryBudgetError`, naming the smallest such n).

    Parameters
    ----------
    family : str
        A name from :func:`cayley.generators.family_names`.
    ns : iterable of int
        The values of n (distinct).
    backend, engine : str
        Passed to :func:`cayley.growth`.
    executor : None, "inline", "local" or concurrent.futures.Executor
        Where the n values run (see :mod:`cayley.executors`): by default a local process
        pool; ``"inline"`` runs them one after the other in this process; any executor
        (an MPI or Dask one too) works. Give a process pool of your own the "spawn" context
        (``mp_context=multiprocessing.get_context("spawn")``): forking a process whose
        numba threads have run aborts.
    on_error : {"raise", "keep"}
        What a growth that fails while running does: ``"raise"`` re-raises its error;
        ``"keep"`` returns the rows that finished and lists the failed n in
        :attr:`SweepTable.failed`.
    **params
        Extra family parameters, e.g. ``k=4`` for top_spin.

    Returns
    -------
    SweepTable

    Examples
    --------
    >>> t = sweep("pancake", range(2, 6), executor="inline")
    >>> t.column("diameter")  # OEIS A058986
    [1, 3, 4, 5]
    """
    from cayley.generators import family_info

    family_info(family)  # raises a clear error for an unknown family
    ns = list(ns)
    if not ns:
        raise ValueError("ns is empty; give at least one n")
    if any(not isinstance(n, int) or isinstance(n, bool) for n in ns):
        raise TypeError(f"ns must be ints, got {ns!r}")
    if len(set(ns)) != len(ns):
        raise ValueError(f"ns has repeated values: {ns}")
    if on_error not in ("raise", "keep"):
        raise ValueError(f"on_error must be 'raise' or 'keep', got {on_error!r}")
    ns = sorted(ns)
    if backend != "cupy":  # the GPU's memory is not this machine's
        _check_fits(family, ns, engine, params)
    items = [(family, n, dict(params), engine, backend) for n in ns]
    if on_error == "raise":
        results = map_independent(_growth_row, items, executor)
        failed = {}
    else:
        outcomes = map_independent(_growth_row_or_error, items, executor)
        results = [r for r in outcomes if not isinstance(r, BaseException)]
        failed = {n: r for n, r in zip(ns, outcomes) if isinstance(r, BaseException)}
    return SweepTable(
        family=family,
        params=dict(params),
        rows=[row for row, _ in results],
        layer_sizes={row["n"]: sizes for row, sizes in results},
        failed=failed,
    )


# ---------------------------------------------------------------------------- fitting
@dataclass
class QuasiPolynomialFit:
    """``f(n) = P_r(n)`` for ``n = r (mod period)``, with exact rational coefficients.

    Attributes
    ----------
    period : int
    coefficients : dict
        ``coefficients[r]`` lists the coefficients of ``P_r``, constant term first, as
        ``Fraction``.
    used : list of (n, value)
        Points the formula was chosen from (at least two more per residue than the degree
        needs, so each polynomial is confirmed by points it was not interpolated through).
    held_out : list of (n, value, predicted)
        Points kept out of the fit and checked afterwards.
    """

    period: int
    coefficients: dict[int, list[Fraction]]
    used: list[tuple[int, int]]
    held_out: list[tuple[int, int, Fraction]]

    @property
    def degrees(self) -> dict[int, int]:
        """Degree of each residue's polynomial."""
        return {r: len(c) - 1 for r, c in self.coefficients.items()}

    @property
    def confirmed(self) -> bool | None:
        """True if every held-out point matches, False if one does not, None if none held out."""
        if not self.held_out:
            return None
        return all(Fraction(v) == p for _, v, p in self.held_out)

    @property
    def refuted_at(self) -> list[int]:
        """The held-out n where the formula is wrong."""
        return [n for n, v, p in self.held_out if Fraction(v) != p]

    @property
    def expressions(self) -> dict[int, object]:
        """The polynomial of each residue as a sympy expression in ``n``."""
        import sympy

        n = sympy.Symbol("n")
        return {
            r: sympy.expand(sum(sympy.Rational(c.numerator, c.denominator) * n**k for k, c in enumerate(cs)))
            for r, cs in self.coefficients.items()
        }

    def predict(self, n: int) -> Fraction:
        """The formula's value at ``n`` (an exact ``Fraction``).

        Examples
        --------
        >>> fit_quasipolynomial(range(1, 8), [2 * n + 1 for n in range(1, 8)]).predict(100)
        Fraction(201, 1)
        """
        cs = self.coefficients[n % self.period]
        return sum((c * Fraction(n) ** k for k, c in enumerate(cs)), Fraction(0))

    def __str__(self) -> str:
        exprs = self.expressions
        if self.period == 1:
            return f"f(n) = {exprs[0]}"
        return "; ".join(f"f(n) = {exprs[r]} for n = {r} (mod {self.period})" for r in sorted(exprs))


def _interpolate(points: Sequence[tuple[int, Fraction]]) -> list[Fraction]:
    """Coefficients (constant first) of the polynomial through ``points`` (exact Newton form)."""
    xs = [Fraction(x) for x, _ in points]
    table = [Fraction(y) for _, y in points]
    k = len(points)
    for j in range(1, k):  # divided differences, in place
        for i in range(k - 1, j - 1, -1):
            table[i] = (table[i] - table[i - 1]) / (xs[i] - xs[i - j])
    coeffs = [Fraction(0)] * k
    for i in range(k - 1, -1, -1):  # Horner: coeffs = coeffs * (x - xs[i]) + table[i]
        shifted = [Fraction(0)] + coeffs[:-1]
        coeffs = [s - xs[i] * c for s, c in zip(shifted, coeffs)]
        coeffs[0] += table[i]
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


def _evaluate(coeffs: Sequence[Fraction], x: int) -> Fraction:
    return sum((c * Fraction(x) ** k for k, c in enumerate(coeffs)), Fraction(0))


def _fit_class(points: list[tuple[int, Fraction]], max_degree: int) -> list[Fraction] | None:
    """The lowest-degree polynomial through all points, confirmed by >= 2 extra points."""
    for degree in range(max_degree + 1):
        if len(points) < degree + 3:
            return None
        coeffs = _interpolate(points[: degree + 1])
        if all(_evaluate(coeffs, x) == y for x, y in points[degree + 1 :]):
            return coeffs
    return None


def fit_quasipolynomial(
    ns: Iterable[int],
    values: Iterable[int | Fraction],
    max_period: int = 6,
    max_degree: int = 3,
    holdout: int = 1,
) -> QuasiPolynomialFit:
    """The simplest quasi-polynomial through the data, checked on held-out points.

    The ``holdout`` largest n are set aside. On the rest, periods ``s = 1, 2, ...`` are tried
    in turn; for each residue ``r`` the lowest degree ``d`` is taken whose interpolating
    polynomial through the first ``d + 1`` points of that residue matches every further point,
    of which there must be at least two. The first period where every residue succeeds wins;
    the held-out points then confirm or refute the formula (see ``confirmed``).

    Parameters
    ----------
    ns, values : iterables of int
        Distinct n and the sequence values (e.g. diameters).
    max_period, max_degree : int
        Search bounds.
    holdout : int
        How many of the largest n to keep out of the fit.

    Returns
    -------
    QuasiPolynomialFit

    Raises
    ------
    FitError
        When no period ``<= max_period`` and degree ``<= max_degree`` fits with two
        confirming points per residue: the data cannot pin a formula down.

    Examples
    --------
    >>> fit = fit_quasipolynomial(range(1, 13), [n // 2 for n in range(1, 13)])
    >>> fit.period, {r: str(e) for r, e in fit.expressions.items()}
    (2, {0: 'n/2', 1: 'n/2 - 1/2'})
    """
    ns, values = list(ns), list(values)
    if len(ns) != len(values):
        raise ValueError(f"ns has {len(ns)} entries but values has {len(values)}")
    if any(not isinstance(n, int) or isinstance(n, bool) for n in ns):
        raise TypeError("ns must be ints")
    if len(set(ns)) != len(ns):
        raise ValueError("ns has repeated values")
    if any(isinstance(v, float) for v in values):
        raise TypeError("values must be ints or fractions (exact numbers, not floats)")
    try:
        values = [Fraction(v) for v in values]
    except (TypeError, ValueError) as exc:
        raise TypeError("values must be ints or fractions (exact numbers, not floats)") from exc
    for name, value, low in (("max_period", max_period, 1), ("max_degree", max_degree, 0), ("holdout", holdout, 0)):
        if not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    points = sorted(zip(ns, values))
    train = points[: len(points) - holdout] if holdout else points
    test = points[len(train) :]
    for period in range(1, max_period + 1):
        coefficients = {}
        for r in range(period):
            coeffs = _fit_class([p for p in train if p[0] % period == r], max_degree)
            if coeffs is None:
                break
            coefficients[r] = coeffs
        else:
            fit = QuasiPolynomialFit(period, coefficients, [(n, _exact(v)) for n, v in train], [])
            fit.held_out = [(n, _exact(v), fit.predict(n)) for n, v in test]
            return fit
    raise FitError(
        f"no quasi-polynomial of period <= {max_period} and degree <= {max_degree} fits the "
        f"{len(train)} points used with two confirming points per residue class; the data "
        "cannot pin a formula down (give more n, or raise max_period/max_degree)"
    )


def _exact(v: Fraction) -> int | Fraction:
    return int(v) if v.denominator == 1 else v


# ---------------------------------------------------------------------------- plots
def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("plotting needs matplotlib: pip install 'permlab[plot]'") from exc
    return plt


def plot_diameters(table: SweepTable, fit: QuasiPolynomialFit | None = None, ax=None, column: str = "diameter"):
    """Plot one column of a sweep against n, with the fitted formula drawn beside it.

    Returns the matplotlib ``Axes``.
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots()
    ns, values = table.column("n"), table.column(column)
    ax.plot(ns, values, "o", label=f"{table.family} {column}")
    if fit is not None:
        grid = list(range(min(ns), max(ns) + 1))
        ax.plot(grid, [float(fit.predict(n)) for n in grid], "-", label=str(fit))
        ax.legend(fontsize="small")
    ax.set_xlabel("n")
    ax.set_ylabel(column)
    return ax


def plot_growth(table: SweepTable, ax=None, log: bool = True):
    """Plot the growth function (states per distance) of every n in a sweep.

    Returns the matplotlib ``Axes``.
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots()
    for n, sizes in sorted(table.layer_sizes.items()):
        ax.plot(range(len(sizes)), sizes, label=f"n={n}")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("distance from start")
    ax.set_ylabel("states")
    ax.set_title(f"growth of {table.family}")
    ax.legend(fontsize="small")
    return ax
