"""Fuzzing ``python -m solvers.assortment`` with bad input (hypothesis).

Every example is bad by construction: a malformed, garbage or truncated instance file, a
number out of range or not finite, or an unusable output path. Each must end with status
2, exactly one line ``error: ...`` on standard error and no traceback; ``solve --json``
also prints one valid JSON error object. Parameters of extreme size either are refused or
give finite revenues. The command line runs in this process.
"""
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley.errors import InputError
from solvers.assortment import MNL, optimize
from solvers.assortment import _cli

FUZZ = settings(deadline=None, max_examples=60)

VALID = {
    "MNL": {"model": "MNL", "r": [10.0, 8.0, 6.0], "v": [1.0, 2.0, 3.0], "v0": 1.0,
            "constraint": {"cardinality": 2}},
    "MMNL": {"model": "MMNL", "r": [5.0, 4.0, 3.0], "V": [[1.0, 1.0, 1.0], [2.0, 1.0, 1.0]], "V0": [1.0, 1.0],
             "alpha": [0.5, 0.5], "constraint": "cardinality<=2"},
    "CMMNL": {"model": "CMMNL", "r": [5.0, 4.0, 3.0], "V": [[1.0, 1.0, 1.0], [2.0, 1.0, 1.0]], "V0": 1.0,
              "alpha": [0.25, 0.75], "constraint": None},
    "NL": {"model": "NL", "r": [10.0, 8.0, 6.0], "v": [1.0, 2.0, 3.0], "nests": [0, 0, 1],
           "dissimilarity": [0.5, 1.0], "v0": 1.0},
    "MC": {"model": "MC", "r": [10.0, 5.0, 2.0], "lam": [0.5, 0.3, 0.2],
           "rho": [[0.0, 0.5, 0.1], [0.5, 0.0, 0.1], [0.2, 0.2, 0.0]]},
}
NOT_NUMBERS = st.one_of(st.none(), st.text(alphabet="xyz ", max_size=3), st.dictionaries(st.text(max_size=1),
                                                                                     st.integers(), max_size=1))
NON_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])


def _bad_vector(length: int, overflow: bool):
    """Vectors that are wrong for a parameter of ``length`` non-negative finite entries."""
    entry = st.one_of(NON_FINITE, st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False), NOT_NUMBERS)
    options = [
        NOT_NUMBERS,
        st.lists(st.floats(0, 10), min_size=0, max_size=6).filter(lambda x: len(x) != length),
        st.integers(0, length - 1).flatmap(lambda i: entry.map(lambda e: [1.0] * i + [e] + [1.0] * (length - 1 - i))),
        st.just([[1.0] * length]),  # two-dimensional
    ]
    if overflow:  # every entry near the largest float: the sums overflow
        options.append(st.floats(1e308, 1.7e308).map(lambda x: [x] * length))
    return st.one_of(*options)


BAD_SCALAR = st.one_of(NON_FINITE, st.floats(max_value=0, allow_nan=False), NOT_NUMBERS,
                       st.lists(st.floats(0.1, 1), min_size=3, max_size=4))
BAD_CONSTRAINT = st.one_of(
    st.sampled_from(["cardinality<=x", "card<=2", "cardinality<=-1", "cardinality", "cardinality<=1.5"]),
    st.builds(lambda k: {"cardinality": k}, st.one_of(st.integers(max_value=-1), st.floats(0.1, 5), NOT_NUMBERS)),
    st.builds(lambda b: {"budget": b, "costs": [1.0, 1.0, 1.0]}, st.one_of(NON_FINITE, st.floats(max_value=-0.1))),
    st.builds(lambda c: {"budget": 5.0, "costs": c}, _bad_vector(3, overflow=False)),
    st.just({"budget": 0.5, "costs": [1.0, 2.0, 3.0]}),  # not even the cheapest item fits
    st.sampled_from([{"budget": 2.0}, {"size": 2}, {"linear": "rows"}, {"linear": [[[1, 1, 1]], [-1]]},
                     {"linear": [[[1, 1]], [1]]}, {"linear": [[[math.nan, 1, 1]], [1]]}, 5, [1, 2]]),
)
FIELDS = {  # field: (models that read it, strategy of bad values)
    "r": (("MNL", "MMNL", "CMMNL", "NL", "MC"), _bad_vector(3, overflow=True)),
    "v": (("MNL", "NL"), _bad_vector(3, overflow=True)),
    "v0": (("MNL", "NL"), BAD_SCALAR),
    "V": (("MMNL", "CMMNL"), st.one_of(_bad_vector(3, overflow=False),
                                       st.floats(1e308, 1.7e308).map(lambda x: [[x] * 3] * 2))),
    "V0": (("MMNL", "CMMNL"), st.one_of(BAD_SCALAR, st.just([1.0, 1.0, 1.0]))),
    "alpha": (("MMNL", "CMMNL"), st.one_of(_bad_vector(2, overflow=True), st.just([0.5, 0.6]))),
    "nests": (("NL",), st.one_of(NOT_NUMBERS, st.just([0, 0]), st.just([0, 0, 5]), st.just([0, -1, 1]),
                                 st.just([0.5, 0, 1]), st.just([[0], [0, 1], [1]]))),
    "dissimilarity": (("NL",), st.one_of(  # nests 0 and 1 need two parameters in (0, 1]; more may follow
        NOT_NUMBERS, st.lists(st.floats(0.1, 1), max_size=1), st.just([1.5, 1.0]), st.just([0.0, 1.0]),
        NON_FINITE.map(lambda x: [1.0, x]), st.just([[0.5, 0.5]]))),
    "lam": (("MC",), st.one_of(_bad_vector(3, overflow=True), st.just([0.6, 0.6, 0.6]))),
    "rho": (("MC",), st.one_of(NOT_NUMBERS, st.just([[0.0, 0.5], [0.5, 0.0]]), st.just([[0.5, 0, 0]] * 3),
                               st.just([[0, 1.0, 0.0], [0.5, 0, 0], [0, 0, 0]]),
                               st.just([[0, math.nan, 0], [0, 0, 0], [0, 0, 0]]))),
    "constraint": (("MNL", "MMNL", "CMMNL", "NL", "MC"), BAD_CONSTRAINT),
}


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def _solve(run_cli, assert_user_error, workdir: Path, content: bytes, method: str = "adxopt") -> str:
    path = workdir / "instance.json"
    path.write_bytes(content)
    return assert_user_error(*run_cli(["solve", str(path), "--json", "--method", method]), as_json=True)


@FUZZ
@given(data=st.data(), field=st.sampled_from(sorted(FIELDS)))
def test_malformed_instances(data, field, run_cli, assert_user_error, workdir):
    models, values = FIELDS[field]
    instance = dict(VALID[data.draw(st.sampled_from(models))])
    instance[field] = data.draw(values)
    _solve(run_cli, assert_user_error, workdir, json.dumps(instance).encode())


@FUZZ
@given(data=st.data(), kind=st.sampled_from(sorted(VALID)))
def test_missing_keys_and_unknown_models(data, kind, run_cli, assert_user_error, workdir):
    instance = dict(VALID[kind])
    if data.draw(st.booleans()):
        del instance[data.draw(st.sampled_from(sorted(set(instance) - {"model", "constraint", "v0", "V0"})))]
    else:
        instance["model"] = data.draw(st.one_of(st.text(max_size=5).filter(lambda m: m not in VALID), st.integers(),
                                                st.none()))
    _solve(run_cli, assert_user_error, workdir, json.dumps(instance).encode())


@FUZZ
@given(content=st.one_of(st.binary(max_size=100).map(lambda b: b"\xff" + b),
                         st.text(max_size=100).filter(lambda t: not t.strip().startswith("{")).map(
                             lambda t: t.encode("utf-8", "surrogatepass"))),
       method=st.sampled_from(["exact", "threshold", "mip"]))
def test_garbage_files(content, method, run_cli, assert_user_error, workdir):
    _solve(run_cli, assert_user_error, workdir, content, method)


@FUZZ
@given(data=st.data(), kind=st.sampled_from(sorted(VALID)))
def test_truncated_files(data, kind, run_cli, assert_user_error, workdir):
    text = json.dumps(VALID[kind])
    cut = data.draw(st.integers(0, len(text) - 1))
    message = _solve(run_cli, assert_user_error, workdir, text[:cut].encode())
    assert "instance.json" in message


BAD_EPS = st.one_of(st.sampled_from(["nan", "inf", "-inf", "0", "1", "x", ""]),
                    st.floats(min_value=1.0).map(repr), st.floats(max_value=0.0).map(repr))
BAD_SECONDS = st.one_of(st.sampled_from(["nan", "inf", "-inf", "0", "x"]), st.floats(max_value=0.0).map(repr))


@FUZZ
@given(option=st.sampled_from(["--eps", "--time-limit", "--cardinality", "--method"]), data=st.data(),
       method=st.sampled_from(["exact", "threshold", "mip", "adxopt"]))
def test_solve_numbers_out_of_range(option, data, method, run_cli, assert_user_error, workdir):
    path = workdir / "valid.json"
    path.write_text(json.dumps(VALID["MNL"]))
    value = data.draw({"--eps": BAD_EPS, "--time-limit": BAD_SECONDS,
                       "--cardinality": st.one_of(st.integers(max_value=-1).map(str), st.sampled_from(["x", "1.5"])),
                       "--method": st.text(max_size=6).filter(lambda m: m not in _cli.METHODS)}[option])
    argv = ["solve", str(path), "--json", "--method", method, f"{option}={value}"]
    assert_user_error(*run_cli(argv), as_json=True)


@FUZZ
@given(option=st.sampled_from(["--n", "--segments", "--seed", "--cardinality", "model"]), data=st.data())
def test_generate_numbers_out_of_range(option, data, run_cli, assert_user_error):
    model = data.draw(st.sampled_from(["mnl", "mmnl", "cmmnl", "mc"]))
    if option == "model":
        model = data.draw(st.text(max_size=5).filter(lambda m: m not in ("mnl", "mmnl", "cmmnl", "mc")))
        argv = ["generate", model]
    elif option in ("--n", "--segments"):
        value = data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=10**13), st.just("1e8")))
        if option == "--segments":
            model = data.draw(st.sampled_from(["mmnl", "cmmnl"]))
        argv = ["generate", model, f"{option}={value}"] + (["--n=100000"] if option == "--segments" else [])
    else:
        argv = ["generate", model, f"{option}={data.draw(st.integers(max_value=-1))}"]
    assert_user_error(*run_cli(argv))


@FUZZ
@given(where=st.sampled_from(["under a file", "/proc", "/sys", "folder"]),
       name=st.text(alphabet="abcdefghij_-", min_size=1, max_size=8))
def test_unwritable_outputs(where, name, run_cli, assert_user_error, workdir):
    blocker = workdir / "a_regular_file"
    blocker.write_text("")
    out = {"under a file": f"{blocker}/{name}.json", "/proc": f"/proc/nonexistent/{name}.json",
           "/sys": f"/sys/{name}.json", "folder": str(workdir)}[where]
    assert_user_error(*run_cli(["generate", "mnl", "--n", "5", "-o", out]))


# ------------------------------------------------------------------ extreme magnitudes
MAGNITUDE = st.one_of(st.floats(0, 1.7976931348623157e308), st.floats(0, 1e-300), st.sampled_from([0.0, 1e308]))


@FUZZ
@given(prices=st.lists(MAGNITUDE, min_size=1, max_size=5), data=st.data(),
       method=st.sampled_from(["exact", "brute_force", "revenue_ordered", "parametric", "sales_lp", "mip", "adxopt",
                               "threshold"]))
def test_extreme_magnitudes_give_finite_revenues_or_errors(prices, data, method, run_cli, workdir):
    weights = data.draw(st.lists(MAGNITUDE, min_size=len(prices), max_size=len(prices)))
    v0 = data.draw(st.one_of(st.floats(1e-300, 1e300), st.just(1.0)))
    try:
        model = MNL(prices, weights, v0)
    except InputError:
        return
    try:
        res = optimize(model, {"cardinality": 2}, method=method)
    except InputError:
        pass
    else:
        assert math.isfinite(res.revenue) and (res.bound is None or math.isfinite(res.bound))
    path = workdir / "extreme.json"
    path.write_text(json.dumps({"model": "MNL", "r": prices, "v": weights, "v0": v0, "constraint": "cardinality<=2"}))
    status, out, err = run_cli(["solve", str(path), "--json", "--method", method])
    assert status in (0, 2) and "Traceback" not in err
    assert len(out.splitlines()) == 1 and json.loads(out, parse_constant=pytest.fail)
