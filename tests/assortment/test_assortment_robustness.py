"""Regression tests for hostile input to the assortment library and its command line.

Help texts, the error policy of ``cayley.errors``, non-finite and overflowing parameters,
valid JSON output, HiGHS failures, memory guards, and numba threads in pool workers.
"""
import json

import numpy as np
import pytest

import cayley._memory
from cayley.errors import InputError, MemoryBudgetError
from solvers.assortment import (
    MNL, AssortmentResult, MarkovChain, MixedMNL, NestedLogit, markov_lp, mixed_mnl_mip, optimize,
    random_markov_chain, random_mixed_mnl, random_mnl, sales_lp,
)
from solvers.assortment import _cli



def _instance(tmp_path, data: dict, name: str = "inst.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


# ------------------------------------------------------------------ help texts
@pytest.mark.parametrize("command", [[], ["solve"], ["generate"]])
def test_help_is_plain_text(command, run_cli):
    status, out, err = run_cli(command + ["--help"])
    assert status == 0 and err == "" and out.startswith("usage: python -m solvers.assortment")
    for markup in ("``", ":func:", ":class:", ":mod:"):
        assert markup not in out


# ------------------------------------- parameters near 1e308: no NaN or Infinity revenues
@pytest.mark.parametrize("prices, weights", [
    ([1e308, 1e308], [1e308, 1e308]),  # weights sum to infinity: 0/0 gave NaN
    ([1.7e308, 1e308], [1.0, 1.0]),  # prices x weights sum to infinity
    ([2.0, 3.0], [1.7e308, 1.7e308]),
])
def test_mnl_that_would_overflow_is_refused(prices, weights, tmp_path, run_cli, assert_user_error,
                                            parse_strict_json):
    with pytest.raises(InputError, match="largest float"):
        MNL(prices, weights)
    path = _instance(tmp_path, {"model": "MNL", "r": prices, "v": weights})
    for method in ("exact", "sales_lp", "mip", "brute_force", "threshold", "adxopt"):
        status, out, err = run_cli(["solve", path, "--json", "--method", method])
        message = assert_user_error(status, out, err, as_json=True)
        assert "largest float" in message and parse_strict_json(out)["type"] == "InputError"


def test_mixtures_and_nested_logit_that_would_overflow_are_refused():
    with pytest.raises(InputError, match="largest float"):
        MixedMNL([1e308, 1e308], [[1, 1], [1e308, 1e308]], [1, 1], [0.5, 0.5])
    with pytest.raises(InputError, match="largest float"):
        NestedLogit([1e300, 1.0], [1e300, 1.0], [0, 0], [0.5])
    with pytest.raises(InputError, match="largest float"):
        MarkovChain([1.7e308, 1.7e308], [0.5, 0.5], [[0, 0.5], [0.5, 0]])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_parameters_are_refused(value):
    with pytest.raises(InputError, match="finite"):
        MNL([1, 2], [1, 1], v0=value)
    with pytest.raises(InputError, match="finite"):
        MixedMNL([1, 2], [[1, 1]], [value], [1])
    with pytest.raises(InputError, match="finite"):
        optimize(MNL([1, 2], [1, 1]), {"budget": value, "costs": [1, 1]})
    with pytest.raises(InputError, match="eps"):
        optimize(MNL([1, 2], [1, 1]), {"cardinality": 1}, method="threshold", eps=value)
    with pytest.raises(InputError, match="time_limit"):
        mixed_mnl_mip(MNL([1, 2], [1, 1]), None, time_limit=value)


@pytest.mark.parametrize("option, value", [
    ("--eps", "nan"), ("--eps", "inf"), ("--eps", "0"), ("--eps", "1.5"), ("--time-limit", "nan"),
    ("--time-limit", "inf"), ("--time-limit", "-1"), ("--cardinality", "-1"),
])
def test_cli_rejects_bad_numbers_with_a_json_error(option, value, tmp_path, run_cli, assert_user_error,
                                                   parse_strict_json):
    path = _instance(tmp_path, {"model": "MNL", "r": [1, 2], "v": [1, 1]})
    status, out, err = run_cli(["solve", path, "--method", "threshold", "--json", option, value])
    message = assert_user_error(status, out, err, as_json=True)
    assert parse_strict_json(out)["error"] == message


def test_json_output_is_always_valid(tmp_path, run_cli, parse_strict_json):
    result = AssortmentResult(np.array([0]), 1.0, "mip", info={"mip_gap": float("inf"), "x": float("nan")})
    assert json.dumps(result.to_dict(), allow_nan=False)
    path = _instance(tmp_path, {"model": "MMNL", "r": [5, 4, 3], "V": [[1, 1, 1], [2, 0, 1]], "V0": [1, 1],
                                "alpha": [0.5, 0.5], "constraint": "cardinality<=2"})
    for method in ("mip", "threshold", "adxopt"):
        status, out, _ = run_cli(["solve", path, "--json", "--method", method, "--compare-exact"])
        assert status == 0 and parse_strict_json(out)["revenue"] > 0


def test_optimize_never_reports_a_non_finite_optimum(monkeypatch):
    model = MNL([1, 2], [1, 1])
    monkeypatch.setattr(MNL, "revenue", lambda self, items: float("nan"))
    with pytest.raises(InputError, match="not a finite number"):
        optimize(model, None)


# ---------------------------------------------------------- HiGHS failures are clear errors
WIDE_RANGE = {"model": "MNL", "r": [1, 2, 3], "v": [1e-300, 1e300, 1], "constraint": {"cardinality": 1}}


def test_sales_lp_and_mip_failures_are_input_errors(tmp_path, run_cli, assert_user_error):
    model = MNL(WIDE_RANGE["r"], WIDE_RANGE["v"])
    with pytest.raises(InputError, match="sales LP failed: .*range from 1e-300 to 1e\\+300"):
        sales_lp(model, {"cardinality": 1})
    with pytest.raises(InputError, match="the MIP failed"):
        mixed_mnl_mip(model, {"cardinality": 1})
    assert optimize(model, {"cardinality": 1}).revenue == 2.0  # the parametric method copes
    path = _instance(tmp_path, WIDE_RANGE)
    for method in ("sales_lp", "mip"):
        message = assert_user_error(*run_cli(["solve", path, "--method", method]))
        assert "HiGHS" in message and "rescale" in message


def test_markov_lp_failure_is_an_input_error(monkeypatch):
    import scipy.optimize

    class Failed:
        status, message, x, fun = 4, "Numerical difficulties", None, None

    monkeypatch.setattr(scipy.optimize, "linprog", lambda *a, **k: Failed())
    with pytest.raises(InputError, match="Markov-chain LP failed: Numerical difficulties"):
        markov_lp(random_markov_chain(4, seed=0))


def test_mip_without_a_feasible_point_in_time(monkeypatch):
    import scipy.optimize

    class TimedOut:
        status, message, x = 1, "Time limit reached", None

    monkeypatch.setattr(scipy.optimize, "milp", lambda *a, **k: TimedOut())
    with pytest.raises(InputError, match="within time_limit=0.5 s"):
        mixed_mnl_mip(random_mixed_mnl(4, 2, seed=0), None, time_limit=0.5)


# --------------------------------------------------------- huge sizes refused before allocation
@pytest.mark.parametrize("argv", [
    ["generate", "mnl", "--n", "100000000000000"],
    ["generate", "mc", "--n", "100000000"],
    ["generate", "mmnl", "--n", "1000000000", "--segments", "1000000000"],
    ["generate", "mnl", "--n", "99999999999999999999"],
])
def test_generate_refuses_huge_sizes(argv, run_cli, assert_user_error):
    message = assert_user_error(*run_cli(argv))
    assert "needs" in message and "available" in message


def test_generators_check_memory_before_drawing(monkeypatch):
    monkeypatch.setattr(cayley._memory, "available_bytes", lambda: 1 << 20)
    with pytest.raises(MemoryBudgetError, match="Markov chain with n = 1000"):
        random_markov_chain(1000)
    assert random_mnl(100, seed=0).n == 100


@pytest.mark.parametrize("argv, expected", [
    (["generate", "mnl", "--n", "0"], "positive"),
    (["generate", "mmnl", "--segments", "-2"], "segments"),
    (["generate", "mnl", "--seed", "-1"], "--seed"),
    (["generate", "mnl", "-k", "-3"], "--cardinality"),
    (["generate", "mnl", "--n", "1e8"], "invalid int value"),
])
def test_generate_rejects_bad_numbers(argv, expected, run_cli, assert_user_error):
    assert expected in assert_user_error(*run_cli(argv))


def test_generate_checks_the_output_before_the_work(tmp_path, run_cli, assert_user_error, monkeypatch):
    monkeypatch.setattr(_cli, "random_mnl", lambda *a, **k: pytest.fail("generated before checking the output"))
    blocker = tmp_path / "file"
    blocker.write_text("")
    for out, reason in ((blocker / "x.json", "Not a directory"), ("/proc/nonexistent/x.json", "No such file"),
                        (tmp_path, "Is a directory")):
        message = assert_user_error(*run_cli(["generate", "mnl", "-o", str(out)]))
        assert reason in message and str(out) in message


# --------------------------------------------------------------- bad instance files
@pytest.mark.parametrize("content, expected", [
    (b"\x89PNG\r\n", "not a text file"),
    (b'{"model": "MNL", "r": [1, 2]', "not valid JSON"),
    (b"[1, 2]", "one JSON object"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, NaN]}', "NaN or infinite"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, 1e999]}', "NaN or infinite"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, "x"]}', "must be numbers"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, 1], "constraint": "cardinality<=x"}', "cardinality<=k"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, 1], "constraint": {"budget": "x", "costs": [1, 1]}}', "budget"),
    (b'{"model": "MMNL", "r": [1, 2], "V": [[1, 1]], "V0": [1, 1, 1], "alpha": [1]}', "v0"),
    (b'{"model": "NL", "r": [1, 2], "v": [1, 1], "nests": [[0], [0, 1]], "dissimilarity": [1]}', "nests"),
    (b'{"model": "MNL", "r": [1, 2], "v": [1, 100000000000000000000000000000000000000000000000000'
     + b"0" * 400 + b"]}", "largest float"),
])
def test_bad_instance_files(content, expected, tmp_path, run_cli, assert_user_error):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    message = assert_user_error(*run_cli(["solve", str(path), "--json"]), as_json=True)
    assert expected in message

