"""Exact quasi-polynomial fits: known formulas, refusals, hypothesis round trips."""
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cayley.conjecture import FitError, fit_quasipolynomial, sweep


def test_recovers_coxeter_diameter_from_a_real_sweep():
    # Diameter of S_n with adjacent transpositions = longest element length n(n-1)/2
    # (Bjorner-Brenti, Combinatorics of Coxeter Groups, Prop. 1.5.4 / 2.3.2).
    table = sweep("coxeter", range(2, 9), executor="inline")
    fit = fit_quasipolynomial(table.column("n"), table.column("diameter"))
    assert fit.period == 1 and fit.coefficients[0] == [0, Fraction(-1, 2), Fraction(1, 2)]
    assert str(fit.expressions[0]) == "n**2/2 - n/2"
    assert fit.confirmed is True and fit.held_out == [(8, 28, 28)]
    assert fit.predict(20) == 190


def test_recovers_all_transpositions_diameter_from_a_real_sweep():
    # Every permutation is a product of n - (number of cycles) transpositions: diameter n-1.
    table = sweep("all_transpositions", range(2, 8), executor="inline")
    fit = fit_quasipolynomial(table.column("n"), table.column("diameter"))
    assert fit.period == 1 and str(fit.expressions[0]) == "n - 1"
    assert fit.confirmed and [n for n, _ in fit.used] == [2, 3, 4, 5, 6]


def test_sweep_through_an_executor_and_exports(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        table = sweep("pancake", [5, 2, 3, 4], executor=pool)
    assert table.column("n") == [2, 3, 4, 5]
    assert table.column("diameter") == [1, 3, 4, 5]  # OEIS A058986
    assert table.layer_sizes[4] == [1, 3, 6, 11, 3]  # pancake n=4 growth, OEIS A067607 row 4
    csv_text = table.to_csv(tmp_path / "t.csv")
    assert csv_text.splitlines()[0] == "n,order,diameter,last_layer_size,seconds"
    assert csv_text.splitlines()[3].startswith("4,24,4,3,")
    assert (tmp_path / "t.csv").read_text() == csv_text
    import json

    data = json.loads(table.to_json(tmp_path / "t.json"))
    assert data["family"] == "pancake" and data["layer_sizes"]["5"][-1] == 20
    assert table.oeis_line("order") == "2, 6, 24, 120 (order of the pancake Cayley graph for n = 2..5)"


def test_sweep_bad_inputs():
    with pytest.raises(ValueError, match="unknown|family"):
        sweep("no_such_family", [3])
    with pytest.raises(ValueError, match="empty"):
        sweep("coxeter", [])
    with pytest.raises(ValueError, match="repeated"):
        sweep("coxeter", [3, 3])
    with pytest.raises(ValueError, match="column"):
        sweep("coxeter", [3]).column("girth")


def test_plots_draw_data_and_formula():
    matplotlib = pytest.importorskip("matplotlib")
    from cayley.conjecture import plot_diameters, plot_growth

    matplotlib.use("Agg")
    table = sweep("coxeter", range(2, 9), executor="inline")  # a quadratic needs degree + 3 points plus one held out
    fit = fit_quasipolynomial(table.column("n"), table.column("diameter"))
    ax = plot_diameters(table, fit)
    assert [line.get_label() for line in ax.get_lines()] == ["coxeter diameter", "f(n) = n**2/2 - n/2"]
    assert len(plot_growth(table).get_lines()) == 7


def test_plots_without_matplotlib_say_what_to_install():
    try:
        import matplotlib  # noqa: F401

        pytest.skip("matplotlib is installed")
    except ImportError:
        pass
    from cayley.conjecture import plot_diameters

    with pytest.raises(ImportError, match="matplotlib"):
        plot_diameters(sweep("coxeter", [3, 4], executor="inline"))


def test_quasipolynomial_floor():
    ns = list(range(1, 16))
    fit = fit_quasipolynomial(ns, [n * n // 4 for n in ns])  # floor(n^2/4), OEIS A002620
    assert fit.period == 2 and fit.degrees == {0: 2, 1: 2}
    assert fit.predict(101) == 101 * 101 // 4


@pytest.mark.parametrize("seed", range(10))
def test_refuses_random_data(seed):
    rng = random.Random(seed)
    ns = list(range(3, 21))
    with pytest.raises(FitError, match="cannot pin"):
        fit_quasipolynomial(ns, [rng.randint(0, 1000) for _ in ns])


def test_refuses_too_few_points():
    # Three points determine a quadratic exactly but confirm nothing: refuse.
    with pytest.raises(FitError):
        fit_quasipolynomial([1, 2, 3, 4], [1, 4, 9, 16], holdout=0, max_degree=3)
    fit = fit_quasipolynomial([1, 2, 3, 4, 5], [1, 4, 9, 16, 25], holdout=0)
    assert fit.confirmed is None and str(fit.expressions[0]) == "n**2"


def test_held_out_point_refutes():
    ns = list(range(1, 10))
    values = [2 * n for n in ns[:-1]] + [99]
    fit = fit_quasipolynomial(ns, values)
    assert fit.confirmed is False and fit.refuted_at == [9]


@st.composite
def quasipolynomials(draw):
    period = draw(st.integers(1, 3))
    degree = draw(st.integers(0, 2))
    coeffs = {
        r: [Fraction(draw(st.integers(-20, 20)), draw(st.integers(1, 4))) for _ in range(degree + 1)]
        for r in range(period)
    }
    return period, degree, coeffs


@given(quasipolynomials(), st.integers(-5, 5))
def test_fit_reproduces_sampled_quasipolynomials(qp, offset):
    period, degree, coeffs = qp

    def f(n):
        return sum(c * n**k for k, c in enumerate(coeffs[n % period]))

    ns = list(range(offset, offset + period * (degree + 3) + 1))
    fit = fit_quasipolynomial(ns, [f(n) for n in ns], max_period=3, max_degree=2)
    assert fit.period <= period and fit.confirmed
    assert all(fit.predict(n) == f(n) for n in range(offset - 10, offset + 50))


@given(st.lists(st.integers(-100, 100), min_size=1, max_size=12))
def test_fit_either_refuses_or_matches_every_point_used(values):
    ns = list(range(len(values)))
    try:
        fit = fit_quasipolynomial(ns, values)
    except FitError:
        return
    assert all(fit.predict(n) == v for n, v in fit.used)


def test_bad_inputs():
    with pytest.raises(ValueError, match="entries"):
        fit_quasipolynomial([1, 2], [1])
    with pytest.raises(ValueError, match="repeated"):
        fit_quasipolynomial([1, 1, 2], [1, 1, 2])
    with pytest.raises(TypeError, match="floats"):
        fit_quasipolynomial([1, 2, 3], [1.5, 2, 2])
    with pytest.raises(TypeError, match="floats"):
        fit_quasipolynomial([1, 2, 3], ["x", 2, 2])
    with pytest.raises(ValueError, match="max_period"):
        fit_quasipolynomial([1, 2, 3], [1, 2, 3], max_period=0)
    with pytest.raises(TypeError, match="ints"):
        fit_quasipolynomial([1.0, 2.0], [1, 2])


def test_sweep_refuses_before_running_anything(monkeypatch):
    from cayley import _memory
    from cayley.errors import MemoryBudgetError

    def ran(*args, **kwargs):
        raise AssertionError("a growth ran although an n was refused")

    from cayley import CayleyGraph, estimate_memory

    monkeypatch.setattr("cayley.conjecture.map_independent", ran)
    budget = estimate_memory(CayleyGraph.from_family("lrx", 9)).bytes - 1
    monkeypatch.setattr(_memory, "available_bytes", lambda: budget)
    with pytest.raises(MemoryBudgetError, match=r"lrx n=9 .*nothing was run \(n up to 8 fit\)"):
        sweep("lrx", range(3, 100_000))
    with pytest.raises(ValueError, match="out of range"):  # an n the family does not take
        sweep("lrx", [5, 2])


def test_sweep_keeps_finished_rows_on_request(monkeypatch):
    import cayley.bfs
    from cayley.errors import MemoryBudgetError

    real = cayley.bfs.growth

    def growth(graph, **kwargs):
        if graph.family_n == 4:
            raise MemoryBudgetError("layer 3 does not fit")
        return real(graph, **kwargs)

    monkeypatch.setattr(cayley.bfs, "growth", growth)
    table = sweep("coxeter", [3, 4, 5], executor="inline", on_error="keep")
    assert table.column("n") == [3, 5] and sorted(table.failed) == [4]
    assert isinstance(table.failed[4], MemoryBudgetError)
    with pytest.raises(MemoryBudgetError, match="layer 3"):
        sweep("coxeter", [3, 4], executor="inline")
    with pytest.raises(ValueError, match="on_error"):
        sweep("coxeter", [3], on_error="ignore")
