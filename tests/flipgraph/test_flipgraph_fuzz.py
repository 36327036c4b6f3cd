"""Fuzzing ``python -m solvers.flipgraph`` with bad input (hypothesis).

Every example is bad by construction: a malformed, garbage or truncated scheme file, a
number out of range, or an unusable output path. Each must end with status 2, exactly one
line ``error: ...`` on standard error, nothing on standard output and no traceback; a bad
argument must stop ``search`` before it starts. The command line runs in this process.
"""
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solvers.flipgraph import Scheme, scheme_to_text
from solvers.flipgraph import __main__ as cli

FUZZ = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
READERS = st.sampled_from([["verify"], ["verify", "--ring", "gf2"], ["lift"], ["convert"]])


@pytest.fixture(autouse=True)
def no_search(monkeypatch):
    """A bad argument must stop ``search`` before it starts."""
    def refuse(*args, **kwargs):
        raise AssertionError("the search started although an argument was bad")

    monkeypatch.setattr(cli, "search", refuse)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def _read_file(run_cli, assert_user_error, workdir: Path, command: list[str], name: str, content: bytes) -> str:
    path = workdir / name
    path.write_bytes(content)
    argv = [command[0], str(path), *command[1:]]
    if command[0] == "convert":
        argv.append(str(workdir / "converted.json"))
    return assert_user_error(*run_cli(argv))


# ------------------------------------------------------------------ malformed JSON
NOT_A_NUMBER = st.one_of(
    st.none(), st.booleans(), st.text(alphabet="abc xyz/", max_size=5), st.just("1/0"), st.just("1e99999"),
    st.sampled_from([math.nan, math.inf, -math.inf]), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)
BAD_FIELDS = {
    "n": st.one_of(NOT_A_NUMBER, st.integers().filter(lambda x: x != 2),
                   st.lists(st.integers(-3, 2**70), min_size=0, max_size=5).filter(lambda d: d != [2, 2, 2])),
    "m": st.one_of(NOT_A_NUMBER, st.floats(), st.integers().filter(lambda x: x != 7)),
    "z2": st.one_of(st.none(), st.integers(), st.text(max_size=3), st.lists(st.booleans(), max_size=1)),
}
BAD_COEFFICIENT = st.one_of(NOT_A_NUMBER.filter(lambda c: not isinstance(c, bool)),
                            st.integers(min_value=2**63), st.integers(max_value=-(2**63) - 1),
                            st.floats(min_value=1e19, max_value=1e300))


@st.composite
def bad_factor(draw):
    """Rows for u, v or w that cannot be Strassen's: wrong type, count, length or entry."""
    rows = [[1, 0, 0, 1]] * 7
    kind = draw(st.sampled_from(["not rows", "count", "length", "entry"]))
    if kind == "not rows":
        return draw(st.one_of(NOT_A_NUMBER, st.lists(st.integers(), min_size=1, max_size=3)))
    if kind == "count":
        return rows[: draw(st.sampled_from([0, 1, 6]))] + rows * draw(st.sampled_from([0, 2]))
    if kind == "length":
        t = draw(st.integers(0, 6))
        return rows[:t] + [[1] * draw(st.sampled_from([0, 3, 5, 17]))] + rows[t + 1:]
    t, i = draw(st.integers(0, 6)), draw(st.integers(0, 3))
    row = list(rows[t])
    row[i] = draw(BAD_COEFFICIENT)
    return rows[:t] + [row] + rows[t + 1:]


@FUZZ
@given(data=st.data(), command=READERS)
def test_malformed_perminov_json(data, command, strassen_json, run_cli, assert_user_error, workdir):
    d = dict(strassen_json)
    field = data.draw(st.sampled_from(["n", "m", "z2", "u", "v", "w", "missing", "not an object"]))
    if field == "missing":
        del d[data.draw(st.sampled_from(["n", "m", "u", "v", "w"]))]
    elif field == "not an object":
        d = data.draw(st.one_of(st.lists(st.integers(), max_size=3), st.integers(), st.text(max_size=5)))
    elif field in "uvw":
        d[field] = data.draw(bad_factor())
    else:
        d[field] = data.draw(BAD_FIELDS[field])
    message = _read_file(run_cli, assert_user_error, workdir, command, "bad.json", json.dumps(d).encode())
    assert "bad.json" in message


# ------------------------------------------------------------- garbage and truncated
@FUZZ
@given(content=st.binary(max_size=200), suffix=st.sampled_from(["json", "txt", "exp", "m"]), command=READERS)
def test_binary_garbage(content, suffix, command, run_cli, assert_user_error, workdir):
    message = _read_file(run_cli, assert_user_error, workdir, command, f"garbage.{suffix}", b"\xff" + content)
    assert "not a text file" in message


NO_VARIABLES = st.characters(blacklist_characters="abc", blacklist_categories=("Cs",))


@FUZZ
@given(text=st.text(alphabet=NO_VARIABLES, max_size=200),
       suffix=st.sampled_from(["json", "txt", "exp", "m"]), command=READERS)
def test_text_garbage(text, suffix, command, run_cli, assert_user_error, workdir):
    """Text without the variables a, b, c: never a scheme in any format."""
    _read_file(run_cli, assert_user_error, workdir, command, f"garbage.{suffix}", text.encode())


def _cuts(text: str, fmt: str) -> list[int]:
    """Lengths at which a prefix of the written scheme is no longer a scheme: anywhere
    inside JSON and Perminov txt (before the last character), and inside a term of a Kauers
    .exp file (a prefix ending at a line break is a valid scheme of lower rank)."""
    body = text.rstrip("\n")
    if fmt in ("json", "txt"):
        return list(range(len(body)))
    return [k for k in range(len(body)) if body[k] != "\n" and (k == 0 or body[k - 1] != "\n")]


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(["json", "txt", "exp"]), command=READERS,
       scheme=st.sampled_from([Scheme.strassen(), Scheme.naive(2, 2, 2, "gf2"), Scheme.naive(1, 2, 3)]))
def test_truncated_files(data, fmt, command, scheme, run_cli, assert_user_error, workdir):
    text = scheme_to_text(scheme, fmt)
    cut = data.draw(st.sampled_from(_cuts(text, fmt)))
    _read_file(run_cli, assert_user_error, workdir, command, f"truncated.{fmt}", text[:cut].encode())


# ------------------------------------------------------ wrong dimensions and numbers
@FUZZ
@given(data=st.data(), command=READERS)
def test_malformed_perminov_txt(data, command, run_cli, assert_user_error, workdir):
    lines = scheme_to_text(Scheme.strassen(), "txt").splitlines()
    kind = data.draw(st.sampled_from(["header", "lines", "count", "entry"]))
    if kind == "header":
        header = data.draw(st.lists(st.one_of(st.integers(-5, 0), st.integers(3, 10**30),
                                              st.sampled_from(["x", "2.0", "nan", "1e3"])), min_size=1, max_size=5))
        lines[0] = " ".join(map(str, header))
    elif kind == "lines":
        lines = data.draw(st.sampled_from([lines[:1], lines[:3], lines + ["1 0 0 1"]]))
    elif kind == "count":
        t = data.draw(st.integers(1, 3))
        lines[t] += " 0" * data.draw(st.integers(1, 30))
    else:
        t = data.draw(st.integers(1, 3))
        tokens = lines[t].split()
        tokens[data.draw(st.integers(0, len(tokens) - 1))] = data.draw(
            st.sampled_from(["x", "1/0", "nan", "inf", "1e99999", "--1", "1/2/3", "9" * 30]))
        lines[t] = " ".join(tokens)
    _read_file(run_cli, assert_user_error, workdir, command, "bad.txt", "\n".join(lines).encode())


@FUZZ
@given(term=st.sampled_from([
    "(a11)*(b11)", "(a11)*(b11)*(c11)*(a11)", "(b11)*(b11)*(c11)", "(a11)*(b11)*(c11+x)", "(a11)*(b1/0*b11)*(c11)",
    "(a11)*(b11)*(c00)", "(a11+)*(b11)*(c11)", "(0)*(0)", "(a1)*(b11)*(c11)", "a11*b11*c11*", "(* an unclosed comment",
]), position=st.integers(0, 6), command=READERS)
def test_malformed_exp_terms(term, position, command, run_cli, assert_user_error, workdir):
    lines = scheme_to_text(Scheme.strassen(), "exp").splitlines()
    lines.insert(position, term)
    _read_file(run_cli, assert_user_error, workdir, command, "bad.exp", "\n".join(lines).encode())


BAD_SECONDS = st.one_of(st.sampled_from(["nan", "inf", "-inf", "0", "-0.0"]),
                        st.floats(max_value=0).map(repr), st.text(alphabet="x.e-", min_size=1, max_size=4))
BAD_COUNT = st.one_of(st.integers(max_value=0), st.integers(min_value=2**63)).map(str)


@FUZZ
@given(option=st.sampled_from(["--time-limit", "--walkers", "--populations", "--max-flips", "--seed", "--target",
                               "--ring", "--backend"]),
       data=st.data())
def test_search_numbers_out_of_range(option, data, run_cli, assert_user_error, workdir):
    if option == "--time-limit":
        value = data.draw(BAD_SECONDS)
    elif option in ("--seed", "--target"):
        value = str(data.draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=2**63))))
    elif option in ("--ring", "--backend"):
        value = data.draw(st.sampled_from(["z", "q", "GF2", "gpu", ""]))
    else:
        value = data.draw(BAD_COUNT)
    assert_user_error(*run_cli(["search", "2", "2", "2", "--out", str(workdir / "s.json"), "--quiet",
                                option, value]))


@FUZZ
@given(dims=st.lists(st.one_of(st.integers(max_value=0), st.integers(min_value=17, max_value=10**25),
                               st.sampled_from(["x", "2.5", ""])), min_size=3, max_size=3),
       known=st.booleans())
def test_bad_formats(dims, known, run_cli, assert_user_error, workdir):
    argv = ["known", *map(str, dims)] if known else ["search", *map(str, dims), "--out", str(workdir / "s.json")]
    assert_user_error(*run_cli(argv))


# ------------------------------------------------------------------- output paths
@FUZZ
@given(where=st.sampled_from(["under a file", "/proc", "/sys", "folder", "suffix"]),
       name=st.text(alphabet="abcdefghij_-", min_size=1, max_size=8),
       command=st.sampled_from(["search", "convert", "lift"]))
def test_unwritable_outputs(where, name, command, run_cli, assert_user_error, workdir):
    blocker = workdir / "a_regular_file"
    blocker.write_text("")
    (workdir / "a_folder.json").mkdir(exist_ok=True)
    out = {"under a file": f"{blocker}/{name}/s.json", "/proc": f"/proc/nonexistent/{name}.json",
           "/sys": f"/sys/{name}.json", "folder": str(workdir / "a_folder.json"),
           "suffix": str(workdir / f"{name}.npz")}[where]
    src = workdir / "strassen_gf2.json"
    src.write_text(scheme_to_text(Scheme.strassen("gf2"), "json"))
    argv = {"search": ["search", "2", "2", "2", "--out", out, "--quiet"], "convert": ["convert", str(src), out],
            "lift": ["lift", str(src), "--out", out]}[command]
    assert_user_error(*run_cli(argv))
