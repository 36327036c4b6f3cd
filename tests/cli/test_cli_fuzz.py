"""Fuzzing ``python -m cayley``: every sub-command fed bad input follows the error policy.

Each case calls ``cayley.__main__.main(argv)`` in this process and must return 2 and print
exactly one non-empty line ``error: ...`` on standard error, and no traceback anywhere. The
inputs are built to be wrong (a corrupted cycle string, a state of the wrong length, an
unknown family, a number out of range, an unwritable path, a damaged checkpoint), and every
one is refused before any real breadth-first search runs, so the cases stay cheap.
"""
import contextlib
import io
import json
import os
import re
import shutil
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cayley.__main__ import main
from cayley.generators import family_names

FUZZ = settings(deadline=None, max_examples=30)
PROC = Path("/proc/self").is_dir()  # Linux: /proc takes no new files or directories
FEW = settings(deadline=None, max_examples=10)
HUGE = st.integers(min_value=10**19, max_value=10**40)
NOT_AN_INT = st.sampled_from(["nan", "inf", "-inf", "+inf", "1e9", "1.5", "0x10", "", "ten", "5.", "1e400", "--"])


def refused(argv: list[str]) -> str:
    """Run the command line on ``argv``; check the error policy and return the error line."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    lines = err.getvalue().splitlines()
    assert code == 2, (argv, code, err.getvalue())
    assert len(lines) == 1 and lines[0].startswith("error: ") and lines[0][len("error: "):].strip(), (argv, lines)
    assert "Traceback" not in err.getvalue() + out.getvalue()
    if "--json" in argv:  # and one JSON object on standard output
        assert json.loads(out.getvalue().splitlines()[-1])["error"] == lines[0][len("error: "):]
    return lines[0]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder with a regular file ``a_file`` in it."""
    d = tmp_path_factory.mktemp("fuzz")
    (d / "a_file").write_text("not a directory\n")
    return d


# --------------------------------------------------------------------------- cycle strings
@st.composite
def valid_generators(draw) -> list[str]:
    """One to three generators on points 1..6, each a product of disjoint cycles."""
    gens = []
    for _ in range(draw(st.integers(1, 3))):
        points = draw(st.permutations(range(1, 7)))[: draw(st.integers(2, 6))]
        cuts = sorted(draw(st.sets(st.integers(2, len(points) - 2), max_size=2))) if len(points) >= 4 else []
        pieces = [points[a:b] for a, b in zip([0, *cuts], [*cuts, len(points)])]
        gens.append("".join("(" + ",".join(map(str, c)) + ")" for c in pieces if len(c) >= 2))
    return gens


@st.composite
def corrupted_generators(draw) -> str:
    """A generator list made wrong in one of several ways (each always an error)."""
    text = ",".join(draw(valid_generators()))
    how = draw(st.sampled_from(["unclosed", "zero", "repeat", "letter", "huge", "negative", "empty",
                                "unbalanced", "nested"]))
    if how == "unclosed":
        return text[: text.rindex(")")] + text[text.rindex(")") + 1:]
    if how == "zero":
        return re.sub(r"\d+", "0", text, count=1)
    if how == "repeat":  # a point twice in one generator
        close = text.index(")")
        return text[:close] + "," + re.search(r"\d+", text).group() + text[close:]
    if how == "letter":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(string.ascii_letters)) + text[at:]
    if how == "huge":  # a point beyond the largest degree, 65536
        return re.sub(r"\d+", str(draw(st.integers(65537, 10**30))), text, count=1)
    if how == "negative":
        return text.replace("(", "(-", 1)
    if how == "empty":
        return draw(st.sampled_from(["", ",", ",,", " "]))
    if how == "unbalanced":
        return ")" + text
    return "(" + text + ")"


@FUZZ
@given(text=corrupted_generators(), command=st.sampled_from(["order", "growth"]), as_json=st.booleans())
def test_malformed_cycle_strings(text, command, as_json):
    argv = ["order", text] if command == "order" else ["growth", "--generators", text]
    refused(argv + ["--json"] * as_json)


@FUZZ
@given(degree=st.one_of(st.integers(max_value=1), st.integers(65537, 10**30), NOT_AN_INT),
       command=st.sampled_from(["order", "growth"]))
def test_bad_degree(degree, command):
    argv = ["order", "(1,2)"] if command == "order" else ["growth", "--generators", "(1,2)"]
    refused(argv + [f"--degree={degree}"])


# --------------------------------------------------------------------------- states
SMALL = st.sampled_from(["lrx", "coxeter", "pancake", "stars"])


@st.composite
def wrong_states(draw, n: int) -> str:
    """A state string that is not a rearrangement of 0..n-1 of length n."""
    how = draw(st.sampled_from(["short_or_long", "digits", "garbage", "repeated"]))
    if how == "short_or_long":
        size = draw(st.integers(0, 12).filter(lambda k: k != n))
        return ",".join(map(str, draw(st.lists(st.integers(0, 9), min_size=size, max_size=size))))
    if how == "digits":
        return draw(st.text("0123456789", max_size=12).filter(lambda s: len(s) != n))
    if how == "garbage":
        return draw(st.text(string.ascii_letters + ",;. ", min_size=1, max_size=12).filter(lambda s: s.strip(", ")))
    values = draw(st.lists(st.integers(-5, 20), min_size=n, max_size=n).filter(lambda v: sorted(v) != list(range(n))))
    return ",".join(map(str, values))


@FUZZ
@given(data=st.data(), family=SMALL, n=st.integers(3, 6), command=st.sampled_from(["growth", "path"]))
def test_wrong_states(data, family, n, command):
    state = data.draw(wrong_states(n))
    if command == "growth":
        if "," in state and len(state.split(",")) == n or "," not in state and len(state) == n:
            state += ",0"  # a start state of the right length is valid: make it too long
        refused(["growth", family, str(n), f"--start={state}"])
    else:
        refused(["path", family, str(n), f"--state={state}"])


# --------------------------------------------------------------------------- families
UNKNOWN = st.text(string.ascii_lowercase + "_0123456789", min_size=1, max_size=16).filter(
    lambda s: s not in family_names())


@FUZZ
@given(family=UNKNOWN, command=st.sampled_from(["growth", "path", "sweep", "spectrum", "walks"]))
def test_unknown_families(workdir, family, command):
    argv = {
        "growth": ["growth", family, "5"],
        "path": ["path", family, "5", "--state", "1,0,2,3,4"],
        "sweep": ["sweep", family, "--n", "3..5"],
        "spectrum": ["spectrum", family, "5"],
        "walks": ["walks", family, "5", "--length", "1", "--count", "1", "--out", str(workdir / "w.npz")],
    }[command]
    assert family in refused(argv)


# --------------------------------------------------------------------------- numbers
def _bad_numbers(low: int | None = None, high: int | None = None, huge: bool = False):
    """Values below ``low``, above ``high``, huge (when huge is an error) or not integers."""
    parts = [NOT_AN_INT]
    if low is not None:
        parts.append(st.integers(max_value=low - 1))
    if high is not None:
        parts.append(st.integers(min_value=high + 1, max_value=10**30))
    if huge:
        parts.append(HUGE)
    return st.one_of(*parts)


def _walks(workdir: Path, **options: str) -> list[str]:
    args = {"--length": "2", "--count": "2", "--out": str(workdir / "w.npz"), **options}
    return ["walks", "lrx", "5"] + [x for kv in args.items() for x in kv]


CASES = {  # option -> (strategy of bad values, argv maker)
    "growth n": (_bad_numbers(3, 4096), lambda v, w: ["growth", "lrx", v]),
    "path n": (_bad_numbers(3, 4096), lambda v, w: ["path", "lrx", v, "--state", "1,0,2"]),
    "spectrum n": (_bad_numbers(3, 4096), lambda v, w: ["spectrum", "lrx", v]),
    "walks n": (_bad_numbers(3, 4096), lambda v, w: ["walks", "lrx", v, "--length", "1", "--count", "1",
                                                     "--out", str(w / "w.npz")]),
    "growth --max-layers": (_bad_numbers(0), lambda v, w: ["growth", "coxeter", "4", f"--max-layers={v}"]),
    "path --beam": (_bad_numbers(1, huge=True), lambda v, w: ["path", "lrx", "5", "--state", "1,0,2,3,4",
                                                             f"--beam={v}"]),
    "path --max-states": (_bad_numbers(2), lambda v, w: ["path", "lrx", "5", "--state", "1,0,2,3,4",
                                                         f"--max-states={v}"]),
    "sweep --jobs": (_bad_numbers(1), lambda v, w: ["sweep", "coxeter", "--n", "3", f"--jobs={v}"]),
    "sweep --holdout": (_bad_numbers(0), lambda v, w: ["sweep", "coxeter", "--n", "3", "--fit", f"--holdout={v}"]),
    "spectrum --k": (_bad_numbers(1), lambda v, w: ["spectrum", "coxeter", "4", f"--k={v}"]),
    "walks --length": (_bad_numbers(0, 32767), lambda v, w: _walks(w, **{"--length": v})),
    "walks --count": (_bad_numbers(1, huge=True), lambda v, w: _walks(w, **{"--count": v})),
    "walks --seed": (_bad_numbers(0, 2**64 - 1), lambda v, w: _walks(w, **{"--seed": v})),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_numbers_out_of_range(workdir, case):
    strategy, make = CASES[case]

    @FUZZ
    @given(value=strategy)
    def check(value):
        refused(make(str(value), workdir))

    check()


@st.composite
def bad_n_ranges(draw) -> str:
    """A ``sweep --n`` text that is malformed or names an n lrx does not take (none that runs)."""
    return draw(st.one_of(
        st.text(string.digits + ".,", max_size=6).map(lambda s: s + draw(st.sampled_from("xy?"))),
        st.tuples(st.integers(4, 10**6), st.integers(1, 3)).map(lambda t: f"{t[0]}..{t[0] - t[1]}"),
        st.sampled_from(["", ",", ",,", " , ", "1..2..3", "..", "3..", "..5"]),
        st.integers(-10**20, 2).map(str),
        st.integers(4097, 10**20).map(str),
        st.integers(3, 10).map(lambda a: f"{a}..{a + 10**7}"),
    ))


@FUZZ
@given(text=bad_n_ranges(), as_json=st.booleans())
def test_bad_sweep_ranges(text, as_json):
    refused(["sweep", "lrx", f"--n={text}"] + ["--json"] * as_json)


@FUZZ
@given(pair=st.one_of(st.text(string.ascii_letters, max_size=5),  # no "=": not NAME=INT
                      st.text(string.ascii_letters, min_size=1, max_size=5).map(lambda s: s + "=" + s),
                      st.integers(5, 10**30).map(lambda k: f"k={k}"),  # k must lie in 1..4 for lrx 5
                      st.sampled_from(["=3", "1k=2", "k=", "k=1.5", "k=nan"])),
       command=st.sampled_from(["path", "sweep"]))
def test_bad_family_parameters(pair, command):
    argv = (["path", "lrx", "5", "--state", "1,0,2,3,4"] if command == "path" else ["sweep", "lrx", "--n", "5"])
    refused(argv + [f"--param={pair}"])


# --------------------------------------------------------------------------- paths
@st.composite
def unwritable_outputs(draw, workdir: Path) -> str:
    name = draw(st.text(string.ascii_letters + string.digits, min_size=1, max_size=10))
    return draw(st.sampled_from([
        str(workdir / "a_file" / f"{name}.npz"),  # under a regular file
        str(workdir / f"missing-{name}" / "w.npz"),  # the directory does not exist
        str(workdir / f"{name}.txt"),  # not .npz
        str(workdir / f"{name}.npz.bak"),
        str(workdir),  # a directory
        str(workdir / ("x" * 300 + ".npz")),  # a name longer than the file system takes
    ] + [f"/proc/{name}.npz", f"/proc/self/{name}.npz"] * PROC))


@st.composite
def unwritable_directories(draw, workdir: Path) -> str:
    name = draw(st.text(string.ascii_letters + string.digits, min_size=1, max_size=10))
    return draw(st.sampled_from([
        str(workdir / "a_file"),  # a regular file
        str(workdir / "a_file" / name),  # under a regular file
        str(workdir / "a_file" / name / "deeper"),
        str(workdir / ("x" * 300)),  # a name longer than the file system takes
    ] + [f"/proc/{name}", f"/proc/self/{name}"] * PROC))


@FUZZ
@given(data=st.data())
def test_unwritable_walks_output(workdir, data):
    out = data.draw(unwritable_outputs(workdir))
    refused(_walks(workdir, **{"--out": out}))
    assert not os.path.exists(out + ".npz")  # numpy's habit of adding a suffix


@FUZZ
@given(data=st.data(), as_json=st.booleans())
def test_unwritable_checkpoint(workdir, data, as_json):
    refused(["growth", "coxeter", "4", "--checkpoint", data.draw(unwritable_directories(workdir))]
            + ["--json"] * as_json)


# --------------------------------------------------------------------------- damaged files
@pytest.fixture(scope="module")
def finished_checkpoint(workdir) -> Path:
    """The checkpoint of a complete ``growth coxeter 4`` run."""
    d = workdir / "checkpoint"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["growth", "coxeter", "4", "--checkpoint", str(d), "--json"]) == 0
    assert (d / "growth.json").is_file()
    return d


def _copy(checkpoint: Path, workdir: Path) -> Path:
    d = Path(tempfile.mkdtemp(dir=workdir))
    shutil.copytree(checkpoint, d, dirs_exist_ok=True)
    return d


@FEW
@given(garbage=st.binary(max_size=300))
def test_garbage_checkpoint_record(workdir, finished_checkpoint, garbage):
    d = _copy(finished_checkpoint, workdir)
    (d / "growth.json").write_bytes(garbage)
    assert "checkpoint" in refused(["growth", "coxeter", "4", "--checkpoint", str(d)])


@FEW
@given(data=st.data(), which=st.sampled_from(["record", "data"]))
def test_truncated_checkpoint_files(workdir, finished_checkpoint, data, which):
    d = _copy(finished_checkpoint, workdir)
    path = d / "growth.json" if which == "record" else sorted(d.glob("growth.*.npy"))[-1]
    content = path.read_bytes()
    path.write_bytes(content[: data.draw(st.integers(0, len(content) - 1))])
    assert "checkpoint" in refused(["growth", "coxeter", "4", "--checkpoint", str(d)])


# --------------------------------------------------------------------------- usage errors
USAGE = [
    [], ["bogus"], ["--bogus"], ["families", "extra"], ["demo", "extra"],
    ["growth", "lrx"], ["growth", "lrx", "5", "6"], ["growth", "lrx", "5", "--engine", "x"],
    ["growth", "lrx", "5", "--backend", "x"], ["growth", "--generators"],
    ["path", "lrx", "5"], ["path", "lrx", "5", "--state"], ["sweep", "lrx"], ["sweep", "--n", "3"],
    ["spectrum"], ["spectrum", "lrx"], ["walks", "lrx", "5", "--length", "1", "--count", "1"],
    ["walks", "lrx", "5", "--length", "1", "--count", "1", "--out", "w.npz", "--mode", "x"],
    ["order"], ["order", "(1,2)", "(3,4)"],
]


@pytest.mark.parametrize("argv", USAGE, ids=lambda a: " ".join(a) or "nothing")
def test_usage_errors(argv):
    refused(argv)


@FUZZ
@given(command=st.sampled_from(["demo", "growth", "path", "sweep", "spectrum", "walks", "families", "order"]),
       option=st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12))
def test_unknown_options(command, option):
    refused([command, f"--zz{option}"])
